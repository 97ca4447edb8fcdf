/*
 * test_matcher.c: unit tests for src/matcher.c (cmocka).
 *
 * The hand-written cases pin down each rule in matcher.h; the property
 * test compares the automaton with a deliberately naive reference (try
 * every pattern at every byte) on random patterns and texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/matcher.h"
#include "../../src/util.h"

/* A growable list of hits; "stop_after" > 0 stops the scan early. */
struct	hits {
	struct matcher_hit	*v;
	size_t			 n;
	size_t			 cap;
	size_t			 stop_after;
};

static void
hits_push(struct hits *h, const struct matcher_hit *hit)
{
	if (h->n == h->cap) {
		h->cap = h->cap != 0 ? h->cap * 2 : 16;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	h->v[h->n++] = *hit;
}

static int
collect(void *arg, const struct matcher_hit *hit)
{
	struct hits	*h = arg;

	hits_push(h, hit);
	return h->stop_after != 0 && h->n >= h->stop_after;
}

/*
 * Scan "text" and return the hits as "id:matched text|" for each, in
 * order (caller frees).
 */
static char *
scan_str(const struct matcher *m, const char *text)
{
	struct hits	 h = { NULL, 0, 0, 0 };
	struct buf	 b = BUF_INIT;
	size_t		 i;

	matcher_scan(m, text, strlen(text), collect, &h);
	for (i = 0; i < h.n; i++) {
		assert_true(h.v[i].start + h.v[i].len <= strlen(text));
		buf_printf(&b, "%d:%.*s|", h.v[i].id, (int)h.v[i].len,
		    text + h.v[i].start);
	}
	free(h.v);
	return buf_detach(&b);
}

/* Assert that scanning "text" gives exactly "want" (see scan_str()). */
static void
check_scan(const struct matcher *m, const char *text, const char *want)
{
	char	*got = scan_str(m, text);

	if (strcmp(got, want) != 0)
		print_error("text \"%s\"\n", text);
	assert_string_equal(got, want);
	free(got);
}

static void
test_acronym_exact_case(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "MARAC", 0, 1);
	matcher_add(m, "DA", 0, 2);
	matcher_build(m);
	check_scan(m, "MARAC", "1:MARAC|");
	check_scan(m, "Marac marac mARAC", "");
	check_scan(m, "the DA and the DATA and ADA", "2:DA|");
	check_scan(m, "Da da dA", "");
	check_scan(m, "DA MARAC DA", "2:DA|1:MARAC|2:DA|");
	matcher_free(m);
}

static void
test_folded_names(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "Cleveland Police", 1, 7);
	matcher_build(m);
	check_scan(m, "Cleveland Police said", "7:Cleveland Police|");
	check_scan(m, "cleveland police", "7:cleveland police|");
	check_scan(m, "CLEVELAND POLICE.", "7:CLEVELAND POLICE|");
	check_scan(m, "Cleveland Policeman", "");
	check_scan(m, "Cleveland-Police", "");
	matcher_free(m);
}

static void
test_word_boundaries(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "MARAC", 0, 1);
	matcher_build(m);
	check_scan(m, "MARAC,", "1:MARAC|");
	check_scan(m, "(MARAC)", "1:MARAC|");
	check_scan(m, "\"MARAC\".", "1:MARAC|");
	check_scan(m, "see MARAC's minutes", "1:MARAC|");
	check_scan(m, "MARACs", "");
	check_scan(m, "xMARAC", "");
	check_scan(m, "_MARAC", "");
	check_scan(m, "MARAC_", "");
	check_scan(m, "MARAC1 2MARAC", "");
	check_scan(m, "MARAC-MARAC", "1:MARAC|1:MARAC|");
	matcher_free(m);
}

static void
test_utf8_neighbours(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "MARAC", 0, 1);
	matcher_add(m, "Société Générale", 1, 2);
	matcher_build(m);
	check_scan(m, "éMARAC", "");
	check_scan(m, "MARACé", "");
	check_scan(m, "\xce\xb1MARAC", "");	/* Greek alpha */
	check_scan(m, "é MARAC é", "1:MARAC|");
	/* Non-ASCII bytes compare exactly, even when folding. */
	check_scan(m, "la SOCIéTé GéNéRALE", "2:SOCIéTé GéNéRALE|");
	check_scan(m, "la SOCIÉTÉ GÉNÉRALE", "");
	matcher_free(m);
}

static void
test_curly_apostrophe(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "Children's Society", 1, 1);
	matcher_add(m, "MARAC", 0, 2);
	matcher_add(m, "Women\xe2\x80\x99s Aid", 1, 3);
	matcher_build(m);
	check_scan(m, "The Children\xe2\x80\x99s Society.",
	    "1:Children\xe2\x80\x99s Society|");
	check_scan(m, "The Children's Society.", "1:Children's Society|");
	check_scan(m, "Women's Aid", "3:Women's Aid|");
	/* Curly quotes and dashes next to a match are punctuation. */
	check_scan(m, "MARAC\xe2\x80\x99s and \xe2\x80\x98MARAC\xe2\x80\x99",
	    "2:MARAC|2:MARAC|");
	check_scan(m, "\xe2\x80\x9cMARAC\xe2\x80\x9d\xe2\x80\x94MARAC\xe2\x80\xa6",
	    "2:MARAC|2:MARAC|");
	check_scan(m, "MARAC\xc2\xa0x", "2:MARAC|");
	/* Other characters >= 0x80 are letters (€ is E2 82 AC). */
	check_scan(m, "\xe2\x82\xacMARAC MARAC\xe2\x81\xb0", "");
	/* A truncated U+2019 is just bytes >= 0x80. */
	check_scan(m, "MARAC\xe2\x80", "");
	matcher_free(m);
}

static void
test_leftmost_longest(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "Police", 1, 1);
	matcher_add(m, "Cleveland Police", 1, 2);
	matcher_add(m, "Children", 1, 3);
	matcher_add(m, "Children's Society", 1, 4);
	matcher_add(m, "a b", 0, 5);
	matcher_add(m, "b c d", 0, 6);
	matcher_add(m, "c", 0, 7);
	matcher_build(m);
	check_scan(m, "Cleveland Police", "2:Cleveland Police|");
	check_scan(m, "Durham Police", "1:Police|");
	check_scan(m, "the Children's Society", "4:Children's Society|");
	/* The longer one is not a whole word: fall back to the shorter. */
	check_scan(m, "the Children's Societyx", "3:Children|");
	check_scan(m, "Children's Societies", "3:Children|");
	/* Leftmost wins over longer; overlaps are dropped. */
	check_scan(m, "a b c d", "5:a b|7:c|");
	check_scan(m, "b c d", "6:b c d|");
	check_scan(m, "x b c d c", "6:b c d|7:c|");
	matcher_free(m);
}

/* A pattern inside a longer one that fails further on is still found. */
static void
test_inside_failed_longer(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "North East Police Force", 1, 1);
	matcher_add(m, "Police", 1, 2);
	matcher_add(m, "East", 1, 3);
	matcher_add(m, "ab", 0, 4);
	matcher_build(m);
	check_scan(m, "North East Police Service", "3:East|2:Police|");
	check_scan(m, "North East Police Force", "1:North East Police Force|");
	check_scan(m, "North East Police Forces", "3:East|2:Police|");
	/* Not from the middle of a word, even after a false start. */
	check_scan(m, "aab xab ab", "4:ab|");
	check_scan(m, "NorthEast Police", "2:Police|");
	matcher_free(m);
}

/* Punctuation at either end of a pattern. */
static void
test_punctuation_in_patterns(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "C++", 0, 1);
	matcher_add(m, "(MARAC)", 0, 2);
	matcher_add(m, "St. Helens Council", 1, 3);
	matcher_build(m);
	check_scan(m, "in C++ and C++.", "1:C++|1:C++|");
	check_scan(m, "xC++ C++x", "");
	check_scan(m, "the (MARAC) met", "2:(MARAC)|");
	check_scan(m, "x(MARAC)", "");
	check_scan(m, "st. helens\ncouncil", "3:st. helens\ncouncil|");
	matcher_free(m);
}

static void
test_whitespace(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "Cleveland Police", 1, 1);
	matcher_add(m, "  Youth \t Offending\n Team ", 1, 2);
	matcher_add(m, " \t\n", 1, 3);	/* only whitespace: never matches */
	matcher_build(m);
	check_scan(m, "by Cleveland\nPolice.", "1:Cleveland\nPolice|");
	check_scan(m, "by Cleveland \n\t  Police.", "1:Cleveland \n\t  Police|");
	check_scan(m, "Cleveland\r\nPolice", "1:Cleveland\r\nPolice|");
	check_scan(m, "ClevelandPolice", "");
	check_scan(m, "the youth offending team", "2:youth offending team|");
	check_scan(m, "   \n\t ", "");
	matcher_free(m);
}

static void
test_hit_offsets(void **state)
{
	struct matcher		*m = matcher_new();
	struct hits		 h = { NULL, 0, 0, 0 };
	const char		*text = "x\n\nCleveland\n  Police and MARAC";

	(void)state;
	matcher_add(m, "Cleveland Police", 1, 1);
	matcher_add(m, "MARAC", 0, 2);
	matcher_build(m);
	matcher_scan(m, text, strlen(text), collect, &h);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.v[0].start, 3);
	assert_int_equal(h.v[0].len, 18);
	assert_int_equal(h.v[0].id, 1);
	assert_int_equal(h.v[1].start, 26);
	assert_int_equal(h.v[1].len, 5);
	assert_int_equal(h.v[1].id, 2);
	/* The text need not be NUL-terminated: scan a prefix. */
	h.n = 0;
	matcher_scan(m, text, 29, collect, &h);
	assert_int_equal(h.n, 1);
	free(h.v);
	matcher_free(m);
}

static void
test_empty(void **state)
{
	struct matcher	*m = matcher_new();
	struct hits	 h = { NULL, 0, 0, 0 };

	(void)state;
	matcher_add(m, "MARAC", 0, 1);
	matcher_build(m);
	matcher_scan(m, "", 0, collect, &h);
	matcher_scan(m, "MARAC", 0, collect, &h);
	assert_int_equal(h.n, 0);
	matcher_free(m);

	/* No patterns at all. */
	m = matcher_new();
	matcher_build(m);
	check_scan(m, "MARAC", "");
	matcher_free(m);
	matcher_free(NULL);
}

static void
test_prefix_patterns(void **state)
{
	struct matcher	*m = matcher_new();

	(void)state;
	matcher_add(m, "Youth Offending Team", 1, 1);
	matcher_add(m, "Youth", 1, 2);
	matcher_add(m, "Youth Offending", 1, 3);
	matcher_add(m, "A", 0, 4);
	matcher_add(m, "A B C D E", 0, 5);
	matcher_build(m);
	check_scan(m, "Youth Offending Team", "1:Youth Offending Team|");
	check_scan(m, "Youth Offending Teams", "3:Youth Offending|");
	check_scan(m, "Youth Offending Service", "3:Youth Offending|");
	check_scan(m, "Youth Offenders", "2:Youth|");
	check_scan(m, "Youth", "2:Youth|");
	check_scan(m, "A B C D", "4:A|");
	check_scan(m, "A B C D E F", "5:A B C D E|");
	check_scan(m, "A B C D A A B C D E", "4:A|4:A|5:A B C D E|");
	matcher_free(m);
}

static void
test_duplicates_first_wins(void **state)
{
	struct matcher	*m = matcher_new();
	int		 i;

	(void)state;
	for (i = 10; i < 20; i++)
		matcher_add(m, "MARAC", 0, i);
	matcher_add(m, "Cleveland  Police", 1, 30);
	matcher_add(m, "Cleveland Police", 1, 31);
	/* Same folded string, different case rules. */
	matcher_add(m, "DA", 0, 40);
	matcher_add(m, "da", 1, 41);
	matcher_add(m, "Da", 0, 42);
	matcher_build(m);
	check_scan(m, "MARAC", "10:MARAC|");
	check_scan(m, "Cleveland Police", "30:Cleveland Police|");
	check_scan(m, "DA da Da dA", "40:DA|41:da|41:Da|41:dA|");
	matcher_free(m);
}

static void
test_stop_early(void **state)
{
	struct matcher	*m = matcher_new();
	struct hits	 h = { NULL, 0, 0, 1 };
	const char	*text = "MARAC DA MARAC DA";

	(void)state;
	matcher_add(m, "MARAC", 0, 1);
	matcher_add(m, "DA", 0, 2);
	matcher_build(m);
	matcher_scan(m, text, strlen(text), collect, &h);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.v[0].id, 1);
	h.n = 0;
	h.stop_after = 3;
	matcher_scan(m, text, strlen(text), collect, &h);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.v[2].start, 9);
	free(h.v);
	matcher_free(m);
}

/* Patterns longer than the scan's on-stack ring buffer. */
static void
test_long_patterns(void **state)
{
	struct matcher	*m = matcher_new();
	struct buf	 pat = BUF_INIT, text = BUF_INIT, want = BUF_INIT;
	char		*got;
	int		 i;

	(void)state;
	for (i = 0; i < 100; i++)
		buf_printf(&pat, "%sw%d", i != 0 ? " " : "", i);
	matcher_add(m, "w0", 0, 1);
	matcher_add(m, pat.data, 0, 2);
	matcher_add(m, "w99", 0, 3);
	matcher_build(m);
	for (i = 0; i < 100; i++)
		buf_printf(&text, "%sw%d", i % 7 == 0 ? "\n  " : " ", i);
	buf_printf(&want, "2:%s|1:w0|3:w99|", text.data + 3);
	buf_puts(&text, " w0 w1 w99");
	got = scan_str(m, text.data);
	assert_string_equal(got, want.data);
	free(got);
	buf_free(&pat);
	buf_free(&text);
	buf_free(&want);
	matcher_free(m);
}

/*
 * The naive reference.
 */

struct	refpat {
	const char	*s;
	int		 fold;
	int		 id;
};

static int
ref_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
ref_rsquo(const char *s, size_t len, size_t i)
{
	return i + 3 <= len && memcmp(s + i, "\xe2\x80\x99", 3) == 0;
}

/* Is there a punctuation character >= 0x80 at t[k] (see matcher.h)? */
static int
ref_punct_at(const char *t, size_t len, size_t k)
{
	const unsigned char	*u = (const unsigned char *)t + k;
	unsigned		 cp;

	if (k + 2 <= len && u[0] == 0xc2 && u[1] == 0xa0)
		return 1;
	if (k + 3 > len || u[0] != 0xe2 || (u[1] & 0xc0) != 0x80 ||
	    (u[2] & 0xc0) != 0x80)
		return 0;
	cp = ((unsigned)(u[1] & 0x3f) << 6 | (u[2] & 0x3f)) + 0x2000;
	return cp <= 0x206f;
}

/* Is t[i] part of a word character (see matcher.h)? */
static int
ref_word(const char *t, size_t len, size_t i)
{
	unsigned char	 c = (unsigned char)t[i];
	size_t		 k;

	for (k = i >= 2 ? i - 2 : 0; k <= i; k++)
		if (ref_punct_at(t, len, k) &&
		    k + ((unsigned char)t[k] == 0xc2 ? 2 : 3) > i)
			return 0;
	return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
	    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ref_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Where pattern "p" matches text[i..], ending before the result; or -1. */
static long
ref_match_at(const struct refpat *p, const char *t, size_t len, size_t i)
{
	const char	*s = p->s;
	size_t		 j = i, slen = strlen(s), k = 0;

	while (k < slen && ref_space((unsigned char)s[k]))
		k++;
	if (k == slen)
		return -1;
	while (k < slen) {
		if (ref_space((unsigned char)s[k])) {
			while (k < slen && ref_space((unsigned char)s[k]))
				k++;
			if (k == slen)
				break;
			if (j >= len || !ref_space((unsigned char)t[j]))
				return -1;
			while (j < len && ref_space((unsigned char)t[j]))
				j++;
			continue;
		}
		if (s[k] == '\'' || ref_rsquo(s, slen, k)) {
			k += s[k] == '\'' ? 1 : 3;
			if (j < len && t[j] == '\'')
				j++;
			else if (ref_rsquo(t, len, j))
				j += 3;
			else
				return -1;
			continue;
		}
		if (j >= len)
			return -1;
		if (p->fold ? ref_lower((unsigned char)s[k]) !=
		    ref_lower((unsigned char)t[j]) : s[k] != t[j])
			return -1;
		j++;
		k++;
	}
	if (i > 0 && ref_word(t, len, i - 1))
		return -1;
	if (j < len && ref_word(t, len, j))
		return -1;
	return (long)j;
}

static void
ref_scan(const struct refpat *pats, size_t npat, const char *t, size_t len,
    struct hits *h)
{
	struct matcher_hit	 hit;
	size_t			 i, k;
	long			 e, best;
	int			 id = 0;

	for (i = 0; i < len; ) {
		best = -1;
		for (k = 0; k < npat; k++)
			if ((e = ref_match_at(&pats[k], t, len, i)) > best) {
				best = e;
				id = pats[k].id;
			}
		if (best == -1) {
			i++;
			continue;
		}
		hit.start = i;
		hit.len = (size_t)best - i;
		hit.id = id;
		hits_push(h, &hit);
		i = (size_t)best;
	}
}

/* xorshift64*: deterministic across platforms. */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ULL;
}

static size_t
rndn(uint64_t *st, size_t n)
{
	return (size_t)(rnd(st) >> 33) % n;
}

/* A random pattern: 1-3 words over a tiny alphabet. */
static void
rnd_pattern(uint64_t *st, struct buf *b)
{
	static const char *const letters[] = {
		"a", "b", "c", "A", "B", "C", "'", "\xe2\x80\x99", "\xc3\xa9"
	};
	static const char *const seps[] = { " ", "  ", "\t", "\n " };
	size_t	 w, nw, l, nl;

	buf_reset(b);
	if (rndn(st, 10) == 0)
		buf_putc(b, ' ');
	nw = 1 + rndn(st, 3);
	for (w = 0; w < nw; w++) {
		if (w > 0)
			buf_puts(b, seps[rndn(st, NELEM(seps))]);
		nl = 1 + rndn(st, 3);
		for (l = 0; l < nl; l++)
			buf_puts(b, letters[rndn(st, rndn(st, 8) == 0 ?
			    NELEM(letters) : 6)]);
	}
	if (rndn(st, 10) == 0)
		buf_putc(b, '\n');
}

/* A random text over the patterns' alphabet plus separators. */
static void
rnd_text(uint64_t *st, struct buf *b, size_t n)
{
	static const char *const toks[] = {
		"a", "b", "c", "A", "B", "C", "a", "b", "A", "B",
		" ", " ", " ", " ", "  ", "\n", "\t \n", ".", ",", "_", "1",
		"'", "\xe2\x80\x99", "\xc3\xa9", "\xe2\x80", "(", "-",
		"\xe2\x80\x94", "\xc2\xa0", "\xe2\x81\xb0", "\xe2\x82\xac",
		"\xc2"
	};

	buf_reset(b);
	while (b->len < n)
		buf_puts(b, toks[rndn(st, NELEM(toks))]);
}

static void
compare_random(uint64_t *st, size_t npat, size_t ntext, size_t textlen)
{
	struct refpat	*pats;
	struct matcher	*m;
	struct hits	 got = { NULL, 0, 0, 0 }, want = { NULL, 0, 0, 0 };
	struct buf	 b = BUF_INIT;
	size_t		 i, k, total = 0;

	pats = xcalloc(npat, sizeof(*pats));
	m = matcher_new();
	for (i = 0; i < npat; i++) {
		rnd_pattern(st, &b);
		pats[i].s = xstrdup(b.data);
		pats[i].fold = (int)rndn(st, 2);
		pats[i].id = (int)i;
		matcher_add(m, pats[i].s, pats[i].fold, pats[i].id);
	}
	matcher_build(m);
	for (i = 0; i < ntext; i++) {
		rnd_text(st, &b, textlen);
		got.n = want.n = 0;
		matcher_scan(m, b.data, b.len, collect, &got);
		ref_scan(pats, npat, b.data, b.len, &want);
		if (got.n != want.n)
			print_error("text %zu: %zu hits, want %zu\n", i,
			    got.n, want.n);
		for (k = 0; k < got.n && k < want.n; k++)
			if (got.v[k].start != want.v[k].start ||
			    got.v[k].len != want.v[k].len ||
			    got.v[k].id != want.v[k].id) {
				print_error("text %zu hit %zu: got %zu+%zu "
				    "id %d, want %zu+%zu id %d (\"%.*s\")\n",
				    i, k, got.v[k].start, got.v[k].len,
				    got.v[k].id, want.v[k].start,
				    want.v[k].len, want.v[k].id,
				    (int)want.v[k].len,
				    b.data + want.v[k].start);
				break;
			}
		assert_int_equal(got.n, want.n);
		assert_int_equal(k, got.n);
		total += got.n;
	}
	/* Make sure the property was not vacuous. */
	if (npat >= 50)
		assert_true(total > ntext);
	for (i = 0; i < npat; i++)
		free((char *)pats[i].s);
	free(pats);
	free(got.v);
	free(want.v);
	buf_free(&b);
	matcher_free(m);
}

static void
test_random_vs_reference(void **state)
{
	uint64_t	 st = 0x9e3779b97f4a7c15ULL;

	(void)state;
	compare_random(&st, 1000, 30, 600);
	compare_random(&st, 200, 50, 400);
	compare_random(&st, 20, 100, 300);
	compare_random(&st, 3, 200, 200);
}

/*
 * Several threads scanning one matcher at once must each see exactly
 * what a lone scan sees (run under TSan to check for races).
 */
struct	thr {
	const struct matcher	*m;
	const char		*text;
	size_t			 n;
};

static void *
thr_scan(void *arg)
{
	struct thr	*t = arg;
	struct hits	 h = { NULL, 0, 0, 0 };
	int		 i;

	for (i = 0; i < 50; i++) {
		h.n = 0;
		matcher_scan(t->m, t->text, strlen(t->text), collect, &h);
		if (h.n != t->n)
			break;
	}
	t->n = h.n;
	free(h.v);
	return NULL;
}

static void
test_threads(void **state)
{
	struct matcher	*m = matcher_new();
	struct buf	 text = BUF_INIT;
	struct thr	 t[4];
	pthread_t	 tid[4];
	size_t		 i;

	(void)state;
	matcher_add(m, "Cleveland Police", 1, 1);
	matcher_add(m, "MARAC", 0, 2);
	for (i = 0; i < 200; i++)
		buf_puts(&text, "The MARAC met Cleveland\nPolice. ");
	matcher_build(m);
	for (i = 0; i < NELEM(t); i++) {
		t[i].m = m;
		t[i].text = text.data;
		t[i].n = 400;
		assert_int_equal(pthread_create(&tid[i], NULL, thr_scan,
		    &t[i]), 0);
	}
	for (i = 0; i < NELEM(t); i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_int_equal(t[i].n, 400);
	}
	buf_free(&text);
	matcher_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acronym_exact_case),
		cmocka_unit_test(test_folded_names),
		cmocka_unit_test(test_word_boundaries),
		cmocka_unit_test(test_utf8_neighbours),
		cmocka_unit_test(test_curly_apostrophe),
		cmocka_unit_test(test_leftmost_longest),
		cmocka_unit_test(test_inside_failed_longer),
		cmocka_unit_test(test_punctuation_in_patterns),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_hit_offsets),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_prefix_patterns),
		cmocka_unit_test(test_duplicates_first_wins),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_long_patterns),
		cmocka_unit_test(test_random_vs_reference),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
