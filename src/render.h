/*
 * render.h: the render and write stages: every page of the site, built
 * from the model and the theme's templates, written through output.h.
 */
#ifndef RENDER_H
#define RENDER_H

#include <stddef.h>

#include "theme.h"	/* struct theme, for render_site's callers */

struct	diag;
struct	output;
struct	site;

/*
 * Render every page of the site.  With "out" NULL nothing is written
 * (folio check), but every document is still rendered, so that its
 * problems are found.  *npages counts the files written.  Returns 0 if no
 * error was recorded, else -1.
 */
int	 render_site(struct diag *, struct site *, const struct theme *,
	    const struct output *out, size_t *npages);

#endif /* !RENDER_H */
