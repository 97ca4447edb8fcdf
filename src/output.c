/*
 * output.c: writing the site beside the output and swapping it in.
 */
#define _GNU_SOURCE	/* renameat2, RENAME_EXCHANGE */

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "output.h"
#include "tmpdirs.h"
#include "util.h"

/* Whether real path "inner" equals "outer" or lies below it. */
static int
path_within(const char *inner, const char *outer)
{
	size_t	 n = strlen(outer);

	if (strcmp(outer, "/") == 0)
		return 1;
	return strncmp(inner, outer, n) == 0 &&
	    (inner[n] == '/' || inner[n] == '\0');
}

static int
dir_is_empty(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	int		 empty = 1;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(dp);
	return empty;
}

/*
 * Check that "outdir" may be replaced: outside the site, and a folder
 * folio made (or an empty one, or none).  Sets *realout (its real path)
 * and *realparent.  Returns 0, or -1 after recording a diagnostic.
 */
static int
check_outdir(struct diag *d, const char *outdir, const char *srcdir,
    char **realout, char **realparent)
{
	struct stat	 st;
	struct buf	 marker = BUF_INIT, b = BUF_INIT;
	char		*realsrc = NULL, *copy, *base;
	int		 rc = -1;

	*realout = *realparent = NULL;
	if ((realsrc = realpath(srcdir, NULL)) == NULL) {
		diag_errno(d, srcdir, "cannot open site folder");
		goto out;
	}
	copy = xstrdup(outdir);
	*realparent = realpath(dirname(copy), NULL);
	free(copy);
	if (*realparent == NULL) {
		diag_errno(d, outdir, "cannot use output folder");
		goto out;
	}
	copy = xstrdup(outdir);
	base = basename(copy);
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, "/") == 0) {
		diag_add(d, DIAG_ERROR, outdir, 0, 0,
		    "give the output folder by name, not as '%s'", base);
		free(copy);
		goto out;
	}
	buf_printf(&b, "%s/%s", strcmp(*realparent, "/") == 0 ? "" :
	    *realparent, base);
	free(copy);
	*realout = buf_detach(&b);

	if (path_within(*realout, realsrc) || path_within(realsrc, *realout)) {
		diag_add(d, DIAG_ERROR, outdir, 0, 0,
		    "the output folder must lie outside the site folder %s "
		    "(and must not contain it)", srcdir);
		goto out;
	}
	if (lstat(*realout, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_add(d, DIAG_ERROR, outdir, 0, 0,
			    "exists and is not a folder");
			goto out;
		}
		buf_printf(&marker, "%s/%s", *realout, OUTPUT_MARKER);
		if (access(marker.data, F_OK) != 0 && !dir_is_empty(*realout)) {
			diag_add(d, DIAG_ERROR, outdir, 0, 0,
			    "refusing to replace a folder that folio did not "
			    "make (it has no %s file); remove it or choose "
			    "another output folder", OUTPUT_MARKER);
			goto out;
		}
		if (access(*realparent, W_OK) != 0) {
			diag_errno(d, outdir, "cannot replace output folder");
			goto out;
		}
	} else if (errno != ENOENT) {
		diag_errno(d, outdir, "cannot use output folder");
		goto out;
	}
	rc = 0;
out:
	if (rc == -1) {
		free(*realout);
		free(*realparent);
		*realout = *realparent = NULL;
	}
	free(realsrc);
	buf_free(&marker);
	return rc;
}

#define MARKER_TEXT	"This folder is written by folio; each build replaces it.\n"

/*
 * The cached pages the marker of the site in "dir" lists, as lines
 * "K KEY SIZE REL" after its first: a file folio did not write (or one
 * too big to be a marker) lists none.
 */
static void
load_manifest(struct output *o, const char *dir)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	struct stat	 st;
	struct log_line	 l;
	const char	*p;
	char		*rel;
	int		 fd;
	ssize_t		 n;

	buf_printf(&path, "%s/%s", dir, OUTPUT_MARKER);
	if ((fd = open(path.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		goto out;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > 256 * 1024 * 1024) {
		close(fd);
		goto out;
	}
	buf_grow(&text, (size_t)st.st_size + 1);
	while ((n = read(fd, text.data + text.len,
	    (size_t)st.st_size - text.len)) > 0 &&
	    text.len + (size_t)n <= (size_t)st.st_size)
		text.len += (size_t)n;
	text.data[text.len] = '\0';
	close(fd);
	for (p = text.data; output_log_line(&p, text.data + text.len,
	    &l) == 0;) {
		if (l.kind != LOG_KEYED)
			continue;
		rel = xstrndup(l.rel, l.rellen);
		if (strmap_get(&o->prev, rel) == NULL)
			strmap_put(&o->prev, rel, xstrndup(l.text + 2,
			    l.keylen));
		free(rel);
	}
	if (o->prev.n > 0)
		o->prevdir = xstrdup(dir);
out:
	buf_free(&path);
	buf_free(&text);
}

int
output_begin(struct diag *d, struct output *o, const char *outdir,
    const char *srcdir)
{
	struct buf	 tmpl = BUF_INIT;
	char		*realparent, *realout, *copy;

	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
	o->outdir = xstrdup(outdir);
	if (check_outdir(d, outdir, srcdir, &realout, &realparent) == -1)
		return -1;
	copy = xstrdup(outdir);
	/* Builds killed while they worked left their folders here. */
	buf_printf(&tmpl, ".%s.tmp-", basename(copy));
	tmpdirs_sweep(realparent, tmpl.data, OUTPUT_MARKER);
	buf_reset(&tmpl);
	buf_printf(&tmpl, "%s/.%s.tmp-XXXXXX", strcmp(realparent, "/") == 0 ?
	    "" : realparent, basename(copy));
	free(copy);
	free(realparent);
	if (mkdtemp(tmpl.data) == NULL) {
		diag_errno(d, outdir, "cannot create a folder beside it");
		buf_free(&tmpl);
		free(realout);
		return -1;
	}
	/* mkdtemp makes it 0700; a published site must be readable. */
	if (chmod(tmpl.data, 0755) == -1) {
		diag_errno(d, tmpl.data, "cannot set permissions");
		(void)rmdir(tmpl.data);
		buf_free(&tmpl);
		free(realout);
		return -1;
	}
	o->lockfd = tmpdir_lock(tmpl.data);
	o->tmpdir = buf_detach(&tmpl);
	o->log = xcalloc(1, sizeof(*o->log));
	buf_init(o->log);
	load_manifest(o, realout);
	free(realout);
	return output_write(d, o, OUTPUT_MARKER, MARKER_TEXT,
	    sizeof(MARKER_TEXT) - 1);
}

int
output_begin_inplace(struct diag *d, struct output *o, const char *outdir,
    const char *srcdir, struct output_files *files)
{
	char	*realparent, *realout;

	memset(o, 0, sizeof(*o));
	o->lockfd = -1;
	o->outdir = xstrdup(outdir);
	if (check_outdir(d, outdir, srcdir, &realout, &realparent) == -1)
		return -1;
	free(realparent);
	if (mkdir(realout, 0755) == -1 && errno != EEXIST) {
		diag_errno(d, outdir, "cannot create output folder");
		free(realout);
		return -1;
	}
	o->tmpdir = realout;
	o->files = files;
	o->log = xcalloc(1, sizeof(*o->log));
	buf_init(o->log);
	files->gen++;
	return output_write(d, o, OUTPUT_MARKER, MARKER_TEXT,
	    sizeof(MARKER_TEXT) - 1);
}


/* A file's hash for output_files: its bytes, then its length. */
static uint64_t
content_hash(const char *data, size_t len)
{
	uint64_t	 n = len;

	return fnv1a(fnv1a(FNV_INIT, data, len), &n, sizeof(n));
}

/*
 * Write the file "path" whole: in place, beside it and renamed over.
 * Failures are errors of the environment, reported as "shown" (the
 * file's name in the output folder, not in the folder being filled).
 */
static int
write_file(struct diag *d, const struct output *o, const char *path,
    const char *shown, const char *data, size_t len)
{
	struct buf	 tmp = BUF_INIT;
	const char	*dst = path;
	int		 fd, rc = -1;

	if (o->files != NULL) {
		buf_printf(&tmp, "%s.folio-new", path);
		dst = tmp.data;
	}
	fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	if (fd == -1) {
		diag_env_errno(d, shown, "cannot write");
		goto out;
	}
	if (write_all(fd, data, len) == -1) {
		diag_env_errno(d, shown, "cannot write");
		(void)close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		diag_env_errno(d, shown, "cannot write");
		goto out;
	}
	if (dst != path) {
		/* A folder where the file now goes: an older build's. */
		if (rename(dst, path) == -1 && (errno != EISDIR ||
		    rmtree(path) == -1 || rename(dst, path) == -1)) {
			diag_env_errno(d, shown, "cannot write");
			(void)unlink(dst);
			goto out;
		}
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/*
 * Create the missing folders of file "path" below its first "skip"
 * bytes (the output folder).  Most files go where others went: then one
 * mkdir of the parent says its ancestors are there.  0, or -1 (errno).
 */
static int
make_parents(char *path, size_t skip)
{
	char	*last = strrchr(path + skip, '/'), *p;

	if (last == NULL || last == path + skip)
		return 0;
	*last = '\0';
	if (mkdir(path, 0755) == 0 || errno == EEXIST) {
		*last = '/';
		return 0;
	}
	*last = '/';
	if (errno != ENOENT)
		return -1;
	for (p = path + skip + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int
output_write(struct diag *d, const struct output *o, const char *rel,
    const char *data, size_t len)
{
	const struct output_file *f;
	struct buf	 path = BUF_INIT, shown = BUF_INIT;
	struct stat	 st;
	uint64_t	 h = 0;
	char		*p;
	int		 rc = -1;

	if (rel[0] == '/' || strstr(rel, "..") != NULL) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "unsafe output path");
		return -1;
	}
	if (o->files != NULL) {
		h = content_hash(data, len);
		f = strmap_get(&o->files->map, rel);
		if (f != NULL && f->hash == h) {
			rc = 0;		/* as it was: leave it */
			goto out;
		}
	}
	buf_printf(&path, "%s/%s", o->tmpdir, rel);
	buf_printf(&shown, "%s/%s", o->outdir, rel);
	/* A new tree: each missing folder on the way. */
	if (o->files == NULL && make_parents(path.data,
	    strlen(o->tmpdir)) == -1) {
		diag_env_errno(d, shown.data, "cannot create folder");
		goto out;
	}
	/* In place, each folder on the way checked. */
	for (p = path.data + strlen(o->tmpdir) + 1;
	    o->files != NULL && *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if ((mkdir(path.data, 0755) == -1 && errno != EEXIST) ||
		    /* In place, a file may stand where a folder now goes. */
		    (o->files != NULL && lstat(path.data, &st) == 0 &&
		    !S_ISDIR(st.st_mode) && (unlink(path.data) == -1 ||
		    mkdir(path.data, 0755) == -1))) {
			diag_env_errno(d, shown.data, "cannot create folder");
			*p = '/';
			goto out;
		}
		*p = '/';
	}
	rc = write_file(d, o, path.data, shown.data, data, len);
out:
	if (rc == 0 && o->files != NULL)
		buf_printf(o->log, "%016llx %s\n", (unsigned long long)h, rel);
	buf_free(&path);
	buf_free(&shown);
	return rc;
}

void
output_keyed(const struct output *o, const char *key, size_t size,
    const char *rel)
{
	if (o != NULL && o->log != NULL && o->files == NULL)
		buf_printf(o->log, "K %.40s %zu %s\n", key, size, rel);
}

int
output_link_prev(const struct output *o, const char *key, const char *rel)
{
	const char	*v;
	struct buf	 from = BUF_INIT, to = BUF_INIT;
	struct stat	 st;
	char		*end;
	unsigned long long size;
	int		 rc = -1;

	if (o == NULL || o->prevdir == NULL || o->files != NULL ||
	    (v = strmap_get(&o->prev, rel)) == NULL ||
	    strncmp(v, key, 40) != 0 || v[40] != ' ')
		return -1;
	size = strtoull(v + 41, &end, 10);
	buf_printf(&from, "%s/%s", o->prevdir, rel);
	/* As written: a regular file of the size it had. */
	if (*end != '\0' || lstat(from.data, &st) == -1 ||
	    !S_ISREG(st.st_mode) || (unsigned long long)st.st_size != size)
		goto out;
	buf_printf(&to, "%s/%s", o->tmpdir, rel);
	if (make_parents(to.data, strlen(o->tmpdir)) == -1 ||
	    link(from.data, to.data) == -1)
		goto out;
	output_keyed(o, key, (size_t)size, rel);
	rc = 0;
out:
	buf_free(&from);
	buf_free(&to);
	return rc;
}

void
output_keep(const struct output *o, const char *rel)
{
	const struct output_file *f;

	if (o->log != NULL && (f = strmap_get(&o->files->map, rel)) != NULL)
		buf_printf(o->log, "%016llx %s\n",
		    (unsigned long long)f->hash, rel);
}

int
output_log_line(const char **p, const char *end, struct log_line *l)
{
	const char	*t = *p, *nl, *sp;

	if (t >= end || (nl = memchr(t, '\n', (size_t)(end - t))) == NULL)
		return -1;
	*p = nl + 1;
	memset(l, 0, sizeof(*l));
	l->kind = LOG_OTHER;
	l->text = t;
	l->len = (size_t)(nl - t);
	if (memchr(t, '\0', l->len) != NULL)
		return 0;
	if (t[0] == 'K') {
		/* "K " 40 hex digits, " ", size, " ", rel */
		if (l->len < 46 || t[1] != ' ' || t[42] != ' ' ||
		    (sp = memchr(t + 43, ' ', l->len - 43)) == NULL)
			return 0;
		l->kind = LOG_KEYED;
		l->keylen = (size_t)(sp - t - 2);
		l->rel = sp + 1;
		l->rellen = (size_t)(nl - sp - 1);
	} else if (t[0] != '#' && l->len >= 18 && t[16] == ' ') {
		l->kind = LOG_FILE;
		l->rel = t + 17;
		l->rellen = l->len - 17;
	}
	return 0;
}

void
output_log_apply(struct output *o, const char *log, size_t len)
{
	struct output_file	*f;
	struct log_line		 l;
	const char		*end = log + len;
	char			*rel;
	uint64_t		 h;

	while (output_log_line(&log, end, &l) == 0) {
		if (l.kind != LOG_FILE)
			continue;
		h = strtoull(l.text, NULL, 16);
		rel = xstrndup(l.rel, l.rellen);
		if ((f = strmap_get(&o->files->map, rel)) == NULL) {
			f = xcalloc(1, sizeof(*f));
			strmap_put(&o->files->map, rel, f);
		}
		f->hash = h;
		f->gen = o->files->gen;
		free(rel);
	}
}

/* Remove "rel" and the folders it leaves empty. */
static void
remove_stale(const char *dir, const char *rel)
{
	struct buf	 p = BUF_INIT;
	char		*slash;

	buf_printf(&p, "%s/%s", dir, rel);
	if (unlink(p.data) == 0)
		while ((slash = strrchr(p.data, '/')) != NULL &&
		    (size_t)(slash - p.data) > strlen(dir)) {
			*slash = '\0';
			if (rmdir(p.data) == -1)
				break;
		}
	buf_free(&p);
}

/* In place: apply the log; unless "sweep" is 0, remove what is not wanted. */
static void
inplace_finish(struct output *o, int sweep)
{
	struct output_files	*fs = o->files;
	struct strmap		 keep = STRMAP_INIT;
	struct output_file	*f;
	size_t			 i;

	output_log_apply(o, o->log->data, o->log->len);
	buf_reset(o->log);
	if (!sweep)
		return;
	for (i = 0; i < fs->map.cap; i++) {
		if (fs->map.slots[i].key == NULL)
			continue;
		f = fs->map.slots[i].val;
		if (f->gen == fs->gen)
			strmap_put(&keep, fs->map.slots[i].key, f);
		else {
			remove_stale(o->tmpdir, fs->map.slots[i].key);
			free(f);
		}
	}
	strmap_free(&fs->map);
	fs->map = keep;
}

void
output_files_free(struct output_files *fs)
{
	size_t	 i;

	for (i = 0; i < fs->map.cap; i++)
		if (fs->map.slots[i].key != NULL)
			free(fs->map.slots[i].val);
	strmap_free(&fs->map);
	memset(fs, 0, sizeof(*fs));
}

/* Manifest lines "K KEY SIZE REL" in the order of their REL. */
static int
manifest_cmp(const void *a, const void *b)
{
	const struct log_line	*x = a, *y = b;
	int			 c;

	c = memcmp(x->rel, y->rel, x->rellen < y->rellen ? x->rellen :
	    y->rellen);
	if (c != 0)
		return c;
	return x->rellen < y->rellen ? -1 : x->rellen > y->rellen;
}

/*
 * The marker, with the cached pages this site holds (load_manifest), in
 * a fixed order: the same site gives the same bytes however it was made.
 */
static int
write_manifest(struct diag *d, struct output *o)
{
	struct buf	 m = BUF_INIT;
	struct log_line	 l, *v = NULL;
	const char	*p = o->log->data, *end = o->log->data + o->log->len;
	size_t		 n = 0, cap = 0, i;
	int		 rc;

	while (output_log_line(&p, end, &l) == 0) {
		if (l.kind != LOG_KEYED)
			continue;
		if (n == cap) {
			cap = cap != 0 ? cap * 2 : 1024;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n++] = l;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), manifest_cmp);
	BUF_PUTSL(&m, MARKER_TEXT);
	for (i = 0; i < n; i++) {
		buf_put(&m, v[i].text, v[i].len);
		buf_putc(&m, '\n');
	}
	free(v);
	rc = output_write(d, o, OUTPUT_MARKER, m.data, m.len);
	buf_free(&m);
	return rc;
}

void
output_cached_keys(const struct output *o, struct strmap *keys)
{
	static char	 used;	/* every key's value: not NULL */
	const char	*line, *nl, *end;
	char		 key[41];

	if (o->log == NULL || o->files != NULL)
		return;
	end = o->log->data + o->log->len;
	for (line = o->log->data; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			break;
		if (line[0] != 'K' || line[1] != ' ' || nl - line < 46)
			continue;
		memcpy(key, line + 2, 40);
		key[40] = '\0';
		(void)strmap_put(keys, key, &used);
	}
}

int
output_commit(struct diag *d, struct output *o)
{
	struct stat	 st;

	if (o->files != NULL) {
		inplace_finish(o, 1);
		return 0;
	}
	if (write_manifest(d, o) == -1)
		return -1;
	if (lstat(o->outdir, &st) == 0) {
		/* One step: no moment without a site. */
		if (renameat2(AT_FDCWD, o->tmpdir, AT_FDCWD, o->outdir,
		    RENAME_EXCHANGE) == -1) {
			diag_env_errno(d, o->outdir,
			    "cannot replace output folder");
			return -1;
		}
	} else if (rename(o->tmpdir, o->outdir) == -1) {
		diag_env_errno(d, o->outdir, "cannot create output folder");
		return -1;
	}
	/* tmpdir now holds the previous site (or nothing). */
	if (access(o->tmpdir, F_OK) == 0 && rmtree(o->tmpdir) == -1)
		diag_add(d, DIAG_WARNING, o->tmpdir, 0, 0,
		    "could not remove the previous site");
	tmpdir_unlock(o->tmpdir, o->lockfd);
	o->lockfd = -1;
	free(o->tmpdir);
	o->tmpdir = NULL;
	return 0;
}

void
output_abort(struct output *o)
{
	size_t	 i;

	if (o->files != NULL) {
		/* What was written stays, and is known. */
		if (o->log != NULL)
			inplace_finish(o, 0);
		o->files = NULL;
	} else if (o->tmpdir != NULL) {
		(void)rmtree(o->tmpdir);
		tmpdir_unlock(o->tmpdir, o->lockfd);
		o->lockfd = -1;
	}
	if (o->log != NULL)
		buf_free(o->log);
	free(o->log);
	o->log = NULL;
	for (i = 0; i < o->prev.cap; i++)
		if (o->prev.slots[i].key != NULL)
			free(o->prev.slots[i].val);
	strmap_free(&o->prev);
	free(o->prevdir);
	o->prevdir = NULL;
	free(o->tmpdir);
	free(o->outdir);
	o->tmpdir = o->outdir = NULL;
}
