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
#include "output.h"
#include "util.h"

static int
rm_entry(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

int
rmtree(const char *dir)
{
	return nftw(dir, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

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

int
output_begin(struct diag *d, struct output *o, const char *outdir,
    const char *srcdir)
{
	struct stat	 st;
	struct buf	 marker = BUF_INIT, tmpl = BUF_INIT;
	char		*realsrc = NULL, *copy = NULL, *parent, *realparent = NULL;
	char		*base, *realout = NULL;
	int		 rc = -1;

	memset(o, 0, sizeof(*o));
	o->outdir = xstrdup(outdir);
	if ((realsrc = realpath(srcdir, NULL)) == NULL) {
		diag_errno(d, srcdir, "cannot open site folder");
		goto out;
	}
	copy = xstrdup(outdir);
	parent = dirname(copy);
	if ((realparent = realpath(parent, NULL)) == NULL) {
		diag_errno(d, outdir, "cannot use output folder");
		goto out;
	}
	free(copy);
	copy = xstrdup(outdir);
	base = basename(copy);
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(base, "/") == 0) {
		diag_add(d, DIAG_ERROR, outdir, 0, 0,
		    "give the output folder by name, not as '%s'", base);
		goto out;
	}
	buf_printf(&tmpl, "%s/%s", strcmp(realparent, "/") == 0 ? "" :
	    realparent, base);
	realout = buf_detach(&tmpl);

	if (path_within(realout, realsrc) || path_within(realsrc, realout)) {
		diag_add(d, DIAG_ERROR, outdir, 0, 0,
		    "the output folder must lie outside the site folder %s "
		    "(and must not contain it)", srcdir);
		goto out;
	}
	if (lstat(realout, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_add(d, DIAG_ERROR, outdir, 0, 0,
			    "exists and is not a folder");
			goto out;
		}
		buf_printf(&marker, "%s/%s", realout, OUTPUT_MARKER);
		if (access(marker.data, F_OK) != 0 && !dir_is_empty(realout)) {
			diag_add(d, DIAG_ERROR, outdir, 0, 0,
			    "refusing to replace a folder that folio did not "
			    "make (it has no %s file); remove it or choose "
			    "another output folder", OUTPUT_MARKER);
			goto out;
		}
		if (access(realparent, W_OK) != 0) {
			diag_errno(d, outdir, "cannot replace output folder");
			goto out;
		}
	} else if (errno != ENOENT) {
		diag_errno(d, outdir, "cannot use output folder");
		goto out;
	}

	buf_printf(&tmpl, "%s/.%s.tmp-XXXXXX", strcmp(realparent, "/") == 0 ?
	    "" : realparent, base);
	if (mkdtemp(tmpl.data) == NULL) {
		diag_errno(d, outdir, "cannot create a folder beside it");
		goto out;
	}
	/* mkdtemp makes it 0700; a published site must be readable. */
	if (chmod(tmpl.data, 0755) == -1) {
		diag_errno(d, tmpl.data, "cannot set permissions");
		(void)rmdir(tmpl.data);
		goto out;
	}
	o->tmpdir = buf_detach(&tmpl);
	rc = output_write(d, o, OUTPUT_MARKER,
	    "This folder is written by folio; each build replaces it.\n", 58);
out:
	free(realsrc);
	free(realparent);
	free(realout);
	free(copy);
	buf_free(&marker);
	buf_free(&tmpl);
	return rc;
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
output_write(struct diag *d, const struct output *o, const char *rel,
    const char *data, size_t len)
{
	struct buf	 path = BUF_INIT;
	char		*p;
	int		 fd = -1, rc = -1;

	if (rel[0] == '/' || strstr(rel, "..") != NULL) {
		diag_add(d, DIAG_ERROR, rel, 0, 0, "unsafe output path");
		return -1;
	}
	buf_printf(&path, "%s/%s", o->tmpdir, rel);
	/* Create each missing folder on the way. */
	for (p = path.data + strlen(o->tmpdir) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path.data, 0755) == -1 && errno != EEXIST) {
			diag_errno(d, path.data, "cannot create folder");
			*p = '/';
			goto out;
		}
		*p = '/';
	}
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	if (fd == -1) {
		diag_errno(d, path.data, "cannot write");
		goto out;
	}
	if (write_all(fd, data, len) == -1) {
		diag_errno(d, path.data, "cannot write");
		goto out;
	}
	rc = 0;
out:
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		diag_errno(d, path.data, "cannot write");
		rc = -1;
	}
	buf_free(&path);
	return rc;
}

int
output_commit(struct diag *d, struct output *o)
{
	struct stat	 st;

	if (lstat(o->outdir, &st) == 0) {
		/* One step: no moment without a site. */
		if (renameat2(AT_FDCWD, o->tmpdir, AT_FDCWD, o->outdir,
		    RENAME_EXCHANGE) == -1) {
			diag_errno(d, o->outdir, "cannot replace output folder");
			return -1;
		}
	} else if (rename(o->tmpdir, o->outdir) == -1) {
		diag_errno(d, o->outdir, "cannot create output folder");
		return -1;
	}
	/* tmpdir now holds the previous site (or nothing). */
	if (access(o->tmpdir, F_OK) == 0 && rmtree(o->tmpdir) == -1)
		diag_add(d, DIAG_WARNING, o->tmpdir, 0, 0,
		    "could not remove the previous site");
	free(o->tmpdir);
	o->tmpdir = NULL;
	return 0;
}

void
output_abort(struct output *o)
{
	if (o->tmpdir != NULL)
		(void)rmtree(o->tmpdir);
	free(o->tmpdir);
	free(o->outdir);
	o->tmpdir = o->outdir = NULL;
}
