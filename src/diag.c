/*
 * diag.c: collected diagnostics (see diag.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
}

void
diag_free(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	pthread_mutex_destroy(&d->lock);
	d->v = NULL;
	d->n = d->cap = d->nerrors = d->nwarnings = 0;
}

void
diag_vadd(struct diag *d, enum diag_level level, const char *file,
    size_t line, size_t col, const char *fmt, va_list ap)
{
	struct buf		 msg = BUF_INIT;
	struct diag_entry	*e;
	va_list			 aq;
	int			 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		buf_grow(&msg, (size_t)n);
		(void)vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
		msg.len = (size_t)n;
	}

	pthread_mutex_lock(&d->lock);
	if (d->n == d->cap) {
		d->cap = d->cap != 0 ? d->cap * 2 : 32;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	e = &d->v[d->n];
	e->level = level;
	e->file = file != NULL ? xstrdup(file) : NULL;
	e->line = line;
	e->col = col;
	e->msg = buf_detach(&msg);
	e->seq = d->n++;
	if (level == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	pthread_mutex_unlock(&d->lock);
}

void
diag_add(struct diag *d, enum diag_level level, const char *file,
    size_t line, size_t col, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(d, level, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_errno(struct diag *d, const char *file, const char *what)
{
	int	 e = errno;

	diag_add(d, DIAG_ERROR, file, 0, 0, "%s: %s", what, strerror(e));
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct diag_entry	*x = a, *y = b;
	int			 c;

	/* Diagnostics about no one file come first. */
	if (x->file == NULL || y->file == NULL) {
		if (x->file != y->file)
			return x->file == NULL ? -1 : 1;
	} else if ((c = strcmp(x->file, y->file)) != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_sort(struct diag *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), entry_cmp);
}

/*
 * Append "s" with every control character escaped (C0, DEL and, as
 * UTF-8, C1): a file name or a link target then cannot start a second,
 * forged diagnostic line or send commands to the terminal.
 */
static void
put_clean(struct buf *b, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\n')
			BUF_PUTSL(b, "\\n");
		else if (*p == '\t')
			BUF_PUTSL(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			buf_printf(b, "\\u%04x", p[1]);
			p++;
		} else
			buf_putc(b, (char)*p);
	}
}

char *
diag_format(const struct diag_entry *e)
{
	struct buf	 b = BUF_INIT;

	put_clean(&b, e->file != NULL ? e->file : "folio");
	if (e->file != NULL && e->line > 0) {
		buf_printf(&b, ":%zu", e->line);
		if (e->col > 0)
			buf_printf(&b, ":%zu", e->col);
	}
	buf_printf(&b, ": %s: ",
	    e->level == DIAG_ERROR ? "error" : "warning");
	put_clean(&b, e->msg);
	return buf_detach(&b);
}

void
diag_print(struct diag *d, FILE *f)
{
	size_t	 i;
	char	*s;

	diag_sort(d);
	for (i = 0; i < d->n; i++) {
		s = diag_format(&d->v[i]);
		fprintf(f, "%s\n", s);
		free(s);
	}
}
