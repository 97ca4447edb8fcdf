/*
 * histpages.h: the pages made from the git history: each document's
 * version line, history page, past versions and what changed in each;
 * the site's amendments page and Atom feed.
 */
#ifndef HISTPAGES_H
#define HISTPAGES_H

struct	doc;
struct	history_reader;
struct	rctx;
struct	site;
struct	tval;

/* Add "version" (number, date, history URL), "draft" and "recent" to
 * the context of a document (as page_doc_ctx builds it). */
void	 hist_doc_ctx(struct tval *, const struct site *, const struct doc *);

/*
 * Write the history page of "doc" and, when the site writes them, its
 * past versions and their comparisons.  "hr" reads blobs (NULL: no past
 * versions).  Returns 0 or -1 (diagnostic recorded).
 */
int	 hist_render_doc(struct rctx *, struct history_reader *hr,
	    const struct doc *);

/* Write /amendments/ (and a page per year) and /amendments.xml. */
int	 hist_render_amendments(struct rctx *);

/* The latest "n" amendments as a list for the home page. */
struct tval	*hist_latest(const struct site *, size_t n);

#endif /* !HISTPAGES_H */
