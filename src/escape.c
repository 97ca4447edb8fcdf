/*
 * escape.c: output escaping (see escape.h).
 */
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "escape.h"

void
html_escape(struct buf *b, const char *s, size_t len)
{
	const char	*rep;
	size_t		 i, start;

	for (i = start = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_put(b, s + start, i - start);	/* copy runs, not bytes */
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_put(b, s + start, len - start);
}

/* The bytes json_escape() replaces: one look-up, not six tests, a byte. */
static const unsigned char json_special[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1,
	[0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1,
	[0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
	[0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
	[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
	[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, ['<'] = 1,
	['>'] = 1, ['&'] = 1,
};

void
json_escape(struct buf *b, const char *s, size_t len)
{
	size_t		 i, start;
	unsigned char	 c;

	for (i = start = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (!json_special[c])
			continue;
		buf_put(b, s + start, i - start);
		switch (c) {
		case '"':
			BUF_PUTSL(b, "\\\"");
			break;
		case '\\':
			BUF_PUTSL(b, "\\\\");
			break;
		case '\n':
			BUF_PUTSL(b, "\\n");
			break;
		case '\t':
			BUF_PUTSL(b, "\\t");
			break;
		case '\r':
			BUF_PUTSL(b, "\\r");
			break;
		default:
			/* <, > and & too, so JSON is safe inside <script>. */
			buf_printf(b, "\\u%04x", c);
			break;
		}
		start = i + 1;
	}
	buf_put(b, s + start, len - start);
}

/*
 * Whether a spreadsheet could read field "s" as a formula: it starts,
 * after any blanks (spaces, tabs, line breaks, no-break and other
 * Unicode spaces, which spreadsheets trim), with = + - @, or it starts
 * with a tab or carriage return (OWASP's list).
 */
static int
formula_like(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0;

	if (len > 0 && (p[0] == '\t' || p[0] == '\r'))
		return 1;
	while (i < len) {
		if (p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r'))
			i++;
		else if (i + 1 < len && p[i] == 0xc2 && p[i + 1] == 0xa0)
			i += 2;		/* U+00A0 */
		else if (i + 2 < len && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] <= 0x8a || p[i + 2] == 0xaf))
			i += 3;		/* U+2000-200A, U+202F */
		else if (i + 2 < len && p[i] == 0xe3 && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80)
			i += 3;		/* U+3000 */
		else
			break;
	}
	return i < len && strchr("=+-@", p[i]) != NULL;
}

void
json_string(struct buf *b, const char *s)
{
	if (s == NULL) {
		BUF_PUTSL(b, "null");
		return;
	}
	buf_putc(b, '"');
	json_escape(b, s, strlen(s));
	buf_putc(b, '"');
}

void
csv_escape(struct buf *b, const char *s, size_t len)
{
	size_t	 i;

	if (formula_like(s, len)) {
		/* Keep spreadsheets from reading a field as a formula. */
		buf_putc(b, '"');
		buf_putc(b, '\'');
	} else if (memchr(s, ',', len) == NULL && memchr(s, '"', len) == NULL &&
	    memchr(s, '\n', len) == NULL && memchr(s, '\r', len) == NULL) {
		buf_put(b, s, len);
		return;
	} else
		buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(b, '"');
		buf_putc(b, s[i]);
	}
	buf_putc(b, '"');
}

void
href_escape(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~!*();:@=+$,/?#[]%", c)
		    != NULL) {
			if (c != '\0')
				buf_putc(b, c);
		} else if (c == '&')
			BUF_PUTSL(b, "&amp;");
		else if (c == '\'')
			BUF_PUTSL(b, "&#39;");
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

int
url_is_safe(const char *s)
{
	static const char *const safe[] = { "http:", "https:", "mailto:", "tel:" };
	const char	*p;
	size_t		 i;

	/* A scheme is letters, digits, + - . before the first ':'. */
	for (p = s; *p != '\0'; p++) {
		if (*p == ':')
			break;
		if (*p == '/' || *p == '?' || *p == '#')
			return 1;	/* relative */
	}
	if (*p == '\0')
		return 1;
	for (i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		if (strncasecmp(s, safe[i], strlen(safe[i])) == 0)
			return 1;
	return 0;
}

int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 1 for the digits and a-f: the site's log checks 100,000 keys a build. */
static const unsigned char lower_hex_digit[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1
};

int
lower_hex(const char *t, size_t n)
{
	const unsigned char	*u = (const unsigned char *)t;
	unsigned		 all = 1;
	size_t			 i;

	/* No early return: keys are nearly always whole. */
	for (i = 0; i < n; i++)
		all &= lower_hex_digit[u[i]];
	return (int)all;
}

void
yaml_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s >= 0x20)
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
