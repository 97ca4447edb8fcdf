/*
 * fuzz_date.c: libFuzzer target for date.c.
 *
 * The input, as given (any bytes), goes to date_parse().  A date it
 * accepts must be a real date that survives the round trips through a
 * day number and through its ISO form, and format to non-empty text.
 * The input is also given to date_today() as the --today argument when
 * it holds no NUL, which must agree with date_parse(); and its first
 * eight bytes, as a time stamp in SOURCE_DATE_EPOCH's range, go to
 * date_from_time(), whose answer must be the UTC date or the day after;
 * and date_add_months() of that date, by up to a hundred years, must land
 * that many months on, on the same day or the month's last.
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/date.h"
#include "../src/util.h"
#include "fuzz.h"

/* The largest SOURCE_DATE_EPOCH date_today() accepts: 9999-12-31T23:59:59Z. */
#define EPOCH_MAX	253402300799LL

static void
check_date(const struct date *dt)
{
	struct buf	 b = BUF_INIT;
	struct date	 back;
	const char	*why = NULL;

	FUZZ_CHECK(date_isset(dt));
	FUZZ_CHECK(date_valid(dt->y, dt->m, dt->d));
	date_from_days(date_days(dt), &back);
	FUZZ_CHECK(date_cmp(dt, &back) == 0);

	date_format_iso(&b, dt);
	FUZZ_CHECK(b.len == 10);
	memset(&back, 0, sizeof(back));
	FUZZ_CHECK(date_parse(b.data, b.len, &back, &why) == 0);
	FUZZ_CHECK(date_cmp(dt, &back) == 0);

	buf_reset(&b);
	date_format_uk(&b, dt);
	FUZZ_CHECK(b.len > 0 && strlen(b.data) == b.len);
	buf_reset(&b);
	date_format_month(&b, dt);
	FUZZ_CHECK(b.len > 0 && strlen(b.data) == b.len);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct date	 dt, dt2, utc, later;
	struct buf	 iso = BUF_INIT;
	const char	*s = (const char *)data, *why = NULL, *why2 = NULL;
	char		*arg;
	long long	 t = 0;
	size_t		 i;
	int		 rc, rc2, months;

	memset(&dt, 0, sizeof(dt));
	rc = date_parse(s, size, &dt, &why);
	if (rc == 0) {
		check_date(&dt);
		/* "YYYY-MM-DD" has one spelling: the input itself. */
		date_format_iso(&iso, &dt);
		FUZZ_CHECK(iso.len == size && memcmp(iso.data, s, size) == 0);
		buf_free(&iso);
	} else {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(why != NULL && why[0] != '\0');
	}

	if (memchr(s, '\0', size) == NULL) {
		arg = xstrndup(s, size);
		memset(&dt2, 0, sizeof(dt2));
		rc2 = date_today(arg, &dt2, &why2);
		FUZZ_CHECK(rc2 == rc);
		if (rc2 == 0)
			FUZZ_CHECK(date_cmp(&dt, &dt2) == 0);
		else
			FUZZ_CHECK(why2 != NULL && why2[0] != '\0');
		free(arg);
	}

	for (i = 0; i < 8 && i < size; i++)
		t = (long long)((unsigned long long)t << 8 | data[i]);
	t = (long long)((unsigned long long)t % (unsigned long long)(EPOCH_MAX + 1));
	date_from_time((time_t)t, &dt);
	check_date(&dt);
	date_from_days((long)(t / 86400), &utc);
	date_from_days((long)(t / 86400) + 1, &dt2);
	FUZZ_CHECK(date_cmp(&dt, &utc) == 0 || date_cmp(&dt, &dt2) == 0);

	months = (int)(t % 1201);
	date_add_months(&dt, months, &later);
	FUZZ_CHECK(later.y * 12 + later.m - (dt.y * 12 + dt.m) == months);
	FUZZ_CHECK(later.d >= 1 && later.d <= dt.d);
	if (later.y <= 9999) {
		FUZZ_CHECK(date_valid(later.y, later.m, later.d));
		FUZZ_CHECK(date_cmp(&later, &dt) >= 0);
		/* Only a shorter month moves the day. */
		if (later.d < dt.d)
			FUZZ_CHECK(!date_valid(later.y, later.m, later.d + 1));
	}
	return 0;
}
