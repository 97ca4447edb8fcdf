/*
 * test_mustache_spec.c: run the official Mustache spec files against
 * src/template.c.
 *
 * usage: test_mustache_spec [dir]
 *
 * Reads every dir/NAME.json (default tests/mustache-spec, relative to
 * the repository root) except the optional "~" modules (lambdas and
 * inheritance are not implemented; their tests count as skipped), renders
 * each test and compares it with "expected".  Prints every failure, then
 * "N passed, N failed[, N skipped]".  Exits 1 if any test failed, 0
 * otherwise, also when the directory does not exist (a fresh clone has
 * no ../shared).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/template.h"
#include "../../src/util.h"

#define DEFAULT_DIR	"tests/mustache-spec"

/* The name the test template gets; spec partial names never clash. */
#define MAIN_NAME	"\001spec-template"

struct	counts {
	size_t	 passed;
	size_t	 failed;
	size_t	 skipped;
};

/*
 * Format a JSON real the way the spec expects ("1.21", not
 * "1.2100000000000000"): the shortest form that reads back the same.
 */
static void
format_real(double x, char *s, size_t sz)
{
	int	 prec;

	for (prec = 1; prec <= 17; prec++) {
		(void)snprintf(s, sz, "%.*g", prec, x);
		if (strtod(s, NULL) == x)
			return;
	}
}

/* Convert JSON data to a context value; numbers become their text. */
static struct tval *
to_tval(const json_t *j)
{
	struct tval	*v;
	const char	*key;
	json_t		*item;
	size_t		 i;
	char		 num[64];

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = tv_map();
		json_object_foreach((json_t *)j, key, item)
			tv_set(v, key, to_tval(item));
		return v;
	case JSON_ARRAY:
		v = tv_list();
		json_array_foreach(j, i, item)
			tv_push(v, to_tval(item));
		return v;
	case JSON_STRING:
		return tv_strn(json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		(void)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
		return tv_str(num);
	case JSON_REAL:
		format_real(json_real_value(j), num, sizeof(num));
		return tv_str(num);
	case JSON_TRUE:
		return tv_bool(1);
	case JSON_FALSE:
		return tv_bool(0);
	default:
		return tv_null();
	}
}

/* Print a string for a failure report, showing control characters. */
static void
print_quoted(const char *label, const char *s, size_t len)
{
	size_t	 i;

	printf("    %-9s \"", label);
	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		default:
			putchar(s[i]);
			break;
		}
	}
	puts("\"");
}

/* Run one test object of spec file "file".  Returns 0 if it passed. */
static int
run_test(const char *file, const json_t *test)
{
	struct diag	 d;
	struct buf	 out = BUF_INIT;
	struct tmpl_set	*set;
	struct tval	*ctx = NULL;
	const char	*name, *tmpl, *expected, *pname;
	json_t		*partials, *p;
	size_t		 i;
	char		*msg;
	int		 rc = -1, ok;

	diag_init(&d);
	set = tmpl_set_new();
	name = json_string_value(json_object_get(test, "name"));
	tmpl = json_string_value(json_object_get(test, "template"));
	expected = json_string_value(json_object_get(test, "expected"));
	if (name == NULL || tmpl == NULL || expected == NULL) {
		printf("FAIL %s: malformed test \"%s\"\n", file,
		    name != NULL ? name : "?");
		goto out;
	}
	ctx = to_tval(json_object_get(test, "data"));

	ok = 1;
	partials = json_object_get(test, "partials");
	json_object_foreach(partials, pname, p)
		if (tmpl_set_add(set, &d, pname, pname, json_string_value(p),
		    json_string_length(p)) == -1)
			ok = 0;
	if (ok && tmpl_set_add(set, &d, MAIN_NAME, "template", tmpl,
	    json_string_length(json_object_get(test, "template"))) == -1)
		ok = 0;
	if (ok && tmpl_render_flags(set, &d, MAIN_NAME, ctx, &out,
	    TMPL_PARTIAL_EMPTY) == -1)
		ok = 0;
	if (ok && out.len == strlen(expected) &&
	    memcmp(out.data, expected, out.len) == 0) {
		rc = 0;
		goto out;
	}

	printf("FAIL %s: %s\n", file, name);
	print_quoted("template", tmpl, strlen(tmpl));
	print_quoted("expected", expected, strlen(expected));
	print_quoted("got", out.data, out.len);
	diag_sort(&d);
	for (i = 0; i < d.n; i++) {
		msg = diag_format(&d.v[i]);
		printf("    %s\n", msg);
		free(msg);
	}
out:
	tv_free(ctx);
	tmpl_set_free(set);
	buf_free(&out);
	diag_free(&d);
	return rc;
}

/* Run every test in dir/file, adding to "c".  Returns 0, or -1. */
static int
run_file(const char *dir, const char *file, struct counts *c)
{
	struct buf	 path = BUF_INIT;
	json_error_t	 jerr;
	json_t		*root = NULL, *tests, *test;
	size_t		 i;
	int		 rc = -1;

	buf_printf(&path, "%s/%s", dir, file);
	if ((root = json_load_file(path.data, 0, &jerr)) == NULL) {
		printf("FAIL %s:%d: %s\n", path.data, jerr.line, jerr.text);
		c->failed++;
		goto out;
	}
	tests = json_object_get(root, "tests");
	if (!json_is_array(tests)) {
		printf("FAIL %s: no \"tests\" array\n", path.data);
		c->failed++;
		goto out;
	}
	json_array_foreach(tests, i, test) {
		if (file[0] == '~')
			c->skipped++;
		else if (run_test(file, test) == 0)
			c->passed++;
		else
			c->failed++;
	}
	rc = 0;
out:
	json_decref(root);
	buf_free(&path);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	struct counts	  c = { 0, 0, 0 };
	const char	 *dir = argc > 1 ? argv[1] : DEFAULT_DIR;
	DIR		 *dp;
	struct dirent	 *de;
	char		**names = NULL;
	size_t		  n = 0, cap = 0, i, len;

	if ((dp = opendir(dir)) == NULL) {
		if (errno == ENOENT) {
			printf("mustache spec: %s not found, skipped\n", dir);
			return 0;
		}
		printf("mustache spec: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	/* readdir(3) order is arbitrary; report in a stable order. */
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		(void)run_file(dir, names[i], &c);
		free(names[i]);
	}
	free(names);

	printf("%zu passed, %zu failed", c.passed, c.failed);
	if (c.skipped > 0)
		printf(", %zu skipped", c.skipped);
	putchar('\n');
	return c.failed > 0 ? 1 : 0;
}
