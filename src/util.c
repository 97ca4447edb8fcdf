/*
 * util.c: allocation wrappers that exit with status 2 on failure.
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n != 0 ? n : 1)) == NULL)
		err(2, NULL);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if ((p = calloc(nmemb != 0 ? nmemb : 1, size != 0 ? size : 1)) == NULL)
		err(2, NULL);
	return p;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	void	*q;
	size_t	 n;

	if (size != 0 && nmemb > SIZE_MAX / size)
		errx(2, "allocation of %zu x %zu bytes overflows", nmemb, size);
	n = nmemb * size;
	if ((q = realloc(p, n != 0 ? n : 1)) == NULL)
		err(2, NULL);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char	*p;

	if (len == SIZE_MAX)
		errx(2, "string too long");
	p = xmalloc(len + 1);
	if (len > 0)	/* s may be NULL then */
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}
