/*
 * scan.c: a document's scan result: copy, free, pack and unpack (see
 * scan.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pack.h"
#include "scan.h"
#include "util.h"

void
headings_free(struct heading *hs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(hs[i].text);
		free(hs[i].anchor);
	}
	free(hs);
}

static void
links_free(struct link *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].url);
	free(v);
}

struct link *
scan_add_link(struct scan *s)
{
	struct link	*l;

	if (s->nlinks == s->linkcap) {
		s->linkcap = s->linkcap != 0 ? s->linkcap * 2 : 4;
		s->links = xreallocarray(s->links, s->linkcap,
		    sizeof(*s->links));
	}
	l = &s->links[s->nlinks++];
	memset(l, 0, sizeof(*l));
	return l;
}

void
scan_copy(struct scan *dst, const struct scan *src)
{
	struct link	*l;
	size_t		 i;

	scan_free(dst);
	if (src->headings != NULL) {
		dst->headings = xcalloc(src->nheadings + 1,
		    sizeof(*dst->headings));
		for (i = 0; i < src->nheadings; i++) {
			dst->headings[i].level = src->headings[i].level;
			dst->headings[i].text = xstrdup(src->headings[i].text);
			dst->headings[i].anchor =
			    xstrdup(src->headings[i].anchor);
		}
		dst->nheadings = src->nheadings;
	}
	for (i = 0; i < src->nlinks; i++) {
		l = scan_add_link(dst);
		*l = src->links[i];
		l->url = xstrdup(src->links[i].url);
	}
	if (src->mentions != NULL) {
		dst->mentions = (unsigned char *)xstrndup((const char *)src->mentions,
		    src->nmentions);
		dst->nmentions = src->nmentions;
	}
	if (src->plain != NULL) {
		dst->plain = xstrndup(src->plain, src->plain_len);
		dst->plain_len = src->plain_len;
	}
	if (src->search != NULL) {
		dst->search = xstrndup(src->search, src->search_len);
		dst->search_len = src->search_len;
	}
}

void
scan_free(struct scan *s)
{
	headings_free(s->headings, s->nheadings);
	links_free(s->links, s->nlinks);
	free(s->mentions);
	free(s->plain);
	free(s->search);
	memset(s, 0, sizeof(*s));
}

/*
 * The wire format: the headings (count, then level, text, anchor each),
 * the links (count, then url, line, column, is_image each), the
 * mentions as one string, the plain text, and the packed search entry
 * (empty: none made).  Whether mentions and plain were NULL is not kept:
 * a scan always sets both.
 */
void
scan_pack(struct buf *out, const struct scan *s)
{
	const struct heading	*h;
	const struct link	*l;
	size_t			 i;

	pack_size(out, s->nheadings);
	for (i = 0; i < s->nheadings; i++) {
		h = &s->headings[i];
		pack_size(out, (size_t)h->level);
		pack_str(out, h->text, strlen(h->text));
		pack_str(out, h->anchor, strlen(h->anchor));
	}
	pack_size(out, s->nlinks);
	for (i = 0; i < s->nlinks; i++) {
		l = &s->links[i];
		pack_str(out, l->url, strlen(l->url));
		pack_size(out, l->line);
		pack_size(out, l->col);
		pack_size(out, (size_t)l->is_image);
	}
	pack_str(out, (const char *)s->mentions, s->nmentions);
	pack_str(out, s->plain, s->plain_len);
	pack_str(out, s->search, s->search != NULL ? s->search_len : 0);
}

int
scan_unpack(struct scan *s, struct unpack *u)
{
	struct heading	*h;
	struct link	*l;
	size_t		 i, n;

	scan_free(s);
	/* Each entry takes at least one byte: a count above that is bad. */
	n = unpack_size(u);
	if (n > u->left)
		u->bad = 1;
	n = u->bad ? 0 : n;
	s->headings = xcalloc(n + 1, sizeof(*s->headings));
	for (i = 0; i < n && !u->bad; i++) {
		h = &s->headings[s->nheadings++];
		h->level = (int)unpack_size(u);
		h->text = unpack_str(u, NULL);
		h->anchor = unpack_str(u, NULL);
	}
	n = unpack_size(u);
	if (n > u->left)
		u->bad = 1;
	n = u->bad ? 0 : n;
	for (i = 0; i < n && !u->bad; i++) {
		l = scan_add_link(s);
		l->url = unpack_str(u, NULL);
		l->line = unpack_size(u);
		l->col = unpack_size(u);
		l->is_image = unpack_size(u) != 0;
	}
	s->mentions = (unsigned char *)unpack_str(u, &s->nmentions);
	s->plain = unpack_str(u, &s->plain_len);
	s->search = unpack_str(u, &s->search_len);
	if (s->search_len == 0) {
		free(s->search);
		s->search = NULL;
	}
	return u->bad ? -1 : 0;
}
