/*
 * yamlget.c: typed reading of YAML values (see yamlget.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "util.h"
#include "yamlget.h"
#include "yamltree.h"

const char *
yget_text(struct diag *d, const char *path, const char *key,
    const struct ynode *v)
{
	const char	*s;

	if (v->kind != YN_SCALAR) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' must be a single value, not %s", key,
		    ynode_kind_name(v));
		return NULL;
	}
	if (ynode_is_null(v) || v->len == 0) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' is empty", key);
		return NULL;
	}
	if (strlen(v->str) != v->len) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' contains a NUL character", key);
		return NULL;
	}
	for (s = v->str; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "'%s' contains a control character", key);
			return NULL;
		}
	return v->str;
}

char *
yget_dup(struct diag *d, const char *path, const char *key,
    const struct ynode *v)
{
	const char	*s = yget_text(d, path, key, v);

	return s != NULL ? xstrdup(s) : NULL;
}

int
yget_date(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct date *out)
{
	const char	*s, *why;

	if ((s = yget_text(d, path, key, v)) == NULL)
		return -1;
	if (date_parse(s, strlen(s), out, &why) == -1) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s': '%s' is not a valid date: %s", key, s, why);
		return -1;
	}
	return 0;
}

int
yget_date_partial(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct date *out)
{
	const char	*s, *why;

	if ((s = yget_text(d, path, key, v)) == NULL)
		return -1;
	if (date_parse_partial(s, strlen(s), out, &why) == -1) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s': '%s' is not a valid date: %s", key, s, why);
		return -1;
	}
	return 0;
}

int
yget_bool(struct diag *d, const char *path, const char *key,
    const struct ynode *v, int *out)
{
	const char	*s = yget_text(d, path, key, v);

	if (s == NULL)
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
		*out = 0;
		return 0;
	}
	diag_add(d, DIAG_ERROR, path, v->line, v->col,
	    "'%s' must be true or false, not '%s'", key, s);
	return -1;
}

int
yget_int(struct diag *d, const char *path, const char *key,
    const struct ynode *v, long lo, long hi, int *out)
{
	const char	*s = yget_text(d, path, key, v);
	char		*end;
	long		 n;

	if (s == NULL)
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || n < lo || n > hi) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' must be a whole number from %ld to %ld, not '%s'",
		    key, lo, hi, s);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int
yget_list(struct diag *d, const char *path, const char *key,
    const struct ynode *v, char ***out, size_t *n)
{
	size_t	 i;
	int	 rc = 0;

	*out = NULL;
	*n = 0;
	if (v->kind == YN_SCALAR) {
		if (ynode_is_null(v))
			return 0;
		*out = xcalloc(1, sizeof(**out));
		if (((*out)[0] = yget_dup(d, path, key, v)) == NULL) {
			free(*out);
			*out = NULL;
			return -1;
		}
		*n = 1;
		return 0;
	}
	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' must be a list, not %s", key, ynode_kind_name(v));
		return -1;
	}
	*out = xcalloc(v->nkids, sizeof(**out));
	for (i = 0; i < v->nkids; i++)
		if (((*out)[*n] = yget_dup(d, path, key, v->kids[i])) != NULL)
			(*n)++;
		else
			rc = -1;
	return rc;
}

size_t
yget_distance(const char *a, const char *b, int fold)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, prev, cur, best;
	size_t	*row = xcalloc(lb + 1, sizeof(*row));
	int	 x, y;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			x = (unsigned char)a[i - 1];
			y = (unsigned char)b[j - 1];
			if (fold) {
				x = x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x;
				y = y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y;
			}
			best = prev + (x != y);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *
yget_suggest(const char *key, const char *const *keys)
{
	const char	*best = NULL;
	size_t		 bestd = 3, dist;

	for (; *keys != NULL; keys++)
		if ((dist = yget_distance(key, *keys, 0)) < bestd) {
			bestd = dist;
			best = *keys;
		}
	return best;
}

void
yget_unknown(struct diag *d, const char *path, const struct ynode *k,
    const char *what, const char *where, const char *const *keys)
{
	const char	*hint = yget_suggest(k->str, keys);

	if (hint != NULL)
		diag_add(d, DIAG_ERROR, path, k->line, k->col,
		    "unknown %s '%s'%s (did you mean '%s'?)", what, k->str,
		    where, hint);
	else
		diag_add(d, DIAG_ERROR, path, k->line, k->col,
		    "unknown %s '%s'%s", what, k->str, where);
}
