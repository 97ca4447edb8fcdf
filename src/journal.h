/*
 * journal.h: committing an update of a site in place (output.h).
 *
 * The files a build changed are staged in a folder beside the site.  The
 * journal, a file in that folder, lists what the commit does, a line
 * each, in order: "R <rel>" renames the staged file <rel> into the site
 * over the old one, "D <rel>" removes <rel> from the site (and the
 * folders it leaves empty).  It is written whole, under a temporary name
 * renamed into place, only once every staged file is complete: a folder
 * holding a journal is a commit that may be finished, and finishing it
 * again after it was killed half way is safe (a staged file already
 * moved is skipped, a file already removed is no error).
 */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stddef.h>

/* The journal's name in the staging folder. */
#define JOURNAL_NAME	".folio-commit"

/* Write text[0..len) as the journal of "stagedir".  0, or -1 (errno). */
int	 journal_write(const char *stagedir, const char *text, size_t len);

/* Whether "stagedir" holds a journal. */
int	 journal_pending(const char *stagedir);

/*
 * Carry out the journal of "stagedir" on the site in "sitedir".  A file
 * or folder standing where the new one goes is replaced.  0, or -1
 * (errno) at the first step that fails; it may then be applied again.
 */
int	 journal_apply(const char *stagedir, const char *sitedir);

/*
 * Remove "rel" from "dir" (a folder with all it holds; a link, not what
 * it points at) and the folders it leaves empty.
 */
void	 journal_remove(const char *dir, const char *rel);

/*
 * Make the folders of "path" (a file) below its first "skip" bytes: a
 * file standing where one goes (an older site's) is removed.  0, or -1
 * (errno).
 */
int	 journal_make_folders(char *path, size_t skip);

#endif /* !JOURNAL_H */
