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
#include "pack.h"
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

struct diag_entry *
diag_copy(const struct diag *d, size_t first, size_t *n)
{
	struct diag_entry	*v;
	size_t			 i;

	*n = d->n > first ? d->n - first : 0;
	v = xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i] = d->v[first + i];
		if (d->v[first + i].file != NULL)
			v[i].file = xstrdup(d->v[first + i].file);
		v[i].msg = xstrdup(d->v[first + i].msg);
	}
	return v;
}

void
diag_replay(struct diag *d, const struct diag_entry *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		diag_add(d, v[i].level, v[i].file, v[i].line, v[i].col, "%s",
		    v[i].msg);
}

void
diag_entries_free(struct diag_entry *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].file);
		free(v[i].msg);
	}
	free(v);
}

void
diag_pack(struct buf *out, const struct diag *d, size_t first)
{
	size_t	 i;

	pack_size(out, d->n > first ? d->n - first : 0);
	for (i = first; i < d->n; i++) {
		pack_size(out, (size_t)d->v[i].level);
		pack_size(out, d->v[i].line);
		pack_size(out, d->v[i].col);
		pack_str(out, d->v[i].file, d->v[i].file != NULL ?
		    strlen(d->v[i].file) : 0);
		pack_str(out, d->v[i].msg, strlen(d->v[i].msg));
	}
}

int
diag_unpack(struct diag *d, struct unpack *u)
{
	struct unpack	 again;
	size_t		 n, i, level, line, col;
	char		*file, *msg;

	/* Check they all came whole before recording any. */
	n = unpack_size(u);
	again = *u;
	for (i = 0; i < n && !u->bad; i++) {
		(void)unpack_size(u);
		(void)unpack_size(u);
		(void)unpack_size(u);
		free(unpack_str(u, NULL));
		free(unpack_str(u, NULL));
	}
	if (u->bad)
		return -1;
	for (i = 0; i < n; i++) {
		level = unpack_size(&again);
		line = unpack_size(&again);
		col = unpack_size(&again);
		file = unpack_str(&again, NULL);
		msg = unpack_str(&again, NULL);
		diag_add(d, level == DIAG_ERROR ? DIAG_ERROR : DIAG_WARNING,
		    file[0] != '\0' ? file : NULL, line, col, "%s", msg);
		free(file);
		free(msg);
	}
	return 0;
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

char *
diag_format(const struct diag_entry *e)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, e->file != NULL ? e->file : "folio");
	if (e->file != NULL && e->line > 0) {
		buf_printf(&b, ":%zu", e->line);
		if (e->col > 0)
			buf_printf(&b, ":%zu", e->col);
	}
	buf_printf(&b, ": %s: %s",
	    e->level == DIAG_ERROR ? "error" : "warning", e->msg);
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
