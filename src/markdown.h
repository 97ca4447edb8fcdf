/*
 * markdown.h: Markdown to HTML with cmark-gfm (table, autolink,
 * strikethrough, tagfilter, footnotes), GitHub-style heading anchors
 * unique within the page, and hooks to rewrite links and to mark up
 * mentions in running text.
 *
 * The same walk serves two passes: a scan (out == NULL: headings, links
 * and text are reported, nothing is rendered) and a render.
 */
#ifndef MARKDOWN_H
#define MARKDOWN_H

#include <stddef.h>

struct	buf;
struct	heading;

/*
 * Called for every link and image: "url" as written, "line" and "col"
 * its position in the file, "empty" whether it has no text.  Return a new
 * URL (malloc'd; the caller frees) to replace it, or NULL to keep it.
 * *title_out may be set (malloc'd) to give an empty link its text.
 */
typedef char	*(*md_link_fn)(void *arg, const char *url, int is_image,
		    int empty, size_t line, size_t col, char **title_out);

/* Returned by an md_link_fn: drop the link and keep its text. */
extern char	 md_link_drop[1];

/* A piece of running text to mark up (render pass). */
struct	md_span {
	size_t	 start;		/* byte offset in the text node */
	size_t	 len;
	char	*href;		/* link target (owned) */
	char	*abbr;		/* if set, wrap in <abbr title=...> (owned) */
};

/*
 * Called for each text node outside headings, links, images and code,
 * with its position.  May return spans (sorted, not overlapping; the
 * array and its strings malloc'd, freed by the caller) through *spans;
 * returns their number.  In the scan pass the spans are ignored.
 */
typedef size_t	 (*md_text_fn)(void *arg, const char *text, size_t len,
		    size_t line, size_t col, struct md_span **spans);

/*
 * Called for what an editor most likely did not mean (scan pass): raw
 * HTML that is removed, an image with no alt text, a table with no
 * delimiter row, a heading with no space after its '#', a link whose
 * target holds a space.  "error" is set for raw HTML whose text would
 * be lost; "msg" is the whole message.
 */
typedef void	 (*md_slip_fn)(void *arg, int error, size_t line, size_t col,
		    const char *msg);

/*
 * A local passage: the blocks between a line "<!-- partnership: ID -->"
 * and a line "<!-- /partnership -->" of the same container.  Called for
 * each with its id and the file position of its opening line; returns
 * what the page does with it: MD_LOCAL_HIDE (left out), MD_LOCAL_SHOW
 * (shown as text of the page) or MD_LOCAL_LABEL (shown set apart, under
 * the label the callee appends to "label", plain text).
 */
enum	md_local {
	MD_LOCAL_HIDE,
	MD_LOCAL_SHOW,
	MD_LOCAL_LABEL
};
typedef enum md_local	 (*md_local_fn)(void *arg, const char *id,
			    size_t line, size_t col, struct buf *label);

struct	md_opts {
	int		 allow_html;	/* pass raw HTML through */
	md_local_fn	 local;		/* may be NULL: markers are left as
					   they are (comments, not shown) */
	md_link_fn	 link;		/* may be NULL */
	md_text_fn	 text;		/* may be NULL */
	md_slip_fn	 slip;		/* may be NULL */
	void		*arg;		/* for the hooks */
	struct buf	*plain;		/* if set, md_plain()'s text is
					   appended here (one parse for both) */
};

/* Register cmark-gfm's extensions; once, in main, before any thread. */
void	 md_init(void);

/*
 * Parse body[0..len), whose first line is line "line0" of its file, call
 * the hooks, and (when "out" is not NULL) append the HTML to "out".  The
 * headings found, with their anchors, are returned in *hs (caller frees
 * with headings_free(), scan.h).  Returns 0: no input makes it fail.
 */
int	 md_process(const struct md_opts *, const char *body, size_t len,
	    size_t line0, struct buf *out, struct heading **hs, size_t *nhs);

/* A parsed document, for walking with cmark-gfm's API (compare.c). */
struct	md_tree {
	struct cmark_node	*doc;	/* the document node */
	struct cmark_parser	*parser;	/* owns the extensions */
	int			 options;	/* cmark options it was parsed with */
	struct heading		*hs;	/* every heading, in document order */
	size_t			 nhs;
};

/*
 * Parse and apply the hooks as md_process() does (links rewritten or
 * dropped, text spans marked up), but render nothing: the tree is kept
 * in *t, headings left as heading nodes; t->hs holds their anchors in the
 * order a cmark_iter walk enters them.  Free with md_tree_free().
 */
void	 md_tree(const struct md_opts *, const char *body, size_t len,
	    size_t line0, struct md_tree *t);
void	 md_tree_free(struct md_tree *);

/*
 * Append the HTML md_process() would have made of the body t was parsed
 * from with the same options, and hand over its headings (*hs, *nhs, as
 * md_process() gives them; t keeps none).  The tree is changed: only
 * md_tree_free() may follow.
 */
void	 md_tree_html(struct md_tree *t, struct buf *out, struct heading **hs,
	    size_t *nhs);

/*
 * Append the plain text of the Markdown body[0..len), for the search
 * index: the text of text, code and code-block nodes (link text and image
 * descriptions included), with a space for each line break and between
 * blocks and table cells, none leading or trailing; raw HTML and footnote
 * reference marks are left out.  Parsed as md_process() parses, with no
 * hooks, so the same rule holds: one parse at a time in a process
 * (cmark-gfm changes a process-wide table while it parses; see pool.h).
 */
void	 md_plain(const char *body, size_t len, struct buf *out);

/* Deeper nesting on one line than this is refused (see md_too_deep). */
#define MD_MAX_NESTING	100

/*
 * Whether a line of body[0..len) opens more than MD_MAX_NESTING block
 * containers ("> > > ...", "- - - ..."): cmark-gfm slows down
 * super-linearly on such input, and no real document needs it.  Returns
 * the 1-based line within the body, or 0 if there is none.
 */
size_t	 md_too_deep(const char *body, size_t len);

/*
 * Markup: what may start a node of cmark-gfm's tree.  At the start of a
 * line, each block marker (- + * > # or "1." / "1)", nested or not);
 * within it, each run of * _ ~ ` and each [ ] < ! \\ & |; and the end of
 * a line that is not blank.  cmark-gfm keeps every node of a document
 * at once, about 200 bytes each, and one such mark can make one or two:
 * a line of "**b** " took 100 times its size.  So a document may hold
 * at most MD_MARKUP_MIN marks, or one per MD_MARKUP_PER bytes if that
 * is more: checking it then takes at most about 20 times its size, or
 * 60 MB (a 3 MB real text, at one mark in 30 to 40 bytes, is within
 * the minimum).
 */
#define MD_MARKUP_MIN	100000
#define MD_MARKUP_PER	40

/* The most marks a body of "len" bytes may hold. */
size_t	 md_markup_max(size_t len);

/*
 * Whether body[0..len) holds more marks than md_markup_max(len): 0 if not, else the 1-based line within the body
 * of the first one over (its column in *col).
 */
size_t	 md_too_much_markup(const char *body, size_t len, size_t *col);

#endif /* !MARKDOWN_H */
