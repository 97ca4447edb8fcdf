/*
 * tmpdirs.c: working folders of runs that may be killed (see tmpdirs.h).
 */

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "tmpdirs.h"

/*
 * Remove everything in the folder open as "fd" (taken over), by names
 * relative to it: a site's old tree is tens of thousands of files, and
 * the type readdir gives spares a stat of each.  0, or -1 at the first
 * failure.
 */
static int
rm_contents(int fd)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*dp;
	int		 sub, isdir, rc = 0;

	if ((dp = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		isdir = de->d_type == DT_DIR;
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd(dp), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1) {
				rc = -1;
				break;
			}
			isdir = S_ISDIR(st.st_mode);
		}
		if (!isdir)
			rc = unlinkat(dirfd(dp), de->d_name, 0);
		else if ((sub = openat(dirfd(dp), de->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1 ||
		    rm_contents(sub) == -1 ||
		    unlinkat(dirfd(dp), de->d_name, AT_REMOVEDIR) == -1)
			rc = -1;
	}
	(void)closedir(dp);
	return rc;
}

int
rmtree(const char *dir)
{
	struct stat	 st;
	int		 fd;

	if (lstat(dir, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(dir);	/* a symbolic link is not followed */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1 || rm_contents(fd) == -1)
		return -1;
	return rmdir(dir);
}

/* A folder without a lock file is left alone this long (seconds). */
#define UNLOCKED_GRACE	3600

int
tmpdir_lock(const char *dir)
{
	struct buf	 p = BUF_INIT;
	int		 fd;

	buf_printf(&p, "%s.lock", dir);
	fd = open(p.data, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1) {
		(void)close(fd);
		fd = -1;
	}
	buf_free(&p);
	return fd;
}

void
tmpdir_unlock(const char *dir, int fd)
{
	struct buf	 p = BUF_INIT;

	if (fd == -1)
		return;
	buf_printf(&p, "%s.lock", dir);
	/* Unlinked while still held: no one can take a lock on it. */
	(void)unlink(p.data);
	(void)close(fd);
	buf_free(&p);
}

/*
 * Whether "<path>.lock" exists and no one holds it (the lock is then
 * taken, its descriptor in *fd); *exists tells whether it exists.
 */
static int
lock_free(const char *path, int *fd, int *exists)
{
	struct buf	 p = BUF_INIT;

	buf_printf(&p, "%s.lock", path);
	*fd = open(p.data, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	buf_free(&p);
	*exists = *fd != -1;
	if (*fd == -1)
		return 0;
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return 1;
	(void)close(*fd);
	*fd = -1;
	return 0;
}

/*
 * Whether folder "dir" holds a site folio was writing (its marker, or a
 * preview's "site/" with one): the proof asked of a folder without a
 * lock before it is removed.
 */
static int
made_by_folio(const char *dir, const char *marker)
{
	struct buf	 p = BUF_INIT;
	int		 yes;

	buf_printf(&p, "%s/%s", dir, marker);
	yes = access(p.data, F_OK) == 0;
	buf_reset(&p);
	buf_printf(&p, "%s/site/%s", dir, marker);
	yes = yes || access(p.data, F_OK) == 0;
	buf_free(&p);
	return yes;
}

/* Sweep one entry "name" of "parent". */
static void
sweep_one(const char *parent, const char *name, const char *marker,
    void (*settle)(const char *, void *), void *arg)
{
	struct buf	 path = BUF_INIT;
	struct stat	 st;
	size_t		 n = strlen(name);
	int		 fd, exists;

	buf_printf(&path, "%s/%s", parent, name);
	if (n > 5 && strcmp(name + n - 5, ".lock") == 0) {
		/* A lock file whose folder is gone, and free. */
		path.data[path.len - 5] = '\0';
		if (lstat(path.data, &st) == -1 && errno == ENOENT &&
		    lock_free(path.data, &fd, &exists))
			tmpdir_unlock(path.data, fd);
		goto out;
	}
	if (lstat(path.data, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid())
		goto out;
	if (lock_free(path.data, &fd, &exists)) {
		if (settle != NULL)
			settle(path.data, arg);
		(void)rmtree(path.data);
		tmpdir_unlock(path.data, fd);
	} else if (!exists && st.st_mtime < time(NULL) - UNLOCKED_GRACE &&
	    made_by_folio(path.data, marker))
		(void)rmtree(path.data);
out:
	buf_free(&path);
}

void
tmpdirs_sweep(const char *parent, const char *prefix, const char *marker,
    void (*settle)(const char *, void *), void *arg)
{
	DIR		*dp;
	struct dirent	*de;
	size_t		 n = strlen(prefix);

	if ((dp = opendir(parent)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL)
		if (strncmp(de->d_name, prefix, n) == 0 &&
		    de->d_name[n] != '\0')
			sweep_one(parent, de->d_name, marker, settle, arg);
	(void)closedir(dp);
}
