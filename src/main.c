/*
 * main.c: the command line.  Runs the stages in order (config, load,
 * history, index, render, write), then prints the collected diagnostics,
 * sorted, and a summary.  Exit status: 0 success, 1 the content has
 * errors (with --strict, warnings too), 2 usage or environment error.
 */
#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "config.h"
#include "content.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "history.h"
#include "index.h"
#include "links.h"
#include "markdown.h"
#include "output.h"
#include "render.h"
#include "review.h"
#include "site.h"
#include "util.h"
#include "versions.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1"
#endif

enum	command {
	CMD_BUILD,
	CMD_CHECK
};

struct	opts {
	enum command	 cmd;
	const char	*srcdir;
	const char	*outdir;
	const char	*today;
	int		 strict;
	int		 drafts;
	int		 json;
	int		 quiet;
	const char	*owner;
	const char	*as_of;
	int		 allow_shallow;
	int		 no_past_versions;
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: folio build [-s DIR] [-o DIR] [--today YYYY-MM-DD] [--strict] [--drafts]\n"
"                   [--as-of YYYY-MM-DD] [--allow-shallow] [--no-past-versions]\n"
"       folio check [-s DIR] [--today YYYY-MM-DD] [--strict] [--owner NAME]\n"
"                   [--format text|json]\n"
"       folio --help | --version\n"
"\n"
"  build   build the site into the output folder (default public/)\n"
"  check   validate the site and report problems; writes nothing\n"
"\n"
"  -s, --source DIR   the site folder holding site.yaml (default: . if it\n"
"                     has site.yaml, else content/)\n"
"  -o, --output DIR   the output folder (default: public)\n"
"      --today DATE   the date review status is reckoned from (default:\n"
"                     SOURCE_DATE_EPOCH, else the clock)\n"
"      --strict       treat warnings as errors, overdue reviews too (exit 1)\n"
"      --owner NAME   check only: report the reviews of one owner\n"
"      --drafts       include documents with status: draft\n"
"      --as-of DATE   build the site as it stood on that date (from git)\n"
"      --allow-shallow  build from a shallow clone, saying history is cut short\n"
"      --no-past-versions  write no v<N>/ or changes pages\n"
"      --format FMT   check only: text (default) or json\n"
"  -q, --quiet        print only diagnostics, no summary\n"
"\n"
"Exit status: 0 success, 1 the content has errors, 2 usage or environment.\n");
}

static int
parse_args(int argc, char *argv[], struct opts *o)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "today", required_argument, NULL, 'T' },
		{ "strict", no_argument, NULL, 'S' },
		{ "drafts", no_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "owner", required_argument, NULL, 'O' },
		{ "as-of", required_argument, NULL, 'A' },
		{ "allow-shallow", no_argument, NULL, 'W' },
		{ "no-past-versions", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	if (argc < 2) {
		usage(stderr);
		return -1;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		exit(0);
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("folio %s\n", FOLIO_VERSION);
		exit(0);
	}
	if (strcmp(argv[1], "build") == 0)
		o->cmd = CMD_BUILD;
	else if (strcmp(argv[1], "check") == 0)
		o->cmd = CMD_CHECK;
	else {
		fprintf(stderr, "folio: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return -1;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->srcdir = optarg;
			break;
		case 'o':
			if (o->cmd != CMD_BUILD)
				goto bad;
			o->outdir = optarg;
			break;
		case 'T':
			o->today = optarg;
			break;
		case 'S':
			o->strict = 1;
			break;
		case 'D':
			o->drafts = 1;
			break;
		case 'F':
			if (o->cmd != CMD_CHECK)
				goto bad;
			if (strcmp(optarg, "json") == 0)
				o->json = 1;
			else if (strcmp(optarg, "text") != 0) {
				fprintf(stderr, "folio: --format is text or "
				    "json, not '%s'\n", optarg);
				return -1;
			}
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'O':
			if (o->cmd != CMD_CHECK)
				goto bad;
			o->owner = optarg;
			break;
		case 'A':
			if (o->cmd != CMD_BUILD)
				goto bad;
			o->as_of = optarg;
			break;
		case 'W':
			o->allow_shallow = 1;
			break;
		case 'P':
			o->no_past_versions = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "folio: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "folio: that option does not go with '%s'\n", argv[1]);
	return -1;
}

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

static void
print_json(struct diag *d, const struct site *site,
    const struct review_opts *ro, FILE *f)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	diag_sort(d);
	buf_printf(&b, "{\"errors\":%zu,\"warnings\":%zu,\"diagnostics\":[",
	    d->nerrors, d->nwarnings);
	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];

		buf_puts(&b, i > 0 ? ",\n" : "\n");
		BUF_PUTSL(&b, "{\"file\":");
		if (e->file != NULL) {
			buf_putc(&b, '"');
			json_escape(&b, e->file, strlen(e->file));
			buf_putc(&b, '"');
		} else
			BUF_PUTSL(&b, "null");
		buf_printf(&b, ",\"line\":%zu,\"column\":%zu,\"level\":\"%s\","
		    "\"message\":\"", e->line, e->col,
		    e->level == DIAG_ERROR ? "error" : "warning");
		json_escape(&b, e->msg, strlen(e->msg));
		BUF_PUTSL(&b, "\"}");
	}
	BUF_PUTSL(&b, "\n],\"review\":");
	if (ro != NULL && site->cfg.title != NULL)
		review_json(&b, site, ro);
	else
		BUF_PUTSL(&b, "null");
	BUF_PUTSL(&b, "}\n");
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
}

static int
run(const struct opts *o, struct diag *d)
{
	struct site	 site;
	struct theme	 theme;
	struct output	 out;
	struct stat	 st;
	struct buf	 cfgpath = BUF_INIT, summary = BUF_INIT, revs = BUF_INIT;
	struct history_opts hopts;
	struct history	*hist = NULL;
	struct review_opts ro;
	struct review_counts counts;
	int		 have_review = 0;
	const char	*why, *srcdir = o->srcdir;
	char		*edir = NULL;
	size_t		 npages = 0;
	int		 status = 2, cfg_ok, have_out = 0;

	memset(&site, 0, sizeof(site));
	memset(&theme, 0, sizeof(theme));
	memset(&out, 0, sizeof(out));
	if (srcdir == NULL)
		srcdir = access("site.yaml", F_OK) == 0 ? "." : "content";
	if (stat(srcdir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		warnx("%s: not a site folder (give one with -s)", srcdir);
		goto out;
	}
	buf_printf(&cfgpath, "%s/site.yaml", srcdir);
	if (access(cfgpath.data, F_OK) != 0) {
		warnx("%s: no site.yaml: not a site folder", srcdir);
		goto out;
	}
	if (date_today(o->today, &site.today, &why) == -1) {
		warnx("--today %s: %s", o->today != NULL ? o->today : "", why);
		goto out;
	}
	if (o->as_of != NULL) {
		if (date_parse(o->as_of, strlen(o->as_of), &site.as_of, &why)
		    == -1) {
			warnx("--as-of %s: %s", o->as_of, why);
			goto out;
		}
		if (o->today == NULL)
			site.today = site.as_of;
	}
	site.srcdir = (char *)srcdir;
	site.past_versions = !o->no_past_versions && o->as_of == NULL;

	/* config -> load -> history -> index -> render -> write */
	cfg_ok = config_load(d, cfgpath.data, &site.cfg) == 0;
	(void)content_load(d, &site);
	memset(&hopts, 0, sizeof(hopts));
	hopts.allow_shallow = o->allow_shallow;
	if (site.cfg.ignore_revs != NULL) {
		buf_printf(&revs, "%s/%s", srcdir, site.cfg.ignore_revs);
		hopts.ignore_revs = revs.data;
	}
	if (history_load(d, srcdir, &hopts, &hist) == -1) {
		status = 2;	/* a shallow clone: the record would be wrong */
		goto print;
	}
	site.history = hist;
	if (o->as_of != NULL && versions_as_of(d, &site, hist) == -1)
		goto report;
	versions_attach(d, &site, o->as_of == NULL ? hist : NULL,
	    o->cmd == CMD_CHECK);
	if (o->as_of != NULL)
		for (size_t i = 0; i < site.ndocs; i++)
			site.docs[i]->hist = history_get(hist,
			    site.docs[i]->relpath);
	/* check validates drafts too, and lists them. */
	(void)index_build(d, &site, o->drafts || o->cmd == CMD_CHECK);
	(void)links_scan(d, &site);
	if (!cfg_ok)
		goto report;
	memset(&ro, 0, sizeof(ro));
	ro.today = &site.today;
	ro.warn_days = site.cfg.warn_days;
	ro.max_months = site.cfg.max_months;
	ro.owner = o->owner;
	ro.strict = o->strict;
	review_check(d, &site, &ro, &counts);
	have_review = 1;
	edir = exe_dir();
	if (theme_load(d, &theme, site.cfg.theme, srcdir, edir) == -1)
		goto report;
	if (o->cmd == CMD_BUILD && d->nerrors == 0) {
		if (output_begin(d, &out, o->outdir, srcdir) == -1) {
			output_abort(&out);
			status = 2;
			goto print;
		}
		have_out = 1;
	}
	(void)render_site(d, &site, &theme, have_out ? &out : NULL, &npages);
report:
	status = d->nerrors > 0 || (o->strict && d->nwarnings > 0) ? 1 : 0;
	if (have_out) {
		if (status == 0 && output_commit(d, &out) == -1)
			status = 2;
		output_abort(&out);
	}
print:
	if (o->json)
		print_json(d, &site, have_review ? &ro : NULL, stdout);
	else
		diag_print(d, stderr);
	if (!o->quiet && have_review && !o->json) {
		review_summary(&summary, &counts, site.cfg.warn_days);
		fprintf(stderr, "folio: reviews%s%s: %s\n",
		    o->owner != NULL ? " of " : "",
		    o->owner != NULL ? o->owner : "", summary.data);
	}
	if (!o->quiet && o->cmd == CMD_CHECK && !o->json)
		for (size_t i = 0; i < site.ndocs; i++)
			if (site.docs[i]->status == ST_DRAFT)
				fprintf(stderr, "folio: draft, not published "
				    "by build: %s\n", site.docs[i]->path);
	if (!o->quiet) {
		if (o->cmd == CMD_BUILD && status == 0)
			fprintf(stderr, "folio: built %zu documents, %zu files "
			    "into %s/ (%zu warning%s)\n", site.ndocs, npages,
			    o->outdir, d->nwarnings,
			    d->nwarnings == 1 ? "" : "s");
		else if (o->cmd == CMD_BUILD)
			fprintf(stderr, "folio: build failed: %zu error%s, "
			    "%zu warning%s; %s/ left as it was\n", d->nerrors,
			    d->nerrors == 1 ? "" : "s", d->nwarnings,
			    d->nwarnings == 1 ? "" : "s", o->outdir);
		else if (!o->json)
			fprintf(stderr, "folio: checked %zu documents: %zu "
			    "error%s, %zu warning%s\n", site.ndocs, d->nerrors,
			    d->nerrors == 1 ? "" : "s", d->nwarnings,
			    d->nwarnings == 1 ? "" : "s");
	}
out:
	site.srcdir = NULL;
	site_free(&site);
	theme_free(&theme);
	buf_free(&cfgpath);
	buf_free(&summary);
	buf_free(&revs);
	history_free(hist);
	free(edir);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts	 o;
	struct diag	 d;
	int		 status;

	memset(&o, 0, sizeof(o));
	o.outdir = "public";
	if (parse_args(argc, argv, &o) == -1)
		return 2;
	/* Library set-up, once, before any thread starts. */
	md_init();
	if (git_libgit2_init() < 0)
		errx(2, "libgit2 failed to start");
	diag_init(&d);
	status = run(&o, &d);
	diag_free(&d);
	git_libgit2_shutdown();
	return status;
}
