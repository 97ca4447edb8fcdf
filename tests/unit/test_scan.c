/*
 * test_scan.c: a document's scan result: copies are deep and equal,
 * packing and unpacking give back the same scan (empty, small and large
 * ones), and a short or damaged packet is refused without leaking.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/pack.h"
#include "../../src/scan.h"
#include "../../src/util.h"

/* A scan with nh headings, nl links and nm mention bytes, all distinct. */
static void
make_scan(struct scan *s, size_t nh, size_t nl, size_t nm)
{
	struct buf	 b = BUF_INIT;
	struct link	*l;
	size_t		 i;

	memset(s, 0, sizeof(*s));
	s->headings = xcalloc(nh + 1, sizeof(*s->headings));
	for (i = 0; i < nh; i++) {
		buf_reset(&b);
		buf_printf(&b, "Heading %zu", i);
		s->headings[i].level = (int)(i % 6) + 1;
		s->headings[i].text = xstrdup(b.data);
		buf_reset(&b);
		buf_printf(&b, "heading-%zu", i);
		s->headings[i].anchor = xstrdup(b.data);
	}
	s->nheadings = nh;
	for (i = 0; i < nl; i++) {
		l = scan_add_link(s);
		buf_reset(&b);
		buf_printf(&b, "doc:target-%zu#part", i);
		l->url = xstrdup(b.data);
		l->line = i + 1;
		l->col = i * 3 + 1;
		l->is_image = i % 5 == 0;
	}
	s->mentions = xcalloc(nm + 1, 1);
	for (i = 0; i < nm; i++)
		s->mentions[i] = i % 3 == 0;
	s->nmentions = nm;
	buf_reset(&b);
	for (i = 0; i < nh; i++)
		buf_printf(&b, "Words of part %zu.%c", i, i % 7 == 0 ? '\0' : ' ');
	s->plain_len = b.len;
	s->plain = buf_detach(&b);
}

/* Whether a and b hold the same scan, in storage that is not shared. */
static void
assert_same_scan(const struct scan *a, const struct scan *b)
{
	size_t	 i;

	assert_int_equal(a->nheadings, b->nheadings);
	for (i = 0; i < a->nheadings; i++) {
		assert_int_equal(a->headings[i].level, b->headings[i].level);
		assert_string_equal(a->headings[i].text, b->headings[i].text);
		assert_string_equal(a->headings[i].anchor,
		    b->headings[i].anchor);
		assert_ptr_not_equal(a->headings[i].text, b->headings[i].text);
	}
	assert_int_equal(a->nlinks, b->nlinks);
	assert_true(b->linkcap >= b->nlinks);
	for (i = 0; i < a->nlinks; i++) {
		assert_string_equal(a->links[i].url, b->links[i].url);
		assert_ptr_not_equal(a->links[i].url, b->links[i].url);
		assert_int_equal(a->links[i].line, b->links[i].line);
		assert_int_equal(a->links[i].col, b->links[i].col);
		assert_int_equal(a->links[i].is_image, b->links[i].is_image);
	}
	assert_int_equal(a->nmentions, b->nmentions);
	if (a->nmentions > 0)
		assert_memory_equal(a->mentions, b->mentions, a->nmentions);
	assert_int_equal(a->plain_len, b->plain_len);
	if (a->plain_len > 0)
		assert_memory_equal(a->plain, b->plain, a->plain_len);
	if (b->plain != NULL)
		assert_int_equal(b->plain[b->plain_len], '\0');
}

/* Pack "s", unpack it into a scan that held something else, compare. */
static void
round_trip(const struct scan *s)
{
	struct scan	 t;
	struct buf	 b = BUF_INIT;
	struct unpack	 u;

	make_scan(&t, 3, 9, 2);		/* replaced by the unpack */
	scan_pack(&b, s);
	pack_size(&b, 12345);		/* what the packet holds next */
	u = (struct unpack)UNPACK_INIT(b.data, b.len);
	assert_int_equal(scan_unpack(&t, &u), 0);
	assert_false(u.bad);
	assert_same_scan(s, &t);
	assert_int_equal(unpack_size(&u), 12345);
	assert_int_equal(u.left, 0);
	scan_free(&t);
	buf_free(&b);
}

static void
test_copy(void **state)
{
	struct scan	 s, c;

	(void)state;
	make_scan(&s, 4, 7, 5);
	make_scan(&c, 1, 1, 1);		/* freed by the copy */
	scan_copy(&c, &s);
	assert_same_scan(&s, &c);
	/* The copy grows on its own. */
	scan_add_link(&c)->url = xstrdup("extra");
	assert_int_equal(c.nlinks, s.nlinks + 1);
	assert_string_equal(c.links[s.nlinks].url, "extra");
	scan_free(&s);
	scan_free(&c);
	assert_null(c.headings);
	assert_null(c.links);
	assert_int_equal(c.nlinks, 0);
	assert_int_equal(c.linkcap, 0);
}

static void
test_copy_empty(void **state)
{
	struct scan	 s, c;

	(void)state;
	memset(&s, 0, sizeof(s));
	make_scan(&c, 2, 2, 2);
	scan_copy(&c, &s);
	assert_null(c.headings);
	assert_null(c.links);
	assert_null(c.mentions);
	assert_null(c.plain);
	assert_int_equal(c.nheadings + c.nlinks + c.nmentions + c.plain_len,
	    0);
	scan_free(&c);
	scan_free(&s);
}

static void
test_round_trip_empty(void **state)
{
	struct scan	 s;

	(void)state;
	memset(&s, 0, sizeof(s));
	round_trip(&s);
	make_scan(&s, 0, 0, 0);
	round_trip(&s);
	scan_free(&s);
}

static void
test_round_trip_small(void **state)
{
	struct scan	 s;

	(void)state;
	make_scan(&s, 1, 1, 1);
	round_trip(&s);
	scan_free(&s);
	make_scan(&s, 5, 3, 40);
	round_trip(&s);
	scan_free(&s);
}

static void
test_round_trip_large(void **state)
{
	struct scan	 s;

	(void)state;
	/* Past every power-of-two size a link array could have been cut to. */
	make_scan(&s, 3000, 4097, 1000);
	assert_true(s.linkcap >= 4097);
	round_trip(&s);
	scan_free(&s);
}

/* Every cut of a packet is refused, and what was read can be freed. */
static void
test_unpack_short(void **state)
{
	struct scan	 s, t;
	struct buf	 b = BUF_INIT;
	struct unpack	 u;
	size_t		 cut;

	(void)state;
	make_scan(&s, 3, 4, 6);
	scan_pack(&b, &s);
	for (cut = 0; cut < b.len; cut++) {
		memset(&t, 0, sizeof(t));
		u = (struct unpack)UNPACK_INIT(b.data, cut);
		assert_int_equal(scan_unpack(&t, &u), -1);
		assert_true(u.bad);
		assert_true(t.nheadings <= s.nheadings);
		assert_true(t.nlinks <= s.nlinks);
		scan_free(&t);
	}
	scan_free(&s);
	buf_free(&b);
}

/* A count larger than the packet could hold is not believed. */
static void
test_unpack_bad_count(void **state)
{
	struct scan	 t;
	struct buf	 b = BUF_INIT;
	struct unpack	 u;

	(void)state;
	memset(&t, 0, sizeof(t));
	pack_size(&b, (size_t)-1);	/* headings */
	u = (struct unpack)UNPACK_INIT(b.data, b.len);
	assert_int_equal(scan_unpack(&t, &u), -1);
	assert_int_equal(t.nheadings, 0);
	scan_free(&t);
	buf_reset(&b);
	pack_size(&b, 0);		/* headings */
	pack_size(&b, 1000000);		/* links */
	u = (struct unpack)UNPACK_INIT(b.data, b.len);
	assert_int_equal(scan_unpack(&t, &u), -1);
	assert_int_equal(t.nlinks, 0);
	scan_free(&t);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_copy_empty),
		cmocka_unit_test(test_round_trip_empty),
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_large),
		cmocka_unit_test(test_unpack_short),
		cmocka_unit_test(test_unpack_bad_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
