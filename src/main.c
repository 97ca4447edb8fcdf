/*
 * main.c: the command line.  Runs the pipeline (build.c), then prints
 * the collected diagnostics, sorted, and a summary.  Exit status: 0 success, 1 the content has
 * errors (with --strict, warnings too), 2 usage or environment error.
 */
#include <err.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "build.h"
#include "ciformat.h"
#include "diag.h"
#include "escape.h"
#include "history.h"
#include "init.h"
#include "import.h"
#include "markdown.h"
#include "newdoc.h"
#include "reviewed.h"
#include "serve.h"
#include "util.h"

#ifndef FOLIO_VERSION
#define FOLIO_VERSION "0.1"
#endif

enum	format {
	FMT_TEXT,
	FMT_JSON,
	FMT_GITHUB,
	FMT_GITLAB
};

/* What --fail-on makes exit 1; content errors always do. */
#define FAIL_ERRORS	0x1
#define FAIL_WARNINGS	0x2
#define FAIL_OVERDUE	0x4

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
	enum format	 format;
	int		 fail_on;	/* FAIL_* */
	int		 quiet;
	const char	*owner;
	const char	*as_of;
	int		 allow_shallow;
	int		 skip_bad_commits;
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
"                   [--skip-bad-commits]\n"
"       folio check [-s DIR] [--today YYYY-MM-DD] [--strict] [--owner NAME]\n"
"                   [--format text|json|github|gitlab] [--skip-bad-commits]\n"
"                   [--fail-on errors|warnings|overdue[,...]]\n"
"       folio serve [-s DIR] [-p PORT] [--bind ADDR] [--today YYYY-MM-DD]\n"
"                   [--skip-bad-commits]\n"
"       folio new TYPE TITLE [-s DIR] [--today YYYY-MM-DD]\n"
"       folio init DIR [--title TITLE]\n"
"       folio reviewed ID [-s DIR] [--on DATE] [--next DATE | --months N]\n"
"       folio reviews [-s DIR] [--due-within DAYS] [--owner NAME]\n"
"                     [--format md|csv|json] [--today YYYY-MM-DD]\n"
"       folio import FILE.docx [--type TYPE] [-o PATH] [-s DIR]\n"
"       folio --help | --version\n"
"\n"
"  build   build the site into the output folder (default public/)\n"
"  check   validate the site and report problems; writes nothing\n"
"  serve   preview the site, drafts included, on http://127.0.0.1:1313/;\n"
"          rebuild and reload the page on every change\n"
"  new     start a document: TYPE is arrangement, procedure, mou,\n"
"          annual-report, minutes or page\n"
"  init    make a new site in DIR (new or empty): settings, sections, a\n"
"          first document, CI files for GitHub and GitLab\n"
"  reviewed  mark document ID reviewed on DATE (default today): sets\n"
"          last_reviewed and review_date (--next, or --months on, default\n"
"          review.interval_months) in its front matter, changing nothing else\n"
"  reviews list the reviews overdue or due within DAYS (default 60), by\n"
"          owner, as Markdown (default), CSV or JSON\n"
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
"      --skip-bad-commits  leave out of the version history, with a\n"
"                     warning each, commits that cannot be read or published\n"
"  -j, --jobs N       work in N processes (default: one per core)\n"
"      --timings      print the time each stage took\n"
"      --format FMT   check only: text (default), json, github (workflow\n"
"                     commands) or gitlab (code-quality JSON)\n"
"      --fail-on WHAT check only: exit 1 on errors (always), warnings,\n"
"                     overdue reviews; a comma-separated list\n"
"  -q, --quiet        print only diagnostics, no summary\n"
"  -p, --port PORT    serve only: the port (default 1313; 0: any free one)\n"
"      --bind ADDR    serve only: listen on ADDR instead of 127.0.0.1\n"
"\n"
"Exit status: 0 success, 1 the content has errors, 2 usage or environment.\n");
}

static int
parse_format(const char *s, enum format *out)
{
	static const char *const names[] = { "text", "json", "github",
	    "gitlab" };
	size_t	 i;

	for (i = 0; i < NELEM(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	fprintf(stderr, "folio: --format is text, json, github or gitlab, "
	    "not '%s'\n", s);
	return -1;
}

/* "errors,overdue" -> FAIL_ERRORS | FAIL_OVERDUE. */
static int
parse_fail_on(const char *s, int *out)
{
	const char	*p = s, *e;
	size_t		 n;

	*out = FAIL_ERRORS;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 6 && strncmp(p, "errors", n) == 0)
			*out |= FAIL_ERRORS;
		else if (n == 8 && strncmp(p, "warnings", n) == 0)
			*out |= FAIL_WARNINGS;
		else if (n == 7 && strncmp(p, "overdue", n) == 0)
			*out |= FAIL_OVERDUE;
		else {
			fprintf(stderr, "folio: --fail-on takes errors, "
			    "warnings or overdue (or several, with commas), "
			    "not '%s'\n", s);
			return -1;
		}
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/* The commands an option goes with, as a set of CMD_* bits. */
#define FOR_BUILD	(1u << CMD_BUILD)
#define FOR_CHECK	(1u << CMD_CHECK)
#define FOR_SERVE	(1u << CMD_SERVE)
#define FOR_NEW		(1u << CMD_NEW)
#define FOR_ALL		(FOR_BUILD | FOR_CHECK | FOR_SERVE | FOR_NEW)

enum	optkind {
	OPT_FLAG,	/* sets the int at "off" to 1 */
	OPT_STR,	/* sets the const char * at "off" to the argument */
	OPT_PARSE	/* the argument goes through "parse" */
};

/*
 * An option of build, check, serve and new.  "code" is what
 * getopt_long() returns for it: its short letter (in short_opts) where
 * it has one.  A new option is one line in options[] (and its field in
 * struct opts).
 */
struct	optdef {
	const char	*name;
	int		 code;
	unsigned	 cmds;		/* FOR_*: the commands taking it */
	enum optkind	 kind;
	size_t		 off;		/* OPT_FLAG, OPT_STR: the field */
	int		(*parse)(const char *, struct opts *);	/* OPT_PARSE:
					   0, or -1 after a message */
};

static int	 opt_format(const char *, struct opts *);
static int	 opt_fail_on(const char *, struct opts *);
static int	 opt_jobs(const char *, struct opts *);
static int	 opt_port(const char *, struct opts *);

#define FIELD(f)	offsetof(struct opts, f)

static const struct optdef options[] = {
	{ "source", 's', FOR_ALL, OPT_STR, FIELD(srcdir), NULL },
	{ "output", 'o', FOR_BUILD, OPT_STR, FIELD(outdir), NULL },
	{ "today", 'T', FOR_ALL, OPT_STR, FIELD(today), NULL },
	{ "strict", 'S', FOR_BUILD | FOR_CHECK, OPT_FLAG, FIELD(strict),
	    NULL },
	{ "drafts", 'D', FOR_BUILD | FOR_CHECK, OPT_FLAG, FIELD(drafts),
	    NULL },
	{ "format", 'F', FOR_CHECK, OPT_PARSE, 0, opt_format },
	{ "quiet", 'q', FOR_BUILD | FOR_CHECK | FOR_SERVE, OPT_FLAG,
	    FIELD(quiet), NULL },
	{ "owner", 'O', FOR_CHECK, OPT_STR, FIELD(owner), NULL },
	{ "as-of", 'A', FOR_BUILD, OPT_STR, FIELD(as_of), NULL },
	{ "allow-shallow", 'W', FOR_BUILD | FOR_CHECK, OPT_FLAG,
	    FIELD(allow_shallow), NULL },
	{ "skip-bad-commits", 'K', FOR_BUILD | FOR_CHECK | FOR_SERVE, OPT_FLAG,
	    FIELD(skip_bad_commits), NULL },
	{ "no-past-versions", 'P', FOR_BUILD | FOR_CHECK, OPT_FLAG,
	    FIELD(no_past_versions), NULL },
	{ "jobs", 'j', FOR_BUILD | FOR_CHECK | FOR_SERVE, OPT_PARSE, 0,
	    opt_jobs },
	{ "timings", 't', FOR_BUILD | FOR_CHECK | FOR_SERVE, OPT_FLAG,
	    FIELD(timings), NULL },
	{ "port", 'p', FOR_SERVE, OPT_PARSE, 0, opt_port },
	{ "bind", 'B', FOR_SERVE, OPT_STR, FIELD(bind), NULL },
	{ "fail-on", 'f', FOR_CHECK, OPT_PARSE, 0, opt_fail_on },
};

/* The options[] that have a short form, with their arguments. */
static const char short_opts[] = "s:o:qhj:p:";

static int
opt_format(const char *arg, struct opts *o)
{
	return parse_format(arg, &o->format);
}

static int
opt_fail_on(const char *arg, struct opts *o)
{
	return parse_fail_on(arg, &o->fail_on);
}

static int
opt_jobs(const char *arg, struct opts *o)
{
	o->jobs = atoi(arg);
	if (o->jobs < 1 || o->jobs > 256) {
		fprintf(stderr, "folio: -j takes a number of processes from "
		    "1 to 256\n");
		return -1;
	}
	return 0;
}

static int
opt_port(const char *arg, struct opts *o)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 0 || n > 65535) {
		fprintf(stderr, "folio: -p takes a port number from 0 to "
		    "65535\n");
		return -1;
	}
	o->port = (int)n;
	return 0;
}

/*
 * The command in argv[1], into o->cmd.  Prints the usage and exits 0
 * for --help, the version for --version.  Returns 0, or -1 after a
 * message.
 */
static int
parse_command(int argc, char *argv[], struct opts *o)
{
	static const struct {
		const char	*name;
		enum command	 cmd;
	} cmds[] = {
		{ "build", CMD_BUILD },
		{ "check", CMD_CHECK },
		{ "serve", CMD_SERVE },
		{ "new", CMD_NEW },
	};
	size_t	 i;

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
	for (i = 0; i < NELEM(cmds); i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			o->cmd = cmds[i].cmd;
			return 0;
		}
	fprintf(stderr, "folio: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return -1;
}

/* Apply option "od" with argument "arg" (NULL if it takes none). */
static int
apply_option(const struct optdef *od, const char *arg, struct opts *o)
{
	char	*field = (char *)o + od->off;

	switch (od->kind) {
	case OPT_FLAG:
		*(int *)(void *)field = 1;
		return 0;
	case OPT_STR:
		*(const char **)(void *)field = arg;
		return 0;
	case OPT_PARSE:
		return od->parse(arg, o);
	}
	return -1;
}

/*
 * The options after the command, as options[] says.  Prints the usage
 * and exits 0 for --help.  Returns 0, or -1 after a message.
 */
static int
parse_options(int argc, char *argv[], struct opts *o)
{
	struct option	 longopts[NELEM(options) + 2];
	size_t		 i;
	int		 c;

	memset(longopts, 0, sizeof(longopts));
	for (i = 0; i < NELEM(options); i++) {
		longopts[i].name = options[i].name;
		longopts[i].has_arg = options[i].kind == OPT_FLAG ?
		    no_argument : required_argument;
		longopts[i].val = options[i].code;
	}
	longopts[i].name = "help";
	longopts[i].val = 'h';
	optind = 2;
	while ((c = getopt_long(argc, argv, short_opts, longopts, NULL)) !=
	    -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		for (i = 0; i < NELEM(options) && options[i].code != c; i++)
			continue;
		if (i == NELEM(options)) {
			usage(stderr);
			return -1;
		}
		if (!(options[i].cmds & (1u << o->cmd))) {
			fprintf(stderr, "folio: that option does not go with "
			    "'%s'\n", argv[1]);
			return -1;
		}
		if (apply_option(&options[i], optarg, o) == -1)
			return -1;
	}
	return 0;
}

/* What follows the options: new's type and title, else nothing. */
static int
parse_operands(int argc, char *argv[], struct opts *o)
{
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
}

/*
 * The command line of build, check, serve and new into "o" (its
 * defaults set by the caller).  Returns 0, or -1 after a message.
 */
static int
parse_args(int argc, char *argv[], struct opts *o)
{
	if (parse_command(argc, argv, o) == -1 ||
	    parse_options(argc, argv, o) == -1)
		return -1;
	return parse_operands(argc, argv, o);
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

static void
print_diags(const struct opts *o, struct diag *d,
    const struct build_report *rep)
{
	struct buf	 b = BUF_INIT, nofile = BUF_INIT;

	switch (o->format) {
	case FMT_JSON:
		print_json(d, rep, stdout);
		break;
	case FMT_GITHUB:
		ci_github(&b, d);
		break;
	case FMT_GITLAB:
		buf_printf(&nofile, "%s/site.yaml", rep->srcdir != NULL ?
		    rep->srcdir : ".");
		ci_gitlab(&b, d, nofile.data);
		break;
	default:
		diag_print(d, stderr);
		break;
	}
	if (b.len > 0)
		fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
	buf_free(&nofile);
}

/*
 * check's gate: exit 1 on content errors (status from the build), and on
 * warnings or overdue reviews when --fail-on names them.
 */
static int
gate(const struct opts *o, const struct diag *d,
    const struct build_report *rep, int status)
{
	if (status != 0 || o->cmd != CMD_CHECK)
		return status;
	if ((o->fail_on & FAIL_WARNINGS) && d->nwarnings > 0) {
		if (o->format != FMT_JSON)
			fprintf(stderr, "folio: failed: %zu warning%s "
			    "(--fail-on warnings)\n", d->nwarnings,
			    d->nwarnings == 1 ? "" : "s");
		return 1;
	}
	if ((o->fail_on & FAIL_OVERDUE) && rep->have_review &&
	    rep->counts.overdue > 0) {
		if (o->format != FMT_JSON)
			fprintf(stderr, "folio: failed: %zu overdue review%s "
			    "(--fail-on overdue)\n", rep->counts.overdue,
			    rep->counts.overdue == 1 ? "" : "s");
		return 1;
	}
	return 0;
}

/* Print the diagnostics and the summary lines; return "status". */
static int
report(const struct opts *o, struct diag *d, struct build_report *rep,
    int status)
{
	struct buf	 summary = BUF_INIT;
	const char	*p, *nl;
	int		 i;

	print_diags(o, d, rep);
	status = gate(o, d, rep, status);
	if (o->quiet || o->format == FMT_JSON)
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

/* folio init DIR [--title TITLE] */
static int
cmd_init(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct init_opts	 io;
	int			 c;

	memset(&io, 0, sizeof(io));
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		switch (c) {
		case 't':
			io.title = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	if (argc - optind != 1) {
		fprintf(stderr, "folio: init takes one folder: folio init "
		    "handbook\n");
		return 2;
	}
	io.dir = argv[optind];
	return init_run(&io);
}

/* A whole number of days or months from 0 to 3650 into *out. */
static int
parse_count(const char *opt, const char *s, int *out)
{
	char	*end;
	long	 n;

	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 0 || n > 3650) {
		fprintf(stderr, "folio: %s takes a number from 0 to 3650, not "
		    "'%s'\n", opt, s);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* folio reviewed ID [-s DIR] [--on DATE] [--next DATE | --months N] */
static int
cmd_reviewed(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "today", required_argument, NULL, 'T' },
		{ "on", required_argument, NULL, 'o' },
		{ "next", required_argument, NULL, 'n' },
		{ "months", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct reviewed_opts	 ro;
	int			 c;

	memset(&ro, 0, sizeof(ro));
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:", longopts, NULL)) != -1)
		switch (c) {
		case 's':
			ro.srcdir = optarg;
			break;
		case 'T':
			ro.today = optarg;
			break;
		case 'o':
			ro.on = optarg;
			break;
		case 'n':
			ro.next = optarg;
			break;
		case 'm':
			if (parse_count("--months", optarg, &ro.months) == -1)
				return 2;
			if (ro.months < 1 || ro.months > 240) {
				fprintf(stderr, "folio: --months takes 1 to "
				    "240\n");
				return 2;
			}
			break;
		default:
			usage(stderr);
			return 2;
		}
	if (argc - optind != 1 || (ro.next != NULL && ro.months > 0)) {
		fprintf(stderr, "folio: reviewed takes one document id, and "
		    "--next or --months, not both: folio reviewed "
		    "strategy-discussion --months 12\n");
		return 2;
	}
	ro.id = argv[optind];
	return reviewed_run(&ro);
}

/* folio reviews [-s DIR] [--due-within N] [--owner NAME] [--format F] */
static int
cmd_reviews(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "today", required_argument, NULL, 'T' },
		{ "due-within", required_argument, NULL, 'w' },
		{ "owner", required_argument, NULL, 'O' },
		{ "format", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct reviews_opts	 ro;
	int			 c;

	memset(&ro, 0, sizeof(ro));
	ro.within = 60;
	optind = 2;
	while ((c = getopt_long(argc, argv, "s:", longopts, NULL)) != -1)
		switch (c) {
		case 's':
			ro.srcdir = optarg;
			break;
		case 'T':
			ro.today = optarg;
			break;
		case 'w':
			if (parse_count("--due-within", optarg, &ro.within) ==
			    -1)
				return 2;
			break;
		case 'O':
			ro.owner = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "md") == 0)
				ro.format = RF_MD;
			else if (strcmp(optarg, "csv") == 0)
				ro.format = RF_CSV;
			else if (strcmp(optarg, "json") == 0)
				ro.format = RF_JSON;
			else {
				fprintf(stderr, "folio: reviews --format is md, "
				    "csv or json, not '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			usage(stderr);
			return 2;
		}
	if (optind != argc) {
		fprintf(stderr, "folio: unexpected argument '%s'\n",
		    argv[optind]);
		return 2;
	}
	return reviews_run(&ro);
}

/*
 * The commands whose arguments are their own, each parsed by a function
 * of its own; -1 when argv[1] is none of them.
 */
static int
own_command(int argc, char *argv[])
{
	static const struct {
		const char	*name;
		int		(*run)(int, char *[]);
	} cmds[] = {
		{ "init", cmd_init },
		{ "reviewed", cmd_reviewed },
		{ "reviews", cmd_reviews },
	};
	size_t	 i;

	if (argc < 2)
		return -1;
	for (i = 0; i < NELEM(cmds); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc, argv);
	return -1;
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
	if ((status = own_command(argc, argv)) != -1)
		return status;
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
		so.skip_bad_commits = o.skip_bad_commits;
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
	bo.skip_bad_commits = o.skip_bad_commits;
	bo.no_past_versions = o.no_past_versions;
	bo.jobs = o.jobs;
	bo.json = o.format == FMT_JSON;
	bo.last = 1;
	status = build_run(&bo, &d, &rep);
	status = report(&o, &d, &rep, status);
	build_report_free(&rep);
	diag_free(&d);
	history_lib_shutdown();
	return status;
}
