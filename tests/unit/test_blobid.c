/*
 * test_blobid.c: blob_id() names material as git names a blob, as
 * libgit2's git_odb_hash() does, at every length around the hash's
 * block size and for large inputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <git2.h>

#include "../../src/blobid.h"

static void
test_known(void **state)
{
	char	 hex[41];

	(void)state;
	/* As "git hash-object" gives them. */
	blob_id(hex, "", 0);
	assert_string_equal(hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	blob_id(hex, "hello\n", 6);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	blob_id(hex, "a\0b", 3);
	assert_int_equal(strlen(hex), 40);
	assert_string_not_equal(hex,
	    "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

static void
test_as_libgit2(void **state)
{
	static const size_t	 big[] = { 65535, 65536, 1048577, 5000000 };
	unsigned char		*data;
	git_oid			 oid;
	char			 hex[41], want[41];
	size_t			 i, len;

	(void)state;
	data = malloc(5000000);
	assert_non_null(data);
	for (i = 0; i < 5000000; i++)
		data[i] = (unsigned char)((i * 2654435761u) >> 13);
	for (len = 0; len < 300 + sizeof(big) / sizeof(big[0]); len++) {
		size_t n = len < 300 ? len : big[len - 300];

		assert_int_equal(git_odb_hash(&oid, data, n, GIT_OBJECT_BLOB),
		    0);
		git_oid_tostr(want, sizeof(want), &oid);
		blob_id(hex, data, n);
		assert_string_equal(hex, want);
	}
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_as_libgit2),
	};
	int	 rc;

	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
