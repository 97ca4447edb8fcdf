/*
 * pagediag.c: the preview's diagnostics, page by page (see pagediag.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "pagediag.h"
#include "slug.h"
#include "strmap.h"
#include "util.h"

/* Source lines shown before and after an error's line. */
#define CONTEXT_LINES	3
/* The most of a source file read for the excerpts. */
#define SOURCE_MAX	(4u << 20)

/* The page of document file "file" (below srcdir) with no URL known. */
static void
page_of_file(struct buf *out, const char *srcdir, const char *file)
{
	const char	*rel = file, *base;
	size_t		 n = strlen(srcdir);
	char		*dir;

	if (strncmp(file, srcdir, n) == 0 && file[n] == '/')
		rel = file + n + 1;
	base = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
	if (strchr(rel, '/') != NULL)
		buf_printf(out, "%.*s/", (int)(strchr(rel, '/') - rel), rel);
	if (strcmp(base, "index.md") == 0 && base != rel) {
		/* index.md takes its folder's name, as content.c says. */
		dir = xstrndup(rel, (size_t)(base - 1 - rel));
		slug_id_from_file(out, strrchr(dir, '/') != NULL ?
		    strrchr(dir, '/') + 1 : dir);
		free(dir);
	} else
		slug_id_from_file(out, base);
	BUF_PUTSL(out, "/");
}

/* Read up to SOURCE_MAX bytes of "path" into b; -1 if it cannot be. */
static int
read_source(const char *path, struct buf *b)
{
	FILE	*f = fopen(path, "rb");
	char	 chunk[8192];
	size_t	 n;

	if (f == NULL)
		return -1;
	while (b->len < SOURCE_MAX && (n = fread(chunk, 1, sizeof(chunk), f))
	    > 0)
		buf_put(b, chunk, n);
	fclose(f);
	return 0;
}

/* Lines line-CONTEXT..line+CONTEXT of src, numbered, "line" marked. */
static void
put_excerpt(struct buf *out, const struct buf *src, size_t line)
{
	const char	*p = src->data, *end = src->data + src->len, *q;
	size_t		 n = 1, first = line > CONTEXT_LINES ?
			    line - CONTEXT_LINES : 1;

	BUF_PUTSL(out, "<pre class=\"folio-source\">");
	for (; p < end && n <= line + CONTEXT_LINES; p = q + 1, n++) {
		if ((q = memchr(p, '\n', (size_t)(end - p))) == NULL)
			q = end;
		if (n < first)
			continue;
		if (n == line)
			BUF_PUTSL(out, "<mark>");
		buf_printf(out, "%4zu | ", n);
		html_escape(out, p, (size_t)(q - p));
		if (n == line)
			BUF_PUTSL(out, "</mark>");
		buf_putc(out, '\n');
		if (q == end)
			break;
	}
	BUF_PUTSL(out, "</pre>");
}

/* The entry of page "url", made if new. */
static struct pagediag *
entry(struct pagediags *pd, const char *url)
{
	struct buf	 key = BUF_INIT;
	struct pagediag	*e;

	buf_printf(&key, "%sindex.html", url);
	if ((e = strmap_get(&pd->map, key.data)) == NULL) {
		e = xcalloc(1, sizeof(*e));
		buf_init(&e->html);
		strmap_put(&pd->map, key.data, e);
	}
	buf_free(&key);
	return e;
}

/* Close each entry's list and give it its heading. */
static void
finish(struct pagediags *pd)
{
	struct pagediag	*e;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < pd->map.cap; i++) {
		if (pd->map.slots[i].key == NULL)
			continue;
		e = pd->map.slots[i].val;
		buf_reset(&b);
		BUF_PUTSL(&b, "<section class=\"folio-preview-diags\" "
		    "aria-labelledby=\"folio-preview-diags-h\" style=\""
		    "border:3px solid #b00020;background:#fff;color:#000;"
		    "padding:0.5rem 1rem;margin:1rem 0\">\n"
		    "<h2 id=\"folio-preview-diags-h\">folio preview: ");
		buf_printf(&b, "%zu error%s, %zu warning%s on this page</h2>\n"
		    "<p>Shown in the preview only, never on the published "
		    "site.</p>\n<ul>\n", e->nerrors, e->nerrors == 1 ? "" : "s",
		    e->nwarnings, e->nwarnings == 1 ? "" : "s");
		buf_put(&b, e->html.data, e->html.len);
		BUF_PUTSL(&b, "</ul>\n</section>\n");
		buf_reset(&e->html);
		buf_put(&e->html, b.data, b.len);
	}
	buf_free(&b);
}

void
pagediags_make(struct pagediags *pd, const struct diag *d,
    const char *srcdir, const char *pages)
{
	struct strmap	 urls = STRMAP_INIT, sources = STRMAP_INIT;
	struct buf	 url = BUF_INIT, *src;
	const struct diag_entry *v;
	struct pagediag	*e;
	const char	*p, *tab, *nl, *u;
	char		*line, *file;
	size_t		 i;

	for (p = pages; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL || (tab = memchr(p, '\t',
		    (size_t)(nl - p))) == NULL)
			break;
		file = xstrndup(p, (size_t)(tab - p));
		strmap_put(&urls, file, xstrndup(tab + 1,
		    (size_t)(nl - tab - 1)));
		free(file);
	}
	for (i = 0; i < d->n; i++) {
		v = &d->v[i];
		if (v->file == NULL || strlen(v->file) < 3 ||
		    strcmp(v->file + strlen(v->file) - 3, ".md") != 0)
			continue;
		buf_reset(&url);
		if ((u = strmap_get(&urls, v->file)) != NULL)
			buf_puts(&url, u);
		else if (v->level == DIAG_ERROR)
			page_of_file(&url, srcdir, v->file);
		else
			continue;
		e = entry(pd, url.data);
		e->missing = u == NULL;
		if (v->level == DIAG_ERROR)
			e->nerrors++;
		else
			e->nwarnings++;
		BUF_PUTSL(&e->html, "<li>");
		line = diag_format(v);
		html_escape(&e->html, line, strlen(line));
		free(line);
		if (v->line > 0 && v->level == DIAG_ERROR) {
			if ((src = strmap_get(&sources, v->file)) == NULL) {
				src = xcalloc(1, sizeof(*src));
				buf_init(src);
				(void)read_source(v->file, src);
				strmap_put(&sources, v->file, src);
			}
			put_excerpt(&e->html, src, v->line);
		}
		BUF_PUTSL(&e->html, "</li>\n");
	}
	finish(pd);
	for (i = 0; i < urls.cap; i++)
		if (urls.slots[i].key != NULL)
			free(urls.slots[i].val);
	for (i = 0; i < sources.cap; i++)
		if (sources.slots[i].key != NULL) {
			buf_free(sources.slots[i].val);
			free(sources.slots[i].val);
		}
	strmap_free(&urls);
	strmap_free(&sources);
	buf_free(&url);
}

const struct pagediag *
pagediags_get(const struct pagediags *pd, const char *rel)
{
	return strmap_get(&pd->map, rel);
}

void
pagediags_free(struct pagediags *pd)
{
	struct pagediag	*e;
	size_t		 i;

	for (i = 0; i < pd->map.cap; i++) {
		if (pd->map.slots[i].key == NULL)
			continue;
		e = pd->map.slots[i].val;
		buf_free(&e->html);
		free(e);
	}
	strmap_free(&pd->map);
}
