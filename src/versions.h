/*
 * versions.h: documents' versions from the git history: attaching each
 * document's history, reading a past version back as a document, and
 * turning the site back to a date (folio build --as-of).
 */
#ifndef VERSIONS_H
#define VERSIONS_H

#include <stddef.h>

struct	date;
struct	diag;
struct	doc;
struct	history;
struct	history_reader;
struct	site;
struct	version;

/*
 * Give every document its history and version count; mark documents
 * with uncommitted changes as drafts (warning about each when "warn").
 */
void	 versions_attach(struct diag *, struct site *, const struct history *,
	    int warn);

/*
 * Read version "v" of document "cur" from git into a new document holding
 * the metadata and body of that time (problems with old front matter are
 * not reported: past versions are records).  Returns NULL if the blob
 * cannot be read.  Free with doc_free().
 */
struct doc	*version_load(struct history_reader *, const struct doc *cur,
		    const struct version *v);

/*
 * The document "cur" as version text text[0..len) has it, as
 * version_load() makes it (for tests and fuzzing).  Never NULL.
 */
struct doc	*version_doc(const struct doc *cur, const char *text,
		    size_t len);

/* The calendar date (Europe/London) of a version. */
void	 version_date(const struct version *, struct date *);

/*
 * Turn the site back to how it stood on site->as_of: each document
 * becomes its last version on or before that date; documents with none
 * are dropped.  Returns 0, or -1 after recording an error.
 */
int	 versions_as_of(struct diag *, struct site *, const struct history *);

#endif /* !VERSIONS_H */
