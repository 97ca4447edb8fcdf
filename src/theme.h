/*
 * theme.h: a theme: the folder it was found in and its Mustache
 * templates, parsed once per build and rendered for every page
 * (render.c, histpages.c through page.h).  A theme's static/ files are
 * copied by render.c.
 */
#ifndef THEME_H
#define THEME_H

#include "buf.h"

struct	diag;
struct	tmpl_set;

struct	theme {
	char		*dir;		/* the theme folder found */
	struct tmpl_set	*tmpl;		/* templates/NAME.mustache, by NAME */
	struct buf	 source;	/* every template's name and text, for
					   the page cache's keys */
};

/*
 * Find theme "name" (in the site folder's themes/, its parent's, beside
 * the executable "exe_dir", then the installed share/folio/themes) and
 * parse its templates; every theme must have the templates render.c
 * needs.  Returns 0, or -1 after recording diagnostics; either way
 * theme_free() frees what was loaded.
 */
int	 theme_load(struct diag *, struct theme *, const char *name,
	    const char *srcdir, const char *exe_dir);

/* Free what theme_load() made and leave the theme empty. */
void	 theme_free(struct theme *);

#endif /* !THEME_H */
