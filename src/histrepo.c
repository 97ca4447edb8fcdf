/*
 * histrepo.c: the repository as a whole, for the stages that need git
 * without walking it (see history.h): setting libgit2 up, finding the
 * git folder, what a walk depends on, git's object ids.  With history.c
 * it is the only code that includes git2.h.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "history.h"

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
	buf_printf(&b, "%d;", ho->allow_shallow);
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

void
history_blob_id(char hex[41], const void *data, size_t len)
{
	git_oid	 oid;

	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	git_oid_tostr(hex, 41, &oid);
}
