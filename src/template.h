/*
 * template.h: Mustache templates (https://mustache.github.io/) and the
 * context values they are rendered from.
 *
 * Values: a page is rendered from a tree of "struct tval" built by the
 * caller with the tv_*() functions.  A container owns what is put in it;
 * tv_free() on the root frees the whole tree.  Numbers have no kind of
 * their own: store them as strings (tv_set_int()).
 *
 * Truthiness, for {{#name}} and {{^name}}: a missing name, null, false,
 * an empty list and an empty string are false; everything else is true,
 * including an empty map and the string "0".  (The Mustache spec tests
 * none of the string cases; an empty string being false is what lets a
 * theme write {{#subtitle}}<h2>{{subtitle}}</h2>{{/subtitle}}.)
 * Interpolated, null and missing names give "", false and true give
 * "false" and "true", and lists and maps give "".
 *
 * Templates: each is parsed once, by tmpl_set_add(), into a tree of
 * nodes pointing into a private copy of its text; parse errors are
 * reported there with file, line and column.  A set is then read-only:
 * any number of threads may call tmpl_render() on one set at once, as
 * long as nobody adds to or frees it meanwhile.  The engine has no
 * global state.
 *
 * Supported: variables ({{x}} escaped, {{{x}}} and {{& x}} raw), dotted
 * names, the implicit iterator {{.}}, sections, inverted sections,
 * comments, partials (with the spec's standalone indentation), set
 * delimiters and the standalone-line rules.  Not supported: lambdas and
 * inheritance ({{<parent}} and {{$block}} are parse errors).
 *
 * Limits: sections nest at most TMPL_MAX_NEST deep in one template
 * (deeper is a parse error); partials nest at most TMPL_MAX_PARTIAL deep
 * while rendering, and sections plus partials at most TMPL_MAX_DEPTH
 * (deeper is a render error), so no input can exhaust the stack.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

#include <stddef.h>

struct buf;
struct diag;

#define TMPL_MAX_NEST		256	/* open sections, per template */
#define TMPL_MAX_PARTIAL	100	/* partials in progress, rendering */
#define TMPL_MAX_DEPTH		1024	/* sections + partials, rendering */

/*
 * Context values.
 */

enum	tval_kind {
	TV_NULL,
	TV_BOOL,
	TV_STR,
	TV_LIST,
	TV_MAP
};

struct	tval;	/* opaque */

/*
 * Constructors.  Each returns a new value that the caller owns until it
 * is handed to tv_push() or tv_set(); they never return NULL (out of
 * memory exits).  tv_str() and tv_strn() copy their argument (tv_strn()
 * copies "len" bytes, which may include NULs); tv_str_own() takes over
 * a string allocated with the util.h wrappers and frees it later (NULL
 * gives the empty string).  A NULL "v" given to tv_push() or tv_set()
 * is stored as tv_null().
 */
struct tval	*tv_null(void);
struct tval	*tv_bool(int);
struct tval	*tv_str(const char *);
struct tval	*tv_strn(const char *, size_t len);
struct tval	*tv_str_own(char *);
struct tval	*tv_list(void);
struct tval	*tv_map(void);

/*
 * Append "v" to "list", which takes ownership.  Growth is amortised
 * (doubling).  "list" must be a TV_LIST: anything else aborts.
 */
void	 tv_push(struct tval *list, struct tval *v);

/*
 * Set "key" (copied) in "map" to "v", which the map takes over.  An
 * existing key keeps its place in the order but gets the new value (the
 * old one is freed); a new key goes last, so maps keep insertion order.
 * Lookup is a linear scan, meant for maps of tens of keys.
 * "map" must be a TV_MAP: anything else aborts.
 */
void	 tv_set(struct tval *map, const char *key, struct tval *v);

/* tv_set() of tv_str(s); if "s" is NULL, nothing is set (or replaced). */
void	 tv_set_str(struct tval *map, const char *key, const char *s);
/* tv_set() of tv_bool(b). */
void	 tv_set_bool(struct tval *map, const char *key, int b);
/* tv_set() of "n" as its decimal string. */
void	 tv_set_int(struct tval *map, const char *key, long long n);

/*
 * Return the value of "key" in "map", or NULL if the key is absent or
 * "map" is NULL or not a map.  The value still belongs to the map.
 */
const struct tval	*tv_get(const struct tval *map, const char *key);

/* Return the number of items of a list (of keys of a map), else 0. */
size_t	 tv_len(const struct tval *);

/* Return item "i" of a list, or NULL if out of range or not a list. */
const struct tval	*tv_at(const struct tval *list, size_t i);

/* Return the kind of a value; NULL counts as TV_NULL. */
enum tval_kind	 tv_kind(const struct tval *);

/*
 * Return the text of a TV_STR (NUL-terminated; it belongs to the value)
 * or NULL for any other kind.
 */
const char	*tv_strval(const struct tval *);

/* Free "v" and everything in it.  NULL is allowed. */
void	 tv_free(struct tval *);

/*
 * Templates.
 */

struct	tmpl;		/* one parsed template; opaque */
struct	tmpl_set;	/* templates by name, for rendering, partials */

/* Return a new, empty set (never NULL); free it with tmpl_set_free(). */
struct tmpl_set	*tmpl_set_new(void);

/*
 * Parse "src" (len bytes, copied; NULs are plain text) and add it to
 * "set" as "name" (copied), replacing any template of that name.
 * "file" (copied) is the path given in diagnostics.
 * Returns 0, or -1 after recording one diagnostic "file:line:col: error:
 * ..." (unclosed tag or section, mismatched or unexpected closing tag,
 * bad delimiters, empty or malformed tag name, nesting too deep); on
 * failure the set is unchanged.
 */
int	 tmpl_set_add(struct tmpl_set *, struct diag *, const char *name,
	    const char *file, const char *src, size_t len);

/*
 * Return the template called "name", or NULL if there is none.  It
 * belongs to the set and lives until it is replaced or the set freed.
 */
const struct tmpl	*tmpl_set_get(const struct tmpl_set *,
			    const char *name);

/* Flag for tmpl_render_flags(): a missing partial renders as "" (spec). */
#define TMPL_PARTIAL_EMPTY	0x01

/*
 * Render the template "name" of the set with the context "ctx" (any
 * kind; NULL for none), appending the result to "out".
 * Returns 0, or -1 after recording a diagnostic: the template is
 * missing, a partial it uses is missing (reported at the file, line and
 * column of the partial tag), or partials or sections nest too deeply.
 * On failure "out" holds a truncated rendering.  "d" may be NULL, to
 * record nothing.  Safe to call from several threads on one set.
 */
int	 tmpl_render(const struct tmpl_set *, struct diag *,
	    const char *name, const struct tval *ctx, struct buf *out);

/* As tmpl_render(), with TMPL_* flags. */
int	 tmpl_render_flags(const struct tmpl_set *, struct diag *,
	    const char *name, const struct tval *ctx, struct buf *out,
	    unsigned int flags);

/* Free the set and its templates.  NULL is allowed. */
void	 tmpl_set_free(struct tmpl_set *);

#endif /* !TEMPLATE_H */
