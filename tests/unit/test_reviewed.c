/*
 * test_reviewed.c: reviewed_edit() changes the bytes of the two date
 * values and nothing else: plain, double- and single-quoted values,
 * comments, empty values, keys given twice or only in the body, missing
 * keys (after owner:, else at the end of the front matter), and text
 * without front matter.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/reviewed.h"

/* Edit "in" with on 2026-11-20, next 2027-11-20; compare with "want". */
static void
expect(const char *in, const char *want)
{
	struct date	 on, next;
	struct buf	 out = BUF_INIT;
	const char	*why;

	assert_int_equal(date_parse("2026-11-20", 10, &on, &why), 0);
	assert_int_equal(date_parse("2027-11-20", 10, &next, &why), 0);
	if (want == NULL) {
		assert_int_equal(reviewed_edit(in, strlen(in), &on, &next,
		    &out), -1);
		buf_free(&out);
		return;
	}
	assert_int_equal(reviewed_edit(in, strlen(in), &on, &next, &out), 0);
	assert_string_equal(out.data, want);
	buf_free(&out);
}

static void
test_in_place(void **state)
{
	(void)state;
	expect("---\ntitle: X\nlast_reviewed: 2019-01-01\n"
	    "review_date: 2020-01-01\n---\n\nBody\n",
	    "---\ntitle: X\nlast_reviewed: 2026-11-20\n"
	    "review_date: 2027-11-20\n---\n\nBody\n");
	expect("---\nlast_reviewed: \"2019-01-01\"  # why\n"
	    "review_date:   '2020-01-01'#not a comment'\n---\n",
	    "---\nlast_reviewed: \"2026-11-20\"  # why\n"
	    "review_date:   '2027-11-20'#not a comment'\n---\n");
	expect("---\nlast_reviewed: 2019-01-01   # kept\n"
	    "review_date: 2020-01-01#part of the value\n---\n",
	    "---\nlast_reviewed: 2026-11-20   # kept\n"
	    "review_date: 2027-11-20\n---\n");
}

static void
test_empty_values(void **state)
{
	(void)state;
	expect("---\nlast_reviewed:\nreview_date:   # fill in\n---\n",
	    "---\nlast_reviewed: 2026-11-20\n"
	    "review_date:   2027-11-20 # fill in\n---\n");
}

static void
test_body_untouched(void **state)
{
	(void)state;
	/* Only front matter lines, and only the first of each key. */
	expect("---\nreview_date: 2020-01-01\nlast_reviewed: 2019-01-01\n"
	    "---\nlast_reviewed: 1999-01-01\n",
	    "---\nreview_date: 2027-11-20\nlast_reviewed: 2026-11-20\n"
	    "---\nlast_reviewed: 1999-01-01\n");
	/* A key that only starts the same is another key. */
	expect("---\nowner: A\nreview_dates: x\n---\n",
	    "---\nowner: A\nlast_reviewed: 2026-11-20\n"
	    "review_date: 2027-11-20\nreview_dates: x\n---\n");
}

static void
test_missing(void **state)
{
	(void)state;
	expect("---\ntitle: X\nowner: Tees  # group\napproved: 2020-01-01\n"
	    "review_date: 2020-01-01\n---\nBody\n",
	    "---\ntitle: X\nowner: Tees  # group\n"
	    "last_reviewed: 2026-11-20\napproved: 2020-01-01\n"
	    "review_date: 2027-11-20\n---\nBody\n");
	expect("---\ntitle: X\n...\nBody\n",
	    "---\ntitle: X\nlast_reviewed: 2026-11-20\n"
	    "review_date: 2027-11-20\n...\nBody\n");
}

static void
test_no_front_matter(void **state)
{
	(void)state;
	expect("title: X\n", NULL);
	expect("---\ntitle: X\nno closing line\n", NULL);
	expect("", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_place),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_body_untouched),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_no_front_matter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
