/*
 * render.h: the render and write stages: every page of the site, built
 * from the model and the theme's templates, written through output.h.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "buf.h"
#include "page.h"	/* struct theme */

struct	diag;
struct	output;
struct	site;
struct	tmpl_set;


/*
 * Find theme "name" (in the site folder's themes/, its parent's, beside
 * the executable "exe_dir", then the installed share/folio/themes) and
 * parse its templates.  Returns 0, or -1 after recording diagnostics.
 */
int	 theme_load(struct diag *, struct theme *, const char *name,
	    const char *srcdir, const char *exe_dir);
void	 theme_free(struct theme *);

/*
 * Render every page of the site.  With "out" NULL nothing is written
 * (folio check), but every document is still rendered, so that its
 * problems are found.  *npages counts the files written.  Returns 0 if no
 * error was recorded, else -1.
 */
int	 render_site(struct diag *, struct site *, const struct theme *,
	    const struct output *out, size_t *npages);

#endif /* !RENDER_H */
