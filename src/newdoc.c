/*
 * newdoc.c: folio new (see newdoc.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "frontmatter.h"
#include "newdoc.h"
#include "site.h"
#include "util.h"

/* The types folio new starts, and the folder each lives in. */
static const struct {
	const char	*type;
	const char	*folder;	/* NULL: the top of the site */
	int		 reviewed;	/* owner and review dates */
	int		 dated;		/* a date of its own */
} kinds[] = {
	{ "arrangement", "arrangements", 1, 0 },
	{ "procedure", "procedures", 1, 0 },
	{ "mou", "mou", 1, 0 },
	{ "annual-report", "annual-reports", 0, 1 },
	{ "minutes", "minutes", 0, 1 },
	{ "page", NULL, 0, 0 },
};

void
newdoc_slug(struct buf *out, const char *title)
{
	size_t		 start = out->len;
	const char	*p;
	int		 dash = 0;
	char		 c;

	for (p = title; *p != '\0'; p++) {
		c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out->len > start)
				buf_putc(out, '-');
			dash = 0;
			buf_putc(out, c);
		} else
			dash = 1;
	}
}

static void
put_date(struct buf *b, const char *key, const struct date *dt,
    const char *comment)
{
	buf_printf(b, "%s: ", key);
	date_format_iso(b, dt);
	if (comment != NULL)
		buf_printf(b, "%*s# %s", (int)(14 - strlen(key)), "", comment);
	buf_putc(b, '\n');
}

/* The whole file: front matter for the type, then a starting body. */
static void
compose(struct buf *b, const struct config *cfg, size_t kind,
    enum doc_type type, const char *title, const struct date *today)
{
	struct date	 due;
	size_t		 i, j;
	int		 months = cfg->interval_months;

	/* Without its own setting, never past review.max_months. */
	if (cfg->interval_line == 0 && cfg->max_months > 0 &&
	    cfg->max_months < months)
		months = cfg->max_months;
	BUF_PUTSL(b, "---\ntitle: ");
	yaml_quote(b, title);
	BUF_PUTSL(b, "\nsummary: ");
	yaml_quote(b, FM_SUMMARY_PLACEHOLDER);
	buf_putc(b, '\n');
	if (kinds[kind].reviewed) {
		buf_printf(b, "owner: %s   # the group or post that reviews "
		    "it\n", FM_OWNER_PLACEHOLDER);
		BUF_PUTSL(b, "approved:                # the day it is "
		    "approved, YYYY-MM-DD\n");
		put_date(b, "last_reviewed", today, NULL);
		date_add_months(today, months, &due);
		buf_printf(b, "review_date: ");
		date_format_iso(b, &due);
		buf_printf(b, "   # in %d months (review.interval_months)\n",
		    months);
	}
	if (kinds[kind].dated)
		put_date(b, "date", today, "the meeting's or report's date");
	BUF_PUTSL(b, "status: draft   # current once it is approved\n---\n\n");
	/* The headings site.yaml requires of this type, ready to fill. */
	for (i = 0; i < cfg->nrequired; i++) {
		if (cfg->required[i].type != type)
			continue;
		for (j = 0; j < cfg->required[i].nheadings; j++)
			buf_printf(b, "## %s\n\n\n",
			    cfg->required[i].headings[j]);
	}
	buf_printf(b, "%s\n", FM_BODY_PLACEHOLDER);
}

static int
write_new(const char *path, const struct buf *b)
{
	const char	*p = b->data;
	size_t		 left = b->len;
	ssize_t		 n;
	int		 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	while (left > 0) {
		n = write(fd, p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			(void)unlink(path);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	if (close(fd) == -1) {
		(void)unlink(path);
		return -1;
	}
	return 0;
}

int
newdoc_run(const struct newdoc_opts *o)
{
	struct config	 cfg;
	struct diag	 d;
	struct date	 today;
	struct stat	 st;
	struct buf	 cfgpath = BUF_INIT, slug = BUF_INIT, path = BUF_INIT;
	struct buf	 text = BUF_INIT;
	const char	*srcdir = o->srcdir, *why, *p;
	size_t		 kind;
	int		 status = 2, type;

	memset(&cfg, 0, sizeof(cfg));
	diag_init(&d);
	for (kind = 0; kind < NELEM(kinds); kind++)
		if (strcmp(kinds[kind].type, o->type) == 0)
			break;
	if (kind == NELEM(kinds)) {
		fprintf(stderr, "folio: new: unknown type '%s' (arrangement, "
		    "procedure, mou, annual-report, minutes or page)\n",
		    o->type);
		goto out;
	}
	type = doc_type_parse(o->type);
	for (p = o->title; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			fprintf(stderr, "folio: new: the title must be one "
			    "line of text\n");
			goto out;
		}
	newdoc_slug(&slug, o->title);
	if (slug.len == 0) {
		fprintf(stderr, "folio: new: no file name can be made from "
		    "'%s': give a title with letters or digits\n", o->title);
		goto out;
	}
	if (date_today(o->today, &today, &why) == -1) {
		fprintf(stderr, "folio: --today %s: %s\n",
		    o->today != NULL ? o->today : "", why);
		goto out;
	}
	srcdir = config_folder(srcdir);
	buf_printf(&cfgpath, "%s/site.yaml", srcdir);
	if (access(cfgpath.data, F_OK) != 0) {
		fprintf(stderr, "folio: %s: no site.yaml: not a site folder "
		    "(give one with -s)\n", srcdir);
		goto out;
	}
	if (config_load(&d, cfgpath.data, &cfg) == -1) {
		diag_print(&d, stderr);
		status = 1;
		goto out;
	}

	buf_puts(&path, srcdir);
	if (kinds[kind].folder != NULL) {
		buf_printf(&path, "/%s", kinds[kind].folder);
		if (mkdir(path.data, 0755) == -1 && errno != EEXIST) {
			fprintf(stderr, "folio: %s: cannot create folder: %s\n",
			    path.data, strerror(errno));
			goto out;
		}
		if (stat(path.data, &st) == -1 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "folio: %s: not a folder\n", path.data);
			goto out;
		}
	}
	buf_printf(&path, "/%s.md", slug.data);
	compose(&text, &cfg, kind, (enum doc_type)type, o->title, &today);
	if (write_new(path.data, &text) == -1) {
		if (errno == EEXIST) {
			fprintf(stderr, "%s: error: already exists; folio new "
			    "never replaces a file (choose another title, or "
			    "edit this one)\n", path.data);
			status = 1;
		} else
			fprintf(stderr, "folio: %s: cannot write: %s\n",
			    path.data, strerror(errno));
		goto out;
	}
	printf("%s\n", path.data);
	status = 0;
out:
	config_free(&cfg);
	diag_free(&d);
	buf_free(&cfgpath);
	buf_free(&slug);
	buf_free(&path);
	buf_free(&text);
	return status;
}
