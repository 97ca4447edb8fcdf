/*
 * par.c: a loop spread over threads (see par.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "par.h"
#include "pool.h"

/* Threads beyond this give nothing on the loops folio spreads. */
#define PAR_MAX		8

/* Items taken at a time: few enough to share out, enough to not contend. */
#define PAR_BATCH	16

struct	par {
	size_t		 n;
	atomic_size_t	 next;
	par_fn		 fn;
	void		*arg;
};

static void *
run(void *arg)
{
	struct par	*p = arg;
	size_t		 i, lo, hi;

	while ((lo = atomic_fetch_add(&p->next, PAR_BATCH)) < p->n) {
		hi = lo + PAR_BATCH < p->n ? lo + PAR_BATCH : p->n;
		for (i = lo; i < hi; i++)
			p->fn(i, p->arg);
	}
	return NULL;
}

void
par_for(size_t n, int jobs, par_fn fn, void *arg)
{
	pthread_t	 t[PAR_MAX - 1];
	struct par	 p;
	int		 k, nt = 0;
	size_t		 i;

	jobs = pool_jobs(jobs);
	if (jobs > PAR_MAX)
		jobs = PAR_MAX;
	if (jobs < 2 || n < 2 * PAR_BATCH) {
		for (i = 0; i < n; i++)
			fn(i, arg);
		return;
	}
	p.n = n;
	atomic_init(&p.next, 0);
	p.fn = fn;
	p.arg = arg;
	for (k = 0; k < jobs - 1; k++)
		if (pthread_create(&t[nt], NULL, run, &p) == 0)
			nt++;
	(void)run(&p);
	for (k = 0; k < nt; k++)
		(void)pthread_join(t[k], NULL);
}
