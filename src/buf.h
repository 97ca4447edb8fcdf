/*
 * buf.h: growable byte buffer; the only way strings are built.
 *
 * Invariants: data is never NULL and is NUL-terminated at data[len], so
 * it can be passed to C string functions; it may hold embedded NULs.
 * cap is private.  Initialise with BUF_INIT or buf_init().
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct	buf {
	char	*data;	/* never NULL; NUL-terminated */
	size_t	 len;	/* bytes in use, not counting the NUL */
	size_t	 cap;	/* private: 0 while data points at buf_empty */
};

extern char	buf_empty[1];
#define BUF_INIT { buf_empty, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);	/* leaves it as BUF_INIT */
void	 buf_reset(struct buf *);	/* len = 0, keeps the memory */
void	 buf_truncate(struct buf *, size_t);	/* shrink len to at most n */
void	 buf_grow(struct buf *, size_t);	/* room for n more bytes */
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
		__attribute__((format(printf, 2, 3)));
char	*buf_detach(struct buf *);	/* caller frees; buf reset */

/* Append a string literal without strlen(3). */
#define BUF_PUTSL(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

#endif /* !BUF_H */
