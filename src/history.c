/*
 * history.c: document histories from one first-parent walk over the git
 * history (history.h says what counts as a version, and why).
 *
 * The walk goes from HEAD towards the root, newest first.  Each document
 * follows one repository path (a struct track); several documents may
 * follow the same path (a file renamed to the name of one that was
 * deleted before, say).  For each commit the site directory's subtree is
 * compared with its first parent's by merging the raw, sorted tree
 * entries and descending only where ids differ; changes to followed
 * paths become versions.  Raw trees come from the object database, and
 * those read for a commit are kept until the next one is done, because
 * a commit's parent trees are the next commit's own.
 *
 * On a long chain the comparing is done ahead, by worker processes that
 * each take a run of commits (diff_chain): they find every change to a
 * .md file in the site directory, and the rename sources and commit
 * details that the walk may need; the walk then keeps the changes to
 * followed paths.  Where a followed path lies outside the site directory
 * (a document moved in from elsewhere) the walk compares the commit
 * itself, as it does any commit no worker reported on.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "commitmsg.h"
#include "diag.h"
#include "history.h"
#include "pool.h"
#include "pubstate.h"
#include "readfile.h"
#include "strmap.h"
#include "util.h"
#include "utf8.h"

/* The note of a merge that says nothing and merged nothing we can read. */
#define MERGE_NOTE	"Amended"

#define IS_TREE(m)	(((m) & 0170000) == 0040000)
#define IS_FILE(m)	(((m) & 0170000) == 0100000)

enum	enc {
	ENC_UTF8,
	ENC_LATIN1,
	ENC_CP1252
};

/* What diff_tree() collects. */
enum	dmode {
	D_SCOPE,	/* changes to followed paths, in scope */
	D_ALL,		/* changes to any .md path in the site directory */
	D_SOURCES	/* deletions of .md files anywhere */
};

/* A document: its public history, and its state during the walk. */
struct	hdoc {
	struct doc_history	 h;	/* first: history_get() returns &h */
	char			*relpath; /* relative to the site directory */
	size_t			 cap;	/* allocated entries of h.v */
	struct version		 minor;	/* the oldest minor version seen */
	int			 hasminor; /* "minor" is set */
	struct hdoc		*tnext;	/* next document on the same track */
};

/* A repository path followed by documents during the walk. */
struct	track {
	char		*path;		/* repository-relative */
	const char	*rel;		/* relative to the site directory
					   (interned) */
	struct hdoc	*docs;		/* followers, linked through tnext */
	int		 outside;	/* path is outside the site directory */
};

/* One raw tree kept for reuse. */
struct	tslot {
	git_oid		 id;		/* the tree's id */
	git_odb_object	*obj;		/* its raw object; NULL: slot empty */
};

/* Raw trees by id (open addressing). */
struct	tcache {
	struct tslot	*v;		/* the slots */
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;		/* slots in use */
};

/* A change to one .md path between a commit and its parent. */
struct	change {
	size_t		 path;		/* offset of the path in walk.paths */
	git_oid		 old;		/* blob in the parent, if hasold */
	git_oid		 new;		/* blob in the commit, if hasnew */
	int		 hasold;	/* the parent has the file */
	int		 hasnew;	/* the commit has the file */
	int		 done;		/* its rename source is found */
};

/* The commit being walked, read when it first gives a version. */
struct	cinfo {
	int		 loaded;	/* the fields below are set */
	int		 minor;		/* not a version of anything */
	char		 hex[GIT_OID_HEXSZ + 1];	/* the commit id */
	long long	 when;		/* committer time */
	const char	*author;	/* interned */
	const char	*subject;	/* interned */
	const char	*note;		/* interned; "" when bare */
	unsigned long	 request;	/* its pull or merge request, or 0 */
	int		 bare;		/* a merge message with no words for
					   readers (commitmsg.h) */
	int		 nparents;	/* 2 or more: a merge */
	git_oid		 p1, p2;	/* first and second parents, if any */
};

/* A commit a merge brought in, read when the merge gives a version. */
struct	side {
	git_tree	*tree;		/* its tree */
	git_tree	*ptree;		/* its parent's, or NULL */
	const char	*author;	/* interned */
	const char	*note;		/* interned; NULL if it has none */
};

/* Everything the walk needs; lives only during history_load(). */
struct	walk {
	struct diag	*d;		/* where warnings go */
	struct history	*h;		/* being built */
	git_repository	*repo;
	git_odb		*odb;		/* repo's object database */
	git_mailmap	*mm;		/* NULL if none */
	char		*site;		/* site directory: "" or "a/b/" */
	size_t		 sitelen;
	struct strmap	 tracks;	/* path -> struct track */
	struct track	**trackv;	/* every track, to free them */
	size_t		 ntrack;	/* entries in trackv */
	size_t		 trackcap;	/* allocated entries of trackv */
	struct strmap	 outdirs;	/* "dir/" -> size_t *: active outside
					   tracks below it */
	size_t		 noutside;	/* active tracks outside the site */
	struct strmap	 intern;	/* string -> its copy in h->strv */
	struct strmap	 ignore;	/* hex ids of minor commits */
	struct strmap	 boundary;	/* hex ids of shallow boundaries */
	struct tcache	 tc[2];		/* trees read for this commit and
					   the previous one */
	int		 tcur;		/* index of this commit's cache */
	struct change	*chg;		/* this commit's changes */
	size_t		 nchg;		/* entries in chg */
	size_t		 chgcap;	/* allocated entries of chg */
	struct buf	 paths;		/* NUL-terminated paths of chg */
	struct buf	 pbuf;		/* directory being compared, "a/b/" */
	struct buf	 tmp;		/* scratch */
	struct buf	 tmp2;		/* scratch */
	struct cinfo	 ci;		/* the commit being compared */
	struct side	*side;		/* a merge's merged commits, oldest
					   first */
	size_t		 nside;		/* entries in side */
	int		 sideloaded;	/* side is read for this commit */
	struct commitmsg cm;		/* scratch */
	struct buf	 err;		/* why the walk stopped */
};

static void	 walk_free(struct walk *);

struct	history {
	int		 available;	/* history was loaded */
	int		 shallow;	/* from a shallow clone */
	char		*workdir;	/* for readers; NULL if unavailable */
	struct strmap	 docs;		/* relpath -> struct hdoc */
	struct hdoc	**docv;		/* sorted by relpath after loading */
	const char	**pathv;	/* docv[i]->relpath */
	size_t		 ndocs;		/* entries in docv and pathv */
	size_t		 doccap;	/* allocated entries of docv */
	char		**strv;		/* interned strings, owned */
	size_t		 nstr;		/* entries in strv */
	size_t		 strcap;	/* allocated entries of strv */
};

struct	history_reader {
	git_repository	*repo;		/* this reader's own */
	struct buf	 err;		/* why the last read failed */
};

/*
 * windows-1252 0x80..0x9f; the rest is ISO-8859-1.  Unassigned bytes
 * become U+FFFD.
 */
static const unsigned short cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178
};

/* Errors. */

/* Call right after a libgit2 call returned rc < 0: keeps its message. */
static int
git_fail(struct walk *w, int rc)
{
	const git_error	*e = git_error_last();

	buf_reset(&w->err);
	buf_puts(&w->err, e != NULL && e->message != NULL ?
	    e->message : "unknown libgit2 error");
	if (rc == GIT_EOWNER)
		buf_puts(&w->err, " (see git config safe.directory)");
	return -1;
}

static int
walk_fail(struct walk *w, const char *msg, const git_oid *id)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	buf_reset(&w->err);
	buf_puts(&w->err, msg);
	if (id != NULL && git_oid_tostr(hex, sizeof(hex), id) != NULL)
		buf_printf(&w->err, " %s", hex);
	return -1;
}

/* Text: locale-free ASCII tests, decoding, cleaning. */

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Whether s[0..n) begins with the lowercase word "w", in any case. */
static int
has_word(const char *s, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* The encoding a commit's "encoding" header names; UTF-8 if unknown. */
static enum enc
enc_parse(const char *name)
{
	static const char *const latin1[] = {
		"iso88591", "iso88591:1987", "latin1", "l1", "isoir100",
		"cp819", "ibm819", "csisolatin1"
	};
	static const char *const win[] = {
		"windows1252", "cp1252", "xcp1252"
	};
	char	 k[32];
	size_t	 i, n = 0;

	if (name == NULL)
		return ENC_UTF8;
	for (i = 0; name[i] != '\0' && n < sizeof(k) - 1; i++)
		if (name[i] != '-' && name[i] != '_' && name[i] != ' ')
			k[n++] = (char)lower((unsigned char)name[i]);
	k[n] = '\0';
	for (i = 0; i < NELEM(latin1); i++)
		if (strcmp(k, latin1[i]) == 0)
			return ENC_LATIN1;
	for (i = 0; i < NELEM(win); i++)
		if (strcmp(k, win[i]) == 0)
			return ENC_CP1252;
	return ENC_UTF8;
}

/* Append code point cp as UTF-8; white space becomes ' ', controls go. */
static void
put_cp(struct buf *b, uint32_t cp)
{
	char	 u8[UTF8_MAX];

	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
	    cp == '\f')
		cp = ' ';
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return;
	buf_put(b, u8, utf8_encode(cp, u8));
}

/*
 * Replace b with s[0..len) decoded from "enc" as clean UTF-8: invalid
 * bytes become U+FFFD, white space a space, controls are dropped, and
 * leading and trailing spaces are trimmed.
 */
static void
clean_text(struct buf *b, const char *s, size_t len, enum enc enc)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	uint32_t		 cp;
	size_t			 n, start;

	buf_reset(b);
	while (p < end) {
		n = 1;
		if (*p < 0x80 || enc == ENC_LATIN1)
			cp = *p;
		else if (enc == ENC_CP1252)
			cp = *p < 0xa0 ? cp1252[*p - 0x80] : *p;
		else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			cp = 0xfffd;
			n = 1;
		}
		put_cp(b, cp);
		p += n;
	}
	for (start = 0; start < b->len && b->data[start] == ' '; start++)
		continue;
	n = b->len;
	while (n > start && b->data[n - 1] == ' ')
		n--;
	if (start > 0)
		memmove(b->data, b->data + start, n - start);
	buf_truncate(b, n - start);
}

/*
 * Append git's subject of "msg" to b: its first paragraph, each line's
 * trailing white space dropped, lines joined with one space.
 */
static void
subject_raw(struct buf *b, const char *msg)
{
	const char	*p = msg, *eol, *e;
	int		 first = 1;

	while (*p != '\0') {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (e = eol; e > p && is_blank((unsigned char)e[-1]); e--)
			continue;
		if (e == p && !first)
			break;
		if (e != p) {
			if (!first)
				buf_putc(b, ' ');
			buf_put(b, p, (size_t)(e - p));
			first = 0;
		}
		p = *eol != '\0' ? eol + 1 : eol;
	}
}

/* Whether s[0..n) is the trailer "Minor: yes", in any case. */
static int
is_minor_line(const char *s, size_t n)
{
	size_t	 i;

	if (!has_word(s, n, "minor"))
		return 0;
	for (i = 5; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	if (i == n || s[i] != ':')
		return 0;
	for (i++; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	if (!has_word(s + i, n - i, "yes"))
		return 0;
	for (i += 3; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	return i == n;
}

/*
 * Whether the last paragraph of "msg", when it is not the first (the
 * subject), has a line "Minor: yes".
 */
static int
minor_trailer(const char *msg)
{
	const char	*p, *eol, *last = NULL;
	int		 npara = 0, inpara = 0;
	size_t		 n;

	for (p = msg; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (n = (size_t)(eol - p); n > 0 &&
		    is_blank((unsigned char)p[n - 1]); n--)
			continue;
		if (n == 0)
			inpara = 0;
		else if (!inpara) {
			inpara = 1;
			npara++;
			last = p;
		}
	}
	if (npara < 2)
		return 0;
	for (p = last; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (n = (size_t)(eol - p); n > 0 &&
		    is_blank((unsigned char)p[n - 1]); n--)
			continue;
		if (n == 0)
			break;
		if (is_minor_line(p, n))
			return 1;
	}
	return 0;
}

/* Whether "name" (of length n) names a Markdown file. */
static int
is_md(const char *name, size_t n)
{
	return n > 3 && memcmp(name + n - 3, ".md", 3) == 0 &&
	    name[n - 4] != '/';
}

/* The history's copy of s, one per distinct string. */
static const char *
intern(struct walk *w, const char *s)
{
	struct history	*h = w->h;
	char		*p;

	if ((p = strmap_get(&w->intern, s)) != NULL)
		return p;
	p = xstrdup(s);
	(void)strmap_put(&w->intern, s, p);
	if (h->nstr == h->strcap) {
		h->strcap = h->strcap != 0 ? h->strcap * 2 : 256;
		h->strv = xreallocarray(h->strv, h->strcap, sizeof(*h->strv));
	}
	h->strv[h->nstr++] = p;
	return p;
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

static void
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
static void
tc_rotate(struct walk *w)
{
	w->tcur = !w->tcur;
	tc_clear(&w->tc[w->tcur]);
}

/* Raw tree "id" in *data, *len (borrowed until the next commit). */
static int
tree_read(struct walk *w, const git_oid *id, const unsigned char **data,
    size_t *len)
{
	git_odb_object	*o;
	int		 rc;

	if ((o = tc_get(&w->tc[w->tcur], id)) == NULL &&
	    (o = tc_get(&w->tc[!w->tcur], id)) == NULL) {
		if ((rc = git_odb_read(&o, w->odb, id)) < 0)
			return git_fail(w, rc);
		if (git_odb_object_type(o) != GIT_OBJECT_TREE) {
			git_odb_object_free(o);
			return walk_fail(w, "not a tree:", id);
		}
		tc_put(&w->tc[w->tcur], id, o);
	}
	*data = git_odb_object_data(o);
	*len = git_odb_object_size(o);
	return 0;
}

/* A raw tree entry. */
struct	tent {
	const char	*name;		/* not NUL-terminated */
	size_t		 namelen;
	unsigned int	 mode;
	git_oid		 id;
};

/*
 * Parse the entry at *p (before end): 1 with *e set and *p advanced past
 * it, 0 at the end, -1 if the tree is malformed.
 */
static int
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
static int
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
		if ((cnt = strmap_get(&w->outdirs, w->tmp.data)) == NULL) {
			cnt = xcalloc(1, sizeof(*cnt));
			(void)strmap_put(&w->outdirs, w->tmp.data, cnt);
		}
		if (on)
			(*cnt)++;
		else
			(*cnt)--;
	}
	if (on)
		w->noutside++;
	else
		w->noutside--;
}

/* The track of repository path "path", made if new. */
static struct track *
track_get(struct walk *w, const char *path)
{
	struct track	*t;
	size_t		 i, common = 0;

	if ((t = strmap_get(&w->tracks, path)) != NULL)
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
	t->rel = intern(w, w->tmp2.data);
	(void)strmap_put(&w->tracks, path, t);
	if (w->ntrack == w->trackcap) {
		w->trackcap = w->trackcap != 0 ? w->trackcap * 2 : 256;
		w->trackv = xreallocarray(w->trackv, w->trackcap,
		    sizeof(*w->trackv));
	}
	w->trackv[w->ntrack++] = t;
	return t;
}

/* Older commits: the documents following "from" follow "to" instead. */
static void
retrack(struct walk *w, const char *from, const char *to)
{
	struct track	*a, *b;
	struct hdoc	*last;
	int		 was_active;

	if ((a = strmap_get(&w->tracks, from)) == NULL || a->docs == NULL)
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

static struct hdoc *
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

static void
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
 * Every .md file below tree "id", whose path is in w->pbuf, becomes a
 * document following its own path.
 */
static int
list_docs(struct walk *w, const git_oid *id)
{
	const unsigned char	*p, *end;
	struct tent		 e;
	struct track		*t;
	struct hdoc		*doc;
	size_t			 len, base = w->pbuf.len;
	int			 rc;

	if (tree_read(w, id, &p, &len) == -1)
		return -1;
	end = p + len;
	while ((rc = tent_next(&p, end, &e)) == 1) {
		if (!IS_TREE(e.mode) &&
		    !(IS_FILE(e.mode) && is_md(e.name, e.namelen)))
			continue;
		buf_put(&w->pbuf, e.name, e.namelen);
		if (IS_TREE(e.mode)) {
			buf_putc(&w->pbuf, '/');
			rc = list_docs(w, &e.id);
		} else {
			doc = doc_add(w->h, w->pbuf.data + w->sitelen);
			t = track_get(w, w->pbuf.data);
			doc->tnext = t->docs;
			t->docs = doc;
		}
		buf_truncate(&w->pbuf, base);
		if (rc == -1)
			return -1;
	}
	if (rc == -1)
		return walk_fail(w, "malformed tree", id);
	return 0;
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
	return w->noutside > 0 &&
	    (cnt = strmap_get(&w->outdirs, dir)) != NULL && *cnt > 0;
}

static void
add_change(struct walk *w, const struct tent *o, const struct tent *n)
{
	struct change	*c;

	if (w->nchg == w->chgcap) {
		w->chgcap = w->chgcap != 0 ? w->chgcap * 2 : 64;
		w->chg = xreallocarray(w->chg, w->chgcap, sizeof(*w->chg));
	}
	c = &w->chg[w->nchg++];
	memset(c, 0, sizeof(*c));
	c->path = w->paths.len;
	buf_put(&w->paths, w->pbuf.data, w->pbuf.len);
	buf_putc(&w->paths, '\0');
	if ((c->hasold = o != NULL))
		c->old = o->id;
	if ((c->hasnew = n != NULL))
		c->new = n->id;
}

static int	 diff_tree(struct walk *, const git_oid *, const git_oid *,
		    enum dmode);

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
	size_t			 base = w->pbuf.len;
	int			 rc = 0;

	if (IS_TREE(e->mode)) {
		if (mode == D_SOURCES && o == NULL)
			return 0;	/* a new tree deletes nothing */
		buf_put(&w->pbuf, e->name, e->namelen);
		buf_putc(&w->pbuf, '/');
		if (mode == D_SOURCES || in_scope(w, w->pbuf.data, w->pbuf.len))
			rc = diff_tree(w, o != NULL ? &o->id : NULL,
			    n != NULL ? &n->id : NULL, mode);
		buf_truncate(&w->pbuf, base);
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
	buf_put(&w->pbuf, e->name, e->namelen);
	if (mode == D_SOURCES) {
		if (n == NULL)
			add_change(w, o, n);
	} else if (mode == D_ALL ||
	    ((t = strmap_get(&w->tracks, w->pbuf.data)) != NULL &&
	    t->docs != NULL))
		add_change(w, o, n);
	buf_truncate(&w->pbuf, base);
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
 * for none, whose directory is w->pbuf, and collect into w->chg what
 * "mode" asks for.  Sub-trees with equal ids are never read.
 */
static int
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

/* Versions. */

/* The author's name of commit c (after .mailmap), interned. */
static const char *
author_name(struct walk *w, const git_commit *c, enum enc enc)
{
	const git_signature	*sig;
	const char		*name, *email, *rname, *remail;

	sig = git_commit_author(c);
	name = sig != NULL && sig->name != NULL ? sig->name : "";
	email = sig != NULL && sig->email != NULL ? sig->email : "";
	clean_text(&w->tmp, name, strlen(name), enc);
	if (w->mm != NULL && git_mailmap_resolve(&rname, &remail, w->mm,
	    w->tmp.data, email) == 0 && rname != NULL) {
		clean_text(&w->tmp2, rname, strlen(rname), ENC_UTF8);
		return intern(w, w->tmp2.data);
	}
	return intern(w, w->tmp.data);
}

/*
 * Read what versions need from commit "id", once per commit: only
 * commits that give a version are looked up in full.
 */
static int
commit_info(struct walk *w, const git_oid *id)
{
	git_commit		*c = NULL;
	const char		*msg;
	enum enc		 enc;
	int			 rc;

	if (w->ci.loaded)
		return 0;
	if ((rc = git_oid_fmt(w->ci.hex, id)) < 0 ||
	    (rc = git_commit_lookup(&c, w->repo, id)) < 0)
		return git_fail(w, rc);
	w->ci.hex[GIT_OID_HEXSZ] = '\0';
	w->ci.when = (long long)git_commit_time(c);
	enc = enc_parse(git_commit_message_encoding(c));
	if ((msg = git_commit_message(c)) == NULL)
		msg = "";
	w->ci.minor = minor_trailer(msg) ||
	    strmap_get(&w->ignore, w->ci.hex) != NULL;

	buf_reset(&w->tmp);
	subject_raw(&w->tmp, msg);
	clean_text(&w->tmp2, w->tmp.data, w->tmp.len, enc);
	w->ci.subject = intern(w, w->tmp2.data);

	w->ci.nparents = (int)git_commit_parentcount(c);
	if (w->ci.nparents > 0)
		git_oid_cpy(&w->ci.p1, git_commit_parent_id(c, 0));
	if (w->ci.nparents > 1)
		git_oid_cpy(&w->ci.p2, git_commit_parent_id(c, 1));
	commitmsg_parse(msg, w->ci.nparents, &w->cm);
	clean_text(&w->tmp2, w->cm.note.data, w->cm.note.len, enc);
	w->ci.note = intern(w, w->tmp2.data);
	w->ci.request = w->cm.request;
	w->ci.bare = w->cm.bare;
	w->ci.author = author_name(w, c, enc);
	w->ci.loaded = 1;
	git_commit_free(c);
	return 0;
}

/* Forget the merged commits read for the previous commit. */
static void
side_clear(struct walk *w)
{
	size_t	 i;

	for (i = 0; i < w->nside; i++) {
		git_tree_free(w->side[i].tree);
		git_tree_free(w->side[i].ptree);
	}
	free(w->side);
	w->side = NULL;
	w->nside = 0;
	w->sideloaded = 0;
}

/* Read commit "id" of a merged branch into w->side; 0 or -1. */
static int
side_add(struct walk *w, const git_oid *id, size_t *cap)
{
	git_commit	*c = NULL, *p = NULL;
	struct side	*sd;
	const char	*msg;
	enum enc	 enc;

	if (git_commit_lookup(&c, w->repo, id) < 0)
		return -1;
	if (git_commit_parentcount(c) > 1) {
		git_commit_free(c);	/* a merge within the branch */
		return 0;
	}
	if (w->nside == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 8;
		w->side = xreallocarray(w->side, *cap, sizeof(*w->side));
	}
	sd = &w->side[w->nside];
	memset(sd, 0, sizeof(*sd));
	if (git_commit_tree(&sd->tree, c) < 0 ||
	    (git_commit_parentcount(c) == 1 &&
	    (git_commit_parent(&p, c, 0) < 0 ||
	    git_commit_tree(&sd->ptree, p) < 0))) {
		git_tree_free(sd->tree);
		git_commit_free(p);
		git_commit_free(c);
		return -1;
	}
	enc = enc_parse(git_commit_message_encoding(c));
	if ((msg = git_commit_message(c)) == NULL)
		msg = "";
	commitmsg_parse(msg, 1, &w->cm);
	clean_text(&w->tmp2, w->cm.note.data, w->cm.note.len, enc);
	/* A minor commit's subject is no note (it still has an author). */
	sd->note = w->tmp2.len > 0 && !w->cm.bare && !minor_trailer(msg) ?
	    intern(w, w->tmp2.data) : NULL;
	sd->author = author_name(w, c, enc);
	w->nside++;
	git_commit_free(p);
	git_commit_free(c);
	return 0;
}

/*
 * The commits merge w->ci brought in (reachable from its second parent,
 * not from its first), oldest first, once per merge.  A failure (say, a
 * shallow clone without them) leaves the list empty: the merge then
 * speaks for itself.
 */
static void
side_load(struct walk *w)
{
	git_revwalk	*rw = NULL;
	git_oid		 id;
	size_t		 cap = 0;

	if (w->sideloaded)
		return;
	w->sideloaded = 1;
	if (git_revwalk_new(&rw, w->repo) < 0 ||
	    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(rw, &w->ci.p2) < 0 ||
	    git_revwalk_hide(rw, &w->ci.p1) < 0)
		goto fail;
	while (git_revwalk_next(&id, rw) == 0)
		if (side_add(w, &id, &cap) == -1)
			goto fail;
	git_revwalk_free(rw);
	return;
fail:
	git_revwalk_free(rw);
	side_clear(w);
	w->sideloaded = 1;
	git_error_clear();
}

/* Whether side commit sd changed the file at "path". */
static int
side_changed(const struct side *sd, const char *path)
{
	git_tree_entry	*a = NULL, *b = NULL;
	int		 changed;

	(void)git_tree_entry_bypath(&a, sd->tree, path);
	if (sd->ptree != NULL)
		(void)git_tree_entry_bypath(&b, sd->ptree, path);
	if (a == NULL || b == NULL)
		changed = a != b;
	else
		changed = !git_oid_equal(git_tree_entry_id(a),
		    git_tree_entry_id(b));
	git_tree_entry_free(a);
	git_tree_entry_free(b);
	git_error_clear();
	return changed;
}

/* Add "s" to the n strings of v unless there; returns their number. */
static size_t
list_add(const char **v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == s)	/* interned: one copy per string */
			return n;
	v[n] = s;
	return n + 1;
}

/* v joined: "A", "A and B", "A, B and C" when "and" is set, else "A; B". */
static void
list_join(struct buf *b, const char **v, size_t n, int and)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, !and ? "; " : i + 1 == n ? " and " : ", ");
		buf_puts(b, v[i]);
	}
}

/*
 * The authors and, for a bare merge, the note of merge w->ci as a
 * version of the file at repository path "path": from the merged
 * commits that changed it.  Either is NULL when none did.
 */
static void
merge_record(struct walk *w, const char *path, const char **authors,
    const char **note)
{
	const char	**na, **nn;
	size_t		 i, ka = 0, kn = 0;

	*authors = *note = NULL;
	side_load(w);
	if (w->nside == 0)
		return;
	na = xcalloc(w->nside, sizeof(*na));
	nn = xcalloc(w->nside, sizeof(*nn));
	for (i = 0; i < w->nside; i++) {
		if (!side_changed(&w->side[i], path))
			continue;
		ka = list_add(na, ka, w->side[i].author);
		if (w->side[i].note != NULL)
			kn = list_add(nn, kn, w->side[i].note);
	}
	if (ka > 0) {
		list_join(&w->tmp2, na, ka, 1);
		*authors = intern(w, w->tmp2.data);
	}
	if (kn > 0) {
		list_join(&w->tmp2, nn, kn, 0);
		*note = intern(w, w->tmp2.data);
	}
	free(na);
	free(nn);
}

/* Record that commit "id" made "blob" doc's text, at track t's path. */
static int
add_version(struct walk *w, struct hdoc *doc, const git_oid *id,
    const struct track *t, const git_oid *blob)
{
	struct version	*v;
	const char	*authors, *note;
	int		 rc;

	if (commit_info(w, id) == -1)
		return -1;
	if (w->ci.minor) {
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
	memcpy(v->commit, w->ci.hex, sizeof(v->commit));
	if ((rc = git_oid_fmt(v->blob, blob)) < 0)
		return git_fail(w, rc);
	v->blob[GIT_OID_HEXSZ] = '\0';
	v->path = t->rel;
	v->when = w->ci.when;
	v->author = w->ci.author;
	v->subject = w->ci.subject;
	v->note = w->ci.bare ? NULL : w->ci.note;
	v->authors = w->ci.author;
	v->request = w->ci.request;
	if (w->ci.nparents > 1) {
		merge_record(w, t->path, &authors, &note);
		if (authors != NULL)
			v->authors = authors;
		if (v->note == NULL)
			v->note = note;
	}
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
 * Inexact renames of the added paths chg[0..nscope) not yet matched,
 * from the deleted files chg[src0..nchg), by libgit2's similarity.
 * libgit2 gives each deleted file to one new path only, where --follow
 * lets every new path find its best source: so repeat with the paths
 * still unmatched for as long as a round matches something.
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
	char			**spec;
	size_t			 i, j, n, nd, matched;
	int			 rc, ret = -1;

	spec = xcalloc(nscope + w->nchg - src0, sizeof(*spec));
	if ((rc = git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION)) < 0 ||
	    (rc = git_diff_find_options_init(&fo,
	    GIT_DIFF_FIND_OPTIONS_VERSION)) < 0 ||
	    (rc = git_tree_lookup(&ta, w->repo, told)) < 0 ||
	    (rc = git_tree_lookup(&tb, w->repo, tnew)) < 0) {
		(void)git_fail(w, rc);
		goto out;
	}
	/* Exact paths: a file name may hold glob characters. */
	o.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	o.pathspec.strings = spec;
	fo.flags = GIT_DIFF_FIND_RENAMES;
	do {
		for (i = n = 0; i < w->nchg; i++)
			if (i >= src0 || is_added(&w->chg[i]))
				spec[n++] = w->paths.data + w->chg[i].path;
		if (n == w->nchg - src0)
			break;		/* every new path is matched */
		o.pathspec.count = n;
		if ((rc = git_diff_tree_to_tree(&diff, w->repo, ta, tb,
		    &o)) < 0 || (rc = git_diff_find_similar(diff, &fo)) < 0) {
			(void)git_fail(w, rc);
			goto out;
		}
		nd = git_diff_num_deltas(diff);
		for (i = matched = 0; i < nd; i++) {
			if ((dd = git_diff_get_delta(diff, i)) == NULL ||
			    dd->status != GIT_DELTA_RENAMED ||
			    dd->old_file.path == NULL ||
			    dd->new_file.path == NULL)
				continue;
			for (j = 0; j < nscope; j++)
				if (is_added(&w->chg[j]) &&
				    strcmp(dd->new_file.path,
				    w->paths.data + w->chg[j].path) == 0) {
					retrack(w, dd->new_file.path,
					    dd->old_file.path);
					w->chg[j].done = 1;
					matched++;
					break;
				}
		}
		git_diff_free(diff);
		diff = NULL;
	} while (matched > 0);
	ret = 0;
out:
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
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

	buf_reset(&w->pbuf);
	src0 = nscope;
	if (!have_sources && diff_tree(w, told, tnew, D_SOURCES) == -1)
		return -1;
	if (w->nchg == src0)
		return 0;
	for (i = 0; i < nscope; i++) {
		a = &w->chg[i];
		if (!is_added(a))
			continue;
		pa = w->paths.data + a->path;
		best = SIZE_MAX;
		for (j = src0; j < w->nchg; j++) {
			if (!git_oid_equal(&a->new, &w->chg[j].old))
				continue;
			ps = w->paths.data + w->chg[j].path;
			if (best == SIZE_MAX || same_basename(pa, ps))
				best = j;
			if (same_basename(pa, ps))
				break;
		}
		if (best == SIZE_MAX) {
			nleft++;
			continue;
		}
		retrack(w, pa, w->paths.data + w->chg[best].path);
		a->done = 1;
	}
	if (nleft == 0)
		return 0;
	return similar_renames(w, told, tnew, nscope, src0);
}

/*
 * Collect into w->chg what "mode" asks for between tree "told" (the
 * first parent's; NULL for none) and tree "tnew": only the site
 * directory's subtree is compared, unless a followed path lies outside.
 */
static int
tree_changes(struct walk *w, const git_oid *tnew, const git_oid *told,
    enum dmode mode)
{
	git_oid		 snew, sold;
	int		 hnew, hold = 0;

	w->nchg = 0;
	buf_reset(&w->paths);
	buf_reset(&w->pbuf);
	if (told != NULL && git_oid_equal(tnew, told))
		return 0;
	if (w->noutside > 0)
		return diff_tree(w, told, tnew, mode);
	/* Only the site directory matters: skip it if unchanged. */
	if ((hnew = tree_find_dir(w, tnew, w->site, &snew)) == -1 ||
	    (told != NULL &&
	    (hold = tree_find_dir(w, told, w->site, &sold)) == -1))
		return -1;
	if (hnew == hold && (!hnew || git_oid_equal(&snew, &sold)))
		return 0;
	buf_puts(&w->pbuf, w->site);
	return diff_tree(w, hold ? &sold : NULL, hnew ? &snew : NULL, mode);
}

/*
 * One commit of the first-parent chain, and the changes to .md files in
 * the site directory that it made, found ahead of the walk (diff_ahead).
 */
struct	ccommit {
	git_oid		 id;
	git_oid		 tree;
	git_oid		 ptree;		/* its first parent's tree */
	int		 hasparent;	/* 0: a root or a shallow boundary */
	int		 ready;		/* chg, paths, err are set */
	struct change	*chg;		/* the changes, then (if nsrc > 0 or
					   sources) the .md files it deleted
					   anywhere */
	size_t		 nchg;		/* all of chg */
	size_t		 nscope;	/* the changes in the site directory */
	int		 sources;	/* chg[nscope..nchg) are the sources */
	char		*paths;		/* chg[i].path is an offset in it */
	size_t		 pathslen;	/* its size, NULs included */
	char		*err;		/* why it could not be compared */
	int		 info;		/* the fields below are set */
	int		 minor;		/* as struct cinfo */
	long long	 when;
	char		*author;
	char		*subject;
	char		*note;
	unsigned long	 request;
	int		 bare;
	int		 nparents;
	git_oid		 p1, p2;
};

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

	w->nchg = 0;
	buf_reset(&w->paths);
	buf_reset(&w->pbuf);
	for (i = 0; i < c->nchg; i++) {
		path = c->paths + c->chg[i].path;
		if (i < c->nscope && ((t = strmap_get(&w->tracks, path)) ==
		    NULL || t->docs == NULL))
			continue;
		if (w->nchg == w->chgcap) {
			w->chgcap = w->chgcap != 0 ? w->chgcap * 2 : 64;
			w->chg = xreallocarray(w->chg, w->chgcap,
			    sizeof(*w->chg));
		}
		if (i == c->nscope)
			nscope = w->nchg;
		w->chg[w->nchg] = c->chg[i];
		w->chg[w->nchg++].path = w->paths.len;
		buf_puts(&w->paths, path);
		buf_putc(&w->paths, '\0');
	}
	return c->nscope == c->nchg ? w->nchg : nscope;
}

/*
 * Compare commit c with its first parent: the followed paths it changed
 * get a version, and documents whose path it added may follow a rename
 * further back.  What was found ahead serves while every followed path
 * lies in the site directory.
 */
static int
walk_commit(struct walk *w, const struct ccommit *c)
{
	const git_oid	*told = c->hasparent ? &c->ptree : NULL;
	struct change	*ch;
	struct track	*t;
	struct hdoc	*doc;
	size_t		 i, nscope, nadded = 0;
	int		 sources = 0;

	w->ci.loaded = 0;
	side_clear(w);
	if (c->info && git_oid_fmt(w->ci.hex, &c->id) == 0) {
		w->ci.hex[GIT_OID_HEXSZ] = '\0';
		w->ci.when = c->when;
		w->ci.minor = c->minor;
		w->ci.author = intern(w, c->author);
		w->ci.subject = intern(w, c->subject);
		w->ci.note = intern(w, c->note);
		w->ci.request = c->request;
		w->ci.bare = c->bare;
		w->ci.nparents = c->nparents;
		w->ci.p1 = c->p1;
		w->ci.p2 = c->p2;
		w->ci.loaded = 1;
	}
	if (c->ready && w->noutside == 0) {
		if (c->err != NULL) {
			buf_reset(&w->err);
			buf_puts(&w->err, c->err);
			return -1;
		}
		nscope = take_changes(w, c);
		sources = c->sources;
	} else if (tree_changes(w, &c->tree, told, D_SCOPE) == -1)
		return -1;
	else
		nscope = w->nchg;
	for (i = 0; i < nscope; i++) {
		ch = &w->chg[i];
		if (!ch->hasnew)
			continue;	/* a deletion is not a version */
		if ((t = strmap_get(&w->tracks,
		    w->paths.data + ch->path)) == NULL)
			continue;
		for (doc = t->docs; doc != NULL; doc = doc->tnext)
			if (add_version(w, doc, &c->id, t, &ch->new) == -1)
				return -1;
		if (!ch->hasold)
			nadded++;
	}
	if (nadded > 0 && told != NULL)
		return find_renames(w, told, &c->tree, nscope, sources);
	return 0;
}

/* Whether commit "id" is a shallow clone's boundary (parents absent). */
static int
is_boundary(const struct walk *w, const git_oid *id)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	if (w->boundary.n == 0 || git_oid_tostr(hex, sizeof(hex), id) == NULL)
		return 0;
	return strmap_get(&w->boundary, hex) != NULL;
}

/*
 * The tree and first parent (*hasparent 0 if none) of commit "id", from
 * its raw object: cheaper than a full git_commit_lookup(), which only
 * commits that give a version need.
 */
static int
commit_read(struct walk *w, const git_oid *id, git_oid *tree,
    git_oid *parent, int *hasparent)
{
	git_odb_object	*o;
	const char	*p;
	size_t		 len;
	int		 rc, ret = -1;

	if ((rc = git_odb_read(&o, w->odb, id)) < 0)
		return git_fail(w, rc);
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

/* Find the changes of commit c, with the trees of w (a worker's). */
static void
diff_commit(struct walk *w, struct ccommit *c)
{
	const git_oid	*told = c->hasparent ? &c->ptree : NULL;
	size_t		 i;
	int		 added = 0;

	if (tree_changes(w, &c->tree, told, D_ALL) == -1)
		goto fail;
	c->nscope = w->nchg;
	for (i = 0; i < w->nchg; i++)
		if (w->chg[i].hasnew && !w->chg[i].hasold)
			added = 1;
	/* What find_renames() would look for: deletions anywhere. */
	if (added && told != NULL) {
		buf_reset(&w->pbuf);
		if (diff_tree(w, told, &c->tree, D_SOURCES) == -1)
			goto fail;
		c->sources = 1;
	}
	/* What a version needs of the commit, if it may give one. */
	w->ci.loaded = 0;
	if (c->nscope > 0 && commit_info(w, &c->id) == 0) {
		c->info = 1;
		c->minor = w->ci.minor;
		c->when = w->ci.when;
		c->author = xstrdup(w->ci.author);
		c->subject = xstrdup(w->ci.subject);
		c->note = xstrdup(w->ci.note);
		c->request = w->ci.request;
		c->bare = w->ci.bare;
		c->nparents = w->ci.nparents;
		c->p1 = w->ci.p1;
		c->p2 = w->ci.p2;
	}
	c->nchg = w->nchg;
	c->chg = xcalloc(w->nchg + 1, sizeof(*c->chg));
	if (w->nchg > 0)
		memcpy(c->chg, w->chg, w->nchg * sizeof(*w->chg));
	c->pathslen = w->paths.len;
	c->paths = xmalloc(w->paths.len + 1);
	if (w->paths.len > 0)
		memcpy(c->paths, w->paths.data, w->paths.len);
	c->paths[w->paths.len] = '\0';
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
	int		 sources, info, minor, bare, nparents;
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
	struct crec	 r;

	if (w == NULL && !a->failed) {
		/* The parent's settings (this is a copy of its memory). */
		w = a->w = xcalloc(1, sizeof(*w));
		w->site = a->parent->site;
		w->sitelen = a->parent->sitelen;
		w->mm = a->parent->mm;
		w->ignore = a->parent->ignore;
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
	struct ccommit	*c = &a->v[i];
	struct crec	 r;

	if (len < sizeof(r))
		return;
	memcpy(&r, b, sizeof(r));
	if (r.nscope > r.nchg || r.nchg > len / sizeof(*c->chg) ||
	    r.pathslen > len || r.errlen > len || r.authorlen > len ||
	    r.subjectlen > len || r.notelen > len ||
	    sizeof(r) + r.nchg * sizeof(*c->chg) + r.pathslen + r.errlen +
	    r.authorlen + r.subjectlen + r.notelen != len)
		return;
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
		c->nparents = r.nparents;
		c->p1 = r.p1;
		c->p2 = r.p2;
	}
	c->ready = 1;
}

/*
 * Compare every commit of the chain with its parent in up to "jobs"
 * worker processes (0: one per core), each taking a run of consecutive
 * commits.  A commit no worker reported on is compared by the walk.
 */
static void
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

static void
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

/*
 * The documents are HEAD's .md files in the site directory; follow
 * HEAD's first-parent chain to the root, once: read the chain, find
 * each commit's changes (in parallel), then walk it newest first.
 */
static int
walk_all(struct walk *w, const git_oid *head, int jobs)
{
	struct ccommit	*v, *c;
	git_oid		 site, pid;
	size_t		 n = 0, cap = 64, i;
	int		 has, ret = -1;

	v = xcalloc(cap, sizeof(*v));
	v[0].id = *head;
	for (;;) {
		c = &v[n];
		if (commit_read(w, &c->id, &c->tree, &pid, &c->hasparent) == -1)
			goto out;
		if (c->hasparent && is_boundary(w, &c->id))
			c->hasparent = 0;
		if (n++ == 0) {
			/* The documents, before reading further. */
			if ((has = tree_find_dir(w, &c->tree, w->site,
			    &site)) == -1)
				goto out;
			buf_reset(&w->pbuf);
			buf_puts(&w->pbuf, w->site);
			if (has && list_docs(w, &site) == -1)
				goto out;
			if (w->h->ndocs == 0) {
				ret = 0;
				goto out;
			}
		}
		if (!c->hasparent)
			break;
		if (n == cap) {
			v = xreallocarray(v, cap * 2, sizeof(*v));
			memset(v + cap, 0, cap * sizeof(*v));
			cap *= 2;
		}
		v[n].id = pid;
	}
	for (i = 0; i + 1 < n; i++)
		if (v[i].hasparent)
			v[i].ptree = v[i + 1].tree;
	diff_chain(w, v, n, jobs);
	for (i = 0; i < n; i++) {
		if (walk_commit(w, &v[i]) == -1)
			goto out;
		tc_rotate(w);
	}
	ret = 0;
out:
	chain_free(v, cap);
	return ret;
}

/* After the walk: oldest first, minor commits folded, sorted by path. */
static int
doc_cmp(const void *a, const void *b)
{
	const struct hdoc	*x = *(struct hdoc *const *)a;
	const struct hdoc	*y = *(struct hdoc *const *)b;

	return strcmp(x->relpath, y->relpath);
}

static void
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

/* Publications: drafts and reviews are not versions. */

/* What a version's text says of its publication (pubstate.h), in short. */
struct	vstate {
	git_oid		 text;		/* hash of its text */
	git_oid		 review;	/* hash of its review details */
	enum pub_status	 status;
	const char	*sup;		/* superseded_by, interned; or NULL */
};

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

/* Read the blob of version v into *out; 0 or -1. */
static int
version_state(struct walk *w, const struct version *v, struct pubstate *ps,
    struct vstate *out)
{
	git_odb_object	*o;
	git_oid		 id;
	int		 rc;

	if ((rc = git_oid_fromstr(&id, v->blob)) < 0 ||
	    (rc = git_odb_read(&o, w->odb, &id)) < 0)
		return git_fail(w, rc);
	pubstate_read(git_odb_object_data(o), git_odb_object_size(o), ps);
	git_odb_object_free(o);
	out->status = ps->status;
	out->sup = ps->superseded_by.len > 0 ?
	    intern(w, ps->superseded_by.data) : NULL;
	if ((rc = git_odb_hash(&out->text, ps->text.data, ps->text.len,
	    GIT_OBJECT_BLOB)) < 0 ||
	    (rc = git_odb_hash(&out->review, ps->review.data, ps->review.len,
	    GIT_OBJECT_BLOB)) < 0)
		return git_fail(w, rc);
	return 0;
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
		if (cur->status == PUB_DRAFT)
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

/*
 * Read every version's text once, newest first across all documents
 * (the order packs favour: reading document by document made libgit2
 * resolve the same delta chains again and again), then classify each
 * document's versions.
 */
static int
classify_docs(struct walk *w)
{
	struct history	 *h = w->h;
	struct pubstate	  ps = PUBSTATE_INIT;
	struct vstate	**st;
	struct vref	 *refs;
	size_t		  i, k, n = 0;
	int		  rc = 0;

	for (i = 0; i < h->ndocs; i++)
		n += h->docv[i]->h.n;
	refs = xcalloc(n + 1, sizeof(*refs));
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
	for (k = 0; k < n && rc == 0; k++)
		rc = version_state(w, &refs[k].doc->h.v[refs[k].i], &ps,
		    &st[refs[k].doc_index][refs[k].i]);
	for (i = 0; i < h->ndocs; i++) {
		if (rc == 0)
			classify_doc(h->docv[i], st[i]);
		free(st[i]);
	}
	free(st);
	free(refs);
	pubstate_free(&ps);
	return rc;
}

/* Set-up: ignore-revs, shallow boundaries, status. */

/*
 * Read the ignore-revs file into w->ignore.  Returns -1 (an error) only
 * if it cannot be read; a bad or unknown id is a warning.
 */
static int
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
		(void)strmap_put(&w->ignore, hex, w);	/* any non-NULL */
	}
	ret = 0;
out:
	buf_free(&b);
	return ret;
}

/* Read the shallow boundary commits (.git/shallow) into w->boundary. */
static int
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
			(void)strmap_put(&w->boundary, line, w);
	}
	ret = 0;
out:
	buf_free(&path);
	buf_free(&b);
	return ret;
}

/* Mark documents that differ from HEAD, add those not in it. */
static int
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
		(void)git_fail(w, rc);
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
		(void)git_fail(w, rc);
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
static int
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

static void
walk_free(struct walk *w)
{
	size_t	 i;

	for (i = 0; i < w->ntrack; i++) {
		free(w->trackv[i]->path);
		free(w->trackv[i]);
	}
	free(w->trackv);
	strmap_free(&w->tracks);
	for (i = 0; i < w->outdirs.cap; i++)
		free(w->outdirs.slots[i].val);
	strmap_free(&w->outdirs);
	strmap_free(&w->intern);	/* the copies belong to the history */
	strmap_free(&w->ignore);
	strmap_free(&w->boundary);
	for (i = 0; i < NELEM(w->tc); i++) {
		tc_clear(&w->tc[i]);
		free(w->tc[i].v);
	}
	free(w->chg);
	buf_free(&w->paths);
	buf_free(&w->pbuf);
	buf_free(&w->tmp);
	buf_free(&w->tmp2);
	buf_free(&w->err);
	side_clear(w);
	commitmsg_free(&w->cm);
	free(w->site);
	git_mailmap_free(w->mm);
	git_odb_free(w->odb);
	git_repository_free(w->repo);
}

/* The public interface. */

int
history_load(struct diag *d, const char *srcdir,
    const struct history_opts *opts, struct history **out)
{
	static const struct history_opts	 defaults;
	struct walk				 w;
	struct history				*h;
	git_oid					 head;
	int					 rc, ret = -1;

	if (opts == NULL)
		opts = &defaults;
	h = xcalloc(1, sizeof(*h));
	*out = h;
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.h = h;
	/*
	 * libgit2 re-hashes every object it reads unless told not to; git
	 * itself never does, and it is over half of the walk's time.  A
	 * process-wide option, hence history.h's "before other threads".
	 */
	if ((rc = git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION,
	    0)) < 0) {
		(void)git_fail(&w, rc);
		goto skip;
	}
	rc = git_repository_open_ext(&w.repo, srcdir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		diag_add(d, DIAG_WARNING, NULL, 0, 0,
		    "not in a git repository: built without version history");
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		(void)git_fail(&w, rc);
		goto skip;
	}
	if (site_dir(&w, srcdir) == -1)
		goto skip;
	if ((rc = git_repository_is_shallow(w.repo)) < 0) {
		(void)git_fail(&w, rc);
		goto skip;
	}
	if (rc == 1 && !opts->allow_shallow) {
		diag_add(d, DIAG_ERROR, NULL, 0, 0, "shallow clone: the "
		    "version history would be incomplete; fetch all of it "
		    "with 'git fetch --unshallow' (in CI, check out with "
		    "fetch-depth: 0)");
		goto out;
	}
	if (rc == 1) {
		diag_add(d, DIAG_WARNING, NULL, 0, 0, "shallow clone: "
		    "version history starts at the oldest commit fetched; "
		    "fetch all of it with 'git fetch --unshallow' (in CI, "
		    "check out with fetch-depth: 0)");
		h->shallow = 1;
		if (load_boundary(&w) == -1)
			goto skip;
	}
	if (opts->ignore_revs != NULL &&
	    load_ignore(&w, opts->ignore_revs) == -1)
		goto out;
	/* A missing or unreadable .mailmap just means no mapping. */
	if (git_mailmap_from_repository(&w.mm, w.repo) < 0)
		w.mm = NULL;
	if ((rc = git_repository_odb(&w.odb, w.repo)) < 0) {
		(void)git_fail(&w, rc);
		goto skip;
	}
	if ((rc = git_repository_head_unborn(w.repo)) < 0) {
		(void)git_fail(&w, rc);
		goto skip;
	}
	if (rc == 0) {
		if ((rc = git_reference_name_to_id(&head, w.repo,
		    "HEAD")) < 0) {
			(void)git_fail(&w, rc);
			goto skip;
		}
		if (walk_all(&w, &head, opts->jobs) == -1)
			goto skip;
	}
	if (load_status(&w) == -1)
		goto skip;
	finish_docs(h);
	if (classify_docs(&w) == -1)
		goto skip;
	h->workdir = xstrdup(git_repository_workdir(w.repo));
	h->available = 1;
	ret = 0;
	goto out;
skip:
	diag_add(d, DIAG_WARNING, NULL, 0, 0, "history skipped: %s",
	    w.err.len > 0 ? w.err.data : "unknown error");
	docs_free(h);
	ret = 0;
out:
	walk_free(&w);
	return ret;
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
		(void)git_fail(&w, rc);
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
	for (i = 0; i < h->nstr; i++)
		free(h->strv[i]);
	free(h->strv);
	free(h->workdir);
	free(h);
}

struct history_reader *
history_reader_open(const struct history *h)
{
	struct history_reader	*r;

	if (h == NULL || !h->available || h->workdir == NULL)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	buf_init(&r->err);
	if (git_repository_open_ext(&r->repo, h->workdir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		free(r);
		return NULL;
	}
	return r;
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
