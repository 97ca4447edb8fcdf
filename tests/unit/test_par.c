/*
 * test_par.c: par_for() calls its function once for every item, from
 * however many threads, and in order when it runs them itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/par.h"

struct	calls {
	unsigned char	*times;	/* per item: how often it was called */
	size_t		*order;	/* per call, when one thread runs: item */
	size_t		 ncalls;
	int		 ordered;
};

static void
count(size_t i, void *arg)
{
	struct calls	*c = arg;

	c->times[i]++;	/* each item's own byte: no other call writes it */
	if (c->ordered)
		c->order[c->ncalls++] = i;
}

static void
check_once(size_t n, int jobs)
{
	struct calls	 c;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	c.times = calloc(n + 1, 1);
	assert_non_null(c.times);
	par_for(n, jobs, count, &c);
	for (i = 0; i < n; i++)
		assert_int_equal(c.times[i], 1);
	assert_int_equal(c.times[n], 0);
	free(c.times);
}

static void
test_every_item_once(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 2, 15, 16, 17, 31, 32,
				    33, 100, 1000, 100003 };
	static const int	 jobs[] = { 1, 2, 3, 4, 8, 64, 0 };
	size_t			 i, k;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++)
			check_once(sizes[i], jobs[k]);
}

static void
test_one_job_in_order(void **state)
{
	struct calls	 c;
	size_t		 i, n = 500;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.times = calloc(n, 1);
	c.order = calloc(n, sizeof(*c.order));
	c.ordered = 1;
	assert_non_null(c.times);
	assert_non_null(c.order);
	par_for(n, 1, count, &c);
	assert_int_equal(c.ncalls, n);
	for (i = 0; i < n; i++)
		assert_int_equal(c.order[i], i);
	free(c.times);
	free(c.order);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_item_once),
		cmocka_unit_test(test_one_job_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
