/*
 * readfile.c: bounded, checked reading of source text (see readfile.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "readfile.h"
#include "utf8.h"

/* Whether any of the 8 bytes in w is 0 or above 0x7f (may say so wrongly). */
#define ODD_BYTE(w)	((((w) - 0x0101010101010101ULL) | (w)) & \
			    0x8080808080808080ULL)

int
text_check(const char *s, size_t len, size_t *line, size_t *col,
    const char **why)
{
	const unsigned char	*p = (const unsigned char *)s, *nl;
	size_t			 i = 0, n, linestart = 0, ln = 1;
	uint64_t		 w;
	uint32_t		 cp;
	unsigned		 c;

	while (i < len) {
		/* Eight bytes at a time while all are ASCII and not NUL. */
		while (i + 8 <= len) {
			memcpy(&w, p + i, 8);
			if (ODD_BYTE(w))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = p[i];
		if (c == 0) {
			*why = "contains a NUL byte";
			goto bad;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			goto badutf;
		i += n;
	}
	return 0;
badutf:
	*why = "is not valid UTF-8 (save the file as UTF-8)";
bad:
	/* Where: counted only now, the rare case. */
	while ((nl = memchr(p + linestart, '\n', i - linestart)) != NULL) {
		ln++;
		linestart = (size_t)(nl - p) + 1;
	}
	*line = ln;
	*col = i - linestart + 1;
	return -1;
}

/* The step at which read_bytes() failed. */
enum	rf_fail {
	RF_OPEN,	/* open(2); errno says why */
	RF_READ,	/* fstat(2) or read(2); errno says why */
	RF_NOTREG,	/* not a regular file */
	RF_BIG,		/* larger than READFILE_MAX to begin with */
	RF_GREW		/* grew past READFILE_MAX while being read */
};

/*
 * Append the bytes of "path" to out.  Returns 0, or -1 with the failed
 * step in *why (and the file's size in *size for RF_BIG) and errno set:
 * EISDIR or EINVAL for RF_NOTREG, EFBIG for RF_BIG and RF_GREW.
 */
static int
read_bytes(const char *path, struct buf *out, enum rf_fail *why,
    long long *size)
{
	struct stat	 st;
	char		 chunk[65536];
	ssize_t		 n;
	size_t		 start = out->len;
	int		 fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*why = RF_OPEN;
		return -1;
	}
	*why = RF_READ;
	if (fstat(fd, &st) == -1)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		*why = RF_NOTREG;
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if ((unsigned long long)st.st_size > READFILE_MAX) {
		*why = RF_BIG;
		*size = (long long)st.st_size;
		errno = EFBIG;
		goto fail;
	}
	buf_grow(out, (size_t)st.st_size);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		if (n == 0)
			break;
		buf_put(out, chunk, (size_t)n);
		if (out->len - start > READFILE_MAX) {
			*why = RF_GREW;
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
read_file(struct diag *d, const char *path, struct buf *out)
{
	enum rf_fail	 why;
	long long	 size = 0;

	if (read_bytes(path, out, &why, &size) == 0)
		return 0;
	switch (why) {
	case RF_OPEN:
		diag_errno(d, path, "cannot open");
		break;
	case RF_READ:
		diag_errno(d, path, "cannot read");
		break;
	case RF_NOTREG:
		diag_add(d, DIAG_ERROR, path, 0, 0, "not a regular file");
		break;
	case RF_BIG:
		diag_add(d, DIAG_ERROR, path, 0, 0,
		    "file is %lld bytes; files may be at most %u MiB",
		    size, READFILE_MAX / (1024 * 1024));
		break;
	case RF_GREW:
		diag_add(d, DIAG_ERROR, path, 0, 0,
		    "file grew past %u MiB while being read",
		    READFILE_MAX / (1024 * 1024));
		break;
	}
	return -1;
}

int
read_file_errno(const char *path, struct buf *out)
{
	enum rf_fail	 why;
	long long	 size;

	return read_bytes(path, out, &why, &size);
}

int
read_text_file(struct diag *d, const char *path, struct buf *out)
{
	size_t		 start = out->len, i, j, line, col;
	const char	*why, *cr;

	if (read_file(d, path, out) == -1)
		return -1;
	/* A UTF-8 byte-order mark, as some Windows editors write. */
	if (out->len - start >= 3 &&
	    memcmp(out->data + start, "\xEF\xBB\xBF", 3) == 0) {
		memmove(out->data + start, out->data + start + 3,
		    out->len - start - 3);
		buf_truncate(out, out->len - 3);
	}
	/* CRLF (and lone CR) to LF, in place, from the first CR on. */
	i = j = out->len;
	if ((cr = memchr(out->data + start, '\r', out->len - start)) != NULL)
		i = j = (size_t)(cr - out->data);
	for (; i < out->len; i++) {
		if (out->data[i] == '\r') {
			out->data[j++] = '\n';
			if (i + 1 < out->len && out->data[i + 1] == '\n')
				i++;
		} else
			out->data[j++] = out->data[i];
	}
	buf_truncate(out, j);
	if (text_check(out->data + start, out->len - start, &line, &col,
	    &why) == -1) {
		diag_add(d, DIAG_ERROR, path, line, col, "file %s", why);
		return -1;
	}
	return 0;
}
