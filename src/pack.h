/*
 * pack.h: the one wire format for what worker processes (pool.h) send
 * their parent and for what the cache keeps: a size is a LEB128 number
 * (seven bits a byte, low first; one encoding for each value), a string
 * its size and then its bytes.  Diagnostics are packed with diag_pack()
 * (diag.h) in this format.
 */
#ifndef PACK_H
#define PACK_H

#include <stddef.h>

struct	buf;

/* Append v. */
void	 pack_size(struct buf *, size_t v);

/* Append s[0..n) (s may be NULL when n is 0). */
void	 pack_str(struct buf *, const char *s, size_t n);

/* Reading what pack_size() and pack_str() wrote. */
struct	unpack {
	const char	*p;	/* what is left to read */
	size_t		 left;	/* its length */
	int		 bad;	/* set once a read ran short; stays set */
};

#define UNPACK_INIT(data, len)	{ (data), (len), 0 }

/* The next size; 0, with u->bad set, if it ran short. */
size_t	 unpack_size(struct unpack *);

/*
 * A NUL-terminated copy of the next string, which the caller frees; its
 * length in *len if not NULL.  "" (length 0), with u->bad set, if it ran
 * short.
 */
char	*unpack_str(struct unpack *, size_t *len);

/* The next string where it lies (not NUL-terminated), its length in *len. */
const char *unpack_ref(struct unpack *, size_t *len);

#endif /* !PACK_H */
