/*
 * par.h: a loop spread over threads, for work that is pure and in
 * memory (hashing the documents' keys, reading their sources).  Worker
 * processes (pool.h) do what calls cmark-gfm or libgit2; a thread here
 * must call neither, and write only what its item owns.
 *
 * par_for() calls fn(i, arg) once for each i in 0..n-1, from up to
 * "jobs" threads (this one among them; pool_jobs() says what jobs
 * means), and returns when every call has returned, so nothing runs on
 * when a worker process is forked afterwards.  The order of the calls
 * is not fixed.  With one job, few items or a thread that cannot be
 * started, the calls are made here, in order.
 */
#ifndef PAR_H
#define PAR_H

#include <stddef.h>

typedef void	(*par_fn)(size_t i, void *arg);

void	 par_for(size_t n, int jobs, par_fn fn, void *arg);

#endif /* !PAR_H */
