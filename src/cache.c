/*
 * cache.c: the page cache (see cache.h).
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "blobid.h"
#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "output.h"
#include "strmap.h"
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
	blob_id(key, m->data, m->len);
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

/*
 * An entry is a header line, then the page:
 *
 *	folio-cache 1 KEY SIZE HASH\n
 *
 * KEY is the entry's own key, SIZE the page's length and HASH its
 * SHA-1 (cache_key of the page), so a truncated, garbled, emptied or
 * swapped file, or one from another build's cache, is seen as such.
 * (This guards against damage, not against someone who can write the
 * cache and recompute the hash: the cache is the user's own folder.)
 */
#define ENTRY_MAGIC	"folio-cache 1 "

void
cache_entry_head(struct buf *head, const char *key, const char *data,
    size_t len)
{
	struct buf	 page;
	char		 hash[41];

	page.data = (char *)data;
	page.len = len;
	cache_key(hash, &page);
	buf_reset(head);
	buf_printf(head, ENTRY_MAGIC "%.40s %zu %s\n", key, len, hash);
}

/*
 * The header line p[0..n) ('\n' at p[n - 1]) of an entry of "key": the
 * page's size in *size and the start of its hash (40 digits) in *hash.
 * Returns 0, or -1 if it is not such a line.
 */
static int
entry_head_check(const char *key, const char *p, size_t n,
    unsigned long long *size, const char **hash)
{
	const char	*nl = p + n - 1;
	char		*end;
	size_t		 hl = sizeof(ENTRY_MAGIC) - 1;

	if (n < hl + 40 + 3 + 40 + 1 || *nl != '\n' ||
	    memcmp(p, ENTRY_MAGIC, hl) != 0 || memcmp(p + hl, key, 40) != 0 ||
	    p[hl + 40] != ' ')
		return -1;
	p += hl + 41;
	/* The size as cache_entry_head() writes it: no sign, no 0 before. */
	if (*p < '0' || *p > '9' || (*p == '0' && p[1] != ' '))
		return -1;
	errno = 0;
	*size = strtoull(p, &end, 10);
	if (errno != 0 || *end != ' ' || nl - (end + 1) != 40)
		return -1;
	*hash = end + 1;
	return 0;
}

/* Whether page[0..len) has the SHA-1 "hash" (40 digits). */
static int
page_hash_is(const char *page, size_t len, const char *hash)
{
	struct buf	 body;
	char		 now[41];

	body.data = (char *)page;
	body.len = len;
	cache_key(now, &body);
	return memcmp(now, hash, 40) == 0;
}

/*
 * The page in entry file "data" (its bytes from *page on, *len long) if
 * the entry is whole and is "key"'s.  Returns 0, or -1.
 */
int
cache_entry_check(const char *key, const struct buf *data, size_t *page,
    size_t *len)
{
	const char		*nl, *hash;
	unsigned long long	 size;

	if ((nl = memchr(data->data, '\n', data->len)) == NULL)
		return -1;
	*page = (size_t)(nl + 1 - data->data);
	if (entry_head_check(key, data->data, *page, &size, &hash) == -1 ||
	    size != data->len - *page)
		return -1;
	*len = (size_t)size;
	return page_hash_is(data->data + *page, *len, hash) ? 0 : -1;
}

/*
 * Append what is left of open file "fd" to "out" (read straight into
 * it: an entry is as large as 70 MB); "hint" is how much to expect.
 * Returns 0, or -1.
 */
static int
read_rest(int fd, struct buf *out, size_t hint)
{
	size_t	 want;
	ssize_t	 n;

	for (;;) {
		want = hint > 65536 ? hint : 65536;
		buf_grow(out, want);
		if ((n = read(fd, out->data + out->len, want)) <= 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		hint = hint > (size_t)n ? hint - (size_t)n : 0;
	}
	return n == 0 ? 0 : -1;
}

/* The size of open file "fd" if it is a regular file, else 0. */
static size_t
file_size(int fd)
{
	struct stat	 st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size < SIZE_MAX / 2)
		return (size_t)st.st_size;
	return 0;
}

/* The entry file of "key" in c, its name in "path". */
static int
entry_open(const struct cache *c, const char *key, struct buf *path)
{
	buf_printf(path, "%s/%.2s/%s", c->dir, key, key + 2);
	return open(path->data, O_RDONLY | O_CLOEXEC);
}

int
cache_fetch(const struct cache *c, const char *key, struct diag *d,
    const struct output *o, const char *rel)
{
	struct buf	 data = BUF_INIT;
	int		 rc = -1;

	if (c == NULL || c->dir == NULL)
		return -1;
	/* The site being replaced may have it already: no copy then. */
	if (output_link_prev(o, key, rel) == 0)
		return 0;
	if (cache_get(c, key, &data) == 0 &&
	    (rc = output_write(d, o, rel, data.data, data.len)) == 0)
		output_keyed(o, key, data.len, rel);
	buf_free(&data);
	return rc;
}

/*
 * The header line first, then the page straight into "out": a large
 * entry (the scans, 70 MB at 10,000 documents) is neither copied nor
 * moved.
 */
int
cache_get(const struct cache *c, const char *key, struct buf *out)
{
	struct buf		 path = BUF_INIT;
	char			 head[256], *nl;
	const char		*hash;
	unsigned long long	 size;
	size_t			 got = 0, total;
	ssize_t			 n = 0;
	int			 fd, damaged = 1;

	buf_reset(out);
	if (c == NULL || c->dir == NULL)
		return -1;
	if ((fd = entry_open(c, key, &path)) == -1) {
		buf_free(&path);
		return -1;
	}
	total = file_size(fd);
	while (got < sizeof(head) && (n = read(fd, head + got,
	    sizeof(head) - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		damaged = 0;	/* not read: kept */
	else if ((nl = memchr(head, '\n', got)) != NULL &&
	    entry_head_check(key, head, (size_t)(nl + 1 - head), &size,
	    &hash) == 0) {
		buf_put(out, nl + 1, got - (size_t)(nl + 1 - head));
		if (read_rest(fd, out, total > got ? total - got : 0) == -1)
			damaged = 0;
		else if (size == out->len &&
		    page_hash_is(out->data, out->len, hash)) {
			(void)close(fd);
			buf_free(&path);
			return 0;
		}
	}
	(void)close(fd);
	if (damaged)
		(void)unlink(path.data);	/* a miss from now on */
	buf_reset(out);
	buf_free(&path);
	return -1;
}

void
cache_store(const struct cache *c, const char *key, const char *data,
    size_t len, const struct output *o, const char *rel)
{
	if (c == NULL || c->dir == NULL)
		return;
	output_keyed(o, key, len, rel);
	cache_put(c, key, data, len);
}

void
cache_put(const struct cache *c, const char *key, const char *data,
    size_t len)
{
	struct buf	 dir = BUF_INIT, tmp = BUF_INIT, path = BUF_INIT;
	struct buf	 head = BUF_INIT;
	int		 fd, ok;

	if (c == NULL || c->dir == NULL)
		return;
	cache_entry_head(&head, key, data, len);
	buf_printf(&dir, "%s/%.2s", c->dir, key);
	buf_printf(&path, "%s/%s", dir.data, key + 2);
	buf_printf(&tmp, "%s/.%s.%ld", dir.data, key + 2, (long)getpid());
	if (mkdir(dir.data, 0755) == -1 && errno != EEXIST)
		goto out;
	/* Written aside and renamed: a reader never sees half a page. */
	if ((fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		goto out;
	ok = write_all(fd, head.data, head.len) == 0 &&
	    write_all(fd, data, len) == 0;
	if (close(fd) == -1 || !ok || rename(tmp.data, path.data) == -1)
		(void)unlink(tmp.data);
out:
	buf_free(&dir);
	buf_free(&tmp);
	buf_free(&path);
	buf_free(&head);
}


void
cache_drop(const struct cache *c, const char *key)
{
	struct buf	 path = BUF_INIT;

	if (c == NULL || c->dir == NULL || strlen(key) != 40)
		return;
	buf_printf(&path, "%s/%.2s/%s", c->dir, key, key + 2);
	(void)unlink(path.data);
	buf_free(&path);
}

/* A temporary file of an interrupted store is removed this late (s). */
#define STALE_TMP	3600

/* Prune the cache sub-folder "sub" (two hex digits) of "dir". */
static void
prune_dir(const char *dir, const char *sub, const struct strmap *keep)
{
	struct buf	 path = BUF_INIT;
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	char		 key[41];

	buf_printf(&path, "%s/%s", dir, sub);
	if ((dp = opendir(path.data)) == NULL)
		goto out;
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s/%s", dir, sub, de->d_name);
		if (de->d_name[0] == '.') {
			/* Another build may be storing it right now. */
			if (lstat(path.data, &st) == 0 &&
			    st.st_mtime < time(NULL) - STALE_TMP)
				(void)unlink(path.data);
			continue;
		}
		if (strlen(de->d_name) == 38) {
			memcpy(key, sub, 2);
			memcpy(key + 2, de->d_name, 39);
			if (strmap_get(keep, key) != NULL)
				continue;
		}
		(void)unlink(path.data);
	}
	(void)closedir(dp);
out:
	buf_free(&path);
}

void
cache_prune(const char *srcdir, const struct output *o,
    const struct strmap *also)
{
	struct cache	 c;
	struct strmap	 keep = STRMAP_INIT;
	struct dirent	*de;
	DIR		*dp;
	size_t		 i;

	cache_open(&c, srcdir);
	if (c.dir == NULL)
		return;
	output_cached_keys(o, &keep);
	for (i = 0; also != NULL && i < also->cap; i++)
		if (also->slots[i].key != NULL)
			(void)strmap_put(&keep, also->slots[i].key,
			    also->slots[i].key);
	if ((dp = opendir(c.dir)) != NULL) {
		while ((de = readdir(dp)) != NULL)
			if (strlen(de->d_name) == 2 &&
			    isxdigit((unsigned char)de->d_name[0]) &&
			    isxdigit((unsigned char)de->d_name[1]))
				prune_dir(c.dir, de->d_name, &keep);
		(void)closedir(dp);
	}
	strmap_free(&keep);
	cache_close(&c);
}
