/*
 * test_wdiff.c: unit tests for src/wdiff.c (cmocka).
 *
 * Besides exact outputs for small cases, the tests rebuild both texts
 * from the HTML (unchanged and deleted text gives the old one, unchanged
 * and inserted the new one) with a small stripper of their own, on
 * random pairs, on a 1 MB pair and on texts too different for the word
 * diff, which exercises the coarse fallback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/util.h"
#include "../../src/wdiff.h"

/* Compare a with b (given lengths); the HTML, which the caller frees. */
static char *
diffn(const char *a, size_t alen, const char *b, size_t blen, int context,
    struct wdiff_stats *st)
{
	struct buf	 out = BUF_INIT;

	assert_int_equal(wdiff_html(&out, a, alen, b, blen, context, st), 0);
	assert_int_equal(strlen(out.data), out.len);
	return buf_detach(&out);
}

static char *
diff(const char *a, const char *b, int context, struct wdiff_stats *st)
{
	return diffn(a, strlen(a), b, strlen(b), context, st);
}

/* Check the output for a and b with every paragraph kept. */
static void
check_diff(const char *a, const char *b, const char *want)
{
	char	*got;

	got = diff(a, b, -1, NULL);
	assert_string_equal(got, want);
	free(got);
}

/*
 * Rebuild one side from the HTML: drop tags and the contents of <ins>
 * (side 'a') or <del> (side 'b'), decode the five entities and U+FFFD.
 * Fails the test on anything else, so the output's shape is checked too.
 */
static void
rebuild(struct buf *res, const char *html, int side)
{
	static const struct {
		const char	*ent;
		char		 c;
	} ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&#39;", '\'' },
	};
	const char	*p = html, *q;
	size_t		 i, n;
	int		 in_ins = 0, in_del = 0, found;

	while (*p != '\0') {
		if (*p == '<') {
			q = strchr(p, '>');
			assert_non_null(q);
			n = (size_t)(q - p + 1);
			if (n == 5 && strncmp(p, "<ins>", 5) == 0) {
				assert_false(in_ins || in_del);
				in_ins = 1;
			} else if (n == 6 && strncmp(p, "</ins>", 6) == 0) {
				assert_true(in_ins);
				in_ins = 0;
			} else if (n == 5 && strncmp(p, "<del>", 5) == 0) {
				assert_false(in_ins || in_del);
				in_del = 1;
			} else if (n == 6 && strncmp(p, "</del>", 6) == 0) {
				assert_true(in_del);
				in_del = 0;
			} else if (!(n == 4 && strncmp(p, "<br>", 4) == 0) &&
			    !(n == 4 && strncmp(p, "</p>", 4) == 0) &&
			    !(n == 21 &&
			    strncmp(p, "<p class=\"diff-para\">", n) == 0))
				fail_msg("unexpected tag in %.40s", p);
			p = q + 1;
			continue;
		}
		if ((side == 'a' && in_ins) || (side == 'b' && in_del)) {
			p++;
			continue;
		}
		if (*p == '&') {
			found = 0;
			for (i = 0; i < NELEM(ents); i++) {
				n = strlen(ents[i].ent);
				if (strncmp(p, ents[i].ent, n) == 0) {
					buf_putc(res, ents[i].c);
					p += n;
					found = 1;
					break;
				}
			}
			if (!found)
				fail_msg("bad entity at %.20s", p);
			continue;
		}
		assert_true(*p != '>' && *p != '"');
		buf_putc(res, *p++);
	}
	assert_false(in_ins || in_del);
}

/* Check that the HTML for a -> b rebuilds both exactly. */
static void
check_rebuild(const char *a, size_t alen, const char *b, size_t blen,
    const char *html)
{
	struct buf	 ra = BUF_INIT, rb = BUF_INIT;

	rebuild(&ra, html, 'a');
	rebuild(&rb, html, 'b');
	assert_int_equal(ra.len, alen);
	assert_memory_equal(ra.data, a, alen);
	assert_int_equal(rb.len, blen);
	assert_memory_equal(rb.data, b, blen);
	buf_free(&ra);
	buf_free(&rb);
}

/* A small deterministic generator (xorshift64*), so runs repeat. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_identical(void **state)
{
	const char		*t = "Hello, world.\nSecond line.\n\nNext.";
	struct wdiff_stats	 st;
	char			*got;

	(void)state;
	got = diff(t, t, -1, &st);
	assert_null(strstr(got, "<ins>"));
	assert_null(strstr(got, "<del>"));
	assert_string_equal(got, "<p class=\"diff-para\">Hello, world.<br>\n"
	    "Second line.</p>\n\n<p class=\"diff-para\">Next.</p>");
	assert_int_equal(st.words_added, 0);
	assert_int_equal(st.words_deleted, 0);
	check_rebuild(t, strlen(t), t, strlen(t), got);
	free(got);
}

static void
test_one_word_changed(void **state)
{
	(void)state;
	check_diff("The quick brown fox jumps over the lazy dog.",
	    "The quick red fox jumps over the lazy dog.",
	    "<p class=\"diff-para\">The quick <del>brown</del><ins>red</ins> "
	    "fox jumps over the lazy dog.</p>");
}

static void
test_insert_only(void **state)
{
	(void)state;
	check_diff("The child was seen at home.",
	    "The child was seen alone at home.",
	    "<p class=\"diff-para\">The child was seen <ins>alone </ins>"
	    "at home.</p>");
	check_diff("a b", "a b c",
	    "<p class=\"diff-para\">a b<ins> c</ins></p>");
	check_diff("b c", "a b c",
	    "<p class=\"diff-para\"><ins>a </ins>b c</p>");
}

static void
test_delete_only(void **state)
{
	(void)state;
	check_diff("The child was seen alone at home.",
	    "The child was seen at home.",
	    "<p class=\"diff-para\">The child was seen <del>alone </del>"
	    "at home.</p>");
	/* Several words go as one deletion, not one per word. */
	check_diff("x a b y", "x y",
	    "<p class=\"diff-para\">x <del>a b </del>y</p>");
	check_diff("line1\nline2\nline3", "line1\nline3",
	    "<p class=\"diff-para\">line1<br>\n<del>line2<br>\n</del>"
	    "line3</p>");
}

static void
test_replacement_merged(void **state)
{
	(void)state;
	check_diff("the cat sat on the mat", "a dog lay on a rug",
	    "<p class=\"diff-para\"><del>the cat sat</del>"
	    "<ins>a dog lay</ins> on <del>the mat</del><ins>a rug</ins></p>");
	check_diff("x a b y", "x c d y",
	    "<p class=\"diff-para\">x <del>a b</del><ins>c d</ins> y</p>");
}

static void
test_paragraph_added(void **state)
{
	const char	*a = "First para.\n\nThird para.";
	const char	*b = "First para.\n\nSecond para.\n\nThird para.";
	char		*got;

	(void)state;
	got = diff(a, b, -1, NULL);
	assert_string_equal(got,
	    "<p class=\"diff-para\">First para.</p>\n\n"
	    "<p class=\"diff-para\"><ins>Second para.</ins></p><ins>\n\n</ins>"
	    "<p class=\"diff-para\">Third para.</p>");
	check_rebuild(a, strlen(a), b, strlen(b), got);
	free(got);

	/* And removed from the end. */
	check_diff("One.\n\nTwo.", "One.",
	    "<p class=\"diff-para\">One.</p><del>\n\n</del>"
	    "<p class=\"diff-para\"><del>Two.</del></p>");

	/* Next to an edit, the new paragraph is still shown whole, though
	 * it ends (or starts) like the old one. */
	check_diff("He visits weekly.\n\n## Risks",
	    "He visits every two weeks.\n\nSchool reports.\n\n## Risks",
	    "<p class=\"diff-para\">He visits <del>weekly</del>"
	    "<ins>every two weeks</ins>.</p><ins>\n\n</ins>"
	    "<p class=\"diff-para\"><ins>School reports.</ins></p>\n\n"
	    "<p class=\"diff-para\">## Risks</p>");
	check_diff("Intro.\n\nThe child lives at home.",
	    "Intro.\n\nThe new para.\n\nThe kid lives at home.",
	    "<p class=\"diff-para\">Intro.</p>\n\n"
	    "<p class=\"diff-para\"><ins>The new para.</ins></p><ins>\n\n"
	    "</ins><p class=\"diff-para\">The <del>child</del><ins>kid</ins> "
	    "lives at home.</p>");
	check_diff("Intro.\n\nOld start of para.",
	    "Intro.\n\nA new para.\n\nNew start of para.",
	    "<p class=\"diff-para\">Intro.</p>\n\n"
	    "<p class=\"diff-para\"><ins>A new para.</ins></p><ins>\n\n</ins>"
	    "<p class=\"diff-para\"><del>Old</del><ins>New</ins> start of "
	    "para.</p>");
	check_diff("It ends here.\n\nNext para.", "It ends there",
	    "<p class=\"diff-para\">It ends <del>here.</del><ins>there</ins>"
	    "</p><del>\n\n</del><p class=\"diff-para\"><del>Next para.</del>"
	    "</p>");
}

static void
test_html_escaped(void **state)
{
	const char	*a = "if a < b && c > \"d\" then 'e' ok";
	const char	*b = "if a < b && c > \"x\" then <script>alert(1)"
			    "</script> ok";
	char		*got;

	(void)state;
	got = diff(a, b, -1, NULL);
	assert_null(strstr(got, "<script"));
	assert_null(strstr(got, "</script"));
	assert_non_null(strstr(got, "if a &lt; b &amp;&amp; c &gt; &quot;"));
	assert_non_null(strstr(got, "&lt;script&gt;alert(1)"
	    "&lt;/script&gt;</ins>"));
	check_rebuild(a, strlen(a), b, strlen(b), got);
	free(got);
	check_diff("<b>", "<i>",
	    "<p class=\"diff-para\">&lt;<del>b</del><ins>i</ins>&gt;</p>");
}

static void
test_empty(void **state)
{
	struct wdiff_stats	 st;
	char			*got;

	(void)state;
	check_diff("", "", "");
	check_diff("", "Hello world",
	    "<p class=\"diff-para\"><ins>Hello world</ins></p>");
	check_diff("Hello world", "",
	    "<p class=\"diff-para\"><del>Hello world</del></p>");
	got = diffn(NULL, 0, "x", 1, 3, &st);
	assert_string_equal(got, "<p class=\"diff-para\"><ins>x</ins></p>");
	assert_int_equal(st.words_added, 1);
	free(got);
	got = diff("", "", 0, NULL);
	assert_string_equal(got, "");
	free(got);
}

static void
test_completely_different(void **state)
{
	struct wdiff_stats	 st;
	char			*got;

	(void)state;
	got = diff("alpha beta gamma", "one two", -1, &st);
	assert_string_equal(got, "<p class=\"diff-para\">"
	    "<del>alpha beta gamma</del><ins>one two</ins></p>");
	assert_int_equal(st.words_deleted, 3);
	assert_int_equal(st.words_added, 2);
	free(got);
}

static void
test_utf8_words(void **state)
{
	(void)state;
	check_diff("Le café est fermé.", "Le thé est fermé.",
	    "<p class=\"diff-para\">Le <del>café</del><ins>thé</ins> "
	    "est fermé.</p>");
	check_diff("naïve café", "naïve cafés",
	    "<p class=\"diff-para\">naïve <del>café</del><ins>cafés</ins>"
	    "</p>");
}

static void
test_invalid_utf8(void **state)
{
	const char	 a[] = "ab\xff\xfe cd \xc3 e\x80\x80 \xe2\x82";
	const char	 b[] = "ab\xff\xfd cd \xc3\xa9 e\x80\x80";
	const char	 z[] = "a\0b c";
	char		*got;
	uint64_t	 seed = 42;
	char		 ra[64], rb[64];
	size_t		 i, k, la, lb;

	(void)state;
	got = diffn(a, sizeof(a) - 1, b, sizeof(b) - 1, -1, NULL);
	check_rebuild(a, sizeof(a) - 1, b, sizeof(b) - 1, got);
	assert_non_null(strstr(got, "<del>ab\xff\xfe</del><ins>ab\xff\xfd"));
	free(got);

	/* NUL cannot be carried by HTML: shown as U+FFFD. */
	got = diffn(z, sizeof(z) - 1, "a", 1, -1, NULL);
	assert_string_equal(got, "<p class=\"diff-para\">a<del>\xef\xbf\xbd"
	    "b c</del></p>");
	free(got);

	/* Random bytes of every value, NUL aside. */
	for (k = 0; k < 200; k++) {
		la = rnd(&seed) % sizeof(ra);
		lb = rnd(&seed) % sizeof(rb);
		for (i = 0; i < la; i++)
			ra[i] = (char)(rnd(&seed) % 255 + 1);
		for (i = 0; i < lb; i++)
			rb[i] = (char)(rnd(&seed) % 255 + 1);
		got = diffn(ra, la, rb, lb, -1, NULL);
		check_rebuild(ra, la, rb, lb, got);
		free(got);
		got = diffn(ra, la, rb, lb, 1, NULL);
		free(got);
	}
}

static void
test_markup_tokens(void **state)
{
	(void)state;
	check_diff("# Title\n\n| a | **b** |", "## Title\n\n| a | *b* |",
	    "<p class=\"diff-para\">#<ins>#</ins> Title</p>\n\n"
	    "<p class=\"diff-para\">| a | <del>*</del>*b*<del>*</del> |</p>");
}

static void
test_whitespace_and_crlf(void **state)
{
	const char	*a = "one\r\ntwo\r\n\r\nthree";
	const char	*b = "one\r\n2\r\n\r\nthree";
	char		*got;

	(void)state;
	/* "\r\n" is one newline. */
	got = diff(a, b, -1, NULL);
	assert_string_equal(got, "<p class=\"diff-para\">one<br>\r\n"
	    "<del>two</del><ins>2</ins></p>\r\n\r\n"
	    "<p class=\"diff-para\">three</p>");
	check_rebuild(a, strlen(a), b, strlen(b), got);
	free(got);
	/* Spacing changes stay out of the words' way. */
	check_diff("a  b\tc", "a b c",
	    "<p class=\"diff-para\">a<del>  </del><ins> </ins>b"
	    "<del>\t</del><ins> </ins>c</p>");
}

static void
test_stats(void **state)
{
	struct wdiff_stats	 st = { 99, 99 };
	char			*got;

	(void)state;
	got = diff("one two three four.", "one 2 three five six.", -1, &st);
	assert_int_equal(st.words_added, 3);
	assert_int_equal(st.words_deleted, 2);
	free(got);
	/* Punctuation and spaces are not words. */
	got = diff("a, b", "a;  b!", -1, &st);
	assert_int_equal(st.words_added, 0);
	assert_int_equal(st.words_deleted, 0);
	free(got);
}

static void
test_context(void **state)
{
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	struct wdiff_stats	 st;
	char			*got;
	int			 i;

	(void)state;
	for (i = 0; i < 10; i++) {
		buf_printf(&a, "%sP%d text.", i ? "\n\n" : "", i);
		buf_printf(&b, "%sP%d %s.", i ? "\n\n" : "", i,
		    i == 5 ? "changed" : "text");
	}
	got = diff(a.data, b.data, 1, &st);
	assert_string_equal(got,
	    "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n"
	    "<p class=\"diff-para\">P4 text.</p>\n\n"
	    "<p class=\"diff-para\">P5 <del>text</del><ins>changed</ins>.</p>"
	    "\n\n<p class=\"diff-para\">P6 text.</p>\n"
	    "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n");
	assert_int_equal(st.words_added, 1);
	free(got);

	got = diff(a.data, b.data, 0, NULL);
	assert_string_equal(got,
	    "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n"
	    "<p class=\"diff-para\">P5 <del>text</del><ins>changed</ins>.</p>"
	    "\n<p class=\"diff-skip\">\xe2\x80\xa6</p>\n");
	free(got);

	got = diff(a.data, b.data, 5, NULL);
	assert_int_equal(count(got, "diff-skip"), 0);
	assert_int_equal(count(got, "diff-para"), 10);
	free(got);
	got = diff(a.data, b.data, 4, NULL);
	assert_int_equal(count(got, "diff-skip"), 1);
	assert_int_equal(count(got, "diff-para"), 9);
	free(got);
	got = diff(a.data, b.data, -1, NULL);
	assert_int_equal(count(got, "diff-skip"), 0);
	check_rebuild(a.data, a.len, b.data, b.len, got);
	free(got);

	/* No change at all: everything elided. */
	got = diff(a.data, a.data, 2, NULL);
	assert_string_equal(got, "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n");
	free(got);

	/* A blank line removed is a change to both paragraphs. */
	got = diff("A\n\nB\n\nC\n\nD", "A\n\nB\nC\n\nD", 0, NULL);
	assert_string_equal(got,
	    "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n"
	    "<p class=\"diff-para\">B</p>\n<del>\n</del>"
	    "<p class=\"diff-para\">C</p>\n"
	    "<p class=\"diff-skip\">\xe2\x80\xa6</p>\n");
	free(got);
	buf_free(&a);
	buf_free(&b);
}

static const char *const vocab[] = {
	"the", "child", "was", "seen", "at", "home", "school", "social",
	"worker", "visit", "plan", "review", "safe", "risk", "family",
	"café", "naïve", "o'clock", "meeting", "agreed",
};

/*
 * Fill "a" with about "size" bytes of prose from the vocabulary, in
 * paragraphs; each word is recorded in words[] (offset) if not NULL.
 */
static size_t
make_prose(struct buf *a, size_t size, uint64_t *seed, size_t *woff,
    size_t maxw)
{
	size_t	 nw = 0, inpara = 0;

	while (a->len < size) {
		if (woff != NULL && nw < maxw)
			woff[nw] = a->len;
		nw++;
		buf_puts(a, vocab[rnd(seed) % NELEM(vocab)]);
		switch (rnd(seed) % 24) {
		case 0:
			BUF_PUTSL(a, ".\n");
			break;
		case 1:
			BUF_PUTSL(a, ", ");
			break;
		default:
			buf_putc(a, ' ');
			break;
		}
		if (++inpara > 80 && rnd(seed) % 8 == 0) {
			BUF_PUTSL(a, "end.\n\n");
			inpara = 0;
		}
	}
	return nw;
}

static void
test_large(void **state)
{
	struct buf		 a = BUF_INIT, b = BUF_INIT, want = BUF_INIT;
	struct wdiff_stats	 st;
	size_t			*woff, nw, i, next, nedit = 0, wl;
	uint64_t		 seed = 7;
	char			*got;

	(void)state;
	woff = xreallocarray(NULL, 400000, sizeof(*woff));
	nw = make_prose(&a, 1024 * 1024, &seed, woff, 400000);
	assert_true(nw < 400000);
	/* Replace every 2000th word with EDITn. */
	for (i = next = 0; i < nw; i++) {
		wl = strcspn(a.data + woff[i], " ,.\n");
		if (i % 2000 == 1000) {
			buf_put(&b, a.data + next, woff[i] - next);
			buf_printf(&b, "EDIT%zu", nedit);
			if (nedit == 17) {
				buf_printf(&want, "<del>%.*s</del>"
				    "<ins>EDIT17</ins>", (int)wl,
				    a.data + woff[i]);
			}
			nedit++;
			next = woff[i] + wl;
		}
	}
	buf_put(&b, a.data + next, a.len - next);

	got = diffn(a.data, a.len, b.data, b.len, 2, &st);
	assert_int_equal(st.words_added, nedit);
	assert_int_equal(st.words_deleted, nedit);
	assert_int_equal(count(got, "<ins>"), nedit);
	assert_int_equal(count(got, "<del>"), nedit);
	assert_non_null(strstr(got, want.data));
	free(got);

	got = diffn(a.data, a.len, b.data, b.len, -1, NULL);
	check_rebuild(a.data, a.len, b.data, b.len, got);
	free(got);

	free(woff);
	buf_free(&a);
	buf_free(&b);
	buf_free(&want);
}

/* Texts with nothing much in common: the coarse fallback must cope. */
static void
test_fallback(void **state)
{
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	struct wdiff_stats	 st;
	uint64_t		 s1 = 1, s2 = 2;
	char			*got;

	(void)state;
	make_prose(&a, 300 * 1024, &s1, NULL, 0);
	make_prose(&b, 300 * 1024, &s2, NULL, 0);
	got = diffn(a.data, a.len, b.data, b.len, -1, &st);
	assert_true(st.words_added > 0 && st.words_deleted > 0);
	check_rebuild(a.data, a.len, b.data, b.len, got);
	free(got);

	/* Same lines, shuffled heavily: lines match, words refine. */
	buf_reset(&b);
	s1 = 1;
	make_prose(&b, 150 * 1024, &s1, NULL, 0);
	make_prose(&b, 300 * 1024, &s2, NULL, 0);
	got = diffn(a.data, a.len, b.data, b.len, 1, &st);
	free(got);
	got = diffn(a.data, a.len, b.data, b.len, -1, &st);
	check_rebuild(a.data, a.len, b.data, b.len, got);
	free(got);
	buf_free(&a);
	buf_free(&b);
}

static const char *const pieces[] = {
	"a", "b", "the", "cat", "café", "x'y", "<x>", "&", "\"", "'", " ",
	"  ", "\t", "\n", "\n\n", "\n \n", "\r\n", ",", ".", "**", "|", "#",
	"\xff", "\xc3",
};

static void
random_text(struct buf *t, uint64_t *seed)
{
	size_t	 n, i;

	buf_reset(t);
	n = rnd(seed) % 24;
	for (i = 0; i < n; i++)
		buf_puts(t, pieces[rnd(seed) % NELEM(pieces)]);
}

/* b: a with a few random pieces inserted, deleted or replaced. */
static void
mutate(struct buf *b, const struct buf *a, uint64_t *seed)
{
	size_t	 n, i, at;
	char	*tmp;

	buf_reset(b);
	buf_put(b, a->data, a->len);
	n = rnd(seed) % 5;
	for (i = 0; i < n; i++) {
		at = b->len != 0 ? rnd(seed) % (b->len + 1) : 0;
		tmp = xstrdup(b->data + at);
		buf_truncate(b, at);
		if (rnd(seed) % 2 == 0)
			buf_puts(b, pieces[rnd(seed) % NELEM(pieces)]);
		buf_puts(b, tmp + (tmp[0] != '\0' && rnd(seed) % 2 ?
		    rnd(seed) % (strlen(tmp) < 4 ? strlen(tmp) : 4) : 0));
		free(tmp);
	}
}

static void
test_property_rebuild(void **state)
{
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	struct wdiff_stats	 st;
	uint64_t		 seed = 12345;
	char			*got;
	int			 i;

	(void)state;
	for (i = 0; i < 2000; i++) {
		random_text(&a, &seed);
		if (i % 3 == 0)
			random_text(&b, &seed);
		else
			mutate(&b, &a, &seed);
		got = diffn(a.data, a.len, b.data, b.len, -1, &st);
		check_rebuild(a.data, a.len, b.data, b.len, got);
		if (a.len == b.len && memcmp(a.data, b.data, a.len) == 0) {
			assert_null(strstr(got, "<ins>"));
			assert_null(strstr(got, "<del>"));
		}
		free(got);
		/* Elision must not break anything either. */
		got = diffn(a.data, a.len, b.data, b.len, (int)(i % 3), &st);
		free(got);
	}
	buf_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_one_word_changed),
		cmocka_unit_test(test_insert_only),
		cmocka_unit_test(test_delete_only),
		cmocka_unit_test(test_replacement_merged),
		cmocka_unit_test(test_paragraph_added),
		cmocka_unit_test(test_html_escaped),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_completely_different),
		cmocka_unit_test(test_utf8_words),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_markup_tokens),
		cmocka_unit_test(test_whitespace_and_crlf),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_property_rebuild),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
