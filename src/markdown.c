/*
 * markdown.c: cmark-gfm rendering with heading anchors and link hooks.
 *
 * cmark-gfm's HTML renderer gives headings no id, so each heading node is
 * replaced by a custom block whose enter/exit text is the <hN id="...">
 * tag.  The replaced heading must outlive rendering: inline text nodes
 * may borrow memory from their block's content.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "escape.h"
#include "markdown.h"
#include "site.h"
#include "slug.h"
#include "util.h"

static const char *const extension_names[] = {
	"table", "autolink", "strikethrough", "tagfilter"
};

void
md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *
parser_new(int options)
{
	cmark_syntax_extension	*e;
	cmark_parser		*p;
	size_t			 i;

	if ((p = cmark_parser_new(options)) == NULL)
		abort();
	for (i = 0; i < NELEM(extension_names); i++)
		if ((e = cmark_find_syntax_extension(extension_names[i])) ==
		    NULL || !cmark_parser_attach_syntax_extension(p, e))
			abort();	/* a broken cmark-gfm install */
	return p;
}

/* Append the text content of node n (text, code, and their children). */
static void
node_text(struct buf *b, cmark_node *n)
{
	cmark_iter		*it = cmark_iter_new(n);
	cmark_event_type	 ev;
	cmark_node		*c;
	const char		*lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		c = cmark_iter_get_node(it);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(c)) != NULL)
				buf_puts(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

void
md_plain_text(struct buf *b, const char *s, size_t len)
{
	cmark_parser	*p = parser_new(CMARK_OPT_DEFAULT);
	cmark_node	*doc;

	cmark_parser_feed(p, s, len);
	doc = cmark_parser_finish(p);
	node_text(b, doc);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

struct	anchors {
	struct heading	*v;
	size_t		 n, cap;
	struct strmap	 used;
};

/* Make the anchor for heading text "text" unique: "x", "x-1", "x-2"... */
static char *
unique_anchor(struct anchors *a, const char *text)
{
	struct buf	 b = BUF_INIT;
	size_t		 base, k;

	slug_heading(&b, text, strlen(text));
	if (b.len == 0)
		BUF_PUTSL(&b, "section");
	base = b.len;
	/* strmap_put returns NULL only when the key is new. */
	for (k = 1; strmap_put(&a->used, b.data, (void *)1) != NULL; k++) {
		buf_truncate(&b, base);
		buf_printf(&b, "-%zu", k);
	}
	return buf_detach(&b);
}

int
md_render(const struct md_opts *o, const char *body, size_t len,
    size_t line0, struct buf *out, struct heading **hs, size_t *nhs)
{
	cmark_parser		*p;
	cmark_node		*doc, *n, *cb, *c, **dead = NULL;
	cmark_iter		*it;
	cmark_event_type	 ev;
	struct anchors		 a;
	struct buf		 text = BUF_INIT, tag = BUF_INIT;
	struct heading		*h;
	size_t			 ndead = 0, deadsz = 0, i, line, col;
	char			*html, *url, *title;
	const char		*u;
	int			 options, level;

	memset(&a, 0, sizeof(a));
	options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
	if (o->allow_html)
		options |= CMARK_OPT_UNSAFE;
	p = parser_new(options);
	cmark_parser_feed(p, body, len);
	doc = cmark_parser_finish(p);

	/* Links may be changed on ENTER; headings are replaced on EXIT. */
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev != CMARK_EVENT_ENTER || o->link == NULL ||
			    (u = cmark_node_get_url(n)) == NULL)
				break;
			line = line0 + (size_t)cmark_node_get_start_line(n) - 1;
			col = (size_t)cmark_node_get_start_column(n);
			title = NULL;
			url = o->link(o->link_arg, u,
			    cmark_node_get_type(n) == CMARK_NODE_IMAGE,
			    line, col, &title);
			if (url != NULL) {
				cmark_node_set_url(n, url);
				free(url);
			}
			if (title != NULL) {
				if (cmark_node_first_child(n) == NULL) {
					c = cmark_node_new(CMARK_NODE_TEXT);
					cmark_node_set_literal(c, title);
					cmark_node_append_child(n, c);
				}
				free(title);
			}
			break;
		case CMARK_NODE_HEADING:
			if (ev != CMARK_EVENT_EXIT)
				break;
			level = cmark_node_get_heading_level(n);
			buf_reset(&text);
			node_text(&text, n);
			if (a.n == a.cap) {
				a.cap = a.cap != 0 ? a.cap * 2 : 16;
				a.v = xreallocarray(a.v, a.cap, sizeof(*a.v));
			}
			h = &a.v[a.n++];
			h->level = level;
			h->text = xstrdup(text.data);
			h->anchor = unique_anchor(&a, text.data);
			cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
			buf_reset(&tag);
			buf_printf(&tag, "<h%d id=\"", level);
			html_escape(&tag, h->anchor, strlen(h->anchor));
			BUF_PUTSL(&tag, "\">");
			cmark_node_set_on_enter(cb, tag.data);
			buf_reset(&tag);
			buf_printf(&tag, "</h%d>", level);
			cmark_node_set_on_exit(cb, tag.data);
			while ((c = cmark_node_first_child(n)) != NULL) {
				cmark_node_unlink(c);
				cmark_node_append_child(cb, c);
			}
			cmark_node_insert_before(n, cb);
			cmark_node_unlink(n);
			if (ndead == deadsz) {
				deadsz = deadsz != 0 ? deadsz * 2 : 16;
				dead = xreallocarray(dead, deadsz,
				    sizeof(*dead));
			}
			dead[ndead++] = n;
			cmark_iter_reset(it, cb, CMARK_EVENT_EXIT);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);

	html = cmark_render_html(doc, options,
	    cmark_parser_get_syntax_extensions(p));
	buf_puts(out, html);
	free(html);
	cmark_node_free(doc);
	for (i = 0; i < ndead; i++)
		cmark_node_free(dead[i]);
	free(dead);
	cmark_parser_free(p);
	strmap_free(&a.used);
	buf_free(&text);
	buf_free(&tag);
	*hs = a.v;
	*nhs = a.n;
	return 0;
}

void
md_headings_free(struct heading *hs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(hs[i].text);
		free(hs[i].anchor);
	}
	free(hs);
}
