/*
 * test_frontmatter.c: splitting front matter, the YAML tree, and the
 * content model's validation, with the positions of every diagnostic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/frontmatter.h"
#include "../../src/readfile.h"
#include "../../src/site.h"
#include "../../src/util.h"
#include "../../src/yamltree.h"

/* Split, parse and validate "text" as path "x.md" in folder type ft. */
static int
load(const char *text, int ft, struct diag *d, struct doc **out)
{
	struct fm_split	 sp;
	struct ynode	*root = NULL;
	struct doc	*doc;
	int		 rc;

	*out = NULL;
	if (fm_split(d, "x.md", text, strlen(text), &sp) == -1)
		return -1;
	if (ytree_parse(d, "x.md", sp.yaml_line, sp.yaml, sp.yaml_len,
	    &root) == -1)
		return -1;
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup("x.md");
	rc = fm_apply(d, doc, root, ft);
	ytree_free(root);
	*out = doc;
	return rc;
}

/* The only diagnostic recorded must be at line:col and contain "what". */
static void
expect_one(struct diag *d, size_t line, size_t col, const char *what)
{
	assert_int_equal(d->n, 1);
	assert_int_equal(d->v[0].line, line);
	if (col != 0)
		assert_int_equal(d->v[0].col, col);
	if (strstr(d->v[0].msg, what) == NULL)
		fail_msg("'%s' does not contain '%s'", d->v[0].msg, what);
}

static void
test_valid_procedure(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\n"
	    "title: Strategy Discussion\n"
	    "id: strategy-discussion\n"
	    "owner: Tees Procedures Group\n"
	    "approved: 2019-03-14\n"
	    "review_date: 2020-03-14\n"
	    "related: [a, b]\n"
	    "status: current\n"
	    "---\n"
	    "# Body\n", DT_PROCEDURE, &d, &doc), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(doc->title, "Strategy Discussion");
	assert_string_equal(doc->id, "strategy-discussion");
	assert_int_equal(doc->type, DT_PROCEDURE);
	assert_int_equal(doc->review_date.y, 2020);
	assert_int_equal(doc->nrelated, 2);
	assert_string_equal(doc->related[1], "b");
	assert_int_equal(doc->field_line[F_OWNER], 4);
	doc_free(doc);
	diag_free(&d);
}

static void
test_split_positions(void **state)
{
	struct diag	 d;
	struct fm_split	 sp;
	const char	*t = "---\ntitle: x\n---\nline four\n";

	(void)state;
	diag_init(&d);
	assert_int_equal(fm_split(&d, "x.md", t, strlen(t), &sp), 0);
	assert_int_equal(sp.yaml_line, 2);
	assert_int_equal(sp.body_line, 4);
	assert_memory_equal(sp.body, "line four\n", 10);
	assert_int_equal(fm_split(&d, "x.md", "---\ntitle: x\n", 13, &sp), -1);
	expect_one(&d, 1, 0, "no closing");
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(fm_split(&d, "x.md", "", 0, &sp), -1);
	expect_one(&d, 1, 0, "empty file");
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(fm_split(&d, "x.md", "# Title\n", 8, &sp), -1);
	expect_one(&d, 1, 0, "no front matter");
	diag_free(&d);
}

static void
test_unknown_key_suggests(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nreveiw_date: 2020-01-01\n---\n",
	    DT_PAGE, &d, &doc), -1);
	expect_one(&d, 3, 1, "did you mean 'review_date'");
	doc_free(doc);
	diag_free(&d);
}

static void
test_impossible_date(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nowner: O\n"
	    "review_date: 2019-02-30\n---\n", DT_PROCEDURE, &d, &doc), -1);
	expect_one(&d, 4, 14, "not a valid date");
	doc_free(doc);
	diag_free(&d);
}

static void
test_required_fields(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\nsummary: s\n---\n", DT_MOU, &d, &doc), -1);
	assert_int_equal(d.n, 3);	/* title, owner, review_date */
	assert_non_null(strstr(d.v[0].msg, "'title'"));
	assert_non_null(strstr(d.v[1].msg, "'owner'"));
	assert_non_null(strstr(d.v[2].msg, "'review_date'"));
	doc_free(doc);
	diag_free(&d);
	/* Minutes need no review date. */
	diag_init(&d);
	assert_int_equal(load("---\ntitle: M\ndate: 2016-05-17\n---\n",
	    DT_MINUTES, &d, &doc), 0);
	doc_free(doc);
	diag_free(&d);
}

static void
test_bad_values(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nid: Bad_Id\n---\n", DT_PAGE,
	    &d, &doc), -1);
	expect_one(&d, 3, 5, "lowercase letters");
	doc_free(doc);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: [a, b]\n---\n", DT_PAGE, &d, &doc),
	    -1);
	expect_one(&d, 2, 8, "single value");
	doc_free(doc);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nstatus: archived\n---\n",
	    DT_PAGE, &d, &doc), -1);
	expect_one(&d, 3, 9, "unknown status");
	doc_free(doc);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\ntype: policy\n---\n", DT_PAGE,
	    &d, &doc), -1);
	expect_one(&d, 3, 7, "unknown type");
	doc_free(doc);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nagencies: []\n---\n", DT_PAGE,
	    &d, &doc), -1);
	expect_one(&d, 3, 0, "only in a document of type agencies");
	doc_free(doc);
	diag_free(&d);
}

static void
test_yaml_errors(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\ntitle: U\n---\n", DT_PAGE, &d,
	    &doc), -1);
	expect_one(&d, 3, 1, "duplicate key 'title'");
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nsummary: [unclosed\n---\n",
	    DT_PAGE, &d, &doc), -1);
	assert_int_equal(d.n, 1);
	assert_true(d.v[0].line >= 3);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: T\nrelated:\n\t- a\n---\n",
	    DT_PAGE, &d, &doc), -1);
	expect_one(&d, 4, 1, "tab");
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: &a T\nsummary: *a\n---\n",
	    DT_PAGE, &d, &doc), -1);
	assert_int_equal(d.n, 1);
	diag_free(&d);
}

static void
test_agencies_and_terms(void **state)
{
	struct diag	 d;
	struct doc	*doc;

	(void)state;
	diag_init(&d);
	assert_int_equal(load("---\ntitle: A\ntype: agencies\nagencies:\n"
	    "  - name: Cleveland Police\n    aliases: [Police]\n"
	    "    sector: Police\n    statutory_basis: Partner\n"
	    "  - name: NSPCC\n    sector: Voluntary\n    statutory_basis: X\n"
	    "    webiste: https://x\n"
	    "---\n", DT_PAGE, &d, &doc), -1);
	expect_one(&d, 12, 5, "did you mean 'website'");
	assert_int_equal(doc->type, DT_AGENCIES);
	assert_int_equal(doc->nagencies, 2);
	assert_string_equal(doc->agencies[0].aliases[0], "Police");
	doc_free(doc);
	diag_free(&d);

	diag_init(&d);
	assert_int_equal(load("---\ntitle: G\ntype: glossary\nterms:\n"
	    "  - term: MARAC\n"
	    "    expansion: Multi-Agency Risk Assessment Conference\n"
	    "  - term: X\n"
	    "---\n", DT_PAGE, &d, &doc), -1);
	expect_one(&d, 7, 5, "needs 'term' and 'expansion'");
	doc_free(doc);
	diag_free(&d);
}

static void
test_text_check(void **state)
{
	size_t		 line = 0, col = 0;
	const char	*why = NULL;

	(void)state;
	assert_int_equal(text_check("ok\ncafé\n", 9, &line, &col, &why), 0);
	assert_int_equal(text_check("ok\nab\xff\n", 6, &line, &col, &why), -1);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_int_equal(text_check("a\0b", 3, &line, &col, &why), -1);
	assert_non_null(strstr(why, "NUL"));
	/* Overlong encoding and surrogates are not UTF-8. */
	assert_int_equal(text_check("\xc0\xaf", 2, &line, &col, &why), -1);
	assert_int_equal(text_check("\xed\xa0\x80", 3, &line, &col, &why), -1);
	assert_int_equal(text_check("\xe2\x82", 2, &line, &col, &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_procedure),
		cmocka_unit_test(test_split_positions),
		cmocka_unit_test(test_unknown_key_suggests),
		cmocka_unit_test(test_impossible_date),
		cmocka_unit_test(test_required_fields),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_agencies_and_terms),
		cmocka_unit_test(test_text_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
