/*
 * test_wdiff.c: unit tests for src/wdiff.c (cmocka): exact flags for
 * small cases, a check on random pairs that the unmarked elements form a
 * common subsequence as long as the longest one (found by dynamic
 * programming here), a long sequence with a few edits, and sequences too
 * different to compare, which are marked replaced whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/util.h"
#include "../../src/wdiff.h"

/* Diff two strings of one-letter elements; flags as "0"/"1" strings. */
static void
check(const char *x, const char *y, const char *wantx, const char *wanty)
{
	size_t	 nx = strlen(x), ny = strlen(y), i, xv[64] = { 0 }, yv[64] = { 0 };
	char	 xc[64], yc[64];

	for (i = 0; i < nx; i++)
		xv[i] = (unsigned char)x[i];
	for (i = 0; i < ny; i++)
		yv[i] = (unsigned char)y[i];
	memset(xc, 0, sizeof(xc));
	memset(yc, 0, sizeof(yc));
	assert_int_equal(wdiff_seq(xv, nx, yv, ny, xc, yc), 0);
	for (i = 0; i < nx; i++)
		xc[i] = (char)('0' + xc[i]);
	for (i = 0; i < ny; i++)
		yc[i] = (char)('0' + yc[i]);
	xc[nx] = yc[ny] = '\0';
	assert_string_equal(xc, wantx);
	assert_string_equal(yc, wanty);
}

static void
test_small(void **state)
{
	(void)state;
	check("abc", "abc", "000", "000");
	check("abc", "abxc", "000", "0010");
	check("abxc", "abc", "0010", "000");
	check("abc", "axc", "010", "010");
	check("", "ab", "", "11");
	check("ab", "", "11", "");
	check("", "", "", "");
	check("abc", "xyz", "111", "111");
}

/* The length of a longest common subsequence, by dynamic programming. */
static size_t
lcs(const size_t *x, size_t nx, const size_t *y, size_t ny)
{
	size_t	*t = xcalloc((nx + 1) * (ny + 1), sizeof(*t)), i, j, r;

	for (i = 1; i <= nx; i++)
		for (j = 1; j <= ny; j++) {
			if (x[i - 1] == y[j - 1])
				r = t[(i - 1) * (ny + 1) + j - 1] + 1;
			else {
				r = t[(i - 1) * (ny + 1) + j];
				if (t[i * (ny + 1) + j - 1] > r)
					r = t[i * (ny + 1) + j - 1];
			}
			t[i * (ny + 1) + j] = r;
		}
	r = t[nx * (ny + 1) + ny];
	free(t);
	return r;
}

static void
test_random_shortest(void **state)
{
	uint32_t	 seed = 12345;
	size_t		 x[40], y[40], nx, ny, i, j, kept, round;
	char		 xc[40], yc[40];

	(void)state;
	for (round = 0; round < 2000; round++) {
		seed = seed * 1103515245u + 12345u;
		nx = (seed >> 16) % 40;
		seed = seed * 1103515245u + 12345u;
		ny = (seed >> 16) % 40;
		for (i = 0; i < nx; i++) {
			seed = seed * 1103515245u + 12345u;
			x[i] = (seed >> 16) % 4;
		}
		for (i = 0; i < ny; i++) {
			seed = seed * 1103515245u + 12345u;
			y[i] = (seed >> 16) % 4;
		}
		memset(xc, 0, sizeof(xc));
		memset(yc, 0, sizeof(yc));
		assert_int_equal(wdiff_seq(x, nx, y, ny, xc, yc), 0);
		/* The unmarked elements of both are the same sequence. */
		for (i = j = kept = 0;; i++, j++, kept++) {
			while (i < nx && xc[i])
				i++;
			while (j < ny && yc[j])
				j++;
			if (i == nx || j == ny)
				break;
			assert_int_equal(x[i], y[j]);
		}
		assert_int_equal(i, nx);
		assert_int_equal(j, ny);
		assert_int_equal(kept, lcs(x, nx, y, ny));
	}
}

static void
test_long_few_edits(void **state)
{
	size_t	 n = 200000, i, *x, *y, nd = 0, ni = 0;
	char	*xc, *yc;

	(void)state;
	x = xcalloc(n, sizeof(*x));
	y = xcalloc(n + 1, sizeof(*y));
	for (i = 0; i < n; i++)
		x[i] = y[i] = i % 1000;
	y[500] = 5000;		/* replaced */
	y[n - 10] = 6000;	/* replaced */
	xc = xcalloc(n, 1);
	yc = xcalloc(n + 1, 1);
	assert_int_equal(wdiff_seq(x, n, y, n, xc, yc), 0);
	for (i = 0; i < n; i++) {
		nd += xc[i];
		ni += yc[i];
	}
	assert_int_equal(nd, 2);
	assert_int_equal(ni, 2);
	assert_true(xc[500] && yc[500] && xc[n - 10] && yc[n - 10]);
	free(x);
	free(y);
	free(xc);
	free(yc);
}

static void
test_too_different(void **state)
{
	size_t	 n = 30000, i, *x, *y;
	char	*xc, *yc;

	(void)state;
	x = xcalloc(n, sizeof(*x));
	y = xcalloc(n, sizeof(*y));
	for (i = 0; i < n; i++) {
		x[i] = i;
		y[i] = n + i;
	}
	xc = xcalloc(n, 1);
	yc = xcalloc(n, 1);
	assert_int_equal(wdiff_seq(x, n, y, n, xc, yc), -1);
	for (i = 0; i < n; i++)
		assert_true(xc[i] == 1 && yc[i] == 1);
	free(x);
	free(y);
	free(xc);
	free(yc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_random_shortest),
		cmocka_unit_test(test_long_few_edits),
		cmocka_unit_test(test_too_different),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
