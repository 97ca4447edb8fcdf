/*
 * histdump: print what history_load() finds, for tests/history/run.sh.
 *
 *	histdump SRCDIR [--ignore-revs FILE] [--allow-shallow]
 *	    [--skip-bad-commits] [--read-blobs]
 *	    [--jobs N] [--record]
 *
 * One line per version, documents sorted by path:
 *
 *	path TAB N TAB commit TAB YYYY-MM-DD TAB author TAB subject TAB vpath
 *
 * (the date in Europe/London); --record adds, after vpath, the note,
 * authors, request number, event (N, A, R or W), replaced_by (or "-")
 * and then, after every version of the document, one line "path TAB
 * review TAB commit TAB YYYY-MM-DD" per review.  Then "path TAB dirty" and "path TAB
 * untracked" where they apply, then the diagnostics.  --read-blobs also
 * reads every version's blob on four threads at once, each with its own
 * reader, checks that each hashes to its id, and prints "blobs: N ok".
 * Exit status: 0, or 1 if history_load() failed or a blob was wrong.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/diag.h"
#include "../../src/history.h"

#define NTHREADS 4

/* One reading thread. */
struct	job {
	const struct history	*h;		/* shared, read-only */
	size_t			 nread;		/* blobs read and checked */
	int			 bad;		/* a read or a check failed */
};

static void *
read_blobs(void *arg)
{
	struct job			*j = arg;
	struct history_reader		*r;
	const struct doc_history	*dh;
	const char *const		*paths;
	struct buf			 b = BUF_INIT;
	git_oid				 id;
	char				 hex[GIT_OID_HEXSZ + 1];
	size_t				 i, k, n;

	if ((r = history_reader_open(j->h)) == NULL) {
		j->bad = 1;
		return NULL;
	}
	paths = history_paths(j->h, &n);
	for (i = 0; i < n; i++) {
		dh = history_get(j->h, paths[i]);
		for (k = 0; k < dh->n; k++) {
			/* Every thread reads every blob: maximal overlap. */
			if (history_read_blob(r, dh->v[k].blob, &b) == -1) {
				fprintf(stderr, "%s\n",
				    history_reader_error(r));
				j->bad = 1;
				continue;
			}
			if (git_odb_hash(&id, b.data, b.len,
			    GIT_OBJECT_BLOB) < 0 ||
			    git_oid_tostr(hex, sizeof(hex), &id) == NULL ||
			    strcmp(hex, dh->v[k].blob) != 0) {
				fprintf(stderr, "blob %s: wrong content\n",
				    dh->v[k].blob);
				j->bad = 1;
				continue;
			}
			j->nread++;
		}
	}
	if (history_read_blob(r, "not-a-blob", &b) != -1 ||
	    *history_reader_error(r) == '\0')
		j->bad = 1;
	buf_free(&b);
	history_reader_close(r);
	return NULL;
}

int
main(int argc, char *argv[])
{
	struct history_opts		 o;
	struct history			*h = NULL;
	struct diag			 d;
	const struct doc_history	*dh;
	const struct version		*v;
	const char *const		*paths;
	struct buf			 date = BUF_INIT;
	struct date			 dt;
	struct job			 jobs[NTHREADS];
	pthread_t			 tid[NTHREADS];
	size_t				 i, k, n;
	int				 a, rc, status = 0, blobs = 0;
	int				 record = 0;

	memset(&o, 0, sizeof(o));
	if (argc < 2) {
		fprintf(stderr, "usage: histdump SRCDIR [--ignore-revs FILE] "
		    "[--allow-shallow] [--skip-bad-commits] [--read-blobs] "
		    "[--jobs N]\n");
		return 2;
	}
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--ignore-revs") == 0 && a + 1 < argc)
			o.ignore_revs = argv[++a];
		else if (strcmp(argv[a], "--allow-shallow") == 0)
			o.allow_shallow = 1;
		else if (strcmp(argv[a], "--skip-bad-commits") == 0)
			o.skip_bad = 1;
		else if (strcmp(argv[a], "--read-blobs") == 0)
			blobs = 1;
		else if (strcmp(argv[a], "--record") == 0)
			record = 1;
		else if (strcmp(argv[a], "--jobs") == 0 && a + 1 < argc)
			o.jobs = atoi(argv[++a]);
		else {
			fprintf(stderr, "histdump: unknown option %s\n",
			    argv[a]);
			return 2;
		}
	}
	if (git_libgit2_init() < 0)
		return 2;
	diag_init(&d);
	rc = history_load(&d, argv[1], &o, &h);
	if (rc == -1)
		status = 1;
	paths = history_paths(h, &n);
	for (i = 0; i < n; i++) {
		dh = history_get(h, paths[i]);
		for (k = 0; k < dh->n; k++) {
			v = &dh->v[k];
			date_from_time((time_t)v->when, &dt);
			buf_reset(&date);
			date_format_iso(&date, &dt);
			printf("%s\t%zu\t%s\t%s\t%s\t%s\t%s", paths[i],
			    k + 1, v->commit, date.data, v->author,
			    v->subject, v->path);
			if (record)
				printf("\t%s\t%s\t%lu\t%c\t%s", v->note,
				    v->authors, v->request,
				    "NARW"[v->event], v->replaced_by != NULL ?
				    v->replaced_by : "-");
			putchar('\n');
		}
		for (k = 0; record && k < dh->nreviews; k++) {
			date_from_time((time_t)dh->reviews[k].when, &dt);
			buf_reset(&date);
			date_format_iso(&date, &dt);
			printf("%s\treview\t%s\t%s\n", paths[i],
			    dh->reviews[k].commit, date.data);
		}
		if (dh->dirty)
			printf("%s\tdirty\n", paths[i]);
		if (dh->untracked)
			printf("%s\tuntracked\n", paths[i]);
	}
	if (blobs && history_available(h)) {
		for (i = 0; i < NTHREADS; i++) {
			memset(&jobs[i], 0, sizeof(jobs[i]));
			jobs[i].h = h;
			if (pthread_create(&tid[i], NULL, read_blobs,
			    &jobs[i]) != 0)
				return 2;
		}
		n = 0;
		for (i = 0; i < NTHREADS; i++) {
			if (pthread_join(tid[i], NULL) != 0)
				return 2;
			if (jobs[i].bad)
				status = 1;
			n += jobs[i].nread;
		}
		printf("blobs: %zu %s\n", n, status == 0 ? "ok" : "FAILED");
	}
	diag_print(&d, stdout);
	buf_free(&date);
	history_free(h);
	diag_free(&d);
	git_libgit2_shutdown();
	return status;
}
