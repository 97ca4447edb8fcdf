/*
 * buf.c: growable byte buffer (see buf.h for the invariants).
 */
#include <err.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

char	buf_empty[1];

void
buf_init(struct buf *b)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
buf_free(struct buf *b)
{
	if (b->cap != 0)
		free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	/* Never write to the shared buf_empty: other threads read it. */
	if (b->cap != 0) {
		b->len = 0;
		b->data[0] = '\0';
	}
}

void
buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {	/* len > 0, so data is not buf_empty */
		b->len = n;
		b->data[n] = '\0';
	}
}

/* Make room for "add" more bytes plus the NUL; exits on overflow. */
void
buf_grow(struct buf *b, size_t add)
{
	size_t	 need, ncap;
	char	*p;

	if (add > SIZE_MAX - b->len - 1)
		errx(2, "buffer size overflow");
	need = b->len + add + 1;
	if (need <= b->cap)
		return;
	ncap = b->cap != 0 ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = xreallocarray(b->cap != 0 ? b->data : NULL, ncap, 1);
	if (b->cap == 0)
		p[0] = '\0';
	b->data = p;
	b->cap = ncap;
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 room;
	int	 n;

	/*
	 * Formatted straight into the room there is, and a second time
	 * only if it did not fit: measuring first formatted everything
	 * twice.
	 */
	buf_grow(b, 63);
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(2, "buf_printf: bad format");
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *
buf_detach(struct buf *b)
{
	char	*p;

	p = b->cap != 0 ? b->data : xstrdup("");
	buf_init(b);
	return p;
}
