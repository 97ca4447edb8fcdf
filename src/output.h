/*
 * output.h: the write stage's file system side.  Nothing is ever written
 * inside the site directory, and a failed build leaves the previous site
 * untouched.  "folio build" writes in one of two ways:
 *
 *  - a new tree beside the output, swapped into place in one step
 *    (renameat2 RENAME_EXCHANGE): the first build, and any build that
 *    changes many files;
 *  - an update of the site the output holds (its marker lists every file
 *    with its size): a file whose bytes are unchanged, or a document whose
 *    pages were made from the same inputs (output_keep_group), is left as
 *    it is; changed files are staged beside the output, and only when the
 *    build has succeeded are they renamed into place, new pages first and
 *    removals last, after a journal that lets the next build finish a
 *    commit that was killed half way (journal.h).
 *
 * The preview server writes in place instead (output_begin_inplace):
 * each file is replaced by a rename, so a reader sees it whole, old or
 * new; a file whose bytes did not change is not written at all, and
 * files the build no longer makes are removed when it commits.
 */
#ifndef OUTPUT_H
#define OUTPUT_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "strmap.h"

struct	diag;

/* Every output directory holds this file, so folio never replaces a
 * directory it did not make. */
#define OUTPUT_MARKER	".folio-output"

/* What an output written in place holds, kept from build to build. */
struct	output_files {
	struct strmap	 map;	/* rel -> struct output_file */
	unsigned	 gen;	/* the build being written */
};

struct	output_file {
	uint64_t	 hash;	/* of its bytes (FNV-1a, with the length) */
	unsigned	 gen;	/* the last build that wrote or kept it */
};

struct	output {
	char			*outdir;	/* as given */
	char			*tmpdir;	/* the directory being filled;
						   NULL if none */
	struct output_files	*files;		/* in place: what it holds */
	struct buf		*log;		/* lines for the parent process:
						   files written in place (see
						   output_log_apply) and cached
						   pages (output_keyed) */
	char			*prevdir;	/* the site being replaced */
	struct strmap		 prev;		/* its files: rel ->
						   struct prev_file */
	char			**prevrels;	/* their names, sorted */
	size_t			 nprev;
	struct strmap		 groups;	/* its documents' pages: name
						   -> struct prev_group */
	int			 staged;	/* updating prevdir: tmpdir
						   holds the changed files */
	struct buf		 foreign;	/* updating: journal lines
						   "D rel" for what prevdir
						   holds that folio did not
						   write there */
	int			 foreign_odd;	/* one of those has a name
						   no journal line can hold */
	int			 lockfd;	/* holds tmpdir's lock (see
						   tmpdirs.h), or -1 */
	int			 outlockfd;	/* one build at a time writes
						   the output, or -1 */
	int			 prepared;	/* output_prepare() did */
	pid_t			 walkpid;	/* its worker, or 0 */
	int			 walkfd;	/* the worker's records, or
						   -1 */
};

/* A file of the site being replaced, as its marker lists it. */
struct	prev_file {
	size_t		 size;
	size_t		 found;		/* updating: 1 + its size now, or 0
					   if it is not a regular file */
	char		 key[41];	/* a cached page's key (cache.h),
					   or "" */
};

/* The files a document's pages became, as the marker lists them. */
struct	prev_group {
	char		 key[41];	/* what they were made from */
	size_t		 nfiles;
	size_t		 npages;	/* as the build counted them */
};

/*
 * Before the build loads the site, for output_begin() of the same
 * folder: take the output's lock, finish a commit a killed build left
 * half done, and start a worker process reading the site being replaced
 * while the build works.  Nothing is reported: 0, or -1 (nothing done,
 * output_begin() does it all).  output_abort() stops the worker.
 */
int	 output_prepare(struct output *, const char *outdir,
	    const char *srcdir);

/*
 * Check that "outdir" may be written (not inside or around "srcdir", not
 * a directory folio did not make) and create the temporary directory.
 * Returns 0, or -1 after recording a diagnostic.
 */
int	 output_begin(struct diag *, struct output *, const char *outdir,
	    const char *srcdir);

/*
 * Write into "outdir" itself, which "files" describes (zero it before
 * the first build; free it with output_files_free).  The same checks as
 * output_begin().  Returns 0, or -1 after recording a diagnostic.
 */
int	 output_begin_inplace(struct diag *, struct output *,
	    const char *outdir, const char *srcdir, struct output_files *);

/*
 * Write data[0..len) to "rel" (a relative path with no "..") below the
 * temporary directory, creating folders.  In place, a file whose bytes
 * are unchanged is left alone, and each file goes to o->log as
 * "<16 hex digits of its hash> <rel>\n" (a worker process sends its log
 * to the parent, which adds it to its own).  Returns 0 or -1.
 */
int	 output_write(struct diag *, const struct output *, const char *rel,
	    const char *data, size_t len);

/*
 * The page "rel" (size bytes) is the page cached as "key" (cache.h), or
 * a file known by a key of its own (the search index's, by its SHA-1;
 * such a key names no cache entry).  The site's marker file lists these
 * files, so that the next build can take them from it
 * (output_link_prev) instead of writing them again.
 */
void	 output_keyed(const struct output *, const char *key, size_t size,
	    const char *rel);

/*
 * If the site being replaced holds "rel" as the page cached as "key",
 * unchanged, link it into the new site: 0; else -1 (nothing done).
 */
int	 output_link_prev(const struct output *, const char *key,
	    const char *rel);

/*
 * Whether the site being replaced made group "name" from "key": then
 * output_keep_group() will most likely keep it.
 */
int	 output_group_holds(const struct output *, const char *key,
	    const char *name);

/*
 * If the site being replaced holds the pages document "name" became from
 * "key" (output_group), still as written, keep them: linked into the new
 * tree, or left where they are when updating, and logged as this build's.
 * They are every file below "prefix" and the files "extra[0..nextra)".
 * Returns how many pages the build counted for them, or -1 (nothing
 * done: render them).
 */
long	 output_keep_group(const struct output *, const char *key,
	    const char *name, const char *prefix, char *const *extra,
	    size_t nextra);

/*
 * Log that the files logged from offset "from" of o->log on (npages
 * pages) are what document "name" became from "key".
 */
void	 output_group(const struct output *, size_t from, const char *key,
	    const char *name, size_t npages);

/* In place: "rel", written by an earlier build, is still wanted. */
void	 output_keep(const struct output *, const char *rel);

/* In place: record the log lines in log[0..len) (lines starting '#' are
 * the caller's own, and skipped). */
void	 output_log_apply(struct output *, const char *log, size_t len);

/* The kinds of line in an output log (o->log) and in the marker file. */
enum	log_kind {
	LOG_FILE,	/* preview: "<16 hex digits of its hash> <rel>" */
	LOG_KEYED,	/* "K <40 hex digits> <size> <rel>" (output_keyed) */
	LOG_WRITTEN,	/* "F <size> <rel>": written by this build */
	LOG_KEPT,	/* "U <size> <rel>": left as the output held it */
	LOG_GROUP,	/* "G <40 hex digits> <nfiles> <npages> <name>" */
	LOG_OTHER	/* anything else, such as a caller's own "#" lines */
};

/* One line of a log; every pointer points into the log itself. */
struct	log_line {
	enum log_kind	 kind;
	const char	*text;	/* the line, without its newline */
	size_t		 len;
	const char	*rel;	/* the file (LOG_GROUP: the name), */
	size_t		 rellen;	/* not NUL-terminated */
	size_t		 keylen;	/* LOG_KEYED: text[2..2 + keylen) is
					   "KEY SIZE"; LOG_GROUP: 40 */
	size_t		 size;	/* LOG_KEYED, LOG_WRITTEN, LOG_KEPT */
	size_t		 nfiles, npages;	/* LOG_GROUP */
	int		 written;	/* output.c's own mark */
};

/*
 * The one reader of logs: the whole line at *p (before "end") into *l,
 * and *p moved past it.  Returns 0, or -1 when no whole line is left.
 * A line holding a NUL byte is LOG_OTHER.
 */
int	 output_log_line(const char **p, const char *end, struct log_line *);

void	 output_files_free(struct output_files *);

/*
 * Swap the finished tree into place and remove the old one; in place,
 * remove the files this build did not write or keep.  0 or -1.
 */
int	 output_commit(struct diag *, struct output *);

/* Remove the temporary directory (after a failed build). */
void	 output_abort(struct output *);

/*
 * Add to "keys" (with a value that is not NULL) the key of every cached
 * page this build wrote (output_keyed; keys that name no cache entry
 * too).  Nothing in place.
 */
void	 output_cached_keys(const struct output *, struct strmap *keys);


#endif /* !OUTPUT_H */
