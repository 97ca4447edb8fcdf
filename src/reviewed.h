/*
 * reviewed.h: reviews as a workflow.
 *
 * folio reviewed ID marks a document reviewed: it sets last_reviewed and
 * review_date in the document's front matter in place, changing only the
 * bytes of those two values (the quotes around them, the comments after
 * them, every other line stay as they were).  A key that is missing is
 * added after "owner:", or at the end of the front matter.  The file is
 * written beside itself and renamed over it; a symbolic link is refused.
 *
 * folio reviews lists the reviews that are overdue or due within a number
 * of days, by owner, as Markdown (to paste into an e-mail), CSV or JSON.
 */
#ifndef REVIEWED_H
#define REVIEWED_H

struct	buf;
struct	date;

struct	reviewed_opts {
	const char	*id;
	const char	*srcdir;	/* NULL: config_folder() chooses */
	const char	*today;		/* --today, or NULL */
	const char	*on;		/* --on: last_reviewed; NULL: today */
	const char	*next;		/* --next: review_date, or NULL */
	int		 months;	/* --months; 0: review.interval_months
					   (as folio new reckons it) */
};

/*
 * Set the two dates of text[0..len) (a whole document) to "on" and "next"
 * into "out".  Returns 0, or -1 when the text has no front matter.
 */
int	 reviewed_edit(const char *text, size_t len, const struct date *on,
	    const struct date *next, struct buf *out);

/*
 * folio reviewed: returns the exit status, 0 done (the path and the new
 * dates printed), 1 the site or the document has errors (an unknown id,
 * with "did you mean", a type that is not reviewed), 2 usage or
 * environment.
 */
int	 reviewed_run(const struct reviewed_opts *);

enum	reviews_format {
	RF_MD,
	RF_CSV,
	RF_JSON
};

struct	reviews_opts {
	const char		*srcdir;
	const char		*today;
	const char		*owner;		/* only its documents, or NULL */
	int			 within;	/* days: due by today + within */
	enum reviews_format	 format;
};

/*
 * folio reviews: print the report on standard output.  Returns 0, 1 when
 * the site has errors (printed; the report is still made when the
 * documents could be read), or 2 usage or environment (an unknown owner,
 * with "did you mean").
 */
int	 reviews_run(const struct reviews_opts *);

#endif /* !REVIEWED_H */
