/*
 * cache.c: the page cache (see cache.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "history.h"
#include "output.h"
#include "readfile.h"
#include "util.h"

/* mkdir -p; 0 or -1. */
static int
mkdirs(char *p)
{
	char	*s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return mkdir(p, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

void
cache_key(char key[41], const struct buf *m)
{
	/* SHA-1 as git computes a blob id: libgit2 is linked already. */
	history_blob_id(key, m->data, m->len);
}

void
cache_open(struct cache *c, const char *srcdir)
{
	struct buf	 m = BUF_INIT, dir = BUF_INIT;
	const char	*env;
	char		*real = NULL, *realdir = NULL, key[41];
	size_t		 n;

	c->dir = NULL;
	if ((real = realpath(srcdir, NULL)) == NULL)
		goto out;
	if ((env = getenv("FOLIO_CACHE_DIR")) != NULL && *env != '\0')
		buf_puts(&dir, env);
	else if ((env = getenv("XDG_CACHE_HOME")) != NULL && *env == '/')
		buf_printf(&dir, "%s/folio", env);
	else if ((env = getenv("HOME")) != NULL && *env == '/')
		buf_printf(&dir, "%s/.cache/folio", env);
	else
		goto out;
	buf_puts(&m, real);
	cache_key(key, &m);
	buf_printf(&dir, "/%.16s", key);
	if (mkdirs(dir.data) == -1 ||
	    (realdir = realpath(dir.data, NULL)) == NULL)
		goto out;
	/* Never inside the site: folio does not write there. */
	n = strlen(real);
	if (strncmp(realdir, real, n) == 0 &&
	    (realdir[n] == '/' || realdir[n] == '\0'))
		goto out;
	c->dir = buf_detach(&dir);
out:
	free(real);
	free(realdir);
	buf_free(&m);
	buf_free(&dir);
}

void
cache_close(struct cache *c)
{
	free(c->dir);
	c->dir = NULL;
}

int
cache_fetch(const struct cache *c, const char *key, struct diag *d,
    const struct output *o, const char *rel)
{
	struct buf	 path = BUF_INIT, data = BUF_INIT;
	struct diag	 quiet;
	int		 rc = -1;

	if (c == NULL || c->dir == NULL)
		return -1;
	/* The site being replaced may have it already: no copy then. */
	if (output_link_prev(o, key, rel) == 0)
		return 0;
	buf_printf(&path, "%s/%.2s/%s", c->dir, key, key + 2);
	diag_init(&quiet);	/* a miss is not a problem */
	if (access(path.data, R_OK) == 0 &&
	    read_file(&quiet, path.data, &data) == 0 &&
	    (rc = output_write(d, o, rel, data.data, data.len)) == 0)
		output_keyed(o, key, data.len, rel);
	diag_free(&quiet);
	buf_free(&path);
	buf_free(&data);
	return rc;
}

void
cache_store(const struct cache *c, const char *key, const char *data,
    size_t len, const struct output *o, const char *rel)
{
	struct buf	 dir = BUF_INIT, tmp = BUF_INIT, path = BUF_INIT;
	ssize_t		 n;
	size_t		 off;
	int		 fd;

	if (c == NULL || c->dir == NULL)
		return;
	output_keyed(o, key, len, rel);
	buf_printf(&dir, "%s/%.2s", c->dir, key);
	buf_printf(&path, "%s/%s", dir.data, key + 2);
	buf_printf(&tmp, "%s/.%s.%ld", dir.data, key + 2, (long)getpid());
	if (mkdir(dir.data, 0755) == -1 && errno != EEXIST)
		goto out;
	/* Written aside and renamed: a reader never sees half a page. */
	if ((fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		goto out;
	for (off = 0; off < len; off += (size_t)n)
		if ((n = write(fd, data + off, len - off)) <= 0)
			break;
	if (close(fd) == -1 || off < len || rename(tmp.data, path.data) == -1)
		(void)unlink(tmp.data);
out:
	buf_free(&dir);
	buf_free(&tmp);
	buf_free(&path);
}
