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
 * Write /amendments/ (and a page per year) and /amendments.xml.  In
 * "folio build" ("index_key" not NULL: the key of the first page and the
 * feed, made from every document) each year's page, and the first page
 * with the feed, are groups (output_group) kept as the site being
 * replaced holds them while their keys are the same; the sitemap lists
 * them either way, in the same order.
 */
int	 histpages_render_amendments(struct rctx *, const char *index_key);

/* The latest "n" amendments as a list for the home page. */
struct tval	*histpages_latest(const struct site *, size_t n);

#endif /* !HISTPAGES_H */
