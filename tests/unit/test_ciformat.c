/*
 * test_ciformat.c: diagnostics as GitHub workflow commands (escaping of
 * the message and of the properties, unknown line and column, no file)
 * and as GitLab code-quality JSON (the documented keys, severities,
 * begin line, fingerprints that tell entries apart).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/ciformat.h"
#include "../../src/diag.h"

static void
test_github(void **state)
{
	struct diag	 d;
	struct buf	 b = BUF_INIT;

	(void)state;
	diag_init(&d);
	diag_add(&d, DIAG_ERROR, "./content/a,b:c.md", 3, 7,
	    "100%% wrong\r\nsecond line: yes, really");
	diag_add(&d, DIAG_WARNING, "content/x.md", 8, 0, "review overdue");
	diag_add(&d, DIAG_WARNING, "content/y.md", 0, 0, "no line");
	diag_add(&d, DIAG_WARNING, NULL, 0, 0, "not in a git repository");
	ci_github(&b, &d);
	assert_string_equal(b.data,
	    "::warning title=folio::not in a git repository\n"
	    "::error file=content/a%2Cb%3Ac.md,line=3,col=7,title=folio::"
	    "100%25 wrong%0D%0Asecond line: yes, really\n"
	    "::warning file=content/x.md,line=8,title=folio::review overdue\n"
	    "::warning file=content/y.md,title=folio::no line\n");
	buf_free(&b);
	diag_free(&d);
}

static void
test_gitlab(void **state)
{
	struct diag	 d;
	struct buf	 b = BUF_INIT;
	char		*p, f1[17], f2[17];

	(void)state;
	diag_init(&d);
	diag_add(&d, DIAG_ERROR, "./content/a.md", 3, 7, "say \"no\"");
	diag_add(&d, DIAG_WARNING, "content/a.md", 0, 0, "same words");
	diag_add(&d, DIAG_WARNING, "content/a.md", 4, 0, "same words");
	diag_add(&d, DIAG_WARNING, NULL, 0, 0, "about no file");
	ci_gitlab(&b, &d, "content/site.yaml");
	assert_int_equal(b.data[0], '[');
	assert_non_null(strstr(b.data, "\n]\n"));
	assert_non_null(strstr(b.data,
	    "{\"description\":\"say \\\"no\\\"\",\"check_name\":\"folio-error\","
	    "\"fingerprint\":\""));
	assert_non_null(strstr(b.data, "\",\"severity\":\"major\","
	    "\"location\":{\"path\":\"content/a.md\",\"lines\":{\"begin\":3}}}"));
	assert_non_null(strstr(b.data, "\"severity\":\"minor\",\"location\":"
	    "{\"path\":\"content/a.md\",\"lines\":{\"begin\":1}}}"));
	assert_non_null(strstr(b.data, "{\"description\":\"about no file\","
	    "\"check_name\":\"folio-warning\""));
	assert_non_null(strstr(b.data, "\"path\":\"content/site.yaml\","
	    "\"lines\":{\"begin\":1}}}"));
	/* The two "same words" entries have fingerprints of their own. */
	p = strstr(b.data, "\"description\":\"same words\"");
	assert_non_null(p);
	p = strstr(p, "\"fingerprint\":\"") + 15;
	memcpy(f1, p, 16);
	f1[16] = '\0';
	assert_int_equal(p[16], '"');
	p = strstr(p, "\"description\":\"same words\"");
	assert_non_null(p);
	p = strstr(p, "\"fingerprint\":\"") + 15;
	memcpy(f2, p, 16);
	f2[16] = '\0';
	assert_string_not_equal(f1, f2);
	assert_int_equal(strspn(f1, "0123456789abcdef"), 16);
	buf_free(&b);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_gitlab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
