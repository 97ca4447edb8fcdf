/*
 * yamlget.h: typed reading of values from a YAML tree (yamltree.h), one
 * set of rules for site.yaml (config.c) and front matter (frontmatter.c).
 *
 * Every accessor takes the file "path" and the setting's name "key" for
 * its diagnostics, records an error at the value's line and column when
 * the value is not of its type, and says so by its return.  Text is a
 * non-empty single value without NUL or control characters (tab and line
 * feed allowed), whichever file it comes from.
 */
#ifndef YAMLGET_H
#define YAMLGET_H

#include <stddef.h>

struct	date;
struct	diag;
struct	ynode;

/* The text of v, borrowed from the tree; NULL after an error. */
const char	*yget_text(struct diag *, const char *path, const char *key,
		    const struct ynode *v);

/* A copy of yget_text() the caller frees; NULL after an error. */
char		*yget_dup(struct diag *, const char *path, const char *key,
		    const struct ynode *v);

/* A date, YYYY-MM-DD, into *out.  Returns 0, or -1 after an error. */
int		 yget_date(struct diag *, const char *path, const char *key,
		    const struct ynode *v, struct date *out);
/* A date as precise as its source: YYYY-MM-DD, YYYY-MM or YYYY. */
int		 yget_date_partial(struct diag *, const char *path,
		    const char *key, const struct ynode *v, struct date *out);

/* true/yes or false/no into *out.  Returns 0, or -1 after an error. */
int		 yget_bool(struct diag *, const char *path, const char *key,
		    const struct ynode *v, int *out);

/*
 * A whole number from lo to hi into *out.  Returns 0, or -1 after an
 * error.
 */
int		 yget_int(struct diag *, const char *path, const char *key,
		    const struct ynode *v, long lo, long hi, int *out);

/*
 * A list of texts; a single value is a list of one, a null value a list
 * of none.  *out (NULL when there is none; else the caller frees each
 * string and the array) holds the good items, *n of them.  Returns 0,
 * or -1 after recording an error for v or for any item.
 */
int		 yget_list(struct diag *, const char *path, const char *key,
		    const struct ynode *v, char ***out, size_t *n);

/*
 * The edit (Levenshtein) distance between a and b, ignoring ASCII case
 * when "fold" is set.
 */
size_t		 yget_distance(const char *a, const char *b, int fold);

/*
 * The known key closest to "key" by edit distance, for "did you mean"
 * hints; NULL if none is close.  "keys" is NULL-terminated.
 */
const char	*yget_suggest(const char *key, const char *const *keys);

/*
 * Record "unknown WHAT 'KEY'WHERE", with "(did you mean ...?)" when one
 * of "keys" is close: what is "setting" or "key", where "" or, say,
 * " in an agency".
 */
void		 yget_unknown(struct diag *, const char *path,
		    const struct ynode *k, const char *what, const char *where,
		    const char *const *keys);

#endif /* !YAMLGET_H */
