/*
 * compare.h: what changed between two versions of a document, shown as
 * the documents read, not as their Markdown.
 *
 * Both versions are parsed trees (markdown.h's md_tree, with the same
 * link hooks as their pages).  Their top-level blocks are aligned by a
 * sequence diff (wdiff_seq) over their rendered HTML; in a changed
 * stretch, blocks of the same kind that share enough words are paired,
 * the rest shown whole, deleted or inserted.  A pair is compared inside:
 * paragraphs and headings word by word with their inline markup (links,
 * emphasis, code) kept, lists item by item, block quotes block by block,
 * tables row by row and cell by cell; anything else, or a paragraph
 * whose unchanged words are fewer than CMP_SIMILAR percent of its words
 * (counted as 2 * unchanged / (old words + new words)), is shown as the
 * old block
 * followed by the new one (a heading so rewritten stays one heading:
 * old words, then new).  <del> and <ins> sit inside the structure
 * (<h2><ins>..</ins></h2>, <li><del>..</del></li>, <td class=
 * "diff-changed">..</td>), wrapping only text and inline elements, so
 * they never break a tag.  Text is escaped; URLs that cmark-gfm would
 * refuse (javascript: and the like) are emptied unless the tree was
 * parsed with raw HTML allowed.
 *
 * Top-level headings get id="c-ANCHOR" (d-ANCHOR when deleted), ANCHOR
 * being the heading's anchor on its page.  Runs of unchanged top-level
 * blocks further than "context" blocks from a change become one
 * <p class="diff-skip">…</p>, except the heading of a section holding a
 * change, which is always shown.  A change before the first heading is
 * marked by <span id="c-top"></span> at the start.
 */
#ifndef COMPARE_H
#define COMPARE_H

#include <stddef.h>

#include "buf.h"

struct	doc;
struct	md_tree;

/* Percent of words two versions of a paragraph keep to be diffed. */
#define CMP_SIMILAR	50

/* A section (heading) holding a change. */
struct	compare_section {
	char	*title;		/* the heading's text (owned) */
	char	*anchor;	/* its id in the comparison (owned) */
	int	 removed;	/* the heading is gone from the new version */
};

/* The comparison of two bodies. */
struct	compare {
	struct buf		 html;		/* the comparison (see above) */
	struct compare_section	*sections;	/* in document order (owned) */
	size_t			 nsections;
	size_t			 words_added;	/* words inside <ins> */
	size_t			 words_deleted;	/* words inside <del> */
	int			 changed;	/* the bodies differ as rendered */
};

/*
 * Compare "a" (the older version) with "b" into *c, which
 * compare_free() releases.  A link to an anchor of the page itself
 * ("#x") is made to lead to "self" (the new version's page URL) when it
 * is not NULL.  Never fails (out of memory exits).
 */
void	 compare_bodies(struct compare *c, const struct md_tree *a,
	    const struct md_tree *b, int context, const char *self);
void	 compare_free(struct compare *);

/* One changed detail of the front matter, in words. */
struct	compare_detail {
	const char	*what;		/* "Title", "Status", "Review date"... */
	char		*before;	/* as shown (owned) */
	char		*after;		/* as shown (owned) */
};

/*
 * The front matter fields readers see (title, status, summary, owner,
 * approved, last reviewed, review date, date) that differ between
 * versions "a" and "b": an array (caller frees with
 * compare_details_free) of *np entries, in that order.  Dates are in the
 * site's form ("1 March 2027"); an unset value reads "not set".  When b
 * is superseded, "replaced_by" (may be NULL) names its replacement:
 * "superseded (replaced by X)".
 */
struct compare_detail	*compare_details(const struct doc *a,
			    const struct doc *b, const char *replaced_by,
			    size_t *np);
void	 compare_details_free(struct compare_detail *, size_t);

#endif /* !COMPARE_H */
