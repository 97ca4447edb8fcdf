/*
 * test_pool.c: the worker-process pool: every item's result comes back
 * once, in item order, whether the pool is run at once or started and
 * finished around other work; a worker that dies loses only its items.
 */
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
#include "../../src/pool.h"

struct	seen {
	size_t	 n;		/* items */
	size_t	 ntaken;	/* take() calls */
	size_t	 last;		/* the last item taken, + 1 */
	int	*taken;		/* per item: times taken */
	size_t	 die;		/* the worker doing this item dies; n: none */
	size_t	 big;		/* bytes of output per item */
	char	*mark;		/* a folder to note each item in, or NULL */
};

/* Item i's result: "item <i>" and then "big" bytes of its own. */
static void
work(size_t i, struct buf *out, void *arg)
{
	struct seen	*s = arg;
	size_t		 k;

	char		 path[64];
	FILE		*f;

	if (i == s->die)
		_exit(3);
	if (s->mark != NULL) {
		snprintf(path, sizeof(path), "%s/%zu", s->mark, i);
		if ((f = fopen(path, "w")) != NULL)
			fclose(f);
	}
	buf_printf(out, "item %zu;", i);
	for (k = 0; k < s->big; k++)
		buf_putc(out, (int)('a' + (i + k) % 26));
}

static void
take(size_t i, const char *data, size_t len, void *arg)
{
	struct seen	*s = arg;
	struct buf	 want = BUF_INIT;

	assert_true(i < s->n);
	assert_true(s->ntaken == 0 || i + 1 > s->last);	/* item order */
	work(i, &want, s);
	assert_int_equal(len, want.len);
	assert_memory_equal(data, want.data, len);
	buf_free(&want);
	s->taken[i]++;
	s->ntaken++;
	s->last = i + 1;
}

static void
seen_init(struct seen *s, size_t n, size_t big)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	s->die = n;
	s->big = big;
	s->taken = calloc(n, sizeof(*s->taken));
	assert_non_null(s->taken);
}

static void
test_run(void **state)
{
	struct seen	 s;
	size_t		 i;
	int		 runs;

	(void)state;
	for (runs = 0; runs < 2; runs++) {
		seen_init(&s, 101, 700);
		assert_int_equal(pool_run(s.n, 3, runs, work, take, &s), s.n);
		for (i = 0; i < s.n; i++)
			assert_int_equal(s.taken[i], 1);
		free(s.taken);
	}
	/* One worker, or nothing to do: nothing is forked or taken. */
	seen_init(&s, 10, 0);
	assert_int_equal(pool_run(s.n, 1, 0, work, take, &s), 0);
	assert_int_equal(pool_run(0, 4, 0, work, take, &s), 0);
	assert_int_equal(s.ntaken, 0);
	assert_null(pool_start(s.n, 1, 0, work, &s));
	assert_int_equal(pool_finish(NULL, take, &s), 0);
	free(s.taken);
}

/* How many of items 0..n-1 have been noted in "dir". */
static size_t
marked(const char *dir, size_t n)
{
	char	 path[64];
	size_t	 i, c = 0;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%zu", dir, i);
		c += access(path, F_OK) == 0;
	}
	return c;
}

static void
test_start_finish(void **state)
{
	struct seen	 s;
	struct pool	*p;
	char		 dir[] = "/tmp/folio-test-XXXXXX", path[64];
	size_t		 i;
	int		 tries;

	(void)state;
	/*
	 * Far more than a pipe holds, while this process does not read:
	 * the workers must still get through every item.
	 */
	seen_init(&s, 64, 16 * 1024);
	assert_non_null(s.mark = mkdtemp(dir));
	assert_non_null(p = pool_start(s.n, 2, 0, work, &s));
	for (tries = 0; tries < 500 && marked(dir, s.n) < s.n; tries++)
		usleep(10 * 1000);
	assert_int_equal(marked(dir, s.n), s.n);
	assert_int_equal(s.ntaken, 0);
	assert_int_equal(pool_finish(p, take, &s), s.n);
	for (i = 0; i < s.n; i++) {
		assert_int_equal(s.taken[i], 1);
		snprintf(path, sizeof(path), "%s/%zu", dir, i);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
	free(s.taken);
}

static void
test_worker_dies(void **state)
{
	struct seen	 s;
	size_t		 i;

	(void)state;
	/* With 2 workers taking every other item, item 5's worker dies. */
	seen_init(&s, 20, 10);
	s.die = 5;
	assert_int_equal(pool_finish(pool_start(s.n, 2, 0, work, &s), take,
	    &s), 10);
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.taken[i], i % 2 == 0);
	free(s.taken);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_start_finish),
		cmocka_unit_test(test_worker_dies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
