/*
 * test_review.c: review states at their boundaries, spans in words, the
 * review diagnostics with their positions, the summary, the JSON report
 * and the CSV schedule.  Documents are built by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/review.h"
#include "../../src/site.h"
#include "../../src/util.h"

/* A document as the tests describe it; NULL dates are unset. */
struct	spec {
	const char	*path;
	const char	*id;
	const char	*url;
	enum doc_type	 type;
	enum doc_status	 status;
	const char	*title;
	const char	*owner;
	const char	*last;		/* last_reviewed */
	const char	*review;	/* review_date */
	size_t		 line;		/* of review_date */
};

static struct date
dt(const char *s)
{
	struct date	 d;

	memset(&d, 0, sizeof(d));
	if (s != NULL && date_parse(s, strlen(s), &d, NULL) == -1)
		fail_msg("bad test date '%s'", s);
	return d;
}

static char *
dup0(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static struct doc *
mkdoc(const struct spec *sp)
{
	struct doc	*doc;

	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(sp->path);
	doc->relpath = xstrdup(sp->path + strlen("content/"));
	doc->id = xstrdup(sp->id);
	doc->url = xstrdup(sp->url);
	doc->type = sp->type;
	doc->status = sp->status;
	doc->title = xstrdup(sp->title != NULL ? sp->title : sp->id);
	doc->owner = dup0(sp->owner);
	doc->last_reviewed = dt(sp->last);
	doc->review_date = dt(sp->review);
	if (sp->last != NULL)
		doc->field_line[F_LAST_REVIEWED] = sp->line - 1;
	if (sp->review != NULL)
		doc->field_line[F_REVIEW_DATE] = sp->line;
	return doc;
}

/* A site of the documents v[0..n), which the caller gives in path order. */
static void
mksite(struct site *s, const struct spec *v, size_t n, const char *base_url)
{
	size_t	 i;

	memset(s, 0, sizeof(*s));
	s->cfg.title = xstrdup("Test partnership");
	s->cfg.base_url = dup0(base_url);
	s->cfg.base_path = xstrdup("/");
	s->cfg.warn_days = 60;
	s->docs = xcalloc(n + 1, sizeof(*s->docs));
	for (i = 0; i < n; i++)
		s->docs[i] = mkdoc(&v[i]);
	s->ndocs = s->docsz = n;
}

/* The state of a procedure due on "review", on "today". */
static enum review_state
state(const char *review, const char *today, int warn_days)
{
	struct spec		 sp = { "content/procedures/p.md", "p",
				    "procedures/p/", DT_PROCEDURE, ST_CURRENT,
				    NULL, "Owner", NULL, review, 5 };
	struct doc		*doc = mkdoc(&sp);
	struct date		 t = dt(today);
	enum review_state	 st;

	st = review_state_of(doc, &t, warn_days);
	doc_free(doc);
	return st;
}

static void
expect_diag(const struct diag *d, size_t i, enum diag_level level,
    const char *file, size_t line, const char *msg)
{
	assert_true(i < d->n);
	assert_int_equal(d->v[i].level, level);
	assert_string_equal(d->v[i].file, file);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, 0);
	assert_string_equal(d->v[i].msg, msg);
}

static void
test_state_names(void **state_)
{
	(void)state_;
	assert_string_equal(review_state_name(RV_EXEMPT), "exempt");
	assert_string_equal(review_state_name(RV_CURRENT), "current");
	assert_string_equal(review_state_name(RV_DUE), "due");
	assert_string_equal(review_state_name(RV_OVERDUE), "overdue");
	assert_string_equal(review_state_name(RV_NONE), "none");
}

static void
test_state_boundaries(void **state_)
{
	struct date	 t = dt("2026-11-24"), w = dt("2027-01-23");

	(void)state_;
	/* 2027-01-23 is today + 60. */
	assert_int_equal(date_days(&w) - date_days(&t), 60);
	assert_int_equal(state("2026-11-24", "2026-11-24", 60), RV_DUE);
	assert_int_equal(state("2026-11-23", "2026-11-24", 60), RV_OVERDUE);
	assert_int_equal(state("2019-09-30", "2026-11-24", 60), RV_OVERDUE);
	assert_int_equal(state("2026-11-25", "2026-11-24", 60), RV_DUE);
	assert_int_equal(state("2027-01-23", "2026-11-24", 60), RV_DUE);
	assert_int_equal(state("2027-01-24", "2026-11-24", 60), RV_CURRENT);
	/* Across a year end. */
	assert_int_equal(state("2027-01-01", "2026-12-31", 1), RV_DUE);
	assert_int_equal(state("2027-01-02", "2026-12-31", 1), RV_CURRENT);
}

static void
test_state_warn_days_zero(void **state_)
{
	(void)state_;
	assert_int_equal(state("2026-11-24", "2026-11-24", 0), RV_DUE);
	assert_int_equal(state("2026-11-25", "2026-11-24", 0), RV_CURRENT);
	assert_int_equal(state("2026-11-23", "2026-11-24", 0), RV_OVERDUE);
	/* A negative window counts as none. */
	assert_int_equal(state("2026-11-24", "2026-11-24", -5), RV_DUE);
	assert_int_equal(state("2026-11-25", "2026-11-24", -5), RV_CURRENT);
}

static void
test_state_leap_day(void **state_)
{
	(void)state_;
	assert_int_equal(state("2024-02-29", "2024-02-28", 0), RV_CURRENT);
	assert_int_equal(state("2024-02-29", "2024-02-28", 1), RV_DUE);
	assert_int_equal(state("2024-02-29", "2024-02-29", 0), RV_DUE);
	assert_int_equal(state("2024-02-29", "2024-03-01", 0), RV_OVERDUE);
	assert_int_equal(state("2024-02-29", "2024-03-01", 60), RV_OVERDUE);
	/* 2024-01-30 + 30 days is the leap day. */
	assert_int_equal(state("2024-02-29", "2024-01-30", 30), RV_DUE);
	assert_int_equal(state("2024-02-29", "2024-01-30", 29), RV_CURRENT);
}

static void
test_state_exempt(void **state_)
{
	static const struct spec	 v[] = {
		{ "content/procedures/old.md", "old", "procedures/old/",
		    DT_PROCEDURE, ST_SUPERSEDED, NULL, "O", NULL,
		    "2019-01-01", 5 },
		{ "content/mou/gone.md", "gone", "mou/gone/", DT_MOU,
		    ST_WITHDRAWN, NULL, "O", NULL, "2019-01-01", 5 },
		{ "content/minutes/m.md", "m", "minutes/m/", DT_MINUTES,
		    ST_CURRENT, NULL, "O", NULL, "2019-01-01", 5 },
		{ "content/annual-reports/r.md", "r", "annual-reports/r/",
		    DT_ANNUAL_REPORT, ST_CURRENT, NULL, NULL, NULL,
		    "2019-01-01", 5 },
		{ "content/agencies.md", "agencies", "agencies/",
		    DT_AGENCIES, ST_CURRENT, NULL, NULL, NULL, NULL, 0 },
		{ "content/glossary.md", "glossary", "glossary/",
		    DT_GLOSSARY, ST_CURRENT, NULL, NULL, NULL, "2019-01-01",
		    5 },
		{ "content/about.md", "about", "about/", DT_PAGE,
		    ST_CURRENT, NULL, NULL, NULL, NULL, 0 },
	};
	static const struct spec	 reviewed[] = {
		/* A page with a review_date is reviewed. */
		{ "content/contact.md", "contact", "contact/", DT_PAGE,
		    ST_CURRENT, NULL, NULL, NULL, "2019-01-01", 5 },
		/* Drafts are reviewed like current documents. */
		{ "content/procedures/new.md", "new", "procedures/new/",
		    DT_PROCEDURE, ST_DRAFT, NULL, "O", NULL, "2019-01-01", 5 },
		{ "content/arrangements/a.md", "a", "arrangements/a/",
		    DT_ARRANGEMENT, ST_CURRENT, NULL, "O", NULL,
		    "2019-01-01", 5 },
	};
	static const struct spec	 undated[] = {
		{ "content/procedures/x.md", "x", "procedures/x/",
		    DT_PROCEDURE, ST_CURRENT, NULL, "O", NULL, NULL, 0 },
		{ "content/mou/y.md", "y", "mou/y/", DT_MOU, ST_CURRENT,
		    NULL, "O", NULL, NULL, 0 },
	};
	struct date	 t = dt("2026-11-24");
	struct doc	*doc;
	size_t		 i;

	(void)state_;
	for (i = 0; i < NELEM(v); i++) {
		doc = mkdoc(&v[i]);
		assert_int_equal(review_state_of(doc, &t, 60), RV_EXEMPT);
		doc_free(doc);
	}
	for (i = 0; i < NELEM(reviewed); i++) {
		doc = mkdoc(&reviewed[i]);
		assert_int_equal(review_state_of(doc, &t, 60), RV_OVERDUE);
		doc_free(doc);
	}
	for (i = 0; i < NELEM(undated); i++) {
		doc = mkdoc(&undated[i]);
		assert_int_equal(review_state_of(doc, &t, 60), RV_NONE);
		doc_free(doc);
	}
}

static void
test_span_table(void **state_)
{
	static const struct {
		const char	*from, *to, *want;
	} v[] = {
		{ "2026-11-24", "2026-11-24", "today" },
		{ "2026-11-24", "2026-11-25", "1 day" },
		{ "2026-11-25", "2026-11-24", "1 day" },	/* reversed */
		{ "2026-11-24", "2026-12-06", "12 days" },
		{ "2026-11-24", "2027-01-15", "52 days" },
		{ "2027-01-15", "2026-11-24", "52 days" },
		{ "2024-02-28", "2024-03-01", "2 days" },	/* leap year */
		{ "2023-02-28", "2023-03-01", "1 day" },
		{ "2024-02-29", "2024-03-01", "1 day" },
		/* Days until two whole months have passed. */
		{ "2026-01-10", "2026-03-09", "58 days" },
		{ "2024-01-01", "2024-02-29", "59 days" },
		{ "2024-01-31", "2024-03-30", "59 days" },
		{ "2024-01-01", "2024-03-01", "2 months" },
		{ "2024-01-31", "2024-03-31", "2 months" },
		{ "2024-01-31", "2024-03-29", "58 days" },
		/* Months, the rest rounded half up against its month. */
		{ "2026-01-10", "2026-03-24", "2 months" },
		{ "2026-01-10", "2026-03-25", "2 months" },	/* 15 of 31 */
		{ "2026-01-10", "2026-03-26", "3 months" },	/* 16 of 31 */
		{ "2026-01-10", "2026-04-09", "3 months" },
		{ "2026-01-10", "2026-04-24", "3 months" },	/* 14 of 30 */
		{ "2026-01-10", "2026-04-25", "4 months" },	/* 15 of 30 */
		{ "2026-01-10", "2026-05-09", "4 months" },
		{ "2026-01-01", "2026-12-01", "11 months" },
		{ "2026-01-01", "2026-12-20", "1 year" },	/* carries */
		{ "2025-11-24", "2026-11-24", "1 year" },
		{ "2025-10-24", "2026-11-24", "1 year 1 month" },
		{ "2025-01-24", "2026-03-24", "1 year 2 months" },
		{ "2024-02-29", "2025-02-28", "1 year" },	/* clamped */
		{ "2019-09-30", "2026-09-30", "7 years" },
		{ "2019-09-30", "2026-11-14", "7 years 1 month" },
		{ "2019-09-30", "2026-11-15", "7 years 2 months" },
		{ "2019-09-30", "2026-11-24", "7 years 2 months" },
		{ "2016-11-24", "2026-11-24", "10 years" },
	};
	struct buf	 b = BUF_INIT;
	struct date	 from, to;
	size_t		 i;

	(void)state_;
	for (i = 0; i < NELEM(v); i++) {
		from = dt(v[i].from);
		to = dt(v[i].to);
		buf_reset(&b);
		review_span(&b, &from, &to);
		if (strcmp(b.data, v[i].want) != 0)
			fail_msg("%s to %s: got '%s', want '%s'", v[i].from,
			    v[i].to, b.data, v[i].want);
	}
	/* It appends. */
	buf_reset(&b);
	BUF_PUTSL(&b, "in ");
	from = dt("2026-11-24");
	to = dt("2026-12-06");
	review_span(&b, &from, &to);
	assert_string_equal(b.data, "in 12 days");
	buf_free(&b);
}

/* A site with every kind of document, in path order; today 2026-11-24. */
static const struct spec	 mixed[] = {
	{ "content/about.md", "about", "about/", DT_PAGE, ST_CURRENT,
	    "About us", NULL, NULL, "2026-12-01", 4 },
	{ "content/minutes/m.md", "m", "minutes/m/", DT_MINUTES, ST_CURRENT,
	    "Minutes", "Tees Procedures Group", NULL, NULL, 0 },
	{ "content/mou/hsscp-mou.md", "hsscp-mou", "mou/hsscp-mou/", DT_MOU,
	    ST_CURRENT, "MoU", "HSSCP Executive", "2018-09-30", "2019-09-30",
	    9 },
	{ "content/procedures/a.md", "a", "procedures/a/", DT_PROCEDURE,
	    ST_CURRENT, "A", "Tees Procedures Group", "2025-01-15",
	    "2027-01-15", 7 },
	{ "content/procedures/b.md", "b", "procedures/b/", DT_PROCEDURE,
	    ST_CURRENT, "B", "Tees Procedures Group", NULL, "2026-11-24", 8 },
	{ "content/procedures/c.md", "c", "procedures/c/", DT_PROCEDURE,
	    ST_CURRENT, "C", "Tees Procedures Group", NULL, "2026-11-23",
	    10 },
	{ "content/procedures/d.md", "d", "procedures/d/", DT_PROCEDURE,
	    ST_CURRENT, "D", "Tees Procedures Group", NULL, "2027-06-01", 6 },
	{ "content/procedures/e.md", "e", "procedures/e/", DT_PROCEDURE,
	    ST_SUPERSEDED, "E", "Tees Procedures Group", "2019-01-01",
	    "2018-01-01", 6 },
	{ "content/procedures/f.md", "f", "procedures/f/", DT_PROCEDURE,
	    ST_CURRENT, "F", "Tees Procedures Group", NULL, NULL, 0 },
};

static void
test_check_messages(void **state_)
{
	struct site		 s;
	struct diag		 d;
	struct review_counts	 c;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, NULL, 0 };
	struct buf		 b = BUF_INIT;

	(void)state_;
	mksite(&s, mixed, NELEM(mixed), NULL);
	diag_init(&d);
	memset(&c, 0xff, sizeof(c));
	review_check(&d, &s, &o, &c);
	assert_int_equal(d.n, 5);
	expect_diag(&d, 0, DIAG_WARNING, "content/about.md", 4,
	    "review due on 1 December 2026, in 7 days");
	expect_diag(&d, 1, DIAG_WARNING, "content/mou/hsscp-mou.md", 9,
	    "review overdue since 30 September 2019, 7 years 2 months ago "
	    "(owner: HSSCP Executive)");
	expect_diag(&d, 2, DIAG_WARNING, "content/procedures/a.md", 7,
	    "review due on 15 January 2027, in 52 days "
	    "(owner: Tees Procedures Group)");
	expect_diag(&d, 3, DIAG_WARNING, "content/procedures/b.md", 8,
	    "review due today (owner: Tees Procedures Group)");
	expect_diag(&d, 4, DIAG_WARNING, "content/procedures/c.md", 10,
	    "review overdue since 23 November 2026, 1 day ago "
	    "(owner: Tees Procedures Group)");
	assert_int_equal(d.nwarnings, 5);
	assert_int_equal(d.nerrors, 0);
	/* f has no review_date: the loader's error, counted nowhere. */
	assert_int_equal(c.overdue, 2);
	assert_int_equal(c.due, 3);
	assert_int_equal(c.current, 1);
	assert_int_equal(c.exempt, 2);
	review_summary(&b, &c, o.warn_days);
	assert_string_equal(b.data,
	    "2 overdue, 3 due within 60 days, 1 current");
	buf_free(&b);
	diag_free(&d);

	/* counts may be NULL. */
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 5);
	diag_free(&d);
	site_free(&s);
}

static void
test_check_strict(void **state_)
{
	struct site		 s;
	struct diag		 d;
	struct review_counts	 c;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, NULL, 1 };
	size_t			 i;

	(void)state_;
	mksite(&s, mixed, NELEM(mixed), NULL);
	diag_init(&d);
	review_check(&d, &s, &o, &c);
	assert_int_equal(d.n, 5);
	assert_int_equal(d.nerrors, 2);
	assert_int_equal(d.nwarnings, 3);
	for (i = 0; i < d.n; i++)
		assert_int_equal(d.v[i].level,
		    strstr(d.v[i].msg, "overdue") != NULL ?
		    DIAG_ERROR : DIAG_WARNING);
	expect_diag(&d, 1, DIAG_ERROR, "content/mou/hsscp-mou.md", 9,
	    "review overdue since 30 September 2019, 7 years 2 months ago "
	    "(owner: HSSCP Executive)");
	expect_diag(&d, 3, DIAG_WARNING, "content/procedures/b.md", 8,
	    "review due today (owner: Tees Procedures Group)");
	assert_int_equal(c.overdue, 2);
	diag_free(&d);
	site_free(&s);
}

static void
test_check_owner_filter(void **state_)
{
	struct site		 s;
	struct diag		 d;
	struct review_counts	 c;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, "tees PROCEDURES group", 0 };

	(void)state_;
	mksite(&s, mixed, NELEM(mixed), NULL);
	diag_init(&d);
	review_check(&d, &s, &o, &c);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].file, "content/procedures/a.md");
	assert_string_equal(d.v[1].file, "content/procedures/b.md");
	assert_string_equal(d.v[2].file, "content/procedures/c.md");
	assert_int_equal(c.overdue, 1);
	assert_int_equal(c.due, 2);
	assert_int_equal(c.current, 1);
	assert_int_equal(c.exempt, 2);	/* the minutes and e */
	diag_free(&d);

	/* Exact apart from case: no prefixes, no documents without owner. */
	o.owner = "Tees Procedures";
	diag_init(&d);
	review_check(&d, &s, &o, &c);
	assert_int_equal(d.n, 0);
	assert_int_equal(c.overdue + c.due + c.current + c.exempt, 0);
	diag_free(&d);

	o.owner = "HSSCP EXECUTIVE";
	diag_init(&d);
	review_check(&d, &s, &o, &c);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "content/mou/hsscp-mou.md");
	assert_int_equal(c.overdue, 1);
	assert_int_equal(c.due + c.current + c.exempt, 0);
	diag_free(&d);
	site_free(&s);
}

static void
test_check_before_last_reviewed(void **state_)
{
	static const struct spec	 v[] = {
		{ "content/procedures/p.md", "p", "procedures/p/",
		    DT_PROCEDURE, ST_CURRENT, "P", "O", "2019-03-14",
		    "2019-03-01", 12 },
		/* Overdue as well: both, overdue first. */
		{ "content/procedures/q.md", "q", "procedures/q/",
		    DT_PROCEDURE, ST_CURRENT, "Q", "O", "2017-06-02",
		    "2017-06-01", 3 },
		/* Exempt documents are not checked. */
		{ "content/procedures/r.md", "r", "procedures/r/",
		    DT_PROCEDURE, ST_SUPERSEDED, "R", "O", "2019-03-14",
		    "2019-03-01", 12 },
		/* The same day is fine. */
		{ "content/procedures/s.md", "s", "procedures/s/",
		    DT_PROCEDURE, ST_CURRENT, "S", "O", "2019-03-14",
		    "2019-03-14", 12 },
	};
	struct site		 s;
	struct diag		 d;
	struct date		 t = dt("2018-01-01");
	struct review_opts	 o = { &t, 10, 24, NULL, 0 };

	(void)state_;
	mksite(&s, v, NELEM(v), NULL);
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 3);
	expect_diag(&d, 0, DIAG_WARNING, "content/procedures/p.md", 12,
	    "review_date 1 March 2019 is before last_reviewed 14 March 2019");
	expect_diag(&d, 1, DIAG_WARNING, "content/procedures/q.md", 3,
	    "review overdue since 1 June 2017, 7 months ago (owner: O)");
	expect_diag(&d, 2, DIAG_WARNING, "content/procedures/q.md", 3,
	    "review_date 1 June 2017 is before last_reviewed 2 June 2017");
	diag_free(&d);
	site_free(&s);
}

static void
test_check_max_months(void **state_)
{
	static const struct spec	 v[] = {
		/* Exactly 12 months, ending on the same day: allowed. */
		{ "content/procedures/a.md", "a", "procedures/a/",
		    DT_PROCEDURE, ST_CURRENT, "A", "O", "2023-01-31",
		    "2024-01-31", 6 },
		/* A day more is a 13th month. */
		{ "content/procedures/b.md", "b", "procedures/b/",
		    DT_PROCEDURE, ST_CURRENT, "B", "O", "2023-01-31",
		    "2024-02-01", 7 },
		{ "content/procedures/c.md", "c", "procedures/c/",
		    DT_PROCEDURE, ST_CURRENT, "C", "O", "2019-03-14",
		    "2021-05-14", 8 },
		/* No last_reviewed: nothing to compare. */
		{ "content/procedures/d.md", "d", "procedures/d/",
		    DT_PROCEDURE, ST_CURRENT, "D", "O", NULL, "2030-01-01", 9 },
		/* Exempt. */
		{ "content/procedures/e.md", "e", "procedures/e/",
		    DT_PROCEDURE, ST_WITHDRAWN, "E", "O", "2010-01-01",
		    "2030-01-01", 9 },
	};
	static const struct spec	 feb[] = {
		/* One month after 31 January 2023 is 28 February. */
		{ "content/procedures/a.md", "a", "procedures/a/",
		    DT_PROCEDURE, ST_CURRENT, "A", "O", "2023-01-31",
		    "2023-02-28", 6 },
		{ "content/procedures/b.md", "b", "procedures/b/",
		    DT_PROCEDURE, ST_CURRENT, "B", "O", "2023-01-31",
		    "2023-03-01", 7 },
	};
	struct site		 s;
	struct diag		 d;
	struct date		 t = dt("2000-01-01");
	struct review_opts	 o = { &t, 60, 12, NULL, 0 };

	(void)state_;
	mksite(&s, v, NELEM(v), NULL);
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 2);
	expect_diag(&d, 0, DIAG_WARNING, "content/procedures/b.md", 7,
	    "review_date is 13 months after last_reviewed; the site allows "
	    "at most 12 (review.max_months)");
	expect_diag(&d, 1, DIAG_WARNING, "content/procedures/c.md", 8,
	    "review_date is 26 months after last_reviewed; the site allows "
	    "at most 12 (review.max_months)");
	diag_free(&d);

	o.max_months = 24;
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, DIAG_WARNING, "content/procedures/c.md", 8,
	    "review_date is 26 months after last_reviewed; the site allows "
	    "at most 24 (review.max_months)");
	diag_free(&d);

	o.max_months = 26;
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 0);
	diag_free(&d);

	o.max_months = 0;	/* off */
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	site_free(&s);

	mksite(&s, feb, NELEM(feb), NULL);
	o.max_months = 1;
	diag_init(&d);
	review_check(&d, &s, &o, NULL);
	assert_int_equal(d.n, 1);
	expect_diag(&d, 0, DIAG_WARNING, "content/procedures/b.md", 7,
	    "review_date is 2 months after last_reviewed; the site allows "
	    "at most 1 (review.max_months)");
	diag_free(&d);
	site_free(&s);
}

static void
test_check_leap_day_messages(void **state_)
{
	static const struct spec	 v[] = {
		{ "content/procedures/p.md", "p", "procedures/p/",
		    DT_PROCEDURE, ST_CURRENT, "P", "O", NULL, "2024-02-29",
		    5 },
	};
	static const struct {
		const char	*today;
		int		 warn_days;
		const char	*msg;	/* NULL: none */
	} cases[] = {
		{ "2024-02-28", 0, NULL },
		{ "2024-02-28", 1,
		    "review due on 29 February 2024, in 1 day (owner: O)" },
		{ "2024-02-29", 0, "review due today (owner: O)" },
		{ "2024-03-01", 0,
		    "review overdue since 29 February 2024, 1 day ago "
		    "(owner: O)" },
		{ "2025-02-28", 0,
		    "review overdue since 29 February 2024, 1 year ago "
		    "(owner: O)" },
	};
	struct site		 s;
	struct diag		 d;
	struct date		 t;
	struct review_opts	 o = { &t, 0, 0, NULL, 0 };
	size_t			 i;

	(void)state_;
	mksite(&s, v, NELEM(v), NULL);
	for (i = 0; i < NELEM(cases); i++) {
		t = dt(cases[i].today);
		o.warn_days = cases[i].warn_days;
		diag_init(&d);
		review_check(&d, &s, &o, NULL);
		if (cases[i].msg == NULL)
			assert_int_equal(d.n, 0);
		else {
			assert_int_equal(d.n, 1);
			expect_diag(&d, 0, DIAG_WARNING,
			    "content/procedures/p.md", 5, cases[i].msg);
		}
		diag_free(&d);
	}
	site_free(&s);
}

static void
test_summary(void **state_)
{
	struct review_counts	 c = { 2, 3, 41, 7 };
	struct buf		 b = BUF_INIT;

	(void)state_;
	review_summary(&b, &c, 60);
	assert_string_equal(b.data,
	    "2 overdue, 3 due within 60 days, 41 current");
	BUF_PUTSL(&b, "; ");
	review_summary(&b, &c, 1);	/* appends */
	assert_string_equal(b.data, "2 overdue, 3 due within 60 days, "
	    "41 current; 2 overdue, 3 due within 1 day, 41 current");
	buf_reset(&b);
	c.overdue = c.due = c.current = 0;
	review_summary(&b, &c, 0);
	assert_string_equal(b.data, "0 overdue, 0 due today, 0 current");
	buf_free(&b);
}

static void
test_json_two_documents(void **state_)
{
	static const struct spec	 v[] = {
		{ "content/mou/hsscp-mou.md", "hsscp-mou", "mou/hsscp-mou/",
		    DT_MOU, ST_CURRENT, "Health & Social Care MoU",
		    "HSSCP Executive", NULL, "2027-01-15", 9 },
		{ "content/procedures/strategy-discussion.md",
		    "strategy-discussion", "procedures/strategy-discussion/",
		    DT_PROCEDURE, ST_CURRENT,
		    "Strategy \"Discussion\" <Procedure>",
		    "Tees Procedures Group", "2019-03-14", "2020-03-14", 8 },
	};
	struct site		 s;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, NULL, 0 };
	struct buf		 b = BUF_INIT;

	(void)state_;
	mksite(&s, v, NELEM(v), "https://www.example.org/");
	review_json(&b, &s, &o);
	assert_string_equal(b.data,
	    "{\"today\":\"2026-11-24\",\"warn_days\":60,"
	    "\"counts\":{\"overdue\":1,\"due\":1,\"current\":0,\"exempt\":0},"
	    "\"documents\":["
	    "{\"id\":\"strategy-discussion\","
	    "\"title\":\"Strategy \\\"Discussion\\\" \\u003cProcedure\\u003e\","
	    "\"type\":\"procedure\","
	    "\"path\":\"content/procedures/strategy-discussion.md\","
	    "\"url\":\"https://www.example.org/procedures/"
	    "strategy-discussion/\","
	    "\"owner\":\"Tees Procedures Group\","
	    "\"last_reviewed\":\"2019-03-14\",\"review_date\":\"2020-03-14\","
	    "\"state\":\"overdue\",\"days\":-2446},"
	    "{\"id\":\"hsscp-mou\","
	    "\"title\":\"Health \\u0026 Social Care MoU\","
	    "\"type\":\"mou\",\"path\":\"content/mou/hsscp-mou.md\","
	    "\"url\":\"https://www.example.org/mou/hsscp-mou/\","
	    "\"owner\":\"HSSCP Executive\","
	    "\"last_reviewed\":null,\"review_date\":\"2027-01-15\","
	    "\"state\":\"due\",\"days\":52}]}");
	buf_free(&b);
	site_free(&s);
}

static void
test_json_order_and_filter(void **state_)
{
	struct site		 s;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, NULL, 0 };
	struct buf		 b = BUF_INIT, again = BUF_INIT;
	const char		*p[6];
	size_t			 i;

	(void)state_;
	mksite(&s, mixed, NELEM(mixed), NULL);
	review_json(&b, &s, &o);
	assert_non_null(strstr(b.data, "\"counts\":{\"overdue\":2,\"due\":3,"
	    "\"current\":1,\"exempt\":2}"));
	/* Exempt documents are left out, undated ones come last. */
	assert_null(strstr(b.data, "\"id\":\"m\""));
	assert_null(strstr(b.data, "\"id\":\"e\""));
	p[0] = strstr(b.data, "\"id\":\"hsscp-mou\"");	/* 2019-09-30 */
	p[1] = strstr(b.data, "\"id\":\"c\"");		/* 2026-11-23 */
	p[2] = strstr(b.data, "\"id\":\"b\"");		/* 2026-11-24 */
	p[3] = strstr(b.data, "\"id\":\"about\"");	/* 2026-12-01 */
	p[4] = strstr(b.data, "\"id\":\"a\"");		/* 2027-01-15 */
	p[5] = strstr(b.data, "\"id\":\"d\"");		/* 2027-06-01 */
	for (i = 0; i < NELEM(p); i++) {
		assert_non_null(p[i]);
		if (i > 0)
			assert_true(p[i - 1] < p[i]);
	}
	assert_non_null(strstr(b.data, "{\"id\":\"f\",\"title\":\"F\","
	    "\"type\":\"procedure\",\"path\":\"content/procedures/f.md\","
	    "\"url\":\"/procedures/f/\",\"owner\":\"Tees Procedures Group\","
	    "\"last_reviewed\":null,\"review_date\":null,\"state\":\"none\","
	    "\"days\":null}]}"));
	assert_non_null(strstr(b.data, "\"owner\":null"));	/* about */
	assert_true(p[5] < strstr(b.data, "\"id\":\"f\""));
	/* Deterministic. */
	review_json(&again, &s, &o);
	assert_string_equal(b.data, again.data);

	/* The owner filter applies to the list and the counts. */
	buf_reset(&b);
	o.owner = "HSSCP Executive";
	review_json(&b, &s, &o);
	assert_string_equal(b.data,
	    "{\"today\":\"2026-11-24\",\"warn_days\":60,"
	    "\"counts\":{\"overdue\":1,\"due\":0,\"current\":0,\"exempt\":0},"
	    "\"documents\":[{\"id\":\"hsscp-mou\",\"title\":\"MoU\","
	    "\"type\":\"mou\",\"path\":\"content/mou/hsscp-mou.md\","
	    "\"url\":\"/mou/hsscp-mou/\",\"owner\":\"HSSCP Executive\","
	    "\"last_reviewed\":\"2018-09-30\",\"review_date\":\"2019-09-30\","
	    "\"state\":\"overdue\",\"days\":-2612}]}");
	buf_reset(&b);
	o.owner = "Nobody";
	review_json(&b, &s, &o);
	assert_string_equal(b.data,
	    "{\"today\":\"2026-11-24\",\"warn_days\":60,"
	    "\"counts\":{\"overdue\":0,\"due\":0,\"current\":0,\"exempt\":0},"
	    "\"documents\":[]}");
	buf_free(&b);
	buf_free(&again);
	site_free(&s);
}

/* Path order; owners differ in case so a case-sensitive sort would differ. */
static const struct spec	 sched[] = {
	{ "content/contact.md", "contact", "contact/", DT_PAGE, ST_CURRENT,
	    "Contact us", NULL, NULL, "2027-03-01", 4 },
	{ "content/minutes/m.md", "m", "minutes/m/", DT_MINUTES, ST_CURRENT,
	    "Minutes", "HSSCP Board", NULL, NULL, 0 },
	{ "content/mou/health.md", "health", "mou/health/", DT_MOU,
	    ST_CURRENT, "=HYPERLINK(\"http://x\")", "hsscp Executive",
	    "2024-05-01", "2026-12-01", 5 },
	{ "content/procedures/a.md", "a", "procedures/a/", DT_PROCEDURE,
	    ST_CURRENT, "Strategy discussion, \"section 47\"",
	    "Tees Procedures Group", "2025-01-01", "2027-01-15", 5 },
	{ "content/procedures/b.md", "b", "procedures/b/", DT_PROCEDURE,
	    ST_CURRENT, "Bruising", "Tees Procedures Group", NULL,
	    "2026-01-01", 5 },
	{ "content/procedures/c.md", "c", "procedures/c/", DT_PROCEDURE,
	    ST_CURRENT, "Allegations", "Tees Procedures Group", NULL,
	    "2027-01-15", 5 },
	{ "content/procedures/d.md", "d", "procedures/d/", DT_PROCEDURE,
	    ST_CURRENT, "Domestic abuse", "Tees Procedures Group", NULL, NULL,
	    0 },
	{ "content/procedures/e.md", "e", "procedures/e/", DT_PROCEDURE,
	    ST_SUPERSEDED, "Escalation", "Tees Procedures Group", NULL,
	    "2020-01-01", 5 },
	{ "content/procedures/z.md", "z", "procedures/z/", DT_PROCEDURE,
	    ST_CURRENT, "Zero tolerance", "HSSCP Board", NULL, "2028-01-01",
	    5 },
};

static void
test_csv(void **state_)
{
	struct site		 s;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, NULL, 0 };
	struct buf		 b = BUF_INIT;

	(void)state_;
	mksite(&s, sched, NELEM(sched), "https://www.example.org/");
	review_csv(&b, &s, &o);
	assert_string_equal(b.data,
	    "owner,title,type,state,last_reviewed,review_date,url\r\n"
	    "HSSCP Board,Zero tolerance,procedure,current,,2028-01-01,"
	    "https://www.example.org/procedures/z/\r\n"
	    "hsscp Executive,\"'=HYPERLINK(\"\"http://x\"\")\",mou,due,"
	    "2024-05-01,2026-12-01,https://www.example.org/mou/health/\r\n"
	    "Tees Procedures Group,Bruising,procedure,overdue,,2026-01-01,"
	    "https://www.example.org/procedures/b/\r\n"
	    "Tees Procedures Group,Allegations,procedure,due,,2027-01-15,"
	    "https://www.example.org/procedures/c/\r\n"
	    "Tees Procedures Group,"
	    "\"Strategy discussion, \"\"section 47\"\"\",procedure,due,"
	    "2025-01-01,2027-01-15,https://www.example.org/procedures/a/\r\n"
	    "Tees Procedures Group,Domestic abuse,procedure,none,,,"
	    "https://www.example.org/procedures/d/\r\n"
	    ",Contact us,page,current,,2027-03-01,"
	    "https://www.example.org/contact/\r\n");
	buf_free(&b);
	site_free(&s);
}

static void
test_csv_relative_and_filtered(void **state_)
{
	struct site		 s;
	struct date		 t = dt("2026-11-24");
	struct review_opts	 o = { &t, 60, 0, "HSSCP EXECUTIVE", 0 };
	struct buf		 b = BUF_INIT;

	(void)state_;
	mksite(&s, sched, NELEM(sched), NULL);
	free(s.cfg.base_path);
	s.cfg.base_path = xstrdup("/lscp/");
	review_csv(&b, &s, &o);
	assert_string_equal(b.data,
	    "owner,title,type,state,last_reviewed,review_date,url\r\n"
	    "hsscp Executive,\"'=HYPERLINK(\"\"http://x\"\")\",mou,due,"
	    "2024-05-01,2026-12-01,/lscp/mou/health/\r\n");
	buf_reset(&b);
	o.owner = "Nobody";
	review_csv(&b, &s, &o);
	assert_string_equal(b.data,
	    "owner,title,type,state,last_reviewed,review_date,url\r\n");
	buf_free(&b);
	site_free(&s);
}

static void
test_schedule(void **state_)
{
	static const char *const	 want[] = {
		"z", "health", "b", "c", "a", "d", "contact"
	};
	struct site	 s;
	struct doc	 *sentinel = NULL, **v;
	size_t		  i, n;

	(void)state_;
	mksite(&s, sched, NELEM(sched), NULL);
	n = review_schedule(&s, &v);
	assert_int_equal(n, NELEM(want));
	for (i = 0; i < n; i++)
		assert_string_equal(v[i]->id, want[i]);
	/* Pointers into the site, not copies. */
	assert_ptr_equal(v[0], s.docs[NELEM(sched) - 1]);
	free(v);
	site_free(&s);

	mksite(&s, sched + 1, 1, NULL);	/* only the minutes */
	v = &sentinel;
	assert_int_equal(review_schedule(&s, &v), 0);
	assert_null(v);
	site_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_state_boundaries),
		cmocka_unit_test(test_state_warn_days_zero),
		cmocka_unit_test(test_state_leap_day),
		cmocka_unit_test(test_state_exempt),
		cmocka_unit_test(test_span_table),
		cmocka_unit_test(test_check_messages),
		cmocka_unit_test(test_check_strict),
		cmocka_unit_test(test_check_owner_filter),
		cmocka_unit_test(test_check_before_last_reviewed),
		cmocka_unit_test(test_check_max_months),
		cmocka_unit_test(test_check_leap_day_messages),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_json_two_documents),
		cmocka_unit_test(test_json_order_and_filter),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_relative_and_filtered),
		cmocka_unit_test(test_schedule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
