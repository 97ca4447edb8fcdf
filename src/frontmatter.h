/*
 * frontmatter.h: splitting a document into YAML front matter and
 * Markdown body, and validating the front matter against the content
 * model into a struct doc.
 */
#ifndef FRONTMATTER_H
#define FRONTMATTER_H

#include <stddef.h>

struct	diag;
struct	doc;
struct	ynode;

struct	fm_split {
	const char	*yaml;		/* front matter text (inside the --- lines) */
	size_t		 yaml_len;
	size_t		 yaml_line;	/* file line of its first line */
	const char	*body;		/* the Markdown after the closing line */
	size_t		 body_len;
	size_t		 body_line;	/* file line of the body's first line */
};

/*
 * Split text[0..len) (already LF-only) at its front matter, which must
 * open the file with a "---" line and close with "---" or "...".
 * Returns 0, or -1 after recording a diagnostic for "path".
 */
int	 fm_split(struct diag *, const char *path, const char *text,
	    size_t len, struct fm_split *);

/*
 * Validate the front matter tree "root" (may be NULL for an empty one)
 * and fill doc's metadata fields; doc->path and doc->type (from the
 * folder, or -1 cast when none) are set by the caller.  Every problem is
 * recorded; returns 0 if there was none, else -1.
 */
int	 fm_apply(struct diag *, struct doc *, const struct ynode *root,
	    int folder_type);

/*
 * After front matter sp->yaml failed to parse (its first error already
 * recorded by the caller), record the file's other front-matter errors:
 * the top-level entry holding each YAML error is set aside in turn and
 * the rest parsed again (up to a limit), then checked as fm_apply()
 * checks it, less "missing required field" for the entries set aside.
 * "path" and "rel" are as for the document; "folder_type" as for
 * fm_apply().
 */
void	 fm_recover(struct diag *, const char *path, const char *rel,
	    const struct fm_split *sp, int folder_type);

/*
 * The owner that folio new writes for the editor to replace; fm_apply()
 * warns about it (so "folio check --strict" refuses it) wherever it is
 * left.
 */
#define FM_OWNER_PLACEHOLDER	"TO BE CONFIRMED"

/*
 * The other text folio new writes for the editor to replace: the summary,
 * and the body's line.  Left in, each is a warning, and an error in a
 * document whose status is current (fm_apply() checks the summary,
 * fm_placeholders() the body).
 */
#define FM_SUMMARY_PLACEHOLDER	"One sentence: what this document is " \
				"for and who should read it."
#define FM_BODY_PLACEHOLDER	"Write the document here, in Markdown."

/*
 * Record a diagnostic for each of folio new's placeholder lines still in
 * the body of "doc" (doc->body, doc->body_line, doc->status set): a
 * warning, an error when the status is current.
 */
void	 fm_placeholders(struct diag *, const struct doc *);

/* The field (enum field) a front matter key names, or -1 if none. */
int	 fm_field_index(const char *key);

#endif /* !FRONTMATTER_H */
