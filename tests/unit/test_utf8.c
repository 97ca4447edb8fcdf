/*
 * test_utf8.c: the UTF-8 decoder and encoder (RFC 3629), and the callers
 * that must agree with them: the source-text check and heading slugs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/readfile.h"
#include "../../src/slug.h"
#include "../../src/utf8.h"

/* Decode s (len bytes); return the length, the code point in *cp. */
static size_t
dec(const char *s, size_t len, uint32_t *cp)
{
	*cp = 0xdeadbeef;
	return utf8_decode((const unsigned char *)s, len, cp);
}

static void
test_decode_valid(void **state)
{
	uint32_t	 cp;

	(void)state;
	assert_int_equal(dec("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(dec("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
	assert_int_equal(dec("\x7f", 1, &cp), 1);
	assert_int_equal(cp, 0x7f);
	/* The first and last of each length. */
	assert_int_equal(dec("\xc2\x80", 2, &cp), 2);
	assert_int_equal(cp, 0x80);
	assert_int_equal(dec("\xdf\xbf", 2, &cp), 2);
	assert_int_equal(cp, 0x7ff);
	assert_int_equal(dec("\xe0\xa0\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x800);
	assert_int_equal(dec("\xef\xbf\xbf", 3, &cp), 3);
	assert_int_equal(cp, 0xffff);
	assert_int_equal(dec("\xf0\x90\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(dec("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	/* Either side of the surrogates. */
	assert_int_equal(dec("\xed\x9f\xbf", 3, &cp), 3);
	assert_int_equal(cp, 0xd7ff);
	assert_int_equal(dec("\xee\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0xe000);
	/* Only the first sequence is read. */
	assert_int_equal(dec("\xc3\xa9z", 3, &cp), 2);
	assert_int_equal(cp, 0xe9);
}

static void
test_decode_overlong(void **state)
{
	uint32_t	 cp;

	(void)state;
	assert_int_equal(dec("\xc0\x80", 2, &cp), 0);	/* U+0000 */
	assert_int_equal(dec("\xc1\x81", 2, &cp), 0);	/* 'A' */
	assert_int_equal(dec("\xe0\x80\xaf", 3, &cp), 0);	/* '/' */
	assert_int_equal(dec("\xe0\x9f\xbf", 3, &cp), 0);	/* U+07FF */
	assert_int_equal(dec("\xf0\x80\x80\xaf", 4, &cp), 0);
	assert_int_equal(dec("\xf0\x8f\xbf\xbf", 4, &cp), 0);	/* U+FFFF */
	assert_int_equal(cp, 0xdeadbeef);	/* left alone */
}

static void
test_decode_surrogate_and_range(void **state)
{
	uint32_t	 cp;

	(void)state;
	assert_int_equal(dec("\xed\xa0\x80", 3, &cp), 0);	/* U+D800 */
	assert_int_equal(dec("\xed\xbf\xbf", 3, &cp), 0);	/* U+DFFF */
	assert_int_equal(dec("\xf4\x90\x80\x80", 4, &cp), 0);	/* U+110000 */
	assert_int_equal(dec("\xf5\x80\x80\x80", 4, &cp), 0);
	assert_int_equal(dec("\xf7\xbf\xbf\xbf", 4, &cp), 0);
	assert_int_equal(dec("\xf8\x88\x80\x80\x80", 5, &cp), 0);
	assert_int_equal(dec("\xff", 1, &cp), 0);
	assert_int_equal(dec("\xfe", 1, &cp), 0);
}

static void
test_decode_truncated_and_stray(void **state)
{
	uint32_t	 cp;

	(void)state;
	/* Cut short by the end of the input, or by another character. */
	assert_int_equal(dec("\xc3", 1, &cp), 0);
	assert_int_equal(dec("\xe2\x82", 2, &cp), 0);
	assert_int_equal(dec("\xf0\x9f\x98", 3, &cp), 0);
	assert_int_equal(dec("\xe2\x82\xac", 2, &cp), 0);	/* len wins */
	assert_int_equal(dec("\xc3" "A", 2, &cp), 0);
	assert_int_equal(dec("\xe2\x82" "A", 3, &cp), 0);
	assert_int_equal(dec("\xf0\x9f\x98" "A", 4, &cp), 0);
	/* A continuation byte on its own. */
	assert_int_equal(dec("\x80", 1, &cp), 0);
	assert_int_equal(dec("\xbf\xbf", 2, &cp), 0);
	assert_int_equal(cp, 0xdeadbeef);
}

static void
check_encode(uint32_t cp, const char *want)
{
	char		 out[UTF8_MAX];
	size_t		 n;
	uint32_t	 back;

	n = utf8_encode(cp, out);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(out, want, n);
	assert_int_equal(utf8_decode((const unsigned char *)out, n, &back), n);
	if (strcmp(want, "\xef\xbf\xbd") != 0)
		assert_int_equal(back, cp);
}

static void
test_encode(void **state)
{
	uint32_t	 cp, back;
	char		 out[UTF8_MAX];
	size_t		 n;

	(void)state;
	check_encode('a', "a");
	check_encode(0x7f, "\x7f");
	check_encode(0x80, "\xc2\x80");
	check_encode(0xe9, "\xc3\xa9");
	check_encode(0x7ff, "\xdf\xbf");
	check_encode(0x800, "\xe0\xa0\x80");
	check_encode(0x20ac, "\xe2\x82\xac");
	check_encode(0xffff, "\xef\xbf\xbf");
	check_encode(0x10000, "\xf0\x90\x80\x80");
	check_encode(0x1f600, "\xf0\x9f\x98\x80");
	check_encode(0x10ffff, "\xf4\x8f\xbf\xbf");
	/* What UTF-8 cannot carry becomes U+FFFD. */
	check_encode(0xd800, "\xef\xbf\xbd");
	check_encode(0xdfff, "\xef\xbf\xbd");
	check_encode(0x110000, "\xef\xbf\xbd");
	check_encode(0xffffffff, "\xef\xbf\xbd");
	/* Every scalar value goes there and back. */
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp == 0xd800)
			cp = 0xe000;
		n = utf8_encode(cp, out);
		assert_int_equal(utf8_decode((const unsigned char *)out, n,
		    &back), n);
		assert_int_equal(back, cp);
	}
}

/* Where text_check() finds the first bad byte of s, as "line:col". */
static void
check_text(const char *s, size_t len, size_t wline, size_t wcol)
{
	size_t		 line = 0, col = 0;
	const char	*why = NULL;

	assert_int_equal(text_check(s, len, &line, &col, &why), -1);
	assert_non_null(why);
	assert_int_equal(line, wline);
	assert_int_equal(col, wcol);
}

static void
test_text_check(void **state)
{
	size_t		 line, col;
	const char	*why;
	const char	 ok[] = "caf\xc3\xa9\n\xe2\x82\xac 5\n"
	    "\xf0\x9f\x98\x80\n";

	(void)state;
	assert_int_equal(text_check(ok, sizeof(ok) - 1, &line, &col, &why),
	    0);
	check_text("ab\xc0\xaf", 4, 1, 3);		/* overlong */
	check_text("x\n\xed\xa0\x80", 5, 2, 1);		/* surrogate */
	check_text("x\ny\nabc\xf4\x90\x80\x80", 11, 3, 4);	/* too big */
	check_text("end \xe2\x82", 6, 1, 5);		/* truncated */
	check_text("a\0b", 3, 1, 2);			/* NUL */
	/* Past runs of ASCII read eight bytes at a time. */
	check_text("01234567\0tail", 13, 1, 9);
	check_text("0123456789abcdef\nxyz01234567\xff", 29, 2, 12);
	check_text("abcdefg\xe2\x82", 9, 1, 8);
	check_text("a\nbcdefghij\n\nklmnopqrstuvwx\xc3(", 29, 4, 15);
	check_text("0123456789abcdef01234567\x80", 25, 1, 25);
	assert_int_equal(text_check("0123456789abcdef\n\xc3\xa9t\xc3\xa9 "
	    "01234567\n", 32, &line, &col, &why), 0);
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
test_slug(void **state)
{
	(void)state;
	/* Well-formed text: letters kept, punctuation dropped. */
	check_slug("Caf\xc3\xa9 \xe2\x80\x94 Menu", "caf\xc3\xa9--menu");
	check_slug("\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1",
	    "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1");
	check_slug("\xf0\x9f\x98\x80 Smile", "-smile");
	/* Bytes that start no character are dropped, one by one. */
	check_slug("A\xc1\x81" "B", "ab");		/* overlong 'A' */
	check_slug("x\xed\xa0\x80y", "xy");		/* surrogate */
	check_slug("end\xe2\x82", "end");		/* truncated */
	check_slug("\xff" "ok", "ok");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_overlong),
		cmocka_unit_test(test_decode_surrogate_and_range),
		cmocka_unit_test(test_decode_truncated_and_stray),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_slug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
