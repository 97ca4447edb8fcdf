/*
 * links.h: the cross-references between documents.  A scan pass over
 * every document finds its headings, links and mentions of agencies and
 * glossary terms; the links are then checked against the whole site
 * (ids, files, headings), backlinks computed; the render pass rewrites
 * links to URLs and marks up the first mention of each name.
 */
#ifndef LINKS_H
#define LINKS_H

#include <stddef.h>

struct	diag;
struct	doc;
struct	md_opts;
struct	scanmemo;
struct	site;

/*
 * Build the name matcher, scan every document, check every link and
 * related id, compute backlinks and mentions, and collect the files to
 * copy.  Returns 0 if no error was recorded, else -1.
 */
int	 links_scan(struct diag *, struct site *);

/*
 * links_scan(), taking the scan that "memo" (scanmemo.h; NULL: none)
 * kept of each document whose source and context are unchanged, and
 * keeping every document's scan in it for the next build.  The
 * diagnostics are those, in the same order, that links_scan() gives.
 */
int	 links_scan_kept(struct diag *, struct site *, struct scanmemo *memo);

/*
 * State for rendering one document: fill "o" with hooks that rewrite its
 * links and mark up first mentions.  links_render_end() frees the state.
 */
struct link_render	*links_render_begin(const struct site *, struct doc *,
			    struct md_opts *o);

/*
 * As links_render_begin, for a past version: links that no longer
 * resolve lose their target and keep their text, since the record must
 * not point nowhere.
 */
struct link_render	*links_render_past(const struct site *, struct doc *,
			    struct md_opts *o);
void	 links_render_end(struct link_render *);

#endif /* !LINKS_H */
