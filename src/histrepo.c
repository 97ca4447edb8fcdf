/*
 * histrepo.c: the repository as a whole, for the stages that need git
 * without walking it (see history.h): setting libgit2 up, finding the
 * git folder, what a walk depends on, git's object ids; and setting a
 * walk up (histwalk.h): the site directory within the repository, the
 * ignore-revs file, a shallow clone's boundary, the working tree's
 * status.  With the other history modules (histwalk.h) it is the only
 * code that includes git2.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "history.h"
#include "histwalk.h"
#include "readfile.h"
#include "strmap.h"
#include "util.h"

int
history_lib_init(void)
{
	return git_libgit2_init() < 0 ? -1 : 0;
}

void
history_lib_shutdown(void)
{
	git_libgit2_shutdown();
}

int
history_git_dir(const char *path, struct buf *out)
{
	git_buf		 gd = { NULL, 0, 0 };

	if (git_repository_discover(&gd, path, 0, NULL) != 0)
		return -1;
	buf_puts(out, gd.ptr);
	git_buf_dispose(&gd);
	return 0;
}

/* A file's identity and age, for keys; "-" when absent. */
static void
stat_key(struct buf *b, const char *path)
{
	struct stat	 st;

	if (path == NULL || stat(path, &st) == -1) {
		BUF_PUTSL(b, "-;");
		return;
	}
	buf_printf(b, "%ju:%jd:%jd.%ld;", (uintmax_t)st.st_ino,
	    (intmax_t)st.st_size, (intmax_t)st.st_mtim.tv_sec,
	    (long)st.st_mtim.tv_nsec);
}

char *
history_key(const char *srcdir, const struct history_opts *ho)
{
	git_repository	*repo = NULL;
	git_oid		 oid;
	struct buf	 b = BUF_INIT, p = BUF_INIT;
	char		 hex[GIT_OID_HEXSZ + 1], *real;
	const char	*wd;

	if (git_repository_open_ext(&repo, srcdir, 0, NULL) < 0)
		return NULL;
	if ((real = realpath(srcdir, NULL)) != NULL)
		buf_printf(&b, "%s;", real);
	free(real);
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0 &&
	    git_oid_tostr(hex, sizeof(hex), &oid) != NULL)
		buf_printf(&b, "%s;", hex);
	else
		BUF_PUTSL(&b, "unborn;");
	buf_printf(&b, "%d;%d;", ho->allow_shallow, ho->skip_bad);
	stat_key(&b, ho->ignore_revs);
	buf_printf(&p, "%sshallow", git_repository_commondir(repo));
	stat_key(&b, p.data);
	if ((wd = git_repository_workdir(repo)) != NULL) {
		buf_reset(&p);
		buf_printf(&p, "%s.mailmap", wd);
		stat_key(&b, p.data);
	}
	git_repository_free(repo);
	buf_free(&p);
	return buf_detach(&b);
}

/* Setting a walk up. */

/* Set-up: ignore-revs, shallow boundaries, status. */

/*
 * Read the ignore-revs file into w->text.ignore.  Returns -1 (an error) only
 * if it cannot be read; a bad or unknown id is a warning.
 */
int
load_ignore(struct walk *w, const char *path)
{
	struct buf	 b = BUF_INIT;
	git_object	*obj;
	git_oid		 oid;
	char		*line, *next, *s, *e, hex[GIT_OID_HEXSZ + 1];
	size_t		 lineno = 0, n, i;
	int		 rc, ret = -1;

	if (read_file_errno(path, &b) == -1) {
		diag_errno(w->d, path, "cannot read ignore-revs file");
		goto out;
	}
	for (line = b.data; *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if ((s = strchr(line, '#')) != NULL)
			*s = '\0';
		for (s = line; is_blank((unsigned char)*s); s++)
			continue;
		for (e = s + strlen(s); e > s && is_blank((unsigned char)e[-1]);
		    e--)
			continue;
		if ((n = (size_t)(e - s)) == 0)
			continue;
		for (i = 0; i < n && is_hex((unsigned char)s[i]); i++)
			continue;
		if (i < n || n < 7 || n > GIT_OID_HEXSZ ||
		    git_oid_fromstrn(&oid, s, n) < 0) {
			diag_add(w->d, DIAG_WARNING, path, lineno, 0,
			    "not a commit id: '%.*s'", (int)n, s);
			continue;
		}
		rc = git_object_lookup_prefix(&obj, w->repo, &oid, n,
		    GIT_OBJECT_COMMIT);
		if (rc < 0) {
			diag_add(w->d, DIAG_WARNING, path, lineno, 0,
			    "%s commit '%.*s'", rc == GIT_EAMBIGUOUS ?
			    "ambiguous" : "unknown", (int)n, s);
			continue;
		}
		rc = git_oid_fmt(hex, git_object_id(obj));
		git_object_free(obj);
		if (rc < 0)
			continue;
		hex[GIT_OID_HEXSZ] = '\0';
		/* Any non-NULL value. */
		(void)strmap_put(&w->text.ignore, hex, w);
	}
	ret = 0;
out:
	buf_free(&b);
	return ret;
}

/* Read the shallow boundary commits (.git/shallow) into w->tree.boundary. */
int
load_boundary(struct walk *w)
{
	struct buf	 path = BUF_INIT, b = BUF_INIT;
	char		*line, *next;
	int		 ret = -1;

	buf_printf(&path, "%sshallow", git_repository_commondir(w->repo));
	if (read_file_errno(path.data, &b) == -1) {
		buf_reset(&w->err);
		buf_printf(&w->err, "cannot read %s", path.data);
		goto out;
	}
	for (line = b.data; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (strlen(line) == GIT_OID_HEXSZ)
			(void)strmap_put(&w->tree.boundary, line, w);
	}
	ret = 0;
out:
	buf_free(&path);
	buf_free(&b);
	return ret;
}

/* Mark documents that differ from HEAD, add those not in it. */
int
load_status(struct walk *w)
{
	git_status_options	 o;
	git_status_list		*sl = NULL;
	const git_status_entry	*e;
	const git_diff_delta	*dd;
	const char		*path;
	struct hdoc		*doc;
	struct buf		 spec = BUF_INIT;
	char			*specv[1];
	size_t			 i, n;
	int			 rc, ret = -1;

	if ((rc = git_status_options_init(&o, GIT_STATUS_OPTIONS_VERSION)) <
	    0) {
		(void)walk_git_fail(w, rc);
		goto out;
	}
	o.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (w->sitelen > 0 && strpbrk(w->site, "*?[\\") == NULL) {
		buf_put(&spec, w->site, w->sitelen - 1);
		specv[0] = spec.data;
		o.pathspec.strings = specv;
		o.pathspec.count = 1;
	}
	if ((rc = git_status_list_new(&sl, w->repo, &o)) < 0) {
		(void)walk_git_fail(w, rc);
		goto out;
	}
	n = git_status_list_entrycount(sl);
	for (i = 0; i < n; i++) {
		if ((e = git_status_byindex(sl, i)) == NULL)
			continue;
		dd = e->head_to_index != NULL ? e->head_to_index :
		    e->index_to_workdir;
		if (dd == NULL)
			continue;
		path = dd->new_file.path != NULL ? dd->new_file.path :
		    dd->old_file.path;
		if (path == NULL || strncmp(path, w->site, w->sitelen) != 0 ||
		    !is_md(path, strlen(path)))
			continue;
		path += w->sitelen;
		if ((doc = strmap_get(&w->h->docs, path)) != NULL) {
			if (e->status != GIT_STATUS_CURRENT &&
			    !(e->status & GIT_STATUS_IGNORED))
				doc->h.dirty = 1;
		} else if (e->status &
		    (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW))
			doc_add(w->h, path)->h.untracked = 1;
	}
	ret = 0;
out:
	git_status_list_free(sl);
	buf_free(&spec);
	return ret;
}

/* The site directory relative to the work tree ("" or "a/b/") in w. */
int
site_dir(struct walk *w, const char *srcdir)
{
	char		 rs[PATH_MAX], rw[PATH_MAX];
	const char	*wd;
	size_t		 n;

	if ((wd = git_repository_workdir(w->repo)) == NULL) {
		buf_reset(&w->err);
		buf_puts(&w->err, "the repository has no work tree");
		return -1;
	}
	if (realpath(srcdir, rs) == NULL || realpath(wd, rw) == NULL) {
		buf_reset(&w->err);
		buf_printf(&w->err, "cannot resolve %s", srcdir);
		return -1;
	}
	n = strcmp(rw, "/") == 0 ? 0 : strlen(rw);
	if (strcmp(rs, rw) == 0)
		w->site = xstrdup("");
	else if (strncmp(rs, rw, n) == 0 && rs[n] == '/') {
		buf_reset(&w->tmp);
		buf_printf(&w->tmp, "%s/", rs + n + 1);
		w->site = xstrdup(w->tmp.data);
	} else {
		buf_reset(&w->err);
		buf_printf(&w->err, "%s is not in the work tree %s", srcdir,
		    rw);
		return -1;
	}
	w->sitelen = strlen(w->site);
	return 0;
}
