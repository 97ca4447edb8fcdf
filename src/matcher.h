/*
 * matcher.h: find many literal patterns in a text in one pass
 * (Aho-Corasick), for linking agency names and marking up acronyms.
 *
 * Usage: matcher_new(), matcher_add() each pattern, matcher_build()
 * once, then matcher_scan() any number of texts, from any number of
 * threads at once: after matcher_build() the matcher is read-only and
 * scanning keeps its state on the caller's stack.  matcher_free() when
 * done (not while a scan is running).
 *
 * What matches.  Text and patterns are compared after normalising both:
 *  - a run of whitespace (space, \t, \n, \v, \f, \r) counts as one
 *    space, so a name may wrap across a line break; leading and
 *    trailing whitespace in a pattern is ignored;
 *  - U+2019 RIGHT SINGLE QUOTATION MARK counts as "'", so "Children's"
 *    matches "Children’s" (either way round);
 *  - with fold_case, ASCII letters match in either case; otherwise
 *    bytes must be equal.  Other bytes (UTF-8) always compare exactly.
 * A match must be a whole word: the byte before its start and the byte
 * after its end must not be a word character (an ASCII letter or
 * digit, '_', or any byte >= 0x80), or be the start or end of the
 * text.  One exception, so that smart quotes and dashes do not hide
 * names: a neighbouring U+00A0 NO-BREAK SPACE or character from
 * U+2000 to U+206F (General Punctuation: ’ ‘ “ ” – — … and the Unicode
 * spaces) counts as punctuation, not as bytes >= 0x80.  So "MARAC’s"
 * and “MARAC” match like "MARAC's" and "MARAC", while "éMARAC" and
 * "€MARAC" do not.
 *
 * Which matches are reported: leftmost-longest, non-overlapping.
 * Scanning from the start of the text, the first position where some
 * pattern matches wins, and there the longest such pattern; the scan
 * resumes after it.  A shorter pattern inside or overlapping a reported
 * match is not reported.  When several patterns match the same text at
 * the same place with the same length (duplicates, or "DA" exact and
 * "da" folded on "DA"), the one added first wins.
 *
 * Hits give byte offsets into the original text, so a match spanning a
 * line break or a curly apostrophe covers exactly those bytes.
 */
#ifndef MATCHER_H
#define MATCHER_H

#include <stddef.h>

struct	matcher;	/* opaque */

/* One match: text[start..start + len) matched the pattern "id". */
struct	matcher_hit {
	size_t	 start;	/* byte offset in the scanned text */
	size_t	 len;	/* in bytes of the original text */
	int	 id;	/* the id given to matcher_add() */
};

/*
 * Return a new, empty matcher; free it with matcher_free().  Never
 * returns NULL (out of memory exits, see util.h).
 */
struct matcher	*matcher_new(void);

/*
 * Add the NUL-terminated UTF-8 pattern "p", reported as "id".  If
 * "fold_case" is non-zero ASCII letters match either case (names);
 * otherwise the match is exact (acronyms: "DA" does not match "Da").
 * The pattern is copied.  A pattern that is empty or only whitespace
 * is accepted and never matches.  Calling this after matcher_build()
 * is a caller bug and aborts.
 */
void		 matcher_add(struct matcher *, const char *p, int fold_case,
		    int id);

/*
 * Build the automaton from the patterns added so far.  Call exactly
 * once, before any matcher_scan(); a second call aborts.  Time and
 * memory are linear in the total length of the patterns (plus sorting
 * them): about 4 * (k + 2) bytes per pattern byte, where k is the number
 * of distinct bytes in the patterns, ignoring case (1 MB for 500 names).
 */
void		 matcher_build(struct matcher *);

/*
 * Scan text[0..len) (need not be NUL-terminated) and call "cb" with
 * "arg" for each match, in order of position, as described above.  "cb"
 * returns 0 to go on or non-zero to stop the scan.  The hit is only
 * valid during the call.  Safe to call from several threads at once on
 * the same matcher.  Scanning an unbuilt matcher is a caller bug and
 * aborts.
 */
void		 matcher_scan(const struct matcher *, const char *text,
		    size_t len, int (*cb)(void *arg, const struct matcher_hit *),
		    void *arg);

/* Free the matcher and everything it holds; NULL is allowed. */
void		 matcher_free(struct matcher *);

#endif /* !MATCHER_H */
