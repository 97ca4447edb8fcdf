/*
 * fuzz_cache.c: libFuzzer target for the page cache's entry reader
 * (cache.c), which reads files from a folder that other builds, other
 * branches' CI jobs or damage may have written.
 *
 * The input's first byte chooses: even, the rest is an entry file read
 * as it is, for a fixed key; odd, the rest is a page, kept as an entry
 * the way cache_store() writes it, which must read back as exactly that
 * page, and then with one byte changed (the position from the second
 * byte), which must be refused.  An entry that is accepted holds its
 * key, its page runs to the end of the file, and the hash in its header
 * line is the page's.
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/cache.h"
#include "../src/util.h"
#include "fuzz.h"

#define KEY	"0123456789abcdef0123456789abcdef01234567"

/* An entry cache_entry_check() accepted for KEY. */
static void
check_accepted(const struct buf *e, size_t page, size_t len)
{
	struct buf	 body, head = BUF_INIT;

	FUZZ_CHECK(page <= e->len && page + len == e->len);
	FUZZ_CHECK(page > 14 + 40 && memcmp(e->data + 14, KEY, 40) == 0);
	body.data = e->data + page;
	body.len = len;
	cache_entry_head(&head, KEY, body.data, body.len);
	FUZZ_CHECK(head.len == page && memcmp(head.data, e->data, page) == 0);
	buf_free(&head);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 e = BUF_INIT;
	size_t		 page, len, at, hl;

	if (size < 2)
		return 0;
	if (data[0] % 2 == 0) {
		buf_put(&e, (const char *)data + 1, size - 1);
		if (cache_entry_check(KEY, &e, &page, &len) == 0)
			check_accepted(&e, page, len);
		buf_free(&e);
		return 0;
	}
	cache_entry_head(&e, KEY, (const char *)data + 2, size - 2);
	hl = e.len;
	buf_put(&e, (const char *)data + 2, size - 2);
	FUZZ_CHECK(cache_entry_check(KEY, &e, &page, &len) == 0);
	FUZZ_CHECK(page == hl && len == size - 2 &&
	    memcmp(e.data + page, data + 2, len) == 0);
	check_accepted(&e, page, len);
	/* Any one byte changed, in the header or the page: refused. */
	at = data[1] * (e.len / 256 + 1) % e.len;
	e.data[at] ^= (char)(1 + data[1] % 255);
	FUZZ_CHECK(cache_entry_check(KEY, &e, &page, &len) == -1);
	/* Cut short by one byte: refused. */
	e.data[at] ^= (char)(1 + data[1] % 255);
	e.len--;
	FUZZ_CHECK(cache_entry_check(KEY, &e, &page, &len) == -1);
	buf_free(&e);
	return 0;
}
