/*
 * test_histrepo.c: what history.h offers of the repository as a whole:
 * finding its git folder, the key of what a walk depends on.
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
#include "../../src/history.h"

/* Run a shell command; fail the test if it fails. */
static void
run(const char *cmd)
{
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

#define SH(...) do {					\
	char	 cmd_[512];				\
							\
	snprintf(cmd_, sizeof(cmd_), __VA_ARGS__);	\
	run(cmd_);					\
} while (0)

static void
test_repository(void **state)
{
	char			 dir[] = "/tmp/folio-test-XXXXXX", sub[64];
	struct buf		 b = BUF_INIT, want = BUF_INIT;
	struct history_opts	 ho;
	char			*k1, *k2, *k3;

	(void)state;
	memset(&ho, 0, sizeof(ho));
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/site/content", dir);
	SH("mkdir -p %s/site/content", dir);
	/* Not a repository yet: no git folder, no key. */
	assert_int_equal(history_git_dir(sub, &b), -1);
	assert_int_equal(b.len, 0);
	assert_null(history_key(sub, &ho));

	SH("git init -q %s/site", dir);
	assert_int_equal(history_git_dir(sub, &b), 0);
	buf_printf(&want, "%s/site/.git/", dir);
	assert_string_equal(b.data, want.data);
	assert_non_null(k1 = history_key(sub, &ho));
	assert_non_null(strstr(k1, "unborn;"));

	/* The key follows HEAD and the options. */
	SH("cd %s/site && git -c user.name=T -c user.email=t@x commit -q "
	    "--allow-empty -m one", dir);
	assert_non_null(k2 = history_key(sub, &ho));
	assert_string_not_equal(k1, k2);
	assert_null(strstr(k2, "unborn;"));
	ho.allow_shallow = 1;
	assert_non_null(k3 = history_key(sub, &ho));
	assert_string_not_equal(k2, k3);
	free(k3);
	ho.allow_shallow = 0;
	assert_non_null(k3 = history_key(sub, &ho));
	assert_string_equal(k2, k3);
	free(k3);
	/* And the .mailmap file. */
	SH("echo 'A <a@x>' > %s/site/.mailmap", dir);
	assert_non_null(k3 = history_key(sub, &ho));
	assert_string_not_equal(k2, k3);

	free(k1);
	free(k2);
	free(k3);
	buf_free(&b);
	buf_free(&want);
	SH("rm -rf %s", dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repository),
	};
	int	 rc;

	if (history_lib_init() == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	history_lib_shutdown();
	return rc;
}
