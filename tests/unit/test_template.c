/*
 * test_template.c: unit tests for src/template.c (cmocka).
 *
 * The Mustache spec itself is covered by test_mustache_spec.c; these
 * tests cover folio's own choices: errors with file and line, limits,
 * value-model behaviour, large inputs and concurrent rendering.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/diag.h"
#include "../../src/template.h"
#include "../../src/util.h"

/*
 * Parse "src" as template "t" (file "t.mustache") with partials given
 * as name, text pairs ending in NULL, render it with "ctx" and return
 * the output (caller frees), or NULL if parsing or rendering failed;
 * the diagnostics are left in "d".
 */
static char *
render_with(struct diag *d, const char *src, const struct tval *ctx, ...)
{
	struct tmpl_set	*set;
	struct buf	 out = BUF_INIT;
	const char	*pname, *ptext;
	va_list		 ap;
	char		*res = NULL;

	set = tmpl_set_new();
	va_start(ap, ctx);
	while ((pname = va_arg(ap, const char *)) != NULL) {
		ptext = va_arg(ap, const char *);
		if (tmpl_set_add(set, d, pname, pname, ptext,
		    strlen(ptext)) == -1) {
			va_end(ap);
			goto out;
		}
	}
	va_end(ap);
	if (tmpl_set_add(set, d, "t", "t.mustache", src, strlen(src)) == -1)
		goto out;
	if (tmpl_render(set, d, "t", ctx, &out) == -1)
		goto out;
	res = buf_detach(&out);
out:
	buf_free(&out);
	tmpl_set_free(set);
	return res;
}

/* Render and check the output; no diagnostics are expected. */
static void
check_render(const char *src, const struct tval *ctx, const char *want)
{
	struct diag	 d;
	char		*got;

	diag_init(&d);
	got = render_with(&d, src, ctx, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(d.n, 0);
	free(got);
	diag_free(&d);
}

/* Check that "d" holds exactly one diagnostic, formatted as "want". */
static void
check_diag(struct diag *d, const char *want)
{
	char	*s;

	assert_int_equal(d->n, 1);
	assert_int_equal(d->nerrors, 1);
	s = diag_format(&d->v[0]);
	assert_string_equal(s, want);
	free(s);
}

/* Parse "src" and expect failure with the single diagnostic "want". */
static void
check_parse_error(const char *src, const char *want)
{
	struct diag	 d;
	struct tmpl_set	*set;

	diag_init(&d);
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_add(set, &d, "t", "t.mustache", src,
	    strlen(src)), -1);
	assert_null(tmpl_set_get(set, "t"));
	check_diag(&d, want);
	tmpl_set_free(set);
	diag_free(&d);
}

static void
test_escaping(void **state)
{
	struct tval	*ctx;

	(void)state;
	ctx = tv_map();
	tv_set_str(ctx, "x", "<a href=\"x\">&'</a>");
	check_render("{{x}}", ctx,
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	check_render("{{{x}}}|{{& x}}", ctx,
	    "<a href=\"x\">&'</a>|<a href=\"x\">&'</a>");
	tv_free(ctx);
}

static void
test_section_list_of_maps(void **state)
{
	struct tval	*ctx, *list, *item;
	int		 i;

	(void)state;
	ctx = tv_map();
	tv_set_str(ctx, "site", "S");
	list = tv_list();
	for (i = 1; i <= 3; i++) {
		item = tv_map();
		tv_set_int(item, "n", i);
		tv_set_bool(item, "odd", i % 2);
		tv_push(list, item);
	}
	tv_set(ctx, "pages", list);
	assert_int_equal(tv_len(list), 3);
	check_render("<ul>\n{{#pages}}\n  <li>{{n}}{{#odd}}*{{/odd}} "
	    "{{site}}</li>\n{{/pages}}\n</ul>\n", ctx,
	    "<ul>\n  <li>1* S</li>\n  <li>2 S</li>\n  <li>3* S</li>\n"
	    "</ul>\n");
	tv_free(ctx);
}

static void
test_inverted(void **state)
{
	struct tval	*ctx;

	(void)state;
	ctx = tv_map();
	tv_set(ctx, "empty", tv_list());
	tv_set_bool(ctx, "no", 0);
	tv_set_str(ctx, "blank", "");
	tv_set_str(ctx, "zero", "0");
	tv_set(ctx, "map", tv_map());
	check_render("{{^empty}}a{{/empty}}{{^no}}b{{/no}}"
	    "{{^blank}}c{{/blank}}{{^missing}}d{{/missing}}"
	    "{{^zero}}X{{/zero}}{{^map}}Y{{/map}}", ctx, "abcd");
	/* The same values as sections: only "0" and the map are true. */
	check_render("{{#empty}}A{{/empty}}{{#no}}B{{/no}}"
	    "{{#blank}}C{{/blank}}{{#zero}}[{{.}}]{{/zero}}"
	    "{{#map}}M{{/map}}", ctx, "[0]M");
	tv_free(ctx);
}

static void
test_dotted_names(void **state)
{
	struct tval	*ctx, *a, *b;

	(void)state;
	ctx = tv_map();
	a = tv_map();
	b = tv_map();
	tv_set_str(b, "c", "deep");
	tv_set(a, "b", b);
	tv_set(ctx, "a", a);
	tv_set_str(ctx, "a.b", "never a single key");
	check_render("{{a.b.c}}|{{#a.b}}{{c}}{{/a.b}}|{{a.x.c}}|{{a.b}}",
	    ctx, "deep|deep||");
	/* Later parts resolve only against the earlier ones. */
	tv_set_str(ctx, "c", "top");
	check_render("{{#a}}{{b.c}}{{c}}{{/a}}", ctx, "deeptop");
	tv_free(ctx);
}

static void
test_missing_variables(void **state)
{
	struct tval	*ctx;

	(void)state;
	ctx = tv_map();
	tv_set(ctx, "null", tv_null());
	check_render("[{{nope}}][{{{nope}}}][{{null}}][{{nope.deeper}}]",
	    ctx, "[][][][]");
	check_render("[{{x}}][{{.}}]", NULL, "[][]");
	tv_free(ctx);
}

static void
test_missing_partial(void **state)
{
	struct diag	 d;
	char		*got;

	(void)state;
	diag_init(&d);
	got = render_with(&d, "line one\n  {{> header }}\n", NULL, NULL);
	assert_null(got);
	check_diag(&d, "t.mustache:2:3: error: partial \"header\" not found");
	diag_free(&d);

	/* The error names the partial's own file when it is nested. */
	diag_init(&d);
	got = render_with(&d, "{{>outer}}", NULL, "outer", "a\nb {{>nope}}",
	    NULL);
	assert_null(got);
	check_diag(&d, "outer:2:3: error: partial \"nope\" not found");
	diag_free(&d);
}

static void
test_missing_template(void **state)
{
	struct diag	 d;
	struct tmpl_set	*set;
	struct buf	 out = BUF_INIT;

	(void)state;
	diag_init(&d);
	set = tmpl_set_new();
	assert_int_equal(tmpl_render(set, &d, "nope", NULL, &out), -1);
	check_diag(&d, "folio: error: template \"nope\" not found");
	/* A NULL diag is allowed. */
	assert_int_equal(tmpl_render(set, NULL, "nope", NULL, &out), -1);
	tmpl_set_free(set);
	buf_free(&out);
	diag_free(&d);
}

static void
test_partials(void **state)
{
	struct tval	*ctx;
	struct diag	 d;
	char		*got;

	(void)state;
	ctx = tv_map();
	tv_set_str(ctx, "who", "you");
	diag_init(&d);
	got = render_with(&d, "<body>\n  {{>nav}}\n</body>\n", ctx,
	    "nav", "<nav>\n  hi {{who}}\n</nav>\n", NULL);
	assert_non_null(got);
	assert_string_equal(got,
	    "<body>\n  <nav>\n    hi you\n  </nav>\n</body>\n");
	free(got);
	diag_free(&d);
	tv_free(ctx);
}

static void
test_unclosed_section(void **state)
{
	(void)state;
	check_parse_error("a\nb\n  {{#posts}}\n{{title}}\n",
	    "t.mustache:3:3: error: unclosed section \"posts\"");
	check_parse_error("{{#a}}\n{{#b}}\n{{/b}}\n",
	    "t.mustache:1:1: error: unclosed section \"a\"");
}

static void
test_mismatched_close(void **state)
{
	(void)state;
	check_parse_error("{{#a}}\n{{#b}}\nx {{/a}}\n",
	    "t.mustache:3:3: error: closing tag \"a\" does not match "
	    "section \"b\" opened at line 2");
	check_parse_error("x\n{{/a}}",
	    "t.mustache:2:1: error: closing tag \"a\" without an open "
	    "section");
}

static void
test_malformed(void **state)
{
	(void)state;
	check_parse_error("ok\nbad {{name",
	    "t.mustache:2:5: error: unclosed tag: no \"}}\" after \"{{\"");
	check_parse_error("{{{name}}",
	    "t.mustache:1:1: error: unclosed tag: no \"}}}\" after \"{{\"");
	check_parse_error("{{ }}", "t.mustache:1:1: error: empty tag name");
	check_parse_error("{{#}}{{/}}",
	    "t.mustache:1:1: error: empty tag name");
	check_parse_error("{{a b}}", "t.mustache:1:1: error: tag name "
	    "\"a b\" contains white space");
	check_parse_error("{{a..b}}",
	    "t.mustache:1:1: error: bad dotted name \"a..b\"");
	check_parse_error("{{=<% %>=}}<%x%>\n<%= | =%>",
	    "t.mustache:2:1: error: bad delimiters \"|\": want two "
	    "delimiters without white space or \"=\"");
	check_parse_error("{{= a=b c =}}", "t.mustache:1:1: error: bad "
	    "delimiters \"a=b c\": want two delimiters without white space "
	    "or \"=\"");
	check_parse_error("{{<parent}}{{/parent}}", "t.mustache:1:1: error: "
	    "template inheritance (\"{{<\") is not supported");
}

/* Parsing never crashes, whatever the input (run under ASan). */
static void
test_garbage(void **state)
{
	static const char *const bits[] = {
		"{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^a}}",
		"{{>p}}", "{{!", "{{=", "=}}", "{{= [ ] =}}", "[", "]",
		"[#a]", "[/a]", "\n", "\r\n", "  ", "x", ".", "{{.}}", "\0",
		"{{&", "{{a.b}}", "{{#.}}", "{{/.}}", "}", "{"
	};
	struct tmpl_set	*set;
	struct diag	 d;
	struct buf	 src = BUF_INIT, out = BUF_INIT;
	struct tval	*ctx;
	const char	*b;
	unsigned int	 seed = 12345;
	size_t		 i, k, n;

	(void)state;
	diag_init(&d);
	set = tmpl_set_new();
	ctx = tv_map();
	tv_set_str(ctx, "a", "A");
	for (i = 0; i < 3000; i++) {
		buf_reset(&src);
		n = 1 + (seed >> 16) % 12;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			b = bits[(seed >> 16) % NELEM(bits)];
			buf_put(&src, b, b[0] == '\0' ? 1 : strlen(b));
		}
		if (tmpl_set_add(set, &d, "g", "g", src.data, src.len) == 0) {
			(void)tmpl_set_add(set, &d, "p", "p", src.data,
			    src.len);
			buf_reset(&out);
			(void)tmpl_render(set, &d, "g", ctx, &out);
		}
	}
	tv_free(ctx);
	tmpl_set_free(set);
	buf_free(&src);
	buf_free(&out);
	diag_free(&d);
}

static void
test_recursion_limit(void **state)
{
	struct diag	 d;
	char		*got;

	(void)state;
	diag_init(&d);
	got = render_with(&d, "{{>self}}", NULL, "self", "x\n{{>self}}",
	    NULL);
	assert_null(got);
	check_diag(&d, "self:2:1: error: partials nested too deeply "
	    "(limit 100) at \"self\": endless recursion?");
	diag_free(&d);
}

/* Sections inside recursive partials hit the overall depth limit. */
static void
test_depth_limit(void **state)
{
	struct buf	 p = BUF_INIT;
	struct tval	*ctx;
	struct diag	 d;
	char		*got;
	int		 i;

	(void)state;
	for (i = 0; i < 20; i++)
		BUF_PUTSL(&p, "{{#a}}");
	BUF_PUTSL(&p, "{{>p}}");
	for (i = 0; i < 20; i++)
		BUF_PUTSL(&p, "{{/a}}");
	ctx = tv_map();
	tv_set_bool(ctx, "a", 1);
	diag_init(&d);
	got = render_with(&d, "{{>p}}", ctx, "p", p.data, NULL);
	assert_null(got);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.v[0].file, "p");
	assert_string_equal(d.v[0].msg, "sections and partials nested too "
	    "deeply (limit 1024)");
	diag_free(&d);
	tv_free(ctx);
	buf_free(&p);
}

/* A deep but finite recursion through a tree is fine. */
static void
test_recursion_ok(void **state)
{
	struct tval	*root, *node, *kids;
	struct diag	 d;
	struct buf	 want = BUF_INIT;
	char		*got;
	int		 i;

	(void)state;
	root = node = tv_map();
	for (i = 0; i < 50; i++) {
		tv_set_int(node, "v", i);
		kids = tv_list();
		tv_set(node, "kids", kids);
		if (i < 49) {
			node = tv_map();
			tv_push(kids, node);
		}
		buf_printf(&want, "%d(", i);
	}
	for (i = 0; i < 50; i++)
		buf_putc(&want, ')');
	diag_init(&d);
	got = render_with(&d, "{{>node}}", root, "node",
	    "{{v}}({{#kids}}{{>node}}{{/kids}})", NULL);
	assert_non_null(got);
	assert_string_equal(got, want.data);
	free(got);
	diag_free(&d);
	buf_free(&want);
	tv_free(root);
}

static void
test_nesting_limit(void **state)
{
	struct buf	 src = BUF_INIT;
	struct diag	 d;
	struct tmpl_set	*set;
	int		 i;

	(void)state;
	for (i = 0; i < 10000; i++)
		BUF_PUTSL(&src, "{{#a}}");
	for (i = 0; i < 10000; i++)
		BUF_PUTSL(&src, "{{/a}}");
	diag_init(&d);
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_add(set, &d, "t", "t.mustache", src.data,
	    src.len), -1);
	check_diag(&d, "t.mustache:1:1537: error: sections nested too "
	    "deeply (limit 256)");
	diag_free(&d);

	/* 256 is allowed, and renders. */
	buf_reset(&src);
	for (i = 0; i < 256; i++)
		BUF_PUTSL(&src, "{{#a}}");
	BUF_PUTSL(&src, "x");
	for (i = 0; i < 256; i++)
		BUF_PUTSL(&src, "{{/a}}");
	diag_init(&d);
	assert_int_equal(tmpl_set_add(set, &d, "t", "t.mustache", src.data,
	    src.len), 0);
	tmpl_set_free(set);
	diag_free(&d);
	buf_free(&src);
}

static void
test_tv_set_replaces(void **state)
{
	struct tval	*m;

	(void)state;
	m = tv_map();
	tv_set_str(m, "a", "1");
	tv_set_str(m, "b", "2");
	tv_set_str(m, "c", "3");
	tv_set(m, "b", tv_list());
	tv_set_int(m, "a", -42);
	tv_set_str(m, "c", NULL);	/* sets nothing */
	assert_int_equal(tv_len(m), 3);
	assert_string_equal(tv_strval(tv_get(m, "a")), "-42");
	assert_int_equal(tv_kind(tv_get(m, "b")), TV_LIST);
	assert_string_equal(tv_strval(tv_get(m, "c")), "3");
	assert_null(tv_get(m, "d"));
	/* Insertion order is kept: a, b, c. */
	check_render("{{#b}}x{{/b}}{{a}}{{c}}", m, "-423");
	tv_free(m);
	tv_free(NULL);
}

static void
test_large_list(void **state)
{
	struct tval	*ctx, *list, *item;
	struct buf	 want = BUF_INIT;
	int		 i;

	(void)state;
	ctx = tv_map();
	list = tv_list();
	for (i = 0; i < 10000; i++) {
		item = tv_map();
		tv_set_int(item, "i", i);
		tv_push(list, item);
		buf_printf(&want, "<%d>", i);
	}
	tv_set(ctx, "items", list);
	assert_int_equal(tv_len(list), 10000);
	assert_string_equal(tv_strval(tv_get(tv_at(list, 9999), "i")),
	    "9999");
	check_render("{{#items}}<{{i}}>{{/items}}", ctx, want.data);
	buf_free(&want);
	tv_free(ctx);
}

struct	thread_arg {
	const struct tmpl_set	*set;
	const struct tval	*ctx;
	const char		*want;
	int			 ok;
};

static void *
render_thread(void *p)
{
	struct thread_arg	*a = p;
	struct buf		 out = BUF_INIT;
	int			 i;

	a->ok = 1;
	for (i = 0; i < 200 && a->ok; i++) {
		/*
		 * Not buf_reset(): on an empty buffer it writes the shared
		 * buf_empty byte, a data race between threads.
		 */
		buf_truncate(&out, 0);
		if (tmpl_render(a->set, NULL, "page", a->ctx, &out) == -1 ||
		    strcmp(out.data, a->want) != 0)
			a->ok = 0;
	}
	buf_free(&out);
	return NULL;
}

/* One read-only set, several threads rendering at once. */
static void
test_threads(void **state)
{
	struct tmpl_set		*set;
	struct diag		 d;
	struct tval		*ctx[4];
	struct thread_arg	 arg[4];
	pthread_t		 th[4];
	char			 want[4][64];
	const char		*page = "{{#t}}\n  {{>item}}\n{{/t}}";
	int			 i;

	(void)state;
	diag_init(&d);
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_add(set, &d, "page", "page", page,
	    strlen(page)), 0);
	assert_int_equal(tmpl_set_add(set, &d, "item", "item", "<{{t}}>\n",
	    8), 0);
	for (i = 0; i < 4; i++) {
		ctx[i] = tv_map();
		tv_set_int(ctx[i], "t", i);
		(void)snprintf(want[i], sizeof(want[i]), "  <%d>\n", i);
		arg[i].set = set;
		arg[i].ctx = ctx[i];
		arg[i].want = want[i];
		assert_int_equal(pthread_create(&th[i], NULL, render_thread,
		    &arg[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_true(arg[i].ok);
		tv_free(ctx[i]);
	}
	tmpl_set_free(set);
	diag_free(&d);
}

static void
test_replace_template(void **state)
{
	struct tmpl_set	*set;
	struct diag	 d;
	struct buf	 out = BUF_INIT;

	(void)state;
	diag_init(&d);
	set = tmpl_set_new();
	assert_int_equal(tmpl_set_add(set, &d, "b", "b1", "one", 3), 0);
	assert_int_equal(tmpl_set_add(set, &d, "a", "a", "{{>b}}", 6), 0);
	assert_int_equal(tmpl_set_add(set, &d, "b", "b2", "two", 3), 0);
	/* A failed parse leaves the old template in place. */
	assert_int_equal(tmpl_set_add(set, &d, "b", "b3", "{{", 2), -1);
	assert_int_equal(tmpl_render(set, &d, "a", NULL, &out), 0);
	assert_string_equal(out.data, "two");
	assert_non_null(tmpl_set_get(set, "a"));
	assert_null(tmpl_set_get(set, "c"));
	tmpl_set_free(set);
	buf_free(&out);
	diag_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_section_list_of_maps),
		cmocka_unit_test(test_inverted),
		cmocka_unit_test(test_dotted_names),
		cmocka_unit_test(test_missing_variables),
		cmocka_unit_test(test_missing_partial),
		cmocka_unit_test(test_missing_template),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_unclosed_section),
		cmocka_unit_test(test_mismatched_close),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_recursion_ok),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_tv_set_replaces),
		cmocka_unit_test(test_large_list),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_replace_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
