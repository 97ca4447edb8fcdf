/*
 * test_search.c: the search index.  The tokeniser (with the cases
 * search.js must agree on, tests/search/tokens.txt), stop words, the
 * plural fold, shard keys and assignment, output that does not depend on
 * the order documents are added in, hostile titles in JSON, md_plain(),
 * the search page's lists, and a 10,000-document synthetic site whose
 * shard files and two-word queries stay under 300 KB.
 *
 * The files are written through output_write() into a temporary folder
 * and read back with a small JSON reader below, which also checks that
 * every file is valid JSON in valid UTF-8.
 *
 * With the argument --terms it is a filter instead (see terms_filter()),
 * which tests/search.sh uses to compare the tokeniser with search.js.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/history.h"
#include "../../src/markdown.h"
#include "../../src/output.h"
#include "../../src/page.h"
#include "../../src/readfile.h"
#include "../../src/search.h"
#include "../../src/site.h"
#include "../../src/strmap.h"
#include "../../src/template.h"
#include "../../src/tmpdirs.h"
#include "../../src/util.h"

#define KB		1024
#define QUERY_MAX	(300 * KB)	/* what one query may download */

/*
 * A small JSON reader: enough to check the files are JSON and to read
 * them back.  Strings are decoded to UTF-8.
 */

enum	jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct	jv {
	enum jtype	 t;
	double		 num;	/* J_NUM; J_BOOL: 0 or 1 */
	char		*str;	/* J_STR */
	struct jv	*v;	/* J_ARR items, J_OBJ values */
	char		**k;	/* J_OBJ keys */
	size_t		 n;
};

struct	jp {
	const char	*p;
	const char	*end;
	int		 depth;
};

static int	jvalue(struct jp *, struct jv *);

static void
jskip(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
jhex(struct jp *j, unsigned *out)
{
	unsigned	 v = 0;
	int		 i, c;

	for (i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return -1;
		c = *j->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct buf *b, unsigned c)
{
	if (c < 0x80)
		buf_putc(b, (int)c);
	else if (c < 0x800) {
		buf_putc(b, (int)(0xc0 | c >> 6));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_putc(b, (int)(0xe0 | c >> 12));
		buf_putc(b, (int)(0x80 | (c >> 6 & 0x3f)));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else {
		buf_putc(b, (int)(0xf0 | c >> 18));
		buf_putc(b, (int)(0x80 | (c >> 12 & 0x3f)));
		buf_putc(b, (int)(0x80 | (c >> 6 & 0x3f)));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	}
}

static int
jstring(struct jp *j, char **out)
{
	struct buf	 b = BUF_INIT;
	unsigned	 c, lo;

	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		if ((unsigned char)*j->p < 0x20)
			goto bad;
		if (*j->p != '\\') {
			buf_putc(&b, *j->p++);
			continue;
		}
		if (++j->p >= j->end)
			goto bad;
		switch (*j->p++) {
		case '"': buf_putc(&b, '"'); break;
		case '\\': buf_putc(&b, '\\'); break;
		case '/': buf_putc(&b, '/'); break;
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u':
			if (jhex(j, &c) == -1)
				goto bad;
			if (c >= 0xd800 && c <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u')
					goto bad;
				j->p += 2;
				if (jhex(j, &lo) == -1 || lo < 0xdc00 ||
				    lo > 0xdfff)
					goto bad;
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (c >= 0xdc00 && c <= 0xdfff)
				goto bad;
			put_utf8(&b, c);
			break;
		default:
			goto bad;
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	*out = buf_detach(&b);
	return 0;
bad:
	buf_free(&b);
	return -1;
}

static int
jnumber(struct jp *j, double *out)
{
	const char	*s = j->p;
	char		*tmp, *e;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return -1;
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return -1;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	tmp = xstrndup(s, (size_t)(j->p - s));
	*out = strtod(tmp, &e);
	free(tmp);
	return 0;
}

static void
jfree(struct jv *v)
{
	size_t	 i;

	if (v->t == J_ARR || v->t == J_OBJ) {
		for (i = 0; i < v->n; i++) {
			jfree(&v->v[i]);
			if (v->t == J_OBJ)
				free(v->k[i]);
		}
		free(v->v);
		free(v->k);
	}
	free(v->str);
	memset(v, 0, sizeof(*v));
}

static int
jlist(struct jp *j, struct jv *v, int obj)
{
	size_t	 cap = 0;
	char	*key = NULL;

	v->t = obj ? J_OBJ : J_ARR;
	j->p++;
	jskip(j);
	if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
		j->p++;
		return 0;
	}
	for (;;) {
		jskip(j);
		if (obj) {
			if (jstring(j, &key) == -1)
				return -1;
			jskip(j);
			if (j->p >= j->end || *j->p++ != ':') {
				free(key);
				return -1;
			}
		}
		if (v->n == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			v->v = xreallocarray(v->v, cap, sizeof(*v->v));
			if (obj)
				v->k = xreallocarray(v->k, cap, sizeof(*v->k));
		}
		memset(&v->v[v->n], 0, sizeof(v->v[0]));
		if (obj)
			v->k[v->n] = key;
		v->n++;
		if (jvalue(j, &v->v[v->n - 1]) == -1)
			return -1;
		jskip(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
			j->p++;
			return 0;
		}
		return -1;
	}
}

static int
jvalue(struct jp *j, struct jv *v)
{
	int	 rc;

	memset(v, 0, sizeof(*v));
	jskip(j);
	if (j->p >= j->end || ++j->depth > 64)
		return -1;
	switch (*j->p) {
	case '{':
	case '[':
		rc = jlist(j, v, *j->p == '{');
		break;
	case '"':
		v->t = J_STR;
		rc = jstring(j, &v->str);
		break;
	case 't':
	case 'f':
	case 'n':
		rc = -1;
		if (j->end - j->p >= 4 && strncmp(j->p, "true", 4) == 0) {
			v->t = J_BOOL;
			v->num = 1;
			j->p += 4;
			rc = 0;
		} else if (j->end - j->p >= 5 &&
		    strncmp(j->p, "false", 5) == 0) {
			v->t = J_BOOL;
			j->p += 5;
			rc = 0;
		} else if (j->end - j->p >= 4 &&
		    strncmp(j->p, "null", 4) == 0) {
			j->p += 4;
			rc = 0;
		}
		break;
	default:
		v->t = J_NUM;
		rc = jnumber(j, &v->num);
		break;
	}
	j->depth--;
	return rc;
}

/* Parse a whole file (which must be UTF-8) or fail the test. */
static void
jparse(const char *name, const struct buf *b, struct jv *v)
{
	struct jp	 j;
	size_t		 line, col;
	const char	*why;

	if (text_check(b->data, b->len, &line, &col, &why) == -1)
		fail_msg("%s: bad UTF-8 at %zu:%zu: %s", name, line, col, why);
	j.p = b->data;
	j.end = b->data + b->len;
	j.depth = 0;
	if (jvalue(&j, v) == -1)
		fail_msg("%s: not JSON near byte %zu", name,
		    (size_t)(j.p - b->data));
	jskip(&j);
	if (j.p != j.end)
		fail_msg("%s: trailing bytes", name);
}

static const struct jv *
jget(const struct jv *o, const char *key)
{
	size_t	 i;

	if (o == NULL || o->t != J_OBJ)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (strcmp(o->k[i], key) == 0)
			return &o->v[i];
	return NULL;
}

/*
 * A temporary output folder, and building documents and sites.
 */

struct	tmpout {
	char		 dir[64];
	struct output	 out;
	struct diag	 d;
};

static void
tmpout_begin(struct tmpout *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_search.XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		fail_msg("mkdtemp");
	memset(&t->out, 0, sizeof(t->out));
	t->out.outdir = t->dir;
	t->out.tmpdir = t->dir;
	diag_init(&t->d);
}

static void
tmpout_end(struct tmpout *t)
{
	assert_int_equal(rmtree(t->dir), 0);
	diag_free(&t->d);
}

/* Read search/NAME of the output into b (reset first); its size. */
static size_t
read_out(struct tmpout *t, const char *name, struct buf *b)
{
	struct buf	 path = BUF_INIT;

	buf_reset(b);
	buf_printf(&path, "%s/search/%s", t->dir, name);
	if (read_file(&t->d, path.data, b) == -1)
		fail_msg("cannot read %s", path.data);
	buf_free(&path);
	return b->len;
}

static struct doc *
mkdoc(const char *id, const char *title, const char *summary)
{
	struct doc	*doc = xcalloc(1, sizeof(*doc));
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "procedures/%s.md", id);
	doc->relpath = buf_detach(&b);
	buf_printf(&b, "procedures/%s/", id);
	doc->url = buf_detach(&b);
	doc->id = xstrdup(id);
	doc->section = xstrdup("procedures");
	doc->title = xstrdup(title);
	doc->summary = summary != NULL ? xstrdup(summary) : NULL;
	doc->type = DT_PROCEDURE;
	doc->status = ST_CURRENT;
	return doc;
}

static char	slash[] = "/", procedures[] = "procedures";

static void
set_today(struct site *s, const char *iso)
{
	memset(s, 0, sizeof(*s));
	s->cfg.base_path = slash;
	s->cfg.warn_days = 60;
	if (date_parse(iso, strlen(iso), &s->today, NULL) == -1)
		fail_msg("bad date");
}

/*
 * The tokeniser.
 */

/* Undo the \t \n \r \\ escapes of tokens.txt. */
static void
unescape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			buf_putc(b, *s);
			continue;
		}
		s++;
		buf_putc(b, *s == 't' ? '\t' : *s == 'n' ? '\n' :
		    *s == 'r' ? '\r' : *s);
	}
}

static void
test_tokens_file(void **state)
{
	struct buf	 file = BUF_INIT, in = BUF_INIT, out = BUF_INIT;
	struct diag	 d;
	char		*line, *next;
	size_t		 ncases = 0;

	(void)state;
	diag_init(&d);
	if (read_file(&d, "tests/search/tokens.txt", &file) == -1)
		fail_msg("run from the top folder: tests/search/tokens.txt");
	diag_free(&d);
	for (line = file.data; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "in: ", 4) == 0) {
			buf_reset(&in);
			unescape(&in, line + 4);
		} else if (strncmp(line, "out:", 4) == 0) {
			buf_reset(&out);
			search_terms(&out, in.data, in.len);
			if (strcmp(out.data, line[4] == ' ' ? line + 5 :
			    line + 4) != 0)
				fail_msg("'%s' gives '%s', want '%s'", in.data,
				    out.data, line + 4);
			ncases++;
		}
	}
	assert_true(ncases >= 20);
	buf_free(&file);
	buf_free(&in);
	buf_free(&out);
}

static void
expect_terms(const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;

	search_terms(&b, in, strlen(in));
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_stop_words(void **state)
{
	(void)state;
	expect_terms("the", "");
	expect_terms("The Strategy Discussion", "strategy discussion");
	expect_terms("what is the threshold for a section 47 enquiry",
	    "threshold section 47 enquiry");
	/* A stop word is a whole word, never a part of one. */
	expect_terms("theme tothe", "theme tothe");
	/* Every one of them (search.js's list), and words one letter off. */
	expect_terms("a an and are as at be been being but by can could did "
	    "do does for from had has have he her him his how i if in into "
	    "is it its me my no not of on or our she so than that the their "
	    "them then there these they this those to us was we were what "
	    "when where which who whom why will with would you your", "");
	expect_terms("ab anx andy ar wher whic youx thos th yo b x",
	    "ab anx andy ar wher whic youx tho th yo b x");
	/* Invalid UTF-8 separates words, never joins or crashes. */
	expect_terms("ab\xff" "cd\xc3" "ef \xe2\x82", "ab cd ef");
}

static void
test_plural_fold(void **state)
{
	(void)state;
	expect_terms("procedures procedure", "procedure procedure");
	expect_terms("Policies policy", "policy policy");
	expect_terms("processes addresses", "process address");
	expect_terms("status analysis access bus",
	    "status analysis access bus");
	expect_terms("discussions conferences", "discussion conference");
	/* Short words are left alone. */
	expect_terms("yes gas ties", "yes gas tie");
}

static void
test_term_key(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	search_term_key(&b, "strategy", 8);
	assert_string_equal(b.data, "strategy");
	buf_reset(&b);
	search_term_key(&b, "47a", 3);
	assert_string_equal(b.data, "47a");
	buf_reset(&b);
	search_term_key(&b, "\xd0\xb6x", 3);	/* one letter, one byte */
	assert_string_equal(b.data, "_x");
	buf_reset(&b);
	search_term_key(&b, "\xe4\xb8\xad\xe6\x96\x87", 6);
	assert_string_equal(b.data, "__");
	buf_free(&b);
}

static void
test_md_plain(void **state)
{
	struct buf	 b = BUF_INIT;
	const char	*md = "# Strategy *discussion*\n\nHeld `within` [three]"
	    "(x.md) days.\nSee ![the chart](c.png).\n\n"
	    "| Agency | Role |\n|---|---|\n| Police | Chair |\n\n"
	    "```\ncode block\n```\n\n<div>raw html</div>\n\n- one\n- two\n";

	(void)state;
	buf_puts(&b, "kept ");
	md_plain(md, strlen(md), &b);
	assert_string_equal(b.data, "kept Strategy discussion Held within "
	    "three days. See the chart. Agency Role Police Chair code block "
	    "one two");
	buf_free(&b);
}

/*
 * Whole indexes.
 */

/* Every file under search/, sorted, for comparing two outputs. */
static size_t
list_files(struct tmpout *t, char ***names)
{
	struct buf	 dir = BUF_INIT;
	DIR		*dp;
	struct dirent	*de;
	size_t		 n = 0, i, j;
	char		*tmp;

	*names = NULL;
	buf_printf(&dir, "%s/search", t->dir);
	if ((dp = opendir(dir.data)) == NULL)
		fail_msg("no %s", dir.data);
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		*names = xreallocarray(*names, n + 1, sizeof(**names));
		(*names)[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp((*names)[j - 1], (*names)[j]) > 0;
		    j--) {
			tmp = (*names)[j];
			(*names)[j] = (*names)[j - 1];
			(*names)[j - 1] = tmp;
		}
	buf_free(&dir);
	return n;
}

/* The two outputs hold the same files, byte for byte; how many. */
static size_t
same_files(struct tmpout *a, struct tmpout *b)
{
	struct buf	 fa = BUF_INIT, fb = BUF_INIT;
	char		**na, **nb;
	size_t		 i, n, m;

	n = list_files(a, &na);
	m = list_files(b, &nb);
	assert_int_equal(n, m);
	for (i = 0; i < n; i++) {
		assert_string_equal(na[i], nb[i]);
		read_out(a, na[i], &fa);
		read_out(b, nb[i], &fb);
		assert_int_equal(fa.len, fb.len);
		assert_memory_equal(fa.data, fb.data, fa.len);
		free(na[i]);
		free(nb[i]);
	}
	free(na);
	free(nb);
	buf_free(&fa);
	buf_free(&fb);
	return n;
}

static const char *const small_titles[] = {
	"Strategy Discussion Procedure",
	"Initial Child Protection Conference",
	"Professional Challenge and Escalation",
	"Information Sharing",
	"Allegations against Staff or Volunteers",
	"Private Fostering",
	"Children Missing Education",
	"Neglect Strategy",
};

static void
small_site(struct doc **docs, size_t n)
{
	struct buf	 id = BUF_INIT, title = BUF_INIT;
	size_t		 i;

	for (i = 0; i < n; i++) {
		buf_reset(&id);
		buf_printf(&id, "doc-%02zu", i);
		buf_reset(&title);
		buf_printf(&title, "%s %zu",
		    small_titles[i % NELEM(small_titles)], i);
		docs[i] = mkdoc(id.data, title.data, i % 3 == 0 ?
		    "When a strategy discussion is held." : NULL);
		if (i % 4 == 1)
			date_parse("2019-03-14", 10, &docs[i]->review_date,
			    NULL);
		if (i % 4 == 2) {
			date_parse("2030-03-14", 10, &docs[i]->review_date,
			    NULL);
			date_parse("2023-06-01", 10, &docs[i]->last_reviewed,
			    NULL);
		}
		if (i == 5)
			docs[i]->status = ST_SUPERSEDED;
	}
	buf_free(&id);
	buf_free(&title);
}

static const char	*small_body = "A strategy discussion is held "
    "whenever there is reasonable cause to suspect that a child is "
    "suffering, or is likely to suffer, significant harm.  The police, "
    "children's social care and health professionals take part.";

static void
test_deterministic(void **state)
{
	struct tmpout	 a, b;
	struct site	 s;
	struct doc	*docs[30];
	struct search_index *ix;
	struct buf	 fa = BUF_INIT, fb = BUF_INIT;
	struct jv	 meta;
	size_t		 i, n, nfa, nfb;

	(void)state;
	set_today(&s, "2024-01-31");
	small_site(docs, NELEM(docs));
	tmpout_begin(&a);
	tmpout_begin(&b);

	ix = search_new();
	for (i = 0; i < NELEM(docs); i++)
		search_add(ix, docs[i], small_body, strlen(small_body));
	assert_int_equal(search_write(&a.d, &a.out, &s, ix, &nfa), 0);
	search_free(ix);

	/* Reversed, and the body given in another form: same index. */
	ix = search_new();
	for (i = NELEM(docs); i-- > 0;)
		search_add(ix, docs[i], small_body, strlen(small_body));
	assert_int_equal(search_write(&b.d, &b.out, &s, ix, &nfb), 0);
	search_free(ix);

	assert_int_equal(nfa, nfb);
	n = same_files(&a, &b);
	assert_int_equal(n, nfa);
	read_out(&a, "meta.json", &fa);
	jparse("meta.json", &fa, &meta);
	/*
	 * A small site: one shard, one chunk, the meta, and a word list
	 * for each first letter of its words: "a" (also "and"... are stop
	 * words), "c" (cause, child, children's ...) and so on.
	 */
	assert_non_null(strchr(jget(&meta, "words")->str, 's'));
	assert_null(strchr(jget(&meta, "words")->str, 'q'));
	assert_int_equal(n, 3 + strlen(jget(&meta, "words")->str));
	read_out(&a, "words-s.json", &fb);
	assert_non_null(strstr(fb.data, "\"strategy\":30,"));
	assert_null(strstr(fb.data, "\"so\""));
	/* The section filter's and the status filter's data. */
	assert_int_equal(jget(&meta, "sections")->n, 1);
	assert_string_equal(jget(&meta, "sections")->v[0].v[0].str,
	    "procedures");
	assert_string_equal(jget(&meta, "sec")->str,
	    "111111111111111111111111111111");
	assert_string_equal(jget(&meta, "status")->str,
	    "000002000000000000000000000000");
	assert_int_equal(jget(&meta, "abbr")->n, 0);
	assert_int_equal((int)jget(&meta, "docs")->num, 30);
	assert_int_equal(jget(&meta, "shards")->n, 1);
	assert_int_equal((int)jget(&meta, "chunk")->num, 30);
	assert_int_equal(jget(&meta, "demoted")->n, 1);
	assert_int_equal((int)jget(&meta, "demoted")->v[0].num, 5);
	jfree(&meta);
	read_out(&a, "docs-000.json", &fa);
	/* Overdue, with its date; current with its date; exempt without. */
	assert_non_null(strstr(fa.data, "\"id\":\"doc-01\",\"title\":"
	    "\"Initial Child Protection Conference 1\",\"url\":"
	    "\"procedures/doc-01/\",\"type\":\"Procedure\",\"review\":"
	    "\"overdue\",\"section\":\"procedures\",\"review_date\":"
	    "\"2019-03-14\",\"text\":"));
	/* The updated date: the last review when there is no history. */
	assert_non_null(strstr(fa.data, "\"id\":\"doc-02\",\"title\":"
	    "\"Professional Challenge and Escalation 2\",\"url\":"
	    "\"procedures/doc-02/\",\"type\":\"Procedure\",\"section\":"
	    "\"procedures\",\"updated\":\"2023-06-01\",\"review_date\":"
	    "\"2030-03-14\",\"text\":"));
	assert_non_null(strstr(fa.data, "\"status\":\"superseded\""));

	/* Nothing written without an output; a NULL index is a no-op. */
	ix = search_new();
	search_add(ix, docs[0], small_body, strlen(small_body));
	assert_int_equal(search_write(NULL, NULL, &s, ix, &nfa), 0);
	assert_int_equal(nfa, 0);
	/* Written once only: the postings are renumbered. */
	assert_int_equal(search_write(&a.d, NULL, &s, ix, &nfa), -1);
	assert_int_equal(a.d.nerrors, 1);
	search_free(ix);
	search_add(NULL, docs[0], "x", 1);
	search_add_doc(NULL, docs[0]);
	assert_int_equal(search_write(NULL, NULL, &s, NULL, &nfa), 0);
	search_free(NULL);

	for (i = 0; i < NELEM(docs); i++)
		doc_free(docs[i]);
	buf_free(&fa);
	buf_free(&fb);
	tmpout_end(&a);
	tmpout_end(&b);
}

/* An index built from kept entries is the index search_add() builds. */
static void
test_entries(void **state)
{
	static const char *const other = "Another text: MARAC, the child's "
	    "plan and its policies, \xc3\x89" "cole 2024.";
	struct tmpout		 a, b;
	struct site		 s;
	struct doc		*docs[12];
	struct search_index	*ix;
	struct search_entry	*e[12];
	struct buf		 packed = BUF_INIT;
	const char		*body;
	size_t			 i, nfa, nfb;

	(void)state;
	set_today(&s, "2024-01-31");
	small_site(docs, NELEM(docs));
	tmpout_begin(&a);
	tmpout_begin(&b);
	ix = search_new();
	for (i = 0; i < NELEM(docs); i++) {
		body = i % 2 ? small_body : other;
		search_add(ix, docs[i], body, strlen(body));
	}
	assert_int_equal(search_write(&a.d, &a.out, &s, ix, &nfa), 0);
	search_free(ix);
	for (i = 0; i < NELEM(docs); i++) {
		body = i % 2 ? small_body : other;
		e[i] = search_entry_new(docs[i], body, strlen(body));
		assert_non_null(e[i]);
	}
	ix = search_new();
	for (i = 0; i < NELEM(docs); i++)
		search_add_entry(ix, docs[i], e[i]);
	assert_int_equal(search_write(&b.d, &b.out, &s, ix, &nfb), 0);
	search_free(ix);
	assert_int_equal(nfa, nfb);
	assert_int_equal(same_files(&a, &b), nfa);
	/* Packed, and added from the bytes: the same again. */
	tmpout_end(&b);
	tmpout_begin(&b);
	ix = search_new();
	for (i = 0; i < NELEM(docs); i++) {
		body = i % 2 ? small_body : other;
		buf_reset(&packed);
		search_entry_pack(&packed, e[i], docs[i]);
		/* Cut short, or another document's: refused, nothing added. */
		assert_int_equal(search_add_packed(ix, docs[i], packed.data,
		    packed.len - 1, body, strlen(body)), 0);
		assert_int_equal(search_add_packed(ix, docs[(i + 1) %
		    NELEM(docs)], packed.data, packed.len, body,
		    strlen(body)), 0);
		assert_int_equal(search_add_packed(ix, docs[i], packed.data,
		    packed.len, body, strlen(body)), 1);
	}
	assert_int_equal(search_write(&b.d, &b.out, &s, ix, &nfb), 0);
	search_free(ix);
	assert_int_equal(nfa, nfb);
	assert_int_equal(same_files(&a, &b), nfa);
	buf_free(&packed);
	/* A document search_add() leaves out has no entry. */
	free(docs[0]->url);
	docs[0]->url = xstrdup("");
	assert_null(search_entry_new(docs[0], other, strlen(other)));
	search_add_entry(NULL, docs[1], e[1]);
	for (i = 0; i < NELEM(docs); i++) {
		search_entry_free(e[i]);
		doc_free(docs[i]);
	}
	search_entry_free(NULL);
	tmpout_end(&a);
	tmpout_end(&b);
}

static void
test_hostile_title(void **state)
{
	struct tmpout	 t;
	struct site	 s;
	struct doc	*doc, *nopage;
	struct search_index *ix;
	struct buf	 f = BUF_INIT, want = BUF_INIT;
	struct jv	 v, meta;
	const struct jv	*e;
	const char	*title = "</script><script>alert(\"x\")</script> \\ "
	    "'q' \x01\x7f & \xff\xc3 \xe2\x80\xa8 end";
	const char	*body = "<img src=x onerror=alert(1)> \"quoted\"";

	(void)state;
	set_today(&s, "2024-01-31");
	tmpout_begin(&t);
	doc = mkdoc("evil", title, NULL);
	nopage = mkdoc("nopage", "No page", NULL);
	nopage->url[0] = '\0';
	ix = search_new();
	search_add(ix, doc, body, strlen(body));
	search_add(ix, nopage, body, strlen(body));	/* left out */
	assert_int_equal(search_write(&t.d, &t.out, &s, ix, NULL), 0);
	search_free(ix);

	read_out(&t, "docs-000.json", &f);
	/* Safe even pasted into a <script>: no raw < > & in any file. */
	assert_null(memchr(f.data, '<', f.len));
	assert_null(memchr(f.data, '>', f.len));
	assert_null(memchr(f.data, '&', f.len));
	jparse("docs-000.json", &f, &v);
	assert_int_equal(v.t, J_ARR);
	assert_int_equal(v.n, 1);
	e = jget(&v.v[0], "title");
	assert_non_null(e);
	/* Bad UTF-8 bytes come back as U+FFFD, all else unchanged. */
	buf_puts(&want, "</script><script>alert(\"x\")</script> \\ 'q' "
	    "\x01\x7f & \xef\xbf\xbd\xef\xbf\xbd \xe2\x80\xa8 end");
	assert_string_equal(e->str, want.data);
	e = jget(&v.v[0], "text");
	assert_non_null(e);
	assert_string_equal(e->str, body);
	jfree(&v);

	read_out(&t, "meta.json", &f);
	jparse("meta.json", &f, &meta);
	assert_int_equal((int)jget(&meta, "docs")->num, 1);
	assert_int_equal((int)jget(&meta, "version")->num, SEARCH_VERSION);
	jfree(&meta);

	doc_free(doc);
	doc_free(nopage);
	buf_free(&f);
	buf_free(&want);
	tmpout_end(&t);
}

/*
 * The "text" search.js gets for doc, the only document, indexed with
 * body[0..len): into *out.
 */
static void
text_of(const struct site *s, const struct doc *doc, const char *body,
    size_t len, struct buf *out)
{
	struct tmpout		 t;
	struct search_index	*ix;
	struct buf		 f = BUF_INIT;
	struct jv		 v;
	const struct jv		*text;

	tmpout_begin(&t);
	ix = search_new();
	search_add(ix, doc, body, len);
	assert_int_equal(search_write(&t.d, &t.out, s, ix, NULL), 0);
	search_free(ix);
	read_out(&t, "docs-000.json", &f);
	jparse("docs-000.json", &f, &v);
	text = jget(&v.v[0], "text");
	assert_non_null(text);
	buf_reset(out);
	buf_puts(out, text->str);
	jfree(&v);
	tmpout_end(&t);
	buf_free(&f);
}

/*
 * A text longer than SEARCH_TEXT_MAX is cut: at a word boundary when one
 * is near the end (words of printable ASCII are copied in runs), else
 * where it is full, with an ellipsis either way; what comes before is
 * the text as written, white space collapsed.
 */
static void
test_text_cut(void **state)
{
	static const char	*word[] = { "Strategy ", "x" };
	struct site		 s;
	struct doc		*doc;
	struct buf		 text = BUF_INIT, body = BUF_INIT;
	size_t			 k, n;

	(void)state;
	for (k = 0; k < 2; k++) {
		set_today(&s, "2024-01-31");
		doc = mkdoc("long", "A long procedure", NULL);
		buf_reset(&body);
		while (body.len < SEARCH_TEXT_MAX + 100)
			buf_puts(&body, word[k]);
		text_of(&s, doc, body.data, body.len, &text);
		n = strlen(text.data);
		assert_true(n <= SEARCH_TEXT_MAX);
		assert_true(n > SEARCH_TEXT_MAX * 9 / 10);
		assert_string_equal(text.data + n - 3, "\xe2\x80\xa6");
		assert_true(text.data[n - 4] != ' ');
		/* Before the ellipsis: the body, cut at a word if it can. */
		assert_memory_equal(text.data, body.data, n - 3);
		if (k == 0)
			assert_true(body.data[n - 3] == ' ');
		doc_free(doc);
	}
	buf_free(&text);
	buf_free(&body);
}

/*
 * A document's text as search.js shows it: the summary, then the body,
 * each run of white space one space (none at the start or the end),
 * whether the run starts inside a word run or after it.
 */
static void
test_text_spaces(void **state)
{
	static const char	*body = "  Strategy  meetings\t\tare\n held ."
	    " \r\n Then  \xc2\xa0x  y ";
	struct site		 s;
	struct doc		*doc;
	struct buf		 text = BUF_INIT;

	(void)state;
	set_today(&s, "2024-01-31");
	doc = mkdoc("spaced", "A spaced procedure", " Read  this\tfirst. ");
	text_of(&s, doc, body, strlen(body), &text);
	assert_string_equal(text.data, "Read this first. Strategy meetings "
	    "are held . Then \xc2\xa0x y");
	doc_free(doc);
	buf_free(&text);
}

/*
 * The same as test_text_spaces over random bodies, against the rule
 * written plainly: each run of spaces and control characters is one
 * space, none at either end.  Long runs of words and runs of spaces at
 * every offset, for the copy eight bytes at a time.
 */
static void
test_text_spaces_random(void **state)
{
	static const char	*pieces[] = { "a", "b", "word", "x~!", " ", " ",
	    "  ", "\t", "\n", "\x7f", "\x01", "\xc2\xa0", "\xe2\x80\x99",
	    "longerword", "0123456789" };
	struct site		 s;
	struct doc		*doc;
	struct buf		 body = BUF_INIT, want = BUF_INIT, text = BUF_INIT;
	const unsigned char	*p;
	unsigned		 seed = 1;
	size_t			 round, k, i;

	(void)state;
	set_today(&s, "2024-01-31");
	for (round = 0; round < 200; round++) {
		buf_reset(&body);
		buf_reset(&want);
		for (k = 0; k < 1 + round % 60; k++) {
			seed = seed * 1103515245 + 12345;
			buf_puts(&body, pieces[(seed >> 16) % NELEM(pieces)]);
		}
		p = (const unsigned char *)body.data;
		for (i = 0; i < body.len; i++) {
			if (p[i] < 0x20 || p[i] == ' ' || p[i] == 0x7f) {
				if (want.len > 0 &&
				    want.data[want.len - 1] != ' ')
					buf_putc(&want, ' ');
			} else
				buf_putc(&want, p[i]);
		}
		while (want.len > 0 && want.data[want.len - 1] == ' ')
			buf_truncate(&want, want.len - 1);
		if (want.len == 0)
			continue;	/* no text, no "text" */
		doc = mkdoc("random", "Random", NULL);
		text_of(&s, doc, body.data, body.len, &text);
		assert_string_equal(text.data, want.data);
		doc_free(doc);
	}
	buf_free(&body);
	buf_free(&want);
	buf_free(&text);
}

/*
 * The glossary's abbreviations go into meta.json for search.js, and a
 * document's whole text is kept: words far into it are in its entry.
 */
static void
test_abbr_text(void **state)
{
	struct tmpout	 t;
	struct site	 s;
	struct doc	*gl, *doc;
	struct search_index *ix;
	struct buf	 f = BUF_INIT, body = BUF_INIT;
	struct jv	 meta, v;
	const struct jv	*abbr, *text;

	(void)state;
	set_today(&s, "2024-01-31");
	tmpout_begin(&t);
	gl = mkdoc("glossary", "Glossary", NULL);
	gl->type = DT_GLOSSARY;
	gl->nterms = 2;
	gl->terms = xcalloc(2, sizeof(*gl->terms));
	gl->terms[0].term = xstrdup("LADO");
	gl->terms[0].expansion = xstrdup("Local Authority Designated "
	    "Officer");
	gl->terms[1].term = xstrdup("MASH");	/* no expansion: left out */
	doc = mkdoc("long", "A long procedure", NULL);
	while (body.len < 3 * SEARCH_TEXT_MAX / 4)
		buf_puts(&body, "Strategy discussions are held. ");
	buf_puts(&body, "Refer to the LADO.");
	ix = search_new();
	search_add(ix, gl, "", 0);
	search_add(ix, doc, body.data, body.len);
	assert_int_equal(search_write(&t.d, &t.out, &s, ix, NULL), 0);
	search_free(ix);

	read_out(&t, "meta.json", &f);
	jparse("meta.json", &f, &meta);
	abbr = jget(&meta, "abbr");
	assert_non_null(abbr);
	assert_int_equal(abbr->n, 1);
	assert_string_equal(abbr->v[0].v[0].str, "LADO");
	assert_string_equal(abbr->v[0].v[1].str,
	    "Local Authority Designated Officer");
	/* Documents in path order, in one chunk: "long" is the second. */
	assert_int_equal((int)jget(&meta, "chunk")->num, 2);
	jfree(&meta);
	read_out(&t, "docs-000.json", &f);
	jparse("docs-000.json", &f, &v);
	text = jget(&v.v[1], "text");
	assert_non_null(text);
	assert_true(strlen(text->str) > SEARCH_TEXT_MAX / 2);
	assert_non_null(strstr(text->str, "Refer to the LADO."));
	jfree(&v);

	doc_free(gl);
	doc_free(doc);
	buf_free(&f);
	buf_free(&body);
	tmpout_end(&t);
}

/* A result's updated date is its latest public version's, from git. */
static void
test_updated(void **state)
{
	struct tmpout		 t;
	struct site		 s;
	struct doc		*doc;
	struct doc_history	 h;
	struct version		 v[2];
	struct search_index	*ix;
	struct buf		 f = BUF_INIT;

	(void)state;
	set_today(&s, "2024-01-31");
	memset(&h, 0, sizeof(h));
	memset(v, 0, sizeof(v));
	v[0].when = 1600000000;		/* 2020-09-13 */
	v[1].when = 1700000000;		/* 2023-11-14 */
	h.v = v;
	h.n = 2;
	doc = mkdoc("dated", "Dated", NULL);
	date_parse("2019-01-02", 10, &doc->last_reviewed, NULL);
	doc->hist = &h;
	doc->nversions = 1;		/* as of the first version */
	tmpout_begin(&t);
	ix = search_new();
	search_add(ix, doc, "text", 4);
	assert_int_equal(search_write(&t.d, &t.out, &s, ix, NULL), 0);
	search_free(ix);
	read_out(&t, "docs-000.json", &f);
	assert_non_null(strstr(f.data, "\"updated\":\"2020-09-13\""));
	tmpout_end(&t);

	doc->nversions = 2;
	tmpout_begin(&t);
	ix = search_new();
	search_add(ix, doc, "text", 4);
	assert_int_equal(search_write(&t.d, &t.out, &s, ix, NULL), 0);
	search_free(ix);
	read_out(&t, "docs-000.json", &f);
	assert_non_null(strstr(f.data, "\"updated\":\"2023-11-14\""));
	tmpout_end(&t);

	doc->hist = NULL;
	doc_free(doc);
	buf_free(&f);
}

static void
test_page_ctx(void **state)
{
	struct site	 s;
	struct doc	*docs[3];
	struct section	 sec;
	struct tval	*ctx;
	const struct tval *list, *e, *d;

	(void)state;
	set_today(&s, "2024-01-31");
	docs[0] = mkdoc("a", "Alpha", NULL);
	docs[1] = mkdoc("b", "Beta", NULL);
	date_parse("2019-03-14", 10, &docs[1]->review_date, NULL);
	docs[2] = mkdoc("about", "About us", NULL);
	free(docs[2]->section);
	docs[2]->section = NULL;
	memset(&sec, 0, sizeof(sec));
	sec.name = procedures;
	sec.title = "Procedures";
	sec.docs = docs;
	sec.ndocs = 2;
	s.docs = docs;
	s.ndocs = 3;
	s.sections = &sec;
	s.nsections = 1;

	ctx = tv_map();
	page_search_ctx(ctx, &s);
	assert_int_equal(tv_kind(tv_get(ctx, "list_all")), TV_BOOL);
	list = tv_get(ctx, "sections_docs");
	assert_int_equal(tv_len(list), 2);
	e = tv_at(list, 0);
	assert_string_equal(tv_strval(tv_get(e, "title")), "Procedures");
	assert_string_equal(tv_strval(tv_get(e, "url")), "/procedures/");
	assert_string_equal(tv_strval(tv_get(e, "count")), "2");
	d = tv_at(tv_get(e, "docs"), 1);
	assert_string_equal(tv_strval(tv_get(d, "title")), "Beta");
	assert_string_equal(tv_strval(tv_get(d, "url")), "/procedures/b/");
	assert_int_equal(tv_kind(tv_get(d, "overdue")), TV_BOOL);
	e = tv_at(list, 1);
	assert_string_equal(tv_strval(tv_get(e, "title")), "Other pages");
	assert_null(tv_get(e, "url"));
	assert_int_equal(tv_len(tv_get(e, "docs")), 1);
	tv_free(ctx);
	doc_free(docs[0]);
	doc_free(docs[1]);
	doc_free(docs[2]);
}

/*
 * The 10,000-document site.
 */

#define NDOCS		10000
#define NVOCAB		5000
#define DOC_BYTES	5000

static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

struct	corpus {
	char		**vocab;	/* by rank */
	double		 *cdf;		/* Zipf: sum of 1/r up to rank r */
	uint64_t	  rng;
};

static void
corpus_init(struct corpus *c)
{
	struct strmap	 seen = STRMAP_INIT;
	struct buf	 w = BUF_INIT, t = BUF_INIT;
	size_t		 n = 0, len, i;
	double		 sum = 0;

	c->rng = 0x9e3779b97f4a7c15ULL;
	c->vocab = xcalloc(NVOCAB, sizeof(*c->vocab));
	c->cdf = xcalloc(NVOCAB, sizeof(*c->cdf));
	while (n < NVOCAB) {
		buf_reset(&w);
		len = 3 + rnd(&c->rng) % 8;
		for (i = 0; i < len; i++)
			buf_putc(&w, 'a' + (int)(rnd(&c->rng) % 26));
		/* Words the index keeps as they are: distinct terms. */
		buf_reset(&t);
		search_terms(&t, w.data, w.len);
		if (strcmp(t.data, w.data) != 0 ||
		    strmap_put(&seen, w.data, (void *)1) != NULL)
			continue;
		c->vocab[n++] = xstrdup(w.data);
	}
	for (i = 0; i < NVOCAB; i++) {
		sum += 1.0 / (double)(i + 1);
		c->cdf[i] = sum;
	}
	strmap_free(&seen);
	buf_free(&w);
	buf_free(&t);
}

static const char *
zipf_word(struct corpus *c)
{
	double	 u;
	size_t	 lo = 0, hi = NVOCAB - 1, mid;

	u = (double)(rnd(&c->rng) >> 11) / 9007199254740992.0 *
	    c->cdf[NVOCAB - 1];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c->vocab[lo];
}

static void
corpus_free(struct corpus *c)
{
	size_t	 i;

	for (i = 0; i < NVOCAB; i++)
		free(c->vocab[i]);
	free(c->vocab);
	free(c->cdf);
}

/* What the meta says, for the query's lookups. */
struct	meta {
	struct jv	 root;
	const struct jv	*shards;
	size_t		 chunk;
	const char	*lengths;
	size_t		 bytes;
};

/* The shard holding "term": the last whose first key is <= its key. */
static size_t
shard_of(const struct meta *m, const char *term)
{
	struct buf	 key = BUF_INIT;
	size_t		 i, at = 0;

	search_term_key(&key, term, strlen(term));
	for (i = 0; i < m->shards->n; i++)
		if (strcmp(m->shards->v[i].str, key.data) <= 0)
			at = i;
	buf_free(&key);
	return at;
}

struct	hit {
	uint32_t	 doc;
	unsigned	 title;	/* query terms in the title */
	unsigned	 tf;
	unsigned	 len;
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit	*x = a, *y = b;

	if (x->title != y->title)
		return x->title > y->title ? -1 : 1;
	if (x->tf != y->tf)
		return x->tf > y->tf ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static unsigned
doc_len(const struct meta *m, uint32_t doc)
{
	static const char digits[] = "0123456789"
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

	return (unsigned)(strchr(digits, m->lengths[doc]) - digits);
}

/*
 * Bytes that the two-word query "w1 w2" downloads, as search.js does it:
 * the meta, the shard of each term, then the chunks of the first page of
 * results (SEARCH_RESULTS: documents this long all fit in search.js's
 * PAGE_BYTES), whose text search.js reads for the phrase and proximity
 * ranking and the excerpts.  Which documents those are does
 * not change the bytes much (all have DOC_BYTES of text): here they are
 * ranked by title matches, frequency, then shorter documents.  Prints
 * the parts.
 */
static size_t
query_bytes(struct tmpout *t, const struct meta *m, const char *w1,
    const char *w2)
{
	struct buf	 f = BUF_INIT, name = BUF_INIT;
	struct jv	 shard;
	const struct jv	*post[2];
	const char	*words[2] = { w1, w2 };
	struct jv	 held[2];
	struct hit	*hits = NULL;
	size_t		 i, k, nhits = 0, shardb[2], total, chunkb = 0;
	size_t		 chunks[SEARCH_RESULTS], nchunks = 0, sh[2];
	uint32_t	 d0, d1;
	size_t		 a, b;
	unsigned	 v0, v1;
	int		 adv0, adv1;

	total = m->bytes;
	for (i = 0; i < 2; i++) {
		sh[i] = shard_of(m, words[i]);
		buf_reset(&name);
		buf_printf(&name, "index-%s.json", m->shards->v[sh[i]].str);
		shardb[i] = read_out(t, name.data, &f);
		if (i == 0 || sh[1] != sh[0])
			total += shardb[i];
		jparse(name.data, &f, &shard);
		post[i] = jget(&shard, words[i]);
		if (post[i] == NULL)
			fail_msg("'%s' is not in %s", words[i], name.data);
		/* Keep the postings: move them out of the shard. */
		held[i] = *post[i];
		memset((struct jv *)post[i], 0, sizeof(struct jv));
		jfree(&shard);
	}
	/* Both lists are gap-coded and sorted: merge them. */
	a = b = 0;
	d0 = held[0].n > 0 ? (uint32_t)held[0].v[0].num : 0;
	d1 = held[1].n > 0 ? (uint32_t)held[1].v[0].num : 0;
	while (a < held[0].n && b < held[1].n) {
		if (d0 == d1) {
			hits = xreallocarray(hits, nhits + 1, sizeof(*hits));
			hits[nhits].doc = d0;
			v0 = (unsigned)held[0].v[a + 1].num;
			v1 = (unsigned)held[1].v[b + 1].num;
			hits[nhits].title = (v0 & 1) + (v1 & 1);
			hits[nhits].tf = (v0 >> 1) + (v1 >> 1);
			hits[nhits].len = doc_len(m, d0);
			nhits++;
		}
		adv0 = d0 <= d1;
		adv1 = d1 <= d0;
		if (adv0 && (a += 2) < held[0].n)
			d0 += (uint32_t)held[0].v[a].num;
		if (adv1 && (b += 2) < held[1].n)
			d1 += (uint32_t)held[1].v[b].num;
	}
	qsort(hits, nhits, sizeof(*hits), hit_cmp);
	for (i = 0; i < nhits && i < SEARCH_RESULTS; i++) {
		size_t c = hits[i].doc / m->chunk;

		for (k = 0; k < nchunks && chunks[k] != c; k++)
			;
		if (k < nchunks)
			continue;
		chunks[nchunks++] = c;
		buf_reset(&name);
		buf_printf(&name, "docs-%03zu.json", c);
		chunkb += read_out(t, name.data, &f);
	}
	total += chunkb;
	printf("search: query '%s %s': %zu matches; meta %zu + shards %zu + "
	    "%zu + %zu doc chunks %zu = %zu bytes (%.1f KB)\n", w1, w2, nhits,
	    m->bytes, shardb[0], sh[1] != sh[0] ? shardb[1] : 0, nchunks,
	    chunkb, total, (double)total / KB);
	jfree(&held[0]);
	jfree(&held[1]);
	free(hits);
	buf_free(&f);
	buf_free(&name);
	return total;
}

static void
test_ten_thousand(void **state)
{
	struct tmpout	 t;
	struct site	 s;
	struct corpus	 c;
	struct meta	 m;
	struct doc	**docs;
	struct search_index *ix;
	struct buf	 text = BUF_INIT, title = BUF_INIT, id = BUF_INIT;
	struct buf	 f = BUF_INIT, name = BUF_INIT;
	struct jv	 shard;
	size_t		 i, j, nfiles, max = 0, total = 0, nterms = 0, sz;
	size_t		 nchunks, worst = 0, words = 0;
	char		 maxname[64] = "";

	(void)state;
	set_today(&s, "2024-01-31");
	corpus_init(&c);
	docs = xcalloc(NDOCS, sizeof(*docs));
	ix = search_new();
	for (i = 0; i < NDOCS; i++) {
		buf_reset(&id);
		buf_printf(&id, "doc-%05zu", i);
		buf_reset(&title);
		for (j = 0; j < 4; j++)
			buf_printf(&title, "%s%s", j > 0 ? " " : "",
			    c.vocab[rnd(&c.rng) % NVOCAB]);
		docs[i] = mkdoc(id.data, title.data, NULL);
		buf_reset(&text);
		while (text.len < DOC_BYTES)
			buf_printf(&text, "%s ", zipf_word(&c));
		search_add(ix, docs[i], text.data, text.len);
	}
	tmpout_begin(&t);
	assert_int_equal(search_write(&t.d, &t.out, &s, ix, &nfiles), 0);
	search_free(ix);

	memset(&m, 0, sizeof(m));
	m.bytes = read_out(&t, "meta.json", &f);
	jparse("meta.json", &f, &m.root);
	m.shards = jget(&m.root, "shards");
	assert_non_null(m.shards);
	m.chunk = (size_t)jget(&m.root, "chunk")->num;
	m.lengths = jget(&m.root, "lengths")->str;
	assert_int_equal(strlen(m.lengths), NDOCS);
	assert_int_equal((size_t)jget(&m.root, "docs")->num, NDOCS);
	nchunks = (NDOCS + m.chunk - 1) / m.chunk;
	assert_int_equal(nfiles, 1 + m.shards->n + nchunks +
	    strlen(jget(&m.root, "words")->str));
	/* The word lists a typo fetches (one) are small. */
	for (i = 0; jget(&m.root, "words")->str[i] != '\0'; i++) {
		buf_reset(&name);
		buf_printf(&name, "words-%c.json",
		    jget(&m.root, "words")->str[i]);
		sz = read_out(&t, name.data, &f);
		assert_true(sz < QUERY_MAX / 4);
		words = sz > words ? sz : words;
	}
	printf("search: largest word list %zu bytes\n", words);

	/* Every shard is small, and holds exactly the terms it should. */
	for (i = 0; i < m.shards->n; i++) {
		buf_reset(&name);
		buf_printf(&name, "index-%s.json", m.shards->v[i].str);
		sz = read_out(&t, name.data, &f);
		total += sz;
		if (sz > max) {
			max = sz;
			snprintf(maxname, sizeof(maxname), "%s", name.data);
		}
		assert_true(sz < QUERY_MAX);
		if (i > 0)
			assert_true(strcmp(m.shards->v[i - 1].str,
			    m.shards->v[i].str) < 0);
		jparse(name.data, &f, &shard);
		assert_int_equal(shard.t, J_OBJ);
		for (j = 0; j < shard.n; j++)
			if (shard_of(&m, shard.k[j]) != i)
				fail_msg("'%s' in %s, looked up elsewhere",
				    shard.k[j], name.data);
		nterms += shard.n;
		jfree(&shard);
	}
	assert_int_equal(nterms, (size_t)jget(&m.root, "terms")->num);
	for (i = 0; i < nchunks; i++) {
		buf_reset(&name);
		buf_printf(&name, "docs-%03zu.json", i);
		sz = read_out(&t, name.data, &f);
		total += sz;
		jparse(name.data, &f, &shard);
		assert_int_equal(shard.n, i + 1 < nchunks ? m.chunk :
		    NDOCS - i * m.chunk);
		jfree(&shard);
	}
	printf("search: %d documents of %d bytes, %zu terms: %zu shards "
	    "(largest %s, %zu bytes), %zu doc chunks of %zu, meta %zu bytes, "
	    "%zu bytes in all\n", NDOCS, DOC_BYTES, nterms, m.shards->n,
	    maxname, max, nchunks, m.chunk, m.bytes, total + m.bytes);

	/* The worst two words (the commonest), a typical pair, rare ones. */
	sz = query_bytes(&t, &m, c.vocab[0], c.vocab[1]);
	worst = sz > worst ? sz : worst;
	sz = query_bytes(&t, &m, c.vocab[20], c.vocab[300]);
	worst = sz > worst ? sz : worst;
	sz = query_bytes(&t, &m, c.vocab[1000], c.vocab[2500]);
	worst = sz > worst ? sz : worst;
	assert_true(worst < QUERY_MAX);

	for (i = 0; i < NDOCS; i++)
		doc_free(docs[i]);
	free(docs);
	jfree(&m.root);
	corpus_free(&c);
	buf_free(&text);
	buf_free(&title);
	buf_free(&id);
	buf_free(&f);
	buf_free(&name);
	tmpout_end(&t);
}

/*
 * "test_search --terms": print the terms of each line of the standard
 * input, one line each, for tests/search.sh to compare with search.js.
 * Lines may be up to 64 KB.
 */
static int
terms_filter(void)
{
	static char	 line[65536];
	struct buf	 b = BUF_INIT;
	size_t		 n;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		buf_reset(&b);
		search_terms(&b, line, n);
		printf("%s\n", b.data);
	}
	buf_free(&b);
	return ferror(stdin) ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens_file),
		cmocka_unit_test(test_stop_words),
		cmocka_unit_test(test_plural_fold),
		cmocka_unit_test(test_term_key),
		cmocka_unit_test(test_md_plain),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_hostile_title),
		cmocka_unit_test(test_abbr_text),
		cmocka_unit_test(test_updated),
		cmocka_unit_test(test_page_ctx),
		cmocka_unit_test(test_ten_thousand),
		cmocka_unit_test(test_text_cut),
		cmocka_unit_test(test_text_spaces),
		cmocka_unit_test(test_text_spaces_random),
	};

	if (argc == 2 && strcmp(argv[1], "--terms") == 0)
		return terms_filter();
	md_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
