/*
 * yamltree.h: a YAML document read with libyaml into a small tree whose
 * nodes keep their line and column, so that validation can point at the
 * exact place of a problem.  Anchors and aliases, tags, and more than one
 * document are refused: front matter and site.yaml need none of them.
 */
#ifndef YAMLTREE_H
#define YAMLTREE_H

#include <stddef.h>

struct	diag;

enum	ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP
};

struct	ynode {
	enum ynode_kind	 kind;
	char		*str;	/* YN_SCALAR: the value, NUL-terminated */
	size_t		 len;	/* YN_SCALAR: its length */
	int		 plain;	/* YN_SCALAR: unquoted (so "null", "true" mean those) */
	size_t		 line;	/* 1-based, in the file */
	size_t		 col;	/* 1-based */
	struct ynode	**kids;	/* YN_SEQ: items; YN_MAP: key, value, key, value... */
	size_t		 nkids;
};

/*
 * Parse src[0..len) as one YAML document.  "file" names it in
 * diagnostics and "line0" is the file line of the text's first line.
 * On success *out is the root (NULL for an empty document) and 0 is
 * returned; on failure a diagnostic is recorded and -1 is returned.
 * Duplicate keys in a mapping are errors.
 */
int	 ytree_parse(struct diag *, const char *file, size_t line0,
	    const char *src, size_t len, struct ynode **out);
void	 ytree_free(struct ynode *);

/* Whether a scalar is null: empty plain, "~", "null". */
int	 ynode_is_null(const struct ynode *);

/* Kind as a word for diagnostics: "a string", "a list", "a mapping". */
const char	*ynode_kind_name(const struct ynode *);

#endif /* !YAMLTREE_H */
