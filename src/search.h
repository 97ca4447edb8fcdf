/*
 * search.h: the serverless site search.  The build collects each
 * document's words into postings and writes a static index under search/
 * that themes/default/static/search.js queries in the browser, fetching
 * only the few files a query needs (docs/search.md has the formats).
 *
 * Terms.  A word is a run of letters and digits: ASCII letters are
 * lowercased; Latin-1 and Latin Extended-A letters are folded to ASCII
 * ("É" -> "e", "ß" -> "ss"), as are Romanian ș and ț; Greek and Cyrillic
 * capitals are lowercased; other letters (Arabic, Bengali, CJK ...) are
 * kept as they are.  Punctuation, symbols, emoji and general
 * punctuation (U+2000..U+2BFF) separate words; an apostrophe between two
 * letters is dropped ("child's" -> "childs"), as are combining marks and
 * soft hyphens.  Words longer than SEARCH_TERM_MAX bytes and the stop
 * words are left out, and a light plural fold applies ("policies" ->
 * "policy", "processes" -> "process", "procedures" -> "procedure";
 * "status", "analysis" and "class" are kept).  search.js applies the very
 * same rules to the query; tests/search/tokens.txt holds cases both run.
 *
 * Typical use (render.c): search_new() before the pages, search_add_doc()
 * for each document, search_write() at the end, search_free().  The
 * search page itself is written with the other pages (page.h,
 * page_search_ctx()).  Every function accepts a NULL index and then does
 * nothing, so "folio check" can pass NULL and pay nothing.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>

struct	buf;
struct	diag;
struct	doc;
struct	output;
struct	site;

#define SEARCH_VERSION		2	/* of the file formats, in meta.json */
#define SEARCH_TERM_MAX		40	/* longer words are not indexed */
#define SEARCH_TEXT_MAX		65536	/* bytes of text kept per document */
#define SEARCH_SHARD_MAX	(32 * 1024)	/* split bigger shards */
#define SEARCH_RESULTS		20	/* results search.js shows at a time */
#define SEARCH_WORD_MIN	4	/* shortest word typo suggestions offer */
#define SEARCH_LIST_MAX		1000	/* search page lists docs up to this */

struct	search_index;	/* opaque */

/*
 * Return a new, empty index (never NULL); free it with search_free().
 */
struct search_index	*search_new(void);

/*
 * Collect one document: its title (terms flagged "in title"), its
 * summary, agencies and glossary terms, and "plain_text" (len bytes: its
 * body without markup, see md_plain()).  Call once per document, in any
 * order, from one thread; documents with no page (empty url) are left
 * out, as are documents without an id or title.  Only postings and the
 * text (summary and body, up to SEARCH_TEXT_MAX bytes, for the excerpts
 * and the phrase and proximity ranking search.js does) are kept;
 * "doc" is borrowed and must stay valid until search_write().  A NULL
 * index does nothing.
 */
void	 search_add(struct search_index *, const struct doc *,
	    const char *plain_text, size_t len);

/* search_add() with the plain text of the document's Markdown body. */
void	 search_add_doc(struct search_index *, const struct doc *);

/*
 * One document's share of an index, kept to be added again without
 * tokenising it (the preview server keeps one per document): exactly
 * what search_add() with the same arguments adds.  NULL when that is
 * nothing.
 */
struct	search_entry;

struct search_entry	*search_entry_new(const struct doc *,
			    const char *plain_text, size_t len);
/* Add "e" (may be NULL) for "doc", as search_add() would have. */
void	 search_add_entry(struct search_index *, const struct doc *,
	    const struct search_entry *e);
void	 search_entry_free(struct search_entry *);

/*
 * Everything besides its plain text that search_add() reads of "doc",
 * as bytes (appended to m): two documents with the same are indexed
 * alike given the same plain text.
 */
void	 search_doc_meta(struct buf *m, const struct doc *doc);

/*
 * An entry ("e", may be NULL: nothing to add) for "doc" as bytes, to be
 * kept with the plain text it was made from (scan.h), and back:
 * search_entry_unpack() returns 1 with *out set (NULL: nothing to add)
 * when p[0..len) is such bytes, made for a document whose fields
 * search_add() reads are those of "doc" now, with the text made again
 * from "doc" and plain[0..plen); else 0 (then index the document
 * afresh).
 */
void	 search_entry_pack(struct buf *out, const struct search_entry *e,
	    const struct doc *doc);
int	 search_entry_unpack(const char *p, size_t len, const struct doc *doc,
	    const char *plain, size_t plen, struct search_entry **out);

/*
 * search_entry_unpack() and search_add_entry() in one, without copying
 * the terms: 1 when p[0..len) was added (or says there is nothing to
 * add), 0 when it is not such bytes (then nothing was added).
 */
int	 search_add_packed(struct search_index *, const struct doc *,
	    const char *p, size_t len, const char *plain, size_t plen);

/*
 * Write the index under search/ through output_write(): meta.json (with
 * the sections, statuses and the glossary's abbreviations), index-KEY.json
 * shards, docs-NNN.json chunks (with each document's updated date) and
 * words-K.json term lists for typo suggestions, in a deterministic
 * order and form (the same documents give the same bytes whatever order
 * they were added in).  Review states are taken on the site's "today".
 * "d" and "out" may be NULL: everything is built, nothing written ("d"
 * must be given when "out" is).  A NULL index writes nothing.  *nfiles
 * (if not NULL) is set to the number of files written.  Call it once per
 * index: it renumbers the postings, so a second call (and any later
 * search_add) is refused.  Returns 0, or -1 after recording a diagnostic.
 */
int	 search_write(struct diag *, const struct output *,
	    const struct site *, struct search_index *, size_t *nfiles);

/* Free the index.  NULL is allowed. */
void	 search_free(struct search_index *);

/*
 * Append the terms of s[0..len), as the index and search.js see them,
 * separated by single spaces.  For tests and tools.
 */
void	 search_terms(struct buf *, const char *s, size_t len);

/*
 * Append the shard key of a term: each character mapped to itself if it
 * is [a-z0-9], else to '_'.  Shards cover ranges of these keys.
 */
void	 search_term_key(struct buf *, const char *term, size_t len);

#endif /* !SEARCH_H */
