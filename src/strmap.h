/*
 * strmap.h: a hash map from strings to pointers (open addressing, FNV-1a).
 * Keys are copied; values are borrowed.  Iteration order is not defined:
 * sort before output.
 */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct	strmap_slot {
	char		*key;	/* owned; NULL when empty */
	void		*val;
	uint64_t	 hash;	/* the key's: most probes stop at it */
};

struct	strmap {
	struct strmap_slot	*slots;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 n;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* The value for "key", or NULL. */
void	*strmap_get(const struct strmap *, const char *key);
/*
 * Insert key=val unless the key is present.  Returns NULL when inserted,
 * else the value already there (which is left unchanged).
 */
void	*strmap_put(struct strmap *, const char *key, void *val);
/* Set key=val, inserting the key or replacing its value. */
void	 strmap_set(struct strmap *, const char *key, void *val);
void	 strmap_free(struct strmap *);	/* frees the keys, not the values */

#endif /* !STRMAP_H */
