/*
 * markdown.h: Markdown to HTML with cmark-gfm (table, autolink,
 * strikethrough, tagfilter, footnotes), GitHub-style heading anchors
 * unique within the page, and a hook to rewrite links.
 */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <stddef.h>

struct	buf;
struct	diag;
struct	heading;

/*
 * Called for every link and image: "url" as written, "line" and "col"
 * its position in the file.  Return a new URL (malloc'd; the caller frees)
 * to replace it, or NULL to keep it.  *title_out may be set (malloc'd) to
 * give an empty link its text.
 */
typedef char	*(*md_link_fn)(void *arg, const char *url, int is_image,
		    size_t line, size_t col, char **title_out);

struct	md_opts {
	int		 allow_html;	/* pass raw HTML through */
	md_link_fn	 link;		/* may be NULL */
	void		*link_arg;
};

/* Register cmark-gfm's extensions; once, in main, before any thread. */
void	 md_init(void);

/*
 * Render body[0..len), whose first line is line "line0" of its file, as
 * HTML appended to "out".  The headings found (with their anchors) are
 * returned in *hs (caller frees with md_headings_free).  Returns 0; the
 * renderer cannot fail on any input.
 */
int	 md_render(const struct md_opts *, const char *body, size_t len,
	    size_t line0, struct buf *out, struct heading **hs, size_t *nhs);

void	 md_headings_free(struct heading *, size_t);

/* Append the plain text of a Markdown inline string (for titles). */
void	 md_plain_text(struct buf *, const char *s, size_t len);

#endif /* !MARKDOWN_H */
