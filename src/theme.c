/*
 * theme.c: finding a theme folder and parsing its templates (see
 * theme.h).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "readfile.h"
#include "template.h"
#include "theme.h"
#include "util.h"

#ifndef FOLIO_DATADIR
#define FOLIO_DATADIR "/usr/local/share/folio"
#endif

/* Templates every theme must have. */
static const char *const required_templates[] = {
	"home", "section", "document", "reviews", "history", "changes",
	"amendments", "404"
};

static int
is_dir(const char *p)
{
	struct stat	 st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parse every templates/NAME.mustache of the theme folder. */
static int
load_templates(struct diag *d, struct theme *t)
{
	struct buf	 dir = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	DIR		*dp;
	struct dirent	*de;
	char		**names = NULL, *name;
	size_t		 n = 0, cap = 0, i, len;
	int		 rc = 0;

	buf_printf(&dir, "%s/templates", t->dir);
	if ((dp = opendir(dir.data)) == NULL) {
		diag_errno(d, dir.data, "cannot read theme templates");
		buf_free(&dir);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 9 ||
		    strcmp(de->d_name + len - 9, ".mustache") != 0)
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir.data, names[i]);
		buf_reset(&text);
		name = xstrndup(names[i], strlen(names[i]) - 9);
		if (read_text_file(d, path.data, &text) == -1)
			rc = -1;
		else {
			/* What the page cache's keys depend on. */
			buf_put(&t->source, name, strlen(name) + 1);
			buf_put(&t->source, text.data, text.len + 1);
			if (tmpl_set_add(t->tmpl, d, name, path.data,
			    text.data, text.len) == -1)
				rc = -1;
		}
		free(name);
		free(names[i]);
	}
	free(names);
	for (i = 0; i < NELEM(required_templates); i++)
		if (tmpl_set_get(t->tmpl, required_templates[i]) == NULL) {
			diag_add(d, DIAG_ERROR, dir.data, 0, 0,
			    "theme has no %s.mustache", required_templates[i]);
			rc = -1;
		}
	buf_free(&dir);
	buf_free(&path);
	buf_free(&text);
	return rc;
}

int
theme_load(struct diag *d, struct theme *t, const char *name,
    const char *srcdir, const char *exe_dir)
{
	struct buf	 p = BUF_INIT;
	const char	*roots[4];
	size_t		 i, nroots = 0;

	memset(t, 0, sizeof(*t));
	buf_init(&t->source);
	roots[nroots++] = srcdir;
	buf_printf(&p, "%s/..", srcdir);
	roots[nroots++] = NULL;	/* the parent, filled below */
	if (exe_dir != NULL)
		roots[nroots++] = exe_dir;
	roots[nroots++] = FOLIO_DATADIR;
	for (i = 0; i < nroots && t->dir == NULL; i++) {
		struct buf c = BUF_INIT;

		buf_printf(&c, "%s/themes/%s", roots[i] != NULL ? roots[i] :
		    p.data, name);
		if (is_dir(c.data))
			t->dir = buf_detach(&c);
		buf_free(&c);
	}
	buf_free(&p);
	if (t->dir == NULL) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "theme '%s' not found "
		    "(looked for themes/%s in %s, its parent folder, beside "
		    "folio and in %s)", name, name, srcdir, FOLIO_DATADIR);
		return -1;
	}
	t->tmpl = tmpl_set_new();
	return load_templates(d, t);
}

void
theme_free(struct theme *t)
{
	buf_free(&t->source);
	free(t->dir);
	tmpl_set_free(t->tmpl);
	memset(t, 0, sizeof(*t));
	buf_init(&t->source);
}
