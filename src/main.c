/*
 * main.c: the command line.  Runs the pipeline (build.c), then prints
 * the collected diagnostics, sorted, and a summary.  Exit status: 0 success, 1 the content has
 * errors (with --strict, warnings too), 2 usage or environment error.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "escape.h"
#include "history.h"
#include "import.h"
#include "markdown.h"
#include "newdoc.h"
#include "serve.h"
#include "util.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1"
#endif

enum	command {
	CMD_BUILD,
	CMD_CHECK,
	CMD_SERVE,
	CMD_NEW
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
	int		 jobs;
	int		 timings;
	int		 port;		/* serve */
	const char	*bind;		/* serve */
	const char	*type;		/* new */
	const char	*title;		/* new */
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: folio build [-s DIR] [-o DIR] [--today YYYY-MM-DD] [--strict] [--drafts]\n"
"                   [--as-of YYYY-MM-DD] [--allow-shallow] [--no-past-versions]\n"
"       folio check [-s DIR] [--today YYYY-MM-DD] [--strict] [--owner NAME]\n"
"                   [--format text|json]\n"
"       folio serve [-s DIR] [-p PORT] [--bind ADDR] [--today YYYY-MM-DD]\n"
"       folio new TYPE TITLE [-s DIR] [--today YYYY-MM-DD]\n"
"       folio import FILE.docx [--type TYPE] [-o PATH] [-s DIR]\n"
"       folio --help | --version\n"
"\n"
"  build   build the site into the output folder (default public/)\n"
"  check   validate the site and report problems; writes nothing\n"
"  serve   preview the site, drafts included, on http://127.0.0.1:1313/;\n"
"          rebuild and reload the page on every change\n"
"  new     start a document: TYPE is arrangement, procedure, mou,\n"
"          annual-report, minutes or page\n"
"  import  turn a Word document into a document of TYPE (default page),\n"
"          with pandoc, and check it\n"
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
"  -j, --jobs N       work in N processes (default: one per core)\n"
"      --timings      print the time each stage took\n"
"      --format FMT   check only: text (default) or json\n"
"  -q, --quiet        print only diagnostics, no summary\n"
"  -p, --port PORT    serve only: the port (default 1313; 0: any free one)\n"
"      --bind ADDR    serve only: listen on ADDR instead of 127.0.0.1\n"
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
		{ "jobs", required_argument, NULL, 'j' },
		{ "timings", no_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char	*end;
	long	 n;
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
	else if (strcmp(argv[1], "serve") == 0)
		o->cmd = CMD_SERVE;
	else if (strcmp(argv[1], "new") == 0)
		o->cmd = CMD_NEW;
	else {
		fprintf(stderr, "folio: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return -1;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:o:qhj:p:", longopts, NULL)) !=
	    -1) {
		/* serve and new take -s and --today; serve -p, --bind, -j, -q. */
		if (c != 's' && c != 'T' && c != 'h' && c != '?' && c != ':' &&
		    (o->cmd == CMD_NEW || (o->cmd == CMD_SERVE &&
		    c != 'p' && c != 'B' && c != 'j' && c != 'q' && c != 't')))
			goto bad;
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
		case 'j':
			o->jobs = atoi(optarg);
			if (o->jobs < 1 || o->jobs > 256) {
				fprintf(stderr, "folio: -j takes a number of "
				    "processes from 1 to 256\n");
				return -1;
			}
			break;
		case 't':
			o->timings = 1;
			break;
		case 'p':
			if (o->cmd != CMD_SERVE)
				goto bad;
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 0 ||
			    n > 65535) {
				fprintf(stderr, "folio: -p takes a port number "
				    "from 0 to 65535\n");
				return -1;
			}
			o->port = (int)n;
			break;
		case 'B':
			if (o->cmd != CMD_SERVE)
				goto bad;
			o->bind = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (o->cmd == CMD_NEW) {
		if (argc - optind != 2) {
			fprintf(stderr, "folio: new takes a type and a title: "
			    "folio new procedure \"Strategy Discussion\"\n");
			return -1;
		}
		o->type = argv[optind];
		o->title = argv[optind + 1];
		return 0;
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

static void
print_json(struct diag *d, const struct build_report *rep, FILE *f)
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
	if (rep->have_review)
		buf_put(&b, rep->review_json.data, rep->review_json.len);
	else
		BUF_PUTSL(&b, "null");
	BUF_PUTSL(&b, "}\n");
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
}

/* Print the diagnostics and the summary lines; return "status". */
static int
report(const struct opts *o, struct diag *d, struct build_report *rep,
    int status)
{
	struct buf	 summary = BUF_INIT;
	const char	*p, *nl;
	int		 i;

	if (o->json)
		print_json(d, rep, stdout);
	else
		diag_print(d, stderr);
	if (o->quiet || o->json)
		return status;
	if (rep->have_review) {
		review_summary(&summary, &rep->counts, rep->warn_days);
		fprintf(stderr, "folio: reviews%s%s: %s\n",
		    o->owner != NULL ? " of " : "",
		    o->owner != NULL ? o->owner : "", summary.data);
	}
	if (o->cmd == CMD_CHECK)
		for (p = rep->drafts.data; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(stderr, "folio: draft, not published by build: "
			    "%.*s\n", (int)(nl - p), p);
		}
	if (o->timings)
		for (i = 0; i < STAGE__MAX; i++)
			fprintf(stderr, "folio: timing: %-8s %8.3f s\n",
			    stage_names[i], rep->seconds[i]);
	if (o->cmd == CMD_BUILD && status == 0)
		fprintf(stderr, "folio: built %zu documents, %zu files into "
		    "%s/ (%zu warning%s)\n", rep->ndocs, rep->npages,
		    o->outdir, d->nwarnings, d->nwarnings == 1 ? "" : "s");
	else if (o->cmd == CMD_BUILD)
		fprintf(stderr, "folio: build failed: %zu error%s, %zu "
		    "warning%s; %s/ left as it was\n", d->nerrors,
		    d->nerrors == 1 ? "" : "s", d->nwarnings,
		    d->nwarnings == 1 ? "" : "s", o->outdir);
	else
		fprintf(stderr, "folio: checked %zu documents: %zu error%s, "
		    "%zu warning%s\n", rep->ndocs, d->nerrors,
		    d->nerrors == 1 ? "" : "s", d->nwarnings,
		    d->nwarnings == 1 ? "" : "s");
	buf_free(&summary);
	return status;
}

int
main(int argc, char *argv[])
{
	struct opts		 o;
	struct build_opts	 bo;
	struct build_report	 rep;
	struct diag		 d;
	int			 status;

	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return import_main(argc - 1, argv + 1);
	memset(&o, 0, sizeof(o));
	o.outdir = "public";
	o.port = SERVE_PORT;
	if (parse_args(argc, argv, &o) == -1)
		return 2;
	if (o.cmd == CMD_NEW) {
		struct newdoc_opts no;

		memset(&no, 0, sizeof(no));
		no.type = o.type;
		no.title = o.title;
		no.srcdir = o.srcdir;
		no.today = o.today;
		return newdoc_run(&no);
	}
	/* Library set-up, once, before any thread starts. */
	md_init();
	if (history_lib_init() == -1)
		errx(2, "libgit2 failed to start");
	if (o.cmd == CMD_SERVE) {
		struct serve_opts so;

		memset(&so, 0, sizeof(so));
		so.srcdir = o.srcdir;
		so.today = o.today;
		so.bind = o.bind;
		so.port = o.port;
		so.jobs = o.jobs;
		so.quiet = o.quiet;
		so.timings = o.timings;
		status = serve_run(&so);
		history_lib_shutdown();
		return status;
	}
	diag_init(&d);
	memset(&bo, 0, sizeof(bo));
	bo.check = o.cmd == CMD_CHECK;
	bo.srcdir = o.srcdir;
	bo.outdir = o.outdir;
	bo.today = o.today;
	bo.as_of = o.as_of;
	bo.owner = o.owner;
	bo.strict = o.strict;
	bo.drafts = o.drafts;
	bo.allow_shallow = o.allow_shallow;
	bo.no_past_versions = o.no_past_versions;
	bo.jobs = o.jobs;
	bo.json = o.json;
	status = build_run(&bo, &d, &rep);
	status = report(&o, &d, &rep, status);
	build_report_free(&rep);
	diag_free(&d);
	history_lib_shutdown();
	return status;
}
