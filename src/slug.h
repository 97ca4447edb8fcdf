/*
 * slug.h: identifiers made from text: heading anchors in GitHub's style
 * and document ids from file names.
 */
#ifndef SLUG_H
#define SLUG_H

#include <stddef.h>

struct	buf;

/*
 * Append the GitHub-style anchor of heading text s[0..len): ASCII letters
 * lowercased, punctuation and symbols dropped (ASCII, Latin-1 and the
 * common Unicode punctuation blocks), spaces turned into '-', letters of
 * other scripts kept.  May append nothing (e.g. for "!!!").  s is UTF-8
 * (every caller's text has been checked); a byte that begins no
 * well-formed sequence is dropped.
 */
void	 slug_heading(struct buf *, const char *s, size_t len);

/*
 * Append the default document id for file name "name" (no directory):
 * ".md" and a second extension such as ".html" removed, lowercased,
 * Latin letters with accents written without them ("Ôl-ofal" gives
 * "ol-ofal", "ß" "ss"), apostrophes dropped ("children’s" gives
 * "childrens"), each run of other characters than [a-z0-9] turned into
 * one '-', with no '-' at either end ("Foo_Bar.html.md" gives "foo-bar").
 */
void	 slug_id_from_file(struct buf *, const char *name);

/* Whether s is a valid id: non-empty, [a-z0-9-] only. */
int	 slug_id_valid(const char *s);

#endif /* !SLUG_H */
