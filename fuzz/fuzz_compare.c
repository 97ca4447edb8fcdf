/*
 * fuzz_compare.c: libFuzzer target for compare.c, the comparison of two
 * versions of a document shown on its changes page.
 *
 * The input is two bodies separated by the first NUL byte (with none,
 * the second is the first without its last line).  A body with lists or
 * quotes nested deeper than MD_MAX_NESTING on one line is emptied, as
 * content_load() empties it.  Both are parsed by md_tree() without link
 * hooks, safe (no raw HTML), and compared with every block kept, then
 * with one block of context.  Checked, on the full comparison: tags
 * nest, each end tag closing the last one opened, and <ins>/<del> never
 * hold one another; the unchanged and deleted text (tags and white space
 * removed) is the old body's own text as the comparison of it with
 * itself shows it, and the unchanged and inserted text the new body's;
 * "changed" is set exactly when the texts or the markup differ; no
 * script element and no javascript: link comes out; each section listed
 * has its anchor in the HTML.
 */
#include <string.h>
#include <strings.h>

#include "../src/buf.h"
#include "../src/compare.h"
#include "../src/markdown.h"
#include "../src/util.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	md_init();
	return 0;
}

/* The body as content_load() would keep it. */
static void
tree(const char *s, size_t len, struct md_tree *t)
{
	struct md_opts	 o;

	memset(&o, 0, sizeof(o));
	if (md_too_deep(s, len) != 0)
		len = 0;
	md_tree(&o, s, len, 1, t);
}

/* Compare a with b into *c (its HTML always a string). */
static void
compare(struct compare *c, const struct md_tree *a, const struct md_tree *b,
    int context)
{
	compare_bodies(c, a, b, context, "/self/");
	if (c->html.data == NULL) {
		buf_putc(&c->html, ' ');
		buf_truncate(&c->html, 0);
	}
	FUZZ_CHECK(strlen(c->html.data) == c->html.len);
}

/*
 * The text of "html" without the elements "drop" (ins or del), tags,
 * comments and white space; aborts when tags do not nest.
 */
static char *
text_without(const char *html, const char *drop)
{
	struct buf	 b = BUF_INIT;
	size_t		 dl = strlen(drop), depth = 0;
	const char	*p = html, *q;

	while (*p != '\0') {
		if (*p == '<') {
			q = strchr(p, '>');
			FUZZ_CHECK(q != NULL);
			if (p[1] != '/' && strncmp(p + 1, drop, dl) == 0 &&
			    (p[1 + dl] == '>' || p[1 + dl] == ' '))
				depth++;
			else if (p[1] == '/' && strncmp(p + 2, drop, dl) == 0 &&
			    p[2 + dl] == '>') {
				FUZZ_CHECK(depth > 0);
				depth--;
			}
			p = q + 1;
			continue;
		}
		if (depth == 0 && *p != ' ' && *p != '\n' && *p != '\t')
			buf_putc(&b, *p);
		p++;
	}
	FUZZ_CHECK(depth == 0);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/* Whether a link or image in "html" leads to javascript:. */
static int
js_link(const char *html)
{
	const char	*p;

	for (p = html; (p = strstr(p, "=\"")) != NULL; p += 2)
		if (strncasecmp(p + 2, "javascript:", 11) == 0)
			return 1;
	return 0;
}

/* Tags nest; <ins> and <del> never inside one another. */
static void
check_nesting(const char *html)
{
	char		**stack = NULL;
	size_t		  depth = 0, cap = 0, k;
	const char	 *p = html, *q;
	int		  close, changes = 0;
	char		 *name;

	while ((p = strchr(p, '<')) != NULL) {
		q = strchr(p, '>');
		FUZZ_CHECK(q != NULL);
		close = p[1] == '/';
		for (k = 0; p[1 + close + k] != '>' &&
		    p[1 + close + k] != ' ' && p[1 + close + k] != '\n'; k++)
			continue;
		name = xstrndup(p + 1 + close, k);
		p = q + 1;
		if (name[0] == '!' || strcmp(name, "br") == 0 ||
		    strcmp(name, "hr") == 0 || strcmp(name, "img") == 0 ||
		    q[-1] == '/') {
			free(name);
			continue;
		}
		if (!close) {
			if (strcmp(name, "ins") == 0 || strcmp(name, "del") == 0)
				FUZZ_CHECK(changes++ == 0);
			if (depth == cap) {
				cap = cap != 0 ? cap * 2 : 16;
				stack = xreallocarray(stack, cap, sizeof(*stack));
			}
			stack[depth++] = name;
			continue;
		}
		FUZZ_CHECK(depth > 0);
		FUZZ_CHECK(strcmp(stack[depth - 1], name) == 0);
		if (strcmp(name, "ins") == 0 || strcmp(name, "del") == 0)
			changes--;
		free(stack[--depth]);
		free(name);
	}
	FUZZ_CHECK(depth == 0);
	free(stack);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *z, *bs;
	struct md_tree	 ta, tb;
	struct compare	 c, pa, pb, ctx;
	struct buf	 id = BUF_INIT;
	size_t		 alen, blen, i;
	char		*oa, *ob, *wa, *wb;

	if ((z = memchr(s, '\0', size)) != NULL) {
		alen = (size_t)(z - s);
		bs = z + 1;
		blen = size - alen - 1;
	} else {
		alen = size;
		bs = s;
		for (blen = size; blen > 0 && s[blen - 1] == '\n'; blen--)
			continue;
		while (blen > 0 && s[blen - 1] != '\n')
			blen--;
	}
	tree(s, alen, &ta);
	tree(bs, blen, &tb);

	compare(&c, &ta, &tb, -1);
	compare(&pa, &ta, &ta, -1);
	compare(&pb, &tb, &tb, -1);
	compare(&ctx, &ta, &tb, 1);
	check_nesting(c.html.data);
	check_nesting(ctx.html.data);
	FUZZ_CHECK(!pa.changed && !pb.changed);
	FUZZ_CHECK(strstr(pa.html.data, "<ins") == NULL &&
	    strstr(pa.html.data, "<del") == NULL);
	oa = text_without(c.html.data, "ins");
	ob = text_without(c.html.data, "del");
	wa = text_without(pa.html.data, "ins");
	wb = text_without(pb.html.data, "del");
	FUZZ_CHECK(strcmp(oa, wa) == 0);
	FUZZ_CHECK(strcmp(ob, wb) == 0);
	FUZZ_CHECK(c.changed == (strcmp(pa.html.data, pb.html.data) != 0));
	FUZZ_CHECK(c.changed == ctx.changed);
	FUZZ_CHECK(c.changed || (c.words_added == 0 && c.words_deleted == 0));
	FUZZ_CHECK(strstr(c.html.data, "<script") == NULL);
	FUZZ_CHECK(!js_link(c.html.data));
	for (i = 0; i < ctx.nsections; i++) {
		buf_reset(&id);
		buf_printf(&id, "id=\"%s\"", ctx.sections[i].anchor);
		FUZZ_CHECK(strstr(ctx.html.data, id.data) != NULL);
	}
	free(oa);
	free(ob);
	free(wa);
	free(wb);
	buf_free(&id);
	compare_free(&c);
	compare_free(&pa);
	compare_free(&pb);
	compare_free(&ctx);
	md_tree_free(&ta);
	md_tree_free(&tb);
	return 0;
}
