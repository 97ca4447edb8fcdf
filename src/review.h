/*
 * review.h: review dates.  A procedure past its review date may send a
 * social worker down an out-of-date path, so editors are warned before
 * publishing, readers see a notice and the site carries a schedule of
 * every review.  This module decides each document's review state and
 * writes the warnings, the summary, the JSON report and the CSV schedule;
 * it never prints.
 *
 * Which documents are reviewed.  A document is exempt when it is
 * superseded, withdrawn or kept as a record of its time, when its type is minutes, annual-report,
 * agencies or glossary (whatever dates it carries), or when it is a page
 * without a review_date.  Every other document is "reviewable": the types
 * arrangement, procedure and mou, and pages that give a review_date.
 * Exemption never depends on today.  Drafts are treated like current
 * documents (the index leaves them out of a normal build anyway).
 */
#ifndef REVIEW_H
#define REVIEW_H

#include <stddef.h>

struct	buf;
struct	date;
struct	diag;
struct	doc;
struct	site;

enum	review_state {
	RV_EXEMPT,	/* not reviewed (see above) */
	RV_CURRENT,	/* review_date more than warn_days ahead */
	RV_DUE,		/* review_date today or within warn_days */
	RV_OVERDUE,	/* review_date has passed (before today) */
	RV_NONE		/* reviewable type without a review_date */
};

/*
 * The review state of "doc" on "today" (which must be set).  With
 * d = review_date - today in days: OVERDUE when d < 0 (a review due today
 * is not overdue), DUE when 0 <= d <= warn_days, else CURRENT.  A
 * negative warn_days counts as 0.  RV_NONE is a type that requires a
 * review_date (doc_type_reviewable) but has none; the loader reports
 * that as an error, and nothing here warns about it again.
 */
enum review_state	 review_state_of(const struct doc *,
			    const struct date *today, int warn_days);

/* "exempt", "current", "due", "overdue" or "none"; a static string. */
const char		*review_state_name(enum review_state);

/*
 * Append the length of time between two dates, in words, for messages
 * ("overdue since ..., 3 months ago", "due on ..., in 12 days").  The
 * order of the dates does not matter.  Rules:
 *
 *  - the same day: "today";
 *  - under two whole calendar months: the number of days, "1 day",
 *    "12 days", "59 days";
 *  - else whole calendar months, and the days left over rounded to the
 *    nearest month (half a month or more rounds up), shown as years and
 *    months: "2 months", "11 months", "1 year", "1 year 2 months",
 *    "7 years".
 *
 * A calendar month from a day that the later month lacks ends on that
 * month's last day: one month after 31 January 2024 is 29 February.
 * Both dates must be set.
 */
void			 review_span(struct buf *, const struct date *from,
			    const struct date *to);

/* How many documents are in each state. */
struct	review_counts {
	size_t	 overdue;
	size_t	 due;
	size_t	 current;
	size_t	 exempt;	/* RV_NONE is in none of the four */
};

/* What review_check, review_json and review_csv report on. */
struct	review_opts {
	const struct date	*today;	/* must be set */
	int			 warn_days;	/* the "due" window, days */
	int			 max_months;	/* 0: off; see review_check */
	const char		*owner;	/* non-NULL: only its documents */
	int			 strict;	/* overdue is an error */
};

/*
 * Record the review diagnostics of every document of the site (in the
 * order of site->docs, which is by path), each at the document's file,
 * the line of its review_date field and column 0.  With opts->owner set,
 * only documents whose owner matches (exactly, ignoring ASCII case) are
 * reported and counted.  For each reviewable document with a review_date,
 * in this order:
 *
 *   overdue:	"review overdue since 30 September 2019, 7 years 2 months
 *		ago (owner: HSSCP Executive)": DIAG_WARNING, or DIAG_ERROR
 *		when opts->strict;
 *   due:	"review due on 15 January 2027, in 52 days (owner: Tees
 *		Procedures Group)", or "review due today (owner: ...)":
 *		always DIAG_WARNING;
 *   review_date before last_reviewed: DIAG_WARNING "review_date 1 March
 *		2019 is before last_reviewed 14 March 2019";
 *   review_date more than opts->max_months calendar months after
 *		last_reviewed (when max_months > 0): DIAG_WARNING
 *		"review_date is 26 months after last_reviewed; the site
 *		allows at most 24 (review.max_months)", where 26 is the
 *		months from last_reviewed rounded up (so 31 January 2023 to
 *		31 January 2024 is 12 months, to 1 February 2024 is 13).
 *
 * " (owner: ...)" is left out for a document without an owner.  Exempt
 * documents and those without a review_date get no diagnostic here.
 * "counts" (may be NULL) is overwritten with the counts of the documents
 * considered.
 */
void	 review_check(struct diag *, const struct site *,
	    const struct review_opts *, struct review_counts *counts);

/*
 * Owners.  When site.yaml declares owners (cfg.owners), record for each
 * document whose owner is not one of them (ignoring ASCII case) a
 * DIAG_WARNING at its owner field: "owner 'Tees Procedure Group' is not
 * in site.yaml's owners (did you mean 'Tees Procedures Group'?)", the
 * hint when a declared owner is close (review_owner_suggest).  Nothing
 * when none are declared, nor for folio new's placeholder owner (which
 * has a warning of its own).
 */
void	 review_owners(struct diag *, const struct site *);

/* Whether "doc" has "owner" (ignoring ASCII case); any when NULL. */
int	 review_owner_is(const struct doc *, const char *owner);

/*
 * Whether "owner" is a known owner: declared in site.yaml or given by a
 * document (ignoring ASCII case).
 */
int	 review_owner_known(const struct site *, const char *owner);

/*
 * The known owner (declared or given by a document) closest to "name",
 * for "did you mean": one that holds it or is held by it, ignoring case,
 * else the nearest by edit distance, ignoring case, when at most a
 * quarter of the name's letters (at least 2) differ; NULL if none is
 * close.  Borrowed from the site.
 */
const char *review_owner_suggest(const struct site *, const char *name);

/*
 * Append the one-line summary "2 overdue, 3 due within 60 days,
 * 41 current" ("due within 1 day"; "due today" when warn_days is 0 or
 * less).  Exempt documents are not mentioned.  No newline.
 */
void	 review_summary(struct buf *, const struct review_counts *,
	    int warn_days);

/*
 * Append the review report as one line of JSON, without a newline:
 *
 *   {"today":"2026-11-24","warn_days":60,
 *    "counts":{"overdue":1,"due":0,"current":1,"exempt":3},
 *    "documents":[{"id":"x","title":"X","type":"procedure",
 *     "path":"content/procedures/x.md","url":"https://e.org/procedures/x/",
 *     "owner":"Tees Procedures Group","last_reviewed":"2019-03-14",
 *     "review_date":"2020-03-14","state":"overdue","days":-2446},...]}
 *
 * "counts" are those of review_check.  "documents" holds every reviewable
 * document (RV_NONE included, exempt ones not) that passes the owner
 * filter, sorted by review_date (undated last), then path.  "days" is
 * review_date - today (negative when overdue).  "url" is as in review_csv.
 * owner, last_reviewed, review_date and days are null when unset.  The
 * output depends only on the site and the options.
 */
void	 review_json(struct buf *, const struct site *,
	    const struct review_opts *);

/*
 * Append the review schedule as CSV (RFC 4180, CRLF after every row,
 * a header row first):
 *
 *   owner,title,type,state,last_reviewed,review_date,url
 *
 * one row per reviewable document passing the owner filter, in
 * review_schedule() order.  type is the front-matter name ("procedure"),
 * state as review_state_name(), dates ISO ("2020-03-14") or empty, url
 * absolute (cfg.base_url + url) when the site has a base_url, else
 * cfg.base_path + url.  Every field goes through csv_escape (quoted when
 * needed, and a leading = + - @ defused).
 */
void	 review_csv(struct buf *, const struct site *,
	    const struct review_opts *);

/*
 * For the schedule page: set *out to a new array of the site's
 * reviewable documents (RV_NONE included), sorted by owner (ignoring
 * ASCII case; documents without an owner last), then review_date
 * (undated last), then title, then path.  Returns the count; *out is NULL
 * when it is 0.  The caller frees the array (not the documents).
 */
size_t	 review_schedule(const struct site *, struct doc ***out);

#endif /* !REVIEW_H */
