/*
 * histpages.h: the pages made from the git history: each document's
 * version line, history page, past versions and what changed in each;
 * the site's amendments page and Atom feed.
 */
#ifndef HISTPAGES_H
#define HISTPAGES_H

struct	date;
struct	doc;
struct	history_reader;
struct	rctx;
struct	site;
struct	tval;

/*
 * Add "version" (number; "first" when it is the only one; date; history
 * URL; "permalink", the latest version's own page, when the site writes
 * version pages), "draft" and "recent" to the context of a document (as
 * page_doc_ctx builds it).
 */
void	 histpages_doc_ctx(struct tval *, const struct site *,
	    const struct doc *);

/*
 * The date of the version that made a superseded or withdrawn document
 * so (its event VERSION_REPLACED or VERSION_WITHDRAWN), in *out.
 * Returns 0, or -1 when the document is in force, has no history, or no
 * version records the change.
 */
int	 histpages_status_date(const struct doc *, struct date *out);

/*
 * Write the history page of "doc" and, when the site writes them, the
 * page of every version (v<N>/; the latest one's shows the current
 * text) and their comparisons.  "hr" reads blobs (NULL: no version
 * pages).  "doc" is only read (its contents are rendered in place, as
 * for the current page).  Returns 0 or -1 (diagnostic recorded).
 */
int	 histpages_render_doc(struct rctx *, struct history_reader *hr,
	    struct doc *);

/* Write /amendments/ (and a page per year) and /amendments.xml. */
int	 histpages_render_amendments(struct rctx *);

/* The latest "n" amendments as a list for the home page. */
struct tval	*histpages_latest(const struct site *, size_t n);

#endif /* !HISTPAGES_H */
