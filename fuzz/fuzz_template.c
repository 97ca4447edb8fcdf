/*
 * fuzz_template.c: libFuzzer target for the Mustache engine (template.c).
 *
 * The input is split at its first NUL byte: the bytes before it are the
 * template "main", the bytes after it the template "part" (empty when
 * there is no NUL), so that {{>part}}, {{>main}} and recursion between
 * them can be found.  Both are parsed into one set, then rendered with a
 * small fixed context (maps, lists, strings, booleans, null and a list
 * of lists), in both partial modes: a missing partial is an error, and
 * TMPL_PARTIAL_EMPTY.
 *
 * Checked: a failed parse or render records a diagnostic; with
 * TMPL_PARTIAL_EMPTY, a template that cannot recurse always renders, and
 * to the same text as in the strict mode when that succeeds too.
 *
 * Work limit.  The engine bounds nesting, not work: k nested sections
 * over a list of two render their body 2^k times, and TMPL_MAX_NEST lets
 * k reach 256.  Such a template does what it says, but one of them would
 * stop the campaign with a timeout or an out-of-memory report.  So an
 * input is rendered only when a conservative bound on its output,
 * computed from counts of its tags (render_cost()), is under
 * RENDER_BUDGET; it is always parsed.  See fuzz/README.md.
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/diag.h"
#include "../src/template.h"
#include "../src/util.h"
#include "fuzz.h"

#define RENDER_BUDGET	(1ULL << 26)	/* bytes of output, bound */
#define VALUE_FACTOR	64	/* output bytes per template byte, at most */
#define LIST_MAX	2	/* items in any list of the context */
#define NAME_SCAN	256	/* bytes of a section name looked at */
#define CHAIN_MAX	(TMPL_MAX_PARTIAL + 1)	/* templates on a recursion */

static struct tval	*ctx;

/* Counts over one template's text, for render_cost(). */
struct	tstats {
	size_t	 len;
	size_t	 nl;		/* newlines */
	size_t	 partials;	/* at least the partial tags */
	size_t	 fanout;	/* at least the sections that may be lists */
	size_t	 blank;		/* longest run of spaces and tabs */
};

/* memmem(3) is a GNU extension: s[0..len) holds pat[0..plen) where? */
static const char *
find(const char *s, size_t len, const char *pat, size_t plen)
{
	size_t	 i;

	for (i = 0; plen <= len && i <= len - plen; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
			return s + i;
	return NULL;
}

static int
has(const char *s, size_t len, const char *pat)
{
	return find(s, len, pat, strlen(pat)) != NULL;
}

/*
 * Without "{{=" the delimiters never change, so a partial tag is
 * "{{>" and a section "{{#" followed by its name.  A section can repeat
 * only if its name can reach a list: the context's lists are all under
 * keys containing "items", "nested" or "rows", and "." is the item of
 * "nested".  With "{{=" anything goes, so every '>' and '#' counts: the
 * type character follows the opening delimiter, whatever it is.
 */
static void
stats(const char *s, size_t len, struct tstats *st)
{
	const char	*close;
	size_t		 i, run = 0, n;
	int		 anydelim = has(s, len, "{{=");

	memset(st, 0, sizeof(*st));
	st->len = len;
	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			st->nl++;
		run = s[i] == ' ' || s[i] == '\t' ? run + 1 : 0;
		if (run > st->blank)
			st->blank = run;
		if (anydelim) {
			st->partials += s[i] == '>';
			st->fanout += s[i] == '#';
			continue;
		}
		if (len - i < 3 || s[i] != '{' || s[i + 1] != '{')
			continue;
		if (s[i + 2] == '>')
			st->partials++;
		if (s[i + 2] != '#')
			continue;
		/* A long name counts as a list: it keeps this linear. */
		n = len - i - 3 < NAME_SCAN ? len - i - 3 : NAME_SCAN;
		close = find(s + i + 3, n, "}}", 2);
		if (close != NULL)
			n = (size_t)(close - (s + i + 3));
		if (close == NULL || memchr(s + i + 3, '.', n) != NULL ||
		    has(s + i + 3, n, "items") || has(s + i + 3, n, "nested") ||
		    has(s + i + 3, n, "rows"))
			st->fanout++;
	}
}

/* a * b, saturating. */
static unsigned long long
mul(unsigned long long a, unsigned long long b)
{
	return a != 0 && b > ~0ULL / a ? ~0ULL : a * b;
}

/*
 * A bound on the bytes rendering may produce (and so on its work), or
 * ~0 for "too much".  Without recursion: main's sections repeat at most
 * LIST_MAX^fanout times, each partial tag renders "part" once per
 * repetition, and each line of "part" is indented by at most main's
 * longest blank run.  Recursion (a template names "main", or "part"
 * names "part") cannot multiply either: with this context every path
 * that recurses once recurses until "nested too deeply" ends the whole
 * render.  But only its simplest shape is rendered, a chain (one partial
 * tag per template, no repeating section), whose bound is plain: at most
 * CHAIN_MAX templates, each line indented by at most CHAIN_MAX runs.
 */
static unsigned long long
render_cost(const char *m, const struct tstats *sm, const char *p,
    const struct tstats *sp)
{
	unsigned long long	 rep, per, total;
	size_t			 fan = sm->fanout + sp->fanout;

	if (has(m, sm->len, "main") || has(p, sp->len, "main") ||
	    has(p, sp->len, "part")) {
		if (fan > 0 || sm->partials > 1 || sp->partials > 1)
			return ~0ULL;
		per = mul(sm->nl + sp->nl, mul(CHAIN_MAX, sm->blank + sp->blank));
		per += sm->len + sp->len;
		return mul(mul(VALUE_FACTOR, CHAIN_MAX), per);
	}
	if (fan >= 40)
		return ~0ULL;
	for (rep = 1; fan > 0; fan--)
		rep *= LIST_MAX;
	per = sp->len + mul(sp->nl, sm->blank);
	total = sm->len + mul(sm->partials, per);
	return mul(mul(VALUE_FACTOR, rep), total);
}

static struct tval *
list2(struct tval *a, struct tval *b)
{
	struct tval	*l = tv_list();

	tv_push(l, a);
	if (b != NULL)
		tv_push(l, b);
	return l;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tval	*m, *row, *site, *page;

	(void)argc;
	(void)argv;
	ctx = tv_map();
	tv_set_str(ctx, "title", "Fuzz & <Title>");
	tv_set_str(ctx, "name", "Ann O'Neil \"AO\"");
	tv_set_str(ctx, "empty", "");
	tv_set_str(ctx, "zero", "0");
	tv_set_str(ctx, "multi", "line one\nline two\n");
	tv_set_bool(ctx, "yes", 1);
	tv_set_bool(ctx, "no", 0);
	tv_set(ctx, "nothing", tv_null());
	tv_set_int(ctx, "count", 42);
	tv_set(ctx, "items", list2(tv_str("one"), tv_str("<two>")));
	tv_set(ctx, "empty_items", tv_list());
	tv_set(ctx, "nested", list2(list2(tv_str("a"), tv_str("b")),
	    list2(tv_str("c"), NULL)));
	row = tv_map();
	tv_set_str(row, "name", "first");
	tv_set_str(row, "url", "/a?x=1&y=2");
	m = tv_map();
	tv_set_str(m, "name", "second");
	tv_set_bool(m, "flag", 1);
	tv_set(ctx, "rows", list2(row, m));
	site = tv_map();
	tv_set_str(site, "title", "Site");
	tv_set_str(site, "base", "/folio/");
	tv_set(site, "items", list2(tv_str("x"), NULL));
	page = tv_map();
	tv_set_str(page, "title", "Page");
	tv_set(page, "meta", tv_map());
	tv_set(site, "page", page);
	tv_set(ctx, "site", site);
	return 0;
}

/* Render "name" in both modes and check what the modes promise. */
static void
render_both(const struct tmpl_set *set, struct diag *d, const char *name,
    int exists, int recursive)
{
	struct buf	 strict = BUF_INIT, lax = BUF_INIT;
	size_t		 nerr;
	int		 rs, rl;

	nerr = d->nerrors;
	rs = tmpl_render_flags(set, d, name, ctx, &strict, 0);
	FUZZ_CHECK(rs == 0 || (rs == -1 && d->nerrors > nerr));
	FUZZ_CHECK(strict.data[strict.len] == '\0');

	nerr = d->nerrors;
	rl = tmpl_render_flags(set, d, name, ctx, &lax, TMPL_PARTIAL_EMPTY);
	FUZZ_CHECK(rl == 0 || (rl == -1 && d->nerrors > nerr));
	if (!exists)
		FUZZ_CHECK(rs == -1 && rl == -1);
	else if (!recursive)
		FUZZ_CHECK(rl == 0);
	if (rs == 0)
		FUZZ_CHECK(rl == 0 && strict.len == lax.len &&
		    memcmp(strict.data, lax.data, lax.len) == 0);
	buf_free(&strict);
	buf_free(&lax);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*set;
	struct diag	 d;
	struct tstats	 sm, sp;
	struct buf	 out = BUF_INIT;
	const char	*m = (const char *)data, *p, *nul;
	char		*line;
	size_t		 mlen, plen, nerr, i;
	int		 rm, rp, recursive;

	if ((nul = memchr(m, '\0', size)) != NULL) {
		mlen = (size_t)(nul - m);
		p = nul + 1;
		plen = size - mlen - 1;
	} else {
		mlen = size;
		p = "";
		plen = 0;
	}

	diag_init(&d);
	set = tmpl_set_new();
	nerr = d.nerrors;
	rm = tmpl_set_add(set, &d, "main", "main.mustache", m, mlen);
	FUZZ_CHECK(rm == 0 ? d.nerrors == nerr : d.nerrors == nerr + 1);
	FUZZ_CHECK((tmpl_set_get(set, "main") != NULL) == (rm == 0));
	nerr = d.nerrors;
	rp = tmpl_set_add(set, &d, "part", "part.mustache", p, plen);
	FUZZ_CHECK(rp == 0 ? d.nerrors == nerr : d.nerrors == nerr + 1);
	FUZZ_CHECK((tmpl_set_get(set, "part") != NULL) == (rp == 0));

	stats(m, mlen, &sm);
	stats(p, plen, &sp);
	if (render_cost(m, &sm, p, &sp) <= RENDER_BUDGET) {
		recursive = has(m, mlen, "main") || has(p, plen, "main") ||
		    has(p, plen, "part");
		render_both(set, &d, "main", rm == 0, recursive);
		render_both(set, &d, "part", rp == 0, recursive);
		/* No diagnostics wanted: d may be NULL. */
		(void)tmpl_render(set, NULL, "main", ctx, &out);
		buf_free(&out);
	}

	diag_sort(&d);
	for (i = 0; i < d.n; i++) {
		line = diag_format(&d.v[i]);
		FUZZ_CHECK(line[0] != '\0');
		free(line);
	}
	tmpl_set_free(set);
	diag_free(&d);
	return 0;
}
