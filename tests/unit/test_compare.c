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
#include "../../src/markdown.h"
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
	assert_non_null(c->html.data);
	assert_int_equal(strlen(c->html.data), c->html.len);
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
	buf_put(&b, a.data, a.len);
	BUF_PUTSL(&a, "Last words here.\n");
	BUF_PUTSL(&b, "Last words there.\n");
	cmp(&c, a.data, b.data, 1);
	assert_int_equal(c.nsections, 1);
	assert_string_equal(c.sections[0].title, "Second");
	assert_string_equal(c.sections[0].anchor, "c-second");
	/* The section's heading is kept though far from the change. */
	assert_non_null(strstr(c.html.data, "<h2 id=\"c-second\">Second</h2>"));
	assert_null(strstr(c.html.data, "Paragraph 3 stays"));
	assert_null(strstr(c.html.data, "Later 10 stays"));
	assert_non_null(strstr(c.html.data, "Later 19 stays"));
	assert_int_equal(occurrences(c.html.data, "diff-skip"), 2);
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
	};

	md_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
