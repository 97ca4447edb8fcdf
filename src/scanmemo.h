/*
 * scanmemo.h: the scans a "folio build" keeps for the next one.  The
 * preview keeps its scans in memory (reuse.h); a build keeps them in one
 * page-cache entry (cache.h) per site, which build.c reads and writes.
 *
 * The entry holds, for each document whose scan is kept, its relpath,
 * the SHA-1 of its source (doc_source_key(): path, body line, front
 * matter and body as read) with the context key the scan was made under (links.c: what
 * it depended on besides the document), the scan as scan_pack() writes
 * it and the diagnostics the scan gave as diag_pack() writes them.  It
 * also names the folio executable and the site folder: an entry made by
 * another folio, or for another folder, is not used.  A kept scan is
 * used only when the document's source and the context key are those it
 * was made from; an entry that does not unpack whole is not used at all.
 *
 * The caller fills the new entry as it scans: scanmemo_get() keeps a
 * scan it gives again, scanmemo_put() keeps a fresh one.
 */
#ifndef SCANMEMO_H
#define SCANMEMO_H

#include <stddef.h>

#include "buf.h"
#include "strmap.h"

struct	diag;
struct	doc;

/* A record of the new entry: bytes of the kept entry, or of "fresh". */
struct	scanmemo_rec {
	size_t		 off;
	size_t		 len;
	int		 fresh;
};

struct	scanmemo {
	char		*ident;		/* what the entry must have been
					   made by, for */
	struct buf	 kept;		/* the entry read; empty: none */
	struct strmap	 at;		/* relpath -> its record in kept */
	size_t		 nkept;		/* records in kept */
	struct buf	 fresh;		/* the new entry's fresh records */
	struct scanmemo_rec *recs;	/* the new entry's records, in order:
					   kept ones are not copied */
	size_t		 nrecs;
	size_t		 reccap;
	size_t		 nreused;	/* of them, taken from kept */
};

/* Set up for the site at "srcdir" (as the build names it), nothing kept. */
void	 scanmemo_init(struct scanmemo *, const char *srcdir);

/* The key (40 hex digits and a NUL) the site's entry is kept under. */
void	 scanmemo_key(const struct scanmemo *, char key[41]);

/*
 * Take over the entry read from the cache ("entry" is left empty).
 * Returns 0, or -1 if it is not one this folio made for this site or
 * does not unpack whole (nothing is then kept).
 */
int	 scanmemo_load(struct scanmemo *, struct buf *entry);

/*
 * If the kept scan of "doc" was made from its present source under
 * context key "ctx" or "ctx_titles", with "nnames" names: doc->scan is
 * that scan, the diagnostics the scan gave are appended to "into" (only
 * a list: the caller records them in the build's diagnostics in
 * document order), the record is kept in the new entry, and 1 is
 * returned; else 0, with doc->scan and "into" as they were.
 */
int	 scanmemo_get(struct scanmemo *, struct doc *, const char ctx[41],
	    const char ctx_titles[41], size_t nnames, struct diag *into);

/*
 * Keep doc's fresh scan, made under context key "ctx", with the
 * diagnostics d->v[first..] it gave, in the new entry.  A scan that gave
 * an error of the environment is not kept.
 */
void	 scanmemo_put(struct scanmemo *, const struct doc *, const char ctx[41],
	    const struct diag *d, size_t first);

/* Whether the new entry would differ from the one loaded. */
int	 scanmemo_changed(const struct scanmemo *);
/*
 * The new entry in "out" (replaced): 1, or 0 when it would hold exactly
 * the records of the one loaded (then there is nothing to write).
 */
int	 scanmemo_entry(const struct scanmemo *, struct buf *out);

void	 scanmemo_free(struct scanmemo *);

#endif /* !SCANMEMO_H */
