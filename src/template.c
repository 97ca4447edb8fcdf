/*
 * template.c: Mustache templates and context values (see template.h).
 *
 * A parsed template is one array of nodes in document order.  A section's
 * body is the run of nodes that follows it, up to its "end" index, so the
 * tree needs no child pointers, is walked by index and freed in one go.
 * Parsing is a loop with an explicit stack of open sections; rendering
 * recurses once per section or partial, and both are bounded (see the
 * limits in template.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "template.h"
#include "util.h"

/* Longest name quoted in a diagnostic, so a runaway tag stays readable. */
#define QUOTE_MAX	64
#define QLEN(n)		((int)((n) > QUOTE_MAX ? QUOTE_MAX : (n)))

#define NOTFOUND	SIZE_MAX

/*
 * Values.
 */

struct	tv_pair {
	char		*key;		/* owned, NUL-terminated */
	size_t		 keylen;	/* strlen(key) */
	struct tval	*val;		/* owned, never NULL */
};

struct	tval {
	enum tval_kind	  kind;
	int		  b;		/* TV_BOOL: 0 or 1 */
	char		 *s;		/* TV_STR: owned, NUL-ended */
	size_t		  slen;		/* TV_STR: bytes in s */
	struct tval	**items;	/* TV_LIST: owned items */
	struct tv_pair	 *pairs;	/* TV_MAP: owned, insertion order */
	size_t		  n;		/* items or pairs in use */
	size_t		  cap;		/* items or pairs allocated */
};

static struct tval *
tv_new(enum tval_kind kind)
{
	struct tval	*v;

	v = xcalloc(1, sizeof(*v));
	v->kind = kind;
	return v;
}

struct tval *
tv_null(void)
{
	return tv_new(TV_NULL);
}

struct tval *
tv_bool(int b)
{
	struct tval	*v;

	v = tv_new(TV_BOOL);
	v->b = b != 0;
	return v;
}

struct tval *
tv_str(const char *s)
{
	return tv_strn(s, strlen(s));
}

struct tval *
tv_strn(const char *s, size_t len)
{
	struct tval	*v;

	v = tv_new(TV_STR);
	v->s = len != 0 ? xstrndup(s, len) : xstrdup("");
	v->slen = len;
	return v;
}

struct tval *
tv_str_own(char *s)
{
	struct tval	*v;

	v = tv_new(TV_STR);
	v->s = s != NULL ? s : xstrdup("");
	v->slen = strlen(v->s);
	return v;
}

struct tval *
tv_list(void)
{
	return tv_new(TV_LIST);
}

struct tval *
tv_map(void)
{
	return tv_new(TV_MAP);
}

void
tv_push(struct tval *list, struct tval *v)
{
	if (list == NULL || list->kind != TV_LIST)
		abort();	/* a caller bug, not a data error */
	if (v == NULL)
		v = tv_null();
	if (list->n == list->cap) {
		list->cap = list->cap != 0 ? list->cap * 2 : 8;
		list->items = xreallocarray(list->items, list->cap,
		    sizeof(*list->items));
	}
	list->items[list->n++] = v;
}

/* Return the pair for key[0..len) in "map", or NULL. */
static struct tv_pair *
map_pair(const struct tval *map, const char *key, size_t len)
{
	size_t	 i;

	if (map == NULL || map->kind != TV_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->pairs[i].keylen == len &&
		    memcmp(map->pairs[i].key, key, len) == 0)
			return &map->pairs[i];
	return NULL;
}

void
tv_set(struct tval *map, const char *key, struct tval *v)
{
	struct tv_pair	*p;

	if (map == NULL || map->kind != TV_MAP)
		abort();	/* a caller bug, not a data error */
	if (v == NULL)
		v = tv_null();
	if ((p = map_pair(map, key, strlen(key))) != NULL) {
		if (p->val != v)
			tv_free(p->val);
		p->val = v;
		return;
	}
	if (map->n == map->cap) {
		map->cap = map->cap != 0 ? map->cap * 2 : 8;
		map->pairs = xreallocarray(map->pairs, map->cap,
		    sizeof(*map->pairs));
	}
	p = &map->pairs[map->n++];
	p->key = xstrdup(key);
	p->keylen = strlen(key);
	p->val = v;
}

void
tv_set_str(struct tval *map, const char *key, const char *s)
{
	if (s != NULL)
		tv_set(map, key, tv_str(s));
}

void
tv_set_bool(struct tval *map, const char *key, int b)
{
	tv_set(map, key, tv_bool(b));
}

void
tv_set_int(struct tval *map, const char *key, long long n)
{
	char	 num[32];

	(void)snprintf(num, sizeof(num), "%lld", n);
	tv_set(map, key, tv_str(num));
}

const struct tval *
tv_get(const struct tval *map, const char *key)
{
	const struct tv_pair	*p;

	p = map_pair(map, key, strlen(key));
	return p != NULL ? p->val : NULL;
}

size_t
tv_len(const struct tval *v)
{
	if (v == NULL || (v->kind != TV_LIST && v->kind != TV_MAP))
		return 0;
	return v->n;
}

const struct tval *
tv_at(const struct tval *list, size_t i)
{
	if (list == NULL || list->kind != TV_LIST || i >= list->n)
		return NULL;
	return list->items[i];
}

enum tval_kind
tv_kind(const struct tval *v)
{
	return v != NULL ? v->kind : TV_NULL;
}

const char *
tv_strval(const struct tval *v)
{
	return v != NULL && v->kind == TV_STR ? v->s : NULL;
}

void
tv_free(struct tval *v)
{
	size_t	 i;

	if (v == NULL)
		return;
	switch (v->kind) {
	case TV_STR:
		free(v->s);
		break;
	case TV_LIST:
		for (i = 0; i < v->n; i++)
			tv_free(v->items[i]);
		free(v->items);
		break;
	case TV_MAP:
		for (i = 0; i < v->n; i++) {
			free(v->pairs[i].key);
			tv_free(v->pairs[i].val);
		}
		free(v->pairs);
		break;
	default:
		break;
	}
	free(v);
}

/* Mustache truthiness; see template.h. */
static int
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case TV_BOOL:
		return v->b;
	case TV_STR:
		return v->slen != 0;
	case TV_LIST:
		return v->n != 0;
	case TV_MAP:
		return 1;
	default:
		return 0;
	}
}

/*
 * Templates.
 */

enum	tmpl_op {
	OP_TEXT,	/* literal bytes from the template */
	OP_VAR,		/* {{name}}: HTML-escaped */
	OP_RAW,		/* {{{name}}} or {{&name}}: verbatim */
	OP_SECTION,	/* {{#name}}...{{/name}} */
	OP_INVERTED,	/* {{^name}}...{{/name}} */
	OP_PARTIAL	/* {{>name}} */
};

struct	tnode {
	enum tmpl_op	 op;
	const char	*str;		/* text or tag name, in tmpl.src */
	size_t		 len;
	int		 standalone;	/* OP_PARTIAL: alone on its line */
	const char	*indent;	/* if so, the white space before */
	size_t		 indentlen;	/* it, in tmpl.src */
	size_t		 line;		/* 1-based, of tag or text */
	size_t		 col;		/* 1-based byte column */
	size_t		 end;		/* sections: index after body */
};

struct	tmpl {
	char		*name;		/* owned */
	size_t		 namelen;
	char		*file;		/* owned; for diagnostics */
	char		*src;		/* owned copy of the text */
	size_t		 srclen;
	struct tnode	*nodes;		/* owned, document order */
	size_t		 nnodes;
	size_t		 nodecap;
};

struct	tmpl_set {
	struct tmpl	**v;		/* owned, sorted by name */
	size_t		  n;
	size_t		  cap;
};

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->file);
	free(t->src);
	free(t->nodes);
	free(t);
}

/* Record an error if there is somewhere to record it. */
static void
tmpl_err(struct diag *d, const char *file, size_t line, size_t col,
    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
tmpl_err(struct diag *d, const char *file, size_t line, size_t col,
    const char *fmt, ...)
{
	va_list	 ap;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, file, line, col, fmt, ap);
	va_end(ap);
}

/*
 * Parsing.
 */

struct	parser {
	struct diag	*d;
	struct tmpl	*t;		/* being built */
	const char	*src;		/* t->src */
	size_t		 len;
	const char	*otag;		/* current opening delimiter */
	size_t		 olen;
	const char	*ctag;		/* current closing delimiter */
	size_t		 clen;
	size_t		 lpos;		/* newlines counted to here */
	size_t		 line;		/* line number at lpos */
	size_t		 lstart;	/* where that line starts */
	size_t		 open[TMPL_MAX_NEST]; /* open sections */
	size_t		 nopen;
};

/* Return the offset of pat[0..plen) in s[from..len), or NOTFOUND. */
static size_t
find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
	const char	*p;

	while (from < len && len - from >= plen) {
		p = memchr(s + from, pat[0], len - from - plen + 1);
		if (p == NULL)
			break;
		if (memcmp(p, pat, plen) == 0)
			return (size_t)(p - s);
		from = (size_t)(p - s) + 1;
	}
	return NOTFOUND;
}

/*
 * Return the offset of the closing delimiter preceded by "c" ("}}}" for
 * "{{{", "=}}" for "{{=") at or after "from", or NOTFOUND.  The offset is
 * that of "c".
 */
static size_t
find_close2(const struct parser *ps, size_t from, char c)
{
	size_t	 k, s = from;

	while ((k = find(ps->src, ps->len, s, ps->ctag, ps->clen)) !=
	    NOTFOUND) {
		if (k > from && ps->src[k - 1] == c)
			return k - 1;
		s = k + 1;
	}
	return NOTFOUND;
}

/* Give the line and column of offset "pos" in the source. */
static void
parser_pos(struct parser *ps, size_t pos, size_t *line, size_t *col)
{
	const char	*nl;

	if (pos < ps->lpos) {
		/* Only for diagnostics about earlier tags: count again. */
		ps->lpos = ps->lstart = 0;
		ps->line = 1;
	}
	while (ps->lpos < pos) {
		nl = memchr(ps->src + ps->lpos, '\n', pos - ps->lpos);
		if (nl == NULL) {
			ps->lpos = pos;
			break;
		}
		ps->line++;
		ps->lpos = ps->lstart = (size_t)(nl - ps->src) + 1;
	}
	*line = ps->line;
	*col = pos - ps->lstart + 1;
}

static void
parser_err(struct parser *ps, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an error at offset "pos" of the source. */
static void
parser_err(struct parser *ps, size_t pos, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 line, col;

	if (ps->d == NULL)
		return;
	parser_pos(ps, pos, &line, &col);
	va_start(ap, fmt);
	diag_vadd(ps->d, DIAG_ERROR, ps->t->file, line, col, fmt, ap);
	va_end(ap);
}

/* Append a node at offset "pos"; return it, zeroed but for the position. */
static struct tnode *
parser_node(struct parser *ps, enum tmpl_op op, size_t pos,
    const char *str, size_t len)
{
	struct tmpl	*t = ps->t;
	struct tnode	*n;

	if (t->nnodes == t->nodecap) {
		t->nodecap = t->nodecap != 0 ? t->nodecap * 2 : 16;
		t->nodes = xreallocarray(t->nodes, t->nodecap,
		    sizeof(*t->nodes));
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->str = str;
	n->len = len;
	parser_pos(ps, pos, &n->line, &n->col);
	return n;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Trim white space from both ends of s[*b..*e). */
static void
trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && is_space(s[*b]))
		(*b)++;
	while (*e > *b && is_space(s[*e - 1]))
		(*e)--;
}

/*
 * Check the tag name s[0..len) of the tag at "pos".  Names are non-empty
 * and have no white space; unless "any" (partials), they are "." or
 * dot-separated non-empty parts.  Returns 0, or -1 with an error.
 */
static int
check_name(struct parser *ps, size_t pos, const char *s, size_t len, int any)
{
	size_t	 i;

	if (len == 0) {
		parser_err(ps, pos, "empty tag name");
		return -1;
	}
	for (i = 0; i < len; i++)
		if (is_space(s[i])) {
			parser_err(ps, pos, "tag name \"%.*s\" contains "
			    "white space", QLEN(len), s);
			return -1;
		}
	if (any || (len == 1 && s[0] == '.'))
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '.' &&
		    (i == 0 || i == len - 1 || s[i + 1] == '.')) {
			parser_err(ps, pos, "bad dotted name \"%.*s\"",
			    QLEN(len), s);
			return -1;
		}
	return 0;
}

/*
 * Take new delimiters from the content s[b..e) of a {{=... =}} tag at
 * "pos": two runs of non-space characters without "=", separated by
 * white space.  Returns 0, or -1 with an error.
 */
static int
set_delims(struct parser *ps, size_t pos, size_t b, size_t e)
{
	const char	*s = ps->src;
	size_t		 ob, oe, cb, i;

	trim(s, &b, &e);
	ob = oe = b;
	while (oe < e && !is_space(s[oe]))
		oe++;
	cb = oe;
	while (cb < e && is_space(s[cb]))
		cb++;
	if (oe == ob || cb == oe || cb == e)
		goto bad;
	for (i = cb; i < e; i++)
		if (is_space(s[i]))
			goto bad;
	if (memchr(s + ob, '=', oe - ob) != NULL ||
	    memchr(s + cb, '=', e - cb) != NULL)
		goto bad;
	ps->otag = s + ob;
	ps->olen = oe - ob;
	ps->ctag = s + cb;
	ps->clen = e - cb;
	return 0;
bad:
	parser_err(ps, pos, "bad delimiters \"%.*s\": want two "
	    "delimiters without white space or \"=\"", QLEN(e - b), s + b);
	return -1;
}

/* One tag of a template, as parse() finds it. */
struct	tag {
	char		 type;		/* '#', '^', '/', '>', '&', '{', '=',
					   '!', or '\0' for a variable */
	size_t		 p;		/* where it starts */
	size_t		 cb, ce;	/* its content [cb, ce) */
	size_t		 e;		/* just after it */
	int		 alone;		/* a block tag alone on its line */
	size_t		 textend;	/* where the text before it ends */
	size_t		 next;		/* where the text after it starts */
};

/*
 * Read the tag that starts at p into *tg: its type, content and end.
 * Returns 0, or -1 after recording an error (unclosed; inheritance).
 */
static int
tag_read(struct parser *ps, size_t p, struct tag *tg)
{
	const char	*s = ps->src;
	size_t		 q;

	tg->p = p;
	q = p + ps->olen;
	tg->type = q < ps->len ? s[q] : '\0';
	switch (tg->type) {
	case '{':
	case '=':
		tg->cb = q + 1;
		tg->ce = find_close2(ps, tg->cb, tg->type == '{' ? '}' : '=');
		tg->e = tg->ce != NOTFOUND ? tg->ce + 1 + ps->clen : 0;
		break;
	case '!':
	case '#':
	case '^':
	case '/':
	case '>':
	case '&':
	case '<':
	case '$':
		tg->cb = q + 1;
		tg->ce = find(s, ps->len, tg->cb, ps->ctag, ps->clen);
		tg->e = tg->ce != NOTFOUND ? tg->ce + ps->clen : 0;
		break;
	default:
		tg->type = '\0';
		tg->cb = q;
		tg->ce = find(s, ps->len, tg->cb, ps->ctag, ps->clen);
		tg->e = tg->ce != NOTFOUND ? tg->ce + ps->clen : 0;
		break;
	}
	if (tg->ce == NOTFOUND) {
		parser_err(ps, p, "unclosed tag: no \"%s%.*s\" "
		    "after \"%.*s\"", tg->type == '{' ? "}" :
		    tg->type == '=' ? "=" : "", QLEN(ps->clen), ps->ctag,
		    QLEN(ps->olen), ps->otag);
		return -1;
	}
	if (tg->type == '<' || tg->type == '$') {
		parser_err(ps, p, "template inheritance "
		    "(\"%.*s%c\") is not supported", QLEN(ps->olen),
		    ps->otag, tg->type);
		return -1;
	}
	return 0;
}

/*
 * A block tag alone on its line, but for white space, takes the whole
 * line with it, newline included: set tg->alone, and where the text
 * before it ends and the text after it starts.  Any earlier tag on the
 * line ends at lastend, which stops the scan back.
 */
static void
tag_standalone(const struct parser *ps, size_t lastend, struct tag *tg)
{
	const char	*s = ps->src;
	size_t		 i, j;

	tg->alone = 0;
	tg->textend = tg->p;
	tg->next = tg->e;
	if (tg->type == '\0' || tg->type == '{' || tg->type == '&')
		return;
	i = tg->p;
	while (i > lastend && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	j = tg->e;
	while (j < ps->len && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (i == 0 || s[i - 1] == '\n') {
		if (j == ps->len)
			tg->alone = 1;
		else if (s[j] == '\n') {
			tg->alone = 1;
			j++;
		} else if (s[j] == '\r' && j + 1 < ps->len &&
		    s[j + 1] == '\n') {
			tg->alone = 1;
			j += 2;
		}
	}
	if (tg->alone) {
		tg->textend = i;
		tg->next = j;
	}
}

/* Open the section of tag tg ('#' or '^'); 0, or -1 (error recorded). */
static int
section_open(struct parser *ps, const struct tag *tg)
{
	const char	*s = ps->src;

	if (check_name(ps, tg->p, s + tg->cb, tg->ce - tg->cb, 0) == -1)
		return -1;
	if (ps->nopen == TMPL_MAX_NEST) {
		parser_err(ps, tg->p, "sections nested too "
		    "deeply (limit %d)", TMPL_MAX_NEST);
		return -1;
	}
	ps->open[ps->nopen++] = ps->t->nnodes;
	(void)parser_node(ps, tg->type == '#' ? OP_SECTION :
	    OP_INVERTED, tg->p, s + tg->cb, tg->ce - tg->cb);
	return 0;
}

/* Close the open section tag tg names; 0, or -1 (error recorded). */
static int
section_close(struct parser *ps, const struct tag *tg)
{
	const char	*s = ps->src;
	size_t		 cb = tg->cb, ce = tg->ce;
	struct tnode	*sec;

	if (check_name(ps, tg->p, s + cb, ce - cb, 0) == -1)
		return -1;
	if (ps->nopen == 0) {
		parser_err(ps, tg->p, "closing tag \"%.*s\" "
		    "without an open section", QLEN(ce - cb),
		    s + cb);
		return -1;
	}
	sec = &ps->t->nodes[ps->open[ps->nopen - 1]];
	if (sec->len != ce - cb ||
	    memcmp(sec->str, s + cb, sec->len) != 0) {
		parser_err(ps, tg->p, "closing tag \"%.*s\" does "
		    "not match section \"%.*s\" opened at "
		    "line %zu", QLEN(ce - cb), s + cb,
		    QLEN(sec->len), sec->str, sec->line);
		return -1;
	}
	sec->end = ps->t->nnodes;
	ps->nopen--;
	return 0;
}

/* Add the node of tag tg; 0, or -1 after recording an error. */
static int
tag_node(struct parser *ps, struct tag *tg)
{
	const char	*s = ps->src;
	struct tnode	*n;

	if (tg->type != '!' && tg->type != '=')
		trim(s, &tg->cb, &tg->ce);
	switch (tg->type) {
	case '!':
		return 0;
	case '=':
		return set_delims(ps, tg->p, tg->cb, tg->ce);
	case '#':
	case '^':
		return section_open(ps, tg);
	case '/':
		return section_close(ps, tg);
	case '>':
		if (check_name(ps, tg->p, s + tg->cb, tg->ce - tg->cb, 1) == -1)
			return -1;
		n = parser_node(ps, OP_PARTIAL, tg->p, s + tg->cb,
		    tg->ce - tg->cb);
		if (tg->alone) {
			n->standalone = 1;
			n->indent = s + tg->textend;
			n->indentlen = tg->p - tg->textend;
		}
		return 0;
	default:
		if (check_name(ps, tg->p, s + tg->cb, tg->ce - tg->cb, 0) == -1)
			return -1;
		(void)parser_node(ps, tg->type == '\0' ? OP_VAR : OP_RAW,
		    tg->p, s + tg->cb, tg->ce - tg->cb);
		return 0;
	}
}

/*
 * Parse ps->src into ps->t->nodes.  Returns 0, or -1 after recording
 * exactly one error.
 */
static int
parse(struct parser *ps)
{
	const char	*s = ps->src;
	struct tnode	*sec;
	struct tag	 tg;
	size_t		 pos, text, lastend, p;

	pos = text = lastend = 0;
	while ((p = find(s, ps->len, pos, ps->otag, ps->olen)) != NOTFOUND) {
		if (tag_read(ps, p, &tg) == -1)
			return -1;
		tag_standalone(ps, lastend, &tg);
		if (tg.textend > text)
			(void)parser_node(ps, OP_TEXT, text, s + text,
			    tg.textend - text);
		if (tag_node(ps, &tg) == -1)
			return -1;
		pos = text = lastend = tg.next;
	}
	if (ps->len > text)
		(void)parser_node(ps, OP_TEXT, text, s + text, ps->len - text);
	if (ps->nopen > 0) {
		sec = &ps->t->nodes[ps->open[ps->nopen - 1]];
		if (ps->d != NULL)
			diag_add(ps->d, DIAG_ERROR, ps->t->file, sec->line,
			    sec->col, "unclosed section \"%.*s\"",
			    QLEN(sec->len), sec->str);
		return -1;
	}
	return 0;
}

/* Compare name[0..len) with the name of "t", as strcmp(3) would. */
static int
name_cmp(const char *name, size_t len, const struct tmpl *t)
{
	int	 c;

	c = memcmp(name, t->name, len < t->namelen ? len : t->namelen);
	if (c != 0)
		return c;
	return len < t->namelen ? -1 : len > t->namelen;
}

/*
 * Binary search for name[0..len).  Returns its index, or NOTFOUND with
 * the insertion point in "*at".
 */
static size_t
set_index(const struct tmpl_set *set, const char *name, size_t len,
    size_t *at)
{
	size_t	 lo = 0, hi = set->n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = name_cmp(name, len, set->v[mid]);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (at != NULL)
		*at = lo;
	return NOTFOUND;
}

static const struct tmpl *
set_find(const struct tmpl_set *set, const char *name, size_t len)
{
	size_t	 i;

	i = set_index(set, name, len, NULL);
	return i != NOTFOUND ? set->v[i] : NULL;
}

struct tmpl_set *
tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

int
tmpl_set_add(struct tmpl_set *set, struct diag *d, const char *name,
    const char *file, const char *src, size_t len)
{
	struct parser	*ps = NULL;
	struct tmpl	*t = NULL;
	size_t		 i, at;
	int		 rc = -1;

	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->namelen = strlen(name);
	t->file = xstrdup(file != NULL ? file : name);
	t->src = len != 0 ? xstrndup(src, len) : xstrdup("");
	t->srclen = len;

	/* The open-section stack makes the parser too big for a frame. */
	ps = xcalloc(1, sizeof(*ps));
	ps->d = d;
	ps->t = t;
	ps->src = t->src;
	ps->len = t->srclen;
	ps->otag = "{{";
	ps->olen = 2;
	ps->ctag = "}}";
	ps->clen = 2;
	ps->line = 1;
	if (parse(ps) == -1)
		goto out;

	if ((i = set_index(set, t->name, t->namelen, &at)) != NOTFOUND) {
		tmpl_free(set->v[i]);
		set->v[i] = t;
	} else {
		if (set->n == set->cap) {
			set->cap = set->cap != 0 ? set->cap * 2 : 16;
			set->v = xreallocarray(set->v, set->cap,
			    sizeof(*set->v));
		}
		memmove(&set->v[at + 1], &set->v[at],
		    (set->n - at) * sizeof(*set->v));
		set->v[at] = t;
		set->n++;
	}
	t = NULL;
	rc = 0;
out:
	free(ps);
	tmpl_free(t);
	return rc;
}

const struct tmpl *
tmpl_set_get(const struct tmpl_set *set, const char *name)
{
	return set_find(set, name, strlen(name));
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_free(set->v[i]);
	free(set->v);
	free(set);
}

/*
 * Rendering.  All state lives in one struct render on the caller's
 * stack, so any number of renders may share a set.
 */

struct	render {
	const struct tmpl_set	 *set;
	struct diag		 *d;
	struct buf		 *out;
	unsigned int		  flags;	/* TMPL_* */
	const struct tval	**stack;	/* context stack, top last */
	size_t			  nstack;
	size_t			  stackcap;
	struct buf		  indent;	/* of standalone partials */
	int			  bol;		/* at a line start */
	size_t			  npartial;	/* partials in progress */
	size_t			  depth;	/* sections + partials */
};

static void
ctx_push(struct render *r, const struct tval *v)
{
	if (r->nstack == r->stackcap) {
		r->stackcap = r->stackcap != 0 ? r->stackcap * 2 : 16;
		r->stack = xreallocarray(r->stack, r->stackcap,
		    sizeof(*r->stack));
	}
	r->stack[r->nstack++] = v;
}

/*
 * Resolve name[0..len) against the context stack.  The first part of a
 * dotted name is looked up from the top of the stack down; the others
 * only in what the previous part gave.  Returns NULL if not found.
 */
static const struct tval *
lookup(const struct render *r, const char *name, size_t len)
{
	const struct tv_pair	*p = NULL;
	const char		*dot, *end = name + len;
	size_t			 i;

	if (len == 1 && name[0] == '.')
		return r->nstack != 0 ? r->stack[r->nstack - 1] : NULL;
	dot = memchr(name, '.', len);
	for (i = r->nstack; i > 0; i--)
		if ((p = map_pair(r->stack[i - 1], name,
		    (size_t)((dot != NULL ? dot : end) - name))) != NULL)
			break;
	if (p == NULL)
		return NULL;
	while (dot != NULL) {
		name = dot + 1;
		dot = memchr(name, '.', (size_t)(end - name));
		p = map_pair(p->val, name,
		    (size_t)((dot != NULL ? dot : end) - name));
		if (p == NULL)
			return NULL;
	}
	return p->val;
}


/*
 * Append template text.  Inside a standalone partial, every line of the
 * partial's own text starts with the indentation of the tag.
 */
static void
emit_text(struct render *r, const char *s, size_t n)
{
	const char	*nl;
	size_t		 k;

	if (n == 0)
		return;
	if (r->indent.len == 0) {
		buf_put(r->out, s, n);
		r->bol = s[n - 1] == '\n';
		return;
	}
	while (n > 0) {
		if (r->bol)
			buf_put(r->out, r->indent.data, r->indent.len);
		nl = memchr(s, '\n', n);
		k = nl != NULL ? (size_t)(nl - s) + 1 : n;
		buf_put(r->out, s, k);
		r->bol = nl != NULL;
		s += k;
		n -= k;
	}
}

/*
 * Append an interpolated value.  Its own newlines are data, not lines of
 * the template, so they get no indentation.
 */
static void
emit_value(struct render *r, const struct tval *v, int escape)
{
	const char	*s;
	size_t		 len;

	if (v == NULL)
		return;
	switch (v->kind) {
	case TV_STR:
		s = v->s;
		len = v->slen;
		break;
	case TV_BOOL:
		s = v->b ? "true" : "false";
		len = strlen(s);
		break;
	default:
		return;
	}
	if (len == 0)
		return;
	if (r->bol)
		buf_put(r->out, r->indent.data, r->indent.len);
	r->bol = 0;
	if (escape)
		html_escape(r->out, s, len);
	else
		buf_put(r->out, s, len);
}

static int	render_nodes(struct render *, const struct tmpl *, size_t,
		    size_t);

/* Render the body of the section node "i" of "t" once, with "v" on top. */
static int
render_body(struct render *r, const struct tmpl *t, size_t i,
    const struct tval *v)
{
	int	 rc;

	ctx_push(r, v);
	rc = render_nodes(r, t, i + 1, t->nodes[i].end);
	r->nstack--;
	return rc;
}

/* Render the partial node "n" of "t". */
static int
render_partial(struct render *r, const struct tmpl *t, const struct tnode *n)
{
	const struct tmpl	*pt;
	size_t			 oldindent;
	int			 rc;

	if ((pt = set_find(r->set, n->str, n->len)) == NULL) {
		if (r->flags & TMPL_PARTIAL_EMPTY)
			return 0;
		tmpl_err(r->d, t->file, n->line, n->col,
		    "partial \"%.*s\" not found", QLEN(n->len), n->str);
		return -1;
	}
	if (r->npartial >= TMPL_MAX_PARTIAL) {
		tmpl_err(r->d, t->file, n->line, n->col,
		    "partials nested too deeply (limit %d) at \"%.*s\": "
		    "endless recursion?", TMPL_MAX_PARTIAL, QLEN(n->len),
		    n->str);
		return -1;
	}
	oldindent = r->indent.len;
	if (n->standalone) {
		buf_put(&r->indent, n->indent, n->indentlen);
		r->bol = 1;
	}
	r->npartial++;
	rc = render_nodes(r, pt, 0, pt->nnodes);
	r->npartial--;
	buf_truncate(&r->indent, oldindent);
	/* The tag took its line's newline: the next text starts a line. */
	if (n->standalone)
		r->bol = 1;
	return rc;
}

/* Render nodes [from, to) of "t".  Returns 0, or -1 after an error. */
static int
render_nodes(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	const struct tnode	*n;
	const struct tval	*v;
	size_t			 i, k;
	int			 rc = -1;

	if (++r->depth > TMPL_MAX_DEPTH) {
		n = from < t->nnodes ? &t->nodes[from] : NULL;
		tmpl_err(r->d, t->file, n != NULL ? n->line : 0,
		    n != NULL ? n->col : 0, "sections and partials nested "
		    "too deeply (limit %d)", TMPL_MAX_DEPTH);
		goto out;
	}
	for (i = from; i < to; ) {
		n = &t->nodes[i];
		switch (n->op) {
		case OP_TEXT:
			emit_text(r, n->str, n->len);
			break;
		case OP_VAR:
		case OP_RAW:
			emit_value(r, lookup(r, n->str, n->len),
			    n->op == OP_VAR);
			break;
		case OP_SECTION:
			v = lookup(r, n->str, n->len);
			if (v != NULL && v->kind == TV_LIST) {
				for (k = 0; k < v->n; k++)
					if (render_body(r, t, i,
					    v->items[k]) == -1)
						goto out;
			} else if (tv_truthy(v) &&
			    render_body(r, t, i, v) == -1)
				goto out;
			i = n->end;
			continue;
		case OP_INVERTED:
			v = lookup(r, n->str, n->len);
			if (!tv_truthy(v) &&
			    render_nodes(r, t, i + 1, n->end) == -1)
				goto out;
			i = n->end;
			continue;
		case OP_PARTIAL:
			if (render_partial(r, t, n) == -1)
				goto out;
			break;
		}
		i++;
	}
	rc = 0;
out:
	r->depth--;
	return rc;
}

int
tmpl_render_flags(const struct tmpl_set *set, struct diag *d,
    const char *name, const struct tval *ctx, struct buf *out,
    unsigned int flags)
{
	struct render		 r;
	const struct tmpl	*t;
	int			 rc;

	if ((t = tmpl_set_get(set, name)) == NULL) {
		tmpl_err(d, NULL, 0, 0, "template \"%s\" not found", name);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.set = set;
	r.d = d;
	r.out = out;
	r.flags = flags;
	buf_init(&r.indent);
	r.bol = 1;
	if (ctx != NULL)
		ctx_push(&r, ctx);
	rc = render_nodes(&r, t, 0, t->nnodes);
	free(r.stack);
	buf_free(&r.indent);
	return rc;
}

int
tmpl_render(const struct tmpl_set *set, struct diag *d, const char *name,
    const struct tval *ctx, struct buf *out)
{
	return tmpl_render_flags(set, d, name, ctx, out, 0);
}
