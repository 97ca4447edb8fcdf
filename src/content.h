/*
 * content.h: the load stage: walk the site directory, read every
 * Markdown document, split and validate its front matter.
 */
#ifndef CONTENT_H
#define CONTENT_H

struct	diag;
struct	site;

/*
 * Load every ".md" file under site->srcdir into site->docs, sorted by
 * path.  Hidden files and folders (".git", ".draft.md") are skipped.
 * Every problem is recorded; documents with errors are still kept when
 * their front matter could be read at all, so that later stages can
 * report theirs.  Returns 0 if there was no error, else -1.
 */
int	 content_load(struct diag *, struct site *);

#endif /* !CONTENT_H */
