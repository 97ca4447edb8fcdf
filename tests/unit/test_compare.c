/*
 * test_compare.c: unit tests for src/compare.c (cmocka): two Markdown
 * texts parsed as pages parse them, compared, and the HTML checked for
 * structure kept, changes marked inside it, and escaping.
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
#include "../../src/compare.h"
#include "../../src/date.h"
#include "../../src/markdown.h"
#include "../../src/scan.h"
#include "../../src/site.h"
#include "../../src/util.h"

/* Compare a with b (no link hooks) into *c, every block kept. */
static void
cmp(struct compare *c, const char *a, const char *b, int context)
{
	struct md_opts	 o;
	struct md_tree	 ta, tb;

	memset(&o, 0, sizeof(o));
	md_tree(&o, a, strlen(a), 1, &ta);
	md_tree(&o, b, strlen(b), 1, &tb);
	compare_bodies(c, &ta, &tb, context, "/p/");
	md_tree_free(&ta);
	md_tree_free(&tb);
	if (c->html.data == NULL) {	/* nothing at all: BUF_INIT */
		assert_int_equal(c->html.len, 0);
		buf_putc(&c->html, ' ');
		buf_truncate(&c->html, 0);
	}
	assert_int_equal(strlen(c->html.data), c->html.len);
}

/* Links to "gone" are dropped, to "x" rewritten; empty ones get a title. */
static char *
hook_link(void *arg, const char *url, int is_image, int empty, size_t line,
    size_t col, char **title)
{
	(void)arg;
	(void)is_image;
	(void)line;
	(void)col;
	if (empty)
		*title = xstrdup("Titled");
	if (strcmp(url, "gone") == 0)
		return md_link_drop;
	return strcmp(url, "x") == 0 ? xstrdup("/x/") : NULL;
}

/* Every "policy" in running text becomes a link. */
static size_t
hook_text(void *arg, const char *text, size_t len, size_t line, size_t col,
    struct md_span **spans)
{
	const char	*p = text;
	size_t		 n = 0;

	(void)arg;
	(void)line;
	(void)col;
	*spans = NULL;
	while ((p = strstr(p, "policy")) != NULL && (size_t)(p - text) < len) {
		*spans = realloc(*spans, (n + 1) * sizeof(**spans));
		assert_non_null(*spans);
		memset(&(*spans)[n], 0, sizeof(**spans));
		(*spans)[n].start = (size_t)(p - text);
		(*spans)[n].len = 6;
		(*spans)[n].href = xstrdup("/policy/");
		n++;
		p += 6;
	}
	return n;
}

/*
 * A kept tree rendered (md_tree_html()) is the page md_process() makes of
 * the same body: headings with links in them, dropped and rewritten
 * links, spans from the text hook, repeated headings' anchors.
 */
static void
test_tree_html(void **state)
{
	const char	*body = "# The [policy](x) here\n\n"
	    "Read the policy and [old](gone) and [](x).\n\n"
	    "## Steps [gone](gone)\n\n- one policy\n- two\n\n"
	    "> ## Steps [gone](gone)\n> quoted policy\n\n"
	    "| a | b |\n|---|---|\n| policy | ~~x~~ |\n\n"
	    "Text[^1].\n\n[^1]: A note on policy.\n";
	struct md_opts	 o;
	struct md_tree	 t;
	struct heading	*hs, *ths;
	struct buf	 want = BUF_INIT, got = BUF_INIT;
	size_t		 nhs, nths, i;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.link = hook_link;
	o.text = hook_text;
	(void)md_process(&o, body, strlen(body), 1, &want, &hs, &nhs);
	md_tree(&o, body, strlen(body), 1, &t);
	md_tree_html(&t, &got, &ths, &nths);
	assert_string_equal(got.data, want.data);
	assert_null(t.hs);
	assert_int_equal(nths, 3);
	assert_int_equal(nhs, 3);
	assert_string_equal(ths[1].text, ths[2].text);
	assert_string_not_equal(ths[1].anchor, ths[2].anchor);
	for (i = 0; i < nhs; i++) {
		assert_string_equal(ths[i].anchor, hs[i].anchor);
		assert_string_equal(ths[i].text, hs[i].text);
	}
	md_tree_free(&t);
	headings_free(hs, nhs);
	headings_free(ths, nths);
	buf_free(&want);
	buf_free(&got);
}

/* The text between the first "open" and the next "close" (caller frees). */
static char *
between(const char *s, const char *open, const char *close)
{
	const char	*p, *q;

	p = strstr(s, open);
	assert_non_null(p);
	p += strlen(open);
	q = strstr(p, close);
	assert_non_null(q);
	return xstrndup(p, (size_t)(q - p));
}

static size_t
occurrences(const char *s, const char *what)
{
	size_t	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* No Markdown syntax reaches the reader. */
static void
no_markdown(const char *html)
{
	assert_null(strstr(html, "##"));
	assert_null(strstr(html, "]("));
	assert_null(strstr(html, "|---"));
	assert_null(strstr(html, "| "));
}

static void
test_heading_edit(void **state)
{
	struct compare	 c;
	char		*h;

	(void)state;
	cmp(&c, "## Recording decisions\n\nText.\n",
	    "## Recording the decisions\n\nText.\n", -1);
	no_markdown(c.html.data);
	h = between(c.html.data, "<h2 id=\"c-recording-the-decisions\">",
	    "</h2>");
	assert_string_equal(h, "Recording <ins>the </ins>decisions");
	free(h);
	assert_int_equal(c.words_added, 1);
	assert_int_equal(c.words_deleted, 0);
	assert_true(c.changed);
	assert_int_equal(c.nsections, 1);
	assert_string_equal(c.sections[0].title, "Recording the decisions");
	assert_string_equal(c.sections[0].anchor,
	    "c-recording-the-decisions");
	compare_free(&c);
}

static void
test_list_item_added(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "Intro.\n\n- one\n- two\n", "Intro.\n\n- one\n- two\n- three\n",
	    -1);
	no_markdown(c.html.data);
	assert_non_null(strstr(c.html.data,
	    "<ul>\n<li>one\n</li>\n<li>two\n</li>\n<li><ins>three</ins>\n"
	    "</li>\n</ul>\n"));
	assert_int_equal(occurrences(c.html.data, "<ul>"), 1);
	assert_int_equal(occurrences(c.html.data, "<del>"), 0);
	assert_int_equal(c.words_added, 1);
	compare_free(&c);
}

static void
test_list_item_edited(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "1. call the police now\n2. record it\n",
	    "1. call the police today\n2. record it\n", -1);
	assert_non_null(strstr(c.html.data, "<ol>\n<li>call the police "
	    "<del>now</del><ins>today</ins>\n</li>\n<li>record it\n</li>\n"
	    "</ol>\n"));
	compare_free(&c);
}

static void
test_table_cell_changed(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "| Stage | Days |\n|---|---|\n| One | 2 |\n| Two | 5 |\n",
	    "| Stage | Days |\n|---|---|\n| One | 3 |\n| Two | 5 |\n", -1);
	no_markdown(c.html.data);
	assert_non_null(strstr(c.html.data,
	    "<thead>\n<tr><th>Stage</th><th>Days</th></tr>\n</thead>\n"));
	assert_non_null(strstr(c.html.data, "<tr><td>One</td>"
	    "<td class=\"diff-changed\"><del>2</del><ins>3</ins></td></tr>"));
	assert_non_null(strstr(c.html.data,
	    "<tr><td>Two</td><td>5</td></tr>"));
	assert_int_equal(occurrences(c.html.data, "diff-changed"), 1);
	assert_int_equal(occurrences(c.html.data, "<table>"), 1);
	compare_free(&c);
}

static void
test_table_row_added(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "| A | B |\n|---|---|\n| 1 | 2 |\n",
	    "| A | B |\n|---|---|\n| 1 | 2 |\n| 7 | 8 |\n", -1);
	assert_non_null(strstr(c.html.data, "<tr><td>1</td><td>2</td></tr>"));
	assert_non_null(strstr(c.html.data,
	    "<tr><td class=\"diff-changed\"><ins>7</ins></td>"
	    "<td class=\"diff-changed\"><ins>8</ins></td></tr>"));
	compare_free(&c);
}

static void
test_link_changed(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "Read the notes at [the guide](https://a.example/x) before "
	    "the meeting starts today.\n",
	    "Read the notes at [the new guide](https://a.example/y) before "
	    "the meeting starts today.\n", -1);
	no_markdown(c.html.data);
	assert_non_null(strstr(c.html.data, "<p>Read the notes at "
	    "<a href=\"https://a.example/x\"><del>the guide</del></a>"
	    "<a href=\"https://a.example/y\"><ins>the new guide</ins></a>"
	    " before the meeting"));
	compare_free(&c);
}

static void
test_emphasis_kept(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "You **must** tell the designated lead at once.\n",
	    "You **must always** tell the designated lead at once.\n", -1);
	assert_non_null(strstr(c.html.data,
	    "<p>You <strong>must<ins> always</ins></strong> tell"));
	compare_free(&c);
}

static void
test_phrase_folded(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "Tell the police at once about it.\n",
	    "Ask the school at once about it.\n", -1);
	assert_string_equal(c.html.data, "<span id=\"c-top\"></span>\n"
	    "<p><del>Tell the police</del><ins>Ask the school</ins> at once "
	    "about it.</p>\n");
	assert_int_equal(c.words_deleted, 3);
	assert_int_equal(c.words_added, 3);
	compare_free(&c);
	/* Pure insertions on both sides of a word are left apart. */
	cmp(&c, "Call the team.\n", "Call now the team today.\n", -1);
	assert_string_equal(c.html.data, "<span id=\"c-top\"></span>\n"
	    "<p>Call <ins>now </ins>the team<ins> today</ins>.</p>\n");
	compare_free(&c);
}

static void
test_same_page_link(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "## Steps\n\nSee [the steps](#steps) and [x](/y/).\n",
	    "## Steps\n\nSee [the steps](#steps) and [x](/y/) now.\n", -1);
	assert_non_null(strstr(c.html.data, "<a href=\"/p/#steps\">the steps"));
	assert_non_null(strstr(c.html.data, "<a href=\"/y/\">x</a>"));
	compare_free(&c);
}

static void
test_containers(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "> Quoted line to edit.\n\nText[^1].\n\n[^1]: The note.\n\n"
	    "```\nold code\n```\n",
	    "> Quoted line, edited.\n\nText[^1].\n\n[^1]: The note, edited."
	    "\n\n```\nnew code\n```\n", -1);
	assert_non_null(strstr(c.html.data, "<blockquote>\n<p>Quoted line"
	    "<del> to edit</del><ins>, edited</ins>.</p>\n</blockquote>\n"));
	assert_non_null(strstr(c.html.data, "<div class=\"diff-footnote\">\n"
	    "<p>The note<ins>, edited</ins>.</p>\n</div>\n"));
	assert_non_null(strstr(c.html.data, "<del class=\"diff-block\"><pre>"
	    "<code>old code\n</code></pre>\n</del>\n<ins class=\"diff-block\">"
	    "<pre><code>new code\n</code></pre>\n</ins>\n"));
	compare_free(&c);
}

static void
test_rewritten_paragraph(void **state)
{
	struct compare	 c;
	const char	*old, *new;

	(void)state;
	cmp(&c, "# Title\n\nChildren must be seen within one day by a "
	    "social worker.\n",
	    "# Title\n\nChildren must now always be visited promptly by "
	    "qualified staff from the team.\n", -1);
	old = strstr(c.html.data, "<p><del>Children must be seen within one "
	    "day by a social worker.</del></p>\n");
	new = strstr(c.html.data, "<p><ins>Children must now always be "
	    "visited promptly by qualified staff from the team.</ins></p>\n");
	assert_non_null(old);
	assert_non_null(new);
	assert_true(old < new);
	assert_int_equal(occurrences(c.html.data, "<del>"), 1);
	assert_int_equal(occurrences(c.html.data, "<ins>"), 1);
	compare_free(&c);
}

static void
test_rewritten_heading(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "## Who to call first\n\nText.\n",
	    "## Escalation contacts\n\nText.\n", -1);
	/* Not paired (nothing shared): the old heading, then the new. */
	assert_non_null(strstr(c.html.data, "<h2 id=\"d-who-to-call-first\">"
	    "<del>Who to call first</del></h2>\n<h2 id=\"c-escalation-"
	    "contacts\"><ins>Escalation contacts</ins></h2>\n"));
	assert_int_equal(c.nsections, 2);
	assert_true(c.sections[0].removed);
	assert_false(c.sections[1].removed);
	compare_free(&c);
}

static void
test_unchanged(void **state)
{
	struct compare	 c;
	const char	*doc = "# T\n\nSome *text* [a](https://x.example/).\n\n"
			    "- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n"
			    "```\ncode\n```\n";

	(void)state;
	cmp(&c, doc, doc, 1);
	assert_false(c.changed);
	assert_int_equal(c.nsections, 0);
	assert_int_equal(c.words_added, 0);
	assert_int_equal(c.words_deleted, 0);
	assert_null(strstr(c.html.data, "<ins"));
	assert_null(strstr(c.html.data, "<del"));
	compare_free(&c);
	cmp(&c, doc, doc, -1);
	assert_non_null(strstr(c.html.data, "<em>text</em>"));
	assert_non_null(strstr(c.html.data, "<pre><code>code\n</code></pre>"));
	compare_free(&c);
}

static void
test_hostile(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "## Tom & Jerry\n\nIf a < b then \"c\" [x](https://ok.example/)\n",
	    "## Tom & Jerry <script>alert(1)</script>\n\nIf a > b then 'c' & "
	    "[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n", -1);
	assert_null(strstr(c.html.data, "<script"));
	assert_null(strstr(c.html.data, "<img"));
	assert_null(strstr(c.html.data, "javascript:"));
	assert_non_null(strstr(c.html.data, "Tom &amp; Jerry"));
	assert_non_null(strstr(c.html.data, "<del>&lt;</del><ins>&gt;</ins>"));
	assert_non_null(strstr(c.html.data, "&quot;"));
	assert_non_null(strstr(c.html.data, "<a href=\"\"><ins>x</ins></a>"));
	compare_free(&c);
}

static void
test_sections_and_context(void **state)
{
	struct compare	 c;
	struct buf	 a = BUF_INIT, b = BUF_INIT;
	int		 i;

	(void)state;
	BUF_PUTSL(&a, "# First\n\n");
	for (i = 0; i < 20; i++)
		buf_printf(&a, "Paragraph %d stays.\n\n", i);
	BUF_PUTSL(&a, "## Second\n\n");
	for (i = 0; i < 20; i++)
		buf_printf(&a, "Later %d stays.\n\n", i);
	BUF_PUTSL(&a, "### Third\n\n");
	for (i = 0; i < 20; i++)
		buf_printf(&a, "Deeper %d stays.\n\n", i);
	buf_put(&b, a.data, a.len);
	BUF_PUTSL(&a, "Last words here.\n");
	BUF_PUTSL(&b, "Last words there.\n");
	cmp(&c, a.data, b.data, 1);
	assert_int_equal(c.nsections, 1);
	assert_string_equal(c.sections[0].title, "Third");
	assert_string_equal(c.sections[0].anchor, "c-third");
	/*
	 * The section's heading is kept though far from the change, and so
	 * are those above it, so that heading levels do not skip.
	 */
	assert_non_null(strstr(c.html.data, "<h3 id=\"c-third\">Third</h3>"));
	assert_non_null(strstr(c.html.data, "<h2 id=\"c-second\">Second</h2>"));
	assert_non_null(strstr(c.html.data, "<h1 id=\"c-first\">First</h1>"));
	assert_null(strstr(c.html.data, "Paragraph 3 stays"));
	assert_null(strstr(c.html.data, "Later 10 stays"));
	assert_null(strstr(c.html.data, "Deeper 10 stays"));
	assert_non_null(strstr(c.html.data, "Deeper 19 stays"));
	assert_int_equal(occurrences(c.html.data, "diff-skip"), 3);
	compare_free(&c);
	buf_free(&a);
	buf_free(&b);
}

static void
test_intro_change(void **state)
{
	struct compare	 c;

	(void)state;
	cmp(&c, "Opening line.\n\n## A\n\nText.\n",
	    "Opening line, amended.\n\n## A\n\nText.\n", 1);
	assert_int_equal(c.nsections, 1);
	assert_string_equal(c.sections[0].anchor, "c-top");
	assert_non_null(strstr(c.html.data, "<span id=\"c-top\"></span>"));
	compare_free(&c);
}

static void
test_details(void **state)
{
	struct doc		 a, b;
	struct compare_detail	*d;
	size_t			 n;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.title = b.title = (char *)"Referrals";
	a.status = ST_CURRENT;
	b.status = ST_SUPERSEDED;
	a.review_date.y = 2025;
	a.review_date.m = 3;
	a.review_date.d = 1;
	b.review_date = a.review_date;
	b.review_date.y = 2027;
	a.owner = (char *)"Team A";
	b.owner = (char *)"Team A";
	d = compare_details(&a, &b, "New referrals", &n);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].what, "Status");
	assert_string_equal(d[0].before, "current");
	assert_string_equal(d[0].after, "superseded (replaced by New referrals)");
	assert_string_equal(d[1].what, "Review date");
	assert_string_equal(d[1].before, "1 March 2025");
	assert_string_equal(d[1].after, "1 March 2027");
	compare_details_free(d, n);
	d = compare_details(&a, &a, NULL, &n);
	assert_int_equal(n, 0);
	compare_details_free(d, n);
	/* Unset values, and the order readers see them in. */
	b = a;
	b.summary = (char *)"How to refer.";
	a.owner = NULL;
	b.approved.y = 2024;
	b.approved.m = 12;
	b.approved.d = 31;
	b.last_reviewed = b.approved;
	d = compare_details(&a, &b, NULL, &n);
	assert_int_equal(n, 4);
	assert_string_equal(d[0].what, "Summary");
	assert_string_equal(d[0].before, "not set");
	assert_string_equal(d[1].what, "Owner");
	assert_string_equal(d[1].before, "not set");
	assert_string_equal(d[1].after, "Team A");
	assert_string_equal(d[2].what, "Approved");
	assert_string_equal(d[2].after, "31 December 2024");
	assert_string_equal(d[3].what, "Last reviewed");
	compare_details_free(d, n);
}

/* A date made as precise as its source is a change, shown as given. */
static void
test_details_partial_date(void **state)
{
	struct doc		 a, b;
	struct compare_detail	*d;
	size_t			 n;

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.title = b.title = (char *)"Arrangements";
	assert_int_equal(date_parse("2022-08-01", 10, &a.approved, NULL), 0);
	assert_int_equal(date_parse_partial("2022-08", 7, &b.approved, NULL),
	    0);
	assert_int_equal(date_parse("2012-12-01", 10, &a.date, NULL), 0);
	assert_int_equal(date_parse_partial("2012", 4, &b.date, NULL), 0);
	d = compare_details(&a, &b, NULL, &n);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].what, "Approved");
	assert_string_equal(d[0].before, "1 August 2022");
	assert_string_equal(d[0].after, "August 2022");
	assert_string_equal(d[1].what, "Date");
	assert_string_equal(d[1].before, "1 December 2012");
	assert_string_equal(d[1].after, "2012");
	compare_details_free(d, n);
}

/* --- Random pairs ---------------------------------------------------- */

static uint32_t
rnd(uint32_t *seed, uint32_t n)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) % n;
}

static const char *const vocab[] = {
	"the", "child", "police", "school", "refer", "within", "two", "days",
	"plan", "DSL", "record", "&", "<b>", "\"q\"", "it's", "a"
};

static void
words(struct buf *b, uint32_t *seed, int n)
{
	int	 i, k;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		k = (int)rnd(seed, 8);
		if (k == 0)
			buf_printf(b, "*%s*", vocab[rnd(seed, NELEM(vocab))]);
		else if (k == 1)
			buf_printf(b, "[%s](https://x.example/%u)",
			    vocab[rnd(seed, NELEM(vocab))], rnd(seed, 3));
		else if (k == 2)
			buf_printf(b, "`%s`", vocab[rnd(seed, NELEM(vocab))]);
		else
			buf_puts(b, vocab[rnd(seed, NELEM(vocab))]);
	}
}

/* One random block, ending in a blank line. */
static void
block(struct buf *b, uint32_t *seed)
{
	int	 i, n, cols;

	switch (rnd(seed, 8)) {
	case 0:
		buf_puts(b, "## ");
		words(b, seed, 1 + (int)rnd(seed, 4));
		break;
	case 1:
	case 2:
		words(b, seed, 3 + (int)rnd(seed, 10));
		break;
	case 3:
		n = 1 + (int)rnd(seed, 4);
		for (i = 0; i < n; i++) {
			buf_puts(b, rnd(seed, 4) == 0 && i > 0 ? "  - " : "- ");
			words(b, seed, 1 + (int)rnd(seed, 4));
			buf_putc(b, '\n');
		}
		break;
	case 4:
		cols = 2 + (int)rnd(seed, 2);
		n = 1 + (int)rnd(seed, 3);
		for (i = 0; i < n + 2; i++) {
			int j;

			for (j = 0; j < cols; j++) {
				buf_puts(b, "| ");
				if (i == 1)
					buf_puts(b, "---");
				else
					words(b, seed, 1 + (int)rnd(seed, 2));
				buf_putc(b, ' ');
			}
			buf_puts(b, "|\n");
		}
		break;
	case 5:
		buf_puts(b, "> ");
		words(b, seed, 2 + (int)rnd(seed, 6));
		break;
	case 6:
		buf_puts(b, "```\n");
		words(b, seed, 1 + (int)rnd(seed, 4));
		buf_puts(b, "\n```");
		break;
	default:
		buf_puts(b, "1. ");
		words(b, seed, 2 + (int)rnd(seed, 3));
		buf_puts(b, "\n2. ");
		words(b, seed, 2 + (int)rnd(seed, 3));
		break;
	}
	buf_puts(b, "\n\n");
}

/*
 * The text of "html" without the elements named "drop" (ins or del,
 * never nested) and without tags or white space.  Fails on nesting.
 */
static char *
text_without(const char *html, const char *drop)
{
	struct buf	 b = BUF_INIT;
	size_t		 dl = strlen(drop);
	int		 depth = 0;
	const char	*p = html, *q;

	while (*p != '\0') {
		if (*p == '<') {
			q = strchr(p, '>');
			assert_non_null(q);
			if (p[1] != '/' && strncmp(p + 1, drop, dl) == 0 &&
			    (p[1 + dl] == '>' || p[1 + dl] == ' ')) {
				assert_int_equal(depth, 0);
				depth++;
			} else if (p[1] == '/' && strncmp(p + 2, drop, dl) == 0 &&
			    p[2 + dl] == '>') {
				assert_int_equal(depth, 1);
				depth--;
			}
			p = q + 1;
			continue;
		}
		if (depth == 0 && *p != ' ' && *p != '\n')
			buf_putc(&b, *p);
		p++;
	}
	assert_int_equal(depth, 0);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* Tags nest: every end tag closes the last open one; no ins in del. */
static void
check_nesting(const char *html)
{
	char		 stack[256][16], name[16];
	size_t		 depth = 0, k;
	const char	*p = html, *q;
	int		 close, changes = 0;

	while ((p = strchr(p, '<')) != NULL) {
		q = strchr(p, '>');
		assert_non_null(q);
		close = p[1] == '/';
		for (k = 0; k < sizeof(name) - 1 && p[1 + close + k] != '>' &&
		    p[1 + close + k] != ' '; k++)
			name[k] = p[1 + close + k];
		name[k] = '\0';
		p = q + 1;
		if (name[0] == '!' || strcmp(name, "br") == 0 ||
		    strcmp(name, "hr") == 0 ||
		    strcmp(name, "img") == 0 || q[-1] == '/')
			continue;
		if (!close) {
			if (strcmp(name, "ins") == 0 || strcmp(name, "del") == 0)
				assert_int_equal(changes++, 0);
			assert_true(depth < 256);
			strcpy(stack[depth++], name);
			continue;
		}
		assert_true(depth > 0);
		assert_string_equal(stack[depth - 1], name);
		if (strcmp(name, "ins") == 0 || strcmp(name, "del") == 0)
			changes--;
		depth--;
	}
	assert_int_equal(depth, 0);
}

static void
test_random_pairs(void **state)
{
	struct compare	 c, pa, pb;
	struct buf	 a = BUF_INIT, b = BUF_INIT, blk = BUF_INIT;
	uint32_t	 seed = 2024;
	char		*ta, *tb, *wa, *wb;
	int		 round, i, n;

	(void)state;
	for (round = 0; round < 400; round++) {
		buf_reset(&a);
		buf_reset(&b);
		n = 1 + (int)rnd(&seed, 8);
		for (i = 0; i < n; i++) {
			buf_reset(&blk);
			block(&blk, &seed);
			buf_put(&a, blk.data, blk.len);
			switch (rnd(&seed, 6)) {
			case 0:		/* deleted */
				break;
			case 1:		/* rewritten */
				block(&b, &seed);
				break;
			case 2:		/* a block added after */
				buf_put(&b, blk.data, blk.len);
				block(&b, &seed);
				break;
			case 3:		/* a word changed */
				buf_put(&b, blk.data, blk.len);
				if (b.len > 4)
					b.data[b.len - 3 - rnd(&seed,
					    (uint32_t)blk.len - 2)] = 'x';
				break;
			default:
				buf_put(&b, blk.data, blk.len);
				break;
			}
		}
		buf_putc(&a, '\0');
		buf_putc(&b, '\0');
		cmp(&c, a.data, b.data, -1);
		check_nesting(c.html.data);
		cmp(&pa, a.data, a.data, -1);
		cmp(&pb, b.data, b.data, -1);
		/* Unchanged and deleted text is the old text, etc. */
		ta = text_without(c.html.data, "ins");
		tb = text_without(c.html.data, "del");
		wa = text_without(pa.html.data, "ins");
		wb = text_without(pb.html.data, "del");
		assert_string_equal(ta, wa);
		assert_string_equal(tb, wb);
		assert_int_equal(c.changed, strcmp(wa, wb) != 0 ||
		    strcmp(pa.html.data, pb.html.data) != 0);
		free(ta);
		free(tb);
		free(wa);
		free(wb);
		compare_free(&c);
		compare_free(&pa);
		compare_free(&pb);
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&blk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading_edit),
		cmocka_unit_test(test_list_item_added),
		cmocka_unit_test(test_list_item_edited),
		cmocka_unit_test(test_table_cell_changed),
		cmocka_unit_test(test_table_row_added),
		cmocka_unit_test(test_link_changed),
		cmocka_unit_test(test_emphasis_kept),
		cmocka_unit_test(test_phrase_folded),
		cmocka_unit_test(test_same_page_link),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_rewritten_paragraph),
		cmocka_unit_test(test_rewritten_heading),
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_sections_and_context),
		cmocka_unit_test(test_intro_change),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_details_partial_date),
		cmocka_unit_test(test_random_pairs),
		cmocka_unit_test(test_tree_html),
	};

	md_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
