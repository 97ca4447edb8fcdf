/*
 * histdiff.c: comparing trees for the history walk (histwalk.h).
 *
 * For each commit the site directory's subtree is compared with its
 * first parent's by merging the raw, sorted tree entries and descending
 * only where ids differ; the changes to .md paths are collected.  Raw
 * trees come from the object database, and those read for a commit are
 * kept until the next one is done, because a commit's parent trees are
 * the next commit's own.
 *
 * On a long chain the comparing is done ahead, by worker processes that
 * each take a run of commits (diff_chain): they find every change to a
 * .md file in the site directory, and the rename sources and commit
 * details that the walk may need.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "histwalk.h"
#include "pool.h"
#include "strmap.h"
#include "util.h"

/* Whether "name" (of length n) names a Markdown file. */
int
is_md(const char *name, size_t n)
{
	return n > 3 && memcmp(name + n - 3, ".md", 3) == 0 &&
	    name[n - 4] != '/';
}

/* Raw trees, kept for one commit more. */

static size_t
oid_hash(const git_oid *id)
{
	size_t	 h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static git_odb_object *
tc_get(const struct tcache *c, const git_oid *id)
{
	size_t	 i;

	if (c->cap == 0)
		return NULL;
	for (i = oid_hash(id) & (c->cap - 1); c->v[i].obj != NULL;
	    i = (i + 1) & (c->cap - 1))
		if (git_oid_equal(&c->v[i].id, id))
			return c->v[i].obj;
	return NULL;
}

static void
tc_put(struct tcache *c, const git_oid *id, git_odb_object *o)
{
	struct tslot	*old = c->v;
	size_t		 oldcap = c->cap, i, j;

	if ((c->n + 1) * 2 > c->cap) {
		c->cap = c->cap != 0 ? c->cap * 2 : 64;
		c->v = xcalloc(c->cap, sizeof(*c->v));
		for (j = 0; j < oldcap; j++) {
			if (old[j].obj == NULL)
				continue;
			for (i = oid_hash(&old[j].id) & (c->cap - 1);
			    c->v[i].obj != NULL; i = (i + 1) & (c->cap - 1))
				continue;
			c->v[i] = old[j];
		}
		free(old);
	}
	for (i = oid_hash(id) & (c->cap - 1); c->v[i].obj != NULL;
	    i = (i + 1) & (c->cap - 1))
		continue;
	c->v[i].id = *id;
	c->v[i].obj = o;
	c->n++;
}

void
tc_clear(struct tcache *c)
{
	size_t	 i;

	for (i = 0; i < c->cap && c->n > 0; i++)
		if (c->v[i].obj != NULL) {
			git_odb_object_free(c->v[i].obj);
			c->v[i].obj = NULL;
			c->n--;
		}
}

/* A commit is done: drop the trees the one before it read. */
void
tc_rotate(struct walk *w)
{
	w->tree.tcur = !w->tree.tcur;
	tc_clear(&w->tree.tc[w->tree.tcur]);
}

/* Raw tree "id" in *data, *len (borrowed until the next commit). */
int
tree_read(struct walk *w, const git_oid *id, const unsigned char **data,
    size_t *len)
{
	git_odb_object	*o;
	int		 rc;

	if ((o = tc_get(&w->tree.tc[w->tree.tcur], id)) == NULL &&
	    (o = tc_get(&w->tree.tc[!w->tree.tcur], id)) == NULL) {
		if ((rc = git_odb_read(&o, w->odb, id)) < 0)
			return walk_git_fail(w, rc);
		if (git_odb_object_type(o) != GIT_OBJECT_TREE) {
			git_odb_object_free(o);
			return walk_fail(w, "not a tree:", id);
		}
		tc_put(&w->tree.tc[w->tree.tcur], id, o);
	}
	*data = git_odb_object_data(o);
	*len = git_odb_object_size(o);
	return 0;
}

/*
 * Parse the entry at *p (before end): 1 with *e set and *p advanced past
 * it, 0 at the end, -1 if the tree is malformed.
 */
int
tent_next(const unsigned char **p, const unsigned char *end, struct tent *e)
{
	const unsigned char	*s = *p, *nul;
	unsigned int		 mode = 0;

	if (s == end)
		return 0;
	for (; s < end && *s >= '0' && *s <= '7'; s++)
		if ((mode = mode * 8 + (unsigned int)(*s - '0')) > 0777777)
			return -1;
	if (s == *p || s == end || *s++ != ' ')
		return -1;
	if ((nul = memchr(s, '\0', (size_t)(end - s))) == NULL || nul == s ||
	    (size_t)(end - nul) < 1 + GIT_OID_RAWSZ)
		return -1;
	e->name = (const char *)s;
	e->namelen = (size_t)(nul - s);
	e->mode = mode;
	memcpy(e->id.id, nul + 1, GIT_OID_RAWSZ);
	*p = nul + 1 + GIT_OID_RAWSZ;
	return 1;
}

/* Git's tree order: names compare as if a tree's ended in '/'. */
static int
tent_cmp(const struct tent *a, const struct tent *b)
{
	size_t	 n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int	 c, ca, cb;

	if ((c = memcmp(a->name, b->name, n)) != 0)
		return c;
	ca = a->namelen > n ? (unsigned char)a->name[n] :
	    IS_TREE(a->mode) ? '/' : '\0';
	cb = b->namelen > n ? (unsigned char)b->name[n] :
	    IS_TREE(b->mode) ? '/' : '\0';
	return ca - cb;
}

/*
 * The id of directory "dir" ("a/b/", or "" for the root) in tree "root":
 * 1 with *out set, 0 if there is no such directory, -1 on error.
 */
int
tree_find_dir(struct walk *w, const git_oid *root, const char *dir,
    git_oid *out)
{
	const unsigned char	*p, *end;
	const char		*slash;
	struct tent		 e;
	git_oid			 cur = *root;
	size_t			 len, n;
	int			 rc;

	for (; *dir != '\0'; dir = slash + 1) {
		slash = strchr(dir, '/');
		n = (size_t)(slash - dir);
		if (tree_read(w, &cur, &p, &len) == -1)
			return -1;
		end = p + len;
		while ((rc = tent_next(&p, end, &e)) == 1)
			if (IS_TREE(e.mode) && e.namelen == n &&
			    memcmp(e.name, dir, n) == 0)
				break;
		if (rc == -1)
			return walk_fail(w, "malformed tree", &cur);
		if (rc == 0)
			return 0;
		cur = e.id;
	}
	*out = cur;
	return 1;
}

/* Comparing trees. */

/* Whether directory "dir" ("a/b/") may hold anything followed. */
static int
in_scope(const struct walk *w, const char *dir, size_t len)
{
	const size_t	*cnt;

	if (len <= w->sitelen ? memcmp(dir, w->site, len) == 0 :
	    memcmp(dir, w->site, w->sitelen) == 0)
		return 1;	/* above the site directory, or in it */
	return w->follow.noutside > 0 &&
	    (cnt = strmap_get(&w->follow.outdirs, dir)) != NULL && *cnt > 0;
}

static void
add_change(struct walk *w, const struct tent *o, const struct tent *n)
{
	struct change	*c;

	if (w->tree.nchg == w->tree.chgcap) {
		w->tree.chgcap = w->tree.chgcap != 0 ?
		    w->tree.chgcap * 2 : 64;
		w->tree.chg = xreallocarray(w->tree.chg, w->tree.chgcap,
		    sizeof(*w->tree.chg));
	}
	c = &w->tree.chg[w->tree.nchg++];
	memset(c, 0, sizeof(*c));
	c->path = w->tree.paths.len;
	buf_put(&w->tree.paths, w->tree.pbuf.data, w->tree.pbuf.len);
	buf_putc(&w->tree.paths, '\0');
	if ((c->hasold = o != NULL))
		c->old = o->id;
	if ((c->hasnew = n != NULL))
		c->new = n->id;
}

/*
 * Entry "o" (old, or NULL) became "n" (new, or NULL); they have the same
 * name and kind.  Collect what "mode" asks for.
 */
static int
diff_entry(struct walk *w, const struct tent *o, const struct tent *n,
    enum dmode mode)
{
	const struct tent	*e = o != NULL ? o : n;
	struct track		*t;
	size_t			 base = w->tree.pbuf.len;
	int			 rc = 0;

	if (IS_TREE(e->mode)) {
		if (mode == D_SOURCES && o == NULL)
			return 0;	/* a new tree deletes nothing */
		buf_put(&w->tree.pbuf, e->name, e->namelen);
		buf_putc(&w->tree.pbuf, '/');
		if (mode == D_SOURCES ||
		    in_scope(w, w->tree.pbuf.data, w->tree.pbuf.len))
			rc = diff_tree(w, o != NULL ? &o->id : NULL,
			    n != NULL ? &n->id : NULL, mode);
		buf_truncate(&w->tree.pbuf, base);
		return rc;
	}
	if (!is_md(e->name, e->namelen))
		return 0;
	if (o != NULL && !IS_FILE(o->mode))
		o = NULL;
	if (n != NULL && !IS_FILE(n->mode))
		n = NULL;
	if (o == NULL && n == NULL)
		return 0;
	buf_put(&w->tree.pbuf, e->name, e->namelen);
	if (mode == D_SOURCES) {
		if (n == NULL)
			add_change(w, o, n);
	} else if (mode == D_ALL ||
	    ((t = strmap_get(&w->follow.tracks, w->tree.pbuf.data)) != NULL &&
	    t->docs != NULL))
		add_change(w, o, n);
	buf_truncate(&w->tree.pbuf, base);
	return 0;
}

/* The length of the common prefix of a[0..n) and b[0..n). */
static size_t
common_prefix(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t	 i = 0;

	while (n - i >= 256 && memcmp(a + i, b + i, 256) == 0)
		i += 256;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The length of the common suffix of the n bytes before ea and eb. */
static size_t
common_suffix(const unsigned char *ea, const unsigned char *eb, size_t n)
{
	size_t	 i = 0;

	while (n - i >= 256 && memcmp(ea - i - 256, eb - i - 256, 256) == 0)
		i += 256;
	while (i < n && *(ea - i - 1) == *(eb - i - 1))
		i++;
	return i;
}

/*
 * The offset just past the raw tree entry at p[off], or 0 if there is
 * none (the caller's tent_next() then reports a malformed tree).
 */
static size_t
tent_skip(const unsigned char *p, size_t len, size_t off)
{
	const unsigned char	*nul;

	if (off >= len || (nul = memchr(p + off, '\0', len - off)) == NULL)
		return 0;
	off = (size_t)(nul - p) + 1 + GIT_OID_RAWSZ;
	return off <= len ? off : 0;
}

/*
 * Compare trees "a" (the parent's) and "b" (the commit's), either NULL
 * for none, whose directory is w->tree.pbuf, and collect into w->tree.chg what
 * "mode" asks for.  Sub-trees with equal ids are never read.
 */
int
diff_tree(struct walk *w, const git_oid *a, const git_oid *b,
    enum dmode mode)
{
	const unsigned char	*pa = NULL, *ea = NULL, *pb = NULL, *eb = NULL;
	const unsigned char	*qa, *qb;
	struct tent		 ta, tb;
	size_t			 la = 0, lb = 0, pre, off, next, suf = 0;
	int			 ra = 0, rb = 0, c;

	if (a != NULL && tree_read(w, a, &pa, &la) == -1)
		return -1;
	if (b != NULL && tree_read(w, b, &pb, &lb) == -1)
		return -1;
	if (a != NULL)
		ea = pa + la;
	if (b != NULL)
		eb = pb + lb;
	if (a != NULL && b != NULL) {
		/*
		 * Byte-identical runs at either end hold identical entries:
		 * in a big directory with one file changed that is nearly
		 * all of it, so skip it without parsing entry by entry.
		 */
		pre = common_prefix(pa, pb, la < lb ? la : lb);
		for (off = 0; (next = tent_skip(pa, la, off)) != 0 &&
		    next <= pre; off = next)
			continue;
		pa += off;
		pb += off;
		suf = common_suffix(ea, eb, la - off < lb - off ?
		    la - off : lb - off);
	}
	qa = pa;
	if (a != NULL)
		ra = tent_next(&pa, ea, &ta);
	qb = pb;
	if (b != NULL)
		rb = tent_next(&pb, eb, &tb);
	while (ra == 1 || rb == 1) {
		/* At the same distance from both ends, inside the suffix. */
		if (ra == 1 && rb == 1 && ea - qa == eb - qb &&
		    (size_t)(ea - qa) <= suf)
			break;
		c = ra != 1 ? 1 : rb != 1 ? -1 : tent_cmp(&ta, &tb);
		if (c == 0) {
			if (!git_oid_equal(&ta.id, &tb.id) &&
			    diff_entry(w, &ta, &tb, mode) == -1)
				return -1;
		} else if (diff_entry(w, c < 0 ? &ta : NULL,
		    c > 0 ? &tb : NULL, mode) == -1)
			return -1;
		if (c <= 0) {
			qa = pa;
			ra = tent_next(&pa, ea, &ta);
		}
		if (c >= 0) {
			qb = pb;
			rb = tent_next(&pb, eb, &tb);
		}
	}
	if (ra == -1)
		return walk_fail(w, "malformed tree", a);
	if (rb == -1)
		return walk_fail(w, "malformed tree", b);
	return 0;
}

/*
 * Collect into w->tree.chg what "mode" asks for between tree "told" (the
 * first parent's; NULL for none) and tree "tnew": only the site
 * directory's subtree is compared, unless a followed path lies outside.
 */
int
tree_changes(struct walk *w, const git_oid *tnew, const git_oid *told,
    enum dmode mode)
{
	git_oid		 snew, sold;
	int		 hnew, hold = 0;

	w->tree.nchg = 0;
	buf_reset(&w->tree.paths);
	buf_reset(&w->tree.pbuf);
	if (told != NULL && git_oid_equal(tnew, told))
		return 0;
	if (w->follow.noutside > 0)
		return diff_tree(w, told, tnew, mode);
	/* Only the site directory matters: skip it if unchanged. */
	if ((hnew = tree_find_dir(w, tnew, w->site, &snew)) == -1 ||
	    (told != NULL &&
	    (hold = tree_find_dir(w, told, w->site, &sold)) == -1))
		return -1;
	if (hnew == hold && (!hnew || git_oid_equal(&snew, &sold)))
		return 0;
	buf_puts(&w->tree.pbuf, w->site);
	return diff_tree(w, hold ? &sold : NULL, hnew ? &snew : NULL, mode);
}

/* Whether commit "id" is a shallow clone's boundary (parents absent). */
int
is_boundary(const struct walk *w, const git_oid *id)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	if (w->tree.boundary.n == 0 ||
	    git_oid_tostr(hex, sizeof(hex), id) == NULL)
		return 0;
	return strmap_get(&w->tree.boundary, hex) != NULL;
}

/*
 * The tree and first parent (*hasparent 0 if none) of commit "id", from
 * its raw object: cheaper than a full git_commit_lookup(), which only
 * commits that give a version need.
 */
int
commit_read(struct walk *w, const git_oid *id, git_oid *tree,
    git_oid *parent, int *hasparent)
{
	git_odb_object	*o;
	const char	*p;
	size_t		 len;
	int		 rc, ret = -1;

	if ((rc = git_odb_read(&o, w->odb, id)) < 0)
		return walk_git_fail(w, rc);
	p = git_odb_object_data(o);
	len = git_odb_object_size(o);
	*hasparent = 0;
	if (git_odb_object_type(o) != GIT_OBJECT_COMMIT || len < 46 ||
	    memcmp(p, "tree ", 5) != 0 || p[45] != '\n' ||
	    git_oid_fromstrn(tree, p + 5, GIT_OID_HEXSZ) < 0) {
		(void)walk_fail(w, "malformed commit", id);
		goto out;
	}
	if (len >= 46 + 48 && memcmp(p + 46, "parent ", 7) == 0) {
		if (p[46 + 47] != '\n' ||
		    git_oid_fromstrn(parent, p + 46 + 7, GIT_OID_HEXSZ) < 0) {
			(void)walk_fail(w, "malformed commit", id);
			goto out;
		}
		*hasparent = 1;
	}
	ret = 0;
out:
	git_odb_object_free(o);
	return ret;
}

/*
 * Diffing ahead.  Most of the walk is reading and comparing trees, and
 * each commit's comparison with its parent depends on nothing else, so
 * runs of the chain are compared in worker processes, each with its own
 * repository.  Processes, not threads: libgit2 shares an open pack file
 * between repositories, and its locks made threads take turns.
 */

void
diff_commit(struct walk *w, struct ccommit *c)
{
	const git_oid	*told = c->hasparent ? &c->ptree : NULL;
	size_t		 i;
	int		 added = 0;

	if (tree_changes(w, &c->tree, told, D_ALL) == -1)
		goto fail;
	c->nscope = w->tree.nchg;
	for (i = 0; i < w->tree.nchg; i++)
		if (w->tree.chg[i].hasnew && !w->tree.chg[i].hasold)
			added = 1;
	/* What find_renames() would look for: deletions anywhere. */
	if (added && told != NULL) {
		buf_reset(&w->tree.pbuf);
		if (diff_tree(w, told, &c->tree, D_SOURCES) == -1)
			goto fail;
		c->sources = 1;
	}
	/* What a version needs of the commit, if it may give one. */
	w->text.ci.loaded = 0;
	if (c->nscope > 0 && commit_info(w, &c->id) == 0) {
		c->info = 1;
		c->minor = w->text.ci.minor;
		c->when = w->text.ci.when;
		c->author = xstrdup(w->text.ci.author);
		c->subject = xstrdup(w->text.ci.subject);
		c->note = xstrdup(w->text.ci.note);
		c->request = w->text.ci.request;
		c->bare = w->text.ci.bare;
		c->cut = w->text.ci.cut;
		c->nparents = w->text.ci.nparents;
		c->p1 = w->text.ci.p1;
		c->p2 = w->text.ci.p2;
	}
	c->nchg = w->tree.nchg;
	c->chg = xcalloc(w->tree.nchg + 1, sizeof(*c->chg));
	if (w->tree.nchg > 0)
		memcpy(c->chg, w->tree.chg,
		    w->tree.nchg * sizeof(*w->tree.chg));
	c->pathslen = w->tree.paths.len;
	c->paths = xmalloc(w->tree.paths.len + 1);
	if (w->tree.paths.len > 0)
		memcpy(c->paths, w->tree.paths.data, w->tree.paths.len);
	c->paths[w->tree.paths.len] = '\0';
	c->ready = 1;
	return;
fail:
	c->err = xstrdup(w->err.len > 0 ? w->err.data : "unknown error");
	c->ready = 1;
}

/* How a worker sends one commit's changes to the walk. */
struct	crec {
	size_t		 nchg, nscope, pathslen, errlen;
	size_t		 authorlen, subjectlen, notelen;
	long long	 when;
	unsigned long	 request;
	int		 sources, info, minor, bare, cut, nparents;
	git_oid		 p1, p2;
};

/* The chain, as the workers comparing it see it (pool.h). */
struct	ahead {
	const struct walk *parent;	/* the walk: its settings */
	struct ccommit	*v;
	struct walk	*w;		/* a worker's own, from its first
					   commit on */
	int		 failed;	/* the worker's repository would
					   not open */
};

/*
 * A worker: compare commit i with its parent, with a repository and tree
 * cache of its own (commits come in runs, so a parent's trees, read for
 * one commit, serve the next), and send what it found.
 */
static void
ahead_work(size_t i, struct buf *out, void *arg)
{
	struct ahead	*a = arg;
	struct ccommit	*c = &a->v[i];
	struct walk	*w = a->w;

	if (w == NULL && !a->failed) {
		/* The parent's settings (this is a copy of its memory). */
		w = a->w = xcalloc(1, sizeof(*w));
		w->site = a->parent->site;
		w->sitelen = a->parent->sitelen;
		w->text.mm = a->parent->text.mm;
		w->text.ignore = a->parent->text.ignore;
		w->h = xcalloc(1, sizeof(*w->h));
		if (git_repository_open(&w->repo,
		    git_repository_path(a->parent->repo)) < 0 ||
		    git_repository_odb(&w->odb, w->repo) < 0)
			a->failed = 1;
	}
	if (a->failed)
		return;		/* nothing sent: the walk compares it */
	diff_commit(w, c);
	tc_rotate(w);
	ccommit_pack(c, out);
}

void
ccommit_pack(const struct ccommit *c, struct buf *out)
{
	struct crec	 r;

	memset(&r, 0, sizeof(r));
	r.nchg = c->nchg;
	r.nscope = c->nscope;
	r.sources = c->sources;
	r.pathslen = c->pathslen;
	r.errlen = c->err != NULL ? strlen(c->err) : 0;
	if ((r.info = c->info)) {
		r.minor = c->minor;
		r.when = c->when;
		r.authorlen = strlen(c->author);
		r.subjectlen = strlen(c->subject);
		r.notelen = strlen(c->note);
		r.request = c->request;
		r.bare = c->bare;
		r.cut = c->cut;
		r.nparents = c->nparents;
		r.p1 = c->p1;
		r.p2 = c->p2;
	}
	buf_put(out, (const char *)&r, sizeof(r));
	if (c->nchg > 0)
		buf_put(out, (const char *)c->chg, c->nchg * sizeof(*c->chg));
	buf_put(out, c->paths != NULL ? c->paths : "", r.pathslen);
	buf_put(out, c->err != NULL ? c->err : "", r.errlen);
	if (c->info) {
		buf_put(out, c->author, r.authorlen);
		buf_put(out, c->subject, r.subjectlen);
		buf_put(out, c->note, r.notelen);
	}
}

/* The walk: take what a worker found about commit i. */
static void
ahead_take(size_t i, const char *b, size_t len, void *arg)
{
	struct ahead	*a = arg;

	(void)ccommit_unpack(&a->v[i], b, len);
}

int
ccommit_unpack(struct ccommit *c, const char *b, size_t len)
{
	struct crec	 r;

	if (len < sizeof(r))
		return -1;
	memcpy(&r, b, sizeof(r));
	if (r.nscope > r.nchg || r.nchg > len / sizeof(*c->chg) ||
	    r.pathslen > len || r.errlen > len || r.authorlen > len ||
	    r.subjectlen > len || r.notelen > len ||
	    sizeof(r) + r.nchg * sizeof(*c->chg) + r.pathslen + r.errlen +
	    r.authorlen + r.subjectlen + r.notelen != len)
		return -1;
	b += sizeof(r);
	c->nchg = r.nchg;
	c->nscope = r.nscope;
	c->sources = r.sources;
	c->chg = xcalloc(r.nchg + 1, sizeof(*c->chg));
	if (r.nchg > 0)
		memcpy(c->chg, b, r.nchg * sizeof(*c->chg));
	b += r.nchg * sizeof(*c->chg);
	c->pathslen = r.pathslen;
	c->paths = xstrndup(b, r.pathslen);	/* NULs and all */
	b += r.pathslen;
	if (r.errlen > 0)
		c->err = xstrndup(b, r.errlen);
	b += r.errlen;
	if ((c->info = r.info)) {
		c->minor = r.minor;
		c->when = r.when;
		c->author = xstrndup(b, r.authorlen);
		c->subject = xstrndup(b + r.authorlen, r.subjectlen);
		c->note = xstrndup(b + r.authorlen + r.subjectlen, r.notelen);
		c->request = r.request;
		c->bare = r.bare;
		c->cut = r.cut;
		c->nparents = r.nparents;
		c->p1 = r.p1;
		c->p2 = r.p2;
	}
	c->ready = 1;
	return 0;
}

/*
 * Compare every commit of the chain with its parent in up to "jobs"
 * worker processes (0: one per core), each taking a run of consecutive
 * commits.  A commit no worker reported on is compared by the walk.
 */
void
diff_chain(struct walk *w, struct ccommit *v, size_t n, int jobs)
{
	struct ahead	 a;

	if (n < 512)
		return;		/* not worth a process: the walk does it */
	memset(&a, 0, sizeof(a));
	a.parent = w;
	a.v = v;
	(void)pool_run(n, pool_jobs(jobs), 1, ahead_work, ahead_take, &a);
}

void
chain_free(struct ccommit *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].chg);
		free(v[i].paths);
		free(v[i].err);
		free(v[i].author);
		free(v[i].subject);
		free(v[i].note);
	}
	free(v);
}
