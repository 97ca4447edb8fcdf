/*
 * wdiff.h: the difference of two sequences (a document's words, or its
 * blocks), as compare.c needs it: which elements of each are not part of
 * a longest common subsequence.
 *
 * The diff is Myers' O(ND) algorithm in its linear-space form, after the
 * common prefix and suffix are trimmed; it finds a shortest edit script
 * in O(N) memory.  Elements are integers, equal when the things they
 * stand for are (the caller interns them).
 */
#ifndef WDIFF_H
#define WDIFF_H

#include <stddef.h>

/*
 * Set xc[i] (of x[0..nx)) to 1 where x[i] is deleted and yc[j] (of
 * y[0..ny)) to 1 where y[j] is inserted, the rest being a longest common
 * subsequence.  xc and yc start zeroed.  When the sequences differ too
 * much for that to be quick (an edit distance over 10,000 or more than
 * 50 million steps), everything is marked, as a whole replacement, and
 * -1 is returned; else 0.  Never fails otherwise (out of memory exits).
 */
int	 wdiff_seq(const size_t *x, size_t nx, const size_t *y, size_t ny,
	    char *xc, char *yc);

#endif /* !WDIFF_H */
