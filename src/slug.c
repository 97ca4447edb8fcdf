/*
 * slug.c: heading anchors and document ids.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "slug.h"
#include "utf8.h"

/* Non-ASCII code points that GitHub's [^\p{Word}\- ] would remove. */
static int
is_unicode_punct(uint32_t cp)
{
	if (cp >= 0xA0 && cp <= 0xBF)
		return cp != 0xAA && cp != 0xB5 && cp != 0xBA &&
		    cp != 0xB2 && cp != 0xB3 && cp != 0xB9;
	return cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x206F) ||	/* general punctuation */
	    (cp >= 0x20A0 && cp <= 0x20CF) ||	/* currency */
	    (cp >= 0x2100 && cp <= 0x214F && cp != 0x2102 && cp != 0x2107 &&
	     !(cp >= 0x210A && cp <= 0x2113) && cp != 0x2115 &&
	     !(cp >= 0x2119 && cp <= 0x211D) && cp != 0x2124 &&
	     cp != 0x2126 && cp != 0x2128 && !(cp >= 0x212A && cp <= 0x212D) &&
	     !(cp >= 0x212F && cp <= 0x2139)) ||
	    (cp >= 0x2190 && cp <= 0x2BFF) ||	/* arrows, maths, shapes */
	    (cp >= 0x3000 && cp <= 0x303F) ||	/* CJK punctuation */
	    (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) ||	/* emoji */
	    cp == 0xFEFF || cp == 0xFFFD;
}

void
slug_heading(struct buf *b, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint32_t		 cp;

	while (i < len) {
		/* A byte that starts no character is dropped, as U+FFFD is. */
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				buf_putc(b, (int)(cp - 'A' + 'a'));
			else if ((cp >= 'a' && cp <= 'z') ||
			    (cp >= '0' && cp <= '9') || cp == '_' || cp == '-')
				buf_putc(b, (int)cp);
			else if (cp == ' ')
				buf_putc(b, '-');
		} else if (!is_unicode_punct(cp))
			buf_put(b, s + i, n);
		i += n;
	}
}

/*
 * Latin letters with accents as the ASCII letters an English reader
 * would type: U+00C0 to U+00FF ("" for the signs x and /), then
 * U+0100 to U+017F.
 */
static const char *const latin1[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
	"i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u",
	"u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae",
	"c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o",
	"o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y"
};
static const char *const latin_ext_a[] = {
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c",
	"c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e",
	"e", "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h",
	"h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i", "ij", "ij",
	"j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o",
	"o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s",
	"s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w",
	"w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s"
};

/*
 * The ASCII letters for code point cp in a file name, "" for an
 * apostrophe (children's, children’s), or NULL for none.
 */
static const char *
translit(uint32_t cp)
{
	if (cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC)
		return "";
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1[cp - 0xC0][0] != '\0' ? latin1[cp - 0xC0] : NULL;
	if (cp >= 0x100 && cp <= 0x17F)
		return latin_ext_a[cp - 0x100];
	return NULL;
}

void
slug_id_from_file(struct buf *b, const char *name)
{
	size_t		 len = strlen(name), i, n, start = b->len;
	const char	*dot, *t;
	uint32_t	 cp;
	int		 dash = 0;
	char		 c;

	if (len > 3 && strcmp(name + len - 3, ".md") == 0)
		len -= 3;
	/* A second extension: a final dot followed by letters and digits. */
	for (dot = NULL, i = len; i > 0; i--) {
		c = name[i - 1];
		if (c == '.') {
			dot = name + i - 1;
			break;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')))
			break;
	}
	if (dot != NULL && dot != name && (size_t)(name + len - dot) > 1)
		len = (size_t)(dot - name);
	for (i = 0; i < len; i += n) {
		c = name[i];
		n = 1;
		t = NULL;
		if ((unsigned char)c >= 0x80 &&
		    (n = utf8_decode((const unsigned char *)name + i, len - i,
		    &cp)) == 0)
			n = 1;
		else if ((unsigned char)c >= 0x80 || c == '\'')
			t = translit((unsigned char)c >= 0x80 ? cp : '\'');
		if (t != NULL) {
			if (*t != '\0' && dash && b->len > start)
				buf_putc(b, '-');
			if (*t != '\0')
				dash = 0;
			buf_puts(b, t);
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b->len > start)
				buf_putc(b, '-');
			dash = 0;
			buf_putc(b, c);
		} else
			dash = 1;
	}
}

int
slug_id_valid(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}
