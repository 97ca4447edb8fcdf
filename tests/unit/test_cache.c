/*
 * test_cache.c: unit tests for the page cache's entries (src/cache.c,
 * cache_entry_head and cache_entry_check): an entry reads back as its
 * page; another key's entry, a changed or missing byte anywhere, a size
 * written otherwise than the writer writes it (a leading zero, a sign)
 * are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/cache.h"

#define KEY	"0123456789abcdef0123456789abcdef01234567"
#define KEY2	"ffffffffffffffffffffffffffffffffffffffff"
#define PAGE	"<!doctype html>\n<title>T</title>\n<p>Text.</p>\n"

/* The entry of PAGE under KEY in *e. */
static void
entry(struct buf *e, const char *page)
{
	cache_entry_head(e, KEY, page, strlen(page));
	buf_puts(e, page);
}

static void
test_round_trip(void **state)
{
	struct buf	 e = BUF_INIT;
	size_t		 page, len;

	(void)state;
	entry(&e, PAGE);
	assert_int_equal(cache_entry_check(KEY, &e, &page, &len), 0);
	assert_int_equal(len, strlen(PAGE));
	assert_memory_equal(e.data + page, PAGE, len);
	assert_int_equal(cache_entry_check(KEY2, &e, &page, &len), -1);
	buf_reset(&e);
	entry(&e, "");
	assert_int_equal(cache_entry_check(KEY, &e, &page, &len), 0);
	assert_int_equal(len, 0);
	buf_free(&e);
}

static void
test_damage(void **state)
{
	struct buf	 e = BUF_INIT;
	size_t		 page, len, i;

	(void)state;
	entry(&e, PAGE);
	for (i = 0; i < e.len; i++) {
		e.data[i] ^= 0x20;
		assert_int_equal(cache_entry_check(KEY, &e, &page, &len), -1);
		e.data[i] ^= 0x20;
	}
	while (e.len > 0) {
		e.len--;
		assert_int_equal(cache_entry_check(KEY, &e, &page, &len), -1);
	}
	buf_free(&e);
}

static void
test_size_as_written(void **state)
{
	struct buf	 e = BUF_INIT, bad = BUF_INIT;
	const char	*sp;
	size_t		 page, len, at;

	(void)state;
	entry(&e, "");
	/* "folio-cache 1 KEY 0 HASH\n": the size is after the key. */
	sp = strchr(e.data + 14 + 41, ' ');
	assert_non_null(sp);
	at = (size_t)(sp - e.data);
	buf_put(&bad, e.data, at - 1);
	buf_puts(&bad, "00");
	buf_put(&bad, e.data + at, e.len - at);
	assert_int_equal(cache_entry_check(KEY, &bad, &page, &len), -1);
	buf_reset(&bad);
	buf_put(&bad, e.data, at - 1);
	buf_puts(&bad, "+0");
	buf_put(&bad, e.data + at, e.len - at);
	assert_int_equal(cache_entry_check(KEY, &bad, &page, &len), -1);
	buf_free(&e);
	buf_free(&bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_size_as_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
