/*
 * test_config.c: site.yaml: which folder is the site, and the settings'
 * validation.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/config.h"

static void
test_config_folder(void **state)
{
	char	 dir[] = "/tmp/folio-test-XXXXXX", old[4096];
	FILE	*f;

	(void)state;
	assert_non_null(getcwd(old, sizeof(old)));
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	/* Given, it is used as it is. */
	assert_string_equal(config_folder("x/site"), "x/site");
	/* Not given: content/, unless here is a site. */
	assert_string_equal(config_folder(NULL), "content");
	assert_int_equal(mkdir("site.yaml", 0700), 0);	/* any kind of file */
	assert_string_equal(config_folder(NULL), ".");
	assert_int_equal(rmdir("site.yaml"), 0);
	assert_non_null(f = fopen("site.yaml", "w"));
	assert_int_equal(fclose(f), 0);
	assert_string_equal(config_folder(NULL), ".");
	assert_string_equal(config_folder("content"), "content");
	assert_int_equal(unlink("site.yaml"), 0);
	assert_string_equal(config_folder(NULL), "content");
	assert_int_equal(chdir(old), 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
