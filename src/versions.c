/*
 * versions.c: documents as the git history has them (see versions.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "history.h"
#include "readfile.h"
#include "site.h"
#include "util.h"
#include "versions.h"
#include "yamltree.h"

void
version_date(const struct version *v, struct date *out)
{
	date_from_time((time_t)v->when, out);
}

void
versions_attach(struct diag *d, struct site *s, const struct history *h,
    int warn)
{
	const struct doc_history	*dh;
	struct doc			*doc;
	size_t				 i;

	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		dh = h != NULL && history_available(h) ?
		    history_get(h, doc->relpath) : NULL;
		doc->hist = dh;
		doc->nversions = dh != NULL ? dh->n : 0;
		doc->draft = dh != NULL && (dh->dirty || dh->untracked);
		doc->added = dh == NULL ? 0 : dh->n > 0 ? dh->v[0].when :
		    dh->untracked ? LLONG_MAX : 0;
		if (doc->draft && warn)
			diag_add(d, DIAG_WARNING, doc->path, 0, 0, "%s",
			    dh->untracked ? "not yet committed: published as a "
			    "draft with no version history" :
			    "uncommitted changes: published as a draft");
	}
}

struct doc *
version_doc(const struct doc *cur, const char *text, size_t len)
{
	struct diag	 scratch;
	struct fm_split	 sp;
	struct ynode	*root = NULL;
	struct doc	*doc;
	size_t		 line, col, n;
	const char	*why;
	int		 ok = 0;

	diag_init(&scratch);
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(cur->path);
	doc->relpath = xstrdup(cur->relpath);
	doc->id = xstrdup(cur->id);
	if (cur->url != NULL)	/* not yet when --as-of runs */
		doc->url = xstrdup(cur->url);
	if (cur->section != NULL)
		doc->section = xstrdup(cur->section);
	/* Its partnerships are the document's, whatever a version said. */
	doc->partners = cur->partners;
	/* Old text may predate today's rules: take what can be read. */
	if (text_check(text, len, &line, &col, &why) == 0 &&
	    fm_split(&scratch, cur->path, text, len, &sp) == 0 &&
	    ytree_parse(&scratch, cur->path, sp.yaml_line, sp.yaml,
	    sp.yaml_len, &root) == 0) {
		(void)fm_apply(&scratch, doc, root, (int)cur->type);
		/* A version is of this document, whatever id it gave. */
		free(doc->id);
		doc->id = xstrdup(cur->id);
		doc->body = xstrndup(sp.body, sp.body_len);
		doc->body_len = sp.body_len;
		doc->body_line = sp.body_line;
		ok = 1;
	}
	if (!ok) {
		/* Not UTF-8, or no front matter then: show it as it was. */
		n = memchr(text, '\0', len) != NULL ?
		    (size_t)((const char *)memchr(text, '\0', len) - text) : len;
		doc->type = cur->type;
		doc->body = xstrndup(text, n);
		doc->body_len = strlen(doc->body);
		doc->body_line = 1;
	}
	if (doc->title == NULL)
		doc->title = xstrdup(cur->title != NULL ? cur->title : cur->id);
	ytree_free(root);
	diag_free(&scratch);
	return doc;
}

struct doc *
version_load(struct history_reader *r, const struct doc *cur,
    const struct version *v)
{
	struct buf	 blob = BUF_INIT;
	struct doc	*doc;

	if (history_read_blob(r, v->blob, &blob) == -1) {
		buf_free(&blob);
		return NULL;
	}
	doc = version_doc(cur, blob.data, blob.len);
	buf_free(&blob);
	return doc;
}

#define SWAP(a, b) do {				\
	__typeof__(a) swap_tmp_ = (a);			\
	(a) = (b);					\
	(b) = swap_tmp_;				\
} while (0)

/*
 * Exchange the content of two documents (what a version says), leaving
 * each with its own identity (path, id, URL); doc_free(from) then frees
 * the content "to" had.
 */
static void
take_content(struct doc *to, struct doc *from)
{
	SWAP(to->title, from->title);
	SWAP(to->summary, from->summary);
	SWAP(to->owner, from->owner);
	SWAP(to->approved, from->approved);
	SWAP(to->last_reviewed, from->last_reviewed);
	SWAP(to->review_date, from->review_date);
	SWAP(to->date, from->date);
	SWAP(to->period, from->period);
	SWAP(to->period_end, from->period_end);
	SWAP(to->status, from->status);
	SWAP(to->superseded_by, from->superseded_by);
	SWAP(to->related, from->related);
	SWAP(to->nrelated, from->nrelated);
	SWAP(to->aliases, from->aliases);
	SWAP(to->naliases, from->naliases);
	SWAP(to->agencies, from->agencies);
	SWAP(to->nagencies, from->nagencies);
	SWAP(to->terms, from->terms);
	SWAP(to->nterms, from->nterms);
	SWAP(to->body, from->body);
	SWAP(to->body_len, from->body_len);
	SWAP(to->body_line, from->body_line);
	memset(to->field_line, 0, sizeof(to->field_line));
}

/*
 * What stood on s->as_of of a document whose last version by then is k:
 * that version, or a review of it made by then (its text is the same,
 * its review details newer).
 */
static const struct version *
as_of_text(const struct site *s, const struct doc_history *dh, size_t k)
{
	const struct version	*v = &dh->v[k - 1];
	struct date		 rd;
	size_t			 i;

	for (i = 0; i < dh->nreviews; i++) {
		if (dh->reviews[i].when < v->when)
			continue;
		version_date(&dh->reviews[i], &rd);
		if (date_cmp(&rd, &s->as_of) > 0)
			break;
		v = &dh->reviews[i];
	}
	return v;
}

int
versions_as_of(struct diag *d, struct site *s, const struct history *h)
{
	struct history_reader	*r;
	const struct doc_history	*dh;
	struct doc		*doc, *old;
	struct date		 vd;
	size_t			 i, j, k;
	int			 rc = 0;

	if (h == NULL || !history_available(h)) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0,
		    "--as-of needs the git history of the site");
		return -1;
	}
	if ((r = history_reader_open(h)) == NULL) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0,
		    "--as-of: cannot read the git repository");
		return -1;
	}
	for (i = j = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		dh = history_get(h, doc->relpath);
		k = 0;
		if (dh != NULL)
			for (k = dh->n; k > 0; k--) {
				version_date(&dh->v[k - 1], &vd);
				if (date_cmp(&vd, &s->as_of) <= 0)
					break;
			}
		if (k == 0) {
			doc_free(doc);	/* it did not exist yet */
			continue;
		}
		if ((old = version_load(r, doc, as_of_text(s, dh, k))) == NULL) {
			diag_add(d, DIAG_ERROR, doc->path, 0, 0,
			    "--as-of: cannot read version %zu: %s", k,
			    history_reader_error(r));
			rc = -1;
		} else {
			take_content(doc, old);
			doc_free(old);
		}
		doc->hist = dh;
		doc->nversions = k;
		s->docs[j++] = doc;
	}
	s->ndocs = j;
	history_reader_close(r);
	return rc;
}
