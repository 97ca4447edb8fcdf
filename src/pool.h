/*
 * pool.h: work spread over worker processes.  Processes rather than
 * threads, for the libraries folio uses: cmark-gfm's parser changes a
 * process-wide table while it parses, and libgit2's pack reading takes
 * locks shared by every repository in a process.
 *
 * pool_run() forks up to "jobs" workers.  Each does its share of items
 * 0..n-1 (a run of consecutive items with "runs", else the next item
 * no worker has taken, until none is left), calling work() for each in
 * order; what work() appends to "out" is sent
 * to the parent, which, once every worker has finished, calls take() for
 * each item that came back, in item order.  A worker that dies loses its
 * items: take() is not called for them, and the caller does them itself.
 * The workers are copies of the caller, so work() may use anything set
 * up before (and keep state in "arg" between its items: it is the
 * worker's own copy); they write nothing but what they send, and end
 * with _exit().
 */
#ifndef POOL_H
#define POOL_H

#include <sys/types.h>

#include <stddef.h>

struct	buf;
struct	pool;

typedef void	(*pool_work_fn)(size_t item, struct buf *out, void *arg);
typedef void	(*pool_take_fn)(size_t item, const char *data, size_t len,
		    void *arg);

/*
 * Returns the number of items taken (n when all went well), or 0
 * without forking when jobs < 2 or a worker could not be started for
 * the first share.
 */
size_t	 pool_run(size_t n, int jobs, int runs, pool_work_fn work,
	    pool_take_fn take, void *arg);

/*
 * pool_run() in two halves, for a caller with work of its own to do
 * while the workers run: pool_start() forks them and returns at once
 * (NULL, forking nothing, when pool_run() would return 0 without
 * forking); pool_finish() waits for them, calls take() as pool_run()
 * does, frees the pool and returns the number of items taken (0 for
 * NULL).  These workers send their results only once they are done, so
 * that the caller need not read meanwhile.
 */
struct pool	*pool_start(size_t n, int jobs, int runs, pool_work_fn work,
		    void *arg);
size_t		 pool_finish(struct pool *, pool_take_fn take, void *arg);

/* The number of workers "jobs" means: itself if positive, else cores. */
int	 pool_jobs(int jobs);

/*
 * First thing in a forked worker, "parent" being getpid() before the
 * fork: the worker is killed when its parent dies, so a build killed
 * with SIGKILL leaves no workers behind still writing into its folder
 * or holding its lock (see tmpdirs.h).
 */
void	 pool_child_init(pid_t parent);

#endif /* !POOL_H */
