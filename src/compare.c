/*
 * compare.c: comparison of two rendered documents (see compare.h).
 *
 * Everything is emitted from the cmark-gfm trees by this file, so that
 * the same code renders a block unchanged (its HTML is also its identity
 * for the block diff), whole as deleted or inserted, or compared with
 * its other version.  The inline content of a paragraph, heading or cell
 * compared word by word is flattened into tokens (words, spaces,
 * punctuation, and atoms such as images), each carrying the chain of
 * inline elements ("frames": <a href>, <em>, <code>...) it sits in; two
 * tokens are equal when their text and the open tags of their frames
 * are.  Emitting a run of tokens opens and closes frames as the chain
 * changes, and <ins>/<del> innermost, so the markup nests.  Content shown
 * whole is written by walking the tree, without tokens.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "compare.h"
#include "date.h"
#include "escape.h"
#include "hash.h"
#include "markdown.h"
#include "site.h"
#include "strmap.h"
#include "util.h"
#include "wdiff.h"

/* Blocks of a changed stretch weighed for pairing, at most. */
#define CMP_PAIRMAX	10000
/* Percent of words two blocks share to be paired at all. */
#define CMP_PAIR	25

enum	kind {
	K_EQ,
	K_DEL,
	K_INS
};

enum	ttype {
	T_WORD,
	T_SPACE,
	T_PUNCT,
	T_RAW		/* HTML emitted as it is */
};

/* An inline element tokens sit in. */
struct	frame {
	const struct frame	*up;	/* the enclosing one, or NULL */
	char			*open;	/* its start tag (owned) */
	const char		*close;	/* its end tag */
	char			*sig;	/* every open tag from the top (owned) */
	size_t			 depth;	/* 1 + up's */
};

/* A word, space, punctuation mark or atom of inline content. */
struct	tok {
	const char		*p;	/* its text (or HTML, T_RAW) */
	size_t			 len;	/* in bytes */
	unsigned char		 type;	/* enum ttype */
	const struct frame	*f;	/* NULL: at the top */
	size_t			 id;	/* interned text and frames */
};

/* The tokens of one inline container, and what they point into. */
struct	toks {
	struct tok	 *v;		/* the tokens, in order */
	size_t		  n, cap;
	struct frame	**fr;		/* every frame made (owned) */
	size_t		  nfr, frcap;
	char		**own;		/* atoms' HTML (owned) */
	size_t		  nown, owncap;
};

/* A token shown, with how. */
struct	dtok {
	const struct tok	*t;	/* of either version */
	unsigned char		 kind;	/* enum kind */
};

/* A block of a sequence being compared. */
struct	blk {
	cmark_node	*n;		/* the block, item or row */
	size_t		 id;		/* interned rendered HTML */
	size_t		 off, len;	/* its HTML, in c->store */
	uint64_t	*words;		/* sorted word hashes (owned), or NULL */
	size_t		 nwords;
	int		 have_words;	/* words computed (blk_words) */
};

/* A block's HTML in the table of ids (block_id). */
struct	bslot {
	uint64_t	 h;		/* block_hash() */
	size_t		 off, len;	/* in c->store */
	size_t		 id1;		/* id + 1; 0: empty */
};

/* A top-level piece of the comparison, in c->body. */
struct	unit {
	size_t		 start, end;	/* bytes of the body buffer */
	int		 changed;	/* holds a change */
	int		 heading;	/* starts a section: its level, or 0 */
	size_t		 section;	/* index in sec, or SIZE_MAX */
};

/* State of one comparison. */
struct	cmp {
	struct buf		 body;	/* units as emitted */
	struct unit		*u;	/* the top-level units, in order */
	size_t			 nu, ucap;
	struct compare_section	*sec;	/* every section met (owned) */
	size_t			 nsec, seccap;
	unsigned char		*secchg;	/* per section: has a change */
	size_t			 cursec;	/* SIZE_MAX before any heading */
	int			 introchg;	/* a change before any heading */
	struct strmap		 ids;	/* token keys -> id + 1 */
	struct bslot		*bt;	/* blocks' ids (open addressing) */
	size_t			 bcap, bn;	/* slots (a power of 2), used */
	size_t			 nids;	/* ids given out, tokens and blocks */
	struct buf		 key;	/* scratch */
	struct buf		 store;	/* blocks' HTML (struct blk) */
	const struct frame	**chain;	/* scratch for emit */
	size_t			 chaincap;
	int			 options;	/* cmark options (b's) */
	cmark_llist		*exts;	/* b's extensions, for cmark's HTML */
	const char		*self;	/* the new version's page, or NULL */
	size_t			 added, deleted;	/* words so marked */
};

static void	emit_block(struct cmp *, struct buf *, cmark_node *, int,
		    const char *);
static void	compare_seq(struct cmp *, struct buf *, cmark_node *,
		    cmark_node *, int);
static void	compare_tables(struct cmp *, struct buf *, cmark_node *,
		    cmark_node *);

static int
is_wordc(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '\'' || ch >= 0x80;
}

static int
type_is(cmark_node *n, const char *name)
{
	return strcmp(cmark_node_get_type_string(n), name) == 0;
}

static int
is_row(cmark_node *n)
{
	return type_is(n, "table_row") || type_is(n, "table_header");
}

/* The id of "key" (interned over the whole comparison). */
static size_t
intern(struct cmp *c, const char *key)
{
	void	*v;

	if ((v = strmap_get(&c->ids, key)) != NULL)
		return (size_t)(uintptr_t)v - 1;
	strmap_put(&c->ids, key, (void *)(uintptr_t)(++c->nids));
	return c->nids - 1;
}

/* --- Inline tokens ------------------------------------------------ */

static const struct frame *
frame_new(struct toks *t, const struct frame *up, const char *open,
    const char *close)
{
	struct frame	*f = xcalloc(1, sizeof(*f));
	struct buf	 sig = BUF_INIT;

	f->up = up;
	f->open = xstrdup(open);
	f->close = close != NULL ? close : "";
	if (up != NULL)
		buf_puts(&sig, up->sig);
	buf_puts(&sig, f->open);
	f->sig = buf_detach(&sig);
	if (f->sig == NULL)
		f->sig = xstrdup("");
	f->depth = up != NULL ? up->depth + 1 : 1;
	if (t->nfr == t->frcap) {
		t->frcap = t->frcap != 0 ? t->frcap * 2 : 8;
		t->fr = xreallocarray(t->fr, t->frcap, sizeof(*t->fr));
	}
	t->fr[t->nfr++] = f;
	return f;
}

static void
tok_add(struct toks *t, const char *p, size_t len, int type,
    const struct frame *f)
{
	if (t->n == t->cap) {
		t->cap = t->cap != 0 ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n].p = p;
	t->v[t->n].len = len;
	t->v[t->n].type = (unsigned char)type;
	t->v[t->n].f = f;
	t->v[t->n].id = 0;
	t->n++;
}

/* An atom: HTML "s" (malloc'd, taken over) shown as it is. */
static void
tok_raw(struct toks *t, char *s, const struct frame *f)
{
	if (t->nown == t->owncap) {
		t->owncap = t->owncap != 0 ? t->owncap * 2 : 8;
		t->own = xreallocarray(t->own, t->owncap, sizeof(*t->own));
	}
	t->own[t->nown++] = s;
	tok_add(t, s, strlen(s), T_RAW, f);
}

/* Cut s[0..len) into words, runs of spaces, and single other bytes. */
static void
tok_text(struct toks *t, const char *s, size_t len, const struct frame *f)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, j;
	int			 type;

	for (i = 0; i < len; i = j) {
		j = i + 1;
		if (is_wordc(u[i])) {
			type = T_WORD;
			while (j < len && is_wordc(u[j]))
				j++;
		} else if (u[i] == ' ' || u[i] == '\t' || u[i] == '\n') {
			type = T_SPACE;
			while (j < len && (u[j] == ' ' || u[j] == '\t' ||
			    u[j] == '\n'))
				j++;
		} else
			type = T_PUNCT;
		tok_add(t, s + i, j - i, type, f);
	}
}

/* Whether cmark-gfm would refuse this URL (its scan_dangerous_url). */
static int
unsafe_url(const char *u)
{
	static const char *const bad[] = {
		"javascript:", "vbscript:", "file:", "data:"
	};
	static const char *const images[] = {
		"data:image/png", "data:image/gif", "data:image/jpeg",
		"data:image/webp"
	};
	size_t	 i;

	for (i = 0; i < NELEM(images); i++)
		if (strncasecmp(u, images[i], strlen(images[i])) == 0)
			return 0;
	for (i = 0; i < NELEM(bad); i++)
		if (strncasecmp(u, bad[i], strlen(bad[i])) == 0)
			return 1;
	return 0;
}

static char *
link_open(const struct cmp *c, cmark_node *n)
{
	struct buf	 b = BUF_INIT;
	const char	*url = cmark_node_get_url(n), *title;

	if (url == NULL || (!(c->options & CMARK_OPT_UNSAFE) &&
	    unsafe_url(url)))
		url = "";
	BUF_PUTSL(&b, "<a href=\"");
	/* The anchors are on the version's page, not here. */
	if (url[0] == '#' && c->self != NULL)
		href_escape(&b, c->self, strlen(c->self));
	href_escape(&b, url, strlen(url));
	BUF_PUTSL(&b, "\"");
	if ((title = cmark_node_get_title(n)) != NULL && *title != '\0') {
		BUF_PUTSL(&b, " title=\"");
		html_escape(&b, title, strlen(title));
		BUF_PUTSL(&b, "\"");
	}
	BUF_PUTSL(&b, ">");
	return buf_detach(&b);
}

/*
 * Whether inline node n is an element tokens sit in; if so, set *open
 * to its start tag (malloc'd) and return its end tag.  NULL otherwise.
 */
static const char *
frame_tags(const struct cmp *c, cmark_node *n, char **open)
{
	const char	*s;

	*open = NULL;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_EMPH:
		*open = xstrdup("<em>");
		return "</em>";
	case CMARK_NODE_STRONG:
		*open = xstrdup("<strong>");
		return "</strong>";
	case CMARK_NODE_LINK:
		*open = link_open(c, n);
		return "</a>";
	case CMARK_NODE_CUSTOM_INLINE:
		s = cmark_node_get_on_enter(n);
		*open = xstrdup(s != NULL ? s : "");
		s = cmark_node_get_on_exit(n);
		return s != NULL ? s : "";
	default:
		if (!type_is(n, "strikethrough"))
			return NULL;
		*open = xstrdup("<s>");
		return "</s>";
	}
}

/*
 * An inline node shown whole as HTML (images, raw HTML, footnote marks):
 * the HTML (caller frees), or NULL for text, code and breaks.
 */
static char *
atom_html(const struct cmp *c, cmark_node *n)
{
	struct buf	 b = BUF_INIT;
	const char	*lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		return NULL;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		lit = cmark_node_get_literal(n);
		BUF_PUTSL(&b, "<sup>[");
		if (lit != NULL)
			html_escape(&b, lit, strlen(lit));
		BUF_PUTSL(&b, "]</sup>");
		return buf_detach(&b);
	default:
		return cmark_render_html(n, c->options, c->exts);
	}
}

/*
 * The tokens of the inline children of "parent".  The walk is cmark's
 * iterator, not recursion: emphasis may nest as deep as the text is long.
 */
static void
flatten(struct cmp *c, struct toks *t, cmark_node *parent)
{
	cmark_iter		*it = cmark_iter_new(parent);
	cmark_event_type	 ev;
	cmark_node		*n;
	const struct frame	*f = NULL;
	const char		*lit, *close;
	char			*open, *atom;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if ((n = cmark_iter_get_node(it)) == parent)
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			if (frame_tags(c, n, &open) != NULL && f != NULL)
				f = f->up;
			free(open);
			continue;
		}
		lit = cmark_node_get_literal(n);
		if ((close = frame_tags(c, n, &open)) != NULL) {
			f = frame_new(t, f, open, close);
			free(open);
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if (lit != NULL)
				tok_text(t, lit, strlen(lit), f);
			break;
		case CMARK_NODE_CODE:
			if (lit != NULL)
				tok_text(t, lit, strlen(lit),
				    frame_new(t, f, "<code>", "</code>"));
			break;
		case CMARK_NODE_SOFTBREAK:
			tok_add(t, " ", 1, T_SPACE, f);
			break;
		case CMARK_NODE_LINEBREAK:
			tok_add(t, "<br>\n", 5, T_RAW, f);
			break;
		default:
			if ((atom = atom_html(c, n)) != NULL)
				tok_raw(t, atom, f);
			/* Its children, if any, are inside the atom. */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		}
	}
	cmark_iter_free(it);
}

/* Count the words of s[0..len) as "kind". */
static void
count_words(struct cmp *c, const char *s, size_t len, int kind)
{
	size_t	 i, w = 0;

	if (kind == K_EQ)
		return;
	for (i = 0; i < len; i++)
		if (is_wordc((unsigned char)s[i]) &&
		    (i == 0 || !is_wordc((unsigned char)s[i - 1])))
			w++;
	if (kind == K_DEL)
		c->deleted += w;
	else
		c->added += w;
}

/*
 * The inline children of "parent" as HTML, words counted as "kind"; the
 * same HTML as emit_toks() gives for their tokens, without cutting them.
 */
static void
put_inline(struct cmp *c, struct buf *out, cmark_node *parent, int kind)
{
	cmark_iter		*it = cmark_iter_new(parent);
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit, *close;
	char			*open, *atom;
	size_t			 len;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if ((n = cmark_iter_get_node(it)) == parent)
			continue;
		close = frame_tags(c, n, &open);
		if (close != NULL) {
			buf_puts(out, ev == CMARK_EVENT_EXIT ? close : open);
			free(open);
			continue;
		}
		if (ev == CMARK_EVENT_EXIT)
			continue;
		lit = cmark_node_get_literal(n);
		len = lit != NULL ? strlen(lit) : 0;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			html_escape(out, lit != NULL ? lit : "", len);
			count_words(c, lit, len, kind);
			break;
		case CMARK_NODE_CODE:
			BUF_PUTSL(out, "<code>");
			html_escape(out, lit != NULL ? lit : "", len);
			BUF_PUTSL(out, "</code>");
			count_words(c, lit, len, kind);
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_putc(out, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			BUF_PUTSL(out, "<br>\n");
			break;
		default:
			if ((atom = atom_html(c, n)) != NULL) {
				buf_puts(out, atom);
				free(atom);
			}
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			break;
		}
	}
	cmark_iter_free(it);
}

/* Tokens of a paragraph, heading or cell, interned. */
static void
toks_of(struct cmp *c, struct toks *t, cmark_node *n)
{
	size_t	 i;

	memset(t, 0, sizeof(*t));
	flatten(c, t, n);
	for (i = 0; i < t->n; i++) {
		buf_reset(&c->key);
		buf_putc(&c->key, 'T');
		if (t->v[i].f != NULL)
			buf_puts(&c->key, t->v[i].f->sig);
		buf_putc(&c->key, '\001');
		buf_put(&c->key, t->v[i].p, t->v[i].len);
		t->v[i].id = intern(c, c->key.data);
	}
}

static void
toks_free(struct toks *t)
{
	size_t	 i;

	for (i = 0; i < t->nfr; i++) {
		free(t->fr[i]->open);
		free(t->fr[i]->sig);
		free(t->fr[i]);
	}
	for (i = 0; i < t->nown; i++)
		free(t->own[i]);
	free(t->fr);
	free(t->own);
	free(t->v);
}

static void
kind_tag(struct buf *out, int kind, int open)
{
	if (kind == K_DEL)
		buf_puts(out, open ? "<del>" : "</del>");
	else if (kind == K_INS)
		buf_puts(out, open ? "<ins>" : "</ins>");
}

static void
count(struct cmp *c, const struct tok *t, int kind)
{
	if (t->type != T_WORD)
		return;
	if (kind == K_DEL)
		c->deleted++;
	else if (kind == K_INS)
		c->added++;
}

/*
 * Emit d[0..n): frames opened and closed as the chain changes, and
 * <ins>/<del> innermost, closed before any frame changes.
 */
static void
emit_toks(struct cmp *c, struct buf *out, const struct dtok *d, size_t n)
{
	const struct frame	**stack = NULL, *f;
	size_t			  depth = 0, scap = 0, i, k, fd;
	int			  open = K_EQ;

	for (i = 0; i < n; i++) {
		f = d[i].t->f;
		fd = f != NULL ? f->depth : 0;
		if (fd > c->chaincap) {
			c->chaincap = fd * 2;
			c->chain = xreallocarray(c->chain, c->chaincap,
			    sizeof(*c->chain));
		}
		for (k = fd; k > 0; k--, f = f->up)
			c->chain[k - 1] = f;
		for (k = 0; k < depth && k < fd &&
		    strcmp(stack[k]->open, c->chain[k]->open) == 0; k++)
			continue;
		if (open != K_EQ && (k < depth || k < fd ||
		    d[i].kind != open)) {
			kind_tag(out, open, 0);
			open = K_EQ;
		}
		while (depth > k)
			buf_puts(out, stack[--depth]->close);
		if (fd > scap) {
			scap = fd * 2;
			stack = xreallocarray(stack, scap, sizeof(*stack));
		}
		for (; depth < fd; depth++) {
			stack[depth] = c->chain[depth];
			buf_puts(out, stack[depth]->open);
		}
		if (d[i].kind != open) {
			kind_tag(out, d[i].kind, 1);
			open = d[i].kind;
		}
		if (d[i].t->type == T_RAW)
			buf_put(out, d[i].t->p, d[i].t->len);
		else
			html_escape(out, d[i].t->p, d[i].t->len);
		count(c, d[i].t, d[i].kind);
	}
	kind_tag(out, open, 0);
	while (depth > 0)
		buf_puts(out, stack[--depth]->close);
	free(stack);
}

static void
dtok_add(struct dtok **d, size_t *n, size_t *cap, const struct tok *t,
    int kind)
{
	if (*n == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 64;
		*d = xreallocarray(*d, *cap, sizeof(**d));
	}
	(*d)[*n].t = t;
	(*d)[*n].kind = (unsigned char)kind;
	(*n)++;
}

/*
 * The inline content of "n", all of it "kind": inside one <del> or <ins>
 * when changed (which may hold phrasing content), so that a screen
 * reader hears one "removed" around it.
 */
static void
emit_inline(struct cmp *c, struct buf *out, cmark_node *n, int kind)
{
	kind_tag(out, kind, 1);
	put_inline(c, out, n, kind);
	kind_tag(out, kind, 0);
}

static size_t
words_in(const struct toks *t, size_t i0, size_t i1)
{
	size_t	 i, w = 0;

	for (i = i0; i < i1; i++)
		w += t->v[i].type == T_WORD;
	return w;
}

/* A stretch of an edit script. */
struct	hunk {
	size_t	 a0, a1, b0, b1;
	int	 eq;
};

/*
 * Cut the flags into hunks.  With tokens "ta", a short unchanged run
 * (one word at most, as in " the ") between two changes is folded into
 * them when they delete and insert something, so that a rewritten phrase
 * reads <del>a the b</del><ins>c the d</ins>, not word soup.
 */
static struct hunk *
make_hunks(const char *xc, size_t na, const char *yc, size_t nb,
    const struct toks *ta, size_t *np)
{
	struct hunk	*h = NULL, nh, *p, *q;
	size_t		 n = 0, cap = 0, i = 0, j = 0;

	while (i < na || j < nb) {
		nh.a0 = i;
		nh.b0 = j;
		if (i < na && j < nb && !xc[i] && !yc[j]) {
			while (i < na && j < nb && !xc[i] && !yc[j]) {
				i++;
				j++;
			}
			nh.eq = 1;
		} else {
			while (i < na && xc[i])
				i++;
			while (j < nb && yc[j])
				j++;
			nh.eq = 0;
			if (i == nh.a0 && j == nh.b0)
				i = na, j = nb;	/* flags out of step */
		}
		nh.a1 = i;
		nh.b1 = j;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			h = xreallocarray(h, cap, sizeof(*h));
		}
		h[n++] = nh;
		if (ta == NULL || n < 3 || nh.eq)
			continue;
		p = &h[n - 2];
		q = &h[n - 3];
		if (p->a1 - p->a0 > 3 || words_in(ta, p->a0, p->a1) > 1)
			continue;
		if (q->a1 - q->a0 + nh.a1 - nh.a0 == 0 ||
		    q->b1 - q->b0 + nh.b1 - nh.b0 == 0)
			continue;
		h[n - 3].a1 = nh.a1;
		h[n - 3].b1 = nh.b1;
		n -= 2;
	}
	*np = n;
	return h;
}

/*
 * Compare the inline content of a and b into out.  With "limit", if the
 * words they keep are fewer than CMP_SIMILAR percent of their words on
 * average (2 * kept / (words of a + words of b)), emit nothing and return
 * 1 (rewritten); else 0.
 */
static int
inline_diff(struct cmp *c, struct buf *out, cmark_node *a, cmark_node *b,
    int limit)
{
	struct toks	 ta, tb;
	struct hunk	*h;
	struct dtok	*d = NULL;
	size_t		*xa, *yb, i, k, nh, nd = 0, cap = 0, same = 0, wa, wb;
	char		*xc, *yc;
	int		 rc = 0;

	toks_of(c, &ta, a);
	toks_of(c, &tb, b);
	xa = xreallocarray(NULL, ta.n + 1, sizeof(*xa));
	yb = xreallocarray(NULL, tb.n + 1, sizeof(*yb));
	for (i = 0; i < ta.n; i++)
		xa[i] = ta.v[i].id;
	for (i = 0; i < tb.n; i++)
		yb[i] = tb.v[i].id;
	xc = xcalloc(ta.n + 1, 1);
	yc = xcalloc(tb.n + 1, 1);
	wdiff_seq(xa, ta.n, yb, tb.n, xc, yc);
	/* Words kept, before short runs are folded into changes. */
	for (i = 0; i < ta.n; i++)
		same += !xc[i] && ta.v[i].type == T_WORD;
	h = make_hunks(xc, ta.n, yc, tb.n, &ta, &nh);
	wa = words_in(&ta, 0, ta.n);
	wb = words_in(&tb, 0, tb.n);
	/* Dice's measure: the words kept, over the words of both. */
	if (limit && same * 200 < (size_t)CMP_SIMILAR * (wa + wb))
		rc = 1;
	for (k = 0; rc == 0 && k < nh; k++) {
		if (h[k].eq) {
			for (i = h[k].b0; i < h[k].b1; i++)
				dtok_add(&d, &nd, &cap, &tb.v[i], K_EQ);
			continue;
		}
		for (i = h[k].a0; i < h[k].a1; i++)
			dtok_add(&d, &nd, &cap, &ta.v[i], K_DEL);
		for (i = h[k].b0; i < h[k].b1; i++)
			dtok_add(&d, &nd, &cap, &tb.v[i], K_INS);
	}
	if (rc == 0)
		emit_toks(c, out, d, nd);
	free(d);
	free(h);
	free(xa);
	free(yb);
	free(xc);
	free(yc);
	toks_free(&ta);
	toks_free(&tb);
	return rc;
}

/* --- Blocks --------------------------------------------------------- */

/* A paragraph in a tight list item is shown without <p>. */
static int
is_tight(cmark_node *p)
{
	cmark_node	*item = cmark_node_parent(p), *list;

	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return 0;
	list = cmark_node_parent(item);
	return list != NULL && cmark_node_get_list_tight(list);
}

static void
heading_open(struct buf *out, cmark_node *n, const char *id)
{
	BUF_PUTSL(out, "<h");
	buf_putc(out, '0' + cmark_node_get_heading_level(n));
	if (id != NULL) {
		BUF_PUTSL(out, " id=\"");
		html_escape(out, id, strlen(id));
		BUF_PUTSL(out, "\"");
	}
	BUF_PUTSL(out, ">");
}

static void
heading_close(struct buf *out, cmark_node *n)
{
	BUF_PUTSL(out, "</h");
	buf_putc(out, '0' + cmark_node_get_heading_level(n));
	BUF_PUTSL(out, ">\n");
}

/* <th> or <td> ("open"), marked changed, or its end tag. */
static void
cell_tag_put(struct buf *out, const char *tag, int open, int changed)
{
	buf_puts(out, open ? "<" : "</");
	buf_puts(out, tag);
	if (changed)
		BUF_PUTSL(out, " class=\"diff-changed\"");
	buf_putc(out, '>');
}

static void
list_open(struct buf *out, cmark_node *n)
{
	int	 start;

	if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
		start = cmark_node_get_list_start(n);
		if (start != 1)
			buf_printf(out, "<ol start=\"%d\">\n", start);
		else
			BUF_PUTSL(out, "<ol>\n");
	} else
		BUF_PUTSL(out, "<ul>\n");
}

static const char *
list_close(cmark_node *n)
{
	return cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ?
	    "</ol>\n" : "</ul>\n";
}

/* The cells of a row: <th> in the header. */
static const char *
cell_tag(cmark_node *row)
{
	return cmark_gfm_extensions_get_table_row_is_header(row) ? "th" : "td";
}

static void
emit_children(struct cmp *c, struct buf *out, cmark_node *n, int kind)
{
	cmark_node	*k;

	for (k = cmark_node_first_child(n); k != NULL; k = cmark_node_next(k))
		emit_block(c, out, k, kind, NULL);
}

static void
emit_row(struct cmp *c, struct buf *out, cmark_node *row, int kind)
{
	cmark_node	*k;
	const char	*tag = cell_tag(row);

	BUF_PUTSL(out, "<tr>");
	for (k = cmark_node_first_child(row); k != NULL;
	    k = cmark_node_next(k)) {
		if (kind != K_EQ)
			cell_tag_put(out, tag, 1, 1);
		else
			cell_tag_put(out, tag, 1, 0);
		emit_inline(c, out, k, kind);
		cell_tag_put(out, tag, 0, 0);
	}
	BUF_PUTSL(out, "</tr>\n");
}

/* The table's rows, the header in <thead>, the others in <tbody>. */
static void
emit_table(struct cmp *c, struct buf *out, cmark_node *n, int kind)
{
	cmark_node	*r = cmark_node_first_child(n);

	BUF_PUTSL(out, "<table>\n");
	if (r != NULL && cmark_gfm_extensions_get_table_row_is_header(r)) {
		BUF_PUTSL(out, "<thead>\n");
		emit_row(c, out, r, kind);
		BUF_PUTSL(out, "</thead>\n");
		r = cmark_node_next(r);
	}
	if (r != NULL) {
		BUF_PUTSL(out, "<tbody>\n");
		for (; r != NULL; r = cmark_node_next(r))
			emit_row(c, out, r, kind);
		BUF_PUTSL(out, "</tbody>\n");
	}
	BUF_PUTSL(out, "</table>\n");
}

/* Words of literal text shown whole inside one tag. */
static void
count_text(struct cmp *c, cmark_node *n, int kind)
{
	struct toks	 t;
	const char	*lit;
	size_t		 i;

	if (kind == K_EQ || (lit = cmark_node_get_literal(n)) == NULL)
		return;
	memset(&t, 0, sizeof(t));
	tok_text(&t, lit, strlen(lit), NULL);
	for (i = 0; i < t.n; i++)
		count(c, &t.v[i], kind);
	toks_free(&t);
}

/*
 * Block "n" all "kind" (K_EQ: unchanged).  "id", if not NULL, is given
 * to a heading.  A list item's content, not the item, is marked, so that
 * the list keeps only items as children.
 */
static void
emit_block(struct cmp *c, struct buf *out, cmark_node *n, int kind,
    const char *id)
{
	char	*html;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		if (is_tight(n)) {
			emit_inline(c, out, n, kind);
			buf_putc(out, '\n');
			break;
		}
		BUF_PUTSL(out, "<p>");
		emit_inline(c, out, n, kind);
		BUF_PUTSL(out, "</p>\n");
		break;
	case CMARK_NODE_HEADING:
		heading_open(out, n, id);
		emit_inline(c, out, n, kind);
		heading_close(out, n);
		break;
	case CMARK_NODE_LIST:
		list_open(out, n);
		emit_children(c, out, n, kind);
		buf_puts(out, list_close(n));
		break;
	case CMARK_NODE_ITEM:
		BUF_PUTSL(out, "<li>");
		emit_children(c, out, n, kind);
		BUF_PUTSL(out, "</li>\n");
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		BUF_PUTSL(out, "<blockquote>\n");
		emit_children(c, out, n, kind);
		BUF_PUTSL(out, "</blockquote>\n");
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		BUF_PUTSL(out, "<div class=\"diff-footnote\">\n");
		emit_children(c, out, n, kind);
		BUF_PUTSL(out, "</div>\n");
		break;
	default:
		if (type_is(n, "table")) {
			emit_table(c, out, n, kind);
			break;
		}
		/* Code blocks, rules, raw HTML: as cmark-gfm shows them. */
		if (kind == K_DEL)
			BUF_PUTSL(out, "<del class=\"diff-block\">");
		else if (kind == K_INS)
			BUF_PUTSL(out, "<ins class=\"diff-block\">");
		count_text(c, n, kind);
		html = cmark_render_html(n, c->options, c->exts);
		buf_puts(out, html);
		free(html);
		kind_tag(out, kind, 0);
		if (kind != K_EQ)
			buf_putc(out, '\n');
		break;
	}
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The sorted hashes of the words of n's text, for likeness. */
static void
blk_words(struct blk *b)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*k;
	struct toks		 t;
	const char		*lit;
	size_t			 i, cap = 0;

	if (b->have_words)
		return;
	b->have_words = 1;
	it = cmark_iter_new(b->n);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		k = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    (lit = cmark_node_get_literal(k)) == NULL)
			continue;
		memset(&t, 0, sizeof(t));
		tok_text(&t, lit, strlen(lit), NULL);
		for (i = 0; i < t.n; i++) {
			if (t.v[i].type != T_WORD)
				continue;
			if (b->nwords == cap) {
				cap = cap != 0 ? cap * 2 : 32;
				b->words = xreallocarray(b->words, cap,
				    sizeof(*b->words));
			}
			b->words[b->nwords++] = fnv1a(FNV_INIT, t.v[i].p,
			    t.v[i].len);
		}
		toks_free(&t);
	}
	cmark_iter_free(it);
	if (b->nwords > 1)
		qsort(b->words, b->nwords, sizeof(*b->words), u64_cmp);
}

static int
same_kind(cmark_node *a, cmark_node *b)
{
	return strcmp(cmark_node_get_type_string(a),
	    cmark_node_get_type_string(b)) == 0;
}

/* Percent of words shared (Dice), or -1 for blocks never paired. */
static int
likeness(struct blk *a, struct blk *b)
{
	size_t	 i = 0, j = 0, common = 0;

	if (!same_kind(a->n, b->n))
		return -1;
	blk_words(a);
	blk_words(b);
	if (a->nwords + b->nwords == 0)
		return 100;
	while (i < a->nwords && j < b->nwords) {
		if (a->words[i] == b->words[j]) {
			common++;
			i++;
			j++;
		} else if (a->words[i] < b->words[j])
			i++;
		else
			j++;
	}
	return (int)(200 * common / (a->nwords + b->nwords));
}

/*
 * Pair blocks of a changed stretch a[0..na) / b[0..nb): the pairs in
 * order that share the most words, each alike enough.  pa[i] is set to
 * the index in b paired with a[i], or SIZE_MAX.
 */
static void
pair_blocks(struct blk *a, size_t na, struct blk *b, size_t nb, size_t *pa)
{
	long	*best;
	int	*sim;
	size_t	 i, j, w = nb + 1;
	long	 v;

	for (i = 0; i < na; i++)
		pa[i] = SIZE_MAX;
	if (na == 0 || nb == 0 || na * nb > CMP_PAIRMAX)
		return;
	best = xcalloc((na + 1) * w, sizeof(*best));
	sim = xcalloc(na * nb, sizeof(*sim));
	for (i = 1; i <= na; i++)
		for (j = 1; j <= nb; j++) {
			sim[(i - 1) * nb + j - 1] = likeness(&a[i - 1],
			    &b[j - 1]);
			v = best[(i - 1) * w + j];
			if (best[i * w + j - 1] > v)
				v = best[i * w + j - 1];
			if (sim[(i - 1) * nb + j - 1] >= CMP_PAIR &&
			    best[(i - 1) * w + j - 1] +
			    sim[(i - 1) * nb + j - 1] > v)
				v = best[(i - 1) * w + j - 1] +
				    sim[(i - 1) * nb + j - 1];
			best[i * w + j] = v;
		}
	for (i = na, j = nb; i > 0 && j > 0;) {
		if (best[i * w + j] == best[(i - 1) * w + j])
			i--;
		else if (best[i * w + j] == best[i * w + j - 1])
			j--;
		else {
			pa[i - 1] = j - 1;
			i--;
			j--;
		}
	}
	free(best);
	free(sim);
}

/* Row ra against rb, cell by cell; changed cells are marked. */
static void
row_diff(struct cmp *c, struct buf *out, cmark_node *ra, cmark_node *rb)
{
	cmark_node	*ca = cmark_node_first_child(ra);
	cmark_node	*cb = cmark_node_first_child(rb);
	struct buf	 pa = BUF_INIT, pb = BUF_INIT;
	const char	*tag = cell_tag(rb);
	size_t		 keep_a, keep_d;

	BUF_PUTSL(out, "<tr>");
	while (ca != NULL || cb != NULL) {
		keep_a = c->added;
		keep_d = c->deleted;
		buf_reset(&pa);
		buf_reset(&pb);
		if (ca != NULL)
			emit_inline(c, &pa, ca, K_EQ);
		if (cb != NULL)
			emit_inline(c, &pb, cb, K_EQ);
		c->added = keep_a;
		c->deleted = keep_d;
		if (ca != NULL && cb != NULL && pa.len == pb.len &&
		    memcmp(pa.data, pb.data, pa.len) == 0) {
			cell_tag_put(out, tag, 1, 0);
			buf_put(out, pb.data, pb.len);
		} else {
			cell_tag_put(out, tag, 1, 1);
			if (ca != NULL && cb != NULL)
				inline_diff(c, out, ca, cb, 0);
			else if (ca != NULL)
				emit_inline(c, out, ca, K_DEL);
			else
				emit_inline(c, out, cb, K_INS);
		}
		cell_tag_put(out, tag, 0, 0);
		if (ca != NULL)
			ca = cmark_node_next(ca);
		if (cb != NULL)
			cb = cmark_node_next(cb);
	}
	BUF_PUTSL(out, "</tr>\n");
	buf_free(&pa);
	buf_free(&pb);
}

/* Two blocks paired as versions of one another. */
static void
compare_pair(struct cmp *c, struct buf *out, cmark_node *a, cmark_node *b,
    const char *id)
{
	size_t	 mark = out->len;

	switch (cmark_node_get_type(b)) {
	case CMARK_NODE_PARAGRAPH:
		if (!is_tight(b))
			BUF_PUTSL(out, "<p>");
		if (inline_diff(c, out, a, b, 1) == 0) {
			buf_puts(out, is_tight(b) ? "\n" : "</p>\n");
			return;
		}
		buf_truncate(out, mark);
		break;	/* rewritten: old, then new */
	case CMARK_NODE_HEADING:
		heading_open(out, b, id);
		if (inline_diff(c, out, a, b, 1) != 0) {
			emit_inline(c, out, a, K_DEL);
			buf_putc(out, ' ');
			emit_inline(c, out, b, K_INS);
		}
		heading_close(out, b);
		return;
	case CMARK_NODE_LIST:
		list_open(out, b);
		compare_seq(c, out, cmark_node_first_child(a),
		    cmark_node_first_child(b), 0);
		buf_puts(out, list_close(b));
		return;
	case CMARK_NODE_ITEM:
		BUF_PUTSL(out, "<li>");
		compare_seq(c, out, cmark_node_first_child(a),
		    cmark_node_first_child(b), 0);
		BUF_PUTSL(out, "</li>\n");
		return;
	case CMARK_NODE_BLOCK_QUOTE:
		BUF_PUTSL(out, "<blockquote>\n");
		compare_seq(c, out, cmark_node_first_child(a),
		    cmark_node_first_child(b), 0);
		BUF_PUTSL(out, "</blockquote>\n");
		return;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		BUF_PUTSL(out, "<div class=\"diff-footnote\">\n");
		compare_seq(c, out, cmark_node_first_child(a),
		    cmark_node_first_child(b), 0);
		BUF_PUTSL(out, "</div>\n");
		return;
	default:
		if (type_is(b, "table")) {
			compare_tables(c, out, a, b);
			return;
		}
		if (is_row(b)) {
			row_diff(c, out, a, b);
			return;
		}
		break;
	}
	emit_block(c, out, a, K_DEL, NULL);
	emit_block(c, out, b, K_INS, id);
}

/* --- Sequences and units ------------------------------------------ */

/* The anchor md_tree gave heading n, or NULL. */
static const struct heading *
heading_of(cmark_node *n)
{
	if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
		return NULL;
	return cmark_node_get_user_data(n);
}

static void
unit_begin(struct cmp *c)
{
	if (c->nu == c->ucap) {
		c->ucap = c->ucap != 0 ? c->ucap * 2 : 64;
		c->u = xreallocarray(c->u, c->ucap, sizeof(*c->u));
	}
	memset(&c->u[c->nu], 0, sizeof(c->u[c->nu]));
	c->u[c->nu].start = c->body.len;
}

/*
 * Start a section at heading n (a top-level heading of the old version
 * if "removed", else of the new); sets *id to its anchor here.
 */
static void
section_begin(struct cmp *c, cmark_node *n, int removed, struct buf *id)
{
	const struct heading	*h = heading_of(n);
	struct compare_section	*s;

	buf_reset(id);
	buf_puts(id, removed ? "d-" : "c-");
	buf_puts(id, h != NULL ? h->anchor : "section");
	if (c->nsec == c->seccap) {
		c->seccap = c->seccap != 0 ? c->seccap * 2 : 16;
		c->sec = xreallocarray(c->sec, c->seccap, sizeof(*c->sec));
		c->secchg = xreallocarray(c->secchg, c->seccap, 1);
	}
	s = &c->sec[c->nsec];
	s->title = xstrdup(h != NULL && h->text[0] != '\0' ? h->text :
	    "Untitled section");
	s->anchor = xstrdup(id->data);
	s->removed = removed;
	c->secchg[c->nsec] = 0;
	c->cursec = c->nsec++;
}

/*
 * One top-level unit: block a (old, may be NULL) and/or b (new, may be
 * NULL) as "kind", or compared when both are given.
 */
static void
unit_add(struct cmp *c, cmark_node *a, cmark_node *b, int kind)
{
	struct buf	 id = BUF_INIT;
	cmark_node	*n = b != NULL ? b : a;
	const char	*ident = NULL;
	struct unit	*u;

	unit_begin(c);
	u = &c->u[c->nu];
	if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
		section_begin(c, n, b == NULL, &id);
		ident = id.data;
		u->heading = cmark_node_get_heading_level(n);
	}
	u->section = c->cursec;
	if (a != NULL && b != NULL)
		compare_pair(c, &c->body, a, b, ident);
	else
		emit_block(c, &c->body, n, kind, ident);
	u->end = c->body.len;
	u->changed = kind != K_EQ;
	if (u->changed && c->cursec != SIZE_MAX)
		c->secchg[c->cursec] = 1;
	else if (u->changed)
		c->introchg = 1;
	c->nu++;
	buf_free(&id);
}

/* A hash of p[0..len), eight bytes at a time (blocks are long). */
static uint64_t
block_hash(const char *p, size_t len)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t		 i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	for (w = 0; i < len; i++)
		w = w << 8 | (unsigned char)p[i];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 32;
}

/*
 * The id of the block HTML at c->store[off..off+len): equal HTML, equal
 * id (compared in full, the hash only finds the slot).
 */
static size_t
block_id(struct cmp *c, size_t off, size_t len)
{
	struct bslot	*old, *b;
	const char	*p = c->store.data + off;
	uint64_t	 h = block_hash(p, len);
	size_t		 i, ocap = c->bcap, mask;

	if (2 * (c->bn + 1) > c->bcap) {
		old = c->bt;
		c->bcap = c->bcap != 0 ? c->bcap * 2 : 64;
		c->bt = xcalloc(c->bcap, sizeof(*c->bt));
		for (i = 0; i < ocap; i++) {
			if (old[i].id1 == 0)
				continue;
			mask = c->bcap - 1;
			for (b = &c->bt[old[i].h & mask]; b->id1 != 0;
			    b = &c->bt[(size_t)(b - c->bt + 1) & mask])
				continue;
			*b = old[i];
		}
		free(old);
	}
	mask = c->bcap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		b = &c->bt[i];
		if (b->id1 == 0)
			break;
		if (b->h == h && b->len == len &&
		    memcmp(c->store.data + b->off, p, len) == 0)
			return b->id1 - 1;
	}
	b->h = h;
	b->off = off;
	b->len = len;
	b->id1 = ++c->nids;
	c->bn++;
	return c->nids - 1;
}

/* An unchanged block, as rendered for its id (headings: with theirs). */
static void
put_eq(struct cmp *c, struct buf *out, const struct blk *b, int top)
{
	struct unit	*u;

	if (top && cmark_node_get_type(b->n) == CMARK_NODE_HEADING) {
		unit_add(c, NULL, b->n, K_EQ);
		return;
	}
	if (!top) {
		buf_put(out, c->store.data + b->off, b->len);
		return;
	}
	unit_begin(c);
	u = &c->u[c->nu++];
	u->section = c->cursec;
	buf_put(&c->body, c->store.data + b->off, b->len);
	u->end = c->body.len;
}

/* Node "first" and its next siblings, with the ids of their HTML. */
static struct blk *
blocks_of(struct cmp *c, cmark_node *first, size_t *np)
{
	struct blk	*v = NULL;
	cmark_node	*k;
	size_t		 cnt = 0, i = 0, keep_a = c->added, keep_d = c->deleted;

	for (k = first; k != NULL; k = cmark_node_next(k))
		cnt++;
	v = xcalloc(cnt + 1, sizeof(*v));
	for (k = first; k != NULL; k = cmark_node_next(k), i++) {
		v[i].n = k;
		v[i].off = c->store.len;
		if (is_row(k))
			emit_row(c, &c->store, k, K_EQ);
		else
			emit_block(c, &c->store, k, K_EQ, NULL);
		v[i].len = c->store.len - v[i].off;
		v[i].id = block_id(c, v[i].off, v[i].len);
	}
	c->added = keep_a;
	c->deleted = keep_d;
	*np = cnt;
	return v;
}

static void
blocks_free(struct blk *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].words);
	free(v);
}

/*
 * Block, item or row "n" whole, as "kind": an item's or row's content is
 * marked, the item or row kept.  "top": as a unit of the page.
 */
static void
put_whole(struct cmp *c, struct buf *out, cmark_node *a, cmark_node *b,
    int kind, int top)
{
	cmark_node	*n = a != NULL ? a : b;

	if (top)
		unit_add(c, a, b, kind);
	else if (is_row(n))
		emit_row(c, out, n, kind);
	else
		emit_block(c, out, n, kind, NULL);
}

/* A changed stretch: paired blocks compared, the others whole. */
static void
put_stretch(struct cmp *c, struct buf *out, struct blk *a, size_t na,
    struct blk *b, size_t nb, int top)
{
	size_t	*pa = xcalloc(na + 1, sizeof(*pa));
	size_t	 i, j = 0, k;

	pair_blocks(a, na, b, nb, pa);
	for (i = 0; i <= na; i++) {
		if (i < na && pa[i] == SIZE_MAX) {
			put_whole(c, out, a[i].n, NULL, K_DEL, top);
			continue;
		}
		for (k = i < na ? pa[i] : nb; j < k; j++)
			put_whole(c, out, NULL, b[j].n, K_INS, top);
		if (i == na)
			break;
		if (top)
			unit_add(c, a[i].n, b[j].n, K_DEL);
		else
			compare_pair(c, out, a[i].n, b[j].n, NULL);
		j++;
	}
	free(pa);
}

/*
 * Compare the siblings from fa and from fb on (blocks, items or rows;
 * either may be NULL) into out, or with "top" into units.
 */
static void
compare_seq(struct cmp *c, struct buf *out, cmark_node *fa, cmark_node *fb,
    int top)
{
	struct blk	*a, *b;
	struct hunk	*h;
	size_t		*xa, *yb, na, nb, i, k, nh;
	char		*xc, *yc;

	a = blocks_of(c, fa, &na);
	b = blocks_of(c, fb, &nb);
	xa = xcalloc(na + 1, sizeof(*xa));
	yb = xcalloc(nb + 1, sizeof(*yb));
	for (i = 0; i < na; i++)
		xa[i] = a[i].id;
	for (i = 0; i < nb; i++)
		yb[i] = b[i].id;
	xc = xcalloc(na + 1, 1);
	yc = xcalloc(nb + 1, 1);
	wdiff_seq(xa, na, yb, nb, xc, yc);
	h = make_hunks(xc, na, yc, nb, NULL, &nh);
	for (k = 0; k < nh; k++) {
		if (!h[k].eq) {
			put_stretch(c, out, a + h[k].a0, h[k].a1 - h[k].a0,
			    b + h[k].b0, h[k].b1 - h[k].b0, top);
			continue;
		}
		for (i = h[k].b0; i < h[k].b1; i++)
			put_eq(c, out, &b[i], top);
	}
	free(h);
	free(xa);
	free(yb);
	free(xc);
	free(yc);
	blocks_free(a, na);
	blocks_free(b, nb);
}

/* Tables: the header rows compared, then the body rows as a sequence. */
static void
compare_tables(struct cmp *c, struct buf *out, cmark_node *a, cmark_node *b)
{
	cmark_node	*ra = cmark_node_first_child(a);
	cmark_node	*rb = cmark_node_first_child(b);
	cmark_node	*ha = NULL, *hb = NULL;

	if (ra != NULL && cmark_gfm_extensions_get_table_row_is_header(ra)) {
		ha = ra;
		ra = cmark_node_next(ra);
	}
	if (rb != NULL && cmark_gfm_extensions_get_table_row_is_header(rb)) {
		hb = rb;
		rb = cmark_node_next(rb);
	}
	BUF_PUTSL(out, "<table>\n");
	if (ha != NULL || hb != NULL) {
		BUF_PUTSL(out, "<thead>\n");
		if (ha != NULL && hb != NULL)
			row_diff(c, out, ha, hb);
		else if (ha != NULL)
			emit_row(c, out, ha, K_DEL);
		else
			emit_row(c, out, hb, K_INS);
		BUF_PUTSL(out, "</thead>\n");
	}
	if (ra != NULL || rb != NULL) {
		BUF_PUTSL(out, "<tbody>\n");
		compare_seq(c, out, ra, rb, 0);
		BUF_PUTSL(out, "</tbody>\n");
	}
	BUF_PUTSL(out, "</table>\n");
}

/* Hang each heading's md_tree entry on its node (user data). */
static void
tag_headings(const struct md_tree *t)
{
	cmark_iter		*it = cmark_iter_new(t->doc);
	cmark_event_type	 ev;
	cmark_node		*n;
	size_t			 k = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_HEADING)
			cmark_node_set_user_data(n, k < t->nhs ?
			    (void *)&t->hs[k++] : NULL);
	}
	cmark_iter_free(it);
}

/*
 * Write the units kept: those within "context" of a change, the heading
 * of every section with a change and the headings above it (so that
 * heading levels do not skip); the rest elided.
 */
static void
put_units(struct cmp *c, struct buf *out, int context)
{
	unsigned char	*keep = xcalloc(c->nu + 1, 1);
	size_t		*parent = xcalloc(c->nu + 1, sizeof(*parent));
	size_t		 i, k, lo, hi, last[7];
	int		 lvl;
	int		 skipping = 0;

	for (i = 0; i < c->nu; i++) {
		if (c->u[i].heading && c->secchg[c->u[i].section])
			keep[i] = 1;
		if (!c->u[i].changed)
			continue;
		lo = (size_t)context < i ? i - (size_t)context : 0;
		hi = i + (size_t)context < c->nu ? i + (size_t)context :
		    c->nu - 1;
		for (k = lo; k <= hi; k++)
			keep[k] = 1;
	}
	/* Each heading's parent: the last heading of a lower level. */
	for (i = 0; i < 7; i++)
		last[i] = SIZE_MAX;
	for (i = 0; i < c->nu; i++) {
		if ((lvl = c->u[i].heading) == 0)
			continue;
		parent[i] = SIZE_MAX;
		for (k = (size_t)lvl - 1; k > 0; k--)
			if (last[k] != SIZE_MAX && (parent[i] == SIZE_MAX ||
			    last[k] > parent[i]))
				parent[i] = last[k];
		last[lvl] = i;
	}
	/* Backwards, so that a heading kept keeps its own parents too. */
	for (i = c->nu; i-- > 0;)
		if (keep[i] && c->u[i].heading != 0 && parent[i] != SIZE_MAX)
			keep[parent[i]] = 1;
	if (c->introchg)
		BUF_PUTSL(out, "<span id=\"c-top\"></span>\n");
	for (i = 0; i < c->nu; i++) {
		if (context >= 0 && !keep[i]) {
			if (!skipping)
				BUF_PUTSL(out, "<p class=\"diff-skip\">"
				    "\xe2\x80\xa6</p>\n");
			skipping = 1;
			continue;
		}
		skipping = 0;
		buf_put(out, c->body.data + c->u[i].start,
		    c->u[i].end - c->u[i].start);
	}
	free(keep);
	free(parent);
}

void
compare_bodies(struct compare *res, const struct md_tree *ta,
    const struct md_tree *tb, int context, const char *self)
{
	struct cmp	 c;
	size_t		 i, n = 0;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	c.self = self;
	c.cursec = SIZE_MAX;
	c.options = tb->options;
	c.exts = cmark_parser_get_syntax_extensions(tb->parser);
	tag_headings(ta);
	tag_headings(tb);
	compare_seq(&c, NULL, cmark_node_first_child(ta->doc),
	    cmark_node_first_child(tb->doc), 1);
	put_units(&c, &res->html, context);
	for (i = 0; i < c.nu; i++)
		res->changed |= c.u[i].changed;
	res->sections = xreallocarray(NULL, c.nsec + 1,
	    sizeof(*res->sections));
	if (c.introchg) {
		res->sections[n].title = xstrdup("Opening text");
		res->sections[n].anchor = xstrdup("c-top");
		res->sections[n++].removed = 0;
	}
	for (i = 0; i < c.nsec; i++) {
		if (c.secchg[i])
			res->sections[n++] = c.sec[i];
		else {
			free(c.sec[i].title);
			free(c.sec[i].anchor);
		}
	}
	res->nsections = n;
	res->words_added = c.added;
	res->words_deleted = c.deleted;
	free(c.sec);
	free(c.secchg);
	free(c.u);
	free(c.chain);
	buf_free(&c.body);
	buf_free(&c.key);
	buf_free(&c.store);
	free(c.bt);
	strmap_free(&c.ids);
}

void
compare_free(struct compare *c)
{
	size_t	 i;

	for (i = 0; i < c->nsections; i++) {
		free(c->sections[i].title);
		free(c->sections[i].anchor);
	}
	free(c->sections);
	buf_free(&c->html);
	memset(c, 0, sizeof(*c));
}

/* --- Front matter --------------------------------------------------- */

static char *
str_or_unset(const char *s)
{
	return xstrdup(s != NULL && *s != '\0' ? s : "not set");
}

static char *
date_str(const struct date *d)
{
	struct buf	 b = BUF_INIT;

	if (!date_isset(d))
		return xstrdup("not set");
	date_format_uk(&b, d);
	return buf_detach(&b);
}

static void
detail_add(struct compare_detail **v, size_t *n, const char *what,
    char *before, char *after)
{
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].what = what;
	(*v)[*n].before = before;
	(*v)[*n].after = after;
	(*n)++;
}

static int
str_differ(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") != 0;
}

static void
date_detail(struct compare_detail **v, size_t *n, const char *what,
    const struct date *a, const struct date *b)
{
	if (date_cmp(a, b) != 0)
		detail_add(v, n, what, date_str(a), date_str(b));
}

struct compare_detail *
compare_details(const struct doc *a, const struct doc *b,
    const char *replaced_by, size_t *np)
{
	struct compare_detail	*v = NULL;
	struct buf		 st = BUF_INIT;
	size_t			 n = 0;

	if (str_differ(a->title, b->title))
		detail_add(&v, &n, "Title", str_or_unset(a->title),
		    str_or_unset(b->title));
	if (a->status != b->status) {
		buf_puts(&st, doc_status_name(b->status));
		if (b->status == ST_SUPERSEDED && replaced_by != NULL)
			buf_printf(&st, " (replaced by %s)", replaced_by);
		detail_add(&v, &n, "Status",
		    xstrdup(doc_status_name(a->status)), buf_detach(&st));
	}
	if (str_differ(a->summary, b->summary))
		detail_add(&v, &n, "Summary", str_or_unset(a->summary),
		    str_or_unset(b->summary));
	if (str_differ(a->owner, b->owner))
		detail_add(&v, &n, "Owner", str_or_unset(a->owner),
		    str_or_unset(b->owner));
	date_detail(&v, &n, "Approved", &a->approved, &b->approved);
	date_detail(&v, &n, "Last reviewed", &a->last_reviewed,
	    &b->last_reviewed);
	date_detail(&v, &n, "Review date", &a->review_date, &b->review_date);
	date_detail(&v, &n, "Date", &a->date, &b->date);
	*np = n;
	return v;
}

void
compare_details_free(struct compare_detail *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].before);
		free(v[i].after);
	}
	free(v);
}
