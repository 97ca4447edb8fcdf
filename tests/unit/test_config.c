/*
 * test_config.c: site.yaml: which folder is the site, the typed YAML
 * accessors that site.yaml and front matter share, and the settings'
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

#include "../../src/buf.h"
#include "../../src/config.h"
#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/frontmatter.h"
#include "../../src/site.h"
#include "../../src/util.h"
#include "../../src/yamlget.h"
#include "../../src/yamltree.h"

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

/* Parse "yaml" (a mapping) and return the value of its first key. */
static const struct ynode *
first_value(const char *yaml, struct ynode **root)
{
	struct diag	 d;

	diag_init(&d);
	assert_int_equal(ytree_parse(&d, "t.yaml", 1, yaml, strlen(yaml),
	    root), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	assert_non_null(*root);
	assert_int_equal((*root)->kind, YN_MAP);
	return (*root)->kids[1];
}

/* The only diagnostic must be at line:col and read "msg". */
static void
expect_msg(struct diag *d, size_t line, size_t col, const char *msg)
{
	assert_int_equal(d->n, 1);
	assert_int_equal(d->v[0].level, DIAG_ERROR);
	assert_string_equal(d->v[0].file, "t.yaml");
	assert_int_equal(d->v[0].line, line);
	assert_int_equal(d->v[0].col, col);
	assert_string_equal(d->v[0].msg, msg);
}

/* yget_text() of the first value of "yaml": NULL and "msg", or "want". */
static void
check_text(const char *yaml, const char *want, const char *msg)
{
	struct ynode		*root = NULL;
	const struct ynode	*v = first_value(yaml, &root);
	struct diag		 d;
	const char		*s;

	diag_init(&d);
	s = yget_text(&d, "t.yaml", "k", v);
	if (want != NULL) {
		assert_non_null(s);
		assert_string_equal(s, want);
		assert_int_equal(d.n, 0);
	} else {
		assert_null(s);
		expect_msg(&d, 1, 4, msg);
	}
	diag_free(&d);
	ytree_free(root);
}

static void
test_yget_text(void **state)
{
	(void)state;
	check_text("k: plain words", "plain words", NULL);
	check_text("k: \"tab\\there\"", "tab\there", NULL);
	check_text("k: \"two\\nlines\"", "two\nlines", NULL);
	check_text("k: \"bell\\a\"", NULL, "'k' contains a control character");
	check_text("k: \"esc\\e[1m\"", NULL,
	    "'k' contains a control character");
	check_text("k: \"cr\\r\"", NULL, "'k' contains a control character");
	check_text("k: \"nul\\0\"", NULL, "'k' contains a NUL character");
	check_text("k: \"\"", NULL, "'k' is empty");
	check_text("k: ~", NULL, "'k' is empty");
	check_text("k: [a, b]", NULL, "'k' must be a single value, not a list");
	check_text("k: {a: b}", NULL,
	    "'k' must be a single value, not a mapping");
}

static void
test_yget_typed(void **state)
{
	struct ynode		*root = NULL;
	const struct ynode	*v;
	struct diag		 d;
	struct date		 dt;
	char			**list;
	size_t			 n;
	int			 i;

	(void)state;
	diag_init(&d);
	v = first_value("k: 2026-02-28", &root);
	assert_int_equal(yget_date(&d, "t.yaml", "k", v, &dt), 0);
	assert_int_equal(dt.y, 2026);
	assert_int_equal(dt.m, 2);
	assert_int_equal(dt.d, 28);
	ytree_free(root);
	v = first_value("k: 2026-02-30", &root);
	assert_int_equal(yget_date(&d, "t.yaml", "k", v, &dt), -1);
	assert_non_null(strstr(d.v[0].msg, "'k': '2026-02-30' is not a valid "
	    "date"));
	ytree_free(root);
	diag_free(&d);

	diag_init(&d);
	v = first_value("k: yes", &root);
	assert_int_equal(yget_bool(&d, "t.yaml", "k", v, &i), 0);
	assert_int_equal(i, 1);
	ytree_free(root);
	v = first_value("k: maybe", &root);
	assert_int_equal(yget_bool(&d, "t.yaml", "k", v, &i), -1);
	expect_msg(&d, 1, 4, "'k' must be true or false, not 'maybe'");
	ytree_free(root);
	diag_free(&d);

	diag_init(&d);
	v = first_value("k: 42", &root);
	assert_int_equal(yget_int(&d, "t.yaml", "k", v, 0, 99, &i), 0);
	assert_int_equal(i, 42);
	assert_int_equal(yget_int(&d, "t.yaml", "k", v, 0, 41, &i), -1);
	expect_msg(&d, 1, 4, "'k' must be a whole number from 0 to 41, not "
	    "'42'");
	ytree_free(root);
	diag_free(&d);

	/* A list keeps its good items and reports the bad ones. */
	diag_init(&d);
	v = first_value("k: [a, \"b\\a\", c]", &root);
	assert_int_equal(yget_list(&d, "t.yaml", "k", v, &list, &n), -1);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "a");
	assert_string_equal(list[1], "c");
	assert_int_equal(d.n, 1);
	free(list[0]);
	free(list[1]);
	free(list);
	ytree_free(root);
	v = first_value("k: one", &root);
	assert_int_equal(yget_list(&d, "t.yaml", "k", v, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "one");
	free(list[0]);
	free(list);
	ytree_free(root);
	v = first_value("k:", &root);
	assert_int_equal(yget_list(&d, "t.yaml", "k", v, &list, &n), 0);
	assert_int_equal(n, 0);
	assert_null(list);
	ytree_free(root);
	diag_free(&d);
}

static void
test_yget_unknown(void **state)
{
	static const char *const keys[] = { "review", "history", NULL };
	struct ynode		*root = NULL;
	struct diag		 d;

	(void)state;
	assert_string_equal(yget_suggest("reveiw", keys), "review");
	assert_null(yget_suggest("colour", keys));
	diag_init(&d);
	(void)first_value("reveiw: 1", &root);
	yget_unknown(&d, "t.yaml", root->kids[0], "setting", "", keys);
	expect_msg(&d, 1, 1, "unknown setting 'reveiw' (did you mean "
	    "'review'?)");
	diag_free(&d);
	diag_init(&d);
	yget_unknown(&d, "t.yaml", root->kids[0], "key", " in a term", keys);
	expect_msg(&d, 1, 1, "unknown key 'reveiw' in a term (did you mean "
	    "'review'?)");
	ytree_free(root);
	diag_free(&d);
}

/* config_load() of "yaml"; the first diagnostic's message, or "". */
static void
load_config(const char *yaml, int want_rc, const char *want_msg)
{
	char		 dir[] = "/tmp/folio-test-XXXXXX", path[64];
	struct config	 cfg;
	struct diag	 d;
	FILE		*f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/site.yaml", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(yaml, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	diag_init(&d);
	assert_int_equal(config_load(&d, path, &cfg), want_rc);
	if (want_msg != NULL) {
		assert_true(d.n >= 1);
		assert_string_equal(d.v[0].msg, want_msg);
	} else
		assert_int_equal(d.n, 0);
	config_free(&cfg);
	diag_free(&d);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* Site settings and front matter follow the same rules for text. */
static void
test_config_rules(void **state)
{
	struct ynode	*root = NULL;
	struct diag	 d;
	struct doc	*doc;
	const char	*fm = "title: \"A\\aB\"\n";

	(void)state;
	load_config("title: Fine\n", 0, NULL);
	load_config("title: \"A\\aB\"\n", -1,
	    "'title' contains a control character");
	load_config("title: T\ndescription: \"x\\by\"\n", -1,
	    "'description' contains a control character");
	load_config("title: T\nstale_terms:\n  - term: \"old\\e\"\n"
	    "    replacement: new\n    since: 2020-01-01\n", -1,
	    "'term' contains a control character");
	load_config("title: T\nreveiw:\n  warn_days: 3\n", -1,
	    "unknown setting 'reveiw' (did you mean 'review'?)");
	load_config("title: T\nreview:\n  warn_dayz: 3\n", -1,
	    "unknown setting 'warn_dayz' (did you mean 'warn_days'?)");
	/* The same title in front matter: the same message. */
	diag_init(&d);
	assert_int_equal(ytree_parse(&d, "x.md", 2, fm, strlen(fm), &root),
	    0);
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup("x.md");
	assert_int_equal(fm_apply(&d, doc, root, -1), -1);
	assert_true(d.n >= 1);
	assert_string_equal(d.v[0].msg, "'title' contains a control character");
	doc_free(doc);
	ytree_free(root);
	diag_free(&d);
}

/* Write "yaml" as a site.yaml and load it into *cfg; returns its rc. */
static int
load_keep(const char *yaml, struct config *cfg, struct diag *d)
{
	char	 dir[] = "/tmp/folio-test-XXXXXX", path[64];
	FILE	*f;
	int	 rc;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/site.yaml", dir);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(yaml, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	rc = config_load(d, path, cfg);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	return rc;
}

/* concern: numbers keep their digits for tel:, defaults fill the rest. */
static void
test_config_concern(void **state)
{
	struct config	 cfg;
	struct diag	 d;

	(void)state;
	diag_init(&d);
	assert_int_equal(load_keep("title: T\nconcern:\n  numbers:\n"
	    "    - label: Hub\n      number: (01632) 960-100\n"
	    "    - label: Abroad\n      number: +44 1632 960101\n"
	    "      hours: 9 to 5\n"
	    "  out_of_hours: {label: Night, number: 01632 960102}\n"
	    "  areas:\n    - name: North\n      numbers:\n"
	    "        - {label: North Hub, number: 01632 960103}\n",
	    &cfg, &d), 0);
	assert_int_equal(d.n, 0);
	assert_true(cfg.concern.set);
	assert_string_equal(cfg.concern.heading, "Worried about a child?");
	assert_non_null(strstr(cfg.concern.emergency, "999"));
	assert_int_equal(cfg.concern.nnumbers, 2);
	assert_string_equal(cfg.concern.numbers[0].tel, "01632960100");
	assert_string_equal(cfg.concern.numbers[0].number, "(01632) 960-100");
	assert_null(cfg.concern.numbers[0].hours);
	assert_string_equal(cfg.concern.numbers[1].tel, "+441632960101");
	assert_string_equal(cfg.concern.numbers[1].hours, "9 to 5");
	assert_string_equal(cfg.concern.out_of_hours->tel, "01632960102");
	assert_int_equal(cfg.concern.nareas, 1);
	assert_string_equal(cfg.concern.areas[0].name, "North");
	assert_string_equal(cfg.concern.areas[0].numbers[0].tel,
	    "01632960103");
	config_free(&cfg);
	diag_free(&d);

	/* None given: nothing set. */
	diag_init(&d);
	assert_int_equal(load_keep("title: T\n", &cfg, &d), 0);
	assert_false(cfg.concern.set);
	config_free(&cfg);
	diag_free(&d);

	load_config("title: T\nconcern:\n  numbers:\n"
	    "    - {label: Hub, number: 0800 CHILDREN}\n", -1,
	    "'0800 CHILDREN' is not a telephone number (digits, spaces, "
	    "brackets and dashes)");
	load_config("title: T\nconcern:\n  numbers:\n"
	    "    - {label: Hub, number: 01632 96+0100}\n", -1,
	    "'01632 96+0100' is not a telephone number (digits, spaces, "
	    "brackets and dashes)");
	load_config("title: T\nconcern:\n  numbers:\n"
	    "    - {label: Hub, number: \"12\"}\n", -1,
	    "'12' is not a telephone number (digits, spaces, "
	    "brackets and dashes)");
	load_config("title: T\nconcern:\n  text: Tell us.\n", -1,
	    "'concern' needs 'numbers', 'areas' or a 'form'");
	load_config("title: T\nconcern:\n  form: ftp://x.example/\n", -1,
	    "'concern.form' must be a web address");
	load_config("title: T\nconcern:\n  numbrs: []\n", -1,
	    "unknown setting 'numbrs' (did you mean 'numbers'?)");
	load_config("title: T\nconcern:\n  areas:\n    - name: North\n",
	    -1, "a concern area needs a 'name' and 'numbers'");
	load_config("title: T\nconcern: yes\n", -1,
	    "'concern' must be a mapping of heading, text, numbers, "
	    "out_of_hours, emergency, form and areas");
}

/* site.yaml partnerships: each with its areas and own contacts. */
static void
test_config_partnerships(void **state)
{
	struct config	 cfg;
	struct diag	 d;

	(void)state;
	diag_init(&d);
	assert_int_equal(load_keep("title: T\npartnerships:\n"
	    "  - id: north\n    name: Northshire Partnership\n"
	    "    short_name: NP\n    areas: [Northshire, Upper Northshire]\n"
	    "    concern:\n      numbers:\n"
	    "        - {label: Hub, number: 01632 960100}\n"
	    "  - id: south-2\n    name: Southshire Partnership\n",
	    &cfg, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(cfg.npartnerships, 2);
	assert_string_equal(cfg.partnerships[0].id, "north");
	assert_string_equal(cfg.partnerships[0].short_name, "NP");
	assert_int_equal(cfg.partnerships[0].nareas, 2);
	assert_string_equal(cfg.partnerships[0].areas[1], "Upper Northshire");
	assert_true(cfg.partnerships[0].concern.set);
	assert_string_equal(cfg.partnerships[0].concern.numbers[0].tel,
	    "01632960100");
	/* No short name: the name; no concern: not set. */
	assert_string_equal(cfg.partnerships[1].short_name,
	    "Southshire Partnership");
	assert_false(cfg.partnerships[1].concern.set);
	assert_false(cfg.concern.set);
	config_free(&cfg);
	diag_free(&d);

	load_config("title: T\npartnerships:\n  - {id: a, name: A}\n"
	    "  - {id: a, name: B}\n", -1, "partnership id 'a' is given twice");
	load_config("title: T\npartnerships:\n  - {name: A}\n", -1,
	    "a partnership needs an 'id' and a 'name'");
	load_config("title: T\npartnerships:\n  - {id: North, name: A}\n",
	    -1, "a partnership's 'id' must be lower-case letters, digits "
	    "and '-': 'North'");
	load_config("title: T\npartnerships:\n  - {id: a, nmae: A}\n", -1,
	    "unknown setting 'nmae' (did you mean 'name'?)");
	load_config("title: T\npartnerships: []\n", -1,
	    "'partnerships' must be a list of {id, name, short_name, areas, "
	    "concern}");
	load_config("title: T\npartnerships:\n  - {id: a, name: A, "
	    "concern: {text: Tell us.}}\n", -1,
	    "'concern' needs 'numbers', 'areas' or a 'form'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_folder),
		cmocka_unit_test(test_yget_text),
		cmocka_unit_test(test_yget_typed),
		cmocka_unit_test(test_yget_unknown),
		cmocka_unit_test(test_config_rules),
		cmocka_unit_test(test_config_concern),
		cmocka_unit_test(test_config_partnerships),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
