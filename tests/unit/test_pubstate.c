/*
 * test_pubstate.c: unit tests for src/pubstate.c (cmocka): a version's
 * status, and whether two versions differ only in review details.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/pubstate.h"

static void
rd(const char *text, struct pubstate *ps)
{
	pubstate_read(text, strlen(text), ps);
}

/* Whether b is a review of a. */
static int
is_review(const char *a, const char *b)
{
	struct pubstate	 x = PUBSTATE_INIT, y = PUBSTATE_INIT;
	int		 r;

	rd(a, &x);
	rd(b, &y);
	r = pubstate_is_review(&x, &y);
	pubstate_free(&x);
	pubstate_free(&y);
	return r;
}

static void
test_status(void **state)
{
	struct pubstate	 ps = PUBSTATE_INIT;

	(void)state;
	rd("---\ntitle: T\nstatus: draft\n---\nBody\n", &ps);
	assert_int_equal(ps.status, PUB_DRAFT);
	rd("---\ntitle: T\n---\nBody\n", &ps);
	assert_int_equal(ps.status, PUB_CURRENT);
	rd("---\ntitle: T\nstatus: withdrawn\n---\n", &ps);
	assert_int_equal(ps.status, PUB_WITHDRAWN);
	assert_int_equal(ps.superseded_by.len, 0);
	rd("---\nstatus: superseded\nsuperseded_by: new-one\n---\n", &ps);
	assert_int_equal(ps.status, PUB_SUPERSEDED);
	assert_string_equal(ps.superseded_by.data, "new-one");
	/* No front matter, or bad YAML: all text, current. */
	rd("Just text, status: draft\n", &ps);
	assert_int_equal(ps.status, PUB_CURRENT);
	rd("---\ntitle: [unclosed\n---\nBody\n", &ps);
	assert_int_equal(ps.status, PUB_CURRENT);
	rd("", &ps);
	assert_int_equal(ps.status, PUB_CURRENT);
	/* Written on Windows. */
	rd("---\r\ntitle: T\r\nstatus: draft\r\n---\r\nBody\r\n", &ps);
	assert_int_equal(ps.status, PUB_DRAFT);
	pubstate_free(&ps);
}

static void
test_review(void **state)
{
	const char	*a = "---\ntitle: T\nowner: O\nreview_date: 2025-01-01\n"
			    "---\nBody text.\n";

	(void)state;
	/* Each review detail alone, and together. */
	assert_true(is_review(a, "---\ntitle: T\nowner: O\n"
	    "review_date: 2026-01-01\n---\nBody text.\n"));
	assert_true(is_review(a, "---\ntitle: T\nowner: P\n"
	    "review_date: 2025-01-01\n---\nBody text.\n"));
	assert_true(is_review(a, "---\ntitle: T\nowner: O\n"
	    "review_date: 2026-01-01\nlast_reviewed: 2025-01-01\n---\n"
	    "Body text.\n"));
	/* The body, another field, or the status changed: not a review. */
	assert_false(is_review(a, "---\ntitle: T\nowner: O\n"
	    "review_date: 2026-01-01\n---\nBody text!\n"));
	assert_false(is_review(a, "---\ntitle: U\nowner: O\n"
	    "review_date: 2026-01-01\n---\nBody text.\n"));
	assert_false(is_review(a, "---\ntitle: T\nowner: O\n"
	    "review_date: 2026-01-01\nstatus: withdrawn\n---\nBody text.\n"));
	/* Nothing changed: not a review either. */
	assert_false(is_review(a, a));
	/* A value's quoting is a change of the text ("yes" is not yes). */
	assert_false(is_review("---\ntitle: T\nx: yes\nowner: O\n---\nB\n",
	    "---\ntitle: T\nx: \"yes\"\nowner: P\n---\nB\n"));
	assert_true(is_review(a, "---\r\ntitle: T\r\nowner: O\r\n"
	    "review_date: 2026-01-01\r\n---\r\nBody text.\r\n"));
	/* Front matter read as text when it cannot be parsed. */
	assert_false(is_review("No front matter.\n", "No front matter!\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_review),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
