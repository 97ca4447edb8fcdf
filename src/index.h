/*
 * index.h: the index stage: documents by id, sections, URLs and the
 * checks that need the whole site (unique ids, references by id).
 */
#ifndef INDEX_H
#define INDEX_H

struct	diag;
struct	site;

/*
 * Build site->byid, site->sections, each document's URL, and find the
 * agencies and glossary documents.  Drafts are dropped unless
 * "with_drafts".  Every problem is recorded; returns 0 if none, else -1.
 */
int	 index_build(struct diag *, struct site *, int with_drafts);

/*
 * The id of a document in s->docs closest to "id" (a few letters
 * apart), for a "did you mean"; NULL if none is close.  The string
 * belongs to the document.
 */
const char	*index_suggest_id(const struct site *, const char *id);

#endif /* !INDEX_H */
