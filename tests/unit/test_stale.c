/*
 * test_stale.c: outdated terms judged by the document's date, their
 * plurals and variants, and the historical passages with their errors.
 * Documents are built by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/matcher.h"
#include "../../src/site.h"
#include "../../src/stale.h"

static struct date
dt(const char *s)
{
	struct date	 d;

	memset(&d, 0, sizeof(d));
	if (s != NULL)
		assert_int_equal(date_parse_partial(s, strlen(s), &d, NULL), 0);
	return d;
}

static void
test_doc_date(void **state)
{
	struct doc	 doc;
	struct date	 d;

	(void)state;
	memset(&doc, 0, sizeof(doc));
	stale_doc_date(&doc, &d);
	assert_false(date_isset(&d));
	doc.date = dt("2012-12");
	stale_doc_date(&doc, &d);
	assert_int_equal(d.y, 2012);
	assert_int_equal(d.prec, DATE_MONTH);
	/* The newest of the three. */
	doc.approved = dt("2019-03-01");
	doc.last_reviewed = dt("2021");
	stale_doc_date(&doc, &d);
	assert_int_equal(d.y, 2021);
	assert_int_equal(d.prec, DATE_YEAR);
	doc.last_reviewed = dt("2018-01-01");
	stale_doc_date(&doc, &d);
	assert_int_equal(d.y, 2019);
	assert_int_equal(d.m, 3);
}

static void
test_applies(void **state)
{
	struct stale_term	 t;
	struct doc		 doc;
	struct date		 today = dt("2026-11-24");

	(void)state;
	memset(&t, 0, sizeof(t));
	memset(&doc, 0, sizeof(doc));
	t.since = dt("2019-09-29");
	/* Undated: as of today. */
	assert_true(stale_applies(&t, &doc, &today));
	today = dt("2019-09-28");
	assert_false(stale_applies(&t, &doc, &today));
	today = dt("2019-09-29");
	assert_true(stale_applies(&t, &doc, &today));
	today = dt("2026-11-24");
	/* Written before the change: right for its time. */
	doc.date = dt("2016-05-17");
	assert_false(stale_applies(&t, &doc, &today));
	doc.date = dt("2019-09-28");
	assert_false(stale_applies(&t, &doc, &today));
	doc.date = dt("2019-09-29");
	assert_true(stale_applies(&t, &doc, &today));
	/* A month counts as its first day. */
	doc.date = dt("2019-09");
	assert_false(stale_applies(&t, &doc, &today));
	doc.date = dt("2019-10");
	assert_true(stale_applies(&t, &doc, &today));
	/* A later review makes the text answer for the later date. */
	doc.date = dt("2016-05-17");
	doc.last_reviewed = dt("2020");
	assert_true(stale_applies(&t, &doc, &today));
}

static int
collect(void *arg, const struct matcher_hit *h)
{
	int	*ids = arg;

	ids[ids[0]++ + 1] = h->id + (int)h->len * 100;
	return 0;
}

static void
test_matcher_plurals_variants(void **state)
{
	struct config	 cfg;
	struct stale_term t[2];
	char		*v[] = { (char *)"Working Together 2018" };
	struct matcher	*m;
	int		 ids[16];
	const char	*text;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(t, 0, sizeof(t));
	t[0].term = (char *)"LSCB";
	t[1].term = (char *)"Working Together to Safeguard Children 2018";
	t[1].variants = v;
	t[1].nvariants = 1;
	cfg.stale = t;
	cfg.nstale = 2;
	m = stale_matcher(&cfg);
	assert_non_null(m);
	text = "LSCBs, LSCB's, lscb, LSCBx and Working Together 2018.";
	ids[0] = 0;
	matcher_scan(m, text, strlen(text), collect, ids);
	/* LSCBs (5 bytes), LSCB (4); not lscb, not LSCBx. */
	assert_int_equal(ids[0], 3);
	assert_int_equal(ids[1], 0 + 500);
	assert_int_equal(ids[2], 0 + 400);
	assert_int_equal(ids[3], 1 + 2100);
	matcher_free(m);
	cfg.nstale = 0;
	assert_null(stale_matcher(&cfg));
}

static void
doc_with(struct doc *doc, const char *body)
{
	memset(doc, 0, sizeof(*doc));
	doc->path = (char *)"t.md";
	doc->body = (char *)body;
	doc->body_len = strlen(body);
	doc->body_line = 5;
}

static void
test_passages(void **state)
{
	struct doc		 doc;
	struct diag		 d;
	struct stale_passages	 p;

	(void)state;
	diag_init(&d);
	doc_with(&doc, "a <!-- historical -->LSCB<!-- /historical --> LSCB\n"
	    "\n<!-- historical -->\n\nLSCB\n\n<!-- /historical -->\nLSCB\n");
	stale_passages_find(&p, &doc, &d);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(p.n, 2);
	assert_false(stale_in_passage(&p, 5, 1));
	assert_true(stale_in_passage(&p, 5, 22));
	assert_false(stale_in_passage(&p, 5, 47));
	assert_true(stale_in_passage(&p, 9, 1));
	assert_false(stale_in_passage(&p, 12, 1));
	stale_passages_free(&p);
	diag_free(&d);
}

static void
test_passage_errors(void **state)
{
	struct doc		 doc;
	struct diag		 d;
	struct stale_passages	 p;

	(void)state;
	diag_init(&d);
	doc_with(&doc, "x <!-- /historical -->\nx <!-- historical -->\n"
	    "x <!-- historical -->\n");
	stale_passages_find(&p, &doc, &d);
	/* Closes nothing; opened twice; never closed. */
	assert_int_equal(d.nerrors, 3);
	assert_int_equal(d.v[0].line, 5);
	assert_int_equal(d.v[0].col, 3);
	assert_int_equal(d.v[1].line, 7);
	assert_int_equal(d.v[2].line, 6);
	/* An unclosed passage covers nothing. */
	assert_int_equal(p.n, 0);
	stale_passages_free(&p);
	diag_free(&d);

	diag_init(&d);
	doc_with(&doc, "- <!-- historical --> hidden\n<!-- /historical -->\n");
	stale_passages_find(&p, &doc, &d);
	assert_int_equal(d.nerrors, 1);
	assert_int_equal(d.v[0].line, 5);
	assert_int_equal(d.v[0].col, 3);
	stale_passages_free(&p);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_date),
		cmocka_unit_test(test_applies),
		cmocka_unit_test(test_matcher_plurals_variants),
		cmocka_unit_test(test_passages),
		cmocka_unit_test(test_passage_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
