/*
 * date.c: calendar dates without the C library's locale or time zone
 * state, except date_from_time(), which asks for Europe/London.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_month_days(int y, int m)
{
	static const int	 days[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= date_month_days(y, m);
}

void
date_add_months(const struct date *from, int n, struct date *out)
{
	int	 t, len;

	t = from->y * 12 + (from->m - 1) + n;
	out->y = t / 12;
	out->m = t % 12 + 1;
	len = date_month_days(out->y, out->m);
	out->d = from->d < len ? from->d : len;
	out->prec = DATE_DAY;
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
date_parse(const char *s, size_t len, struct date *dt, const char **why)
{
	const char	*dummy;
	int		 y, m, d;

	if (why == NULL)
		why = &dummy;
	if (len != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &y) == -1 || digits(s + 5, 2, &m) == -1 ||
	    digits(s + 8, 2, &d) == -1) {
		*why = "expected a date as YYYY-MM-DD";
		return -1;
	}
	if (y < 1) {
		*why = "year 0000 is not a date";
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "month must be 01 to 12";
		return -1;
	}
	if (d < 1 || d > date_month_days(y, m)) {
		if (d < 1)
			*why = "day must be 01 or later";
		else if (m == 2)
			*why = is_leap(y) ? "February has 29 days that year" :
			    "February has 28 days that year";
		else
			*why = date_month_days(y, m) == 30 ?
			    "that month has 30 days" : "that month has 31 days";
		return -1;
	}
	dt->y = y;
	dt->m = m;
	dt->d = d;
	dt->prec = DATE_DAY;
	return 0;
}

int
date_parse_partial(const char *s, size_t len, struct date *dt,
    const char **why)
{
	const char	*dummy;
	int		 y, m = 1;

	if (why == NULL)
		why = &dummy;
	if (len == 10)
		return date_parse(s, len, dt, why);
	if ((len != 4 && len != 7) || digits(s, 4, &y) == -1 ||
	    (len == 7 && (s[4] != '-' || digits(s + 5, 2, &m) == -1))) {
		*why = "expected a date as YYYY-MM-DD, YYYY-MM or YYYY";
		return -1;
	}
	if (y < 1) {
		*why = "year 0000 is not a date";
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "month must be 01 to 12";
		return -1;
	}
	dt->y = y;
	dt->m = m;
	dt->d = 1;
	dt->prec = len == 4 ? DATE_YEAR : DATE_MONTH;
	return 0;
}

int
date_parse_period(const char *s, size_t len, struct date *end,
    const char **why)
{
	const char	*dummy;
	int		 y, z;

	if (why == NULL)
		why = &dummy;
	*why = "expected a reporting year such as 2018-19 (April to March) "
	    "or 2018 (a calendar year)";
	if (len < 4 || digits(s, 4, &y) == -1 || y < 1 || y > 9998)
		return -1;
	memset(end, 0, sizeof(*end));
	end->prec = DATE_DAY;
	if (len == 4) {
		end->y = y;
		end->m = 12;
		end->d = 31;
		return 0;
	}
	if ((len != 7 && len != 9) || (s[4] != '-' && s[4] != '/') ||
	    digits(s + 5, len - 5, &z) == -1)
		return -1;
	if (z != (len == 7 ? (y + 1) % 100 : y + 1)) {
		*why = "the second year must follow the first (2018-19)";
		return -1;
	}
	end->y = y + 1;
	end->m = 3;
	end->d = 31;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
long
date_days(const struct date *dt)
{
	long	 y = dt->y, era, yoe, doy, doe;
	unsigned m = (unsigned)dt->m, d = (unsigned)dt->d;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_from_days(long z, struct date *dt)
{
	long	 era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	dt->y = (int)(y + (m <= 2));
	dt->m = (int)m;
	dt->d = (int)d;
	dt->prec = DATE_DAY;
}

int
date_isset(const struct date *dt)
{
	return dt->y != 0;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	if (a->prec != b->prec)
		return a->prec > b->prec ? -1 : 1;
	return 0;
}


/* Digits of v, at least "width" of them; v is not negative. */
static void
put_digits(struct buf *b, int v, int width)
{
	char	 tmp[12];
	size_t	 n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v != 0 || width > 0);
	buf_put(b, tmp + n, sizeof(tmp) - n);
}

/* Written by hand: the list pages print a date or two per document. */
void
date_format_iso(struct buf *b, const struct date *dt)
{
	if (dt->y < 0 || dt->m < 0 || dt->d < 0) {
		buf_printf(b, "%04d", dt->y);
		if (dt->prec != DATE_YEAR)
			buf_printf(b, "-%02d", dt->m);
		if (dt->prec == DATE_DAY)
			buf_printf(b, "-%02d", dt->d);
		return;
	}
	put_digits(b, dt->y, 4);
	if (dt->prec != DATE_YEAR) {
		buf_putc(b, '-');
		put_digits(b, dt->m, 2);
	}
	if (dt->prec == DATE_DAY) {
		buf_putc(b, '-');
		put_digits(b, dt->d, 2);
	}
}

void
date_format_uk(struct buf *b, const struct date *dt)
{
	if (dt->prec == DATE_DAY && dt->d >= 0) {
		put_digits(b, dt->d, 1);
		buf_putc(b, ' ');
	} else if (dt->prec == DATE_DAY)
		buf_printf(b, "%d ", dt->d);
	date_format_month(b, dt);
}

void
date_format_month(struct buf *b, const struct date *dt)
{
	if (dt->prec != DATE_YEAR) {
		buf_puts(b, month_names[dt->m - 1]);
		buf_putc(b, ' ');
	}
	if (dt->y >= 0)
		put_digits(b, dt->y, 1);
	else
		buf_printf(b, "%d", dt->y);
}

/*
 * Europe/London by rule rather than through TZ, so that the answer does
 * not depend on the process environment or on tzdata being installed:
 * BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October (since 1996).
 */
static long
last_sunday(int y, int m)
{
	struct date	 dt = { y, m, date_month_days(y, m), DATE_DAY };
	long		 days = date_days(&dt);
	long		 wday = ((days % 7) + 7 + 4) % 7;	/* 1970-01-01 was a Thursday */

	return days - wday;
}

void
date_from_time(time_t t, struct date *dt)
{
	long long	 secs = (long long)t;
	long		 days;
	struct date	 u;
	long long	 start, end;

	days = (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
	date_from_days(days, &u);
	start = (long long)last_sunday(u.y, 3) * 86400 + 3600;
	end = (long long)last_sunday(u.y, 10) * 86400 + 3600;
	if (u.y >= 1996 && secs >= start && secs < end)
		secs += 3600;
	days = (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
	date_from_days(days, dt);
}

int
date_today(const char *arg, struct date *dt, const char **why)
{
	const char	*sde;
	char		*end;
	long long	 v;

	if (arg != NULL)
		return date_parse(arg, strlen(arg), dt, why);
	if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL && *sde != '\0') {
		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno != 0 || *end != '\0' || v < 0 ||
		    v > 253402300799LL) {
			*why = "SOURCE_DATE_EPOCH is not a number of seconds";
			return -1;
		}
		date_from_time((time_t)v, dt);
		return 0;
	}
	date_from_time(time(NULL), dt);
	return 0;
}

void
date_format_json(struct buf *b, const struct date *dt)
{
	if (!date_isset(dt)) {
		BUF_PUTSL(b, "null");
		return;
	}
	buf_putc(b, '"');
	date_format_iso(b, dt);
	buf_putc(b, '"');
}
