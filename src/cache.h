/*
 * cache.h: rendered pages kept between builds, keyed by content.  A key
 * is the SHA-1 of everything the page depends on, so a changed input
 * simply misses; nothing is ever invalidated by hand.  The cache lives
 * outside the site folder ($FOLIO_CACHE_DIR, else $XDG_CACHE_HOME/folio,
 * else ~/.cache/folio, one folder per site) and is safe to delete.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>

struct	buf;
struct	diag;
struct	output;
struct	strmap;

struct	cache {
	char	*dir;	/* this site's cache folder; NULL: no cache */
};

/*
 * Find (and create) the cache folder for the site at "srcdir".  Without
 * a usable folder, or one inside the site, the cache is off (dir NULL);
 * that is never an error.
 */
void	 cache_open(struct cache *, const char *srcdir);
void	 cache_close(struct cache *);

/* The key (40 hex digits and a NUL) of the bytes in "material". */
void	 cache_key(char key[41], const struct buf *material);

/*
 * Write the cached page "key" to "rel" in the output: linked from the
 * site being replaced when it holds that very page (output_link_prev),
 * else copied from the cache.  Returns 0 on a hit, -1 on a miss
 * (nothing written, nothing recorded).
 */
int	 cache_fetch(const struct cache *, const char *key, struct diag *,
	    const struct output *, const char *rel);

/*
 * Keep data[0..len), which the build wrote to "rel" in the output, as
 * "key"; failures only cost a later miss.
 */
void	 cache_store(const struct cache *, const char *key, const char *data,
	    size_t len, const struct output *, const char *rel);

/*
 * The entries' format (cache.c), for tests and fuzzing.  Replace "head"
 * with the header line of the entry that keeps data[0..len) as "key"
 * (40 hex digits); the entry is that line, then the data.
 */
void	 cache_entry_head(struct buf *head, const char *key, const char *data,
	    size_t len);

/*
 * Whether entry file "data" is whole and is "key"'s: 0 with its page at
 * data->data + *page, *len bytes (to the end), else -1.
 */
int	 cache_entry_check(const char *key, const struct buf *data,
	    size_t *page, size_t *len);

/*
 * Entries that are not pages (the history walk's results): the bytes
 * kept as "key" in *out (replaced) if the entry is there and verifies,
 * 0; else -1, and a damaged entry is removed.
 */
int	 cache_get(const struct cache *, const char *key, struct buf *out);

/* Keep data[0..len) as "key"; failures only cost a later miss. */
void	 cache_put(const struct cache *, const char *key, const char *data,
	    size_t len);
/* Remove the entry "key", if there is one. */
void	 cache_drop(const struct cache *, const char *key);

/*
 * Remove from the cache of the site at "srcdir" every entry that the
 * build just committed in "o" did not use (its pages, and the keys of
 * "also", a set of other entries it used, or NULL), and temporary files
 * that interrupted stores left: the cache holds what the last build
 * needed, no more.  Failures are ignored.
 */
void	 cache_prune(const char *srcdir, const struct output *o,
	    const struct strmap *also);

#endif /* !CACHE_H */
