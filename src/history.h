/*
 * history.h: every document's version history, from one walk over the
 * git history (libgit2), and reading past versions back.
 *
 * The walk.  history_load() opens the repository that contains the site
 * directory and follows HEAD's first-parent chain once, comparing each
 * commit with its first parent only.  Versions are therefore the
 * commits "git log --first-parent --follow -- PATH" lists: a merge is a
 * version of every document its branch changed (with the merge's date,
 * author and subject) and the branch's own commits are not, because
 * version N is meant to be a state the published branch really had,
 * dated when it was published.  On linear history this is exactly
 * "git log --follow -- PATH"; with merges, plain "git log --follow" would
 * also list the side branch's commits instead of the merge.  (libgit2
 * 1.5's revwalk cannot walk a shallow clone at all, and a first-parent
 * walk is a chain, so the chain is followed with git_commit_parent().)
 * Only the site directory's subtree is compared: a commit whose subtree
 * id equals its parent's is skipped at once, and otherwise only
 * sub-trees whose ids differ are read.  Only regular files whose names
 * end in ".md" count; symbolic links, and changes of the file mode
 * alone, are not versions.
 *
 * Deletions.  A commit that deletes a document's file is not a version
 * (there is no text to show).  If the path is added again later, its
 * history continues across the gap, as with "git log --follow -- PATH".
 *
 * Renames.  Walking newest first, each document follows one path.  When
 * a commit adds that path and deletes a ".md" file anywhere in the
 * repository with the same blob (preferring one with the same file
 * name), or failing that a similar one (libgit2's similarity metric, 50%
 * threshold), older commits are followed under the deleted file's path.
 * As with --follow, only the addition of the followed path starts a
 * search.  A document may thus come from outside the site directory
 * (say "docs/" renamed to "content/"); version.path then starts "../".
 * Where this differs from "git log --follow -- PATH": git also follows
 * copies (it searches every file of the parent, --find-copies-harder),
 * so a document started as a copy of another would inherit that one's
 * history; here it starts its own.  Git also follows files of any name
 * and uses its own similarity score, which can disagree with libgit2's
 * near the 50% threshold, or pick another source when several are
 * similar.  (One deleted file split into several new ones is followed
 * by each of them, as with --follow.)
 *
 * Minor commits.  A commit whose message ends in a paragraph (not the
 * subject) holding a line "Minor: yes" (key and value in any case), or
 * whose id is listed in the ignore-revs file, is walked (renames through
 * it are followed) but is not a version of anything: the next version's
 * comparison, made from the blobs of adjacent versions, covers its
 * change.  When a document's newest commits are minor, its latest
 * version is the newest non-minor one, whose text may differ a little
 * from the current file (pages show the current file).  When every
 * commit of a document is minor, its oldest commit is kept as version 1,
 * so a committed document always has at least one version.
 *
 * Publications.  After the walk each version's blob is read (newest
 * first across documents, the order packs favour) and its front matter
 * looked at (pubstate.h).  A version whose text says "status: draft" is
 * dropped: numbering starts at the first that does not, which is
 * VERSION_NEW.  A version whose text differs from the previous public
 * one only in review details (last_reviewed, review_date, owner) moves
 * to doc_history.reviews.  A version whose status became superseded or
 * withdrawn is VERSION_REPLACED (replaced_by from superseded_by) or
 * VERSION_WITHDRAWN; the others are VERSION_AMENDED.  Minor commits are
 * left out before this, as above.  The oracle of tests/history/run.sh
 * (git log --first-parent --follow) holds for documents without drafts
 * and reviews.
 *
 * Notes and authors.  A version's note is what commitmsg.h finds in its
 * message: a Change-note: trailer, a pull or merge request's title, or
 * the subject (less GitHub's squash suffix).  For a merge (two parents
 * or more) whose message has neither trailer nor title, the note is the
 * notes of the merged commits (reachable from the second parent, not
 * the first; merges among them skipped, minor ones giving no note but
 * an author) that changed the document's
 * path at the merge, joined with "; ", oldest first; failing those,
 * "Amended": never the merge's own subject.  A merge's authors are
 * those commits' authors, each once, in order of first appearance;
 * failing those, the merge's author.  Merged commits are read only for
 * merges that give a version, in the walk itself.
 *
 * Text.  Subjects are git's "%s" (the first paragraph of the message,
 * its lines joined with spaces).  Authors are names only, never e-mail
 * addresses, after the repository's .mailmap (as "git log" shows them).
 * Both are valid UTF-8: a commit whose encoding header names ISO-8859-1
 * (latin1) or windows-1252 is converted; otherwise invalid bytes become
 * U+FFFD.  Tabs and line breaks become spaces; other control characters
 * are removed.
 *
 * Working tree.  The status of the site directory (git status) marks
 * documents that differ from HEAD ("dirty") and files not in HEAD at
 * all ("untracked", with no versions).
 *
 * Threads.  history_load() runs once, on one thread, after
 * history_lib_init() (main does that) and before other threads use
 * libgit2: it turns off libgit2's process-wide re-hashing of every object
 * read (GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION), which git itself never
 * does and which took over half of the walk's time.  The result is then
 * read-only: any thread may call history_get().  Reading blobs needs one
 * history_reader per thread or worker process (one git_repository each,
 * as libgit2 requires).
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>

struct	buf;
struct	diag;
struct	history;
struct	history_reader;

/* What a version did to its document, as /amendments/ names it. */
enum	version_event {
	VERSION_NEW,		/* the first published version */
	VERSION_AMENDED,	/* a later one */
	VERSION_REPLACED,	/* it became superseded */
	VERSION_WITHDRAWN	/* it became withdrawn */
};

/*
 * One version of a document.  The strings are owned by the history and
 * shared between versions (one copy per distinct string); never free
 * them.
 */
struct	version {
	char		 commit[41];	/* hex commit id */
	char		 blob[41];	/* hex id of the file's blob then */
	const char	*path;		/* the file's path at this version,
					   relative to the site directory
					   ("../" when it was outside it) */
	long long	 when;		/* committer time, seconds since 1970 */
	const char	*author;	/* the commit's author's name, never
					   an e-mail (for a merge: who merged) */
	const char	*subject;	/* git's subject line, valid UTF-8; not
					   for readers (it may be "Merge ...") */
	const char	*note;		/* the change note readers see, valid
					   UTF-8, never NULL (see "Notes and
					   authors" above) */
	const char	*authors;	/* who wrote the change, as a list
					   ("A", "A and B", "A, B and C"),
					   never NULL */
	unsigned long	 request;	/* its pull or merge request's number
					   (GitHub #N, GitLab !N, Bitbucket
					   #N, a squash's "(#N)"), or 0 */
	enum version_event event;	/* what it did (see "Publications");
					   in reviews: VERSION_AMENDED */
	const char	*replaced_by;	/* VERSION_REPLACED: the id its
					   superseded_by named, else NULL */
};

/* The versions and working-tree state of one document. */
struct	doc_history {
	struct version	*v;		/* oldest first; minor ones, drafts
					   and reviews left out */
	size_t		 n;		/* number of versions; 0 if untracked
					   or never published (only drafts) */
	struct version	*reviews;	/* commits that changed only review
					   details, oldest first: not versions;
					   each as a version would be (its
					   commit, blob, date, authors) */
	size_t		 nreviews;	/* entries in reviews */
	int		 dirty;		/* differs from HEAD (index or file) */
	int		 untracked;	/* the file is not in HEAD at all */
};

/*
 * Where the walk keeps its results between builds (folio build wires it
 * to the page cache, cache.h): each commit's comparison with its parent
 * and text, kept by commit id (commits never change), and what each
 * version's blob says of its publication, kept by blob id.  One entry
 * holds the whole first-parent chain below a commit, so a build after
 * one new commit compares one pair of trees and reads one blob.  "get"
 * gives the bytes kept as "key" (replacing *out) and returns 0 only if
 * they verify; "put" keeps bytes, failures only costing a later miss.
 * A result is used only under a key of everything it was made from
 * (the site folder in the repository, the ignore-revs commits, the
 * .mailmap, the shallow boundary, the folio executable), so the history
 * is the one a walk without it gives, with the same diagnostics.
 */
struct	history_memo {
	void	*arg;
	int	(*get)(void *arg, const char *key, struct buf *out);
	void	(*put)(void *arg, const char *key, const char *data,
		    size_t len);
	/*
	 * The entries of the last few walks are kept, for builds of other
	 * branches and of earlier commits: "keep" says one is still
	 * wanted, though this build did not read it (may be NULL); "drop"
	 * removes one no longer wanted (may be NULL).
	 */
	void	(*keep)(void *arg, const char *key);
	void	(*drop)(void *arg, const char *key);
};

/* Options for history_load(); all-zero is the default. */
struct	history_opts {
	const char	*ignore_revs;	/* file of commit ids to treat as minor
					   (one per line, full or at least 7
					   hex digits, '#' comments, as
					   blame.ignoreRevsFile), or NULL */
	int		 allow_shallow;	/* a shallow clone is a warning, not an
					   error */
	int		 jobs;		/* worker processes comparing trees;
					   0: one per core */
	int		 skip_bad;	/* a bad commit is a warning and is
					   left out (see "Bad commits") */
	const struct history_memo *memo; /* results kept between builds,
					   or NULL */
	int		 keep_texts;	/* keep the texts of the versions the
					   walk reads, for history_read_blob()
					   (the pages of past versions) */
};

/*
 * Open the repository containing "srcdir" (searching upward) and walk
 * its history once; on return *out is a history the caller frees with
 * history_free(), even when it returns -1.
 *
 * No repository: returns 0, history_available() is 0, and one warning
 * "not in a git repository: built without version history" is recorded.
 * A repository without commits yet: available, every document untracked.
 * A shallow clone: an error (returns -1) saying how to fetch the whole
 * history, unless opts->allow_shallow, when it is a warning, the walk
 * stops at the shallow boundary and history_is_shallow() is 1.
 * Bad commits: a commit of the chain that cannot be read (missing or
 * corrupt object, unparseable header or date), whose tree cannot be
 * compared with its parent's, or a version whose blob cannot be read
 * or published (history_load() in docs/history.md): an error naming the
 * commit (and the document's path where known), and returns 0 with
 * the history available, less those commits.  With opts->skip_bad each
 * is a warning instead, and the commit is left out as a minor one
 * would be; an unreadable commit ends the chain (nothing older can be
 * reached).  An empty commit is no version, and no error.
 * A repository that cannot be read at all (opened, its HEAD or status
 * read): an error of the environment (diag_env) "cannot read the git
 * repository: <libgit2's message>", and returns 0 with
 * history_available() 0.
 * An unreadable ignore-revs file is an error (returns -1); bad lines in
 * it are warnings naming file and line.
 * Returns 0 or -1.
 */
int	 history_load(struct diag *, const char *srcdir,
	    const struct history_opts *, struct history **out);

/*
 * The history of the document at "relpath" (relative to the site
 * directory, '/'-separated, as in the working tree), or NULL if it has
 * none: not in HEAD and not untracked (e.g. ignored), or no history is
 * available.  Borrowed: valid until history_free().
 */
const struct doc_history *history_get(const struct history *,
	    const char *relpath);

/*
 * The paths (relative to the site directory) of every document that
 * history_get() knows, sorted bytewise; their number in *n.  Borrowed.
 */
const char *const *history_paths(const struct history *, size_t *n);

/*
 * Re-read the working-tree state (dirty and untracked documents) of a
 * history loaded from "srcdir", for a rebuild that keeps the walk
 * because HEAD has not moved (folio serve).  Same rules of threads as
 * history_load().  Returns 0, or -1 after recording a warning (the
 * state is then as before).
 */
int	 history_refresh(struct diag *, const char *srcdir, struct history *);

/* Whether version history was loaded (1) or not (0). */
int	 history_available(const struct history *);

/*
 * The site folder's path in the repository, "" (the top) or "a/b/", or
 * NULL if no history is available.  Borrowed.
 */
const char *history_site_folder(const struct history *);

/* Whether the repository is a shallow clone (history cut short). */
int	 history_is_shallow(const struct history *);

/* Free everything; NULL is allowed. */
void	 history_free(struct history *);

/*
 * A reader of git blobs for one thread: each opens its own repository.
 * Returns NULL if no history is available or the repository cannot be
 * opened.  Close it with history_reader_close() (NULL is allowed).
 */
struct history_reader *history_reader_open(const struct history *);

/*
 * Replace the contents of "out" with the blob whose hex id is "hex"
 * (a version's blob).  Returns 0, or -1 with "out" emptied and the
 * reason in history_reader_error().
 */
int	 history_read_blob(struct history_reader *, const char *hex,
	    struct buf *out);

/*
 * Whether a version's text data[0..len) may be published, held to the
 * working tree's limits: at most READFILE_MAX bytes, UTF-8 without NUL,
 * within the markup allowed for its size (markdown.h).  Returns 1, or 0
 * with the reason appended to "why" ("line L, column C ...").
 */
int	 history_text_ok(const char *data, size_t len, struct buf *why);

/* Why the last history_read_blob() failed ("" if it did not). */
const char *history_reader_error(const struct history_reader *);

void	 history_reader_close(struct history_reader *);

/*
 * The repository as a whole (histrepo.c), so that no other stage needs
 * libgit2 itself.
 */

/* Set libgit2 up, once, before any thread starts; 0, or -1. */
int	 history_lib_init(void);

/* Undo history_lib_init() once everything is freed. */
void	 history_lib_shutdown(void);

/*
 * Append to "out" the git folder of the repository containing "path"
 * (searching upward, not across file systems), ending in '/'.  Returns
 * 0, or -1 if there is none.
 */
int	 history_git_dir(const char *path, struct buf *out);

/*
 * What history_load() of "srcdir" with these options depends on, as a
 * string: the folder, HEAD, the options, the ignore-revs, shallow and
 * .mailmap files' identities.  The same string means the walk would
 * give the same history.  NULL when there is no repository; else the
 * caller frees it.
 */
char	*history_key(const char *srcdir, const struct history_opts *);

#endif /* !HISTORY_H */
