/*
 * stale.h: outdated terms (site.yaml stale_terms), judged against the
 * date of the document that uses them.  A name is out of date only in a
 * text written after it went out of use: a 2016 minute saying "LSCB" is
 * right for its time.  A term matches as configured and with a plural
 * "s" ("LSCBs", "Local Safeguarding Children Boards"), and so does each
 * of its variants.  A passage an editor marks as historical,
 *
 *	<!-- historical -->
 *	... the Local Safeguarding Children Board (LSCB) was ...
 *	<!-- /historical -->
 *
 * (on lines of their own or inside a line; invisible in any Markdown
 * renderer), is not checked.  A mark that is not closed, or closes
 * nothing, is an error at its line.
 */
#ifndef STALE_H
#define STALE_H

#include <stddef.h>

struct	config;
struct	date;
struct	diag;
struct	doc;
struct	matcher;
struct	stale_term;

/* The historical passages of a document, from one mark to the next. */
struct	stale_span {
	size_t	 line0, col0;	/* the opening mark (file line, column) */
	size_t	 line1, col1;	/* the closing mark */
};

struct	stale_passages {
	struct stale_span	*v;
	size_t			 n;
};

/*
 * A matcher of every configured term, its variants and their plurals,
 * each reported with the index of its term in cfg->stale; NULL when the
 * site has none.  Terms with a lower-case letter match in either case;
 * an acronym ("LSCB") only in capitals.  The caller frees it with
 * matcher_free().
 */
struct matcher	*stale_matcher(const struct config *);

/*
 * The document's own date for these checks: the newest of its date,
 * approved and last_reviewed that are given (a month or a year counts
 * as its first day); unset when it gives none.
 */
void		 stale_doc_date(const struct doc *, struct date *out);

/*
 * Whether term t is out of date in doc: it went out of use on or before
 * "today", and the document is not dated before it went out of use.
 */
int		 stale_applies(const struct stale_term *t, const struct doc *,
		    const struct date *today);

/*
 * Find doc's historical passages into *p (freed with
 * stale_passages_free()); an opening mark with no closing one, a second
 * opening one or a closing one with none open is an error in d.
 */
void		 stale_passages_find(struct stale_passages *p,
		    const struct doc *, struct diag *d);

/* Whether file position (line, col) is inside a historical passage. */
int		 stale_in_passage(const struct stale_passages *, size_t line,
		    size_t col);

void		 stale_passages_free(struct stale_passages *);

#endif /* !STALE_H */
