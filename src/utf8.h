/*
 * utf8.h: the one UTF-8 decoder and encoder, by RFC 3629.
 *
 * A well-formed sequence is the shortest form of a Unicode scalar value:
 * overlong forms (C0 80, E0 80 80, ...), surrogates (U+D800 to U+DFFF)
 * and values past U+10FFFF are not well-formed, nor is a sequence cut
 * short by the end of the input.  Every stage that looks inside UTF-8
 * text (source checks, slugs, commit text, search terms) decodes here,
 * so they all agree on what is a character.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The longest sequence, in bytes. */
#define UTF8_MAX	4

/*
 * Decode the sequence at s[0..len) (len > 0).  Returns its length in
 * bytes (1 to 4) and stores the code point in *cp, or returns 0 if s does
 * not begin with a well-formed sequence; *cp is then left alone.
 */
size_t	 utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Write code point cp as UTF-8 into out, which has room for UTF8_MAX
 * bytes; returns the length.  A surrogate or a value past U+10FFFF,
 * which UTF-8 cannot carry, is written as U+FFFD.
 */
size_t	 utf8_encode(uint32_t cp, char *out);

#endif /* !UTF8_H */
