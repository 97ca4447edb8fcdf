/*
 * build.c: the pipeline (see build.h).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "cache.h"
#include "config.h"
#include "content.h"
#include "date.h"
#include "diag.h"
#include "history.h"
#include "index.h"
#include "links.h"
#include "output.h"
#include "pool.h"
#include "render.h"
#include "review.h"
#include "scanmemo.h"
#include "site.h"
#include "statutory.h"
#include "strmap.h"
#include "util.h"
#include "versions.h"

const char *const stage_names[STAGE__MAX] = {
	"config", "load", "history", "index", "render", "write"
};

/* The folder holding the folio executable, for finding its theme. */
static char *
exe_dir(void)
{
	char	 p[PATH_MAX];
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", p, sizeof(p) - 1)) <= 0)
		return NULL;
	p[n] = '\0';
	return xstrdup(dirname(p));
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Charge the time since *t to stage "s". */
static void
lap(struct build_report *r, enum stage s, double *t)
{
	double	 n = now();

	r->seconds[s] += n - *t;
	*t = n;
}

static void	 history_cache_free(struct build_cache *);

/*
 * history_load(), or the walk kept in "c" when nothing it depends on has
 * changed (its diagnostics recorded again, the working tree re-read).
 * *out is then c->hist, which the caller must not free.
 */
static int
history_cached(struct diag *d, const char *srcdir,
    const struct history_opts *ho, struct build_cache *c,
    struct history **out)
{
	char	*key = history_key(srcdir, ho);
	size_t	 n0;
	int	 rc;

	c->reused = 0;
	if (key != NULL && c->hist != NULL && strcmp(key, c->hist_key) == 0) {
		diag_replay(d, c->hdiags, c->nhdiags);
		free(key);
		*out = c->hist;
		c->reused = 1;
		(void)history_refresh(d, srcdir, c->hist);
		return 0;
	}
	history_cache_free(c);
	n0 = d->n;
	rc = history_load(d, srcdir, ho, out);
	if (rc == 0 && key != NULL) {
		c->hist = *out;
		c->hist_key = key;
		c->hdiags = diag_copy(d, n0, &c->nhdiags);
	} else
		free(key);
	return rc;
}

/* Forget the history walk (and only that). */
static void
history_cache_free(struct build_cache *c)
{
	history_free(c->hist);
	free(c->hist_key);
	diag_entries_free(c->hdiags, c->nhdiags);
	c->hist = NULL;
	c->hist_key = NULL;
	c->hdiags = NULL;
	c->nhdiags = 0;
}

void
build_cache_free(struct build_cache *c)
{
	history_cache_free(c);
	reuse_free(&c->reuse);
	memset(c, 0, sizeof(*c));
}

/* check --owner NAME with a name no one has: say so, with a hint. */
static void
owner_unknown(struct diag *d, const struct site *site, const char *owner)
{
	const char	*hint = review_owner_suggest(site, owner);

	if (hint != NULL)
		diag_env(d, NULL, 0, 0, "no such owner '%s' (did you mean "
		    "'%s'?)", owner, hint);
	else
		diag_env(d, NULL, 0, 0, "no such owner '%s': no document "
		    "has it and site.yaml's owners does not list it", owner);
}

/*
 * check --owner: only that owner's documents are reported; diagnostics
 * about no document (site.yaml, the repository) are kept.
 */
struct	owner_filter {
	const struct site	*site;
	const char		*owner;
};

static int
keep_owner(const struct diag_entry *e, void *arg)
{
	const struct owner_filter	*f = arg;
	size_t				 i;

	if (e->file == NULL || e->env)
		return 1;
	for (i = 0; i < f->site->ndocs; i++)
		if (strcmp(f->site->docs[i]->path, e->file) == 0)
			return review_owner_is(f->site->docs[i], f->owner);
	return 1;
}

/*
 * Whether every error recorded is about a document (a .md file), so the
 * preview can still show the rest of the site.
 */
static int
only_document_errors(const struct diag *d)
{
	size_t	 i, n;

	if (d->nenv > 0)
		return 0;
	for (i = 0; i < d->n; i++) {
		if (d->v[i].level != DIAG_ERROR)
			continue;
		if (d->v[i].file == NULL || (n = strlen(d->v[i].file)) < 3 ||
		    strcmp(d->v[i].file + n - 3, ".md") != 0)
			return 0;
	}
	return 1;
}

/*
 * Check the site folder and set up "site" from the options (dates,
 * what to build); the path of site.yaml in *cfgpath.  Returns 0, or -1
 * after saying why.
 */
static int
site_setup(const struct build_opts *o, const char *srcdir,
    struct site *site, struct buf *cfgpath)
{
	struct stat	 st;
	const char	*why;

	if (stat(srcdir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		warnx("%s: not a site folder (give one with -s)", srcdir);
		return -1;
	}
	buf_printf(cfgpath, "%s/site.yaml", srcdir);
	if (access(cfgpath->data, F_OK) != 0) {
		warnx("%s: no site.yaml: not a site folder", srcdir);
		return -1;
	}
	if (date_today(o->today, &site->today, &why) == -1) {
		warnx("--today %s: %s", o->today != NULL ? o->today : "", why);
		return -1;
	}
	if (o->as_of != NULL) {
		if (date_parse(o->as_of, strlen(o->as_of), &site->as_of, &why)
		    == -1) {
			warnx("--as-of %s: %s", o->as_of, why);
			return -1;
		}
		if (o->today == NULL)
			site->today = site->as_of;
	}
	site->srcdir = (char *)srcdir;
	/* check reports what a build would; past versions give no diagnostic. */
	site->past_versions = !o->no_past_versions && o->as_of == NULL &&
	    !o->check;
	site->preview = o->preview;
	site->jobs = o->jobs;
	if (o->cache != NULL)
		site->reuse = &o->cache->reuse;
	return 0;
}

/* What one build holds while it runs, step by step. */
struct	run {
	const struct build_opts	*o;
	struct diag		*d;
	struct build_report	*rep;
	const char		*srcdir;
	struct site		 site;
	struct theme		 theme;
	struct output		 out;
	struct buf		 cfgpath;
	struct buf		 revs;	/* the ignore-revs path */
	struct history		*hist;
	struct cache		 memo;	/* the walk's results kept */
	struct strmap		 used;	/* keys of the entries it used */
	char			*edir;
	pid_t			 putpid;	/* keeping the scans, or 0 */
	double			 t;
	int			 cfg_ok;
	int			 have_out;
};

/* The walk's kept results (history.h) live in the page cache. */
static int
memo_get(void *arg, const char *key, struct buf *out)
{
	struct run	*r = arg;

	if (cache_get(&r->memo, key, out) == -1)
		return -1;
	(void)strmap_put(&r->used, key, r);
	return 0;
}

static void
memo_put(void *arg, const char *key, const char *data, size_t len)
{
	struct run	*r = arg;

	cache_put(&r->memo, key, data, len);
	(void)strmap_put(&r->used, key, r);
}

/* An entry of the walk kept for later builds, not read by this one. */
static void
memo_keep(void *arg, const char *key)
{
	struct run	*r = arg;

	(void)strmap_put(&r->used, key, r);
}

static void
memo_drop(void *arg, const char *key)
{
	struct run	*r = arg;

	cache_drop(&r->memo, key);
}

/*
 * Keep the scans (scanmemo.h) under "key", if they changed: in a process
 * of its own while the build goes on, since the entry is as large as
 * the documents' text (100 MB at 10,000 documents); the build waits for
 * it before it ends.  Here if that process cannot be started.
 */
static void
scans_put(struct run *r, const struct scanmemo *sm, const char *key)
{
	struct buf	 b = BUF_INIT;
	pid_t		 parent = getpid();

	if (!scanmemo_changed(sm))
		return;
	(void)strmap_put(&r->used, key, r);
	fflush(NULL);
	if ((r->putpid = fork()) == 0) {
		pool_child_init(parent);
		if (scanmemo_entry(sm, &b))
			cache_put(&r->memo, key, b.data, b.len);
		_exit(0);
	}
	if (r->putpid == -1) {
		r->putpid = 0;
		if (scanmemo_entry(sm, &b))
			memo_put(r, key, b.data, b.len);
		buf_free(&b);
	}
}

/*
 * Scan the documents (links.h), taking the scans the last build kept of
 * those unchanged, and keep them all for the next (scanmemo.h): one
 * entry in the page cache, beside the walk's, replaced by each build.
 * Every "folio build" keeps them, with past versions or without (the
 * scan is the same); "folio check" and --as-of builds do not, and the
 * preview keeps its own in memory.
 */
static void
site_scan(struct run *r)
{
	struct scanmemo	 sm;
	struct buf	 b = BUF_INIT;
	char		 key[41];

	if (r->o->check || r->o->as_of != NULL || r->o->cache != NULL) {
		(void)links_scan(r->d, &r->site);
		return;
	}
	if (r->memo.dir == NULL)
		cache_open(&r->memo, r->srcdir);
	if (r->memo.dir == NULL) {
		(void)links_scan(r->d, &r->site);
		return;
	}
	scanmemo_init(&sm, r->srcdir);
	scanmemo_key(&sm, key);
	if (memo_get(r, key, &b) == 0)
		(void)scanmemo_load(&sm, &b);
	(void)links_scan_kept(r->d, &r->site, &sm);
	scans_put(r, &sm, key);
	scanmemo_free(&sm);
	buf_free(&b);
}

/*
 * Load (or take from the cache) the history of the site's folder into
 * r->hist.  The walk's results are kept in the page cache (histmemo.c
 * keeps those of its last few walks and drops older ones), with past
 * versions or without.  Returns 0 or -1 (a shallow clone: the record
 * would be wrong).
 */
static int
site_history(struct run *r)
{
	struct history_opts	 hopts;
	struct history_memo	 memo = { r, memo_get, memo_put, memo_keep,
				    memo_drop };
	const struct build_opts	*o = r->o;
	const char		*srcdir = r->site.srcdir;

	memset(&hopts, 0, sizeof(hopts));
	hopts.allow_shallow = o->allow_shallow;
	hopts.skip_bad = o->skip_bad_commits;
	hopts.jobs = o->jobs;
	hopts.keep_texts = r->site.past_versions;
	if (r->site.cfg.ignore_revs != NULL) {
		buf_printf(&r->revs, "%s/%s", srcdir, r->site.cfg.ignore_revs);
		hopts.ignore_revs = r->revs.data;
	}
	if (o->cache == NULL) {
		cache_open(&r->memo, srcdir);
		if (r->memo.dir != NULL)
			hopts.memo = &memo;
	}
	return o->cache != NULL ? history_cached(r->d, srcdir, &hopts,
	    o->cache, &r->hist) : history_load(r->d, srcdir, &hopts,
	    &r->hist);
}

/*
 * The review step: owners, review dates, the JSON report.  Returns 0,
 * or -1 when check --owner names an owner no one has.
 */
static int
site_review(const struct build_opts *o, struct diag *d, struct site *site,
    struct build_report *rep)
{
	struct review_opts	 ro;

	review_owners(d, site);
	if (o->owner != NULL && !review_owner_known(site, o->owner)) {
		owner_unknown(d, site, o->owner);
		return -1;
	}
	memset(&ro, 0, sizeof(ro));
	ro.today = &site->today;
	ro.warn_days = site->cfg.warn_days;
	ro.max_months = site->cfg.max_months;
	ro.owner = o->owner;
	ro.strict = o->strict;
	review_check(d, site, &ro, &rep->counts);
	rep->have_review = 1;
	rep->warn_days = site->cfg.warn_days;
	if (o->json)
		review_json(&rep->review_json, site, &ro);
	return 0;
}

/* Step: the settings and the documents. */
static void
run_load(struct run *r)
{
	r->cfg_ok = config_load(r->d, r->cfgpath.data, &r->site.cfg) == 0;
	if (r->o->check && r->cfg_ok && !r->site.cfg.concern.set)
		diag_add(r->d, DIAG_WARNING, r->cfgpath.data, 1, 0, "no "
		    "'concern' block: readers are not told how to report a "
		    "worry about a child");
	lap(r->rep, STAGE_CONFIG, &r->t);
	(void)content_load(r->d, &r->site);
	lap(r->rep, STAGE_LOAD, &r->t);
}

/*
 * Step: each document's versions.  Returns 0, 1 when only the report is
 * left to make, or -1 for a shallow clone (the record would be wrong).
 */
static int
run_history(struct run *r)
{
	struct site	*site = &r->site;
	const char	*as_of = r->o->as_of;
	size_t		 i;

	if (site_history(r) == -1)
		return -1;
	site->history = r->hist;
	if (as_of != NULL && versions_as_of(r->d, site, r->hist) == -1)
		return 1;
	versions_attach(r->d, site, as_of == NULL ? r->hist : NULL,
	    r->o->check);
	if (as_of != NULL)
		for (i = 0; i < site->ndocs; i++)
			site->docs[i]->hist = history_get(r->hist,
			    site->docs[i]->relpath);
	lap(r->rep, STAGE_HISTORY, &r->t);
	return 0;
}

/* Step: ids, links, reviews.  Returns 0, or -1 when nothing is written. */
static int
run_index(struct run *r)
{
	/* check validates drafts too, and lists them. */
	(void)index_build(r->d, &r->site, r->o->drafts || r->o->check);
	site_scan(r);
	if (!r->cfg_ok || site_review(r->o, r->d, &r->site, r->rep) == -1)
		return -1;
	statutory_check(r->d, &r->site, r->cfgpath.data);
	lap(r->rep, STAGE_INDEX, &r->t);
	return 0;
}

/*
 * Step: the theme and the pages, into a new output when the build may
 * write one.  Returns 0, 1 when only the report is left to make, or -1
 * when the output cannot be made (status 2).
 */
static int
run_render(struct run *r)
{
	const struct build_opts	*o = r->o;
	struct diag		*d = r->d;

	r->edir = exe_dir();
	if (theme_load(d, &r->theme, r->site.cfg.theme, r->srcdir,
	    r->edir) == -1)
		return 1;
	if (!o->check && (d->nerrors == 0 ||
	    (o->preview && only_document_errors(d)))) {
		r->rep->partial = d->nerrors > 0;
		if ((o->cache != NULL ? output_begin_inplace(d, &r->out,
		    o->outdir, r->srcdir, &o->cache->reuse.files) :
		    output_begin(d, &r->out, o->outdir, r->srcdir)) == -1) {
			output_abort(&r->out);
			return -1;
		}
		r->have_out = 1;
	}
	(void)render_site(d, &r->site, &r->theme, r->have_out ? &r->out :
	    NULL, &r->rep->npages);
	lap(r->rep, STAGE_RENDER, &r->t);
	return 0;
}

/* Step: the exit status, from the diagnostics (check --owner's only). */
static int
run_status(struct run *r)
{
	struct diag	*d = r->d;
	int		 status;

	if (r->o->owner != NULL) {
		struct owner_filter f = { &r->site, r->o->owner };

		diag_filter(d, keep_owner, &f);
	}
	status = d->nerrors > 0 || (r->o->strict && d->nwarnings > 0) ? 1 : 0;
	if (d->nenv > 0)
		status = 2;	/* the disk, not the content */
	return status;
}

/* Step: publish the output if the build may; the new status. */
static int
run_commit(struct run *r, int status)
{
	if (r->have_out) {
		if ((status == 0 || (status == 1 && r->rep->partial &&
		    only_document_errors(r->d))) &&
		    output_commit(r->d, &r->out) == -1)
			status = 2;
		/* The cache keeps what this build used (see cache.h). */
		else if (status == 0 && r->site.past_versions &&
		    r->o->cache == NULL)
			cache_prune(r->srcdir, &r->out, &r->used);
		output_abort(&r->out);
	}
	lap(r->rep, STAGE_WRITE, &r->t);
	return status;
}

/*
 * A process's last build leaves the site and its history here rather
 * than free them piece by piece (0.04 s at 10,000 documents, each page
 * written again after the workers' forks): the kernel takes the memory
 * back at exit.  Volatile, so that the stores stay and leak checkers
 * find the memory reachable.
 */
static void *volatile	 left_site;
static void *volatile	 left_hist;

/* Step: what the report says of the site; everything freed. */
static void
run_finish(struct run *r, int status)
{
	struct build_report	*rep = r->rep;
	struct site		*site = &r->site;
	size_t			 i;

	rep->ndocs = site->ndocs;
	if (site->cfg.base_path != NULL)
		rep->base_path = xstrdup(site->cfg.base_path);
	for (i = 0; i < site->ndocs; i++)
		if (site->docs[i]->status == ST_DRAFT &&
		    review_owner_is(site->docs[i], r->o->owner))
			buf_printf(&rep->drafts, "%s\n", site->docs[i]->path);
	for (i = 0; r->o->preview && i < site->ndocs; i++)
		if (site->docs[i]->url != NULL)
			buf_printf(&rep->pages, "%s\t%s\n",
			    site->docs[i]->path, site->docs[i]->url);
	if (status != 1 || !only_document_errors(r->d))
		rep->partial = 0;
	/* Prepared for a site this build did not write. */
	if (r->out.prepared)
		output_abort(&r->out);
	site->srcdir = NULL;
	if (r->o->last) {
		struct site	*keep = xmalloc(sizeof(*keep));

		*keep = *site;
		left_site = keep;
	} else
		site_free(site);
	theme_free(&r->theme);
	buf_free(&r->cfgpath);
	buf_free(&r->revs);
	if (r->o->cache != NULL && r->hist == r->o->cache->hist)
		;	/* the preview's, kept for its next build */
	else if (r->o->last)
		left_hist = r->hist;
	else
		history_free(r->hist);
	if (r->putpid > 0)
		while (waitpid(r->putpid, NULL, 0) == -1 && errno == EINTR)
			;
	cache_close(&r->memo);
	strmap_free(&r->used);
	free(r->edir);
}

int
build_run(const struct build_opts *o, struct diag *d,
    struct build_report *rep)
{
	struct run	 r;
	int		 status = 2, rc;

	memset(rep, 0, sizeof(*rep));
	buf_init(&rep->review_json);
	buf_init(&rep->drafts);
	buf_init(&rep->pages);
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.d = d;
	r.rep = rep;
	r.t = now();
	r.srcdir = rep->srcdir = config_folder(o->srcdir);
	if (site_setup(o, r.srcdir, &r.site, &r.cfgpath) == -1)
		goto out;
	/* The site being replaced is read while this one is made. */
	if (!o->check && o->cache == NULL && o->outdir != NULL)
		(void)output_prepare(&r.out, o->outdir, r.srcdir);
	run_load(&r);
	if ((rc = run_history(&r)) == -1)
		goto out;	/* a shallow clone: status 2 */
	if (rc == 0 && run_index(&r) == 0 && (rc = run_render(&r)) == -1)
		goto out;	/* no output folder: status 2 */
	status = run_commit(&r, run_status(&r));
out:
	run_finish(&r, status);
	return status;
}

void
build_report_free(struct build_report *r)
{
	buf_free(&r->review_json);
	buf_free(&r->drafts);
	buf_free(&r->pages);
	free(r->base_path);
	r->base_path = NULL;
}
