/*
 * fuzz_marker.c: libFuzzer target for the reader of output logs and of
 * the output folder's marker file (output_log_line), which a build reads
 * from the site it replaces: a file anyone able to write that folder
 * may have changed.
 *
 * Every line is read until none is whole.  Each stays inside the input
 * and ends at a newline; a file line (F, U, K) or a group (G) names
 * something, inside its line, and holds no NUL byte; a size or count is
 * the decimal number written in the line; a key is 40 lowercase hex
 * digits.
 */
#include <string.h>

#include "../src/output.h"
#include "fuzz.h"

/* Whether t[0..n) are lowercase hex digits. */
static int
hex40(const char *t)
{
	size_t	 i;

	for (i = 0; i < 40; i++)
		if (!((t[i] >= '0' && t[i] <= '9') ||
		    (t[i] >= 'a' && t[i] <= 'f')))
			return 0;
	return 1;
}

/* The decimal number starting at *t, *t moved past it and one space. */
static size_t
number(const char **t)
{
	size_t	 n = 0;

	for (; **t >= '0' && **t <= '9'; (*t)++)
		n = n * 10 + (size_t)(**t - '0');
	FUZZ_CHECK(**t == ' ');
	(*t)++;
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*start = (const char *)data, *p = start;
	const char	*end = start + size, *q;
	struct log_line	 l;

	while (output_log_line(&p, end, &l) == 0) {
		FUZZ_CHECK(l.text >= start && l.text + l.len < end);
		FUZZ_CHECK(l.text[l.len] == '\n' && p == l.text + l.len + 1);
		FUZZ_CHECK(memchr(l.text, '\n', l.len) == NULL);
		if (l.kind == LOG_OTHER)
			continue;
		FUZZ_CHECK(memchr(l.text, '\0', l.len) == NULL);
		FUZZ_CHECK(l.rellen > 0 && l.rel > l.text &&
		    l.rel + l.rellen == l.text + l.len);
		q = l.text + 2;
		switch (l.kind) {
		case LOG_KEYED:
			FUZZ_CHECK(hex40(q) && q[40] == ' ');
			q += 41;
			FUZZ_CHECK(number(&q) == l.size && q == l.rel);
			FUZZ_CHECK(l.keylen == (size_t)(l.rel - 1 - l.text - 2));
			break;
		case LOG_GROUP:
			FUZZ_CHECK(hex40(q) && q[40] == ' ' && l.keylen == 40);
			q += 41;
			FUZZ_CHECK(number(&q) == l.nfiles);
			FUZZ_CHECK(number(&q) == l.npages && q == l.rel);
			break;
		case LOG_WRITTEN:
		case LOG_KEPT:
			FUZZ_CHECK(l.text[0] == (l.kind == LOG_WRITTEN ?
			    'F' : 'U'));
			FUZZ_CHECK(number(&q) == l.size && q == l.rel);
			break;
		case LOG_FILE:
			FUZZ_CHECK(l.rel == l.text + 17 && l.text[16] == ' ');
			break;
		default:
			FUZZ_CHECK(0);
		}
	}
	return 0;
}
