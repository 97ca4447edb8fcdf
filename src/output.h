/*
 * output.h: the write stage's file system side.  Pages are written into a
 * temporary directory beside the output; only a build without errors
 * swaps it into place, in one step, so a failed build leaves the previous
 * site untouched.  Nothing is ever written inside the site directory.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>

struct	diag;

/* Every output directory holds this file, so folio never replaces a
 * directory it did not make. */
#define OUTPUT_MARKER	".folio-output"

struct	output {
	char	*outdir;	/* as given */
	char	*tmpdir;	/* the directory being filled; NULL if none */
};

/*
 * Check that "outdir" may be written (not inside or around "srcdir", not
 * a directory folio did not make) and create the temporary directory.
 * Returns 0, or -1 after recording a diagnostic.
 */
int	 output_begin(struct diag *, struct output *, const char *outdir,
	    const char *srcdir);

/*
 * Write data[0..len) to "rel" (a relative path with no "..") below the
 * temporary directory, creating folders.  Thread-safe.  Returns 0 or -1.
 */
int	 output_write(struct diag *, const struct output *, const char *rel,
	    const char *data, size_t len);

/* Swap the finished tree into place and remove the old one. 0 or -1. */
int	 output_commit(struct diag *, struct output *);

/* Remove the temporary directory (after a failed build). */
void	 output_abort(struct output *);

/* Remove a directory tree without following links.  0 or -1 (errno). */
int	 rmtree(const char *);

#endif /* !OUTPUT_H */
