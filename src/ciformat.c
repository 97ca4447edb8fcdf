/*
 * ciformat.c: diagnostics for CI hosts (see ciformat.h).
 */
#include <inttypes.h>
#include <string.h>

#include "buf.h"
#include "ciformat.h"
#include "diag.h"
#include "escape.h"
#include "hash.h"

/* "path" without leading "./". */
static const char *
strip_dot(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

/* Workflow-command escaping; "prop" also escapes : and ,. */
static void
gh_escape(struct buf *b, const char *s, int prop)
{
	for (; *s != '\0'; s++)
		if (*s == '%')
			BUF_PUTSL(b, "%25");
		else if (*s == '\r')
			BUF_PUTSL(b, "%0D");
		else if (*s == '\n')
			BUF_PUTSL(b, "%0A");
		else if (prop && *s == ':')
			BUF_PUTSL(b, "%3A");
		else if (prop && *s == ',')
			BUF_PUTSL(b, "%2C");
		else
			buf_putc(b, *s);
}

void
ci_github(struct buf *b, struct diag *d)
{
	size_t	 i;

	diag_sort(d);
	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		buf_puts(b, e->level == DIAG_ERROR ? "::error " :
		    "::warning ");
		if (e->file != NULL) {
			BUF_PUTSL(b, "file=");
			gh_escape(b, strip_dot(e->file), 1);
			if (e->line > 0)
				buf_printf(b, ",line=%zu", e->line);
			if (e->line > 0 && e->col > 0)
				buf_printf(b, ",col=%zu", e->col);
			buf_putc(b, ',');
		}
		BUF_PUTSL(b, "title=folio::");
		gh_escape(b, e->msg, 0);
		buf_putc(b, '\n');
	}
}

void
ci_gitlab(struct buf *b, struct diag *d, const char *nofile)
{
	const char	*path, *level;
	uint64_t	 h;
	size_t		 i, line;

	diag_sort(d);
	buf_putc(b, '[');
	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		path = strip_dot(e->file != NULL ? e->file : nofile);
		level = e->level == DIAG_ERROR ? "error" : "warning";
		line = e->line > 0 ? e->line : 1;
		h = fnv1a(FNV_INIT, level, strlen(level) + 1);
		h = fnv1a(h, path, strlen(path) + 1);
		h = fnv1a(h, &line, sizeof(line));
		h = fnv1a(h, e->msg, strlen(e->msg));
		buf_puts(b, i > 0 ? ",\n" : "\n");
		BUF_PUTSL(b, "{\"description\":");
		json_string(b, e->msg);
		buf_printf(b, ",\"check_name\":\"folio-%s\",\"fingerprint\":"
		    "\"%016" PRIx64 "\",\"severity\":\"%s\",\"location\":"
		    "{\"path\":", level, h,
		    e->level == DIAG_ERROR ? "major" : "minor");
		json_string(b, path);
		buf_printf(b, ",\"lines\":{\"begin\":%zu}}}", line);
	}
	BUF_PUTSL(b, "\n]\n");
}
