/*
 * statutory.c: what published arrangements cover, and whether the
 * yearly report is overdue (see statutory.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "site.h"
#include "statutory.h"
#include "util.h"

/* One thing to cover, from site.yaml or the defaults. */
struct	want {
	const char		*name;
	const char *const	*headings;
	size_t			 nheadings;
	const char *const	*fields;
	size_t			 nfields;
	size_t			 line;	/* in site.yaml; 0 for a default */
};

static const char *const partners_h[] = { "safeguarding partners",
	"lead safeguarding partners", "statutory partners", "lead partners",
	"governance" };
static const char *const delegates_h[] = { "delegates",
	"delegated safeguarding partners", "delegated partners",
	"executive", "governance" };
static const char *const area_h[] = { "area", "geographical area",
	"local area" };
static const char *const area_f[] = { "area" };
static const char *const scrutiny_h[] = { "independent scrutiny",
	"scrutiny", "independent scrutineer" };
static const char *const agencies_h[] = { "relevant agencies",
	"relevant agency" };
static const char *const report_h[] = { "annual report", "yearly report",
	"annual reports", "yearly reports" };

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const struct want defaults[] = {
	{ "the lead safeguarding partners", partners_h, N(partners_h),
	    NULL, 0, 0 },
	{ "their delegates", delegates_h, N(delegates_h), NULL, 0, 0 },
	{ "the area", area_h, N(area_h), area_f, N(area_f), 0 },
	{ "independent scrutiny", scrutiny_h, N(scrutiny_h), NULL, 0, 0 },
	{ "the relevant agencies", agencies_h, N(agencies_h), NULL, 0, 0 },
	{ "the yearly report", report_h, N(report_h), NULL, 0, 0 },
};

/*
 * Text as words for comparison: ASCII letters lowercased, digits kept,
 * every run of anything else one space, with a space at each end.
 */
static void
words(struct buf *b, const char *s)
{
	buf_reset(b);
	buf_putc(b, ' ');
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			buf_putc(b, *s);
		else if (*s >= 'A' && *s <= 'Z')
			buf_putc(b, (char)(*s - 'A' + 'a'));
		else if (b->data[b->len - 1] != ' ')
			buf_putc(b, ' ');
	}
	if (b->data[b->len - 1] != ' ')
		buf_putc(b, ' ');
}

/*
 * Whether one of a document's headings (hw[0..nh), as words()) holds
 * one of w's aliases (norm, the same as words()) as whole words.
 */
static int
by_heading(const struct buf *hw, size_t nh, const struct want *w,
    char *const *norm)
{
	size_t	 i, j;

	for (i = 0; i < nh; i++)
		for (j = 0; j < w->nheadings; j++)
			if (strlen(norm[j]) > 2 &&
			    strstr(hw[i].data, norm[j]) != NULL)
				return 1;
	return 0;
}

static int
by_field(const struct doc *doc, const struct want *w)
{
	size_t	 i;
	int	 f;

	for (i = 0; i < w->nfields; i++)
		if ((f = fm_field_index(w->fields[i])) >= 0 &&
		    doc->field_line[f] != 0)
			return 1;
	return 0;
}

/* "'a', 'b' or 'c'" */
static void
put_choices(struct buf *b, const char *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " :
		    ", ", v[i]);
}

static void
uncovered(struct diag *d, const struct doc *doc, const struct want *w)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "published arrangements should cover %s: ", w->name);
	if (w->nheadings > 0) {
		BUF_PUTSL(&b, "no heading with ");
		put_choices(&b, w->headings, w->nheadings);
	}
	if (w->nfields > 0) {
		buf_puts(&b, w->nheadings > 0 ? " and no field " :
		    "no field ");
		put_choices(&b, w->fields, w->nfields);
	}
	buf_puts(&b, w->line != 0 ? " (site.yaml arrangements.covers)" :
	    " (Working Together; site.yaml arrangements.covers)");
	diag_add(d, DIAG_WARNING, doc->path, 0, 0, "%s", b.data);
	buf_free(&b);
}

/* The things to cover: site.yaml's, else the defaults; *n of them. */
static struct want *
wants(struct diag *d, const struct config *cfg, const char *cfgpath,
    size_t *n)
{
	struct want	*v;
	size_t		 i, j;

	if (!cfg->covers_set) {
		*n = N(defaults);
		v = xreallocarray(NULL, *n, sizeof(*v));
		memcpy(v, defaults, sizeof(defaults));
		return v;
	}
	v = xcalloc(cfg->ncovers + 1, sizeof(*v));
	for (i = *n = 0; i < cfg->ncovers; i++) {
		const struct cover *c = &cfg->covers[i];

		if (c->name == NULL)
			continue;
		for (j = 0; j < c->nfields; j++)
			if (fm_field_index(c->fields[j]) < 0)
				diag_add(d, DIAG_ERROR, cfgpath, c->line, 0,
				    "arrangements.covers: '%s' is not a front "
				    "matter field", c->fields[j]);
		v[*n].name = c->name;
		v[*n].headings = (const char *const *)c->headings;
		v[*n].nheadings = c->nheadings;
		v[*n].fields = (const char *const *)c->fields;
		v[*n].nfields = c->nfields;
		v[(*n)++].line = c->line;
	}
	return v;
}

static void
check_coverage(struct diag *d, const struct site *s, const char *cfgpath)
{
	struct want	*v;
	struct buf	 b = BUF_INIT, *hw;
	char		***norm;
	size_t		 i, j, k, n, nh;

	v = wants(d, &s->cfg, cfgpath, &n);
	/* Each alias and each heading made words once, not per pair. */
	norm = xcalloc(n + 1, sizeof(*norm));
	for (j = 0; j < n; j++) {
		norm[j] = xcalloc(v[j].nheadings + 1, sizeof(*norm[j]));
		for (k = 0; k < v[j].nheadings; k++) {
			words(&b, v[j].headings[k]);
			norm[j][k] = xstrdup(b.data);
		}
	}
	for (i = 0; i < s->ndocs; i++) {
		const struct doc *doc = s->docs[i];

		if (doc->type != DT_ARRANGEMENT || doc->status != ST_CURRENT)
			continue;
		nh = doc->scan.nheadings;
		hw = xcalloc(nh + 1, sizeof(*hw));
		for (k = 0; k < nh; k++) {
			buf_init(&hw[k]);
			words(&hw[k], doc->scan.headings[k].text);
		}
		for (j = 0; j < n; j++)
			if (!by_field(doc, &v[j]) &&
			    !by_heading(hw, nh, &v[j], norm[j]))
				uncovered(d, doc, &v[j]);
		for (k = 0; k < nh; k++)
			buf_free(&hw[k]);
		free(hw);
	}
	for (j = 0; j < n; j++) {
		for (k = 0; k < v[j].nheadings; k++)
			free(norm[j][k]);
		free(norm[j]);
	}
	free(norm);
	free(v);
	buf_free(&b);
}

/* The end of the period an annual report covers; -1 if it gives none. */
static int
period_end(const struct doc *doc, struct date *end)
{
	if (doc->period != NULL)
		*end = doc->period_end;
	else if (date_isset(&doc->date))
		*end = doc->date;
	else
		return -1;
	return 0;
}

static void
check_cadence(struct diag *d, const struct site *s)
{
	const struct doc	*newest = NULL, *doc;
	struct date		 end, last, due;
	struct buf		 a = BUF_INIT, b = BUF_INIT;
	size_t			 i;
	int			 months = s->cfg.report_months > 0 ?
				    s->cfg.report_months : 12;

	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (doc->type != DT_ANNUAL_REPORT || doc->status == ST_DRAFT ||
		    period_end(doc, &end) == -1)
			continue;
		if (newest == NULL || date_cmp(&end, &last) > 0) {
			newest = doc;
			last = end;
		}
	}
	if (newest == NULL || !date_isset(&s->today))
		return;
	date_add_months(&last, months, &due);
	if (date_cmp(&s->today, &due) <= 0)
		return;
	date_format_uk(&a, &last);
	date_format_uk(&b, &due);
	diag_add(d, DIAG_WARNING, newest->path, newest->field_line[
	    newest->period != NULL ? F_PERIOD : F_DATE], 0, "the newest "
	    "annual report covers the period to %s: the next yearly report "
	    "was due by %s (%d months after; site.yaml "
	    "arrangements.yearly_report_months)", a.data, b.data, months);
	buf_free(&a);
	buf_free(&b);
}

void
statutory_check(struct diag *d, const struct site *s, const char *cfgpath)
{
	check_coverage(d, s, cfgpath);
	check_cadence(d, s);
}
