/*
 * wdiff.c: word-level comparison of two texts, rendered as HTML (see
 * wdiff.h for the output).
 *
 * The pipeline:
 *  1. cut both texts into tokens and intern each token to an integer
 *     (by hash, length and bytes), so the diff compares integers;
 *  2. trim the common prefix and suffix, then run Myers' O(ND) diff in
 *     its linear-space form (divide and conquer on the "middle snake", as
 *     in GNU diff's diffseq.h), which marks each changed token in a flag
 *     array per text; memory is O(N);
 *  3. if that exceeds its bounds, fall back to coarser units: compare
 *     paragraphs, then refine each changed block by tokens, or by lines
 *     and then tokens, or show it replaced whole, as a shared budget
 *     allows (see refine());
 *  4. slide each group of changes to the most readable of its equivalent
 *     positions (git's xdl_change_compact(), with a word-friendly rule),
 *     and give paragraphs added or removed next to an edit a change of
 *     their own (split_paragraphs());
 *  5. cut the result into hunks, fold a lone equal space between two
 *     changes into them, order each hunk's old and new text for display
 *     (display_hunk()), and render paragraphs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "hash.h"
#include "util.h"
#include "wdiff.h"

/*
 * Beyond these an attempt is abandoned for a coarser one.  Myers costs
 * about (N + M) * D steps, a step being a few nanoseconds: 50 million
 * steps bound each attempt to a fraction of a second.
 */
#ifndef WD_MAXD
#define WD_MAXD		10000		/* edit distance */
#endif
#ifndef WD_MAXWORK
#define WD_MAXWORK	50000000	/* steps per attempt */
#endif
#ifndef WD_FALLBACK
#define WD_FALLBACK	50000000	/* steps for all of the fallback */
#endif
#ifndef WD_SMALL
#define WD_SMALL	4096		/* tokens of a block diffed whole */
#endif

enum	tok_type {
	TOK_WORD,	/* [A-Za-z0-9_'] and bytes >= 0x80 */
	TOK_SPACE,	/* spaces and tabs */
	TOK_NL,		/* "\n" or "\r\n" */
	TOK_PUNCT	/* any other byte */
};

enum	kind {
	K_EQ,		/* in both texts */
	K_DEL,		/* in "a" only */
	K_INS		/* in "b" only */
};

struct	tok {
	size_t		 off;	/* first byte, into the text */
	size_t		 len;	/* bytes, at least 1 */
	unsigned char	 type;	/* enum tok_type */
};

/* One side of the comparison. */
struct	text {
	const char	*s;	/* the text, borrowed */
	size_t		 len;	/* its length */
	struct tok	*tok;	/* owned: its tokens */
	size_t		 ntok;	/* their number */
	size_t		*id;	/* owned: interned id of each token */
	char		*chg;	/* owned: 1 if deleted/inserted */
};

/* An interned string: where it was first seen. */
struct	irep {
	const char	*p;	/* borrowed from a text */
	size_t		 len;
	uint64_t	 h;	/* fnv1a(p, len) */
};

/* Interning table: open addressing over ids. */
struct	itab {
	size_t		*slot;	/* id + 1, or 0 when empty */
	size_t		 mask;	/* slots - 1 (a power of 2) */
	struct irep	*rep;	/* by id */
	size_t		 n;	/* ids given out */
};

/* State of one Myers comparison. */
struct	myers {
	const size_t	*xv, *yv;	/* the two sequences */
	char		*xc, *yc;	/* set to 1 where changed */
	ptrdiff_t	*fd, *bd;	/* by diagonal x - y: furthest x */
	int64_t		 work;		/* steps so far */
	int64_t		 limit;		/* give up beyond this */
};

/* Units coarser than tokens, for the fallback; U_LINE - 1 is none. */
enum	unit {
	U_LINE = 1,
	U_PARA
};

/* State of the coarse fallback (see refine()). */
struct	fallback {
	struct text	*a, *b;
	ptrdiff_t	*fdbuf, *bdbuf;	/* a diagonal per token */
	int64_t		 budget;	/* Myers steps left, in all */
};

/* A maximal run of changed tokens in one text (may be empty). */
struct	group {
	size_t	 start, end;	/* tokens start..end */
};

/* A stretch of the edit script. */
struct	hunk {
	size_t	 a0, a1;	/* tokens of a */
	size_t	 b0, b1;	/* tokens of b */
	int	 eq;		/* unchanged: a0..a1 matches b0..b1 */
};

/* A token as shown, in display order. */
struct	dtok {
	const char	*p;
	size_t		 len;
	unsigned char	 type;	/* enum tok_type */
	unsigned char	 kind;	/* enum kind */
};

/* A paragraph of the display: content, then the blank lines after it. */
struct	para {
	size_t	 c0, c1;	/* content, display indices */
	size_t	 s1;		/* separator c1..s1 (empty at end) */
	int	 changed;	/* has a change, or one in a blank line */
	int	 keep;		/* shown, not elided */
};

static int
is_wordc(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '\'' || c >= 0x80;
}

static int
is_ws(unsigned char type)
{
	return type == TOK_SPACE || type == TOK_NL;
}

/* Cut t->s into tokens (see wdiff.h). */
static void
tokenise(struct text *t)
{
	const unsigned char	*s = (const unsigned char *)t->s;
	size_t			 i, j, cap = 0;
	unsigned char		 type;

	t->tok = NULL;
	t->ntok = 0;
	for (i = 0; i < t->len; i = j) {
		j = i + 1;
		if (is_wordc(s[i])) {
			type = TOK_WORD;
			while (j < t->len && is_wordc(s[j]))
				j++;
		} else if (s[i] == ' ' || s[i] == '\t') {
			type = TOK_SPACE;
			while (j < t->len && (s[j] == ' ' || s[j] == '\t'))
				j++;
		} else if (s[i] == '\n')
			type = TOK_NL;
		else if (s[i] == '\r' && j < t->len && s[j] == '\n') {
			type = TOK_NL;
			j++;
		} else
			type = TOK_PUNCT;
		if (t->ntok == cap) {
			cap = cap != 0 ? cap * 2 : 256;
			t->tok = xreallocarray(t->tok, cap, sizeof(*t->tok));
		}
		t->tok[t->ntok].off = i;
		t->tok[t->ntok].len = j - i;
		t->tok[t->ntok].type = type;
		t->ntok++;
	}
}

/* Set up "it" for at most "maxn" distinct strings. */
static void
itab_init(struct itab *it, size_t maxn)
{
	size_t	 cap = 16;

	while (cap / 2 < maxn)
		cap *= 2;
	it->slot = xcalloc(cap, sizeof(*it->slot));
	it->mask = cap - 1;
	it->rep = xreallocarray(NULL, maxn, sizeof(*it->rep));
	it->n = 0;
}

static void
itab_free(struct itab *it)
{
	free(it->slot);
	free(it->rep);
	it->slot = NULL;
	it->rep = NULL;
}

/* The id of p[0..len), giving it the next free one if new. */
static size_t
intern(struct itab *it, const char *p, size_t len)
{
	struct irep	*r;
	uint64_t	 h = fnv1a(FNV_INIT, p, len);
	size_t		 i;

	for (i = (size_t)h & it->mask;; i = (i + 1) & it->mask) {
		if (it->slot[i] == 0)
			break;
		r = &it->rep[it->slot[i] - 1];
		if (r->h == h && r->len == len && memcmp(r->p, p, len) == 0)
			return it->slot[i] - 1;
	}
	r = &it->rep[it->n];
	r->p = p;
	r->len = len;
	r->h = h;
	it->slot[i] = ++it->n;
	return it->n - 1;
}

/*
 * Find a point (xmid, ymid) on an optimal edit path from (xoff, yoff)
 * to (xlim, ylim), searching forward from the start and backward from
 * the end at once until the two meet: Myers' "middle snake", written
 * after GNU diffseq.h's diag() without its heuristics.  Both ranges are
 * non-empty and differ at both ends.  Returns 0, or -1 when the budget
 * is spent.
 */
static int
midsnake(struct myers *m, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff,
    ptrdiff_t ylim, ptrdiff_t *xmid, ptrdiff_t *ymid)
{
	const size_t	*xv = m->xv, *yv = m->yv;
	ptrdiff_t	*fd = m->fd, *bd = m->bd;
	ptrdiff_t	 dmin = xoff - ylim, dmax = xlim - yoff;
	ptrdiff_t	 fmid = xoff - yoff, bmid = xlim - ylim;
	ptrdiff_t	 fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	ptrdiff_t	 c, d, x, y, x0, tlo, thi;
	int		 odd = (fmid - bmid) % 2 != 0;

	fd[fmid] = xoff;
	bd[bmid] = xlim;
	for (c = 1;; c++) {
		/* c edits from each end: the path is at least about 2c. */
		if (c > WD_MAXD / 2 || m->work > m->limit)
			return -1;

		if (fmin > dmin)
			fd[--fmin - 1] = -1;
		else
			fmin++;
		if (fmax < dmax)
			fd[++fmax + 1] = -1;
		else
			fmax--;
		m->work += (fmax - fmin) / 2 + 1;
		for (d = fmax; d >= fmin; d -= 2) {
			tlo = fd[d - 1];
			thi = fd[d + 1];
			x0 = tlo < thi ? thi : tlo + 1;
			for (x = x0, y = x0 - d; x < xlim && y < ylim &&
			    xv[x] == yv[y]; x++, y++)
				continue;
			m->work += x - x0;
			fd[d] = x;
			if (odd && bmin <= d && d <= bmax && bd[d] <= x) {
				*xmid = x;
				*ymid = y;
				return 0;
			}
		}

		if (bmin > dmin)
			bd[--bmin - 1] = PTRDIFF_MAX;
		else
			bmin++;
		if (bmax < dmax)
			bd[++bmax + 1] = PTRDIFF_MAX;
		else
			bmax--;
		m->work += (bmax - bmin) / 2 + 1;
		for (d = bmax; d >= bmin; d -= 2) {
			tlo = bd[d - 1];
			thi = bd[d + 1];
			x0 = tlo < thi ? tlo : thi - 1;
			for (x = x0, y = x0 - d; xoff < x && yoff < y &&
			    xv[x - 1] == yv[y - 1]; x--, y--)
				continue;
			m->work += x0 - x;
			bd[d] = x;
			if (!odd && fmin <= d && d <= fmax && x <= fd[d]) {
				*xmid = x;
				*ymid = y;
				return 0;
			}
		}
	}
}

/*
 * Mark the changed elements of xv[xoff..xlim) against yv[yoff..ylim) in
 * xc and yc (which start zeroed).  Returns 0, or -1 when the budget is
 * spent (some flags may then be set).
 */
static int
compareseq(struct myers *m, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff,
    ptrdiff_t ylim)
{
	ptrdiff_t	 xmid, ymid, n0 = xoff;

	while (xoff < xlim && yoff < ylim && m->xv[xoff] == m->yv[yoff]) {
		xoff++;
		yoff++;
	}
	while (xoff < xlim && yoff < ylim &&
	    m->xv[xlim - 1] == m->yv[ylim - 1]) {
		xlim--;
		ylim--;
	}
	m->work += xoff - n0;
	if (xoff == xlim) {
		if (ylim > yoff)
			memset(m->yc + yoff, 1, (size_t)(ylim - yoff));
		return 0;
	}
	if (yoff == ylim) {
		memset(m->xc + xoff, 1, (size_t)(xlim - xoff));
		return 0;
	}
	if (midsnake(m, xoff, xlim, yoff, ylim, &xmid, &ymid) == -1)
		return -1;
	if (compareseq(m, xoff, xmid, yoff, ymid) == -1)
		return -1;
	return compareseq(m, xmid, xlim, ymid, ylim);
}

/*
 * Diff x[xoff..xlim) against y[yoff..ylim) within "limit" steps, setting
 * the flags of those ranges.  Returns the steps taken, or -1 if the
 * budget ran out (the flags of the ranges are then all 0).
 */
static int64_t
myers_run(struct myers *m, ptrdiff_t xoff, ptrdiff_t xlim, ptrdiff_t yoff,
    ptrdiff_t ylim, int64_t limit)
{
	m->work = 0;
	m->limit = limit;
	memset(m->xc + xoff, 0, (size_t)(xlim - xoff));
	memset(m->yc + yoff, 0, (size_t)(ylim - yoff));
	if (compareseq(m, xoff, xlim, yoff, ylim) == 0)
		return m->work;
	memset(m->xc + xoff, 0, (size_t)(xlim - xoff));
	memset(m->yc + yoff, 0, (size_t)(ylim - yoff));
	return -1;
}

/*
 * Split tokens [t0, t1) of t into units: lines (U_LINE: a line ends after
 * a newline) or paragraphs (U_PARA: one starts at the first visible token
 * after a blank line).  Set *start to a new array of each unit's first
 * token followed by t1 (caller frees), and return the number of units.
 */
static size_t
split_units(const struct text *t, size_t t0, size_t t1, int unit,
    size_t **start)
{
	size_t	 i, n = 0, nl = 0;

	*start = xreallocarray(NULL, t1 - t0 + 1, sizeof(**start));
	for (i = t0; i < t1; i++) {
		if (i == t0)
			(*start)[n++] = i;
		else if (unit == U_LINE) {
			if (t->tok[i - 1].type == TOK_NL)
				(*start)[n++] = i;
		} else if (!is_ws(t->tok[i].type) && nl >= 2)
			(*start)[n++] = i;
		if (t->tok[i].type == TOK_NL)
			nl++;
		else if (t->tok[i].type != TOK_SPACE)
			nl = 0;
	}
	(*start)[n] = t1;
	return n;
}

/* Mark a[a0..a1) deleted and b[b0..b1) inserted: a whole replacement. */
static void
mark_all(struct fallback *f, size_t a0, size_t a1, size_t b0, size_t b1)
{
	memset(f->a->chg + a0, 1, a1 - a0);
	memset(f->b->chg + b0, 1, b1 - b0);
}

/*
 * Run "m" within what is left of the fallback budget, and within
 * "limit" steps: 0, or -1 if either ran out.
 */
static int
fallback_run(struct fallback *f, struct myers *m, size_t x0, size_t x1,
    size_t y0, size_t y1, int64_t limit)
{
	int64_t	 used;

	if (limit > f->budget)
		limit = f->budget;
	if (limit <= 0)
		return -1;
	used = myers_run(m, (ptrdiff_t)x0, (ptrdiff_t)x1, (ptrdiff_t)y0,
	    (ptrdiff_t)y1, limit);
	f->budget -= m->work;
	return used == -1 ? -1 : 0;
}

static int	diff_units(struct fallback *, size_t, size_t, size_t, size_t,
		    int);

/*
 * Diff a[a0..a1) against b[b0..b1) as finely as the budget allows: by
 * tokens (unless "tried" says that already failed), else by the units
 * coarser than tokens up to "unit" (paragraphs, then lines), else as a
 * whole replacement.
 */
static void
refine(struct fallback *f, size_t a0, size_t a1, size_t b0, size_t b1,
    int unit, int tried)
{
	struct myers	 m;
	int64_t		 limit;

	if (!tried) {
		m.xv = f->a->id;
		m.yv = f->b->id;
		m.xc = f->a->chg;
		m.yc = f->b->chg;
		m.fd = f->fdbuf + f->b->ntok + 1;
		m.bd = f->bdbuf + f->b->ntok + 1;
		/*
		 * About 64 steps per token: edits by the dozen.  A block
		 * needing more was rewritten, and is cheaper shown so.
		 */
		limit = 64 * (int64_t)(a1 - a0 + b1 - b0);
		if (limit < 65536)
			limit = 65536;
		if (fallback_run(f, &m, a0, a1, b0, b1, limit) == 0)
			return;
	}
	for (; unit >= U_LINE; unit--)
		if (diff_units(f, a0, a1, b0, b1, unit) == 0)
			return;
	mark_all(f, a0, a1, b0, b1);
}

/*
 * How alike tokens a[as..ae) and b[bs..be) look: the length of their
 * common prefix plus that of their common suffix, in tokens.  A unit
 * edited here and there scores high against its old self and near zero
 * against any other.
 */
static size_t
likeness(const struct fallback *f, size_t as, size_t ae, size_t bs,
    size_t be)
{
	const size_t	*ia = f->a->id, *ib = f->b->id;
	size_t		 p = 0, q = 0;

	while (as + p < ae && bs + p < be && ia[as + p] == ib[bs + p])
		p++;
	while (as + p + q < ae && bs + p + q < be &&
	    ia[ae - 1 - q] == ib[be - 1 - q])
		q++;
	return p + q;
}

/*
 * Refine the changed units a[ua[i0]..ua[i1]) against b[ub[j0]..ub[j1])
 * (see refine(); "tried" as there).  A block too big for one token diff
 * is cut in two: a at its middle unit, b at the unit most like that one
 * near the same place, until the pieces are small or single units.  A
 * block of paragraphs edited in place is so refined paragraph by
 * paragraph; where no unit is alike, the cut is proportional and may
 * pair neighbours wrongly, which costs some noise, not correctness.
 */
static void
refine_block(struct fallback *f, const size_t *ua, size_t i0, size_t i1,
    const size_t *ub, size_t j0, size_t j1, int unit, int tried)
{
	size_t	 im, jm, j, lo, hi, w, best = 0, l, na, nb;

	na = i1 - i0;
	nb = j1 - j0;
	if (na < 2 || nb < 2 ||
	    (!tried && ua[i1] - ua[i0] + ub[j1] - ub[j0] <= WD_SMALL)) {
		refine(f, ua[i0], ua[i1], ub[j0], ub[j1], unit - 1, tried);
		return;
	}
	im = i0 + na / 2;
	jm = j0 + (im - i0) * nb / na;
	/* The counts differ by w - 1: the match is at most that far. */
	w = (na > nb ? na - nb : nb - na) + 1;
	if (w > 64)
		w = 64;
	lo = jm > j0 + w ? jm - w : j0;
	hi = jm + w < j1 ? jm + w : j1 - 1;
	for (j = lo; j <= hi; j++) {
		l = likeness(f, ua[im], ua[im + 1], ub[j], ub[j + 1]);
		if (l > best) {
			best = l;
			jm = j;
		}
	}
	refine_block(f, ua, i0, im, ub, j0, jm, unit, 0);
	refine_block(f, ua, im, i1, ub, jm, j1, unit, 0);
}

/*
 * Diff a[a0..a1) against b[b0..b1), whose token diff failed, by units
 * (U_LINE or U_PARA), interned like tokens; then refine each changed
 * block of units by tokens (and, in paragraphs, by lines).  Returns 0,
 * or -1 if the unit diff ran out of budget (nothing is marked then).
 */
static int
diff_units(struct fallback *f, size_t a0, size_t a1, size_t b0, size_t b1,
    int unit)
{
	const struct text	*a = f->a, *b = f->b;
	struct itab		 it;
	struct myers		 m;
	size_t			*ua, *ub, *ida, *idb;
	size_t			 nua, nub, i, j, i0, j0;
	char			*ca, *cb;
	int			 rc = -1;

	nua = split_units(a, a0, a1, unit, &ua);
	nub = split_units(b, b0, b1, unit, &ub);
	itab_init(&it, nua + nub);
	ida = xreallocarray(NULL, nua, sizeof(*ida));
	idb = xreallocarray(NULL, nub, sizeof(*idb));
	for (i = 0; i < nua; i++)
		ida[i] = intern(&it, a->s + a->tok[ua[i]].off,
		    a->tok[ua[i + 1] - 1].off + a->tok[ua[i + 1] - 1].len -
		    a->tok[ua[i]].off);
	for (j = 0; j < nub; j++)
		idb[j] = intern(&it, b->s + b->tok[ub[j]].off,
		    b->tok[ub[j + 1] - 1].off + b->tok[ub[j + 1] - 1].len -
		    b->tok[ub[j]].off);
	itab_free(&it);
	ca = xcalloc(nua, 1);
	cb = xcalloc(nub, 1);

	/* fdbuf holds a diagonal per token, so enough for units too. */
	m.xv = ida;
	m.yv = idb;
	m.xc = ca;
	m.yc = cb;
	m.fd = f->fdbuf + nub + 1;
	m.bd = f->bdbuf + nub + 1;
	if (fallback_run(f, &m, 0, nua, 0, nub, WD_MAXWORK) == -1)
		goto out;

	for (i = j = 0; i < nua || j < nub;) {
		if (i < nua && j < nub && !ca[i] && !cb[j]) {
			i++;
			j++;
			continue;
		}
		for (i0 = i; i < nua && ca[i]; i++)
			continue;
		for (j0 = j; j < nub && cb[j]; j++)
			continue;
		refine_block(f, ua, i0, i, ub, j0, j, unit,
		    ua[i0] == a0 && ua[i] == a1 && ub[j0] == b0 && ub[j] == b1);
	}
	rc = 0;
out:
	free(ua);
	free(ub);
	free(ida);
	free(idb);
	free(ca);
	free(cb);
	return rc;
}

/*
 * Group operations for compact(), after git's xdiff/xdiffi.c.  A group
 * is a maximal run of changed tokens; an empty group sits between two
 * unchanged tokens.  Each returns 0, or -1 when there is no such move.
 */
static void
group_init(const struct text *t, struct group *g)
{
	g->start = g->end = 0;
	while (g->end < t->ntok && t->chg[g->end])
		g->end++;
}

static int
group_next(const struct text *t, struct group *g)
{
	if (g->end == t->ntok)
		return -1;
	g->start = g->end + 1;
	for (g->end = g->start; g->end < t->ntok && t->chg[g->end]; g->end++)
		continue;
	return 0;
}

static int
group_previous(const struct text *t, struct group *g)
{
	if (g->start == 0)
		return -1;
	g->end = g->start - 1;
	for (g->start = g->end; g->start > 0 && t->chg[g->start - 1];
	    g->start--)
		continue;
	return 0;
}

/*
 * Move a non-empty group one token down (or up) when the token it would
 * take in equals the one it would give up, merging with any group it
 * then touches.  The edit script stays valid and as short.
 */
static int
group_slide_down(struct text *t, struct group *g)
{
	if (g->end == t->ntok || t->id[g->start] != t->id[g->end])
		return -1;
	t->chg[g->start++] = 0;
	t->chg[g->end++] = 1;
	while (g->end < t->ntok && t->chg[g->end])
		g->end++;
	return 0;
}

static int
group_slide_up(struct text *t, struct group *g)
{
	if (g->start == 0 || t->id[g->start - 1] != t->id[g->end - 1])
		return -1;
	t->chg[--g->start] = 1;
	t->chg[--g->end] = 0;
	while (g->start > 0 && t->chg[g->start - 1])
		g->start--;
	return 0;
}

/*
 * Whether a change boundary before token p of t cuts between two
 * visible tokens ("One|." or "*|*") rather than at a space or an end.
 */
static int
bad_cut(const struct text *t, size_t p)
{
	return p > 0 && p < t->ntok && !is_ws(t->tok[p - 1].type) &&
	    !is_ws(t->tok[p].type);
}

/*
 * How awkward a change of tokens [s, e) of t reads; lower is better.
 * First, it should not split a word from its punctuation: "One.<del>
 * Two.</del>" rather than "One<del>. Two</del>."; then it should start at
 * a word, not at the space before it: "x <del>a b </del>y" rather than
 * "x<del> a b</del> y", so that a deleted line takes its own newline.
 */
static int
group_score(const struct text *t, size_t s, size_t e)
{
	return 2 * (bad_cut(t, s) + bad_cut(t, e)) +
	    (is_ws(t->tok[s].type) ? 1 : 0);
}

/*
 * Slide each group of changes in x, keeping the groups of the other text
 * o in step, as git's xdl_change_compact() does: first as far up, then
 * as far down as it goes (merging with neighbours on the way); then to
 * line up with a change in o if it can (so a replacement stays
 * <del><ins>), else to the best-scoring position.  "budget" bounds the
 * sliding on pathological, repetitive input.
 */
static void
compact(struct text *x, const struct text *o, int64_t *budget)
{
	struct group	 g, go;
	size_t		 size, earliest_end, end_match = 0, best, e;
	int		 matched, score, bscore;

	group_init(x, &g);
	group_init(o, &go);
	for (;;) {
		if (g.end == g.start)
			goto next;
		if (*budget <= 0)
			return;
		do {
			size = g.end - g.start;
			matched = 0;
			/*
			 * Out of budget, stop: each slide left the script
			 * valid.  (o out of step cannot happen.)
			 */
			while (group_slide_up(x, &g) == 0) {
				if (--*budget < 0 ||
				    group_previous(o, &go) == -1)
					return;
			}
			earliest_end = g.end;
			if (go.end > go.start) {
				matched = 1;
				end_match = g.end;
			}
			while (group_slide_down(x, &g) == 0) {
				if (--*budget < 0 || group_next(o, &go) == -1)
					return;
				if (go.end > go.start) {
					matched = 1;
					end_match = g.end;
				}
			}
		} while (size != g.end - g.start);

		if (g.end == earliest_end)
			best = g.end;
		else if (matched)
			best = end_match;
		else {
			best = g.end;
			bscore = group_score(x, g.start, g.end);
			for (e = g.end - 1; e >= earliest_end; e--) {
				(*budget)--;
				score = group_score(x, e - size, e);
				if (score < bscore) {
					bscore = score;
					best = e;
				}
			}
		}
		while (g.end > best) {
			if (group_slide_up(x, &g) == -1 ||
			    group_previous(o, &go) == -1)
				return;	/* cannot happen */
		}
next:
		if (group_next(x, &g) == -1 || group_next(o, &go) == -1)
			return;
	}
}

/*
 * The first newline of the first blank line lying wholly in tokens
 * [s, e) of t (last_blank: the last newline of the last one), or
 * SIZE_MAX if there is none.
 */
static size_t
first_blank(const struct text *t, size_t s, size_t e)
{
	size_t	 i, j;

	for (i = s; i < e; i++) {
		if (t->tok[i].type != TOK_NL)
			continue;
		for (j = i + 1; j < e && t->tok[j].type == TOK_SPACE; j++)
			continue;
		if (j < e && t->tok[j].type == TOK_NL)
			return i;
	}
	return SIZE_MAX;
}

static size_t
last_blank(const struct text *t, size_t s, size_t e)
{
	size_t	 i, j;

	for (i = e; i-- > s;) {
		if (t->tok[i].type != TOK_NL)
			continue;
		for (j = i; j > s && t->tok[j - 1].type == TOK_SPACE; j--)
			continue;
		if (j > s && t->tok[j - 1].type == TOK_NL)
			return i;
	}
	return SIZE_MAX;
}

/*
 * Give whole paragraphs added (or removed) next to an edit their own
 * change.  Paragraphs often end alike ("."), or start alike ("The"), and
 * the diff may then match the old paragraph's ending with the new
 * paragraph's: "<ins>every two weeks.\n\nThe school reports</ins>."
 * For a change holding a blank line, followed by the unchanged rest of
 * its line, whose tokens also come just before the blank line, keep
 * those instead: "<ins>every two weeks</ins>.<ins>\n\nThe school
 * reports.</ins>"; likewise at the start of a line.  Like a slide, this
 * keeps the script valid and as short.
 */
static void
split_paragraphs(struct text *x)
{
	struct group	 g;
	size_t		 n = x->ntok, q, r, k, m;

	group_init(x, &g);
	do {
		if (g.end == g.start)
			continue;
		for (r = g.end; r < n && !x->chg[r] &&
		    x->tok[r].type != TOK_NL; r++)
			continue;
		m = r - g.end;
		if (m > 0 && (r == n || !x->chg[r]) &&
		    (q = first_blank(x, g.start, g.end)) != SIZE_MAX &&
		    q >= g.start + m) {
			for (k = 0; k < m; k++)
				if (x->id[q - m + k] != x->id[g.end + k])
					break;
			if (k == m) {
				memset(x->chg + q - m, 0, m);
				memset(x->chg + g.end, 1, m);
				g.end = r;
				continue;	/* no longer one run */
			}
		}
		for (r = g.start; r > 0 && !x->chg[r - 1] &&
		    x->tok[r - 1].type != TOK_NL; r--)
			continue;
		m = g.start - r;
		if (m > 0 && (r == 0 || !x->chg[r - 1]) &&
		    (q = last_blank(x, g.start, g.end)) != SIZE_MAX &&
		    q + 1 + m <= g.end) {
			for (k = 0; k < m; k++)
				if (x->id[q + 1 + k] != x->id[r + k])
					break;
			if (k == m) {
				memset(x->chg + r, 1, m);
				memset(x->chg + q + 1, 0, m);
			}
		}
	} while (group_next(x, &g) == 0);
}

/* Append a hunk to *h (of *n, room for *cap). */
static void
hunk_add(struct hunk **h, size_t *n, size_t *cap, const struct hunk *nh)
{
	if (*n == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 64;
		*h = xreallocarray(*h, *cap, sizeof(**h));
	}
	(*h)[(*n)++] = *nh;
}

/*
 * Cut the flags of a and b into alternating equal and changed hunks,
 * folding an equal run of one space-or-tab token that sits between two
 * changes into them when the result still deletes and inserts something
 * ("<del>a b</del><ins>c d</ins>", not "<del>a</del><ins>c</ins>
 * <del>b</del><ins>d</ins>").  Returns the hunks (caller frees) and sets
 * *np to their number.
 */
static struct hunk *
make_hunks(const struct text *a, const struct text *b, size_t *np)
{
	struct hunk	*h = NULL, nh, *p, *q;
	size_t		 n = 0, cap = 0, i = 0, j = 0;

	while (i < a->ntok || j < b->ntok) {
		nh.a0 = i;
		nh.b0 = j;
		if (i < a->ntok && j < b->ntok && !a->chg[i] && !b->chg[j]) {
			while (i < a->ntok && j < b->ntok && !a->chg[i] &&
			    !b->chg[j]) {
				i++;
				j++;
			}
			nh.eq = 1;
		} else {
			while (i < a->ntok && a->chg[i])
				i++;
			while (j < b->ntok && b->chg[j])
				j++;
			nh.eq = 0;
			if (i == nh.a0 && j == nh.b0) {
				/* Flags out of step; cannot happen. */
				i = a->ntok;
				j = b->ntok;
			}
		}
		nh.a1 = i;
		nh.b1 = j;
		hunk_add(&h, &n, &cap, &nh);
		if (n < 3 || nh.eq)
			continue;
		p = &h[n - 3];	/* change, equal, change */
		q = &h[n - 2];
		if (q->a1 - q->a0 != 1 || a->tok[q->a0].type != TOK_SPACE)
			continue;
		if (p->a1 - p->a0 + nh.a1 - nh.a0 == 0 ||
		    p->b1 - p->b0 + nh.b1 - nh.b0 == 0)
			continue;
		p->a1 = nh.a1;
		p->b1 = nh.b1;
		n -= 2;
	}
	*np = n;
	return h;
}

/* Append text, escaped; NUL, which HTML cannot carry, as U+FFFD. */
static void
put_text(struct buf *out, const char *p, size_t len)
{
	const char	*z;

	while ((z = memchr(p, '\0', len)) != NULL) {
		html_escape(out, p, (size_t)(z - p));
		BUF_PUTSL(out, "\xef\xbf\xbd");
		len -= (size_t)(z - p) + 1;
		p = z + 1;
	}
	html_escape(out, p, len);
}

static void
put_tag(struct buf *out, int kind, int open)
{
	if (kind == K_DEL)
		buf_puts(out, open ? "<del>" : "</del>");
	else if (kind == K_INS)
		buf_puts(out, open ? "<ins>" : "</ins>");
}

/*
 * Emit display tokens [i0, i1), each run of changed ones inside its tag.
 * In paragraph content ("content" set) a newline between the first and
 * last visible tokens is preceded by <br>; elsewhere newlines are left
 * to HTML as white space.
 */
static void
put_run(struct buf *out, const struct dtok *d, size_t i0, size_t i1,
    int content)
{
	size_t	 i, first = i1, last = i0;
	int	 open = K_EQ;

	if (content) {
		for (i = i0; i < i1; i++)
			if (!is_ws(d[i].type)) {
				if (first == i1)
					first = i;
				last = i;
			}
	}
	for (i = i0; i < i1; i++) {
		if (d[i].kind != open) {
			put_tag(out, open, 0);
			put_tag(out, d[i].kind, 1);
			open = d[i].kind;
		}
		if (content && d[i].type == TOK_NL && i > first && i < last)
			BUF_PUTSL(out, "<br>");
		put_text(out, d[i].p, d[i].len);
	}
	put_tag(out, open, 0);
}

/* Append tokens [i0, i1) of t to the display list as "kind". */
static void
display_add(struct dtok **d, size_t *n, size_t *cap, const struct text *t,
    size_t i0, size_t i1, int kind)
{
	size_t	 i;

	for (i = i0; i < i1; i++) {
		if (*n == *cap) {
			*cap = *cap != 0 ? *cap * 2 : 256;
			*d = xreallocarray(*d, *cap, sizeof(**d));
		}
		(*d)[*n].p = t->s + t->tok[i].off;
		(*d)[*n].len = t->tok[i].len;
		(*d)[*n].type = t->tok[i].type;
		(*d)[*n].kind = (unsigned char)kind;
		(*n)++;
	}
}

/*
 * Append hunk h to the display list.  A replacement shows old, then new,
 * except where one side holds a blank line and the other does not: the
 * other side then goes with the paragraph it belongs to.  Replacing the
 * start of a paragraph by a new paragraph and a new start shows
 * "<ins>New para.</ins></p><ins>\n\n</ins><p><del>Old</del><ins>New</ins>
 * start", and removing the end of a paragraph and the next one shows
 * "ends <del>here.</del><ins>there</ins></p><del>\n\n</del><p><del>Next
 * para.</del></p>".
 */
static void
display_hunk(struct dtok **d, size_t *n, size_t *cap, const struct text *a,
    const struct text *b, const struct hunk *h)
{
	size_t	 sa, sb;
	int	 at_start, at_end;

	if (h->eq) {
		display_add(d, n, cap, a, h->a0, h->a1, K_EQ);
		return;
	}
	sa = first_blank(a, h->a0, h->a1);
	sb = last_blank(b, h->b0, h->b1);
	at_start = *n == 0 || (*d)[*n - 1].type == TOK_NL;
	at_end = h->a1 == a->ntok || a->tok[h->a1].type == TOK_NL;
	if (sb != SIZE_MAX && sa == SIZE_MAX && at_start && !at_end) {
		display_add(d, n, cap, b, h->b0, sb + 1, K_INS);
		display_add(d, n, cap, a, h->a0, h->a1, K_DEL);
		display_add(d, n, cap, b, sb + 1, h->b1, K_INS);
	} else if (sa != SIZE_MAX && first_blank(b, h->b0, h->b1) ==
	    SIZE_MAX && !at_start) {
		display_add(d, n, cap, a, h->a0, sa, K_DEL);
		display_add(d, n, cap, b, h->b0, h->b1, K_INS);
		display_add(d, n, cap, a, sa, h->a1, K_DEL);
	} else {
		display_add(d, n, cap, a, h->a0, h->a1, K_DEL);
		display_add(d, n, cap, b, h->b0, h->b1, K_INS);
	}
}

/*
 * Cut the display list into paragraphs.  A separator is the stretch from
 * the first to the last newline of a run of newlines, spaces and tabs
 * holding two newlines or more; spaces before and after it stay with the
 * paragraphs.  Returns the paragraphs (caller frees; at least one) and
 * sets *np.
 */
static struct para *
split_paras(const struct dtok *d, size_t nd, size_t *np)
{
	struct para	*p = NULL;
	size_t		 n = 0, cap = 0, i, j, f = 0, l = 0, nl, c0 = 0;

	for (i = 0; i <= nd; i = j) {
		if (i < nd && !is_ws(d[i].type)) {
			j = i + 1;
			continue;
		}
		for (nl = 0, j = i; j < nd && is_ws(d[j].type); j++)
			if (d[j].type == TOK_NL) {
				if (nl++ == 0)
					f = j;
				l = j;
			}
		if (i < nd && nl < 2)
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 64;
			p = xreallocarray(p, cap, sizeof(*p));
		}
		p[n].c0 = c0;
		if (i == nd) {	/* the end of the text */
			p[n].c1 = p[n].s1 = nd;
			j = nd + 1;
		} else {
			p[n].c1 = f;
			p[n].s1 = l + 1;
		}
		p[n].changed = p[n].keep = 0;
		c0 = p[n].s1;
		n++;
	}
	*np = n;
	return p;
}

/* Mark which paragraphs have changes and which to keep for "context". */
static void
mark_paras(const struct dtok *d, struct para *p, size_t np, int context)
{
	size_t	 i, k, dist;

	for (i = 0; i < np; i++) {
		for (k = p[i].c0; k < p[i].c1 && !p[i].changed; k++)
			if (d[k].kind != K_EQ)
				p[i].changed = 1;
		for (k = p[i].c1; k < p[i].s1; k++)
			if (d[k].kind != K_EQ) {
				/* A blank line added or removed. */
				p[i].changed = 1;
				if (i + 1 < np)
					p[i + 1].changed = 1;
				break;
			}
	}
	if (context < 0) {
		for (i = 0; i < np; i++)
			p[i].keep = 1;
		return;
	}
	/* Distance to the nearest change: a pass each way. */
	for (i = 0, dist = SIZE_MAX; i < np; i++) {
		dist = p[i].changed ? 0 : dist == SIZE_MAX ? dist : dist + 1;
		p[i].keep = dist <= (size_t)context;
	}
	for (i = np, dist = SIZE_MAX; i-- > 0;) {
		dist = p[i].changed ? 0 : dist == SIZE_MAX ? dist : dist + 1;
		if (dist <= (size_t)context)
			p[i].keep = 1;
	}
}

/* Render the display list as paragraphs (see wdiff.h). */
static void
render(struct buf *out, const struct dtok *d, size_t nd, int context)
{
	struct para	*p;
	size_t		 np, i;
	int		 skipping = 0, prev_kept = 0;

	if (nd == 0)
		return;
	p = split_paras(d, nd, &np);
	mark_paras(d, p, np, context);
	for (i = 0; i < np; i++) {
		if (!p[i].keep) {
			/*
			 * Empty paragraphs (blank lines at the very start)
			 * do not deserve a marker of their own.
			 */
			if (!skipping && p[i].c1 > p[i].c0) {
				if (prev_kept)
					buf_putc(out, '\n');
				BUF_PUTSL(out, "<p class=\"diff-skip\">"
				    "\xe2\x80\xa6</p>\n");
				skipping = 1;
			}
			prev_kept = 0;
			continue;
		}
		skipping = 0;
		if (p[i].c1 > p[i].c0) {
			BUF_PUTSL(out, "<p class=\"diff-para\">");
			put_run(out, d, p[i].c0, p[i].c1, 1);
			BUF_PUTSL(out, "</p>");
		}
		/* The blank lines, only between two shown paragraphs. */
		if (i + 1 < np && p[i + 1].keep)
			put_run(out, d, p[i].c1, p[i].s1, 0);
		prev_kept = 1;
	}
	free(p);
}

static int
wdiff_core(struct buf *out, const char *a, size_t alen, const char *b,
    size_t blen, int context, struct wdiff_stats *st)
{
	struct text	 ta, tb;
	struct itab	 it;
	struct myers	 m;
	struct fallback	 fb;
	struct hunk	*h = NULL;
	struct dtok	*d = NULL;
	ptrdiff_t	*fdbuf = NULL, *bdbuf = NULL;
	size_t		 nh, nd = 0, dcap = 0, i, pre, suf, ndiag;
	int64_t		 budget;

	ta.s = a != NULL ? a : "";
	ta.len = a != NULL ? alen : 0;
	tb.s = b != NULL ? b : "";
	tb.len = b != NULL ? blen : 0;
	tokenise(&ta);
	tokenise(&tb);

	itab_init(&it, ta.ntok + tb.ntok);
	ta.id = xreallocarray(NULL, ta.ntok, sizeof(*ta.id));
	tb.id = xreallocarray(NULL, tb.ntok, sizeof(*tb.id));
	for (i = 0; i < ta.ntok; i++)
		ta.id[i] = intern(&it, ta.s + ta.tok[i].off, ta.tok[i].len);
	for (i = 0; i < tb.ntok; i++)
		tb.id[i] = intern(&it, tb.s + tb.tok[i].off, tb.tok[i].len);
	itab_free(&it);
	ta.chg = xcalloc(ta.ntok, 1);
	tb.chg = xcalloc(tb.ntok, 1);

	/* Trim what is common at both ends before anything costly. */
	for (pre = 0; pre < ta.ntok && pre < tb.ntok &&
	    ta.id[pre] == tb.id[pre]; pre++)
		continue;
	for (suf = 0; suf < ta.ntok - pre && suf < tb.ntok - pre &&
	    ta.id[ta.ntok - 1 - suf] == tb.id[tb.ntok - 1 - suf]; suf++)
		continue;

	/* Diagonals run from -(tb.ntok + 1) to ta.ntok + 1. */
	ndiag = ta.ntok + tb.ntok + 3;
	fdbuf = xreallocarray(NULL, ndiag, sizeof(*fdbuf));
	bdbuf = xreallocarray(NULL, ndiag, sizeof(*bdbuf));
	m.xv = ta.id;
	m.yv = tb.id;
	m.xc = ta.chg;
	m.yc = tb.chg;
	m.fd = fdbuf + tb.ntok + 1;
	m.bd = bdbuf + tb.ntok + 1;
	if (myers_run(&m, (ptrdiff_t)pre, (ptrdiff_t)(ta.ntok - suf),
	    (ptrdiff_t)pre, (ptrdiff_t)(tb.ntok - suf), WD_MAXWORK) == -1) {
		fb.a = &ta;
		fb.b = &tb;
		fb.fdbuf = fdbuf;
		fb.bdbuf = bdbuf;
		fb.budget = WD_FALLBACK;
		refine(&fb, pre, ta.ntok - suf, pre, tb.ntok - suf, U_PARA, 1);
	}
	free(fdbuf);
	free(bdbuf);

	budget = 10 * (int64_t)(ta.ntok + tb.ntok) + 1000000;
	compact(&ta, &tb, &budget);
	compact(&tb, &ta, &budget);
	split_paragraphs(&ta);
	split_paragraphs(&tb);

	h = make_hunks(&ta, &tb, &nh);
	for (i = 0; i < nh; i++)
		display_hunk(&d, &nd, &dcap, &ta, &tb, &h[i]);
	if (st != NULL) {
		st->words_added = st->words_deleted = 0;
		for (i = 0; i < nd; i++) {
			if (d[i].type != TOK_WORD)
				continue;
			if (d[i].kind == K_INS)
				st->words_added++;
			else if (d[i].kind == K_DEL)
				st->words_deleted++;
		}
	}
	render(out, d, nd, context);

	free(d);
	free(h);
	free(ta.tok);
	free(tb.tok);
	free(ta.id);
	free(tb.id);
	free(ta.chg);
	free(tb.chg);
	return 0;
}

/*
 * Where paragraph number "k" before offset "pos" starts: paragraphs are
 * separated by runs of two or more newlines.  0 if there are fewer.
 */
static size_t
para_start_before(const char *s, size_t pos, int k)
{
	size_t	 i = pos;

	while (i > 1) {
		if (s[i - 1] == '\n' && s[i - 2] == '\n') {
			if (--k < 0)
				return i;
			while (i > 1 && s[i - 2] == '\n')
				i--;
		}
		i--;
	}
	return 0;
}

/* Where paragraph number "k" after offset "pos" ends; len if fewer. */
static size_t
para_end_after(const char *s, size_t len, size_t pos, int k)
{
	size_t	 i = pos;

	while (i + 1 < len) {
		if (s[i] == '\n' && s[i + 1] == '\n') {
			if (--k < 0)
				return i;
			while (i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		i++;
	}
	return len;
}

/*
 * Documents change a little at a time: leave out the common beginning
 * and end, keeping more whole paragraphs around the change than are
 * shown, so that the elided part still renders as one marker.
 */
int
wdiff_html(struct buf *out, const char *a, size_t alen, const char *b,
    size_t blen, int context, struct wdiff_stats *st)
{
	size_t	 pre = 0, suf = 0, cut0, cut1a, keep;

	if (context < 0 || a == NULL || b == NULL || alen + blen < 4096)
		return wdiff_core(out, a, alen, b, blen, context, st);
	while (pre < alen && pre < blen && a[pre] == b[pre])
		pre++;
	while (suf < alen - pre && suf < blen - pre &&
	    a[alen - 1 - suf] == b[blen - 1 - suf])
		suf++;
	cut0 = para_start_before(a, pre, context + 2);
	cut1a = para_end_after(a, alen, alen - suf, context + 2);
	keep = alen - cut1a;	/* the same bytes end both texts */
	if (cut0 == 0 && keep == 0)
		return wdiff_core(out, a, alen, b, blen, context, st);
	/* The margin is elided by the core, with the marker the cut needs. */
	return wdiff_core(out, a + cut0, cut1a - cut0, b + cut0,
	    blen - keep - cut0, context, st);
}

int
wdiff_seq(const size_t *x, size_t nx, const size_t *y, size_t ny, char *xc,
    char *yc)
{
	struct myers	 m;
	ptrdiff_t	*fdbuf, *bdbuf;
	size_t		 ndiag = nx + ny + 3;
	int		 rc = 0;

	if (nx == 0 || ny == 0) {
		if (nx > 0)
			memset(xc, 1, nx);
		if (ny > 0)
			memset(yc, 1, ny);
		return 0;
	}
	fdbuf = xreallocarray(NULL, ndiag, sizeof(*fdbuf));
	bdbuf = xreallocarray(NULL, ndiag, sizeof(*bdbuf));
	m.xv = x;
	m.yv = y;
	m.xc = xc;
	m.yc = yc;
	m.fd = fdbuf + ny + 1;
	m.bd = bdbuf + ny + 1;
	if (myers_run(&m, 0, (ptrdiff_t)nx, 0, (ptrdiff_t)ny,
	    WD_MAXWORK) == -1) {
		memset(xc, 1, nx);
		memset(yc, 1, ny);
		rc = -1;
	}
	free(fdbuf);
	free(bdbuf);
	return rc;
}
