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
#include "strmap.h"
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
	d->n = d->cap = d->nerrors = d->nwarnings = d->nenv = 0;
}

static void
add_entry(struct diag *d, enum diag_level level, int env, const char *file,
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
	e->env = env;
	if (level == DIAG_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	if (env)
		d->nenv++;
	pthread_mutex_unlock(&d->lock);
}

void
diag_vadd(struct diag *d, enum diag_level level, const char *file,
    size_t line, size_t col, const char *fmt, va_list ap)
{
	add_entry(d, level, 0, file, line, col, fmt, ap);
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

void
diag_env(struct diag *d, const char *file, size_t line, size_t col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	add_entry(d, DIAG_ERROR, 1, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_env_errno(struct diag *d, const char *file, const char *what)
{
	int	 e = errno;

	diag_env(d, file, 0, 0, "%s: %s", what, strerror(e));
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
		if (v[i].env)
			diag_env(d, v[i].file, v[i].line, v[i].col, "%s",
			    v[i].msg);
		else
			diag_add(d, v[i].level, v[i].file, v[i].line,
			    v[i].col, "%s", v[i].msg);
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
diag_filter(struct diag *d, int (*keep)(const struct diag_entry *, void *),
    void *arg)
{
	size_t	 i, n = 0;

	pthread_mutex_lock(&d->lock);
	d->nerrors = d->nwarnings = d->nenv = 0;
	for (i = 0; i < d->n; i++) {
		if (!keep(&d->v[i], arg)) {
			free(d->v[i].file);
			free(d->v[i].msg);
			continue;
		}
		d->v[n++] = d->v[i];
		if (d->v[i].level == DIAG_ERROR)
			d->nerrors++;
		else
			d->nwarnings++;
		if (d->v[i].env)
			d->nenv++;
	}
	d->n = n;
	pthread_mutex_unlock(&d->lock);
}

void
diag_pack(struct buf *out, const struct diag *d, size_t first)
{
	size_t	 i;

	pack_size(out, d->n > first ? d->n - first : 0);
	for (i = first; i < d->n; i++) {
		/* The level, 2 for an error of the environment. */
		pack_size(out, d->v[i].env ? 2 : (size_t)d->v[i].level);
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
		if (level == 2)
			diag_env(d, file[0] != '\0' ? file : NULL, line, col,
			    "%s", msg);
		else
			diag_add(d, level == DIAG_ERROR ? DIAG_ERROR :
			    DIAG_WARNING, file[0] != '\0' ? file : NULL, line,
			    col, "%s", msg);
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

/*
 * The kind of a message: its text with every number and every quoted
 * value ('...') taken out, so "unknown key 'a'" and "unknown key 'b'"
 * are one kind (caller frees).
 */
static char *
kind_of(const char *msg)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *q;

	for (p = msg; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			while (p[1] >= '0' && p[1] <= '9')
				p++;
			buf_putc(&b, '#');
		} else if (*p == '\'' && (q = strchr(p + 1, '\'')) != NULL) {
			BUF_PUTSL(&b, "''");
			p = q;
		} else
			buf_putc(&b, *p);
	}
	if (b.data == NULL)
		buf_putc(&b, '\0');
	return buf_detach(&b);
}

static int
same_file(const struct diag_entry *a, const struct diag_entry *b)
{
	if (a->file == NULL || b->file == NULL)
		return a->file == b->file;
	return strcmp(a->file, b->file) == 0;
}

/* How many entries of one kind a file has, and how many are kept. */
struct	kcount {
	size_t	 total;
	size_t	 kept;
};

/*
 * Keep the first DIAG_MAX_LIKE entries of each kind in the group of
 * one file's entries v[0..n); the next becomes a count of those left
 * out and the rest are freed.  Returns the new length of the group.
 */
static size_t
cap_group(struct diag_entry *v, size_t n)
{
	struct strmap	 seen = STRMAP_INIT;
	struct kcount	*c;
	struct buf	 m = BUF_INIT;
	size_t		 i, k = 0;
	char		*kind;

	if (n <= DIAG_MAX_LIKE)
		return n;
	for (i = 0; i < n; i++) {
		kind = kind_of(v[i].msg);
		if ((c = strmap_get(&seen, kind)) == NULL) {
			c = xcalloc(1, sizeof(*c));
			strmap_put(&seen, kind, c);
		}
		c->total++;
		free(kind);
	}
	for (i = 0; i < n; i++) {
		kind = kind_of(v[i].msg);
		c = strmap_get(&seen, kind);
		free(kind);
		if (c->kept++ < DIAG_MAX_LIKE) {
			v[k++] = v[i];
			continue;
		}
		if (c->kept == DIAG_MAX_LIKE + 1) {
			buf_reset(&m);
			buf_printf(&m, "%zu more like this left out: %s",
			    c->total - DIAG_MAX_LIKE, v[i].msg);
			free(v[i].msg);
			v[i].msg = xstrdup(m.data);
			v[k++] = v[i];
			continue;
		}
		free(v[i].file);
		free(v[i].msg);
	}
	for (i = 0; i < seen.cap; i++)
		free(seen.slots[i].val);
	strmap_free(&seen);
	buf_free(&m);
	return k;
}

void
diag_sort(struct diag *d)
{
	size_t	 i, j, k;

	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), entry_cmp);
	/* Each file's group, capped, moved down over what was dropped. */
	for (i = k = 0; i < d->n; i = j) {
		for (j = i + 1; j < d->n && same_file(&d->v[i], &d->v[j]); j++)
			continue;
		if (k != i)
			memmove(&d->v[k], &d->v[i], (j - i) * sizeof(*d->v));
		k += cap_group(&d->v[k], j - i);
	}
	d->n = k;
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
