/*
 * readfile.h: reading a source text file safely: bounded size, valid
 * UTF-8, no NUL bytes; a byte-order mark is dropped and CRLF line endings
 * become LF, so that every later stage sees one kind of text.
 */
#ifndef READFILE_H
#define READFILE_H

#include <stddef.h>

struct	buf;
struct	diag;

/* Larger source files are refused: no real document comes near it. */
#define READFILE_MAX	(16u * 1024 * 1024)

/* Read "path" into "out" (appended) as bytes.  Returns 0, or -1 after
 * recording a diagnostic. */
int	 read_file(struct diag *, const char *path, struct buf *out);

/*
 * Read "path" into "out" (appended) as bytes, as read_file() does, but
 * record nothing.  Returns 0, or -1 with errno set (EISDIR or EINVAL for
 * what is not a regular file, EFBIG past READFILE_MAX).
 */
int	 read_file_errno(const char *path, struct buf *out);

/*
 * Read "path" into "out" (appended).  Returns 0, or -1 after recording a
 * diagnostic naming the file and, for bad bytes, the line and column.
 */
int	 read_text_file(struct diag *, const char *path, struct buf *out);

/*
 * Check s[0..len) is UTF-8 without NUL bytes.  Returns 0, or -1 with the
 * 1-based line and column (in bytes) of the first bad byte.
 */
int	 text_check(const char *s, size_t len, size_t *line, size_t *col,
	    const char **why);

#endif /* !READFILE_H */
