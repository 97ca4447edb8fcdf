/*
 * output.c: writing the site beside the output and swapping it in.
 */
#define _GNU_SOURCE	/* renameat2, RENAME_EXCHANGE */

#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "hash.h"
#include "journal.h"
#include "output.h"
#include "pool.h"
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

/* The old site's walker yields to the build (setpriority(2)'s scale). */
#define WALK_NICE	10

/* Sort names for prefix lookups (output_keep_group). */
static int
rel_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * What the marker of the site in "dir" lists after its first line: its
 * files ("K KEY SIZE REL" for cached pages, "F SIZE REL" for the others)
 * and its documents' groups of pages ("G KEY NFILES NPAGES NAME").  A
 * file folio did not write (or one too big to be a marker) lists none.
 */
static void
load_manifest(struct output *o, const char *dir)
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	struct stat	 st;
	struct log_line	 l;
	struct prev_file *f;
	struct prev_group *g;
	const char	*p;
	char		*rel;
	size_t		 cap = 0;
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
	if (text.len < sizeof(MARKER_TEXT) - 1 ||
	    memcmp(text.data, MARKER_TEXT, sizeof(MARKER_TEXT) - 1) != 0)
		goto out;
	for (p = text.data; output_log_line(&p, text.data + text.len,
	    &l) == 0;) {
		if (l.kind == LOG_GROUP) {
			rel = xstrndup(l.rel, l.rellen);
			g = xcalloc(1, sizeof(*g));
			memcpy(g->key, l.text + 2, 40);
			g->nfiles = l.nfiles;
			g->npages = l.npages;
			if (strmap_put(&o->groups, rel, g) != NULL)
				free(g);
			free(rel);
			continue;
		}
		if (l.kind != LOG_KEYED && l.kind != LOG_WRITTEN)
			continue;
		rel = xstrndup(l.rel, l.rellen);
		f = xcalloc(1, sizeof(*f));
		f->size = l.size;
		if (l.kind == LOG_KEYED)
			memcpy(f->key, l.text + 2, 40);
		if (strmap_put(&o->prev, rel, f) == NULL) {
			if (o->nprev == cap) {
				cap = cap != 0 ? cap * 2 : 1024;
				o->prevrels = xreallocarray(o->prevrels, cap,
				    sizeof(*o->prevrels));
			}
			o->prevrels[o->nprev++] = xstrdup(rel);
		} else
			free(f);
		free(rel);
	}
	if (o->nprev > 1)
		qsort(o->prevrels, o->nprev, sizeof(*o->prevrels), rel_cmp);
	if (o->prev.n > 0)
		o->prevdir = xstrdup(dir);
out:
	buf_free(&path);
	buf_free(&text);
}

/*
 * Updating: note an entry "rel" the site being replaced holds ("size"
 * bytes if "reg", a regular file): a listed file's size now, or a line
 * "D rel" in o->foreign for every entry folio did not write there: a
 * site holds nothing but what its sources made.
 */
static void
note_entry(struct output *o, const char *rel, int reg, size_t size)
{
	struct prev_file	*f;

	f = strmap_get(&o->prev, rel);
	if (f != NULL && reg)
		f->found = 1 + size;
	else if (strchr(rel, '\n') != NULL)
		o->foreign_odd = 1;	/* no journal line can name it */
	else
		buf_printf(&o->foreign, "D %s\n", rel);
}

typedef void	(*entry_fn)(void *arg, const char *rel, int reg, size_t size);

/*
 * Walk the folder open as "fd" (at "rel" in the site), calling fn for
 * each entry but folders, which are walked; "fd" is closed.  Links are
 * not followed.  getdents64(2) rather than readdir(3): fdopendir() costs
 * three more system calls a folder, and a site has one a page (85,000
 * at 10,000 documents; the walk took a fifth less).
 */
static void
walk_site(int fd, struct buf *rel, entry_fn fn, void *arg)
{
	char		 ents[8192] __attribute__((aligned(8)));
	struct dirent64	*de;
	struct stat	 st;
	size_t		 len = rel->len;
	ssize_t		 n, off;
	int		 sub, type;

	while ((n = getdents64(fd, ents, sizeof(ents))) > 0)
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct dirent64 *)(void *)(ents + off);
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0 || (len == 0 &&
			    strcmp(de->d_name, OUTPUT_MARKER) == 0))
				continue;
			buf_truncate(rel, len);
			if (len > 0)
				buf_putc(rel, '/');
			buf_puts(rel, de->d_name);
			type = de->d_type;
			st.st_size = 0;
			if (type == DT_UNKNOWN || type == DT_REG) {
				if (fstatat(fd, de->d_name, &st,
				    AT_SYMLINK_NOFOLLOW) == -1)
					continue;
				type = S_ISDIR(st.st_mode) ? DT_DIR :
				    S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
			}
			if (type == DT_DIR) {
				if ((sub = openat(fd, de->d_name, O_RDONLY |
				    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) != -1)
					walk_site(sub, rel, fn, arg);
				continue;
			}
			fn(arg, rel->data, type == DT_REG, (size_t)st.st_size);
		}
	buf_truncate(rel, len);
	(void)close(fd);
}

/* entry_fn: noted at once. */
static void
note_now(void *arg, const char *rel, int reg, size_t size)
{
	note_entry(arg, rel, reg, size);
}

/*
 * The walk in output_prepare()'s worker: each entry a record in the file
 * "fd": its size ("-" if not a regular file), a space, its name and a
 * NUL.  Records gather in "b", written out as it fills; fd is -1 after
 * a failed write.
 */
struct	walk_records {
	struct buf	 b;
	int		 fd;
};

static void
note_record(void *arg, const char *rel, int reg, size_t size)
{
	struct walk_records	*w = arg;
	char			 num[24], *p = num + sizeof(num);

	/* By hand, not printf: a record for every file of the site. */
	*--p = ' ';
	if (!reg)
		*--p = '-';
	else
		do
			*--p = (char)('0' + size % 10);
		while ((size /= 10) > 0);
	buf_put(&w->b, p, (size_t)(num + sizeof(num) - p));
	buf_puts(&w->b, rel);
	buf_putc(&w->b, '\0');
	if (w->b.len >= 65536 && w->fd != -1) {
		if (write_all(w->fd, w->b.data, w->b.len) == -1)
			w->fd = -1;
		buf_reset(&w->b);
	}
}

/* The whole of the file open as "fd", from its start: 0 or -1. */
static int
read_whole(int fd, struct buf *out)
{
	char		 chunk[65536];
	off_t		 off = 0;
	ssize_t		 n;

	while ((n = pread(fd, chunk, sizeof(chunk), off)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		buf_put(out, chunk, (size_t)n);
		off += n;
	}
	return 0;
}

/*
 * The worker of output_prepare() stopped and its file closed, unused
 * (the file is open while the worker is there).
 */
static void
stop_walk(struct output *o)
{
	if (o->walkpid > 0) {
		(void)kill(o->walkpid, SIGKILL);
		while (waitpid(o->walkpid, NULL, 0) == -1 && errno == EINTR)
			;
		(void)close(o->walkfd);
	}
	o->walkpid = 0;
	o->walkfd = -1;
}

/*
 * The records of output_prepare()'s worker, noted as walk_site() would
 * have: 0, or -1 when it did not finish (nothing noted).
 */
static int
take_walk(struct output *o)
{
	struct buf	 b = BUF_INIT;
	const char	*p, *end, *nul, *sp;
	char		*num;
	size_t		 size;
	pid_t		 got;
	int		 status, rc = -1;

	while ((got = waitpid(o->walkpid, &status, 0)) == -1 &&
	    errno == EINTR)
		;
	if (got == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    read_whole(o->walkfd, &b) == -1)
		goto out;
	/* Whole records only: a bad one means nothing is taken. */
	for (p = b.data, end = b.data + b.len; p < end; p = nul + 1)
		if ((nul = memchr(p, '\0', (size_t)(end - p))) == NULL ||
		    (sp = memchr(p, ' ', (size_t)(nul - p))) == NULL ||
		    sp == p || sp + 1 == nul)
			goto out;
	for (p = b.data; p < end; p = nul + 1) {
		nul = memchr(p, '\0', (size_t)(end - p));
		sp = memchr(p, ' ', (size_t)(nul - p));
		if (*p == '-')
			note_entry(o, sp + 1, 0, 0);
		else {
			num = xstrndup(p, (size_t)(sp - p));
			size = strtoul(num, NULL, 10);
			free(num);
			note_entry(o, sp + 1, 1, size);
		}
	}
	rc = 0;
out:
	o->walkpid = 0;
	(void)close(o->walkfd);
	o->walkfd = -1;
	buf_free(&b);
	return rc;
}

/* Write the marker file of the folder being filled: text[0..len). */
static int
write_marker(struct diag *d, const struct output *o, const char *text,
    size_t len)
{
	struct buf	 path = BUF_INIT;
	int		 fd, rc = 0;

	buf_printf(&path, "%s/%s", o->tmpdir, OUTPUT_MARKER);
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
	    O_NOFOLLOW, 0644);
	if (fd == -1 || write_all(fd, text, len) == -1)
		rc = -1;
	if (fd != -1 && close(fd) == -1)
		rc = -1;
	if (rc == -1)
		diag_env_errno(d, o->outdir, "cannot write");
	buf_free(&path);
	return rc;
}

/*
 * A run killed while it committed an update in place left its staging
 * folder with a journal: finish that commit before anything else.
 */
static void
finish_killed_commit(const char *dir, void *arg)
{
	if (journal_pending(dir))
		(void)journal_apply(dir, arg);
}

/*
 * One build at a time writes an output: a lock, held until the build is
 * done (the kernel drops it if the build dies), on a file in $TMPDIR
 * named by a hash of the output's real path, so that nothing is added
 * beside the output (often in the site's repository).  A lock that
 * cannot be made is done without.  The descriptor, or -1.
 */
static int
lock_output(const char *realout)
{
	const char	*tmp = getenv("TMPDIR");
	struct buf	 p = BUF_INIT;
	int		 fd;

	buf_printf(&p, "%s/folio-output-%u-%016llx.lock",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp", (unsigned)geteuid(),
	    (unsigned long long)fnv1a(FNV_INIT, realout, strlen(realout)));
	fd = open(p.data, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd != -1 && flock(fd, LOCK_EX) == -1) {
		(void)close(fd);
		fd = -1;
	}
	buf_free(&p);
	return fd;
}

/*
 * Take the output "realout" (in "realparent", named "outdir"): its lock,
 * then, as builds killed while they worked left their folders beside
 * it, those swept, one killed while it committed an update finished
 * first.
 */
static void
claim_output(struct output *o, const char *outdir, const char *realout,
    const char *realparent)
{
	struct buf	 tmpl = BUF_INIT;
	char		*copy = xstrdup(outdir);

	o->outlockfd = lock_output(realout);
	buf_printf(&tmpl, ".%s.tmp-", basename(copy));
	tmpdirs_sweep(realparent, tmpl.data, OUTPUT_MARKER,
	    finish_killed_commit, (void *)realout);
	free(copy);
	buf_free(&tmpl);
}

/* An unlinked file in $TMPDIR for the walk's records, or -1. */
static int
records_file(void)
{
	const char	*tmp = getenv("TMPDIR");
	struct buf	 p = BUF_INIT;
	int		 fd;

	buf_printf(&p, "%s/folio-walk-XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if ((fd = mkostemp(p.data, O_CLOEXEC)) != -1)
		(void)unlink(p.data);
	buf_free(&p);
	return fd;
}

int
output_prepare(struct output *o, const char *outdir, const char *srcdir)
{
	struct walk_records	 w;
	struct diag		 scratch;
	struct buf		 rel = BUF_INIT;
	char			*realparent = NULL, *realout = NULL;
	pid_t			 parent;
	int			 fd, rc = -1;

	memset(o, 0, sizeof(*o));
	o->lockfd = o->outlockfd = o->walkfd = -1;
	/* Any problem is output_begin()'s to report. */
	diag_init(&scratch);
	if (check_outdir(&scratch, outdir, srcdir, &realout,
	    &realparent) == -1)
		goto out;
	claim_output(o, outdir, realout, realparent);
	o->prepared = 1;
	rc = 0;
	if ((fd = open(realout, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		goto out;
	if ((o->walkfd = records_file()) == -1) {
		(void)close(fd);
		goto out;
	}
	fflush(NULL);
	parent = getpid();
	if ((o->walkpid = fork()) == 0) {
		pool_child_init(parent);
		/*
		 * Not needed before output_begin(): the documents, read
		 * meanwhile on every core, go first.
		 */
		(void)setpriority(PRIO_PROCESS, 0, WALK_NICE);
		buf_init(&w.b);
		w.fd = o->walkfd;
		walk_site(fd, &rel, note_record, &w);
		if (w.fd != -1 && write_all(w.fd, w.b.data, w.b.len) == -1)
			w.fd = -1;
		_exit(w.fd != -1 ? 0 : 1);
	}
	(void)close(fd);
	if (o->walkpid == -1) {
		o->walkpid = 0;
		(void)close(o->walkfd);
		o->walkfd = -1;
	}
out:
	diag_free(&scratch);
	free(realparent);
	free(realout);
	return rc;
}

int
output_begin(struct diag *d, struct output *o, const char *outdir,
    const char *srcdir)
{
	struct buf	 tmpl = BUF_INIT;
	char		*realparent, *realout, *copy;
	int		 rc = -1;

	if (!o->prepared) {
		memset(o, 0, sizeof(*o));
		o->lockfd = o->outlockfd = o->walkfd = -1;
	}
	o->outdir = xstrdup(outdir);
	if (check_outdir(d, outdir, srcdir, &realout, &realparent) == -1)
		return -1;
	copy = xstrdup(outdir);
	if (!o->prepared)
		claim_output(o, outdir, realout, realparent);
	buf_printf(&tmpl, "%s/.%s.tmp-XXXXXX", strcmp(realparent, "/") == 0 ?
	    "" : realparent, basename(copy));
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
	o->lockfd = tmpdir_lock(tmpl.data);
	o->tmpdir = buf_detach(&tmpl);
	o->log = xcalloc(1, sizeof(*o->log));
	buf_init(o->log);
	load_manifest(o, realout);
	/* A marker listing every file: the site may be updated. */
	o->staged = o->prevdir != NULL && o->groups.n + o->prev.n > 0 &&
	    strmap_get(&o->prev, "index.html") != NULL;
	/* The site as output_prepare()'s worker found it, else walked now. */
	if (o->walkpid > 0 && !o->staged)
		stop_walk(o);
	if (o->staged && (o->walkpid <= 0 || take_walk(o) == -1)) {
		struct buf	 rel = BUF_INIT;
		int		 fd;

		if ((fd = open(realout, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC)) != -1)
			walk_site(fd, &rel, note_now, o);
		buf_free(&rel);
	}
	rc = write_marker(d, o, MARKER_TEXT, sizeof(MARKER_TEXT) - 1);
out:
	free(copy);
	free(realparent);
	free(realout);
	buf_free(&tmpl);
	return rc;
}

int
output_begin_inplace(struct diag *d, struct output *o, const char *outdir,
    const char *srcdir, struct output_files *files)
{
	char	*realparent, *realout;

	memset(o, 0, sizeof(*o));
	o->lockfd = o->outlockfd = o->walkfd = -1;
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

/*
 * Updating: whether the site being replaced holds "rel" as a regular
 * file of exactly these bytes (compared, not trusted from the marker).
 */
static int
same_in_site(const struct output *o, const char *rel, const char *data,
    size_t len)
{
	const struct prev_file	*f;
	struct buf		 path = BUF_INIT;
	struct stat		 st;
	char			 chunk[65536];
	size_t			 off = 0;
	ssize_t			 n;
	int			 fd, same = 0;

	if ((f = strmap_get(&o->prev, rel)) == NULL || f->size != len ||
	    f->found != 1 + len)
		return 0;
	buf_printf(&path, "%s/%s", o->prevdir, rel);
	fd = open(path.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	buf_free(&path);
	if (fd == -1)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		same = 1;
		while (same && off < len) {
			n = read(fd, chunk, sizeof(chunk));
			if (n <= 0 || (size_t)n > len - off ||
			    memcmp(chunk, data + off, (size_t)n) != 0)
				same = 0;
			else
				off += (size_t)n;
		}
	}
	(void)close(fd);
	return same;
}

int
output_write(struct diag *d, const struct output *o, const char *rel,
    const char *data, size_t len)
{
	const struct output_file *f;
	struct buf	 path = BUF_INIT, shown = BUF_INIT;
	uint64_t	 h = 0;
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
	} else if (o->staged && same_in_site(o, rel, data, len)) {
		if (o->log != NULL)
			buf_printf(o->log, "U %zu %s\n", len, rel);
		return 0;
	}
	buf_printf(&path, "%s/%s", o->tmpdir, rel);
	buf_printf(&shown, "%s/%s", o->outdir, rel);
	/* A new tree: each missing folder on the way. */
	if (o->files == NULL && make_parents(path.data,
	    strlen(o->tmpdir)) == -1) {
		diag_env_errno(d, shown.data, "cannot create folder");
		goto out;
	}
	/* In place, a file may stand where a folder now goes. */
	if (o->files != NULL && journal_make_folders(path.data,
	    strlen(o->tmpdir)) == -1) {
		diag_env_errno(d, shown.data, "cannot create folder");
		goto out;
	}
	rc = write_file(d, o, path.data, shown.data, data, len);
out:
	if (rc == 0 && o->files != NULL)
		buf_printf(o->log, "%016llx %s\n", (unsigned long long)h, rel);
	else if (rc == 0 && o->log != NULL)
		buf_printf(o->log, "F %zu %s\n", len, rel);
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

/*
 * Keep file "rel" of the site being replaced, if it is still a regular
 * file of "size" bytes: linked into the new tree, or, updating, left
 * where it is.  0, or -1 (nothing done).
 */
static int
keep_prev(const struct output *o, const char *rel, size_t size)
{
	const struct prev_file *f;
	struct buf	 from = BUF_INIT, to = BUF_INIT;
	struct stat	 st;
	int		 rc = -1;

	if (o->staged) {
		/* As the walk found it (walk_site). */
		f = strmap_get(&o->prev, rel);
		rc = f != NULL && f->found == 1 + size ? 0 : -1;
		goto out;
	}
	buf_printf(&from, "%s/%s", o->prevdir, rel);
	if (lstat(from.data, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != size)
		goto out;
	buf_printf(&to, "%s/%s", o->tmpdir, rel);
	if (make_parents(to.data, strlen(o->tmpdir)) == -1 ||
	    link(from.data, to.data) == -1)
		goto out;
	rc = 0;
out:
	buf_free(&from);
	buf_free(&to);
	return rc;
}

int
output_group_holds(const struct output *o, const char *key,
    const char *name)
{
	const struct prev_group	*g;

	return o != NULL && o->prevdir != NULL && o->files == NULL &&
	    (g = strmap_get(&o->groups, name)) != NULL &&
	    strcmp(g->key, key) == 0;
}

long
output_keep_group(const struct output *o, const char *key,
    const char *name, const char *prefix, char *const *extra,
    size_t nextra)
{
	const struct prev_group	*g;
	const struct prev_file	*f;
	size_t			 lo, hi, mid, first, i, n, plen = strlen(prefix);
	struct buf		 lines = BUF_INIT;
	long			 rc = -1;

	if (!output_group_holds(o, key, name) || o->log == NULL || plen == 0)
		return -1;
	g = strmap_get(&o->groups, name);
	/* The first name at or after the prefix, in sorted order. */
	for (lo = 0, hi = o->nprev; lo < hi;) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(o->prevrels[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (n = 0, i = first; i < o->nprev &&
	    strncmp(o->prevrels[i], prefix, plen) == 0; i++)
		n++;
	if (n + nextra != g->nfiles)
		return -1;
	for (i = 0; i < n + nextra; i++) {
		const char *rel = i < n ? o->prevrels[first + i] :
		    extra[i - n];

		if ((f = strmap_get(&o->prev, rel)) == NULL ||
		    keep_prev(o, rel, f->size) == -1)
			goto out;
		if (f->key[0] != '\0')
			buf_printf(&lines, "K %s %zu %s\n", f->key, f->size,
			    rel);
		else
			buf_printf(&lines, "%c %zu %s\n", o->staged ? 'U' : 'F',
			    f->size, rel);
	}
	buf_put(o->log, lines.data, lines.len);
	buf_printf(o->log, "G %s %zu %zu %s\n", key, g->nfiles, g->npages,
	    name);
	rc = (long)g->npages;
out:
	buf_free(&lines);
	return rc;
}

void
output_group(const struct output *o, size_t from, const char *key,
    const char *name, size_t npages)
{
	struct strmap	 seen = STRMAP_INIT;
	struct log_line	 l;
	const char	*p, *end;
	char		*rel;
	size_t		 n = 0;

	if (o == NULL || o->log == NULL || o->files != NULL ||
	    from > o->log->len)
		return;
	p = o->log->data + from;
	end = o->log->data + o->log->len;
	/* A cached page is logged twice when written: count it once. */
	while (output_log_line(&p, end, &l) == 0) {
		if (l.kind != LOG_KEYED && l.kind != LOG_WRITTEN &&
		    l.kind != LOG_KEPT)
			continue;
		rel = xstrndup(l.rel, l.rellen);
		if (strmap_put(&seen, rel, &seen) == NULL)
			n++;
		free(rel);
	}
	strmap_free(&seen);
	buf_printf(o->log, "G %s %zu %zu %s\n", key, n, npages, name);
}

int
output_link_prev(const struct output *o, const char *key, const char *rel)
{
	const struct prev_file	*v;

	if (o == NULL || o->prevdir == NULL || o->files != NULL ||
	    (v = strmap_get(&o->prev, rel)) == NULL ||
	    strcmp(v->key, key) != 0)
		return -1;
	if (keep_prev(o, rel, v->size) == -1)
		return -1;
	output_keyed(o, key, v->size, rel);
	return 0;
}

void
output_keep(const struct output *o, const char *rel)
{
	const struct output_file *f;

	if (o->log != NULL && (f = strmap_get(&o->files->map, rel)) != NULL)
		buf_printf(o->log, "%016llx %s\n",
		    (unsigned long long)f->hash, rel);
}

/*
 * The decimal number at *t (before "end"), followed by one space, which
 * *t is moved past.  0, or -1.
 */
static int
log_number(const char **t, const char *end, size_t *v)
{
	const char	*p = *t;
	size_t		 n = 0;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (n > (SIZE_MAX - 9) / 10)
			return -1;
		n = n * 10 + (size_t)(*p - '0');
	}
	if (p >= end || *p != ' ')
		return -1;
	*v = n;
	*t = p + 1;
	return 0;
}

int
output_log_line(const char **p, const char *end, struct log_line *l)
{
	const char	*t = *p, *nl, *q;

	if (t >= end || (nl = memchr(t, '\n', (size_t)(end - t))) == NULL)
		return -1;
	*p = nl + 1;
	memset(l, 0, sizeof(*l));
	l->kind = LOG_OTHER;
	l->text = t;
	l->len = (size_t)(nl - t);
	if (memchr(t, '\0', l->len) != NULL || l->len < 3)
		return 0;
	q = t + 2;
	if (t[1] == ' ' && (t[0] == 'K' || t[0] == 'G')) {
		/* "K " 40 hex digits " " size " " rel, or
		   "G " 40 hex digits " " nfiles " " npages " " name */
		if (l->len < 46 || t[42] != ' ' || !lower_hex(q, 40))
			return 0;
		q = t + 43;
		if (t[0] == 'K') {
			if (log_number(&q, nl, &l->size) == -1)
				return 0;
			l->keylen = (size_t)(q - 1 - t - 2);
		} else {
			if (log_number(&q, nl, &l->nfiles) == -1 ||
			    log_number(&q, nl, &l->npages) == -1)
				return 0;
			l->keylen = 40;
		}
		l->kind = t[0] == 'K' ? LOG_KEYED : LOG_GROUP;
	} else if (t[1] == ' ' && (t[0] == 'F' || t[0] == 'U')) {
		if (log_number(&q, nl, &l->size) == -1)
			return 0;
		l->kind = t[0] == 'F' ? LOG_WRITTEN : LOG_KEPT;
	} else if (l->len >= 18 && t[16] == ' ' && lower_hex(t, 16)) {
		l->kind = LOG_FILE;
		q = t + 17;
	} else
		return 0;
	l->rel = q;
	l->rellen = (size_t)(nl - q);
	if (l->rellen == 0)
		l->kind = LOG_OTHER;
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
			journal_remove(o->tmpdir, fs->map.slots[i].key);
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

/*
 * Marker lines in the order of their REL (a group's: its name), a cached
 * page's "K" line before the "F" line of its writing.
 */
static int
manifest_cmp(const void *a, const void *b)
{
	const struct log_line	*x = a, *y = b;
	int			 c;

	c = memcmp(x->rel, y->rel, x->rellen < y->rellen ? x->rellen :
	    y->rellen);
	if (c != 0)
		return c;
	if (x->rellen != y->rellen)
		return x->rellen < y->rellen ? -1 : 1;
	return (x->kind != LOG_KEYED) - (y->kind != LOG_KEYED);
}

/*
 * The log's files (one line each: "K" for a cached page, else "F"), as
 * marker lines sorted by name, into v (*n of them); its groups to *gv
 * (*ng).  Both point into the log.
 */
static void
log_contents(const struct output *o, struct log_line **v, size_t *n,
    struct log_line **gv, size_t *ng)
{
	const char	*p = o->log->data, *end = o->log->data + o->log->len;
	struct log_line	 l;
	size_t		 cap = 0, gcap = 0, i, k;

	*v = *gv = NULL;
	*n = *ng = 0;
	while (output_log_line(&p, end, &l) == 0) {
		if (l.kind == LOG_GROUP) {
			if (*ng == gcap) {
				gcap = gcap != 0 ? gcap * 2 : 256;
				*gv = xreallocarray(*gv, gcap, sizeof(**gv));
			}
			(*gv)[(*ng)++] = l;
			continue;
		}
		if (l.kind != LOG_KEYED && l.kind != LOG_WRITTEN &&
		    l.kind != LOG_KEPT)
			continue;
		if (*n == cap) {
			cap = cap != 0 ? cap * 2 : 1024;
			*v = xreallocarray(*v, cap, sizeof(**v));
		}
		(*v)[(*n)++] = l;
	}
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), manifest_cmp);
	if (*ng > 1)
		qsort(*gv, *ng, sizeof(**gv), manifest_cmp);
	/* One line a file: the first of each name. */
	for (i = k = 0; i < *n; i++) {
		int written = (*v)[i].kind == LOG_WRITTEN;

		if (k == 0 || (*v)[k - 1].rellen != (*v)[i].rellen ||
		    memcmp((*v)[k - 1].rel, (*v)[i].rel, (*v)[i].rellen) != 0) {
			(*v)[k] = (*v)[i];
			(*v)[k++].written = written;
		} else if (written)
			(*v)[k - 1].written = 1;
	}
	*n = k;
}

/*
 * The marker, listing every file this site holds with its size, cached
 * pages with their keys, and the documents' groups of pages, in a fixed
 * order: the same site gives the same bytes however it was made.  Written
 * into the folder being filled, never through output_write().
 */
static int
write_manifest(struct diag *d, struct output *o, const struct log_line *v,
    size_t n, const struct log_line *gv, size_t ng)
{
	struct buf	 m = BUF_INIT;
	size_t		 i;
	int		 rc;

	BUF_PUTSL(&m, MARKER_TEXT);
	for (i = 0; i < n; i++) {
		if (v[i].kind == LOG_KEYED)
			buf_put(&m, v[i].text, v[i].len);
		else {
			buf_printf(&m, "F %zu ", v[i].size);
			buf_put(&m, v[i].rel, v[i].rellen);
		}
		buf_putc(&m, '\n');
	}
	for (i = 0; i < ng; i++) {
		buf_put(&m, gv[i].text, gv[i].len);
		buf_putc(&m, '\n');
	}
	rc = write_marker(d, o, m.data, m.len);
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

/*
 * The working folder is done with: removed (a warning "why" if it cannot
 * be), unlocked and forgotten.
 */
static void
release_tmpdir(struct diag *d, struct output *o, const char *why)
{
	if (access(o->tmpdir, F_OK) == 0 && rmtree(o->tmpdir) == -1)
		diag_add(d, DIAG_WARNING, o->tmpdir, 0, 0, "%s", why);
	tmpdir_unlock(o->tmpdir, o->lockfd);
	o->lockfd = -1;
	free(o->tmpdir);
	o->tmpdir = NULL;
}

/* Updating, more changed files than this: a new tree is swapped in. */
#define UPDATE_MAX	1024

/* Name l's file relative to "dir" in "b". */
static void
line_path(struct buf *b, const char *dir, const struct log_line *l)
{
	buf_reset(b);
	buf_printf(b, "%s/", dir);
	buf_put(b, l->rel, l->rellen);
}

/* Compare l's name with s[0..len), in strcmp's order. */
static int
line_cmp(const struct log_line *l, const char *s, size_t len)
{
	int	 c;

	c = memcmp(l->rel, s, l->rellen < len ? l->rellen : len);
	if (c != 0)
		return c;
	return (l->rellen > len) - (l->rellen < len);
}

/*
 * Updating: the files of the site being replaced that the new site
 * (v[0..n), sorted) does not hold, as journal lines "D rel" into "j";
 * how many.
 */
static size_t
removed_files(const struct output *o, const struct log_line *v, size_t n,
    struct buf *j)
{
	size_t	 i = 0, k, len, nrm = 0;
	int	 c;

	for (k = 0; k < o->nprev; k++) {
		len = strlen(o->prevrels[k]);
		c = 1;
		while (i < n && (c = line_cmp(&v[i], o->prevrels[k], len)) < 0) {
			i++;
			c = 1;
		}
		if (i < n && c == 0)
			continue;
		buf_printf(j, "D %s\n", o->prevrels[k]);
		nrm++;
	}
	return nrm;
}

/*
 * Commit an update: the changed files staged in o->tmpdir go into the
 * site, new ones first, the files no longer made are removed, and the
 * marker last; all through a journal, so a build killed on the way is
 * finished by the next.  When many files changed, the new tree is made
 * whole instead (the unchanged files linked into it) and swapped in:
 * the caller then goes on as for a new tree (*swap set).
 */
static int
commit_update(struct diag *d, struct output *o, int *swap)
{
	struct buf	 j = BUF_INIT, from = BUF_INIT, to = BUF_INIT;
	struct log_line	*v, *gv;
	size_t		 n, ng, i, nwritten = 0, nrm;
	int		 pass, rc = -1;

	*swap = 0;
	log_contents(o, &v, &n, &gv, &ng);
	for (i = 0; i < n; i++)
		nwritten += v[i].written;
	nrm = removed_files(o, v, n, &j);
	for (i = 0; i < o->foreign.len; i++)
		nrm += o->foreign.data[i] == '\n';
	buf_put(&j, o->foreign.data, o->foreign.len);
	if (nwritten + nrm > UPDATE_MAX || o->foreign_odd) {
		/* Many: the unchanged files linked into a whole new tree. */
		for (i = 0; i < n; i++) {
			if (v[i].written)
				continue;
			line_path(&from, o->prevdir, &v[i]);
			line_path(&to, o->tmpdir, &v[i]);
			if (make_parents(to.data, strlen(o->tmpdir)) == -1 ||
			    link(from.data, to.data) == -1) {
				diag_env_errno(d, o->outdir,
				    "cannot make the new site");
				goto out;
			}
		}
		o->staged = 0;
		*swap = 1;
		rc = write_manifest(d, o, v, n, gv, ng);
		goto out;
	}
	if (write_manifest(d, o, v, n, gv, ng) == -1)
		goto out;
	/* The removals after every new and changed file. */
	buf_reset(&from);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			char *rel;

			if (!v[i].written)
				continue;
			rel = xstrndup(v[i].rel, v[i].rellen);
			if ((strmap_get(&o->prev, rel) == NULL) == (pass == 0))
				buf_printf(&from, "R %s\n", rel);
			free(rel);
		}
	buf_put(&from, j.data, j.len);
	buf_printf(&from, "R %s\n", OUTPUT_MARKER);
	if (journal_write(o->tmpdir, from.data, from.len) == -1) {
		diag_env_errno(d, o->outdir, "cannot write");
		goto out;
	}
	if (journal_apply(o->tmpdir, o->prevdir) == -1) {
		/* The next build finishes it (finish_killed_commit). */
		diag_env_errno(d, o->outdir, "cannot update the output folder");
		goto out;
	}
	release_tmpdir(d, o, "could not remove the update's working folder");
	rc = 0;
out:
	free(v);
	free(gv);
	buf_free(&j);
	buf_free(&from);
	buf_free(&to);
	return rc;
}

/* The manifest of a new tree, from the log. */
static int
write_new_manifest(struct diag *d, struct output *o)
{
	struct log_line	*v, *gv;
	size_t		 n, ng;
	int		 rc;

	log_contents(o, &v, &n, &gv, &ng);
	rc = write_manifest(d, o, v, n, gv, ng);
	free(v);
	free(gv);
	return rc;
}

int
output_commit(struct diag *d, struct output *o)
{
	struct stat	 st;
	int		 swap;

	if (o->files != NULL) {
		inplace_finish(o, 1);
		return 0;
	}
	/* A swap after an update has its manifest written already. */
	if (o->staged) {
		if (commit_update(d, o, &swap) == -1 || !swap)
			return o->tmpdir == NULL ? 0 : -1;
	} else if (write_new_manifest(d, o) == -1)
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
	release_tmpdir(d, o, "could not remove the previous site");
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
	} else if (o->tmpdir != NULL && o->staged &&
	    journal_pending(o->tmpdir)) {
		/* A commit that failed half way: the next build ends it. */
		if (o->lockfd != -1)
			(void)close(o->lockfd);
		o->lockfd = -1;
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
	for (i = 0; i < o->groups.cap; i++)
		if (o->groups.slots[i].key != NULL)
			free(o->groups.slots[i].val);
	strmap_free(&o->groups);
	buf_free(&o->foreign);
	for (i = 0; i < o->nprev; i++)
		free(o->prevrels[i]);
	free(o->prevrels);
	o->prevrels = NULL;
	o->nprev = 0;
	stop_walk(o);
	if (o->outlockfd != -1)
		(void)close(o->outlockfd);
	o->outlockfd = -1;
	free(o->prevdir);
	o->prevdir = NULL;
	free(o->tmpdir);
	free(o->outdir);
	o->tmpdir = o->outdir = NULL;
	o->prepared = 0;
}
