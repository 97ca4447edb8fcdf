/*
 * test_pool.c: the worker-process pool: every item's result comes back
 * once, in item order, whether the pool is run at once or started and
 * finished around other work; a worker that dies loses only its items;
 * a worker held up by a long item leaves the rest to the others.
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
	size_t		 i, got, n;

	(void)state;
	/*
	 * Item 5's worker dies, losing what it held (these workers send at
	 * the end); the items after 5 are all the other worker's, since
	 * the workers take items in order.
	 */
	seen_init(&s, 20, 10);
	s.die = 5;
	got = pool_finish(pool_start(s.n, 2, 0, work, &s), take, &s);
	for (i = 0, n = 0; i < s.n; i++) {
		assert_true(s.taken[i] <= 1);
		if (i >= 5)
			assert_int_equal(s.taken[i], i > 5);
		n += (size_t)s.taken[i];
	}
	assert_int_equal(got, n);
	free(s.taken);
	/* Runs: the dying worker's run (items 0..9) is lost, the rest not. */
	seen_init(&s, 20, 10);
	s.die = 5;
	assert_int_equal(pool_run(s.n, 2, 1, work, take, &s), 10);
	for (i = 0; i < s.n; i++)
		assert_int_equal(s.taken[i], i >= 10);
	free(s.taken);
}

/* Item i's result is the worker's pid; item 0 takes 0.3 s. */
static void
work_pid(size_t i, struct buf *out, void *arg)
{
	(void)arg;
	if (i == 0)
		usleep(300 * 1000);
	buf_printf(out, "%ld", (long)getpid());
}

static void
take_pid(size_t i, const char *data, size_t len, void *arg)
{
	long	*pids = arg;

	assert_true(len > 0 && len < 20);
	pids[i] = strtol(data, NULL, 10);
}

static void
test_shared_out(void **state)
{
	long	 pids[40];
	size_t	 i, other = 0;

	(void)state;
	/*
	 * One long item does not hold up the rest: while its worker is
	 * busy with it, the other takes every other item.
	 */
	memset(pids, 0, sizeof(pids));
	assert_int_equal(pool_run(40, 2, 0, work_pid, take_pid, pids), 40);
	for (i = 1; i < 40; i++)
		other += pids[i] != pids[0];
	assert_true(other >= 38);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_start_finish),
		cmocka_unit_test(test_worker_dies),
		cmocka_unit_test(test_shared_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
