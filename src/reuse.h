/*
 * reuse.h: what the preview server keeps from one build to the next, so
 * that saving one document costs about what that document changed.
 *
 * Two kinds of result are kept, each under a key of everything it was
 * made from, and used again only when that key matches exactly:
 *
 *  - a document's scan (headings, links, mentions, plain text and the
 *    warnings the scan gave), while its Markdown and what the scan looks
 *    for (agency names, glossary terms, outdated terms, and which agencies
 *    have ended and which terms are out of date by today) are as they
 *    were;
 *  - a document's share of the search index, while the text it was made
 *    from is the same;
 *  - the files a document's pages became, while its source, its history
 *    and everything its pages show of the rest of the site (the site
 *    fingerprint, its backlinks) are as they were.  Those files are then
 *    left as they are in the output, which the server writes in place.
 *
 * A "folio build" has no reuse (site->reuse is NULL): across processes,
 * only the content-keyed page cache (cache.h) is kept, with the history
 * walk's results and the documents' scans (scanmemo.h) in it.
 */
#ifndef REUSE_H
#define REUSE_H

#include <stddef.h>

#include "output.h"
#include "strmap.h"

struct	buf;
struct	diag;
struct	doc;
struct	search_index;

struct	reuse {
	struct strmap		 scans;	/* doc relpath -> struct reuse_scan */
	struct strmap		 pages;	/* doc relpath or group name ->
					   struct reuse_pages */
	struct strmap		 search;	/* doc relpath ->
					   struct reuse_search */
	struct output_files	 files;	/* what the output folder holds */
};

/*
 * If the scan of "doc" kept under context key "ctx" (what the scan
 * depended on besides the document, see links.c) still holds, give doc
 * its results, record its warnings in "d" again and return 1; else 0.
 */
int	 reuse_scan_get(struct reuse *, struct doc *, const char ctx[41],
	    int records, size_t nnames, struct diag *d);

/*
 * Keep a copy of doc's scan results, with the diagnostics d->v[first..]
 * that the scan recorded.
 */
void	 reuse_scan_put(struct reuse *, const struct doc *, const char ctx[41],
	    int records, const struct diag *d, size_t first);

/*
 * If the files of "name" (a document's relpath, or a group of pages such
 * as the amendments; "doc" its document or NULL) were made from "key"
 * and the same source, mark them kept in "out", append the sitemap
 * entries they had to "sitemap" and return how many files; else -1.
 */
long	 reuse_pages_get(struct reuse *, const char *name,
	    const struct doc *, const char key[41], const struct output *out,
	    struct buf *sitemap);

/*
 * Keep the files (output paths, taken over) and the sitemap entries
 * that "name" was made into from "key".
 */
void	 reuse_pages_put(struct reuse *, const char *name,
	    const struct doc *, const char key[41], char **files, size_t n,
	    const char *sitemap, size_t sitemap_len);

/*
 * Add "doc" to the search index "ix" as search_add_doc() does, from its
 * share kept from the last build while the text it was made from is the
 * same (else made and kept anew).
 */
void	 reuse_search_add(struct reuse *, struct search_index *ix,
	    const struct doc *);

/* Forget the pages of "name" (they are being made again). */
void	 reuse_pages_drop(struct reuse *, const char *name);

void	 reuse_free(struct reuse *);

#endif /* !REUSE_H */
