/*
 * test_scanmemo.c: the scans a build keeps for the next one.  A kept
 * scan comes back whole, with its diagnostics, only while the document's
 * source and the context key are those it was made from; an entry made
 * for another site, cut short at any length or with any byte changed is
 * refused or gives back only what was kept, never anything else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/scan.h"
#include "../../src/scanmemo.h"
#include "../../src/site.h"
#include "../../src/util.h"

#define CTX	"1111111111111111111111111111111111111111"
#define CTX_T	"2222222222222222222222222222222222222222"
#define CTX_X	"3333333333333333333333333333333333333333"
#define NNAMES	3

static struct doc *
make_doc(const char *rel, const char *front, const char *body)
{
	struct doc	*doc = xcalloc(1, sizeof(*doc));
	struct buf	 b = BUF_INIT;
	struct link	*l;

	buf_printf(&b, "site/%s", rel);
	doc->path = buf_detach(&b);
	doc->relpath = xstrdup(rel);
	doc->front = xstrdup(front);
	doc->front_len = strlen(front);
	doc->body = xstrdup(body);
	doc->body_len = strlen(body);
	doc->body_line = 4;
	doc->scan.headings = xcalloc(2, sizeof(*doc->scan.headings));
	doc->scan.headings[0].level = 2;
	doc->scan.headings[0].text = xstrdup(body);
	doc->scan.headings[0].anchor = xstrdup(rel);
	doc->scan.nheadings = 1;
	l = scan_add_link(&doc->scan);
	l->url = xstrdup("doc:other");
	l->line = 5;
	l->col = 7;
	doc->scan.mentions = xcalloc(NNAMES + 1, 1);
	doc->scan.mentions[1] = 1;
	doc->scan.nmentions = NNAMES;
	doc->scan.plain = xstrdup(body);
	doc->scan.plain_len = strlen(body);
	return doc;
}

/* A's scan with two warnings, B's with none, kept under CTX / CTX_T. */
static void
make_entry(struct buf *entry, struct doc *a, struct doc *b)
{
	struct scanmemo	 m;
	struct diag	 d;

	diag_init(&d);
	scanmemo_init(&m, "site");
	diag_add(&d, DIAG_WARNING, a->path, 5, 1, "first of %s", a->relpath);
	diag_add(&d, DIAG_ERROR, a->path, 6, 2, "second");
	scanmemo_put(&m, a, CTX, &d, 0);
	scanmemo_put(&m, b, CTX_T, &d, d.n);
	assert_int_equal(scanmemo_entry(&m, entry), 1);
	scanmemo_free(&m);
	diag_free(&d);
}

static void
test_round_trip(void **state)
{
	struct doc	*a = make_doc("a.md", "title: A\n", "Body of A."), *b;
	struct scanmemo	 m;
	struct diag	 into;
	struct buf	 entry = BUF_INIT, again = BUF_INIT;

	(void)state;
	b = make_doc("b.md", "title: B\n", "Body of B.");
	make_entry(&entry, a, b);
	scan_free(&a->scan);
	scan_free(&b->scan);
	diag_init(&into);
	scanmemo_init(&m, "site");
	assert_int_equal(scanmemo_load(&m, &entry), 0);
	assert_int_equal(entry.len, 0);
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into), 1);
	assert_int_equal(a->scan.nheadings, 1);
	assert_string_equal(a->scan.headings[0].text, "Body of A.");
	assert_string_equal(a->scan.links[0].url, "doc:other");
	assert_int_equal(a->scan.links[0].col, 7);
	assert_int_equal(a->scan.mentions[1], 1);
	assert_string_equal(a->scan.plain, "Body of A.");
	assert_int_equal(into.n, 2);
	assert_string_equal(into.v[0].msg, "first of a.md");
	assert_string_equal(into.v[0].file, "site/a.md");
	assert_int_equal(into.v[1].level, DIAG_ERROR);
	assert_int_equal(into.v[1].line, 6);
	/* B was kept under the titles' key. */
	assert_int_equal(scanmemo_get(&m, b, CTX, CTX_T, NNAMES, &into), 1);
	assert_int_equal(into.n, 2);
	assert_string_equal(b->scan.plain, "Body of B.");
	/* Every record taken again, none other: nothing to write. */
	assert_int_equal(scanmemo_entry(&m, &again), 0);
	scanmemo_free(&m);
	diag_free(&into);
	doc_free(a);
	doc_free(b);
	buf_free(&again);
}

static void
test_misses(void **state)
{
	struct doc	*a = make_doc("a.md", "title: A\n", "Body of A."), *b;
	struct scanmemo	 m;
	struct diag	 into;
	struct buf	 entry = BUF_INIT, kept = BUF_INIT, again = BUF_INIT;

	(void)state;
	b = make_doc("b.md", "title: B\n", "Body of B.");
	make_entry(&entry, a, b);
	buf_put(&kept, entry.data, entry.len);
	scan_free(&a->scan);
	diag_init(&into);
	scanmemo_init(&m, "site");
	assert_int_equal(scanmemo_load(&m, &entry), 0);
	/* Another context, other names, another source: not taken. */
	assert_int_equal(scanmemo_get(&m, a, CTX_X, CTX_T, NNAMES, &into), 0);
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES + 1, &into),
	    0);
	a->body_line = 5;
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into), 0);
	a->body_line = 4;
	a->front[7] = 'Z';
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into), 0);
	a->front[7] = 'A';
	a->body[0] = 'b';
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into), 0);
	assert_int_equal(into.n, 0);
	assert_null(a->scan.headings);
	/* A record not taken again: the entry is written anew. */
	assert_int_equal(scanmemo_entry(&m, &again), 1);
	scanmemo_free(&m);
	/* Made for another site: not used at all. */
	scanmemo_init(&m, "elsewhere");
	assert_int_equal(scanmemo_load(&m, &kept), -1);
	a->body[0] = 'B';
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into), 0);
	scanmemo_free(&m);
	diag_free(&into);
	doc_free(a);
	doc_free(b);
	buf_free(&kept);
	buf_free(&again);
}

/* An error of the environment is not the document's: not kept. */
static void
test_env_not_kept(void **state)
{
	struct doc	*a = make_doc("a.md", "title: A\n", "Body of A.");
	struct scanmemo	 m;
	struct diag	 d;
	struct buf	 entry = BUF_INIT;

	(void)state;
	diag_init(&d);
	scanmemo_init(&m, "site");
	diag_env(&d, a->path, 0, 0, "disk full");
	scanmemo_put(&m, a, CTX, &d, 0);
	assert_int_equal(scanmemo_entry(&m, &entry), 1);
	scanmemo_free(&m);
	scanmemo_init(&m, "site");
	assert_int_equal(scanmemo_load(&m, &entry), 0);
	diag_free(&d);
	diag_init(&d);
	assert_int_equal(scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &d), 0);
	scanmemo_free(&m);
	diag_free(&d);
	doc_free(a);
}

/*
 * Load the damaged entry data[0..len) and ask for both documents: no
 * crash, and whatever is given back is what was kept.
 */
static void
try_damaged(const char *data, size_t len)
{
	struct doc	*a = make_doc("a.md", "title: A\n", "Body of A."), *b;
	struct scanmemo	 m;
	struct diag	 into;
	struct buf	 e = BUF_INIT;

	b = make_doc("b.md", "title: B\n", "Body of B.");
	scan_free(&a->scan);
	scan_free(&b->scan);
	diag_init(&into);
	buf_put(&e, data, len);
	scanmemo_init(&m, "site");
	if (scanmemo_load(&m, &e) == 0) {
		if (scanmemo_get(&m, a, CTX, CTX_T, NNAMES, &into) == 1)
			assert_int_equal(a->scan.nmentions, NNAMES);
		if (scanmemo_get(&m, b, CTX, CTX_T, NNAMES, &into) == 1)
			assert_int_equal(b->scan.nmentions, NNAMES);
	}
	scanmemo_free(&m);
	diag_free(&into);
	doc_free(a);
	doc_free(b);
	buf_free(&e);
}

static void
test_damaged(void **state)
{
	struct doc	*a = make_doc("a.md", "title: A\n", "Body of A."), *b;
	struct scanmemo	 m;
	struct buf	 entry = BUF_INIT, cut = BUF_INIT;
	size_t		 n, i;

	(void)state;
	b = make_doc("b.md", "title: B\n", "Body of B.");
	make_entry(&entry, a, b);
	/* Cut short at any length: refused. */
	for (n = 0; n < entry.len; n++) {
		buf_reset(&cut);
		buf_put(&cut, entry.data, n);
		scanmemo_init(&m, "site");
		assert_int_equal(scanmemo_load(&m, &cut), -1);
		scanmemo_free(&m);
	}
	/* Any byte changed, to a small or a large value. */
	for (i = 0; i < entry.len; i++) {
		char c = entry.data[i];

		entry.data[i] = (char)(c ^ 0x01);
		try_damaged(entry.data, entry.len);
		entry.data[i] = (char)0xff;
		try_damaged(entry.data, entry.len);
		entry.data[i] = c;
	}
	doc_free(a);
	doc_free(b);
	buf_free(&entry);
	buf_free(&cut);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_misses),
		cmocka_unit_test(test_env_not_kept),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
