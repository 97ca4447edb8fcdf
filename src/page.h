/*
 * page.h: what the page writers share (render.c for documents, sections,
 * the schedule and the search page; histpages.c for versions and
 * amendments): the rendering state and the pieces every page's context
 * is built from (page.c).
 */
#ifndef PAGE_H
#define PAGE_H

#include <stddef.h>

#include "buf.h"

struct	cache;
struct	concern;
struct	date;
struct	diag;
struct	doc;
struct	md_tree;
struct	output;
struct	section;
struct	site;
struct	theme;
struct	tmpl_set;
struct	tval;
struct	version;

/* One build's rendering state.  The sitemap is built as pages go. */
struct	rctx {
	struct diag		*d;
	struct site		*site;
	const struct theme	*theme;
	const struct output	*out;	/* NULL: render but write nothing */
	size_t			 npages;
	struct buf		 page;	/* reused for every page */
	struct buf		 sitemap;
	int			 no_sitemap;	/* documents: listed by render_site */
	const struct cache	*cache;	/* past versions kept between builds */
	char			 fp[41];	/* what every page depends on */
	char			 cfg[41];	/* with groups: site.yaml's key */
	char			(*groups)[41];	/* each document's pages' key
						   (output_group), or NULL */
};

/* The site-absolute URL of a site-relative one (caller frees). */
char		*page_url(const struct site *, const char *rel);
/* The URL of a section's index (caller frees). */
char		*page_section_url(const struct site *, const struct section *);
/* Set "key" to {iso, text} for a date; nothing when it is unset. */
void		 page_set_date(struct tval *, const char *key,
		    const struct date *);
/* Set "date" to {iso, text} for the date of version "v". */
void		 page_set_version_date(struct tval *, const struct version *);
/* The permanent page of version n (NULL when the site writes none). */
char		*page_permalink(const struct site *, const struct doc *,
		    size_t n);
/* A document's metadata as lists show it (caller frees the tree). */
/*
 * A concern block as templates see site.concern: {heading, text,
 * emergency, numbers, out_of_hours, form, areas, first, url}; the
 * caller owns it.
 */
struct tval	*page_concern_ctx(const struct site *, const struct concern *);
struct tval	*page_doc_ctx(const struct site *, const struct doc *);
/* The context every page starts from: site, title, URLs. */
struct tval	*page_ctx(const struct site *, const char *title,
		    const char *rel);
/* Append a breadcrumb; "url" (malloc'd, may be NULL) is taken over. */
void		 page_crumb(struct tval *list, const char *title, char *url);
/*
 * The context of a document page: its rendered body, contents, links,
 * and (for the current version) related documents and backlinks.  With
 * "past", links that no longer resolve keep only their text.  "tree",
 * if not NULL, is the body already parsed with the same options (a past
 * version's, made for its comparisons): its HTML is taken from it
 * (md_tree_html()), which leaves it to be freed only.
 */
struct tval	*page_document_ctx(struct rctx *, struct doc *, int past,
		    struct md_tree *tree);

/*
 * Render template "name" with "ctx" and write it to "rel" (".../" means
 * ".../index.html"), adding it to the sitemap if "in_sitemap".
 * Returns 0 or -1 (diagnostic recorded).
 */
int		 page_emit(struct rctx *, const char *name, struct tval *ctx,
		    const char *rel, int in_sitemap);
/* Add "rel" to the sitemap (nothing when the site has no base_url). */
void		 page_sitemap_add(struct rctx *, const char *rel);

/*
 * Add to the page context "ctx" what search.mustache lists below the
 * form, for readers without script:
 *
 *	sections_docs: [{ title, url, has_url, count, has_docs, docs:
 *	    [{ title, url, type_label, overdue }] }], the sections in site
 *	    order, then the top-level pages as { title: "Other pages",
 *	    has_url: false } (no url);
 *	has_sections_docs, list_all: whether any, whether every document
 *	    is listed (when the site has more than SEARCH_LIST_MAX, only the
 *	    sections are, linking to their own lists).
 *	filter_sections: [{ name, title }], the sections with pages, for
 *	    the section filter; filter_draft: whether to offer "Draft" in
 *	    the status filter (preview builds).
 */
void		 page_search_ctx(struct tval *ctx, const struct site *);

#endif /* !PAGE_H */
