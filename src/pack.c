/*
 * pack.c: the wire format of worker results (see pack.h).
 */
#include <string.h>

#include "buf.h"
#include "pack.h"
#include "util.h"

/*
 * Seven bits a byte, low first, the high bit set on all but the last
 * (LEB128): most sizes are small, and the kept scans are read and
 * checked whole at every build.
 */
void
pack_size(struct buf *b, size_t v)
{
	unsigned char	 tmp[(sizeof(v) * 8 + 6) / 7];
	size_t		 n = 0;

	while (v >= 0x80) {
		tmp[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	tmp[n++] = (unsigned char)v;
	buf_put(b, tmp, n);
}

void
pack_str(struct buf *b, const char *s, size_t n)
{
	pack_size(b, n);
	buf_put(b, s != NULL ? s : "", n);
}

size_t
unpack_size(struct unpack *u)
{
	const unsigned char	*p = (const unsigned char *)u->p;
	size_t			 v = 0, i;
	unsigned		 shift = 0;

	for (i = 0; i < u->left; i++, shift += 7) {
		/* Past the width of a size, or a needless last 0 byte. */
		if (shift >= sizeof(v) * 8 ||
		    (shift > 0 && p[i] == 0) ||
		    (shift == (sizeof(v) * 8 / 7) * 7 &&
		    p[i] >> (sizeof(v) * 8 - shift) != 0))
			break;
		v |= (size_t)(p[i] & 0x7f) << shift;
		if ((p[i] & 0x80) == 0) {
			u->p += i + 1;
			u->left -= i + 1;
			return v;
		}
	}
	u->bad = 1;
	return 0;
}

const char *
unpack_ref(struct unpack *u, size_t *len)
{
	size_t		 n = unpack_size(u);
	const char	*s;

	if (u->bad || n > u->left) {
		u->bad = 1;
		n = 0;
	}
	s = n > 0 ? u->p : "";
	u->p += n;
	u->left -= n;
	*len = n;
	return s;
}

char *
unpack_str(struct unpack *u, size_t *len)
{
	const char	*s;
	size_t		 n;

	s = unpack_ref(u, &n);
	if (len != NULL)
		*len = n;
	return xstrndup(s, n);
}
