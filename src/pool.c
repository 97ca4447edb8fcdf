/*
 * pool.c: work spread over worker processes (see pool.h).
 */
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "pool.h"
#include "util.h"

/* Each item's output goes to the parent as this, then its bytes. */
struct	record {
	size_t	 item;
	size_t	 len;
};

int
pool_jobs(int jobs)
{
	long	 n;

	if (jobs > 0)
		return jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}


/*
 * The next item of worker k's share after "i" (its first when i is
 * SIZE_MAX), or n when it has none left.  A run is fixed at the start;
 * otherwise each worker takes the next item no worker has taken yet
 * from the counter all of them share, so that a worker given the long
 * documents does not finish last while the others stand idle.
 */
static size_t
next_item(size_t n, int jobs, int k, int runs, _Atomic size_t *next,
    size_t i)
{
	size_t	 hi;

	if (runs) {
		hi = n * (size_t)(k + 1) / (size_t)jobs;
		i = i == SIZE_MAX ? n * (size_t)k / (size_t)jobs : i + 1;
		return i < hi ? i : n;
	}
	i = atomic_fetch_add(next, 1);
	return i < n ? i : n;
}

/*
 * Worker k of "jobs": do its share, send it on fd, exit.  It sends as it
 * goes unless "hold": then all at the end, so that a parent busy with
 * other work does not stop it with a full pipe.
 */
static void
worker(size_t n, int jobs, int runs, int k, int hold, pool_work_fn work,
    void *arg, _Atomic size_t *next, int fd)
{
	struct buf	 batch = BUF_INIT, out = BUF_INIT;
	struct record	 r;
	size_t		 i;

	for (i = next_item(n, jobs, k, runs, next, SIZE_MAX); i < n;
	    i = next_item(n, jobs, k, runs, next, i)) {
		buf_reset(&out);
		work(i, &out, arg);
		r.item = i;
		r.len = out.len;
		buf_put(&batch, (const char *)&r, sizeof(r));
		buf_put(&batch, out.data != NULL ? out.data : "", out.len);
		if (!hold && batch.len >= 65536) {
			if (write_all(fd, batch.data, batch.len) == -1)
				_exit(1);
			buf_reset(&batch);
		}
	}
	if (write_all(fd, batch.data != NULL ? batch.data : "",
	    batch.len) == -1)
		_exit(1);
	_exit(0);	/* no exit handlers: they are the parent's */
}

/* Find the records in b[0..len); a cut-off last one is left out. */
static void
index_records(const char *b, size_t len, size_t n, const char **data,
    size_t *dlen)
{
	struct record	 r;

	while (len >= sizeof(r)) {
		memcpy(&r, b, sizeof(r));
		if (r.len > len - sizeof(r) || r.item >= n)
			return;
		data[r.item] = b + sizeof(r);
		dlen[r.item] = r.len;
		b += sizeof(r) + r.len;
		len -= sizeof(r) + r.len;
	}
}

/* Workers started by pool_start(), not yet collected. */
struct	pool {
	size_t		 n;	/* items */
	int		 jobs;	/* workers */
	_Atomic size_t	*next;	/* the next item to take, shared */
	struct pollfd	*pfd;	/* each worker's pipe; fd -1 when closed */
	pid_t		*pid;	/* each worker; 0 if it did not start */
	size_t		 open;	/* pipes still open */
};

/* Fork the workers; NULL when there is nothing to share out. */
static struct pool *
start(size_t n, int jobs, int runs, int hold, pool_work_fn work, void *arg)
{
	struct pool	*p;
	_Atomic size_t	*next;
	pid_t		 parent;
	int		 k, fd[2];

	if (jobs < 2 || n == 0)
		return NULL;
	if ((size_t)jobs > n)
		jobs = (int)n;
	p = xcalloc(1, sizeof(*p));
	p->n = n;
	p->jobs = jobs;
	p->pfd = xcalloc((size_t)jobs, sizeof(*p->pfd));
	p->pid = xcalloc((size_t)jobs, sizeof(*p->pid));
	/* Shared with the workers; without it, each takes a run. */
	p->next = runs ? MAP_FAILED : mmap(NULL, sizeof(*p->next),
	    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p->next == MAP_FAILED) {
		p->next = NULL;
		runs = 1;
	} else
		atomic_init(p->next, 0);
	fflush(NULL);
	parent = getpid();
	for (k = 0; k < jobs; k++) {
		p->pfd[k].fd = -1;
		if (pipe(fd) == -1)
			continue;
		if ((p->pid[k] = fork()) == -1) {
			close(fd[0]);
			close(fd[1]);
			p->pid[k] = 0;
			continue;
		}
		if (p->pid[k] == 0) {
			pool_child_init(parent);
			/* The parent's bookkeeping is no business of ours. */
			close(fd[0]);
			next = p->next;
			free(p->pfd);
			free(p->pid);
			free(p);
			worker(n, jobs, runs, k, hold, work, arg, next, fd[1]);
		}
		close(fd[1]);
		p->pfd[k].fd = fd[0];
		p->pfd[k].events = POLLIN;
		p->open++;
	}
	return p;
}

struct pool *
pool_start(size_t n, int jobs, int runs, pool_work_fn work, void *arg)
{
	return start(n, jobs, runs, 1, work, arg);
}

size_t
pool_finish(struct pool *p, pool_take_fn take, void *arg)
{
	struct buf	*got;
	const char	**data;
	size_t		*dlen, i, taken = 0;
	char		 chunk[65536];
	ssize_t		 r;
	int		 k, status;

	if (p == NULL)
		return 0;
	got = xcalloc((size_t)p->jobs, sizeof(*got));
	for (k = 0; k < p->jobs; k++)
		buf_init(&got[k]);
	/* Read them all as they come: a full pipe would stop a worker. */
	while (p->open > 0) {
		if (poll(p->pfd, (nfds_t)p->jobs, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (k = 0; k < p->jobs; k++) {
			if (p->pfd[k].fd == -1 || p->pfd[k].revents == 0)
				continue;
			if ((r = read(p->pfd[k].fd, chunk, sizeof(chunk))) > 0)
				buf_put(&got[k], chunk, (size_t)r);
			else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(p->pfd[k].fd);
				p->pfd[k].fd = -1;
				p->open--;
			}
		}
	}
	data = xcalloc(p->n, sizeof(*data));
	dlen = xcalloc(p->n, sizeof(*dlen));
	for (k = 0; k < p->jobs; k++) {
		if (p->pfd[k].fd != -1)
			close(p->pfd[k].fd);
		if (p->pid[k] > 0)
			(void)waitpid(p->pid[k], &status, 0);
		index_records(got[k].data, got[k].len, p->n, data, dlen);
	}
	for (i = 0; i < p->n; i++)
		if (data[i] != NULL) {
			take(i, data[i], dlen[i], arg);
			taken++;
		}
	for (k = 0; k < p->jobs; k++)
		buf_free(&got[k]);
	free(got);
	free(data);
	free(dlen);
	if (p->next != NULL)
		(void)munmap(p->next, sizeof(*p->next));
	free(p->pfd);
	free(p->pid);
	free(p);
	return taken;
}

size_t
pool_run(size_t n, int jobs, int runs, pool_work_fn work, pool_take_fn take,
    void *arg)
{
	return pool_finish(start(n, jobs, runs, 0, work, arg), take, arg);
}

void
pool_child_init(pid_t parent)
{
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before the line above. */
	if (getppid() != parent)
		_exit(1);
}
