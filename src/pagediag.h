/*
 * pagediag.h: the preview's diagnostics, page by page.  After a build,
 * each diagnostic about a document is put, as HTML, with the page of
 * that document: the preview shows it there (and never writes it into
 * the site).  An error comes with the source lines around it.  A
 * document that could not be read at all has no page; its entry is
 * "missing", and the preview shows it as that page's error page.
 */
#ifndef PAGEDIAG_H
#define PAGEDIAG_H

#include <stddef.h>

#include "buf.h"
#include "strmap.h"

struct	diag;

struct	pagediag {
	struct buf	 html;		/* a <section> listing them */
	size_t		 nerrors;
	size_t		 nwarnings;
	int		 missing;	/* the document has no page */
};

struct	pagediags {
	struct strmap	 map;	/* page ("procedures/x/index.html") ->
				   struct pagediag * (owned) */
};

#define PAGEDIAGS_INIT	{ STRMAP_INIT }

/*
 * Fill "pd" (empty) from the diagnostics "d" of a build of "srcdir";
 * "pages" holds "FILE\tURL\n" for each document built (build.h's
 * report.pages).  A document file with errors that is not among them
 * is given the URL its file name would have.
 */
void	 pagediags_make(struct pagediags *pd, const struct diag *d,
	    const char *srcdir, const char *pages);

/* The diagnostics of page "rel" ("x/index.html"), or NULL if none. */
const struct pagediag *pagediags_get(const struct pagediags *,
	    const char *rel);

void	 pagediags_free(struct pagediags *);

#endif /* !PAGEDIAG_H */
