/*
 * histclass.c: which of the versions the walk found were publications
 * (histwalk.h).
 *
 * Each version's text is read once, newest first across all documents,
 * and what its front matter says (pubstate.h) classifies it: a draft is
 * no version, and a change of review details alone is a review.  Reading
 * the texts (inflating the blobs, checking them, hashing their parts) is
 * most of a cold walk's time, so on long histories workers (pool.h), each
 * with a repository of its own, read runs of versions in the same order;
 * the parent then takes their findings in order, reporting bad versions
 * as it goes, so the diagnostics are the same with any -j.
 *
 * A build that writes the pages of past versions reads those texts again.
 * libgit2 reads them fast only in the order the pack favours (newest
 * first across all documents: one document's versions after another's
 * took ten times as long), so the texts read here are kept, for
 * history_read_blob(), in one unlinked temporary file that every worker
 * appends to, each taking its place with a counter they share.
 */
#include <sys/mman.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "blobid.h"
#include "buf.h"
#include "history.h"
#include "histwalk.h"
#include "markdown.h"
#include "pool.h"
#include "pubstate.h"
#include "readfile.h"
#include "strmap.h"
#include "util.h"

/* The last second of 9999-12-31 (UTC): later dates are not published. */
#define WHEN_MAX	253402300799LL

/* Versions to read below which a worker is not worth its process. */
#define CLASSIFY_POOL_MIN	64

/* A version to read: doc's version i, committed at "when". */
struct	vref {
	struct hdoc	*doc;
	size_t		 doc_index;	/* of doc in h->docv */
	size_t		 i;
	long long	 when;
};

/* Newest first, as the walk went: packs keep versions near each other. */
static int
vref_cmp(const void *a, const void *b)
{
	const struct vref	*x = a, *y = b;

	if (x->when != y->when)
		return x->when > y->when ? -1 : 1;
	if (x->doc_index != y->doc_index)
		return x->doc_index < y->doc_index ? -1 : 1;
	return x->i > y->i ? -1 : x->i < y->i;
}

/* Where the texts read go: a file, and the end of it, shared. */
struct	texts {
	int			 fd;	/* -1: not kept */
	_Atomic long long	*end;	/* shared with the workers */
};

/* Open the file of texts, if the walk keeps them; never fails. */
static void
texts_open(struct walk *w, struct texts *t)
{
	const char	*tmp = getenv("TMPDIR");
	char		 path[4096];
	void		*m;

	t->fd = -1;
	t->end = NULL;
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (!w->keep_texts || (size_t)snprintf(path, sizeof(path),
	    "%s/folio-texts-XXXXXX", tmp) >= sizeof(path))
		return;
	m = mmap(NULL, sizeof(*t->end), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;
	if ((t->fd = mkstemp(path)) == -1) {
		(void)munmap(m, sizeof(*t->end));
		return;
	}
	(void)fcntl(t->fd, F_SETFD, FD_CLOEXEC);
	(void)unlink(path);	/* gone when the build is, however it ends */
	t->end = m;
	atomic_init(t->end, 0);
}

/*
 * Keep data[0..len) in the file: 1 with *off set to where, or 0 (then
 * the pages read it from the repository).
 */
static int
texts_put(const struct texts *t, const char *data, size_t len,
    long long *off)
{
	ssize_t	 n;
	size_t	 put = 0;

	if (t->fd == -1)
		return 0;
	*off = atomic_fetch_add(t->end, (long long)len);
	while (put < len) {
		n = pwrite(t->fd, data + put, len - put,
		    (off_t)(*off + (long long)put));
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return 0;
		}
		put += (size_t)n;
	}
	return 1;
}

/* Hand the file to the history (or close it), and drop the counter. */
static void
texts_close(struct walk *w, struct texts *t)
{
	if (t->end != NULL)
		(void)munmap(t->end, sizeof(*t->end));
	if (t->fd != -1 && w->h->texts.n > 0)
		w->h->textfd = t->fd;
	else if (t->fd != -1)
		(void)close(t->fd);
}

/* Note that the text of version v lies at off, len bytes long. */
static void
text_at(struct walk *w, const struct version *v, long long off, size_t len)
{
	struct textloc	*t;

	if (strmap_get(&w->h->texts, v->blob) != NULL)
		return;
	t = xcalloc(1, sizeof(*t));
	t->off = off;
	t->len = len;
	(void)strmap_put(&w->h->texts, v->blob, t);
}

/*
 * Report that version v of a document cannot be published, and why: the
 * same limits as a document in the working tree, or its blob cannot be
 * read ("revs" 0).  History cannot be changed, so the way out is to
 * leave the commit out.
 */
static void
bad_version(struct walk *w, const struct version *v, const char *why,
    int revs)
{
	buf_reset(&w->tmp2);
	buf_printf(&w->tmp2, "%s%s", w->site, v->path);
	walk_bad(w, v->commit, w->tmp2.data, why, revs);
}

int
history_text_ok(const char *data, size_t len, struct buf *why)
{
	const char	*what;
	size_t		 line, col;

	if (len > READFILE_MAX)
		buf_printf(why, "the file is %zu bytes then; files may be at "
		    "most %u MiB", len, READFILE_MAX / (1024 * 1024));
	else if (text_check(data, len, &line, &col, &what) == -1)
		buf_printf(why, "line %zu, column %zu %s", line, col, what);
	else if ((line = md_too_much_markup(data, len, &col)) != 0)
		buf_printf(why, "line %zu, column %zu: too much markup then: "
		    "more than %zu marks in %zu bytes", line, col,
		    md_markup_max(len), len);
	else
		return 1;
	return 0;
}

/*
 * Read version v's text into *ps and *out (all but out->sup, which is
 * ps->superseded_by): 1 if it may be published; 0 if not, with the
 * reason in "why" and in *revs whether history.ignore_revs can leave it
 * out (readable, at most READFILE_MAX bytes, UTF-8 without NUL, dated
 * 1970-9999); -1 if libgit2 failed (w->err).  Its size is read first, so
 * a huge blob is never loaded.  A text that may be published is kept in
 * "t", *tlen bytes at *off (else *off is -1).
 */
static int
version_read(struct walk *w, const struct version *v, struct pubstate *ps,
    struct vstate *out, struct buf *why, int *revs, const struct texts *t,
    long long *off, size_t *tlen)
{
	git_odb_object	*o = NULL;
	git_object_t	 type;
	git_oid		 id;
	size_t		 len;
	int		 rc;

	memset(out, 0, sizeof(*out));
	*revs = 1;
	*off = -1;
	*tlen = 0;
	if ((rc = git_oid_fromstr(&id, v->blob)) < 0)
		return walk_git_fail(w, rc);
	if (v->when < 0 || v->when > WHEN_MAX) {
		buf_printf(why, "its date (%lld seconds from 1970) is outside "
		    "the years 1970 to 9999", v->when);
		return 0;
	}
	if (git_odb_read_header(&len, &type, w->odb, &id) < 0 ||
	    (len <= READFILE_MAX && git_odb_read(&o, w->odb, &id) < 0)) {
		(void)walk_git_fail(w, -1);
		buf_printf(why, "the file cannot be read: %s", w->err.data);
		*revs = 0;
		return 0;
	}
	if (type != GIT_OBJECT_BLOB) {
		buf_printf(why, "the file is a %s, not a blob",
		    git_object_type2string(type));
		*revs = 0;
	} else if (len > READFILE_MAX)
		(void)history_text_ok(NULL, len, why);	/* never loaded */
	else if (history_text_ok(git_odb_object_data(o),
	    git_odb_object_size(o), why)) {
		pubstate_read(git_odb_object_data(o), git_odb_object_size(o),
		    ps);
		*tlen = git_odb_object_size(o);
		if (!texts_put(t, git_odb_object_data(o), *tlen, off))
			*off = -1;
	}
	git_odb_object_free(o);
	if (why->len > 0)
		return 0;
	out->status = ps->status;
	blob_id_raw(out->text.id, ps->text.data, ps->text.len);
	blob_id_raw(out->review.id, ps->review.data, ps->review.len);
	return 1;
}

/*
 * What reading version v found, taken by the walk: kept for the next
 * build, or reported as bad (out->bad); its text, len bytes, lies at
 * "off" in the file of texts unless that is -1.
 */
static void
version_take(struct walk *w, const struct version *v, struct vstate *out,
    const char *sup, int ok, const char *why, int revs, long long off,
    size_t len)
{
	if (ok && off >= 0)
		text_at(w, v, off, len);
	if (!ok) {
		bad_version(w, v, why, revs);
		memset(out, 0, sizeof(*out));
		out->bad = 1;
		return;
	}
	out->sup = sup != NULL && *sup != '\0' ? walk_intern(w, sup) : NULL;
	memo_state_put(w, v, out);
}

/* Read version v (not kept from the last build) in the walk itself. */
static int
version_state(struct walk *w, const struct version *v, struct pubstate *ps,
    struct vstate *out, const struct texts *t)
{
	struct buf	 why = BUF_INIT;
	long long	 off;
	size_t		 len;
	int		 rc, revs;

	if ((rc = version_read(w, v, ps, out, &why, &revs, t, &off,
	    &len)) != -1)
		version_take(w, v, out, ps->superseded_by.data, rc, why.data,
		    revs, off, len);
	buf_free(&why);
	return rc == -1 ? -1 : 0;
}

/* How a worker sends what it read of one version; then sup, then why. */
struct	vrec {
	int		 ok;
	int		 revs;
	enum pub_status	 status;
	unsigned char	 text[GIT_OID_RAWSZ];
	unsigned char	 review[GIT_OID_RAWSZ];
	size_t		 suplen;
	size_t		 whylen;
	long long	 textoff;	/* in the file of texts, or -1 */
	size_t		 textlen;
};

/* The versions the workers read: todo[k] is one of refs. */
struct	readers {
	const struct walk *parent;	/* the walk: its repository */
	const struct vref *refs;
	const size_t	*todo;
	struct walk	*w;		/* a worker's own, from its first
					   version on */
	int		 failed;	/* the worker's repository would
					   not open */
	struct pubstate	 ps;		/* a worker's scratch */
	struct texts	 texts;		/* where the texts go */
	/* The parent's, as it takes what the workers sent. */
	struct walk	*walk;
	struct vstate	**st;
	size_t		 next;		/* todo[next..] not yet taken */
	int		 rc;		/* -1 once the walk failed */
};

static void
read_work(size_t k, struct buf *out, void *arg)
{
	struct readers		*a = arg;
	const struct vref	*r = &a->refs[a->todo[k]];
	struct buf		 why = BUF_INIT;
	struct vstate		 st;
	struct vrec		 rec;
	struct walk		*w = a->w;
	int			 rc;

	if (w == NULL && !a->failed) {
		w = a->w = xcalloc(1, sizeof(*w));
		if (git_repository_open(&w->repo,
		    git_repository_path(a->parent->repo)) < 0 ||
		    git_repository_odb(&w->odb, w->repo) < 0)
			a->failed = 1;
	}
	if (a->failed)
		return;		/* nothing sent: the walk reads it */
	memset(&rec, 0, sizeof(rec));
	rc = version_read(w, &r->doc->h.v[r->i], &a->ps, &st, &why,
	    &rec.revs, &a->texts, &rec.textoff, &rec.textlen);
	if (rc == -1)
		goto out;	/* nothing sent: the walk reads it, and fails */
	rec.ok = rc;
	rec.status = st.status;
	memcpy(rec.text, st.text.id, GIT_OID_RAWSZ);
	memcpy(rec.review, st.review.id, GIT_OID_RAWSZ);
	rec.suplen = rc == 1 ? a->ps.superseded_by.len : 0;
	rec.whylen = why.len;
	buf_put(out, (const char *)&rec, sizeof(rec));
	buf_put(out, a->ps.superseded_by.data != NULL ?
	    a->ps.superseded_by.data : "", rec.suplen);
	buf_put(out, why.data != NULL ? why.data : "", why.len);
out:
	buf_free(&why);
}

/* Read todo[next..upto) in the walk: the workers did not send them. */
static void
read_missed(struct readers *a, size_t upto)
{
	struct pubstate		 ps = PUBSTATE_INIT;
	const struct vref	*r;

	for (; a->next < upto && a->rc == 0; a->next++) {
		r = &a->refs[a->todo[a->next]];
		a->rc = version_state(a->walk, &r->doc->h.v[r->i], &ps,
		    &a->st[r->doc_index][r->i], &a->texts);
	}
	pubstate_free(&ps);
}

static void
read_take(size_t k, const char *b, size_t len, void *arg)
{
	struct readers		*a = arg;
	const struct vref	*r = &a->refs[a->todo[k]];
	struct vstate		*st = &a->st[r->doc_index][r->i];
	struct vrec		 rec;
	char			*sup, *why;

	read_missed(a, k);
	if (a->rc != 0 || len < sizeof(rec))
		return;		/* read_missed() reads it */
	memcpy(&rec, b, sizeof(rec));
	if (rec.suplen > len || rec.whylen > len ||
	    sizeof(rec) + rec.suplen + rec.whylen != len)
		return;
	sup = xstrndup(b + sizeof(rec), rec.suplen);
	why = xstrndup(b + sizeof(rec) + rec.suplen, rec.whylen);
	memset(st, 0, sizeof(*st));
	st->status = rec.status;
	git_oid_fromraw(&st->text, rec.text);
	git_oid_fromraw(&st->review, rec.review);
	version_take(a->walk, &r->doc->h.v[r->i], st, sup, rec.ok, why,
	    rec.revs, rec.textoff, rec.textlen);
	free(sup);
	free(why);
	a->next = k + 1;
}

/*
 * Keep the versions of doc that were publications, oldest first: drop
 * those whose text said "status: draft", move those that changed only
 * review details to doc->h.reviews, and name each kept one's event.
 * st[i] is what version i's text says.
 */
static void
classify_doc(struct hdoc *doc, const struct vstate *st)
{
	const struct vstate	*prev = NULL, *cur;
	struct version		*v;
	size_t			 i, n = 0, cap = 0;

	for (i = 0; i < doc->h.n; i++) {
		v = &doc->h.v[i];
		cur = &st[i];
		if (cur->status == PUB_DRAFT || cur->bad)
			continue;	/* not published: nor compared */
		if (prev != NULL && git_oid_equal(&prev->text, &cur->text) &&
		    !git_oid_equal(&prev->review, &cur->review)) {
			if (doc->h.nreviews == cap) {
				cap = cap != 0 ? cap * 2 : 4;
				doc->h.reviews = xreallocarray(doc->h.reviews,
				    cap, sizeof(*doc->h.reviews));
			}
			doc->h.reviews[doc->h.nreviews++] = *v;
		} else {
			v->event = n == 0 ? VERSION_NEW : VERSION_AMENDED;
			if (n > 0 && cur->status != prev->status &&
			    cur->status == PUB_SUPERSEDED) {
				v->event = VERSION_REPLACED;
				v->replaced_by = cur->sup;
			} else if (n > 0 && cur->status != prev->status &&
			    cur->status == PUB_WITHDRAWN)
				v->event = VERSION_WITHDRAWN;
			doc->h.v[n++] = *v;
		}
		prev = cur;
	}
	doc->h.n = n;
}

int
classify_docs(struct walk *w, int jobs)
{
	struct history	 *h = w->h;
	struct readers	  a;
	struct vstate	**st;
	struct vref	 *refs;
	size_t		 *todo;
	size_t		  i, k, n = 0, ntodo = 0;
	const struct version *v;

	for (i = 0; i < h->ndocs; i++)
		n += h->docv[i]->h.n;
	refs = xcalloc(n + 1, sizeof(*refs));
	todo = xcalloc(n + 1, sizeof(*todo));
	st = xcalloc(h->ndocs + 1, sizeof(*st));
	for (i = n = 0; i < h->ndocs; i++) {
		st[i] = xcalloc(h->docv[i]->h.n + 1, sizeof(**st));
		for (k = 0; k < h->docv[i]->h.n; k++) {
			refs[n].doc = h->docv[i];
			refs[n].doc_index = i;
			refs[n].i = k;
			refs[n++].when = h->docv[i]->h.v[k].when;
		}
	}
	if (n > 1)
		qsort(refs, n, sizeof(*refs), vref_cmp);
	/* Those kept from the last build need no reading. */
	for (k = 0; k < n; k++) {
		v = &refs[k].doc->h.v[refs[k].i];
		if (v->when < 0 || v->when > WHEN_MAX ||
		    !memo_state_get(w, v, &st[refs[k].doc_index][refs[k].i]))
			todo[ntodo++] = k;
	}
	memset(&a, 0, sizeof(a));
	a.parent = w;
	a.refs = refs;
	a.todo = todo;
	a.ps = (struct pubstate)PUBSTATE_INIT;
	a.walk = w;
	a.st = st;
	texts_open(w, &a.texts);
	if (ntodo >= CLASSIFY_POOL_MIN)
		(void)pool_run(ntodo, pool_jobs(jobs), 1, read_work, read_take,
		    &a);
	read_missed(&a, ntodo);
	texts_close(w, &a.texts);
	for (i = 0; i < h->ndocs; i++) {
		if (a.rc == 0)
			classify_doc(h->docv[i], st[i]);
		free(st[i]);
	}
	free(st);
	free(todo);
	free(refs);
	return a.rc;
}
