/*
 * pool.c: work spread over worker processes (see pool.h).
 */
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <poll.h>
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


/* Worker k of "jobs": do its share, send it on fd, exit. */
static void
worker(size_t n, int jobs, int runs, int k, pool_work_fn work, void *arg,
    int fd)
{
	struct buf	 batch = BUF_INIT, out = BUF_INIT;
	struct record	 r;
	size_t		 i, lo, hi, step;

	if (runs) {
		lo = n * (size_t)k / (size_t)jobs;
		hi = n * (size_t)(k + 1) / (size_t)jobs;
		step = 1;
	} else {
		lo = (size_t)k;
		hi = n;
		step = (size_t)jobs;
	}
	for (i = lo; i < hi; i += step) {
		buf_reset(&out);
		work(i, &out, arg);
		r.item = i;
		r.len = out.len;
		buf_put(&batch, (const char *)&r, sizeof(r));
		buf_put(&batch, out.data != NULL ? out.data : "", out.len);
		if (batch.len >= 65536) {
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

size_t
pool_run(size_t n, int jobs, int runs, pool_work_fn work, pool_take_fn take,
    void *arg)
{
	struct pollfd	*pfd;
	struct buf	*got;
	const char	**data;
	size_t		*dlen, i, taken = 0, open = 0;
	pid_t		*pid, parent;
	char		 chunk[65536];
	ssize_t		 r;
	int		 k, fd[2], status;

	if (jobs < 2 || n == 0)
		return 0;
	if ((size_t)jobs > n)
		jobs = (int)n;
	pfd = xcalloc((size_t)jobs, sizeof(*pfd));
	got = xcalloc((size_t)jobs, sizeof(*got));
	pid = xcalloc((size_t)jobs, sizeof(*pid));
	fflush(NULL);
	parent = getpid();
	for (k = 0; k < jobs; k++) {
		pfd[k].fd = -1;
		buf_init(&got[k]);
		if (pipe(fd) == -1)
			continue;
		if ((pid[k] = fork()) == -1) {
			close(fd[0]);
			close(fd[1]);
			pid[k] = 0;
			continue;
		}
		if (pid[k] == 0) {
			pool_child_init(parent);
			close(fd[0]);
			worker(n, jobs, runs, k, work, arg, fd[1]);
		}
		close(fd[1]);
		pfd[k].fd = fd[0];
		pfd[k].events = POLLIN;
		open++;
	}
	/* Read them all as they come: a full pipe would stop a worker. */
	while (open > 0) {
		if (poll(pfd, (nfds_t)jobs, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (k = 0; k < jobs; k++) {
			if (pfd[k].fd == -1 || pfd[k].revents == 0)
				continue;
			if ((r = read(pfd[k].fd, chunk, sizeof(chunk))) > 0)
				buf_put(&got[k], chunk, (size_t)r);
			else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(pfd[k].fd);
				pfd[k].fd = -1;
				open--;
			}
		}
	}
	data = xcalloc(n, sizeof(*data));
	dlen = xcalloc(n, sizeof(*dlen));
	for (k = 0; k < jobs; k++) {
		if (pfd[k].fd != -1)
			close(pfd[k].fd);
		if (pid[k] > 0)
			(void)waitpid(pid[k], &status, 0);
		index_records(got[k].data, got[k].len, n, data, dlen);
	}
	for (i = 0; i < n; i++)
		if (data[i] != NULL) {
			take(i, data[i], dlen[i], arg);
			taken++;
		}
	for (k = 0; k < jobs; k++)
		buf_free(&got[k]);
	free(data);
	free(dlen);
	free(pfd);
	free(got);
	free(pid);
	return taken;
}

void
pool_child_init(pid_t parent)
{
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before the line above. */
	if (getppid() != parent)
		_exit(1);
}
