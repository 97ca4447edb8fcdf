/*
 * test_cache.c: unit tests for the page cache's entries (src/cache.c,
 * cache_entry_head and cache_entry_check): an entry reads back as its
 * page; another key's entry, a changed or missing byte anywhere, a size
 * written otherwise than the writer writes it (a leading zero, a sign)
 * are refused.  cache_put and cache_get round trip pages of every size
 * the reader handles apart (within its first read, past it, past many
 * reads), and a damaged entry is a miss, and is removed.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The file of entry "key" in cache "c". */
static void
entry_path(struct buf *p, const struct cache *c, const char *key)
{
	buf_reset(p);
	buf_printf(p, "%s/%.2s/%s", c->dir, key, key + 2);
}

static void
test_put_get(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 100, 171, 172, 173, 255,
				    256, 4096, 65535, 65536, 65537, 300000 };
	char			 tmpl[] = "/tmp/folio-test-cache-XXXXXX";
	struct cache		 c;
	struct buf		 page = BUF_INIT, got = BUF_INIT, p = BUF_INIT;
	FILE			*f;
	size_t			 i, k;
	long			 flen;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	c.dir = tmpl;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		buf_reset(&page);
		for (i = 0; i < sizes[k]; i++)
			buf_putc(&page, "abc\n\0xyz"[(i * 7 + k) % 8]);
		cache_put(&c, KEY, page.data, page.len);
		buf_puts(&got, "left over");
		assert_int_equal(cache_get(&c, KEY, &got), 0);
		assert_int_equal(got.len, page.len);
		assert_memory_equal(got.data, page.data, page.len);
		assert_int_equal(got.data[got.len], '\0');
		assert_int_equal(cache_get(&c, KEY2, &got), -1);
		assert_int_equal(got.len, 0);
	}
	/* A changed byte in the page, and in the header: a miss, removed. */
	entry_path(&p, &c, KEY);
	assert_non_null(f = fopen(p.data, "r+"));
	assert_int_equal(fseek(f, -2, SEEK_END), 0);
	assert_int_equal(fputc('#', f), '#');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cache_get(&c, KEY, &got), -1);
	assert_int_equal(got.len, 0);
	assert_int_equal(access(p.data, F_OK), -1);
	cache_put(&c, KEY, page.data, page.len);
	assert_non_null(f = fopen(p.data, "r+"));
	assert_int_equal(fputc('F', f), 'F');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cache_get(&c, KEY, &got), -1);
	assert_int_equal(access(p.data, F_OK), -1);
	/* Cut short, and a byte too many. */
	cache_put(&c, KEY, page.data, page.len);
	assert_non_null(f = fopen(p.data, "r"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((flen = ftell(f)) > 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(truncate(p.data, flen - 1), 0);
	assert_int_equal(cache_get(&c, KEY, &got), -1);
	cache_put(&c, KEY, page.data, page.len);
	assert_non_null(f = fopen(p.data, "a"));
	assert_int_equal(fputc('x', f), 'x');
	assert_int_equal(fclose(f), 0);
	assert_int_equal(cache_get(&c, KEY, &got), -1);
	/* The entry of another key, under this one's name. */
	cache_put(&c, KEY2, page.data, page.len);
	entry_path(&got, &c, KEY2);
	assert_int_equal(rename(got.data, p.data), 0);
	assert_int_equal(cache_get(&c, KEY, &got), -1);
	cache_drop(&c, KEY);
	buf_reset(&p);
	buf_printf(&p, "rm -rf '%s'", tmpl);
	assert_int_equal(system(p.data), 0);
	buf_free(&page);
	buf_free(&got);
	buf_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damage),
		cmocka_unit_test(test_size_as_written),
		cmocka_unit_test(test_put_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
