/*
 * wdiff.h: the "what changed" comparison: two versions of a document's
 * Markdown text compared word by word and rendered as readable HTML.
 *
 * The text is cut into tokens: runs of word characters (ASCII letters
 * and digits, '_', '\'', and every byte >= 0x80, so UTF-8 letters and
 * invalid bytes alike stay inside their word), runs of spaces and tabs,
 * newlines ("\n" or "\r\n", one token each), and every other byte on its
 * own.  Markdown markup (`**`, `|`, `#`) is therefore just punctuation,
 * kept and escaped like any other text.
 */
#ifndef WDIFF_H
#define WDIFF_H

#include <stddef.h>

struct	buf;

/* What changed, counted in word tokens (not spaces or punctuation). */
struct	wdiff_stats {
	size_t	 words_added;	/* word tokens inside <ins> */
	size_t	 words_deleted;	/* word tokens inside <del> */
};

/*
 * Compare a[0..alen) (the old version) with b[0..blen) (the new one)
 * word by word and append HTML to "out".
 *
 * Unchanged text is escaped; each run of deleted tokens is wrapped in
 * <del>...</del> and each run of inserted tokens in <ins>...</ins>, a
 * replacement being <del>old</del><ins>new</ins> (unless one side of it
 * holds a blank line and the other does not: the other then goes with
 * the paragraph it belongs to).  A single run of spaces left unchanged
 * between two changes is folded into them, so "a b" -> "c d" shows as
 * <del>a b</del><ins>c d</ins>.  Among equally short edit scripts, the
 * one whose changes start at words, keep punctuation with its word and
 * add or remove whole paragraphs is preferred.
 *
 * The text is split into paragraphs at blank lines (two or more newlines
 * with only spaces or tabs between), each one emitted as
 * <p class="diff-para">...</p>; a newline inside a paragraph becomes
 * "<br>" followed by the newline.  The bytes of the blank lines stay in
 * the output between the paragraphs, so that with context < 0 the text of
 * "a" is exactly the output's unchanged and deleted text, and that of "b"
 * the unchanged and inserted text, once tags are removed and entities
 * decoded (a NUL byte, which HTML cannot carry, is the one exception: it
 * is shown as U+FFFD).
 *
 * context < 0 keeps every paragraph.  Otherwise a paragraph more than
 * "context" paragraphs away from the nearest changed one is elided, and
 * each run of elided paragraphs becomes one <p class="diff-skip">…</p>;
 * so context 0 shows only the changed paragraphs, and identical texts
 * give a single diff-skip paragraph.
 *
 * The diff is Myers' O(ND) algorithm in its linear-space form, after the
 * common prefix and suffix are trimmed; it finds a shortest edit script
 * in O(N) memory.  When the texts differ too much for that to be quick
 * (an edit distance over 10,000 tokens, or more than 50 million steps),
 * it falls back to coarser units under a second budget of 50 million
 * steps: paragraphs are compared, each changed block of paragraphs is
 * compared by words (paragraph by paragraph if big), or by lines and
 * then words, and what the budget cannot afford, or what was rewritten
 * throughout, is shown replaced whole.  The result is always a correct
 * edit script, just not the shortest; 1 MB texts take well under a
 * second whatever they hold.
 *
 * "st", if not NULL, receives the counts of changed words (over the whole
 * text, elided paragraphs included).  Returns 0: never fails, whatever
 * the input (out of memory exits, as everywhere in folio).
 */
int	 wdiff_html(struct buf *out, const char *a, size_t alen,
	    const char *b, size_t blen, int context, struct wdiff_stats *st);

/*
 * The same diff on any two sequences of integers (interned tokens):
 * set xc[i] (of x[0..nx)) to 1 where x[i] is deleted and yc[j] (of
 * y[0..ny)) to 1 where y[j] is inserted, the rest being a longest common
 * subsequence.  xc and yc start zeroed.  Beyond the bounds above (an
 * edit distance over 10,000 or 50 million steps) everything is marked,
 * as a whole replacement, and -1 is returned; else 0.
 */
int	 wdiff_seq(const size_t *x, size_t nx, const size_t *y, size_t ny,
	    char *xc, char *yc);

#endif /* !WDIFF_H */
