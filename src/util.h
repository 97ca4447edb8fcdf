/*
 * util.h: allocation wrappers, and writing a whole buffer.  Out of
 * memory is fatal: every wrapper prints a message and exits with status
 * 2, so callers never check for NULL.  Nothing else in folio calls
 * malloc, calloc or realloc.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * Write all of data[0..len) to "fd", again after EINTR and short
 * writes.  Returns 0, or -1 with errno set (ENOSPC for a full disk).
 */
int	 write_all(int fd, const char *data, size_t len);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif /* !UTIL_H */
