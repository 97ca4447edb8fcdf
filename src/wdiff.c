/*
 * wdiff.c: Myers' O(ND) difference algorithm in its linear-space form,
 * over sequences of integers (see wdiff.h).  compare.c uses it for the
 * words of a paragraph and for the blocks of a document.
 *
 * After the common prefix and suffix are trimmed, the "middle snake" is
 * found by searching forward from the start and backward from the end at
 * once, and each half is solved in turn (divide and conquer, as in GNU
 * diff's diffseq.h); each changed element is marked in a flag array per
 * sequence.  Memory is O(N); time about (N + M) * D steps, bounded.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wdiff.h"

/*
 * Beyond these the comparison is abandoned for a whole replacement.  A
 * step being a few nanoseconds, 50 million steps bound it to a fraction
 * of a second.
 */
#ifndef WD_MAXD
#define WD_MAXD		10000		/* edit distance */
#endif
#ifndef WD_MAXWORK
#define WD_MAXWORK	50000000	/* steps */
#endif

/* State of one Myers comparison. */
struct	myers {
	const size_t	*xv, *yv;	/* the two sequences */
	char		*xc, *yc;	/* set to 1 where changed */
	ptrdiff_t	*fd, *bd;	/* by diagonal x - y: furthest x */
	int64_t		 work;		/* steps so far */
	int64_t		 limit;		/* give up beyond this */
};

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
