/*
 * page.c: what every page writer builds pages from (page.h): the site
 * context, a document's metadata and page context, breadcrumbs, the
 * search page's lists, and writing a rendered page with its sitemap
 * entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "history.h"
#include "links.h"
#include "markdown.h"
#include "output.h"
#include "page.h"
#include "review.h"
#include "search.h"
#include "site.h"
#include "slug.h"
#include "strmap.h"
#include "template.h"
#include "theme.h"
#include "util.h"
#include "versions.h"

/* {iso, text} for a date, or nothing when unset. */
void
page_set_date(struct tval *m, const char *key, const struct date *dt)
{
	struct tval	*v;
	struct buf	 b = BUF_INIT;

	if (!date_isset(dt))
		return;
	v = tv_map();
	date_format_iso(&b, dt);
	tv_set(v, "iso", tv_str_own(buf_detach(&b)));
	date_format_uk(&b, dt);
	tv_set(v, "text", tv_str_own(buf_detach(&b)));
	tv_set(m, key, v);
}

/* The site-absolute URL of a site-relative one. */
char *
page_url(const struct site *s, const char *rel)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s%s", s->cfg.base_path, rel);
	return buf_detach(&b);
}

/* The URL of a section's index. */
char *
page_section_url(const struct site *s, const struct section *sec)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s%s/", s->cfg.base_path, sec->name);
	return buf_detach(&b);
}

/* One number: {label, number, tel, hours}. */
static struct tval *
concern_number_ctx(const struct concern_number *n)
{
	struct tval	*m = tv_map();

	tv_set_str(m, "label", n->label);
	tv_set_str(m, "number", n->number);
	tv_set_str(m, "tel", n->tel);
	/* Set even when empty, so that no outer "hours" shows through. */
	tv_set_str(m, "hours", n->hours != NULL ? n->hours : "");
	return m;
}

static struct tval *
concern_numbers_ctx(const struct concern_number *v, size_t n)
{
	struct tval	*list = tv_list();
	size_t		 i;

	for (i = 0; i < n; i++)
		tv_push(list, concern_number_ctx(&v[i]));
	return list;
}

/*
 * site.concern: {heading, text, emergency, numbers, out_of_hours, form,
 * areas [{name, numbers, out_of_hours}], first (the number the header
 * shows), url (the /worried/ page)}; not set when site.yaml has none.
 */
static void
add_concern(struct tval *m, const struct site *s)
{
	if (s->cfg.concern.set)
		tv_set(m, "concern", page_concern_ctx(s, &s->cfg.concern));
}

struct tval *
page_concern_ctx(const struct site *s, const struct concern *c)
{
	struct tval		*t, *areas, *a;
	size_t			 i;

	t = tv_map();
	tv_set_str(t, "heading", c->heading);
	tv_set_str(t, "text", c->text != NULL ? c->text : "");
	tv_set_str(t, "emergency", c->emergency);
	tv_set_bool(t, "has_numbers", c->nnumbers > 0 ||
	    c->out_of_hours != NULL);
	tv_set(t, "numbers", concern_numbers_ctx(c->numbers, c->nnumbers));
	if (c->out_of_hours != NULL)
		tv_set(t, "out_of_hours", concern_number_ctx(c->out_of_hours));
	else
		tv_set_bool(t, "out_of_hours", 0);
	tv_set_str(t, "form", c->form != NULL ? c->form : "");
	areas = tv_list();
	for (i = 0; i < c->nareas; i++) {
		a = tv_map();
		tv_set_str(a, "name", c->areas[i].name);
		tv_set(a, "numbers", concern_numbers_ctx(c->areas[i].numbers,
		    c->areas[i].nnumbers));
		if (c->areas[i].out_of_hours != NULL)
			tv_set(a, "out_of_hours", concern_number_ctx(
			    c->areas[i].out_of_hours));
		else
			tv_set_bool(a, "out_of_hours", 0);
		tv_push(areas, a);
	}
	tv_set_bool(t, "has_areas", c->nareas > 0);
	tv_set(t, "areas", areas);
	if (c->nnumbers > 0)
		tv_set(t, "first", concern_number_ctx(&c->numbers[0]));
	else
		tv_set_bool(t, "first", 0);
	tv_set(t, "url", tv_str_own(page_url(s, "worried/")));
	return t;
}

/*
 * How the navigation marks a link to "url" (site-relative, ends in '/')
 * on the page at "rel": "page" on the page itself, "true" on a page
 * inside it, NULL elsewhere.
 */
static const char *
nav_current(const char *url, const char *rel)
{
	size_t	 n = strlen(url);

	if (rel == NULL || n == 0 || strncmp(rel, url, n) != 0)
		return NULL;
	return rel[n] == '\0' ? "page" : "true";
}

/* site.current_agencies, site.current_glossary, site.current_search. */
static void
add_nav_current(struct tval *m, const struct site *s, const char *rel)
{
	const char	*c;

	if (s->agencies != NULL && (c = nav_current(s->agencies->url,
	    rel)) != NULL)
		tv_set_str(m, "current_agencies", c);
	if (s->glossary != NULL && (c = nav_current(s->glossary->url,
	    rel)) != NULL)
		tv_set_str(m, "current_glossary", c);
	if ((c = nav_current("search/", rel)) != NULL)
		tv_set_str(m, "current_search", c);
	if ((c = nav_current("worried/", rel)) != NULL)
		tv_set_str(m, "current_worried", c);
}

/*
 * site.partnerships [{id, name, short_name, url, current}],
 * site.has_partnerships, site.partnerships_url and
 * site.current_partnerships, when site.yaml declares partnerships.
 */
static void
add_partnerships(struct tval *m, const struct site *s, const char *rel)
{
	struct tval	*list = tv_list(), *p;
	struct buf	 b = BUF_INIT;
	const char	*c;
	size_t		 i;

	for (i = 0; i < s->cfg.npartnerships; i++) {
		p = tv_map();
		tv_set_str(p, "id", s->cfg.partnerships[i].id);
		tv_set_str(p, "name", s->cfg.partnerships[i].name);
		tv_set_str(p, "short_name", s->cfg.partnerships[i].short_name);
		buf_reset(&b);
		buf_printf(&b, "partnerships/%s/", s->cfg.partnerships[i].id);
		tv_set(p, "url", tv_str_own(page_url(s, b.data)));
		c = nav_current(b.data, rel);
		tv_set_str(p, "current", c != NULL ? c : "");
		tv_push(list, p);
	}
	tv_set(m, "partnerships", list);
	tv_set_bool(m, "has_partnerships", 1);
	if ((c = nav_current("partnerships/", rel)) != NULL)
		tv_set_str(m, "current_partnerships", c);
	tv_set(m, "partnerships_url", tv_str_own(page_url(s,
	    "partnerships/")));
	buf_free(&b);
}

/* The site's settings and sections, as seen from the page at "rel". */
static struct tval *
site_ctx(const struct site *s, const char *rel)
{
	struct buf	 secrel = BUF_INIT;
	const struct doc *acc;
	struct tval	*m = tv_map(), *secs = tv_list(), *sec;
	size_t		 i;

	tv_set_str(m, "title", s->cfg.title);
	tv_set_str(m, "description", s->cfg.description);
	tv_set_str(m, "base", s->cfg.base_path);
	tv_set_str(m, "base_url", s->cfg.base_url);
	for (i = 0; i < s->nsections; i++) {
		sec = tv_map();
		tv_set_str(sec, "name", s->sections[i].name);
		tv_set_str(sec, "title", s->sections[i].title);
		tv_set(sec, "url", tv_str_own(page_section_url(s,
		    &s->sections[i])));
		tv_set_int(sec, "count", (long long)s->sections[i].ndocs);
		buf_reset(&secrel);
		buf_printf(&secrel, "%s/", s->sections[i].name);
		/* Set even when not current: no outer "current" shows. */
		tv_set_str(sec, "current", nav_current(secrel.data, rel) != NULL
		    ? nav_current(secrel.data, rel) : "");
		tv_push(secs, sec);
	}
	buf_free(&secrel);
	tv_set(m, "sections", secs);
	add_nav_current(m, s, rel);
	tv_set_bool(m, "has_history", s->history != NULL &&
	    history_available(s->history));
	if ((acc = strmap_get(&s->byid, "accessibility")) != NULL)
		tv_set(m, "accessibility_url", tv_str_own(page_url(s,
		    acc->url)));
	if (s->glossary != NULL)
		tv_set(m, "glossary_url", tv_str_own(page_url(s,
		    s->glossary->url)));
	/* With several partnerships, their pages lead to each's list. */
	if (s->agencies != NULL && s->cfg.npartnerships < 2)
		tv_set(m, "agencies_url", tv_str_own(page_url(s,
		    s->agencies->url)));
	if (s->cfg.npartnerships > 0)
		add_partnerships(m, s, rel);
	add_concern(m, s);
	return m;
}

/* The state in words, from review_span()'s "2 years" or "today". */
static char *
review_phrase(enum review_state st, const char *span)
{
	struct buf	 b = BUF_INIT;

	if (st == RV_OVERDUE)
		buf_printf(&b, "overdue by %s", span);
	else if (strcmp(span, "today") == 0)
		BUF_PUTSL(&b, "due today");
	else
		buf_printf(&b, "due in %s", span);
	return buf_detach(&b);
}

/* Review state: what readers (and, in preview, editors) are told. */
static void
add_review(struct tval *m, const struct site *s, const struct doc *doc)
{
	enum review_state	 st;
	struct buf		 b = BUF_INIT;

	st = review_state_of(doc, &s->today, s->cfg.warn_days);
	tv_set_str(m, "review_state", review_state_name(st));
	tv_set_bool(m, "overdue", st == RV_OVERDUE);
	/* Due-soon is for editors, not the public. */
	tv_set_bool(m, "due_soon", st == RV_DUE && s->preview);
	tv_set_bool(m, "review_watch", st == RV_DUE || st == RV_CURRENT);
	if (st == RV_DUE || st == RV_OVERDUE) {
		review_span(&b, &s->today, &doc->review_date);
		/* "overdue by 2 years", "due in 45 days", "due today". */
		tv_set(m, "review_phrase", tv_str_own(review_phrase(st,
		    b.data)));
		tv_set(m, "review_span", tv_str_own(buf_detach(&b)));
	}
}

void
page_set_version_date(struct tval *m, const struct version *v)
{
	struct date	 d;

	version_date(v, &d);
	page_set_date(m, "date", &d);
}


/* The permanent page of version n (NULL when the site writes none). */
char *
page_permalink(const struct site *s, const struct doc *doc, size_t n)
{
	struct buf	 b = BUF_INIT;

	if (!s->past_versions)
		return NULL;
	buf_printf(&b, "%s%sv%zu/", s->cfg.base_path, doc->url, n);
	return buf_detach(&b);
}


/* Within recent_days before today (or on it). */
static int
is_recent(const struct site *s, const struct version *v)
{
	struct date	 d;
	long		 days;

	version_date(v, &d);
	days = date_days(&s->today) - date_days(&d);
	return days >= 0 && days <= s->cfg.recent_days;
}


/*
 * Add "version" (number; "first" when it is the only one; date; history
 * URL; "permalink" when the site writes version pages), "draft" and
 * "recent" to a document's metadata.
 */
static void
add_version(struct tval *m, const struct site *s, const struct doc *doc)
{
	struct tval	*v;
	struct buf	 b = BUF_INIT;
	char		*u;

	tv_set_bool(m, "draft", doc->draft);
	if (doc->hist == NULL || doc->nversions == 0)
		return;
	v = tv_map();
	tv_set_int(v, "n", (long long)doc->nversions);
	/* One version: "Published D"; later ones: "Version N, updated D". */
	tv_set_bool(v, "first", doc->nversions == 1);
	page_set_version_date(v, &doc->hist->v[doc->nversions - 1]);
	buf_printf(&b, "%s%shistory/", s->cfg.base_path, doc->url);
	tv_set(v, "history_url", tv_str_own(buf_detach(&b)));
	if ((u = page_permalink(s, doc, doc->nversions)) != NULL)
		tv_set(v, "permalink", tv_str_own(u));
	tv_set(m, "version", v);
	/* "New" when first published lately, else "Updated". */
	if (is_recent(s, &doc->hist->v[0]))
		tv_set_str(m, "recent", "New");
	else if (doc->nversions > 1 &&
	    is_recent(s, &doc->hist->v[doc->nversions - 1]))
		tv_set_str(m, "recent", "Updated");
}


/*
 * The date of the version that made a superseded or withdrawn document
 * so, in *out: 0, or -1 when none records it.
 */
static int
status_date(const struct doc *doc, struct date *out)
{
	enum version_event	 want;
	size_t			 n;

	if (doc->status == ST_SUPERSEDED)
		want = VERSION_REPLACED;
	else if (doc->status == ST_WITHDRAWN)
		want = VERSION_WITHDRAWN;
	else
		return -1;
	if (doc->hist == NULL)
		return -1;
	for (n = doc->nversions; n > 0; n--)
		if (doc->hist->v[n - 1].event == want) {
			version_date(&doc->hist->v[n - 1], out);
			return 0;
		}
	return -1;
}


/* What readers call a document of this type, in a sentence. */
static const char *
doc_noun(enum doc_type t)
{
	switch (t) {
	case DT_PROCEDURE:
		return "procedure";
	case DT_MOU:
		return "memorandum of understanding";
	case DT_PAGE:
		return "page";
	default:
		return "document";
	}
}

/*
 * A superseded or withdrawn document's banner: "retired" {noun,
 * replaced, date (of the version that made it so, when the history
 * knows), replaced_by {title, url} (when the replacement is on the
 * site)}.
 */
static void
add_retired(struct tval *m, const struct site *s, const struct doc *doc)
{
	struct tval		*t, *by;
	const struct doc	*rep;
	struct date		 d;

	if (doc->status != ST_SUPERSEDED && doc->status != ST_WITHDRAWN)
		return;
	t = tv_map();
	tv_set_str(t, "noun", doc_noun(doc->type));
	tv_set_bool(t, "replaced", doc->status == ST_SUPERSEDED);
	if (status_date(doc, &d) == 0)
		page_set_date(t, "retired_on", &d);
	if (doc->superseded_by != NULL &&
	    (rep = strmap_get(&s->byid, doc->superseded_by)) != NULL) {
		by = tv_map();
		tv_set_str(by, "title", rep->title);
		tv_set(by, "url", tv_str_own(page_url(s, rep->url)));
		tv_set(t, "by", by);
	}
	tv_set(m, "retired", t);
}

/* The metadata of a document, as lists and section indexes show it. */
/*
 * doc.partnerships [{name, short_name, url}] and doc.has_partnerships:
 * the partnerships a document names, on a site that serves several.
 */
static void
add_doc_partnerships(struct tval *m, const struct site *s,
    const struct doc *doc)
{
	struct tval	*list, *p;
	struct buf	 b = BUF_INIT;
	size_t		 k;

	if (s->cfg.npartnerships < 2 || doc->partners == 0)
		return;
	list = tv_list();
	for (k = 0; k < s->cfg.npartnerships; k++) {
		if ((doc->partners & (1ULL << k)) == 0)
			continue;
		p = tv_map();
		tv_set_str(p, "name", s->cfg.partnerships[k].name);
		tv_set_str(p, "short_name", s->cfg.partnerships[k].short_name);
		buf_reset(&b);
		buf_printf(&b, "partnerships/%s/", s->cfg.partnerships[k].id);
		tv_set(p, "url", tv_str_own(page_url(s, b.data)));
		tv_push(list, p);
	}
	tv_set_bool(m, "has_partnerships", 1);
	tv_set(m, "partnerships", list);
	buf_free(&b);
}

struct tval *
page_doc_ctx(const struct site *s, const struct doc *doc)
{
	struct tval	*m = tv_map();
	/* A text no longer in force, or kept as a record, is not reviewed. */
	int		 retired = doc->status == ST_SUPERSEDED ||
			    doc->status == ST_WITHDRAWN ||
			    doc->status == ST_RECORD;

	tv_set_str(m, "id", doc->id);
	tv_set_str(m, "title", doc->title);
	tv_set(m, "url", tv_str_own(page_url(s, doc->url)));
	tv_set_str(m, "type", doc_type_name(doc->type));
	tv_set_str(m, "type_label", doc_type_label(doc->type));
	tv_set_str(m, "summary", doc->summary);
	tv_set_str(m, "owner", doc->owner);
	tv_set_str(m, "status", doc_status_name(doc->status));
	tv_set_bool(m, "is_current", doc->status == ST_CURRENT);
	/* "sample": the noun for its banner, set only for a sample. */
	tv_set_str(m, "sample", doc->sample ? doc_noun(doc->type) : NULL);
	/* "record": the noun for its banner, set only for a record. */
	tv_set_str(m, "record", doc->status == ST_RECORD ?
	    doc_noun(doc->type) : NULL);
	page_set_date(m, "approved", &doc->approved);
	page_set_date(m, "last_reviewed", &doc->last_reviewed);
	if (!retired)
		page_set_date(m, "review_date", &doc->review_date);
	page_set_date(m, "date", &doc->date);
	tv_set_str(m, "period", doc->period);
	add_review(m, s, doc);
	add_retired(m, s, doc);
	add_version(m, s, doc);
	add_doc_partnerships(m, s, doc);
	tv_set_bool(m, "has_meta", doc->owner != NULL ||
	    (s->cfg.npartnerships > 1 && doc->partners != 0) ||
	    date_isset(&doc->approved) || date_isset(&doc->last_reviewed) ||
	    (!retired && date_isset(&doc->review_date)) ||
	    date_isset(&doc->date) || doc->period != NULL ||
	    doc->status != ST_CURRENT);
	return m;
}

/* The common part of every page: site, page title, breadcrumbs. */
struct tval *
page_ctx(const struct site *s, const char *title, const char *rel)
{
	struct tval	*m = tv_map();

	tv_set(m, "site", site_ctx(s, rel));
	if (date_isset(&s->as_of))
		page_set_date(m, "as_of", &s->as_of);
	tv_set_str(m, "page_title", title);
	tv_set(m, "page_url", tv_str_own(page_url(s, rel)));
	if (s->cfg.base_url != NULL) {
		struct buf b = BUF_INIT;

		buf_printf(&b, "%s%s", s->cfg.base_url, rel);
		tv_set(m, "canonical", tv_str_own(buf_detach(&b)));
	}
	return m;
}

void
page_crumb(struct tval *list, const char *title, char *url)
{
	struct tval	*c = tv_map();

	tv_set_str(c, "title", title);
	if (url != NULL)
		tv_set(c, "url", tv_str_own(url));
	tv_push(list, c);
}

void
page_sitemap_add(struct rctx *r, const char *rel)
{
	if (r->site->cfg.base_url == NULL)
		return;
	BUF_PUTSL(&r->sitemap, "<url><loc>");
	html_escape(&r->sitemap, r->site->cfg.base_url,
	    strlen(r->site->cfg.base_url));
	html_escape(&r->sitemap, rel, strlen(rel));
	BUF_PUTSL(&r->sitemap, "</loc></url>\n");
}

int
page_emit(struct rctx *r, const char *name, struct tval *ctx, const char *rel,
    int in_sitemap)
{
	struct buf	 path = BUF_INIT;
	int		 rc = -1;

	buf_reset(&r->page);
	if (tmpl_render(r->theme->tmpl, r->d, name, ctx, &r->page) == -1)
		goto out;
	if (rel == NULL || rel[0] == '\0' ||
	    rel[strlen(rel) - 1] == '/')
		buf_printf(&path, "%sindex.html", rel != NULL ? rel : "");
	else
		buf_puts(&path, rel);
	if (r->out != NULL && output_write(r->d, r->out, path.data,
	    r->page.data, r->page.len) == -1)
		goto out;
	r->npages++;
	if (in_sitemap && !r->no_sitemap)
		page_sitemap_add(r, rel);
	rc = 0;
out:
	buf_free(&path);
	return rc;
}

/* One contents entry: {text, anchor, has_subs, subs}. */
static struct tval *
toc_entry(const struct heading *h)
{
	struct tval	*e = tv_map();

	tv_set_str(e, "text", h->text);
	tv_set_str(e, "anchor", h->anchor);
	tv_set_bool(e, "has_subs", 0);
	tv_set(e, "subs", tv_list());
	return e;
}

/*
 * The contents list, nested as the headings are: each h2 with the h3s
 * under it (an h3 before any h2 stands on its own).  The headings keep
 * their own numbering; the list adds none.
 */
static void
add_toc(struct tval *ctx, const struct doc *doc)
{
	struct tval	*toc = tv_list(), *e, *last = NULL;
	size_t		 i, n = 0;

	for (i = 0; i < doc->scan.nheadings; i++) {
		if (doc->scan.headings[i].level < 2 || doc->scan.headings[i].level > 3)
			continue;
		e = toc_entry(&doc->scan.headings[i]);
		n++;
		if (doc->scan.headings[i].level == 3 && last != NULL) {
			tv_push((struct tval *)tv_get(last, "subs"), e);
			tv_set_bool(last, "has_subs", 1);
			continue;
		}
		tv_push(toc, e);
		if (doc->scan.headings[i].level == 2)
			last = e;
	}
	/* A contents list pays only for documents with a few sections. */
	tv_set_bool(ctx, "has_toc", n >= 3);
	tv_set(ctx, "toc", toc);
}

/* The documents (by title) whose mention bit "bit" is set. */
static struct tval *
mentioned_in(const struct site *s, size_t bit)
{
	struct tval	*list = tv_list(), *e;
	size_t		 i;

	for (i = 0; i < s->ndocs; i++) {
		const struct doc *d = s->docs[i];

		if (d->scan.mentions == NULL || !d->scan.mentions[bit] ||
		    d->type == DT_AGENCIES || d->type == DT_GLOSSARY)
			continue;
		e = tv_map();
		tv_set_str(e, "title", d->title);
		tv_set(e, "url", tv_str_own(page_url(s, d->url)));
		tv_set_str(e, "type_label", doc_type_label(d->type));
		tv_push(list, e);
	}
	return list;
}

/*
 * An agency's life: agency.historical (it has ended), agency.from,
 * agency.until (dates as shown), agency.replaced_by and, when that
 * agency is in a list of the same partnership, agency.replaced_by_url.
 */
static void
agency_life(struct tval *a, const struct site *s, const struct doc *doc,
    const struct agency *ag)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (date_isset(&ag->from)) {
		date_format_uk(&b, &ag->from);
		tv_set_str(a, "from", b.data);
		buf_reset(&b);
	}
	if (date_isset(&ag->until)) {
		date_format_uk(&b, &ag->until);
		tv_set_str(a, "until", b.data);
		buf_reset(&b);
	}
	tv_set_bool(a, "historical", date_isset(&ag->until) &&
	    date_cmp(&ag->until, &s->today) <= 0);
	if (ag->replaced_by == NULL) {
		buf_free(&b);
		return;
	}
	tv_set_str(a, "replaced_by", ag->replaced_by);
	for (i = 0; i < s->nagency; i++) {
		const struct doc *l = s->agency_doc[i];

		if (strcasecmp(s->agency[i]->name, ag->replaced_by) != 0 ||
		    (l != doc && l->partners != 0 && doc->partners != 0 &&
		    (l->partners & doc->partners) == 0))
			continue;
		buf_printf(&b, "%s#%s", l->url, s->agency[i]->anchor);
		tv_set(a, "replaced_by_url", tv_str_own(page_url(s, b.data)));
		break;
	}
	buf_free(&b);
}

/* Agencies grouped by sector, in order of first appearance. */
static void
add_agencies(struct tval *ctx, const struct site *s, const struct doc *doc)
{
	struct tval	*sectors = tv_list(), *sec, *list, *a, *al, *m;
	struct buf	 b = BUF_INIT;
	size_t		 i, j, k;
	unsigned char	*done;

	done = xcalloc(doc->nagencies + 1, 1);
	for (i = 0; i < doc->nagencies; i++) {
		if (done[i])
			continue;
		sec = tv_map();
		tv_set_str(sec, "sector", doc->agencies[i].sector);
		buf_reset(&b);
		BUF_PUTSL(&b, "sector-");
		slug_heading(&b, doc->agencies[i].sector,
		    strlen(doc->agencies[i].sector));
		tv_set_str(sec, "anchor", b.data);
		list = tv_list();
		for (j = i; j < doc->nagencies; j++) {
			const struct agency *ag = &doc->agencies[j];

			if (done[j] || strcmp(ag->sector,
			    doc->agencies[i].sector) != 0)
				continue;
			done[j] = 1;
			a = tv_map();
			tv_set_str(a, "name", ag->name);
			tv_set_str(a, "anchor", ag->anchor);
			tv_set_str(a, "statutory_basis", ag->statutory_basis);
			if (ag->website != NULL && url_is_safe(ag->website))
				tv_set_str(a, "website", ag->website);
			al = tv_list();
			for (k = 0; k < ag->naliases; k++)
				tv_push(al, tv_str(ag->aliases[k]));
			tv_set_bool(a, "has_aliases", ag->naliases > 0);
			tv_set(a, "aliases", al);
			m = ag->idx < s->nagency && s->agency[ag->idx] == ag ?
			    mentioned_in(s, ag->idx) : tv_list();
			agency_life(a, s, doc, ag);
			tv_set_bool(a, "has_mentions", tv_len(m) > 0);
			tv_set(a, "mentioned_in", m);
			tv_push(list, a);
		}
		tv_set(sec, "agencies", list);
		tv_push(sectors, sec);
	}
	tv_set_bool(ctx, "has_sectors", tv_len(sectors) > 0);
	tv_set(ctx, "sectors", sectors);
	free(done);
	buf_free(&b);
}

/*
 * "az": the letters A to Z, each {letter, anchor} where anchor is that
 * of the first term (in page order) starting with it, or "" when none
 * does; "has_az" when there are terms.
 */
static void
add_az(struct tval *ctx, const struct doc *doc)
{
	struct tval	*az = tv_list(), *e;
	char		 l[2] = { 0, 0 };
	const char	*anchor;
	size_t		 i;
	int		 c;

	for (c = 'A'; c <= 'Z'; c++) {
		anchor = "";
		for (i = 0; i < doc->nterms; i++)
			if ((doc->terms[i].term[0] & ~0x20) == c) {
				anchor = doc->terms[i].anchor;
				break;
			}
		e = tv_map();
		l[0] = (char)c;
		tv_set_str(e, "letter", l);
		tv_set_str(e, "anchor", anchor);
		tv_push(az, e);
	}
	tv_set_bool(ctx, "has_az", doc->nterms > 0);
	tv_set(ctx, "az", az);
}

static void
add_terms(struct tval *ctx, const struct site *s, const struct doc *doc)
{
	struct tval	*list = tv_list(), *t, *m;
	size_t		 i, nag = s->nagency;

	for (i = 0; i < doc->nterms; i++) {
		const struct term *tm = &doc->terms[i];

		t = tv_map();
		tv_set_str(t, "term", tm->term);
		tv_set_str(t, "anchor", tm->anchor);
		tv_set_str(t, "expansion", tm->expansion);
		tv_set_str(t, "definition", tm->definition);
		m = doc == s->glossary ? mentioned_in(s, nag + i) : tv_list();
		tv_set_bool(t, "has_uses", tv_len(m) > 0);
		tv_set(t, "used_in", m);
		tv_push(list, t);
	}
	tv_set_bool(ctx, "has_terms", tv_len(list) > 0);
	tv_set(ctx, "terms", list);
	add_az(ctx, doc);
}

/* A list of documents for "Related documents" and "Referenced by". */
static struct tval *
doc_list(const struct site *s, struct doc *const *docs, size_t n)
{
	struct tval	*list = tv_list(), *e;
	size_t		 i;

	for (i = 0; i < n; i++) {
		e = tv_map();
		tv_set_str(e, "title", docs[i]->title);
		tv_set(e, "url", tv_str_own(page_url(s, docs[i]->url)));
		tv_set_str(e, "type_label", doc_type_label(docs[i]->type));
		tv_push(list, e);
	}
	return list;
}

/*
 * "Referenced by": the documents linking here, less those already
 * listed under "Related documents", so that no list repeats another.
 */
static void
add_backlinks(struct tval *ctx, const struct site *s, const struct doc *doc,
    struct doc *const *related, size_t nrel)
{
	struct doc	**v;
	size_t		  i, j, n = 0;

	v = xcalloc(doc->nbacklinks + 1, sizeof(*v));
	for (i = 0; i < doc->nbacklinks; i++) {
		for (j = 0; j < nrel; j++)
			if (related[j] == doc->backlinks[i])
				break;
		if (j == nrel)
			v[n++] = doc->backlinks[i];
	}
	tv_set_bool(ctx, "has_backlinks", n > 0);
	tv_set(ctx, "backlinks", doc_list(s, v, n));
	free(v);
}

/* Append s, percent-encoding all but unreserved characters and "/". */
static void
put_pct(struct buf *b, const char *s, int keep_slash)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL ||
		    (keep_slash && *p == '/'))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
}

/*
 * "Suggest a change": the contact address; a mailto: one gets a subject
 * naming the document and the version the reader saw (caller frees).
 */
static char *
suggest_url(const struct site *s, const struct doc *doc)
{
	struct buf	 b = BUF_INIT, subj = BUF_INIT;

	buf_puts(&b, s->cfg.contact);
	if (strncmp(s->cfg.contact, "mailto:", 7) == 0 &&
	    strchr(s->cfg.contact, '?') == NULL) {
		buf_printf(&subj, "Suggested change: %s", doc->title);
		if (doc->nversions > 0)
			buf_printf(&subj, " (version %zu)", doc->nversions);
		BUF_PUTSL(&b, "?subject=");
		put_pct(&b, subj.data, 0);
	}
	buf_free(&subj);
	return buf_detach(&b);
}

/*
 * "Edit this page" and "View its history in the repository", when
 * site.yaml names the repository and the document's place in it is
 * known (the history found the site folder in the repository).
 */
static void
add_repo_links(struct tval *ctx, const struct site *s, const struct doc *doc)
{
	/* Per forge (enum forge): the edit and history pages of a file. */
	static const char *const edit[] = {
		"", "/edit/", "/-/edit/", "/_edit/", "/src/"
	};
	static const char *const hist[] = {
		"", "/commits/", "/-/commits/", "/commits/branch/",
		"/history-node/"
	};
	const char	*folder, *branch;
	struct buf	 path = BUF_INIT, b = BUF_INIT;
	int		 f = (int)s->cfg.forge;

	if (s->cfg.repo_url == NULL || f <= FORGE_NONE ||
	    f > FORGE_BITBUCKET || doc->draft ||
	    (folder = history_site_folder(s->history)) == NULL)
		return;
	branch = s->cfg.repo_branch != NULL ? s->cfg.repo_branch : "main";
	put_pct(&path, branch, 1);
	buf_putc(&path, '/');
	put_pct(&path, folder, 1);
	put_pct(&path, doc->relpath, 1);
	buf_printf(&b, "%s%s%s%s", s->cfg.repo_url, edit[f], path.data,
	    s->cfg.forge == FORGE_BITBUCKET ? "?mode=edit" : "");
	tv_set(ctx, "edit_url", tv_str_own(buf_detach(&b)));
	buf_printf(&b, "%s%s%s", s->cfg.repo_url, hist[f], path.data);
	tv_set(ctx, "repo_history_url", tv_str_own(buf_detach(&b)));
	buf_free(&path);
}

struct tval *
page_document_ctx(struct rctx *r, struct doc *doc, int past,
    struct md_tree *tree)
{
	const struct site	*s = r->site;
	struct md_opts		 mo;
	struct link_render	*lr;
	struct buf		 html = BUF_INIT;
	struct tval		*ctx, *crumbs, *rel;
	struct doc		**related;
	const struct section	*sec = NULL;
	struct heading		*hs, *keep_hs;
	size_t			 i, nhs, keep_n, nrel = 0;

	if (tree != NULL)
		md_tree_html(tree, &html, &hs, &nhs);
	else {
		lr = past ? links_render_past(s, doc, &mo) :
		    links_render_begin(s, doc, &mo);
		md_process(&mo, doc->body, doc->body_len, doc->body_line,
		    &html, &hs, &nhs);
		links_render_end(lr);
	}
	/* A past version's contents come from its own headings. */
	keep_hs = doc->scan.headings;
	keep_n = doc->scan.nheadings;
	if (past) {
		doc->scan.headings = hs;
		doc->scan.nheadings = nhs;
	}

	ctx = page_ctx(s, doc->title, doc->url);
	tv_set(ctx, "doc", page_doc_ctx(s, doc));
	tv_set(ctx, "content", tv_str_own(buf_detach(&html)));
	add_toc(ctx, doc);
	if (past) {
		doc->scan.headings = keep_hs;
		doc->scan.nheadings = keep_n;
	}
	headings_free(hs, nhs);
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(s, ""));
	for (i = 0; doc->section != NULL && i < s->nsections; i++)
		if (strcmp(s->sections[i].name, doc->section) == 0)
			sec = &s->sections[i];
	if (sec != NULL)
		page_crumb(crumbs, sec->title, page_section_url(s, sec));
	page_crumb(crumbs, doc->title, NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	tv_set_bool(ctx, "reviewable", doc_type_reviewable(doc->type));
	if (past)
		return ctx;

	related = xcalloc(doc->nrelated + 1, sizeof(*related));
	for (i = 0; i < doc->nrelated; i++)
		if ((related[nrel] = strmap_get(&s->byid, doc->related[i])) !=
		    NULL)
			nrel++;
	rel = doc_list(s, related, nrel);
	tv_set_bool(ctx, "has_related", nrel > 0);
	tv_set(ctx, "related", rel);
	add_backlinks(ctx, s, doc, related, nrel);
	free(related);
	if (doc->type == DT_AGENCIES)
		add_agencies(ctx, s, doc);
	if (doc->type == DT_GLOSSARY)
		add_terms(ctx, s, doc);
	if (s->cfg.contact != NULL)
		tv_set(ctx, "contact", tv_str_own(suggest_url(s, doc)));
	add_repo_links(ctx, s, doc);
	return ctx;
}

/*
 * The search page's lists, for readers without script.
 */

static struct tval *
search_doc_entry(const struct site *s, const struct doc *doc)
{
	struct tval	*e = tv_map();

	tv_set_str(e, "title", doc->title);
	tv_set(e, "url", tv_str_own(page_url(s, doc->url)));
	tv_set_str(e, "type_label", doc_type_label(doc->type));
	tv_set_bool(e, "overdue", date_isset(&s->today) &&
	    review_state_of(doc, &s->today, s->cfg.warn_days) == RV_OVERDUE);
	return e;
}

static int
has_page(const struct doc *doc)
{
	return doc->url != NULL && doc->url[0] != '\0';
}

/*
 * The filters' choices: filter_sections [{ name, title }] (the sections
 * with pages), and filter_draft: whether drafts are built (preview).
 */
static void
search_filter_ctx(struct tval *ctx, const struct site *s)
{
	struct tval	*list = tv_list(), *e;
	size_t		 i, j;

	for (i = 0; i < s->nsections; i++) {
		for (j = 0; j < s->sections[i].ndocs &&
		    !has_page(s->sections[i].docs[j]); j++)
			;
		if (j == s->sections[i].ndocs)
			continue;
		e = tv_map();
		tv_set_str(e, "name", s->sections[i].name);
		tv_set_str(e, "title", s->sections[i].title != NULL ?
		    s->sections[i].title : s->sections[i].name);
		tv_push(list, e);
	}
	tv_set(ctx, "filter_sections", list);
	tv_set_bool(ctx, "filter_draft", s->preview);
}

void
page_search_ctx(struct tval *ctx, const struct site *s)
{
	struct tval	*list = tv_list(), *sec, *docs;
	size_t		 i, j, total = 0, n;
	int		 all;

	for (i = 0; i < s->ndocs; i++)
		if (has_page(s->docs[i]))
			total++;
	all = total <= SEARCH_LIST_MAX;
	for (i = 0; i < s->nsections; i++) {
		const struct section *sc = &s->sections[i];

		sec = tv_map();
		tv_set_str(sec, "title", sc->title);
		tv_set(sec, "url", tv_str_own(page_section_url(s, sc)));
		tv_set_bool(sec, "has_url", 1);
		docs = tv_list();
		for (j = n = 0; j < sc->ndocs; j++) {
			if (!has_page(sc->docs[j]))
				continue;
			n++;
			if (all)
				tv_push(docs, search_doc_entry(s, sc->docs[j]));
		}
		tv_set_int(sec, "count", (long long)n);
		tv_set_bool(sec, "has_docs", tv_len(docs) > 0);
		tv_set(sec, "docs", docs);
		tv_push(list, sec);
	}
	/* Top-level pages have no section list of their own: always shown. */
	docs = tv_list();
	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i]->section == NULL && has_page(s->docs[i]))
			tv_push(docs, search_doc_entry(s, s->docs[i]));
	if (tv_len(docs) > 0) {
		sec = tv_map();
		tv_set_str(sec, "title", "Other pages");
		tv_set_bool(sec, "has_url", 0);
		tv_set_int(sec, "count", (long long)tv_len(docs));
		tv_set_bool(sec, "has_docs", 1);
		tv_set(sec, "docs", docs);
		tv_push(list, sec);
	} else
		tv_free(docs);
	search_filter_ctx(ctx, s);
	tv_set_bool(ctx, "has_sections_docs", tv_len(list) > 0);
	tv_set_bool(ctx, "list_all", all);
	tv_set(ctx, "sections_docs", list);
}
