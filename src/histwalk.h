/*
 * histwalk.h: inside the history walk (history.h says what it gives).
 * Only the history modules include it: it is where libgit2 meets the
 * rest of folio's types.
 *
 * One walk, history_load() in history.c, is done in parts, one file
 * each: histwalk.c keeps libgit2's reasons for failing and interns the
 * strings the history owns; histtext.c reads a commit's text (date,
 * author, subject, change note); histdiff.c compares a commit's tree
 * with its parent's, ahead in worker processes on long chains;
 * histfollow.c follows documents through the changes found (tracks,
 * renames, versions); histclass.c classifies the versions, reading
 * their texts in worker processes on long histories; histrepo.c sets
 * the walk up (site directory, ignore-revs, shallow boundary,
 * working-tree status).  struct walk holds each part's state under its own heading;
 * it lives only during history_load().  The functions below return 0,
 * or -1 with the reason in walk.err, unless they say otherwise.
 */
#ifndef HISTWALK_H
#define HISTWALK_H


#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "commitmsg.h"
#include "history.h"
#include "pubstate.h"
#include "strmap.h"

struct	diag;

/*
 * Change notes (and subjects) longer than this many characters are cut
 * at a word boundary, with an ellipsis (note_cut()).
 */
#define NOTE_MAX	1000

/* The note of a merge that says nothing and merged nothing we can read. */
#define MERGE_NOTE	"Amended"

#define IS_TREE(m)	(((m) & 0170000) == 0040000)
#define IS_FILE(m)	(((m) & 0170000) == 0100000)

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
	int		 cut;		/* the note was cut to NOTE_MAX */
	int		 nparents;	/* 2 or more: a merge */
	git_oid		 p1, p2;	/* first and second parents, if any */
};

/* A commit a merge brought in, read when the merge gives a version. */
struct	side {
	char		**paths;	/* the .md paths it changed, sorted */
	size_t		 npaths;
	const char	*author;	/* interned */
	const char	*note;		/* interned; NULL if it has none */
	int		 minor;		/* it has a Minor: yes trailer */
};

/* Comparing trees (histdiff.c): the trees read, the changes found. */
struct	wtree {
	struct tcache	 tc[2];		/* trees read for this commit and
					   the previous one */
	int		 tcur;		/* index of this commit's cache */
	struct change	*chg;		/* this commit's changes */
	size_t		 nchg;		/* entries in chg */
	size_t		 chgcap;	/* allocated entries of chg */
	struct buf	 paths;		/* NUL-terminated paths of chg */
	struct buf	 pbuf;		/* directory being compared, "a/b/" */
	struct strmap	 boundary;	/* hex ids of shallow boundaries */
};

/* A commit's text (histtext.c). */
struct	wtext {
	git_mailmap	*mm;		/* NULL if none */
	struct strmap	 ignore;	/* hex ids of minor commits */
	struct cinfo	 ci;		/* the commit being compared */
	struct side	*side;		/* a merge's merged commits, oldest
					   first */
	size_t		 nside;		/* entries in side */
	int		 sideloaded;	/* side is read for this commit */
	struct commitmsg cm;		/* scratch */
};

/* Following documents (histfollow.c). */
struct	wfollow {
	struct strmap	 tracks;	/* path -> struct track */
	struct track	**trackv;	/* every track, to free them */
	size_t		 ntrack;	/* entries in trackv */
	size_t		 trackcap;	/* allocated entries of trackv */
	struct strmap	 outdirs;	/* "dir/" -> size_t *: active outside
					   tracks below it */
	size_t		 noutside;	/* active tracks outside the site */
};

/* What a version's text says of its publication (pubstate.h), in short. */
struct	vstate {
	git_oid		 text;		/* hash of its text */
	git_oid		 review;	/* hash of its review details */
	enum pub_status	 status;
	const char	*sup;		/* superseded_by, interned; or NULL */
	int		 bad;		/* not a version: too big, not text, or
					   dated outside 1970-9999 (reported) */
};

/* Results kept between builds (histmemo.c; history.h's history_memo). */
struct	wmemo {
	const struct history_memo *m;	/* NULL: nothing kept */
	char		 ctx[41];	/* what every result depends on */
	struct strmap	 states;	/* kept: blob hex -> packed vstate */
	struct buf	 kept;		/* the entry they came from */
	struct buf	 newstates;	/* this build's, packed */
	size_t		 nnew;		/* entries in newstates */
	size_t		 nfresh;	/* of those and of newrenames, read
					   from the repository */
	struct strmap	 renames;	/* kept: key -> packed rename pairs */
	struct buf	 newrenames;	/* this build's, packed */
	size_t		 nnewren;	/* entries in newrenames */
	int		 at_head;	/* the chain was kept at HEAD */
	char		 readkey[41];	/* the entry it came from, or "" */
	struct ccommit	*chain;		/* this build's chain, to keep */
	size_t		 nchain;
	size_t		 chaincap;	/* allocated entries of chain */
};

/*
 * Everything the walk needs; lives only during history_load().  What
 * every part uses comes first, then each part's own state (a worker
 * comparing trees has a walk of its own, with the parent's site,
 * mailmap and ignore-revs).
 */
struct	walk {
	struct diag	*d;		/* where warnings go */
	struct history	*h;		/* being built */
	git_repository	*repo;
	git_odb		*odb;		/* repo's object database */
	char		*site;		/* site directory: "" or "a/b/" */
	size_t		 sitelen;
	struct strmap	 intern;	/* string -> its copy in h->strv */
	struct buf	 tmp;		/* scratch */
	struct buf	 tmp2;		/* scratch */
	struct buf	 err;		/* why the walk stopped */
	int		 skip_bad;	/* bad commits: warnings, left out */
	size_t		 nbad;		/* bad commits reported: nothing of
					   this walk is kept (histmemo.c) */
	struct wtree	 tree;		/* comparing trees */
	struct wtext	 text;		/* commits' text */
	struct wfollow	 follow;	/* following documents */
	struct wmemo	 memo;		/* results kept between builds */
	int		 keep_texts;	/* history_opts.keep_texts */
};

/* Where a version's text kept by the walk lies in history.textfd. */
struct	textloc {
	long long	 off;
	size_t		 len;
};

struct	history {
	int		 available;	/* history was loaded */
	int		 shallow;	/* from a shallow clone */
	char		*workdir;	/* for readers; NULL if unavailable */
	char		*site;		/* the site folder in the repository:
					   "" or "a/b/"; NULL if unavailable */
	struct strmap	 docs;		/* relpath -> struct hdoc */
	struct hdoc	**docv;		/* sorted by relpath after loading */
	const char	**pathv;	/* docv[i]->relpath */
	size_t		 ndocs;		/* entries in docv and pathv */
	size_t		 doccap;	/* allocated entries of docv */
	int		 textfd;	/* the versions' texts read by the
					   walk (an unlinked file), or -1 */
	struct strmap	 texts;		/* blob hex -> struct textloc */
	char		**strv;		/* interned strings, owned */
	size_t		 nstr;		/* entries in strv */
	size_t		 strcap;	/* allocated entries of strv */
};

/* A raw tree entry. */
struct	tent {
	const char	*name;		/* not NUL-terminated */
	size_t		 namelen;
	unsigned int	 mode;
	git_oid		 id;
};

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
	int		 bad;		/* reported, left out of the walk */
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
	int		 cut;
	int		 nparents;
	git_oid		 p1, p2;
};

/* histwalk.c: errors and interning. */

/* Call right after a libgit2 call returned rc < 0: keeps its message. */
int	 walk_git_fail(struct walk *w, int rc);

/* Keep "msg" (and commit "id", if not NULL) as the reason; returns -1. */
int	 walk_fail(struct walk *w, const char *msg, const git_oid *id);

/* The history's copy of s, one per distinct string. */
const char *walk_intern(struct walk *w, const char *s);

/*
 * Report commit "hex" (the document at repository path "path", or
 * NULL) as bad because of "why": an error, or with w->skip_bad a
 * warning saying it is left out of the record.  "revs": listing it in
 * the ignore-revs file would do (its text is at fault, not its
 * objects).
 */
void	 walk_bad(struct walk *w, const char *hex, const char *path,
	    const char *why, int revs);

/* histtext.c: commit text. */

/* Locale-free ASCII tests: white space; a hex digit. */
int	 is_blank(int c);
int	 is_hex(int c);

/*
 * Read what versions need from commit "id", once per commit: only
 * commits that give a version are looked up in full.
 */
int	 commit_info(struct walk *w, const git_oid *id);

/*
 * Cut b (clean UTF-8, as commit text is) to at most NOTE_MAX characters,
 * the last an ellipsis, at the last space if there is one; 1 if it was
 * cut, else 0.
 */
int	 note_cut(struct buf *b);

/* Forget the merged commits read for the previous commit. */
void	 side_clear(struct walk *w);

/*
 * The authors and, for a bare merge, the note of merge w->text.ci as a
 * version of the file at repository path "path": from the merged
 * commits that changed it.  Either is NULL when none did.  *minor is set
 * when every one of them was minor: the merge then publishes nothing new.
 */
void	 merge_record(struct walk *w, const char *path, const char **authors,
	    const char **note, int *minor);

/* histdiff.c: comparing trees. */

/* Whether "name" (of length n) names a Markdown file. */
int	 is_md(const char *name, size_t n);

/* Empty the tree cache c (its slots stay allocated). */
void	 tc_clear(struct tcache *c);

/* A commit is done: drop the trees the one before it read. */
void	 tc_rotate(struct walk *w);

/* Raw tree "id" in *data, *len (borrowed until the next commit). */
int	 tree_read(struct walk *w, const git_oid *id,
	    const unsigned char **data, size_t *len);

/*
 * Parse the entry at *p (before end): 1 with *e set and *p advanced past
 * it, 0 at the end, -1 if the tree is malformed.
 */
int	 tent_next(const unsigned char **p, const unsigned char *end,
	    struct tent *e);

/*
 * The id of directory "dir" ("a/b/", or "" for the root) in tree "root":
 * 1 with *out set, 0 if there is no such directory, -1 on error.
 */
int	 tree_find_dir(struct walk *w, const git_oid *root, const char *dir,
	    git_oid *out);

/*
 * Compare trees "a" (the parent's) and "b" (the commit's), either NULL
 * for none, whose directory is w->tree.pbuf, and collect into w->tree.chg what
 * "mode" asks for.  Sub-trees with equal ids are never read.
 */
int	 diff_tree(struct walk *w, const git_oid *a, const git_oid *b,
	    enum dmode mode);

/*
 * Collect into w->tree.chg what "mode" asks for between tree "told" (the
 * first parent's; NULL for none) and tree "tnew": only the site
 * directory's subtree is compared, unless a followed path lies outside.
 */
int	 tree_changes(struct walk *w, const git_oid *tnew, const git_oid *told,
	    enum dmode mode);

/* Whether commit "id" is a shallow clone's boundary (parents absent). */
int	 is_boundary(const struct walk *w, const git_oid *id);

/*
 * The tree and first parent (*hasparent 0 if none) of commit "id", from
 * its raw object: cheaper than a full git_commit_lookup(), which only
 * commits that give a version need.
 */
int	 commit_read(struct walk *w, const git_oid *id, git_oid *tree,
	    git_oid *parent, int *hasparent);

/*
 * Compare every commit of the chain with its parent in up to "jobs"
 * worker processes (0: one per core), each taking a run of consecutive
 * commits.  A commit no worker reported on is compared by the walk.
 */
void	 diff_chain(struct walk *w, struct ccommit *v, size_t n, int jobs);

/* Free the chain's n commits and what was found about them. */
void	 chain_free(struct ccommit *v, size_t n);

/* Find the changes of commit c (not chain_free'd), with w's trees. */
void	 diff_commit(struct walk *w, struct ccommit *c);

/*
 * What was found about commit c, as bytes appended to "out", and back:
 * ccommit_unpack() sets c's changes and text from b[0..len) and returns
 * 0, or -1 (nothing set) if they do not hold together.
 */
void	 ccommit_pack(const struct ccommit *c, struct buf *out);
int	 ccommit_unpack(struct ccommit *c, const char *b, size_t len);

/* histmemo.c: results kept between builds. */

/* How many of the newest commits may start a kept chain. */
#define MEMO_LOOK	64

/* Turn keeping on, with "m" (may be NULL: off).  Never fails. */
void	 memo_begin(struct walk *w, const struct history_memo *m);

/*
 * The chain v[0..*n) was read down to commit v[*n - 1]: if the chain
 * below it is kept, put it in its place (growing *v, *cap) and set *n
 * to the whole chain's length: 1.  Else 0.
 */
int	 memo_take(struct walk *w, struct ccommit **v, size_t *n,
	    size_t *cap);

/*
 * After diff_chain(): compare here what no worker did, and keep the
 * chain (taken over: walk_all must not free it then; returns 1) if all
 * of it was compared.  Else 0.
 */
int	 memo_keep_chain(struct walk *w, struct ccommit *v, size_t n,
	    size_t cap);

/*
 * The state of version v's blob as kept: 1 with *out set.  Else 0.
 * memo_state_put() keeps a state read from the blob.
 */
int	 memo_state_get(struct walk *w, const struct version *v,
	    struct vstate *out);
void	 memo_state_put(struct walk *w, const struct version *v,
	    const struct vstate *st);

/*
 * The renames libgit2's similarity finds between trees told and tnew
 * for the paths paths[0..n) (added paths and rename sources) are kept
 * under the key memo_renames_key() makes: memo_renames_get() sets
 * "pairs" to them (new path, NUL, old path, NUL, ..., in the order
 * found) and returns 1, else 0; memo_renames_put() keeps them.
 */
void	 memo_renames_key(const struct walk *w, const git_oid *told,
	    const git_oid *tnew, char *const *paths, size_t n,
	    char key[41]);
int	 memo_renames_get(struct walk *w, const char *key,
	    struct buf *pairs);
void	 memo_renames_put(struct walk *w, const char *key,
	    const struct buf *pairs);

/* After a walk that succeeded: keep its chain, states and renames. */
void	 memo_save(struct walk *w);

void	 memo_free(struct walk *w);

/* histfollow.c: following documents. */

/* Add the document at "relpath" to h, with no versions yet. */
struct hdoc *doc_add(struct history *h, const char *relpath);

/* Free h's documents and their versions. */
void	 docs_free(struct history *h);

/*
 * The documents are HEAD's .md files in the site directory; follow
 * HEAD's first-parent chain to the root, once: read the chain, find
 * each commit's changes (in parallel), then walk it newest first.
 */
int	 walk_all(struct walk *w, const git_oid *head, int jobs);

/* qsort order of struct hdoc pointers: by relpath, bytewise. */
int	 doc_cmp(const void *a, const void *b);

/* After the walk: oldest first, minor commits folded, sorted by path. */
void	 finish_docs(struct history *h);

/* histclass.c: which versions were publications. */

/*
 * Read every version's text once, newest first across all documents
 * (the order packs favour: reading document by document made libgit2
 * resolve the same delta chains again and again), in up to "jobs"
 * worker processes (0: one per core), then classify each document's
 * versions.
 */
int	 classify_docs(struct walk *w, int jobs);

/* histrepo.c: the repository set-up. */

/*
 * Read the ignore-revs file into w->text.ignore.  Returns -1 (an error) only
 * if it cannot be read; a bad or unknown id is a warning.
 */
int	 load_ignore(struct walk *w, const char *path);

/* Read the shallow boundary commits (.git/shallow) into w->tree.boundary. */
int	 load_boundary(struct walk *w);

/* Mark documents that differ from HEAD, add those not in it. */
int	 load_status(struct walk *w);

/* The site directory relative to the work tree ("" or "a/b/") in w. */
int	 site_dir(struct walk *w, const char *srcdir);

#endif /* !HISTWALK_H */
