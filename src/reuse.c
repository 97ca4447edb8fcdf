/*
 * reuse.c: results kept between the preview server's builds (see reuse.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "output.h"
#include "reuse.h"
#include "search.h"
#include "site.h"
#include "util.h"

struct	reuse_scan {
	char			 ctx[41];
	int			 records;
	char			*front;		/* the front matter, whose
						   dates, area and partnership
						   the scan reads too */
	size_t			 front_len;
	char			*body;		/* the Markdown scanned */
	size_t			 body_len;
	size_t			 body_line;
	struct scan		 scan;		/* what the scan found */
	struct diag_entry	*diags;
	size_t			 ndiags;
};

struct	reuse_pages {
	char	 key[41];
	char	*front;		/* the document's front matter and body, */
	size_t	 front_len;	/* or NULL for a group of pages */
	char	*body;
	size_t	 body_len;
	char	**files;
	size_t	 nfiles;
	char	*sitemap;	/* their entries in sitemap.xml */
	size_t	 sitemap_len;
};

struct	reuse_search {
	char			*meta;	/* title, summary, data: see search_doc_meta */
	size_t			 meta_len;
	char			*plain;
	size_t			 plain_len;
	struct search_entry	*entry;
};

static int
same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static void
reuse_scan_free(struct reuse_scan *e)
{
	if (e == NULL)
		return;
	free(e->front);
	free(e->body);
	scan_free(&e->scan);
	diag_entries_free(e->diags, e->ndiags);
	free(e);
}

int
reuse_scan_get(struct reuse *r, struct doc *doc, const char ctx[41],
    int records, size_t nnames, struct diag *d)
{
	const struct reuse_scan	*e = strmap_get(&r->scans, doc->relpath);

	if (e == NULL || strcmp(e->ctx, ctx) != 0 || e->records != records ||
	    e->scan.nmentions != nnames || e->body_line != doc->body_line ||
	    !same_bytes(e->front, e->front_len, doc->front,
	    doc->front != NULL ? doc->front_len : 0) ||
	    !same_bytes(e->body, e->body_len, doc->body, doc->body_len))
		return 0;
	scan_copy(&doc->scan, &e->scan);
	diag_replay(d, e->diags, e->ndiags);
	return 1;
}

void
reuse_scan_put(struct reuse *r, const struct doc *doc, const char ctx[41],
    int records, const struct diag *d, size_t first)
{
	struct reuse_scan	*e = xcalloc(1, sizeof(*e));

	memcpy(e->ctx, ctx, 41);
	e->records = records;
	e->front = doc->front != NULL ? xstrndup(doc->front, doc->front_len) :
	    NULL;
	e->front_len = doc->front != NULL ? doc->front_len : 0;
	e->body = xstrndup(doc->body, doc->body_len);
	e->body_len = doc->body_len;
	e->body_line = doc->body_line;
	scan_copy(&e->scan, &doc->scan);
	e->diags = diag_copy(d, first, &e->ndiags);
	reuse_scan_free(strmap_get(&r->scans, doc->relpath));
	strmap_set(&r->scans, doc->relpath, e);
}

static void
pages_free(struct reuse_pages *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	free(e->front);
	free(e->body);
	for (i = 0; i < e->nfiles; i++)
		free(e->files[i]);
	free(e->files);
	free(e->sitemap);
	free(e);
}

long
reuse_pages_get(struct reuse *r, const char *name, const struct doc *doc,
    const char key[41], const struct output *out, struct buf *sitemap)
{
	const struct reuse_pages *e = strmap_get(&r->pages, name);
	size_t			 i;

	if (e == NULL || strcmp(e->key, key) != 0)
		return -1;
	if (doc != NULL && (e->front == NULL ||
	    !same_bytes(e->front, e->front_len, doc->front,
	    doc->front != NULL ? doc->front_len : 0) ||
	    !same_bytes(e->body, e->body_len, doc->body, doc->body_len)))
		return -1;
	/* Each file must still be there as it was written. */
	for (i = 0; i < e->nfiles; i++)
		if (strmap_get(&r->files.map, e->files[i]) == NULL)
			return -1;
	for (i = 0; i < e->nfiles; i++)
		output_keep(out, e->files[i]);
	buf_put(sitemap, e->sitemap, e->sitemap_len);
	return (long)e->nfiles;
}

void
reuse_pages_put(struct reuse *r, const char *name, const struct doc *doc,
    const char key[41], char **files, size_t n, const char *sitemap,
    size_t sitemap_len)
{
	struct reuse_pages	*e = xcalloc(1, sizeof(*e));

	memcpy(e->key, key, 41);
	if (doc != NULL) {
		e->front = xstrndup(doc->front != NULL ? doc->front : "",
		    doc->front_len);
		e->front_len = doc->front_len;
		e->body = xstrndup(doc->body, doc->body_len);
		e->body_len = doc->body_len;
	}
	e->files = files;
	e->nfiles = n;
	e->sitemap = xstrndup(sitemap, sitemap_len);
	e->sitemap_len = sitemap_len;
	pages_free(strmap_get(&r->pages, name));
	strmap_set(&r->pages, name, e);
}

void
reuse_search_add(struct reuse *r, struct search_index *ix,
    const struct doc *doc)
{
	struct reuse_search	*e = strmap_get(&r->search, doc->relpath);
	struct buf		 meta = BUF_INIT, plain = BUF_INIT;
	const char		*text = doc->scan.plain;
	size_t			 len = doc->scan.plain_len;

	if (text == NULL) {
		md_plain(doc->body, doc->body_len, &plain);
		text = plain.data != NULL ? plain.data : "";
		len = plain.len;
	}
	search_doc_meta(&meta, doc);
	if (e == NULL || !same_bytes(e->meta, e->meta_len, meta.data,
	    meta.len) || !same_bytes(e->plain, e->plain_len, text, len)) {
		if (e == NULL) {
			e = xcalloc(1, sizeof(*e));
			strmap_put(&r->search, doc->relpath, e);
		}
		free(e->meta);
		free(e->plain);
		search_entry_free(e->entry);
		e->meta_len = meta.len;
		e->meta = buf_detach(&meta);
		e->plain = xstrndup(text, len);
		e->plain_len = len;
		e->entry = search_entry_new(doc, e->plain, len);
	}
	search_add_entry(ix, doc, e->entry);
	buf_free(&meta);
	buf_free(&plain);
}

void
reuse_pages_drop(struct reuse *r, const char *name)
{
	struct reuse_pages	*e = strmap_get(&r->pages, name);

	if (e != NULL)
		e->key[0] = '\0';	/* matches no key */
}

void
reuse_free(struct reuse *r)
{
	size_t	 i;

	for (i = 0; i < r->scans.cap; i++)
		if (r->scans.slots[i].key != NULL)
			reuse_scan_free(r->scans.slots[i].val);
	for (i = 0; i < r->pages.cap; i++)
		if (r->pages.slots[i].key != NULL)
			pages_free(r->pages.slots[i].val);
	for (i = 0; i < r->search.cap; i++)
		if (r->search.slots[i].key != NULL) {
			struct reuse_search *e = r->search.slots[i].val;

			free(e->meta);
			free(e->plain);
			search_entry_free(e->entry);
			free(e);
		}
	strmap_free(&r->scans);
	strmap_free(&r->pages);
	strmap_free(&r->search);
	output_files_free(&r->files);
}
