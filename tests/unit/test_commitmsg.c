/*
 * test_commitmsg.c: unit tests for src/commitmsg.c (cmocka): the change
 * note and request number of each shape of commit message the forges
 * and editors write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/commitmsg.h"

/* Parse msg and check the note (NULL: bare), request and trailer. */
static void
check(const char *msg, int nparents, const char *note, unsigned long req,
    int trailer)
{
	struct commitmsg	 m = COMMITMSG_INIT;

	commitmsg_parse(msg, nparents, &m);
	if (note == NULL) {
		assert_true(m.bare);
		assert_int_equal(m.note.len, 0);
	} else {
		assert_false(m.bare);
		assert_string_equal(m.note.data, note);
	}
	assert_int_equal(m.request, req);
	assert_int_equal(m.trailer, trailer);
	commitmsg_free(&m);
}

static void
test_plain(void **state)
{
	(void)state;
	check("Strategy discussion: send the record\n", 1,
	    "Strategy discussion: send the record", 0, 0);
	check("Subject over\ntwo lines  \n\nBody text.\n", 1,
	    "Subject over two lines", 0, 0);
	check("", 1, "", 0, 0);
	check(NULL, 0, "", 0, 0);
	/* An editor's subject that starts "Merge" is not a merge's. */
	check("Merge the two sections on referrals\n", 1,
	    "Merge the two sections on referrals", 0, 0);
}

static void
test_github(void **state)
{
	(void)state;
	check("Merge pull request #5646 from org/fix-typo\n\n"
	    "Fix typo in Get Started guide\n", 2,
	    "Fix typo in Get Started guide", 5646, 0);
	check("Merge pull request #7 from org/x\n\nA title\nover two lines\n\n"
	    "Longer description.\n", 2, "A title over two lines", 7, 0);
	/* No title: bare, whatever the number of parents. */
	check("Merge pull request #8 from org/x\n", 2, NULL, 8, 0);
	check("Merge pull request #8 from org/x\n", 1, NULL, 8, 0);
	/* A trailer-only paragraph is no title. */
	check("Merge pull request #9 from org/x\n\nSigned-off-by: A <a@b>\n",
	    2, NULL, 9, 0);
}

static void
test_gitlab(void **state)
{
	(void)state;
	check("Merge branch 'strategy' into 'main'\n\n"
	    "Strategy discussion: who attends\n\nCloses #12\n\n"
	    "See merge request partnership/procedures!42\n", 2,
	    "Strategy discussion: who attends", 42, 0);
	check("Merge branch 'strategy' into 'main'\n\n"
	    "See merge request partnership/procedures!43\n", 2, NULL, 43, 0);
}

static void
test_bitbucket(void **state)
{
	(void)state;
	check("Merged in feature/lado (pull request #12)\n\n"
	    "LADO referrals: new contact number\n\nApproved-by: Sam Lee\n", 2,
	    "LADO referrals: new contact number", 12, 0);
	check("Merged in feature/lado (pull request #13)\n\n"
	    "Approved-by: Sam Lee\n", 2, NULL, 13, 0);
}

static void
test_merge_bare(void **state)
{
	(void)state;
	check("Merge branch 'review-2025'\n", 2, NULL, 0, 0);
	check("Merge remote-tracking branch 'origin/main'\n\n"
	    "* origin/main:\n  Some subject\n", 3, NULL, 0, 0);
	check("Merged changes from the review\n", 2, NULL, 0, 0);
}

static void
test_squash(void **state)
{
	(void)state;
	check("Fix typo in Get Started guide (#5646)\n\n* commit one\n", 1,
	    "Fix typo in Get Started guide", 5646, 0);
	check("Keep (#x) and (#) as they are (#)\n", 1,
	    "Keep (#x) and (#) as they are (#)", 0, 0);
	check("Numbers (#12) inside\n", 1, "Numbers (#12) inside", 0, 0);
}

static void
test_trailer(void **state)
{
	(void)state;
	check("Reword section 3\n\nChange-note: Strategy discussions now\n"
	    "  include health.\nSigned-off-by: A <a@b>\n", 1,
	    "Strategy discussions now include health.", 0, 1);
	check("Reword (#31)\n\nchange-note:   Lower case key\n", 1,
	    "Lower case key", 31, 1);
	check("Merge pull request #3 from o/b\n\nTitle\n\n"
	    "Change-note: The note wins\nover the title\n\nMore.\n", 2,
	    "The note wins over the title", 3, 1);
	/* Not in the subject, and an empty one is no note. */
	check("Change-note: in the subject\n", 1, "Change-note: in the subject",
	    0, 0);
	check("Subject\n\nChange-note:\nNext-key: x\n", 1, "Subject", 0, 0);
	check("Subject\n\nChange-note:\n  On the next line\n", 1,
	    "On the next line", 0, 1);
	/* "Change-notes:" is another key. */
	check("Subject\n\nChange-notes: no\n", 1, "Subject", 0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_gitlab),
		cmocka_unit_test(test_bitbucket),
		cmocka_unit_test(test_merge_bare),
		cmocka_unit_test(test_squash),
		cmocka_unit_test(test_trailer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
