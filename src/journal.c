/*
 * journal.c: committing an update of a site in place (see journal.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "journal.h"
#include "readfile.h"
#include "tmpdirs.h"
#include "util.h"

int
journal_write(const char *stagedir, const char *text, size_t len)
{
	struct buf	 tmp = BUF_INIT, path = BUF_INIT;
	int		 fd, rc = -1, saved;

	buf_printf(&tmp, "%s/%s.new", stagedir, JOURNAL_NAME);
	buf_printf(&path, "%s/%s", stagedir, JOURNAL_NAME);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (fd != -1 && write_all(fd, text, len) == 0 && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		rc = rename(tmp.data, path.data);
	}
	saved = errno;
	if (fd != -1)
		(void)close(fd);
	if (rc == -1)
		(void)unlink(tmp.data);
	buf_free(&tmp);
	buf_free(&path);
	errno = saved;
	return rc;
}

int
journal_pending(const char *stagedir)
{
	struct buf	 path = BUF_INIT;
	struct stat	 st;
	int		 yes;

	buf_printf(&path, "%s/%s", stagedir, JOURNAL_NAME);
	yes = lstat(path.data, &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&path);
	return yes;
}

void
journal_remove(const char *dir, const char *rel)
{
	struct buf	 p = BUF_INIT;
	char		*slash;

	buf_printf(&p, "%s/%s", dir, rel);
	/* rmtree follows no link, and unlinks what is not a folder. */
	if (rmtree(p.data) == 0)
		while ((slash = strrchr(p.data, '/')) != NULL &&
		    (size_t)(slash - p.data) > strlen(dir)) {
			*slash = '\0';
			if (rmdir(p.data) == -1)
				break;
		}
	buf_free(&p);
}

int
journal_make_folders(char *path, size_t skip)
{
	struct stat	 st;
	char		*p;

	for (p = path + skip + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
		    unlink(path) == -1) {
			*p = '/';
			return -1;
		}
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Rename staged file "rel" into the site. */
static int
move_in(const char *stagedir, const char *sitedir, const char *rel)
{
	struct buf	 from = BUF_INIT, to = BUF_INIT;
	struct stat	 st;
	int		 rc = 0;

	buf_printf(&from, "%s/%s", stagedir, rel);
	buf_printf(&to, "%s/%s", sitedir, rel);
	if (rename(from.data, to.data) == 0)
		goto out;
	if (lstat(from.data, &st) == -1 && errno == ENOENT)
		goto out;	/* moved by the run that was killed */
	if (errno == ENOENT || errno == ENOTDIR)
		rc = journal_make_folders(to.data, strlen(sitedir));
	else if (errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST)
		rc = rmtree(to.data);
	else
		rc = -1;
	if (rc == 0)
		rc = rename(from.data, to.data);
out:
	buf_free(&from);
	buf_free(&to);
	return rc;
}

int
journal_apply(const char *stagedir, const char *sitedir)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT, rel = BUF_INIT;
	const char	*p, *nl, *end;
	int		 rc = 0;

	buf_printf(&path, "%s/%s", stagedir, JOURNAL_NAME);
	if (read_file_errno(path.data, &text) == -1) {
		buf_free(&path);
		return -1;
	}
	end = text.data + text.len;
	for (p = text.data; rc == 0 && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		/* "R rel" or "D rel"; a name never holds "..". */
		buf_reset(&rel);
		if (nl - p >= 3)
			buf_put(&rel, p + 2, (size_t)(nl - p - 2));
		if (nl - p < 3 || p[1] != ' ' || rel.data[0] == '/' ||
		    strstr(rel.data, "..") != NULL ||
		    memchr(rel.data, '\0', rel.len) != NULL) {
			errno = EINVAL;
			rc = -1;
		} else if (p[0] == 'R')
			rc = move_in(stagedir, sitedir, rel.data);
		else if (p[0] == 'D')
			journal_remove(sitedir, rel.data);
		else {
			errno = EINVAL;
			rc = -1;
		}
	}
	buf_free(&path);
	buf_free(&text);
	buf_free(&rel);
	return rc;
}
