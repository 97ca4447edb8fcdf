/*
 * histfollow.c: following documents through the history walk
 * (histwalk.h).
 *
 * The walk goes from HEAD towards the root, newest first.  Each document
 * follows one repository path (a struct track); several documents may
 * follow the same path (a file renamed to the name of one that was
 * deleted before, say).  Changes to followed paths become versions; an
 * added path whose content came from a deleted one (the same blob, or
 * a similar one) is a rename, and older commits are followed under the
 * old path.  The walk keeps the changes that workers found ahead
 * (histdiff.c) to followed paths; where a followed path lies outside
 * the site directory (a document moved in from elsewhere) it compares
 * the commit itself, as it does any commit no worker reported on.
 * Afterwards each version's front matter classifies it (histclass.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "history.h"
#include "histwalk.h"
#include "strmap.h"
#include "util.h"

/* Tracks. */

/* Count an outside track in (on) or out of the directories above it. */
static void
track_active(struct walk *w, struct track *t, int on)
{
	const char	*s;
	size_t		*cnt;

	if (!t->outside)
		return;
	for (s = strchr(t->path, '/'); s != NULL; s = strchr(s + 1, '/')) {
		buf_reset(&w->tmp);
		buf_put(&w->tmp, t->path, (size_t)(s - t->path) + 1);
		cnt = strmap_get(&w->follow.outdirs, w->tmp.data);
		if (cnt == NULL) {
			cnt = xcalloc(1, sizeof(*cnt));
			(void)strmap_put(&w->follow.outdirs, w->tmp.data, cnt);
		}
		if (on)
			(*cnt)++;
		else
			(*cnt)--;
	}
	if (on)
		w->follow.noutside++;
	else
		w->follow.noutside--;
}

/* The track of repository path "path", made if new. */
static struct track *
track_get(struct walk *w, const char *path)
{
	struct track	*t;
	size_t		 i, common = 0;

	if ((t = strmap_get(&w->follow.tracks, path)) != NULL)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->path = xstrdup(path);
	/* Relative to the site directory: "../" for each level left. */
	for (i = 0; w->site[i] != '\0' && w->site[i] == path[i]; i++)
		if (w->site[i] == '/')
			common = i + 1;
	t->outside = common < w->sitelen;
	buf_reset(&w->tmp2);
	for (i = common; w->site[i] != '\0'; i++)
		if (w->site[i] == '/')
			BUF_PUTSL(&w->tmp2, "../");
	buf_puts(&w->tmp2, path + common);
	t->rel = walk_intern(w, w->tmp2.data);
	(void)strmap_put(&w->follow.tracks, path, t);
	if (w->follow.ntrack == w->follow.trackcap) {
		w->follow.trackcap = w->follow.trackcap != 0 ?
		    w->follow.trackcap * 2 : 256;
		w->follow.trackv = xreallocarray(w->follow.trackv,
		    w->follow.trackcap, sizeof(*w->follow.trackv));
	}
	w->follow.trackv[w->follow.ntrack++] = t;
	return t;
}

/* Older commits: the documents following "from" follow "to" instead. */
static void
retrack(struct walk *w, const char *from, const char *to)
{
	struct track	*a, *b;
	struct hdoc	*last;
	int		 was_active;

	if ((a = strmap_get(&w->follow.tracks, from)) == NULL ||
	    a->docs == NULL)
		return;
	if ((b = track_get(w, to)) == a)
		return;
	for (last = a->docs; last->tnext != NULL; last = last->tnext)
		continue;
	was_active = b->docs != NULL;
	last->tnext = b->docs;
	b->docs = a->docs;
	a->docs = NULL;
	track_active(w, a, 0);
	if (!was_active)
		track_active(w, b, 1);
}

/* Documents. */

struct hdoc *
doc_add(struct history *h, const char *relpath)
{
	struct hdoc	*doc;

	doc = xcalloc(1, sizeof(*doc));
	doc->relpath = xstrdup(relpath);
	(void)strmap_put(&h->docs, relpath, doc);
	if (h->ndocs == h->doccap) {
		h->doccap = h->doccap != 0 ? h->doccap * 2 : 256;
		h->docv = xreallocarray(h->docv, h->doccap, sizeof(*h->docv));
	}
	h->docv[h->ndocs++] = doc;
	return doc;
}

void
docs_free(struct history *h)
{
	size_t	 i;

	for (i = 0; i < h->ndocs; i++) {
		free(h->docv[i]->h.v);
		free(h->docv[i]->h.reviews);
		free(h->docv[i]->relpath);
		free(h->docv[i]);
	}
	free(h->docv);
	free(h->pathv);
	strmap_free(&h->docs);
	h->docv = NULL;
	h->pathv = NULL;
	h->ndocs = h->doccap = 0;
}

/*
 * Every .md file below tree "id", whose path is in w->tree.pbuf, becomes a
 * document following its own path.
 */
static int
list_docs(struct walk *w, const git_oid *id)
{
	const unsigned char	*p, *end;
	struct tent		 e;
	struct track		*t;
	struct hdoc		*doc;
	size_t			 len, base = w->tree.pbuf.len;
	int			 rc;

	if (tree_read(w, id, &p, &len) == -1)
		return -1;
	end = p + len;
	while ((rc = tent_next(&p, end, &e)) == 1) {
		if (!IS_TREE(e.mode) &&
		    !(IS_FILE(e.mode) && is_md(e.name, e.namelen)))
			continue;
		buf_put(&w->tree.pbuf, e.name, e.namelen);
		if (IS_TREE(e.mode)) {
			buf_putc(&w->tree.pbuf, '/');
			rc = list_docs(w, &e.id);
		} else {
			doc = doc_add(w->h, w->tree.pbuf.data + w->sitelen);
			t = track_get(w, w->tree.pbuf.data);
			doc->tnext = t->docs;
			t->docs = doc;
		}
		buf_truncate(&w->tree.pbuf, base);
		if (rc == -1)
			return -1;
	}
	if (rc == -1)
		return walk_fail(w, "malformed tree", id);
	return 0;
}

/* Record that commit "id" made "blob" doc's text, at track t's path. */
static int
add_version(struct walk *w, struct hdoc *doc, const git_oid *id,
    const struct track *t, const git_oid *blob)
{
	struct version	*v;
	const char	*authors = NULL, *note = NULL;
	int		 rc, minor;

	if (commit_info(w, id) == -1)
		return -1;
	minor = w->text.ci.minor;
	if (w->text.ci.nparents > 1 && !minor)
		merge_record(w, t->path, &authors, &note, &minor);
	if (minor) {
		v = &doc->minor;	/* walking back: ends as the oldest */
		doc->hasminor = 1;
	} else {
		if (doc->h.n == doc->cap) {
			doc->cap = doc->cap != 0 ? doc->cap * 2 : 4;
			doc->h.v = xreallocarray(doc->h.v, doc->cap,
			    sizeof(*doc->h.v));
		}
		v = &doc->h.v[doc->h.n++];
	}
	memcpy(v->commit, w->text.ci.hex, sizeof(v->commit));
	if ((rc = git_oid_fmt(v->blob, blob)) < 0)
		return walk_git_fail(w, rc);
	v->blob[GIT_OID_HEXSZ] = '\0';
	v->path = t->rel;
	v->when = w->text.ci.when;
	v->author = w->text.ci.author;
	v->subject = w->text.ci.subject;
	v->note = w->text.ci.bare ? NULL : w->text.ci.note;
	v->authors = w->text.ci.author;
	v->request = w->text.ci.request;
	if (authors != NULL)
		v->authors = authors;
	if (v->note == NULL)
		v->note = note;
	if (v->note == NULL)	/* never a bare "Merge ..." subject */
		v->note = MERGE_NOTE;
	v->event = VERSION_AMENDED;
	v->replaced_by = NULL;
	return 0;
}

/* Whether change c added a path (it has no rename source yet). */
static int
is_added(const struct change *c)
{
	return c->hasnew && !c->hasold && !c->done;
}

/*
 * Record that the added path "to" (one of chg[0..nscope), not yet
 * matched) came from "from"; 0 if no such added path is waiting.
 */
static int
take_rename(struct walk *w, size_t nscope, const char *to, const char *from)
{
	size_t	 j;

	for (j = 0; j < nscope; j++)
		if (is_added(&w->tree.chg[j]) &&
		    strcmp(to, w->tree.paths.data + w->tree.chg[j].path) == 0) {
			retrack(w, to, from);
			w->tree.chg[j].done = 1;
			return 1;
		}
	return 0;
}

/*
 * The paths not yet matched, for libgit2: the added ones of
 * chg[0..nscope) and the deleted files chg[src0..nchg).  Returns how
 * many.
 */
static size_t
unmatched_paths(const struct walk *w, size_t src0, char **spec)
{
	size_t	 i, n = 0;

	for (i = 0; i < w->tree.nchg; i++)
		if (i >= src0 || is_added(&w->tree.chg[i]))
			spec[n++] = w->tree.paths.data + w->tree.chg[i].path;
	return n;
}

/*
 * Inexact renames of the added paths chg[0..nscope) not yet matched,
 * from the deleted files chg[src0..nchg), by libgit2's similarity.
 * libgit2 gives each deleted file to one new path only, where --follow
 * lets every new path find its best source: so repeat with the paths
 * still unmatched for as long as a round matches something.  What the
 * rounds found depends only on the trees and the paths asked about, so
 * it is kept between builds (histmemo.c): reading the blobs to compare
 * them is most of a walk whose commits were kept.
 */
static int
similar_renames(struct walk *w, const git_oid *told, const git_oid *tnew,
    size_t nscope, size_t src0)
{
	git_diff_options	 o;
	git_diff_find_options	 fo;
	git_tree		*ta = NULL, *tb = NULL;
	git_diff		*diff = NULL;
	const git_diff_delta	*dd;
	struct buf		 pairs = BUF_INIT;
	const char		*p, *end;
	char			**spec, key[41];
	size_t			 i, n, nd, matched;
	int			 rc, ret = -1;

	spec = xcalloc(nscope + w->tree.nchg - src0, sizeof(*spec));
	n = unmatched_paths(w, src0, spec);
	memo_renames_key(w, told, tnew, spec, n, key);
	if (memo_renames_get(w, key, &pairs)) {
		end = pairs.data + pairs.len;
		for (p = pairs.data; p < end; p += strlen(p) + 1) {
			i = strlen(p) + 1;
			if (p + i >= end)
				break;
			(void)take_rename(w, nscope, p, p + i);
			p += i;
		}
		ret = 0;
		goto out;
	}
	if ((rc = git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION)) < 0 ||
	    (rc = git_diff_find_options_init(&fo,
	    GIT_DIFF_FIND_OPTIONS_VERSION)) < 0 ||
	    (rc = git_tree_lookup(&ta, w->repo, told)) < 0 ||
	    (rc = git_tree_lookup(&tb, w->repo, tnew)) < 0) {
		(void)walk_git_fail(w, rc);
		goto out;
	}
	/* Exact paths: a file name may hold glob characters. */
	o.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	o.pathspec.strings = spec;
	fo.flags = GIT_DIFF_FIND_RENAMES;
	for (; n != w->tree.nchg - src0; n = unmatched_paths(w, src0, spec)) {
		o.pathspec.count = n;
		if ((rc = git_diff_tree_to_tree(&diff, w->repo, ta, tb,
		    &o)) < 0 || (rc = git_diff_find_similar(diff, &fo)) < 0) {
			(void)walk_git_fail(w, rc);
			goto out;
		}
		nd = git_diff_num_deltas(diff);
		for (i = matched = 0; i < nd; i++) {
			if ((dd = git_diff_get_delta(diff, i)) == NULL ||
			    dd->status != GIT_DELTA_RENAMED ||
			    dd->old_file.path == NULL ||
			    dd->new_file.path == NULL ||
			    !take_rename(w, nscope, dd->new_file.path,
			    dd->old_file.path))
				continue;
			buf_put(&pairs, dd->new_file.path,
			    strlen(dd->new_file.path) + 1);
			buf_put(&pairs, dd->old_file.path,
			    strlen(dd->old_file.path) + 1);
			matched++;
		}
		git_diff_free(diff);
		diff = NULL;
		if (matched == 0)
			break;
	}
	memo_renames_put(w, key, &pairs);
	ret = 0;
out:
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	buf_free(&pairs);
	free(spec);
	return ret;
}

/* Whether paths a and b have the same last component. */
static int
same_basename(const char *a, const char *b)
{
	const char	*sa = strrchr(a, '/'), *sb = strrchr(b, '/');

	return strcmp(sa != NULL ? sa + 1 : a, sb != NULL ? sb + 1 : b) == 0;
}

/*
 * The commit added followed paths (some of chg[0..nscope)): if it
 * deleted .md files anywhere, find which of those each came from, by
 * blob id first (preferring the same file name), then by similarity.
 * The deleted files are chg[nscope..nchg) if "have_sources", else they
 * are looked for now.
 */
static int
find_renames(struct walk *w, const git_oid *told, const git_oid *tnew,
    size_t nscope, int have_sources)
{
	struct change	*a;
	const char	*pa, *ps;
	size_t		 i, j, src0, best, nleft = 0;

	buf_reset(&w->tree.pbuf);
	src0 = nscope;
	if (!have_sources && diff_tree(w, told, tnew, D_SOURCES) == -1)
		return -1;
	if (w->tree.nchg == src0)
		return 0;
	for (i = 0; i < nscope; i++) {
		a = &w->tree.chg[i];
		if (!is_added(a))
			continue;
		pa = w->tree.paths.data + a->path;
		best = SIZE_MAX;
		for (j = src0; j < w->tree.nchg; j++) {
			if (!git_oid_equal(&a->new, &w->tree.chg[j].old))
				continue;
			ps = w->tree.paths.data + w->tree.chg[j].path;
			if (best == SIZE_MAX || same_basename(pa, ps))
				best = j;
			if (same_basename(pa, ps))
				break;
		}
		if (best == SIZE_MAX) {
			nleft++;
			continue;
		}
		retrack(w, pa, w->tree.paths.data + w->tree.chg[best].path);
		a->done = 1;
	}
	if (nleft == 0)
		return 0;
	return similar_renames(w, told, tnew, nscope, src0);
}

/*
 * The changes of "c" to followed paths, from those found ahead, then its
 * rename sources; returns how many changes.
 */
static size_t
take_changes(struct walk *w, const struct ccommit *c)
{
	const struct track	*t;
	const char		*path;
	size_t			 i, nscope = 0;

	w->tree.nchg = 0;
	buf_reset(&w->tree.paths);
	buf_reset(&w->tree.pbuf);
	for (i = 0; i < c->nchg; i++) {
		path = c->paths + c->chg[i].path;
		if (i < c->nscope &&
		    ((t = strmap_get(&w->follow.tracks, path)) == NULL ||
		    t->docs == NULL))
			continue;
		if (w->tree.nchg == w->tree.chgcap) {
			w->tree.chgcap = w->tree.chgcap != 0 ?
			    w->tree.chgcap * 2 : 64;
			w->tree.chg = xreallocarray(w->tree.chg, w->tree.chgcap,
			    sizeof(*w->tree.chg));
		}
		if (i == c->nscope)
			nscope = w->tree.nchg;
		w->tree.chg[w->tree.nchg] = c->chg[i];
		w->tree.chg[w->tree.nchg++].path = w->tree.paths.len;
		buf_puts(&w->tree.paths, path);
		buf_putc(&w->tree.paths, '\0');
	}
	return c->nscope == c->nchg ? w->tree.nchg : nscope;
}

/* walk_commit(): comparing the commit with its parent failed. */
#define WALK_CMP	(-2)

/*
 * Whether the commit being walked can give versions: its details read
 * (else reported, for the document at repository path "path", and 0).
 */
static int
commit_usable(struct walk *w, const struct ccommit *c, const char *path)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	if (commit_info(w, &c->id) == 0)
		return 1;
	(void)git_oid_tostr(hex, sizeof(hex), &c->id);
	walk_bad(w, hex, path, w->err.data, 0);
	return 0;
}

/*
 * Compare commit c with its first parent: the followed paths it changed
 * get a version, and documents whose path it added may follow a rename
 * further back.  What was found ahead serves while every followed path
 * lies in the site directory.  Returns 0, -1, or WALK_CMP when the trees
 * could not be compared (the reason in w->err; nothing recorded yet).
 * A commit whose details cannot be read gives no versions and is
 * reported; renames that cannot be followed are reported too.
 */
static int
walk_commit(struct walk *w, struct ccommit *c)
{
	const git_oid	*told = c->hasparent ? &c->ptree : NULL;
	struct change	*ch;
	struct track	*t;
	struct hdoc	*doc;
	size_t		 i, nscope, nadded = 0;
	int		 sources = 0, usable = -1;
	char		 hex[GIT_OID_HEXSZ + 1];

	w->text.ci.loaded = 0;
	side_clear(w);
	if (c->info && git_oid_fmt(w->text.ci.hex, &c->id) == 0) {
		w->text.ci.hex[GIT_OID_HEXSZ] = '\0';
		w->text.ci.when = c->when;
		w->text.ci.minor = c->minor;
		w->text.ci.author = walk_intern(w, c->author);
		w->text.ci.subject = walk_intern(w, c->subject);
		w->text.ci.note = walk_intern(w, c->note);
		w->text.ci.request = c->request;
		w->text.ci.bare = c->bare;
		w->text.ci.cut = c->cut;
		w->text.ci.nparents = c->nparents;
		w->text.ci.p1 = c->p1;
		w->text.ci.p2 = c->p2;
		w->text.ci.loaded = 1;
	}
	if (c->ready && c->err != NULL)
		c->ready = 0;	/* compare it here: the reason, at first hand */
	if (c->ready && w->follow.noutside == 0) {
		nscope = take_changes(w, c);
		sources = c->sources;
	} else if (tree_changes(w, &c->tree, told, D_SCOPE) == -1)
		return WALK_CMP;
	else
		nscope = w->tree.nchg;
	for (i = 0; i < nscope; i++) {
		ch = &w->tree.chg[i];
		if (!ch->hasnew)
			continue;	/* a deletion is not a version */
		if ((t = strmap_get(&w->follow.tracks,
		    w->tree.paths.data + ch->path)) == NULL)
			continue;
		if (!ch->hasold)
			nadded++;
		if (usable == -1)
			usable = commit_usable(w, c, t->path);
		for (doc = t->docs; usable && doc != NULL; doc = doc->tnext)
			if (add_version(w, doc, &c->id, t, &ch->new) == -1)
				return -1;
	}
	if (usable == 1 && w->text.ci.cut) {
		(void)git_oid_tostr(hex, sizeof(hex), &c->id);
		diag_add(w->d, DIAG_WARNING, NULL, 0, 0, "commit %.7s: its "
		    "change note is over %d characters: cut at a word, with "
		    "an ellipsis (the commit keeps the whole message)", hex,
		    NOTE_MAX);
	}
	if (nadded > 0 && told != NULL &&
	    find_renames(w, told, &c->tree, nscope, sources) == -1) {
		(void)git_oid_tostr(hex, sizeof(hex), &c->id);
		buf_reset(&w->tmp);
		buf_printf(&w->tmp, "renames cannot be followed: %s",
		    w->err.data);
		walk_bad(w, hex, NULL, w->tmp.data, 0);
	}
	return 0;
}

/* Whether every tree below tree "id" can be read: 0, or -1. */
static int
tree_whole(struct walk *w, const git_oid *id)
{
	const unsigned char	*p, *end;
	struct tent		 e;
	size_t			 len;
	int			 rc;

	if (tree_read(w, id, &p, &len) == -1)
		return -1;
	end = p + len;
	while ((rc = tent_next(&p, end, &e)) == 1)
		if (IS_TREE(e.mode) && tree_whole(w, &e.id) == -1)
			return -1;
	return rc == -1 ? walk_fail(w, "malformed tree", id) : 0;
}

/* The first commit of the chain after v[i] not left out, or n. */
static size_t
next_good(const struct ccommit *v, size_t n, size_t i)
{
	while (++i < n && v[i].bad)
		continue;
	return i;
}

/* Report commit c as bad, for "why", and leave it out. */
static void
chain_bad(struct walk *w, struct ccommit *c, const char *why)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	(void)git_oid_tostr(hex, sizeof(hex), &c->id);
	walk_bad(w, hex, NULL, why, 0);
	c->bad = 1;
}

/*
 * Walk commit v[i] of the chain's n.  If it cannot be compared with its
 * parent, the one at fault is the commit whose own trees cannot all be
 * read: v[i] (left out), or else its parent (left out, and v[i]
 * compared with the next one instead).
 */
static int
walk_good(struct walk *w, struct ccommit *v, size_t n, size_t i)
{
	struct ccommit	*c = &v[i];
	struct buf	 why = BUF_INIT;
	size_t		 p;
	int		 rc;

	while ((rc = walk_commit(w, c)) == WALK_CMP) {
		buf_reset(&why);
		buf_puts(&why, w->err.data);
		p = next_good(v, n, i);
		if (!c->hasparent || p == n || tree_whole(w, &c->tree) == -1) {
			chain_bad(w, c, w->err.data);
			rc = 0;
			break;
		}
		chain_bad(w, &v[p], why.data);
		c->ready = 0;	/* found ahead against that parent */
		if ((p = next_good(v, n, p)) == n)
			c->hasparent = 0;
		else
			c->ptree = v[p].tree;
	}
	buf_free(&why);
	return rc;
}

/*
 * Read the chain from "head" into *vp (its length in *np, allocated
 * entries in *capp): each commit's tree and first parent.  A commit
 * that cannot be read ends it, reported (its child then has no parent);
 * the documents are listed from the first.  Below a kept chain
 * (histmemo.c) nothing is read: the first *nnew entries are new.
 */
static int
read_chain(struct walk *w, const git_oid *head, struct ccommit **vp,
    size_t *np, size_t *capp, size_t *nnew)
{
	struct ccommit	*v = *vp, *c;
	git_oid		 site, pid;
	size_t		 n = 0, cap = *capp;
	int		 has, ret = -1;
	char		 hex[GIT_OID_HEXSZ + 1];

	v[0].id = *head;
	for (;;) {
		c = &v[n];
		if (commit_read(w, &c->id, &c->tree, &pid,
		    &c->hasparent) == -1) {
			if (n == 0) {
				buf_printf(&w->err, " (HEAD, commit %s)",
				    git_oid_tostr_s(&c->id));
				goto out;
			}
			(void)git_oid_tostr(hex, sizeof(hex), &c->id);
			buf_printf(&w->err, " (the parent of %.7s): nothing "
			    "older can be read", git_oid_tostr_s(&v[n - 1].id));
			walk_bad(w, hex, NULL, w->err.data, 0);
			v[n - 1].hasparent = 0;
			break;
		}
		if (c->hasparent && is_boundary(w, &c->id))
			c->hasparent = 0;
		if (n++ == 0) {
			/* The documents, before reading further. */
			if ((has = tree_find_dir(w, &c->tree, w->site,
			    &site)) == -1)
				goto out;
			buf_reset(&w->tree.pbuf);
			buf_puts(&w->tree.pbuf, w->site);
			if (has && list_docs(w, &site) == -1)
				goto out;
			if (w->h->ndocs == 0)
				break;
		}
		/* Commits never change: what is kept below serves. */
		*nnew = n - 1;
		if (n <= MEMO_LOOK && memo_take(w, &v, &n, &cap))
			break;
		*nnew = n;
		if (!c->hasparent)
			break;
		if (n == cap) {
			v = xreallocarray(v, cap * 2, sizeof(*v));
			memset(v + cap, 0, cap * sizeof(*v));
			cap *= 2;
		}
		v[n].id = pid;
	}
	ret = 0;
out:
	*vp = v;
	*np = n;
	*capp = cap;
	return ret;
}

/*
 * The documents are HEAD's .md files in the site directory; follow
 * HEAD's first-parent chain to the root, once: read the chain, find
 * each commit's changes (in parallel), then walk it newest first.
 */
int
walk_all(struct walk *w, const git_oid *head, int jobs)
{
	struct ccommit	*v;
	size_t		 n = 0, cap = 64, i, nnew = 0;
	int		 ret = -1, kept = 0;

	v = xcalloc(cap, sizeof(*v));
	if (read_chain(w, head, &v, &n, &cap, &nnew) == -1)
		goto out;
	if (w->h->ndocs == 0) {
		ret = 0;
		goto out;
	}
	for (i = 0; i + 1 < n; i++)
		if (v[i].hasparent)
			v[i].ptree = v[i + 1].tree;
	diff_chain(w, v, nnew, jobs);
	kept = memo_keep_chain(w, v, n, cap);
	for (i = 0; i < n; i++) {
		if (v[i].bad)
			continue;
		if (walk_good(w, v, n, i) == -1)
			goto out;
		tc_rotate(w);
	}
	ret = 0;
out:
	if (!kept)
		chain_free(v, cap);
	return ret;
}

/* After the walk: oldest first, minor commits folded, sorted by path. */
int
doc_cmp(const void *a, const void *b)
{
	const struct hdoc	*x = *(struct hdoc *const *)a;
	const struct hdoc	*y = *(struct hdoc *const *)b;

	return strcmp(x->relpath, y->relpath);
}

void
finish_docs(struct history *h)
{
	struct hdoc	*doc;
	struct version	 tmp;
	size_t		 i, j;

	for (i = 0; i < h->ndocs; i++) {
		doc = h->docv[i];
		if (doc->h.n == 0 && doc->hasminor) {
			doc->h.v = xreallocarray(doc->h.v, 1,
			    sizeof(*doc->h.v));
			doc->h.v[doc->h.n++] = doc->minor;
		} else if (doc->h.n > 0 && doc->h.n < doc->cap)
			doc->h.v = xreallocarray(doc->h.v, doc->h.n,
			    sizeof(*doc->h.v));
		doc->cap = doc->h.n;
		for (j = 0; j < doc->h.n / 2; j++) {
			tmp = doc->h.v[j];
			doc->h.v[j] = doc->h.v[doc->h.n - 1 - j];
			doc->h.v[doc->h.n - 1 - j] = tmp;
		}
		if (doc->h.n > 0)
			doc->h.v[0].event = VERSION_NEW;
		doc->tnext = NULL;
	}
	if (h->ndocs > 1)
		qsort(h->docv, h->ndocs, sizeof(*h->docv), doc_cmp);
	h->pathv = xcalloc(h->ndocs, sizeof(*h->pathv));
	for (i = 0; i < h->ndocs; i++)
		h->pathv[i] = h->docv[i]->relpath;
}
