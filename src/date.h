/*
 * date.h: calendar dates (proleptic Gregorian, no time of day), parsed
 * strictly from ISO 8601 "YYYY-MM-DD", shown in UK form
 * ("30 September 2019").  A date may be only as precise as its source: a
 * month ("2022-08", shown "August 2022") or a year ("2019"); it then
 * holds the first day of that month or year, so that comparisons and
 * arithmetic treat it as that day, and is shown and written without the
 * parts it lacks.  Formatting never depends on the locale.
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <time.h>

struct	buf;

/* How precise a date is; zero (a whole date) is the default. */
enum	date_prec {
	DATE_DAY = 0,	/* "2019-09-30" */
	DATE_MONTH,	/* "2022-08": d is 1 */
	DATE_YEAR	/* "2019": m and d are 1 */
};

struct	date {
	int		 y;	/* 0 when the date is unset */
	int		 m;	/* 1..12 */
	int		 d;	/* 1..31 */
	enum date_prec	 prec;
};

/* The number of days in month m (1..12) of year y. */
int	 date_month_days(int y, int m);

/* Whether y-m-d is a real calendar date (years 1..9999). */
int	 date_valid(int y, int m, int d);

/*
 * Parse exactly "YYYY-MM-DD" from s[0..len).
 * Returns 0 on success, -1 if the text is not of that form (then *why is
 * "expected YYYY-MM-DD"), or is not a real date (*why names the problem,
 * e.g. "February 2019 has 28 days").  "why" may be NULL.
 */
int	 date_parse(const char *s, size_t len, struct date *, const char **why);

/*
 * Parse "YYYY-MM-DD", "YYYY-MM" or "YYYY" from s[0..len), setting the
 * precision.  Returns 0, or -1 with *why set as date_parse() does
 * ("expected a date as YYYY-MM-DD, YYYY-MM or YYYY" for the form).
 */
int	 date_parse_partial(const char *s, size_t len, struct date *,
	    const char **why);

/*
 * Parse a reporting year into the day it ends: "2018-19", "2018/19" or
 * "2018-2019" (April to March: 31 March 2019), or "2018" (a calendar
 * year: 31 December 2018).  Returns 0, or -1 with *why set.
 */
int	 date_parse_period(const char *s, size_t len, struct date *end,
	    const char **why);

/* Days since 1970-01-01 (negative before); a partial date's first day. */
long	 date_days(const struct date *);
void	 date_from_days(long, struct date *);

/*
 * The date "n" calendar months (n >= 0) after "from", on the last day of
 * the month when that month is shorter than from's day (one month after
 * 31 January 2024 is 29 February 2024).  The result is a whole date.
 */
void	 date_add_months(const struct date *from, int n, struct date *out);

/*
 * <0, 0, >0 as a is before, equal to or after b; unset dates sort first,
 * a partial date sorts as its first day, and before a more precise date
 * on that day ("2019" before "January 2019" before "1 January 2019").
 */
int	 date_cmp(const struct date *a, const struct date *b);

int	 date_isset(const struct date *);

/* Append "30 September 2019" ("August 2022", "2019" when partial). */
void	 date_format_uk(struct buf *, const struct date *);
/* Append "2019-09-30" ("2022-08", "2019" when partial). */
void	 date_format_iso(struct buf *, const struct date *);
/* Append "\"2019-09-30\"" (a JSON string), or null when unset. */
void	 date_format_json(struct buf *, const struct date *);
/* Append "September 2019" ("2019" for a year). */
void	 date_format_month(struct buf *, const struct date *);

/* The calendar date of time t in Europe/London. */
void	 date_from_time(time_t, struct date *);

/*
 * Resolve "today": the --today argument if not NULL, else
 * SOURCE_DATE_EPOCH, else the clock; dates from time stamps are taken in
 * Europe/London.  Returns 0, or -1 with *why set to a static message.
 */
int	 date_today(const char *arg, struct date *, const char **why);

#endif /* !DATE_H */
