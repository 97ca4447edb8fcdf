/*
 * test_core.c: the helpers every stage uses: buf, dates, slugs, escaping,
 * the string map, reading files.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/escape.h"
#include "../../src/journal.h"
#include "../../src/output.h"
#include "../../src/pack.h"
#include "../../src/readfile.h"
#include "../../src/slug.h"
#include "../../src/strmap.h"
#include "../../src/tmpdirs.h"

static void
test_buf_grow_and_detach(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*s;
	int		 i;

	(void)state;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_reset(&b);		/* must not write to the shared empty string */
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_true(strncmp(b.data, "0,1,2,", 6) == 0);
	assert_string_equal(b.data + b.len - 4, "999,");
	buf_truncate(&b, 2);
	assert_string_equal(b.data, "0,");
	BUF_PUTSL(&b, "x");
	buf_putc(&b, 'y');
	assert_string_equal(b.data, "0,xy");
	s = buf_detach(&b);
	assert_string_equal(s, "0,xy");
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);
	s = buf_detach(&b);	/* detaching an empty buffer gives "" */
	assert_string_equal(s, "");
	free(s);
}

/* Whatever room is left, from none to more than enough: all of it, once. */
static void
test_buf_printf_room(void **state)
{
	struct buf	 b = BUF_INIT;
	char		 big[300];
	size_t		 fill, n;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (fill = 0; fill < 200; fill++) {
		for (n = 0; n < sizeof(big); n++) {
			buf_free(&b);
			while (b.len < fill)
				buf_putc(&b, 'a');
			buf_printf(&b, "<%.*s>", (int)n, big);
			assert_int_equal(b.len, fill + n + 2);
			assert_int_equal(strlen(b.data), b.len);
			assert_int_equal(b.data[fill], '<');
			assert_int_equal(b.data[b.len - 1], '>');
			assert_true(b.cap > b.len);
			assert_memory_equal(b.data + fill + 1, big, n);
		}
	}
	buf_free(&b);
}

static void
test_buf_embedded_nul(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	buf_put(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_free(&b);
	assert_int_equal(b.len, 0);
}

static void
test_date_parse_valid(void **state)
{
	struct date	 d;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(date_parse("2019-09-30", 10, &d, &why), 0);
	assert_int_equal(d.y, 2019);
	assert_int_equal(d.m, 9);
	assert_int_equal(d.d, 30);
	assert_int_equal(date_parse("2024-02-29", 10, &d, &why), 0);
	assert_int_equal(date_parse("2000-02-29", 10, &d, &why), 0);
}

static void
test_date_parse_invalid(void **state)
{
	struct date	 d;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(date_parse("2019-02-30", 10, &d, &why), -1);
	assert_non_null(strstr(why, "28 days"));
	assert_int_equal(date_parse("2023-02-29", 10, &d, &why), -1);
	assert_int_equal(date_parse("1900-02-29", 10, &d, &why), -1);
	assert_int_equal(date_parse("2019-04-31", 10, &d, &why), -1);
	assert_non_null(strstr(why, "30 days"));
	assert_int_equal(date_parse("2019-13-01", 10, &d, &why), -1);
	assert_int_equal(date_parse("2019-00-10", 10, &d, &why), -1);
	assert_int_equal(date_parse("2019-01-00", 10, &d, &why), -1);
	assert_int_equal(date_parse("0000-01-01", 10, &d, &why), -1);
	assert_int_equal(date_parse("2019-9-30", 9, &d, &why), -1);
	assert_int_equal(date_parse("30/09/2019", 10, &d, &why), -1);
	assert_int_equal(date_parse("2019-09-3x", 10, &d, &why), -1);
	assert_int_equal(date_parse("", 0, &d, &why), -1);
}

static void
test_date_days_roundtrip(void **state)
{
	struct date	 a = { 1970, 1, 1, DATE_DAY }, b;
	long		 n;

	(void)state;
	assert_int_equal(date_days(&a), 0);
	a.y = 2019, a.m = 9, a.d = 30;
	n = date_days(&a);
	assert_int_equal(n, 18169);
	for (n = -800000; n < 800000; n += 997) {
		date_from_days(n, &b);
		assert_true(date_valid(b.y, b.m, b.d) || b.y < 1);
		assert_int_equal(date_days(&b), n);
	}
}

static void
test_date_format(void **state)
{
	struct date	 d = { 2019, 9, 30, DATE_DAY };
	struct buf	 b = BUF_INIT;

	(void)state;
	date_format_uk(&b, &d);
	assert_string_equal(b.data, "30 September 2019");
	buf_reset(&b);
	d.d = 1, d.m = 3;
	date_format_uk(&b, &d);
	assert_string_equal(b.data, "1 March 2019");
	buf_reset(&b);
	date_format_iso(&b, &d);
	assert_string_equal(b.data, "2019-03-01");
	buf_reset(&b);
	date_format_month(&b, &d);
	assert_string_equal(b.data, "March 2019");
	buf_reset(&b);
	d.y = 987, d.m = 12, d.d = 9;
	date_format_iso(&b, &d);
	assert_string_equal(b.data, "0987-12-09");
	buf_free(&b);
}

/* A month or a year: parsed, shown and written without a day. */
static void
test_date_partial(void **state)
{
	struct date	 d, e;
	struct buf	 b = BUF_INIT;
	const char	*why;

	(void)state;
	assert_int_equal(date_parse_partial("2022-08", 7, &d, &why), 0);
	assert_int_equal(d.prec, DATE_MONTH);
	assert_int_equal(d.y, 2022);
	assert_int_equal(d.m, 8);
	assert_int_equal(d.d, 1);
	date_format_uk(&b, &d);
	assert_string_equal(b.data, "August 2022");
	buf_reset(&b);
	date_format_iso(&b, &d);
	assert_string_equal(b.data, "2022-08");
	buf_reset(&b);
	date_format_json(&b, &d);
	assert_string_equal(b.data, "\"2022-08\"");
	buf_reset(&b);

	assert_int_equal(date_parse_partial("2019", 4, &e, &why), 0);
	assert_int_equal(e.prec, DATE_YEAR);
	assert_int_equal(e.m, 1);
	assert_int_equal(e.d, 1);
	date_format_uk(&b, &e);
	assert_string_equal(b.data, "2019");
	buf_reset(&b);
	date_format_iso(&b, &e);
	assert_string_equal(b.data, "2019");
	buf_reset(&b);
	date_format_month(&b, &e);
	assert_string_equal(b.data, "2019");
	buf_reset(&b);

	/* A whole date still parses, as a whole date. */
	assert_int_equal(date_parse_partial("2019-09-30", 10, &d, &why), 0);
	assert_int_equal(d.prec, DATE_DAY);
	date_format_uk(&b, &d);
	assert_string_equal(b.data, "30 September 2019");
	buf_free(&b);

	/* Order: a partial date as its first day, the less precise first. */
	assert_int_equal(date_parse_partial("2019-01-01", 10, &d, &why), 0);
	assert_true(date_cmp(&e, &d) < 0);
	assert_true(date_cmp(&d, &e) > 0);
	assert_int_equal(date_parse_partial("2019-01", 7, &d, &why), 0);
	assert_true(date_cmp(&e, &d) < 0);
	assert_int_equal(date_parse_partial("2018-12-31", 10, &d, &why), 0);
	assert_true(date_cmp(&d, &e) < 0);
	assert_int_equal(date_parse_partial("2019", 4, &d, &why), 0);
	assert_int_equal(date_cmp(&d, &e), 0);
	/* Arithmetic from a partial date starts on its first day. */
	assert_int_equal(date_parse_partial("2022-08", 7, &d, &why), 0);
	date_add_months(&d, 12, &e);
	assert_int_equal(e.prec, DATE_DAY);
	assert_int_equal(e.y, 2023);
	assert_int_equal(e.m, 8);
	assert_int_equal(e.d, 1);
}

/* Reporting years: April to March, or a calendar year. */
static void
test_date_period(void **state)
{
	struct date	 d;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(date_parse_period("2018-19", 7, &d, &why), 0);
	assert_int_equal(d.y, 2019);
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 31);
	assert_int_equal(d.prec, DATE_DAY);
	assert_int_equal(date_parse_period("2018/19", 7, &d, &why), 0);
	assert_int_equal(d.y, 2019);
	assert_int_equal(date_parse_period("1999-00", 7, &d, &why), 0);
	assert_int_equal(d.y, 2000);
	assert_int_equal(date_parse_period("2018-2019", 9, &d, &why), 0);
	assert_int_equal(d.y, 2019);
	assert_int_equal(d.m, 3);
	assert_int_equal(date_parse_period("2018", 4, &d, &why), 0);
	assert_int_equal(d.y, 2018);
	assert_int_equal(d.m, 12);
	assert_int_equal(d.d, 31);
	assert_int_equal(date_parse_period("2018-20", 7, &d, &why), -1);
	assert_string_equal(why,
	    "the second year must follow the first (2018-19)");
	assert_int_equal(date_parse_period("2018-2020", 9, &d, &why), -1);
	assert_int_equal(date_parse_period("2018-1", 6, &d, &why), -1);
	assert_int_equal(date_parse_period("18-19", 5, &d, &why), -1);
	assert_int_equal(date_parse_period("2018 19", 7, &d, &why), -1);
	assert_int_equal(date_parse_period("0000", 4, &d, &why), -1);
}

static void
test_date_partial_invalid(void **state)
{
	struct date	 d;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(date_parse_partial("2022-13", 7, &d, &why), -1);
	assert_string_equal(why, "month must be 01 to 12");
	assert_int_equal(date_parse_partial("2022-00", 7, &d, &why), -1);
	assert_int_equal(date_parse_partial("0000", 4, &d, &why), -1);
	assert_string_equal(why, "year 0000 is not a date");
	assert_int_equal(date_parse_partial("2022-8", 6, &d, &why), -1);
	assert_string_equal(why,
	    "expected a date as YYYY-MM-DD, YYYY-MM or YYYY");
	assert_int_equal(date_parse_partial("19", 2, &d, &why), -1);
	assert_int_equal(date_parse_partial("2022/08", 7, &d, &why), -1);
	assert_int_equal(date_parse_partial("20x9", 4, &d, &why), -1);
	assert_int_equal(date_parse_partial("2019-02-29", 10, &d, &why), -1);
	assert_string_equal(why, "February has 28 days that year");
	/* The strict parser still wants a whole date. */
	assert_int_equal(date_parse("2022-08", 7, &d, &why), -1);
}

static void
test_date_london(void **state)
{
	struct date	 d;

	(void)state;
	/* 2024-07-01 23:30 UTC is 00:30 BST on 2 July. */
	date_from_time((time_t)1719876600, &d);
	assert_int_equal(d.m, 7);
	assert_int_equal(d.d, 2);
	/* 2024-01-01 23:30 UTC is still 1 January in GMT. */
	date_from_time((time_t)1704151800, &d);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 1);
	/* BST starts at 01:00 UTC on 31 March 2024: 00:59 UTC is GMT. */
	date_from_time((time_t)1711846740, &d);
	assert_int_equal(d.d, 31);
	/* BST ends 01:00 UTC on 27 October 2024; 23:30 UTC on the 26th is BST. */
	date_from_time((time_t)1729985400, &d);
	assert_int_equal(d.m, 10);
	assert_int_equal(d.d, 27);
}

static void
test_date_today(void **state)
{
	struct date	 d;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(date_today("2024-02-29", &d, &why), 0);
	assert_int_equal(d.d, 29);
	assert_int_equal(date_today("2024-02-30", &d, &why), -1);
	setenv("SOURCE_DATE_EPOCH", "1719876600", 1);
	assert_int_equal(date_today(NULL, &d, &why), 0);
	assert_int_equal(d.d, 2);
	setenv("SOURCE_DATE_EPOCH", "12abc", 1);
	assert_int_equal(date_today(NULL, &d, &why), -1);
	unsetenv("SOURCE_DATE_EPOCH");
}

static void
check_slug(const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;

	slug_heading(&b, in, strlen(in));
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_slug_heading(void **state)
{
	(void)state;
	check_slug("Hello World", "hello-world");
	check_slug("Stage 2: Manager to manager", "stage-2-manager-to-manager");
	check_slug("1/16 Introductions", "116-introductions");
	check_slug("What's new?", "whats-new");
	check_slug("A -- B", "a----b");
	check_slug("snake_case and-dash", "snake_case-and-dash");
	check_slug("Café crème", "café-crème");
	check_slug("Vision – values", "vision--values");
	check_slug("“Quoted”", "quoted");
	check_slug("!!!", "");
}

static void
check_id(const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;

	slug_id_from_file(&b, in);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_slug_id(void **state)
{
	(void)state;
	check_id("strategy-discussion.md", "strategy-discussion");
	check_id("Foo_Bar.html.md", "foo-bar");
	check_id("  Weird  Name!!.md", "weird-name");
	check_id("v1.2 draft.md", "v1-2-draft");
	check_id("___.md", "");
	check_id("Ôl-ofal.md", "ol-ofal");
	check_id("children’s services.md", "childrens-services");
	check_id("children's services.md", "childrens-services");
	check_id("Straße Æsir Œuvre.md", "strasse-aesir-oeuvre");
	check_id("Gwasanaethau Cymdeithasol ŵ ŷ.md",
	    "gwasanaethau-cymdeithasol-w-y");
	check_id("a × b.md", "a-b");
	check_id("Łódź – Ĳssel.md", "lodz-ijssel");
	check_id("日本.md", "");
	assert_true(slug_id_valid("abc-123"));
	assert_false(slug_id_valid("Abc"));
	assert_false(slug_id_valid("a b"));
	assert_false(slug_id_valid(""));
	assert_false(slug_id_valid("a/b"));
}

static void
test_escape(void **state)
{
	struct buf	 b = BUF_INIT;
	const char	*in = "<a href=\"x\">&'";

	(void)state;
	html_escape(&b, in, strlen(in));
	assert_string_equal(b.data,
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
	buf_reset(&b);
	json_escape(&b, "a\"b\\c\n</script>", 15);
	assert_string_equal(b.data, "a\\\"b\\\\c\\n\\u003c/script\\u003e");
	buf_reset(&b);
	csv_escape(&b, "a,b", 3);
	assert_string_equal(b.data, "\"a,b\"");
	buf_reset(&b);
	csv_escape(&b, "=SUM(A1)", 8);
	assert_string_equal(b.data, "\"'=SUM(A1)\"");
	buf_reset(&b);
	/* Blanks spreadsheets trim do not hide a formula. */
	csv_escape(&b, " \t=1+1", 6);
	assert_string_equal(b.data, "\"' \t=1+1\"");
	buf_reset(&b);
	csv_escape(&b, "\xc2\xa0@cmd", 6);
	assert_string_equal(b.data, "\"'\xc2\xa0@cmd\"");
	buf_reset(&b);
	csv_escape(&b, "\xe3\x80\x80-2", 5);
	assert_string_equal(b.data, "\"'\xe3\x80\x80-2\"");
	buf_reset(&b);
	csv_escape(&b, "\tplain", 6);
	assert_string_equal(b.data, "\"'\tplain\"");
	buf_reset(&b);
	csv_escape(&b, "  plain - text", 14);
	assert_string_equal(b.data, "  plain - text");
	buf_reset(&b);
	href_escape(&b, "/a b?x=1&y='2'", 14);
	assert_string_equal(b.data, "/a%20b?x=1&amp;y=&#39;2&#39;");
	buf_free(&b);
	assert_true(url_is_safe("https://example.org/"));
	assert_true(url_is_safe("../procedures/x.md#a:b"));
	assert_true(url_is_safe("mailto:someone@example.org"));
	assert_false(url_is_safe("javascript:alert(1)"));
	assert_false(url_is_safe("JavaScript:alert(1)"));
	assert_false(url_is_safe("data:text/html,x"));
	assert_false(url_is_safe("vbscript:x"));
}

/* lower_hex() against the rule written plainly, for every byte. */
static void
test_lower_hex(void **state)
{
	char	 key[41];
	int	 c, want;

	(void)state;
	memcpy(key, "0123456789abcdef0123456789abcdef01234567", 41);
	assert_true(lower_hex(key, 40));
	assert_true(lower_hex(key, 0));
	for (c = 0; c < 256; c++) {
		want = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
		key[39] = (char)c;
		assert_int_equal(lower_hex(key, 40), want);
		key[39] = '7';
		key[0] = (char)c;
		assert_int_equal(lower_hex(key, 40), want);
		/* Past n: not looked at. */
		assert_true(lower_hex(key + 1, 39));
		key[0] = '0';
	}
}

static void
test_strmap(void **state)
{
	struct strmap	 m = STRMAP_INIT;
	char		 key[32];
	int		 vals[5000], i;

	(void)state;
	assert_null(strmap_get(&m, "x"));
	for (i = 0; i < 5000; i++) {
		vals[i] = i;
		snprintf(key, sizeof(key), "k%d", i);
		assert_null(strmap_put(&m, key, &vals[i]));
	}
	assert_ptr_equal(strmap_put(&m, "k7", &vals[0]), &vals[7]);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_ptr_equal(strmap_get(&m, key), &vals[i]);
	}
	assert_int_equal(m.n, 5000);
	strmap_set(&m, "k7", &vals[1]);		/* replaces */
	assert_ptr_equal(strmap_get(&m, "k7"), &vals[1]);
	strmap_set(&m, "new", &vals[2]);	/* inserts */
	assert_ptr_equal(strmap_get(&m, "new"), &vals[2]);
	assert_int_equal(m.n, 5001);
	strmap_free(&m);
}

/* A flood of one kind is cut to DIAG_MAX_LIKE and a count; others stay. */
static void
test_diag_cap(void **state)
{
	struct diag	 d;
	size_t		 i, like = 0;
	char		*s;

	(void)state;
	diag_init(&d);
	for (i = 0; i < 250; i++)
		diag_add(&d, DIAG_ERROR, "f.md", i + 1, 1,
		    "unknown key 'k%zu'", i);
	for (i = 0; i < 3; i++)
		diag_add(&d, DIAG_WARNING, "f.md", 1000 + i, 1,
		    "link to '%zu' is odd", i);
	diag_add(&d, DIAG_ERROR, "g.md", 1, 1, "unknown key 'x'");
	diag_sort(&d);
	assert_int_equal(d.n, DIAG_MAX_LIKE + 1 + 3 + 1);
	assert_int_equal(d.nerrors, 251);
	for (i = 0; i < d.n; i++)
		if (strstr(d.v[i].msg, "unknown key") == d.v[i].msg)
			like++;
	assert_int_equal(like, DIAG_MAX_LIKE + 1);	/* g.md's too */
	s = diag_format(&d.v[DIAG_MAX_LIKE]);
	assert_string_equal(s, "f.md:101:1: error: 150 more like this left "
	    "out: unknown key 'k100'");
	free(s);
	diag_free(&d);
}

static void
test_read_file(void **state)
{
	char		 dir[] = "/tmp/folio-test-XXXXXX", path[64];
	struct buf	 b = BUF_INIT;
	struct diag	 d;
	FILE		*f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite("a\0b\n", 1, 4, f), 4);
	assert_int_equal(fclose(f), 0);
	/* Bytes as they are, appended, NUL included. */
	buf_puts(&b, "x");
	assert_int_equal(read_file_errno(path, &b), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "xa\0b\n", 5);
	buf_reset(&b);
	/* A folder and a missing file fail, saying why in errno. */
	errno = 0;
	assert_int_equal(read_file_errno(dir, &b), -1);
	assert_int_equal(errno, EISDIR);
	snprintf(path, sizeof(path), "%s/none", dir);
	errno = 0;
	assert_int_equal(read_file_errno(path, &b), -1);
	assert_int_equal(errno, ENOENT);
	/* read_file() records the same failures as diagnostics. */
	diag_init(&d);
	assert_int_equal(read_file(&d, dir, &b), -1);
	assert_int_equal(read_file(&d, path, &b), -1);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].msg, "not a regular file");
	assert_string_equal(d.v[1].msg,
	    "cannot open: No such file or directory");
	diag_free(&d);
	buf_free(&b);
	snprintf(path, sizeof(path), "%s/f", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_diag_copy_replay(void **state)
{
	struct diag		 d, again;
	struct diag_entry	*v;
	size_t			 n;

	(void)state;
	diag_init(&d);
	diag_add(&d, DIAG_WARNING, "before.md", 1, 1, "not copied");
	diag_add(&d, DIAG_ERROR, "a.md", 3, 7, "bad %s", "link");
	diag_add(&d, DIAG_WARNING, NULL, 0, 0, "about no file");
	v = diag_copy(&d, 1, &n);
	assert_int_equal(n, 2);
	diag_free(&d);		/* the copies are the copies' own */
	diag_init(&again);
	diag_add(&again, DIAG_WARNING, "z.md", 0, 0, "already here");
	diag_replay(&again, v, n);
	diag_replay(&again, v, n);
	assert_int_equal(again.n, 5);
	assert_int_equal(again.nerrors, 2);
	assert_int_equal(again.nwarnings, 3);
	assert_int_equal(again.v[1].level, DIAG_ERROR);
	assert_string_equal(again.v[1].file, "a.md");
	assert_int_equal(again.v[1].line, 3);
	assert_int_equal(again.v[1].col, 7);
	assert_string_equal(again.v[1].msg, "bad link");
	assert_null(again.v[2].file);
	assert_string_equal(again.v[2].msg, "about no file");
	assert_string_equal(again.v[4].msg, "about no file");
	diag_entries_free(v, n);
	/* Nothing after "first": an empty copy. */
	v = diag_copy(&again, again.n, &n);
	assert_int_equal(n, 0);
	diag_entries_free(v, n);
	diag_free(&again);
}

/* Sizes: each value one way, and every other byte string refused. */
static void
test_pack_sizes(void **state)
{
	static const size_t	 v[] = { 0, 1, 127, 128, 300, 16383, 16384,
	    (size_t)1 << 32, SIZE_MAX / 2, SIZE_MAX / 2 + 1, SIZE_MAX };
	static const struct {
		const char	*bytes;
		size_t		 len;
	} bad[] = {
		{ "", 0 },				/* nothing */
		{ "\x80", 1 },				/* cut short */
		{ "\xff\xff", 2 },
		{ "\x80\x00", 2 },			/* a needless 0 */
		{ "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10 },	/* 2^64 */
		{ "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x81\x00", 11 },
	};
	struct buf		 b = BUF_INIT;
	struct unpack		 u;
	size_t			 i, len;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		buf_reset(&b);
		pack_size(&b, v[i]);
		len = b.len;
		assert_true(len >= 1 && len <= 10);
		assert_true(v[i] >= 128 || len == 1);
		pack_size(&b, 7);
		u = (struct unpack)UNPACK_INIT(b.data, b.len);
		assert_true(unpack_size(&u) == v[i]);
		assert_int_equal(u.left, b.len - len);
		assert_int_equal(unpack_size(&u), 7);
		assert_int_equal(u.bad, 0);
		/* Cut anywhere: refused. */
		u = (struct unpack)UNPACK_INIT(b.data, len - 1);
		assert_int_equal(unpack_size(&u), 0);
		assert_int_equal(u.bad, 1);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u = (struct unpack)UNPACK_INIT(bad[i].bytes, bad[i].len);
		assert_int_equal(unpack_size(&u), 0);
		assert_int_equal(u.bad, 1);
		assert_int_equal(u.left, bad[i].len);
	}
	buf_free(&b);
}

static void
test_pack(void **state)
{
	struct buf	 b = BUF_INIT;
	struct unpack	 u = UNPACK_INIT(NULL, 0);
	struct diag	 d, got;
	char		*s;
	size_t		 n, cut, pre;

	(void)state;
	pack_size(&b, 42);
	pack_str(&b, "a\0b", 3);
	pack_str(&b, NULL, 0);
	pre = b.len;
	diag_init(&d);
	diag_add(&d, DIAG_WARNING, "skipped.md", 1, 1, "before first");
	diag_add(&d, DIAG_ERROR, "a.md", 3, 7, "tab\there,\nnewline");
	diag_add(&d, DIAG_WARNING, NULL, 0, 0, "no file");
	diag_pack(&b, &d, 1);
	diag_free(&d);

	u.p = b.data;
	u.left = b.len;
	assert_int_equal(unpack_size(&u), 42);
	s = unpack_str(&u, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(s, "a\0b", 4);
	free(s);
	s = unpack_str(&u, &n);
	assert_int_equal(n, 0);
	assert_string_equal(s, "");
	free(s);
	diag_init(&got);
	assert_int_equal(diag_unpack(&got, &u), 0);
	assert_int_equal(u.bad, 0);
	assert_int_equal(u.left, 0);
	assert_int_equal(got.n, 2);
	assert_int_equal(got.v[0].level, DIAG_ERROR);
	assert_string_equal(got.v[0].file, "a.md");
	assert_int_equal(got.v[0].line, 3);
	assert_int_equal(got.v[0].col, 7);
	assert_string_equal(got.v[0].msg, "tab\there,\nnewline");
	assert_null(got.v[1].file);
	assert_string_equal(got.v[1].msg, "no file");
	diag_free(&got);

	/* Cut anywhere inside the diagnostics: none is recorded. */
	for (cut = 1; cut < b.len - pre; cut++) {
		struct unpack v = UNPACK_INIT(b.data, b.len - cut);

		(void)unpack_size(&v);
		free(unpack_str(&v, NULL));
		free(unpack_str(&v, NULL));
		diag_init(&got);
		assert_int_equal(diag_unpack(&got, &v), -1);
		assert_int_equal(v.bad, 1);
		assert_int_equal(got.n, 0);
		diag_free(&got);
	}
	/* Reading past the end: 0, "", and bad. */
	assert_int_equal(unpack_size(&u), 0);
	assert_int_equal(u.bad, 1);
	s = unpack_str(&u, &n);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);
	free(s);
	buf_free(&b);
}

static void
test_output_log_line(void **state)
{
	const char	 log[] =
	    "00000000000000ff procedures/a/index.html\n"
	    "K 0123456789abcdef0123456789abcdef01234567 512 v1/index.html\n"
	    "#3 1\n"
	    "K short 1 x\n"
	    "0123456789abcdef\n"
	    "00000000000000ff a\0b\n"
	    "no newline at the end";
	const char	*p = log, *end = log + sizeof(log) - 1;
	struct log_line	 l;

	(void)state;
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_FILE);
	assert_int_equal(l.rellen, strlen("procedures/a/index.html"));
	assert_memory_equal(l.rel, "procedures/a/index.html", l.rellen);
	assert_int_equal(l.len, 16 + 1 + l.rellen);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_KEYED);
	assert_int_equal(l.keylen, 44);
	assert_memory_equal(l.text + 2,
	    "0123456789abcdef0123456789abcdef01234567 512", 44);
	assert_int_equal(l.rellen, strlen("v1/index.html"));
	assert_memory_equal(l.rel, "v1/index.html", l.rellen);
	/* The caller's own lines, malformed ones, and NUL bytes. */
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(l.len, 4);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	/* A last line without its newline is not whole. */
	assert_int_equal(output_log_line(&p, end, &l), -1);
	assert_int_equal(output_log_line(&end, end, &l), -1);
}

static void
test_output_log_kinds(void **state)
{
	const char	 log[] =
	    "F 120 procedures/a/index.html\n"
	    "U 7 static/x.css\n"
	    "G 0123456789abcdef0123456789abcdef01234567 12 11 procedures/a.md\n"
	    "F x y\n"
	    "G 0123456789abcdef0123456789abcdef01234567 12 procedures/a.md\n"
	    "K 0123456789ABCDEF0123456789abcdef01234567 5 v1/index.html\n"
	    "F 3 \n";
	const char	*p = log, *end = log + sizeof(log) - 1;
	struct log_line	 l;

	(void)state;
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_WRITTEN);
	assert_int_equal(l.size, 120);
	assert_memory_equal(l.rel, "procedures/a/index.html", l.rellen);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_KEPT);
	assert_int_equal(l.size, 7);
	assert_int_equal(l.rellen, strlen("static/x.css"));
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_GROUP);
	assert_int_equal(l.nfiles, 12);
	assert_int_equal(l.npages, 11);
	assert_memory_equal(l.rel, "procedures/a.md", l.rellen);
	/* A size that is no number, a group short of a count, a key not
	   in lowercase hex, a line without a name: none of them. */
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), 0);
	assert_int_equal(l.kind, LOG_OTHER);
	assert_int_equal(output_log_line(&p, end, &l), -1);
}

/* Write "text" to dir/rel, making its folder. */
static void
put_file(const char *dir, const char *rel, const char *text)
{
	char	 path[512], *slash;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		(void)mkdir(path, 0755);
		*slash = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* The text of dir/rel ("" when there is none). */
static const char *
file_text(const char *dir, const char *rel)
{
	static char	 text[256];
	char		 path[512];
	FILE		*f;
	size_t		 n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	text[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	return text;
}

static void
test_journal(void **state)
{
	char		 base[] = "/tmp/folio-journal-XXXXXX";
	char		 site[600], stage[600], path[700];
	const char	*j = "R new/index.html\nR page/index.html\n"
	    "R gone\nD old/index.html\nR .folio-output\n";
	struct stat	 st;

	(void)state;
	assert_non_null(mkdtemp(base));
	snprintf(site, sizeof(site), "%s/site", base);
	snprintf(stage, sizeof(stage), "%s/stage", base);
	assert_int_equal(mkdir(site, 0755), 0);
	assert_int_equal(mkdir(stage, 0755), 0);
	put_file(site, "page/index.html", "old page");
	put_file(site, "old/index.html", "removed");
	put_file(site, ".folio-output", "old marker");
	/* A folder where a file now goes, and the reverse. */
	put_file(site, "gone/index.html", "a folder before");
	put_file(stage, "gone", "a file now");
	put_file(stage, "new/index.html", "new page");
	put_file(stage, "page/index.html", "new text");
	put_file(stage, ".folio-output", "new marker");
	assert_int_equal(journal_pending(stage), 0);
	assert_int_equal(journal_write(stage, j, strlen(j)), 0);
	assert_int_equal(journal_pending(stage), 1);
	/* Killed after the first step: applying again finishes it. */
	snprintf(path, sizeof(path), "%s/new", site);
	(void)mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/new/index.html", stage);
	{
		char to[700];

		snprintf(to, sizeof(to), "%s/new/index.html", site);
		assert_int_equal(rename(path, to), 0);
	}
	assert_int_equal(journal_apply(stage, site), 0);
	assert_string_equal(file_text(site, "new/index.html"), "new page");
	assert_string_equal(file_text(site, "page/index.html"), "new text");
	assert_string_equal(file_text(site, "gone"), "a file now");
	assert_string_equal(file_text(site, ".folio-output"), "new marker");
	snprintf(path, sizeof(path), "%s/old", site);
	assert_int_equal(lstat(path, &st), -1);	/* emptied folder gone */
	/* Again: nothing left to move, nothing changes. */
	assert_int_equal(journal_apply(stage, site), 0);
	assert_string_equal(file_text(site, "page/index.html"), "new text");
	/* A journal naming a way out of the site is refused. */
	assert_int_equal(journal_write(stage, "D ../x\n", 7), 0);
	assert_int_equal(journal_apply(stage, site), -1);
	assert_int_equal(rmtree(base), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grow_and_detach),
		cmocka_unit_test(test_buf_printf_room),
		cmocka_unit_test(test_buf_embedded_nul),
		cmocka_unit_test(test_date_parse_valid),
		cmocka_unit_test(test_date_parse_invalid),
		cmocka_unit_test(test_date_days_roundtrip),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_date_partial),
		cmocka_unit_test(test_date_partial_invalid),
		cmocka_unit_test(test_date_period),
		cmocka_unit_test(test_date_london),
		cmocka_unit_test(test_date_today),
		cmocka_unit_test(test_slug_heading),
		cmocka_unit_test(test_slug_id),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_lower_hex),
		cmocka_unit_test(test_strmap),
		cmocka_unit_test(test_diag_cap),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_diag_copy_replay),
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_pack_sizes),
		cmocka_unit_test(test_output_log_line),
		cmocka_unit_test(test_output_log_kinds),
		cmocka_unit_test(test_journal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
