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

/*
 * Write the history page of "doc" and, when the site writes them, the
 * page of every version (v<N>/; the latest one's shows the current
 * text) and their comparisons.  "hr" reads blobs (NULL: no version
 * pages).  "doc" is only read (its contents are rendered in place, as
 * for the current page).  Returns 0 or -1 (diagnostic recorded).
 */
int	 histpages_render_doc(struct rctx *, struct history_reader *hr,
	    struct doc *);

/*
 * Write /amendments/ (and a page per year) and /amendments.xml; with
 * "sitemap_only", only add those pages to the sitemap, in the same order
 * (the pages themselves being kept from the last build).
 */
int	 histpages_render_amendments(struct rctx *, int sitemap_only);

/* The latest "n" amendments as a list for the home page. */
struct tval	*histpages_latest(const struct site *, size_t n);

#endif /* !HISTPAGES_H */
