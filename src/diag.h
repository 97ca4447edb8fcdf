/*
 * diag.h: diagnostics, collected during a run and printed once by main,
 * sorted by file, line and column, in the compiler form
 *
 *	file:line:col: error: message
 *
 * (":col" is left out when unknown, and ":line" too).  Modules never
 * print; they record.  diag_add() is safe to call from several threads.
 */
#ifndef DIAG_H
#define DIAG_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct	buf;
struct	unpack;

enum	diag_level {
	DIAG_WARNING,
	DIAG_ERROR
};

struct	diag_entry {
	enum diag_level	 level;
	char		*file;	/* owned; NULL when about no one file */
	size_t		 line;	/* 1-based; 0 if unknown */
	size_t		 col;	/* 1-based; 0 if unknown */
	char		*msg;	/* owned */
	size_t		 seq;	/* order of recording, to keep sorting stable */
	int		 env;	/* an error of the environment (a full disk,
				   a folder that cannot be written), not of
				   the content: the run exits 2, not 1 */
};

struct	diag {
	struct diag_entry	*v;	/* the entries, in recording order */
	size_t			 n;
	size_t			 cap;
	size_t			 nerrors;
	size_t			 nwarnings;
	size_t			 nenv;	/* errors with "env" set */
	int			 werror;	/* count warnings as errors */
	pthread_mutex_t		 lock;
};

void	diag_init(struct diag *);
void	diag_free(struct diag *);

/*
 * Record one diagnostic.  "file" may be NULL; "line" and "col" are
 * 1-based, 0 if unknown.  The strings are copied.
 */
void	diag_add(struct diag *, enum diag_level, const char *file,
	    size_t line, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
void	diag_vadd(struct diag *, enum diag_level, const char *file,
	    size_t line, size_t col, const char *fmt, va_list);

/* Record an error from errno for "file" (strerror text). */
void	diag_errno(struct diag *, const char *file, const char *what);
/* Record an error of the environment (see diag_entry.env). */
void	diag_env(struct diag *, const char *file, size_t line, size_t col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same from errno, as diag_errno(). */
void	diag_env_errno(struct diag *, const char *file, const char *what);

/*
 * Diagnostics kept with a result that a later build reuses, to record
 * again then.  diag_copy() returns copies of d's entries from "first"
 * on (their number in *n) in an array the caller frees with
 * diag_entries_free(); diag_replay() records v[0..n) into d again, in
 * their order.
 */
struct diag_entry *diag_copy(const struct diag *, size_t first, size_t *n);
void	diag_replay(struct diag *, const struct diag_entry *v, size_t n);
void	diag_entries_free(struct diag_entry *v, size_t n);

/*
 * Diagnostics sent by a worker process: diag_pack() appends d's entries
 * from "first" on to "out" in pack.h's format; diag_unpack() reads them
 * from u into d.  Returns 0, or -1 (recording none of them, u->bad set)
 * if they did not all come whole.
 */
void	diag_pack(struct buf *out, const struct diag *, size_t first);
int	diag_unpack(struct diag *, struct unpack *u);

/*
 * Keep only the entries for which keep(entry, arg) is true, freeing the
 * others, and count errors and warnings again from those kept.
 */
void	diag_filter(struct diag *, int (*keep)(const struct diag_entry *,
	    void *), void *arg);

/* At most this many diagnostics of one kind are kept for one file. */
#define DIAG_MAX_LIKE	100

/*
 * Sort the entries by file, line, column, then recording order, and keep
 * at most DIAG_MAX_LIKE of one kind (the message less its numbers and
 * quoted values) for each file: the next says how many more were left
 * out.  The counts of errors and warnings are not changed.
 */
void	diag_sort(struct diag *);

/* Print every entry, sorted, to "f", one per line. */
void	diag_print(struct diag *, FILE *f);

/*
 * Format one entry as a line without the newline (caller frees).  Control
 * characters in the file name and message are escaped ("\n", "\x1b",
 * "\u009b"), so one entry is always one line.
 */
char	*diag_format(const struct diag_entry *);

#endif /* !DIAG_H */
