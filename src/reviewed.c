/*
 * reviewed.c: folio reviewed and folio reviews (see reviewed.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "content.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "index.h"
#include "readfile.h"
#include "review.h"
#include "reviewed.h"
#include "site.h"
#include "util.h"
#include "yamlget.h"

/*
 * The bytes of the value of "key:" on line[0..n): [*vs, *ve), inside the
 * quotes when quoted, before a comment.  Returns 0 when the line does not
 * give that key.
 */
static int
value_span(const char *line, size_t n, const char *key, size_t *vs,
    size_t *ve)
{
	size_t	 k = strlen(key), i, j;
	char	 q;

	if (n <= k || strncmp(line, key, k) != 0 || line[k] != ':')
		return 0;
	for (i = k + 1; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i < n && (line[i] == '"' || line[i] == '\'')) {
		q = line[i];
		for (j = i + 1; j < n && line[j] != q; j++)
			;
		*vs = i + 1;
		*ve = j;
		return 1;
	}
	for (j = i; j < n; j++)
		if (line[j] == '#' && (j == i || line[j - 1] == ' ' ||
		    line[j - 1] == '\t'))
			break;
	while (j > i && (line[j - 1] == ' ' || line[j - 1] == '\t'))
		j--;
	*vs = i;
	*ve = j;
	return 1;
}

/* Copy one line, its value of "key" replaced by "val". */
static void
put_replaced(struct buf *out, const char *line, size_t n, size_t vs,
    size_t ve, const char *val)
{
	buf_put(out, line, vs);
	if (vs == ve && (vs == 0 || line[vs - 1] == ':'))
		buf_putc(out, ' ');
	buf_puts(out, val);
	if (vs == ve && ve < n && line[ve] == '#')
		buf_putc(out, ' ');
	buf_put(out, line + ve, n - ve);
}

int
reviewed_edit(const char *text, size_t len, const struct date *on,
    const struct date *next, struct buf *out)
{
	static const char *const keys[2] = { "last_reviewed", "review_date" };
	struct buf	 val[2] = { BUF_INIT, BUF_INIT };
	const char	*p = text, *end = text + len, *nl;
	size_t		 n, vs, ve, after_owner = 0, close = 0, k;
	int		 found[2] = { 0, 0 }, done;

	if (len < 4 || strncmp(text, "---\n", 4) != 0)
		return -1;
	date_format_iso(&val[0], on);
	date_format_iso(&val[1], next);
	buf_put(out, text, 4);
	for (p = text + 4; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if ((n == 3 && (strncmp(p, "---", 3) == 0 ||
		    strncmp(p, "...", 3) == 0))) {
			close = out->len;
			break;
		}
		done = 0;
		for (k = 0; k < 2 && !done; k++)
			if (!found[k] && value_span(p, n, keys[k], &vs, &ve)) {
				put_replaced(out, p, n, vs, ve, val[k].data);
				found[k] = done = 1;
			}
		if (!done)
			buf_put(out, p, n);
		if (nl < end)
			buf_putc(out, '\n');
		if (n > 6 && strncmp(p, "owner:", 6) == 0)
			after_owner = out->len;
	}
	if (p >= end) {
		buf_free(&val[0]);
		buf_free(&val[1]);
		return -1;
	}
	buf_put(out, p, (size_t)(end - p));
	/* Add what is missing after owner:, else before the closing line. */
	if (!found[0] || !found[1]) {
		struct buf	 add = BUF_INIT, whole = BUF_INIT;
		size_t		 at = after_owner != 0 ? after_owner : close;

		for (k = 0; k < 2; k++)
			if (!found[k])
				buf_printf(&add, "%s: %s\n", keys[k],
				    val[k].data);
		buf_put(&whole, out->data, at);
		buf_put(&whole, add.data, add.len);
		buf_put(&whole, out->data + at, out->len - at);
		buf_reset(out);
		buf_put(out, whole.data, whole.len);
		buf_free(&add);
		buf_free(&whole);
	}
	buf_free(&val[0]);
	buf_free(&val[1]);
	return 0;
}

/*
 * Read the site as check would, without history: settings, documents,
 * the index.  Returns 0, 1 after printing the site's errors (the site is
 * still usable when its documents could be read), or 2.
 */
static int
load_site(const char *given, const char *todayarg, struct site *site)
{
	struct diag	 d;
	struct buf	 cfgpath = BUF_INIT;
	const char	*srcdir = config_folder(given), *why;
	int		 status = 2;

	diag_init(&d);
	site->srcdir = (char *)srcdir;	/* borrowed: unset before site_free */
	buf_printf(&cfgpath, "%s/site.yaml", srcdir);
	if (access(cfgpath.data, F_OK) != 0) {
		fprintf(stderr, "folio: %s: no site.yaml: not a site folder "
		    "(give one with -s)\n", srcdir);
		goto out;
	}
	if (date_today(todayarg, &site->today, &why) == -1) {
		fprintf(stderr, "folio: --today %s: %s\n",
		    todayarg != NULL ? todayarg : "", why);
		goto out;
	}
	if (config_load(&d, cfgpath.data, &site->cfg) == -1) {
		diag_print(&d, stderr);
		goto out;
	}
	(void)content_load(&d, site);
	(void)index_build(&d, site, 1);
	diag_print(&d, stderr);
	status = d.nerrors > 0 ? 1 : 0;
out:
	buf_free(&cfgpath);
	diag_free(&d);
	return status;
}

/* The document with id "id", or NULL after saying so, with a hint. */
static struct doc *
find_doc(const struct site *site, const char *id)
{
	const char	**ids, *hint;
	size_t		  i;

	for (i = 0; i < site->ndocs; i++)
		if (site->docs[i]->id != NULL &&
		    strcmp(site->docs[i]->id, id) == 0)
			return site->docs[i];
	ids = xcalloc(site->ndocs + 1, sizeof(*ids));
	for (i = 0; i < site->ndocs; i++)
		ids[i] = site->docs[i]->id != NULL ? site->docs[i]->id : "";
	hint = yget_suggest(id, ids);
	if (hint != NULL)
		fprintf(stderr, "folio: reviewed: no document has the id '%s' "
		    "(did you mean '%s'?)\n", id, hint);
	else
		fprintf(stderr, "folio: reviewed: no document has the id "
		    "'%s'\n", id);
	free(ids);
	return NULL;
}

/* Write "b" over "path" through a file beside it. */
static int
replace_file(const char *path, const struct buf *b, mode_t mode)
{
	struct buf	 tmp = BUF_INIT;
	const char	*slash = strrchr(path, '/');
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd, rc = -1;

	if (slash != NULL)
		buf_printf(&tmp, "%.*s/.%s.XXXXXX", (int)(slash - path),
		    path, slash + 1);
	else
		buf_printf(&tmp, ".%s.XXXXXX", path);
	if ((fd = mkstemp(tmp.data)) == -1)
		goto out;
	while (off < b->len) {
		n = write(fd, b->data + off, b->len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < b->len || fchmod(fd, mode & 07777) == -1 ||
	    fsync(fd) == -1) {
		close(fd);
		(void)unlink(tmp.data);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp.data, path) == -1) {
		(void)unlink(tmp.data);
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

/* The new dates: --on (else today), --next (else on + months). */
static int
new_dates(const struct reviewed_opts *o, const struct site *site,
    struct date *on, struct date *next)
{
	const struct config	*cfg = &site->cfg;
	const char		*why;
	int			 months = cfg->interval_months;

	*on = site->today;
	if (o->on != NULL && date_parse(o->on, strlen(o->on), on, &why) ==
	    -1) {
		fprintf(stderr, "folio: --on %s: %s\n", o->on, why);
		return -1;
	}
	if (o->next != NULL) {
		if (date_parse(o->next, strlen(o->next), next, &why) == -1) {
			fprintf(stderr, "folio: --next %s: %s\n", o->next,
			    why);
			return -1;
		}
	} else {
		if (o->months > 0)
			months = o->months;
		else if (cfg->interval_line == 0 && cfg->max_months > 0 &&
		    cfg->max_months < months)
			months = cfg->max_months;
		date_add_months(on, months, next);
	}
	if (date_cmp(next, on) <= 0) {
		fprintf(stderr, "folio: reviewed: the next review must come "
		    "after the review (--next after --on)\n");
		return -1;
	}
	return 0;
}

int
reviewed_run(const struct reviewed_opts *o)
{
	struct site	 site;
	struct doc	*doc;
	struct date	 on, next;
	struct stat	 st;
	struct buf	 text = BUF_INIT, out = BUF_INIT;
	int		 status;

	memset(&site, 0, sizeof(site));
	if ((status = load_site(o->srcdir, o->today, &site)) == 2)
		goto done;
	status = 1;
	if ((doc = find_doc(&site, o->id)) == NULL)
		goto done;
	if (!doc_type_reviewable(doc->type) && doc->type != DT_PAGE) {
		fprintf(stderr, "%s: error: %s documents have no review "
		    "dates\n", doc->path, doc_type_label(doc->type));
		goto done;
	}
	status = 2;
	if (new_dates(o, &site, &on, &next) == -1)
		goto done;
	if (lstat(doc->path, &st) == -1) {
		fprintf(stderr, "folio: %s: %s\n", doc->path, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "folio: %s: %s\n", doc->path,
		    S_ISLNK(st.st_mode) ? "a symbolic link: folio reviewed "
		    "edits only the file itself" : "not a regular file");
		goto done;
	}
	if (read_file_errno(doc->path, &text) == -1 ||
	    reviewed_edit(text.data, text.len, &on, &next, &out) == -1) {
		fprintf(stderr, "folio: %s: cannot read its front matter\n",
		    doc->path);
		goto done;
	}
	if (replace_file(doc->path, &out, st.st_mode) == -1) {
		fprintf(stderr, "folio: %s: cannot write: %s\n", doc->path,
		    strerror(errno));
		goto done;
	}
	buf_reset(&text);
	buf_printf(&text, "%s: last_reviewed ", doc->path);
	date_format_iso(&text, &on);
	BUF_PUTSL(&text, ", review_date ");
	date_format_iso(&text, &next);
	printf("%s\n", text.data);
	status = 0;
done:
	site.srcdir = NULL;
	site_free(&site);
	buf_free(&text);
	buf_free(&out);
	return status;
}

/* A document's address: absolute with a base_url, else from the root. */
static void
put_url(struct buf *b, const struct site *site, const struct doc *doc)
{
	const struct config *cfg = &site->cfg;

	buf_puts(b, cfg->base_url != NULL && cfg->base_url[0] != '/' ?
	    cfg->base_url : cfg->base_path);
	buf_puts(b, doc->url != NULL ? doc->url : "");
}

/* The contact site.yaml gives for "owner", or NULL. */
static const char *
owner_contact(const struct site *site, const char *owner)
{
	size_t	 i;

	if (owner == NULL)
		return NULL;
	for (i = 0; i < site->cfg.nowners; i++)
		if (strcasecmp(site->cfg.owners[i].name, owner) == 0)
			return site->cfg.owners[i].contact;
	return NULL;
}

/* Markdown text in a table cell or a link's text. */
static void
md_escape(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (strchr("\\|[]*_`<>", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/* A date in words, or "none". */
static void
md_date(struct buf *b, const struct date *dt)
{
	if (date_isset(dt))
		date_format_uk(b, dt);
	else
		BUF_PUTSL(b, "none");
}

/* The report as Markdown: a heading and a table per owner. */
static void
report_md(struct buf *b, const struct site *site, struct doc **v, size_t n,
    const struct date *by)
{
	const char	*owner = NULL, *contact;
	long		 late;
	size_t		 i;

	BUF_PUTSL(b, "# Reviews due by ");
	date_format_uk(b, by);
	BUF_PUTSL(b, "\n\n");
	md_escape(b, site->cfg.title);
	BUF_PUTSL(b, ", ");
	date_format_uk(b, &site->today);
	buf_printf(b, ": %zu document%s to review.\n", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (i == 0 || strcasecmp(owner != NULL ? owner : "",
		    v[i]->owner != NULL ? v[i]->owner : "") != 0) {
			owner = v[i]->owner;
			BUF_PUTSL(b, "\n## ");
			if (owner != NULL)
				md_escape(b, owner);
			else
				BUF_PUTSL(b, "No owner");
			if ((contact = owner_contact(site, owner)) != NULL) {
				BUF_PUTSL(b, " (");
				md_escape(b, contact);
				buf_putc(b, ')');
			}
			BUF_PUTSL(b, "\n\n| Document | Last reviewed | "
			    "Review date | Days overdue |\n|---|---|---|---|\n");
		}
		BUF_PUTSL(b, "| [");
		md_escape(b, v[i]->title);
		BUF_PUTSL(b, "](");
		put_url(b, site, v[i]);
		BUF_PUTSL(b, ") | ");
		md_date(b, &v[i]->last_reviewed);
		BUF_PUTSL(b, " | ");
		md_date(b, &v[i]->review_date);
		late = date_days(&site->today) - date_days(&v[i]->review_date);
		if (late > 0)
			buf_printf(b, " | %ld |\n", late);
		else if (late == 0)
			BUF_PUTSL(b, " | due today |\n");
		else
			buf_printf(b, " | due in %ld day%s |\n", -late,
			    late == -1 ? "" : "s");
	}
}

/* One CSV field (empty for NULL), then a comma or the row's end. */
static void
csv_str(struct buf *b, const char *s, int last)
{
	if (s != NULL)
		csv_escape(b, s, strlen(s));
	buf_puts(b, last ? "\r\n" : ",");
}

/* The report as CSV, one row per review. */
static void
report_csv(struct buf *b, const struct site *site, struct doc **v, size_t n)
{
	struct buf	 f = BUF_INIT;
	size_t		 i;

	BUF_PUTSL(b, "owner,contact,title,type,state,last_reviewed,"
	    "review_date,days_overdue,url\r\n");
	for (i = 0; i < n; i++) {
		csv_str(b, v[i]->owner, 0);
		csv_str(b, owner_contact(site, v[i]->owner), 0);
		csv_str(b, v[i]->title, 0);
		csv_str(b, doc_type_name(v[i]->type), 0);
		csv_str(b, review_state_name(review_state_of(v[i],
		    &site->today, site->cfg.warn_days)), 0);
		buf_reset(&f);
		if (date_isset(&v[i]->last_reviewed))
			date_format_iso(&f, &v[i]->last_reviewed);
		csv_str(b, f.data, 0);
		buf_reset(&f);
		date_format_iso(&f, &v[i]->review_date);
		csv_str(b, f.data, 0);
		buf_printf(b, "%ld,", date_days(&site->today) -
		    date_days(&v[i]->review_date));
		buf_reset(&f);
		put_url(&f, site, v[i]);
		csv_str(b, f.data, 1);
	}
	buf_free(&f);
}

/* The report as one JSON object. */
static void
report_json(struct buf *b, const struct site *site, struct doc **v,
    size_t n, const struct date *by, int within)
{
	struct buf	 url = BUF_INIT;
	size_t		 i;

	BUF_PUTSL(b, "{\"today\":");
	date_format_json(b, &site->today);
	BUF_PUTSL(b, ",\"due_by\":");
	date_format_json(b, by);
	buf_printf(b, ",\"within_days\":%d,\"reviews\":[", within);
	for (i = 0; i < n; i++) {
		buf_puts(b, i > 0 ? ",\n" : "\n");
		BUF_PUTSL(b, "{\"id\":");
		json_string(b, v[i]->id);
		BUF_PUTSL(b, ",\"title\":");
		json_string(b, v[i]->title);
		BUF_PUTSL(b, ",\"type\":");
		json_string(b, doc_type_name(v[i]->type));
		BUF_PUTSL(b, ",\"owner\":");
		json_string(b, v[i]->owner);
		BUF_PUTSL(b, ",\"contact\":");
		json_string(b, owner_contact(site, v[i]->owner));
		BUF_PUTSL(b, ",\"state\":");
		json_string(b, review_state_name(review_state_of(v[i],
		    &site->today, site->cfg.warn_days)));
		BUF_PUTSL(b, ",\"last_reviewed\":");
		date_format_json(b, &v[i]->last_reviewed);
		BUF_PUTSL(b, ",\"review_date\":");
		date_format_json(b, &v[i]->review_date);
		buf_printf(b, ",\"days_overdue\":%ld,\"path\":",
		    date_days(&site->today) - date_days(&v[i]->review_date));
		json_string(b, v[i]->path);
		BUF_PUTSL(b, ",\"url\":");
		buf_reset(&url);
		put_url(&url, site, v[i]);
		json_string(b, url.data);
		buf_putc(b, '}');
	}
	BUF_PUTSL(b, "\n]}\n");
	buf_free(&url);
}

int
reviews_run(const struct reviews_opts *o)
{
	struct site	 site;
	struct doc	**all = NULL, **v = NULL;
	struct date	 by;
	struct buf	 b = BUF_INIT;
	const char	*hint;
	size_t		 i, n, nv = 0;
	int		 status;

	memset(&site, 0, sizeof(site));
	if ((status = load_site(o->srcdir, o->today, &site)) == 2)
		goto done;
	if (o->owner != NULL && !review_owner_known(&site, o->owner)) {
		hint = review_owner_suggest(&site, o->owner);
		fprintf(stderr, "folio: reviews: no such owner '%s'%s%s%s\n",
		    o->owner, hint != NULL ? " (did you mean '" : "",
		    hint != NULL ? hint : "", hint != NULL ? "'?)" : "");
		status = 2;
		goto done;
	}
	date_from_days(date_days(&site.today) + o->within, &by);
	n = review_schedule(&site, &all);
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		if (date_isset(&all[i]->review_date) &&
		    date_cmp(&all[i]->review_date, &by) <= 0 &&
		    review_owner_is(all[i], o->owner))
			v[nv++] = all[i];
	if (o->format == RF_CSV)
		report_csv(&b, &site, v, nv);
	else if (o->format == RF_JSON)
		report_json(&b, &site, v, nv, &by, o->within);
	else
		report_md(&b, &site, v, nv, &by);
	fwrite(b.data, 1, b.len, stdout);
done:
	site.srcdir = NULL;
	site_free(&site);
	free(all);
	free(v);
	buf_free(&b);
	return status;
}
