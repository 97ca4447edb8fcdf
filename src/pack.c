/*
 * pack.c: the wire format of worker results (see pack.h).
 */
#include <string.h>

#include "buf.h"
#include "pack.h"
#include "util.h"

void
pack_size(struct buf *b, size_t v)
{
	buf_put(b, (const char *)&v, sizeof(v));
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
	size_t	 v = 0;

	if (u->left < sizeof(v)) {
		u->bad = 1;
		return 0;
	}
	memcpy(&v, u->p, sizeof(v));
	u->p += sizeof(v);
	u->left -= sizeof(v);
	return v;
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
