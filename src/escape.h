/*
 * escape.h: escaping at the output boundary, one routine per context.
 * Each appends s[0..len) to the buffer, escaped.
 */
#ifndef ESCAPE_H
#define ESCAPE_H

#include <stddef.h>

struct	buf;

/* HTML text and quoted attribute values: & < > " ' (also XML). */
void	 html_escape(struct buf *, const char *s, size_t len);

/* A JSON string's contents (without the quotes). */
void	 json_escape(struct buf *, const char *s, size_t len);
/*
 * Append s as a YAML double-quoted scalar (for front matter folio
 * writes): quotes and backslashes escaped, control characters dropped.
 */
void	 yaml_quote(struct buf *, const char *s);
/* Append s as a JSON string, quoted and escaped; null when s is NULL. */
void	 json_string(struct buf *, const char *s);

/* A CSV field, quoted when it holds a comma, quote or line break. */
void	 csv_escape(struct buf *, const char *s, size_t len);

/*
 * Percent-encode a URL for an href: bytes outside the URL-safe set are
 * encoded, existing %XX escapes and reserved characters kept; then
 * HTML-escaped (&amp; and &#39;).
 */
void	 href_escape(struct buf *, const char *s, size_t len);

/* The value of hexadecimal digit c, or -1 if it is not one. */
int	 hex_value(int c);
/* Whether t[0..n) are lowercase hex digits (as git and cache keys). */
int	 lower_hex(const char *t, size_t n);

/*
 * Whether a link target is safe to publish: relative, or with one of the
 * schemes http, https, mailto, tel.  "javascript:", "data:", "vbscript:"
 * and unknown schemes are not.
 */
int	 url_is_safe(const char *s);

#endif /* !ESCAPE_H */
