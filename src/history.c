/*
 * history.c: document histories from one first-parent walk over the git
 * history (history.h says what counts as a version, and why): the walk
 * as a whole, history_load(), and the public interface, including the
 * readers of past versions' blobs.  The walk's parts live in the files
 * histwalk.h lists.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "commitmsg.h"
#include "diag.h"
#include "history.h"
#include "histwalk.h"
#include "strmap.h"
#include "util.h"

struct	history_reader {
	const struct history *h;
	git_repository	*repo;		/* this reader's own */
	struct buf	 err;		/* why the last read failed */
};

/* Free what the walk holds; the history it built is not its. */
static void
walk_free(struct walk *w)
{
	size_t	 i;

	for (i = 0; i < w->follow.ntrack; i++) {
		free(w->follow.trackv[i]->path);
		free(w->follow.trackv[i]);
	}
	free(w->follow.trackv);
	strmap_free(&w->follow.tracks);
	for (i = 0; i < w->follow.outdirs.cap; i++)
		free(w->follow.outdirs.slots[i].val);
	strmap_free(&w->follow.outdirs);
	strmap_free(&w->intern);	/* the copies belong to the history */
	strmap_free(&w->text.ignore);
	strmap_free(&w->tree.boundary);
	for (i = 0; i < NELEM(w->tree.tc); i++) {
		tc_clear(&w->tree.tc[i]);
		free(w->tree.tc[i].v);
	}
	free(w->tree.chg);
	buf_free(&w->tree.paths);
	buf_free(&w->tree.pbuf);
	buf_free(&w->tmp);
	buf_free(&w->tmp2);
	buf_free(&w->err);
	side_clear(w);
	memo_free(w);
	commitmsg_free(&w->text.cm);
	free(w->site);
	git_mailmap_free(w->text.mm);
	git_odb_free(w->odb);
	git_repository_free(w->repo);
}

/* How a step of history_load() ended. */
enum	step {
	STEP_OK,	/* go on */
	STEP_NONE,	/* not in a repository: a site without history */
	STEP_SKIP,	/* libgit2 failed: the repository cannot be read (exit 2) */
	STEP_FAIL	/* an error was recorded */
};

/* Keep libgit2's message on a failure that skips the history. */
static enum step
git_skip(struct walk *w, int rc)
{
	(void)walk_git_fail(w, rc);
	return STEP_SKIP;
}

/* The repository holding "srcdir", and the site's folder in it. */
static enum step
open_repo(struct walk *w, const char *srcdir)
{
	int	 rc;

	/*
	 * libgit2 re-hashes every object it reads unless told not to; git
	 * itself never does, and it is over half of the walk's time.  A
	 * process-wide option, hence history.h's "before other threads".
	 */
	if ((rc = git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION,
	    0)) < 0)
		return git_skip(w, rc);
	rc = git_repository_open_ext(&w->repo, srcdir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		diag_add(w->d, DIAG_WARNING, NULL, 0, 0,
		    "not in a git repository: built without version history");
		return STEP_NONE;
	}
	if (rc < 0)
		return git_skip(w, rc);
	return site_dir(w, srcdir) == -1 ? STEP_SKIP : STEP_OK;
}

/* A shallow clone: an error, or with allow_shallow a warning. */
static enum step
check_shallow(struct walk *w, const struct history_opts *opts)
{
	int	 rc;

	if ((rc = git_repository_is_shallow(w->repo)) < 0)
		return git_skip(w, rc);
	if (rc == 0)
		return STEP_OK;
	if (!opts->allow_shallow) {
		diag_add(w->d, DIAG_ERROR, NULL, 0, 0, "shallow clone: the "
		    "version history would be incomplete; fetch all of it "
		    "with 'git fetch --unshallow' (in CI, check out with "
		    "fetch-depth: 0)");
		return STEP_FAIL;
	}
	diag_add(w->d, DIAG_WARNING, NULL, 0, 0, "shallow clone: version "
	    "history starts at the oldest commit fetched; fetch all of it "
	    "with 'git fetch --unshallow' (in CI, check out with "
	    "fetch-depth: 0)");
	w->h->shallow = 1;
	return load_boundary(w) == -1 ? STEP_SKIP : STEP_OK;
}

/* What the walk reads besides commits: ignored revisions, the mailmap. */
static enum step
open_walk(struct walk *w, const struct history_opts *opts)
{
	int	 rc;

	if (opts->ignore_revs != NULL &&
	    load_ignore(w, opts->ignore_revs) == -1)
		return STEP_FAIL;
	/* A missing or unreadable .mailmap just means no mapping. */
	if (git_mailmap_from_repository(&w->text.mm, w->repo) < 0)
		w->text.mm = NULL;
	if ((rc = git_repository_odb(&w->odb, w->repo)) < 0)
		return git_skip(w, rc);
	memo_begin(w, opts->memo);
	return STEP_OK;
}

/* Walk the history from HEAD (none while HEAD is unborn). */
static enum step
walk_head(struct walk *w, int jobs)
{
	git_oid	 head;
	int	 rc;

	if ((rc = git_repository_head_unborn(w->repo)) < 0)
		return git_skip(w, rc);
	if (rc == 1)
		return STEP_OK;
	if ((rc = git_reference_name_to_id(&head, w->repo, "HEAD")) < 0)
		return git_skip(w, rc);
	return walk_all(w, &head, jobs) == -1 ? STEP_SKIP : STEP_OK;
}

/* The working tree's status, then each document's versions settled. */
static enum step
finish_walk(struct walk *w, int jobs)
{
	struct history	*h = w->h;

	if (load_status(w) == -1)
		return STEP_SKIP;
	finish_docs(h);
	if (classify_docs(w, jobs) == -1)
		return STEP_SKIP;
	memo_save(w);
	h->workdir = xstrdup(git_repository_workdir(w->repo));
	h->site = xstrdup(w->site);
	h->available = 1;
	return STEP_OK;
}

/* The public interface. */

int
history_load(struct diag *d, const char *srcdir,
    const struct history_opts *opts, struct history **out)
{
	static const struct history_opts	 defaults;
	struct walk				 w;
	struct history				*h;
	enum step				 st;

	if (opts == NULL)
		opts = &defaults;
	h = xcalloc(1, sizeof(*h));
	h->textfd = -1;
	*out = h;
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.keep_texts = opts->keep_texts;
	w.h = h;
	w.skip_bad = opts->skip_bad;
	st = open_repo(&w, srcdir);
	if (st == STEP_OK)
		st = check_shallow(&w, opts);
	if (st == STEP_OK)
		st = open_walk(&w, opts);
	if (st == STEP_OK)
		st = walk_head(&w, opts->jobs);
	if (st == STEP_OK)
		st = finish_walk(&w, opts->jobs);
	if (st == STEP_SKIP) {
		diag_env(d, NULL, 0, 0, "cannot read the git repository: %s",
		    w.err.len > 0 ? w.err.data : "unknown error");
		docs_free(h);
	}
	walk_free(&w);
	return st == STEP_FAIL ? -1 : 0;
}

int
history_refresh(struct diag *d, const char *srcdir, struct history *h)
{
	struct walk	 w;
	size_t		 i, n0;
	int		 rc, ret = -1;

	if (h == NULL || !h->available)
		return 0;
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.h = h;
	if ((rc = git_repository_open_ext(&w.repo, srcdir, 0, NULL)) < 0) {
		(void)walk_git_fail(&w, rc);
		goto out;
	}
	if (site_dir(&w, srcdir) == -1)
		goto out;
	for (i = 0; i < h->ndocs; i++)
		h->docv[i]->h.dirty = 0;
	n0 = h->ndocs;
	if (load_status(&w) == -1)
		goto out;
	/* New untracked files: keep docv sorted and pathv in step. */
	if (h->ndocs != n0) {
		qsort(h->docv, h->ndocs, sizeof(*h->docv), doc_cmp);
		free(h->pathv);
		h->pathv = xcalloc(h->ndocs, sizeof(*h->pathv));
		for (i = 0; i < h->ndocs; i++)
			h->pathv[i] = h->docv[i]->relpath;
	}
	ret = 0;
out:
	if (ret == -1)
		diag_add(d, DIAG_WARNING, NULL, 0, 0, "working tree state "
		    "not refreshed: %s", w.err.len > 0 ? w.err.data :
		    "unknown error");
	walk_free(&w);
	return ret;
}

const struct doc_history *
history_get(const struct history *h, const char *relpath)
{
	const struct hdoc	*doc;

	if (h == NULL || (doc = strmap_get(&h->docs, relpath)) == NULL)
		return NULL;
	return &doc->h;
}

const char *const *
history_paths(const struct history *h, size_t *n)
{
	*n = h != NULL ? h->ndocs : 0;
	return h != NULL ? h->pathv : NULL;
}

int
history_available(const struct history *h)
{
	return h != NULL && h->available;
}

const char *
history_site_folder(const struct history *h)
{
	return h != NULL && h->available ? h->site : NULL;
}

int
history_is_shallow(const struct history *h)
{
	return h != NULL && h->shallow;
}

void
history_free(struct history *h)
{
	size_t	 i;

	if (h == NULL)
		return;
	docs_free(h);
	if (h->textfd != -1)
		(void)close(h->textfd);
	for (i = 0; i < h->texts.cap; i++)
		free(h->texts.slots[i].val);
	strmap_free(&h->texts);
	for (i = 0; i < h->nstr; i++)
		free(h->strv[i]);
	free(h->strv);
	free(h->workdir);
	free(h->site);
	free(h);
}

struct history_reader *
history_reader_open(const struct history *h)
{
	struct history_reader	*r;

	if (h == NULL || !h->available || h->workdir == NULL)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->h = h;
	buf_init(&r->err);
	if (git_repository_open_ext(&r->repo, h->workdir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		free(r);
		return NULL;
	}
	return r;
}

/*
 * The text of blob "hex" as the walk kept it (reading the blobs in the
 * order the pack favours is many times faster than one document's
 * versions after another's): 0, or -1 if it was not kept or cannot be
 * read back (then libgit2 reads it).
 */
static int
read_kept_text(struct history_reader *r, const char *hex, struct buf *out)
{
	const struct textloc	*t;
	ssize_t			 n;
	size_t			 got = 0;

	if (r->h->textfd == -1 ||
	    (t = strmap_get(&r->h->texts, hex)) == NULL)
		return -1;
	buf_grow(out, t->len + 1);
	while (got < t->len) {
		n = pread(r->h->textfd, out->data + got, t->len - got,
		    (off_t)(t->off + (long long)got));
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			buf_reset(out);
			return -1;
		}
		got += (size_t)n;
	}
	out->len = t->len;
	out->data[out->len] = '\0';
	return 0;
}

int
history_read_blob(struct history_reader *r, const char *hex,
    struct buf *out)
{
	const git_error	*e;
	git_blob	*blob = NULL;
	git_oid		 id;
	git_object_size_t size;
	int		 rc;

	buf_reset(out);
	buf_reset(&r->err);
	if (read_kept_text(r, hex, out) == 0)
		return 0;
	if (strlen(hex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex) < 0) {
		buf_printf(&r->err, "not a blob id: '%s'", hex);
		return -1;
	}
	if ((rc = git_blob_lookup(&blob, r->repo, &id)) < 0) {
		e = git_error_last();
		buf_printf(&r->err, "blob %s: %s", hex,
		    e != NULL && e->message != NULL ? e->message : "unknown");
		return -1;
	}
	size = git_blob_rawsize(blob);
	if (size > SIZE_MAX - 1) {
		buf_printf(&r->err, "blob %s: too large", hex);
		git_blob_free(blob);
		return -1;
	}
	buf_put(out, git_blob_rawcontent(blob), (size_t)size);
	git_blob_free(blob);
	return 0;
}

const char *
history_reader_error(const struct history_reader *r)
{
	return r->err.data;
}

void
history_reader_close(struct history_reader *r)
{
	if (r == NULL)
		return;
	git_repository_free(r->repo);
	buf_free(&r->err);
	free(r);
}
