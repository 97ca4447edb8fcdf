/*
 * date.h: calendar dates (proleptic Gregorian, no time of day), parsed
 * strictly from ISO 8601 "YYYY-MM-DD", shown in UK form
 * ("30 September 2019").  Formatting never depends on the locale.
 */
#ifndef DATE_H
#define DATE_H

#include <stddef.h>
#include <time.h>

struct	buf;

struct	date {
	int	 y;	/* 0 when the date is unset */
	int	 m;	/* 1..12 */
	int	 d;	/* 1..31 */
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

/* Days since 1970-01-01 (negative before). */
long	 date_days(const struct date *);
void	 date_from_days(long, struct date *);

/*
 * The date "n" calendar months (n >= 0) after "from", on the last day of
 * the month when that month is shorter than from's day (one month after
 * 31 January 2024 is 29 February 2024).
 */
void	 date_add_months(const struct date *from, int n, struct date *out);

/* <0, 0, >0 as a is before, equal to or after b; unset dates sort first. */
int	 date_cmp(const struct date *a, const struct date *b);

int	 date_isset(const struct date *);

/* Append "30 September 2019". */
void	 date_format_uk(struct buf *, const struct date *);
/* Append "2019-09-30". */
void	 date_format_iso(struct buf *, const struct date *);
/* Append "\"2019-09-30\"" (a JSON string), or null when unset. */
void	 date_format_json(struct buf *, const struct date *);
/* Append "September 2019". */
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
