/*
 * render.c: pages from the model.  Each page's context is a tval tree
 * built here from page.h's pieces, rendered by the theme's Mustache
 * templates (theme.h), written, and freed before the next page: no
 * page's HTML outlives its write.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "escape.h"
#include "histpages.h"
#include "history.h"
#include "output.h"
#include "pack.h"
#include "page.h"
#include "par.h"
#include "pool.h"
#include "readfile.h"
#include "render.h"
#include "reuse.h"
#include "review.h"
#include "search.h"
#include "site.h"
#include "template.h"
#include "theme.h"
#include "util.h"

/* Bump when a change to folio changes the pages it writes. */
#define FOLIO_CACHE_VERSION FOLIO_VERSION "-1"

/* The file of alias "alias" (an old URL, "/..."), into "rel". */
static void
alias_file(struct buf *rel, const char *alias)
{
	const char	*a = alias + 1;	/* checked: starts '/' */

	buf_reset(rel);
	buf_puts(rel, a);
	if (rel->len == 0 || rel->data[rel->len - 1] == '/')
		BUF_PUTSL(rel, "index.html");
	else if (strrchr(a, '.') == NULL || strrchr(a, '.') < strrchr(a, '/'))
		BUF_PUTSL(rel, "/index.html");
}

/*
 * A redirect page for each old URL of a document: a canonical link, a
 * meta refresh, and a visible link for anyone the refresh does not move.
 */
static int
render_aliases(struct rctx *r, const struct doc *doc)
{
	const struct site	*s = r->site;
	struct buf		 rel = BUF_INIT, page = BUF_INIT, target = BUF_INIT;
	size_t			 i;
	int			 rc = 0;

	buf_printf(&target, "%s%s", s->cfg.base_url != NULL ?
	    s->cfg.base_url : s->cfg.base_path, doc->url);
	for (i = 0; i < doc->naliases; i++) {
		alias_file(&rel, doc->aliases[i]);
		buf_reset(&page);
		BUF_PUTSL(&page, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n"
		    "<head>\n<meta charset=\"utf-8\">\n<title>");
		html_escape(&page, doc->title, strlen(doc->title));
		BUF_PUTSL(&page, "</title>\n<link rel=\"canonical\" href=\"");
		html_escape(&page, target.data, target.len);
		BUF_PUTSL(&page, "\">\n<meta name=\"robots\" content=\"noindex\">\n"
		    "<meta http-equiv=\"refresh\" content=\"0; url=");
		html_escape(&page, target.data, target.len);
		BUF_PUTSL(&page, "\">\n</head>\n<body>\n<main>\n<p>This page has "
		    "moved to <a href=\"");
		html_escape(&page, target.data, target.len);
		BUF_PUTSL(&page, "\">");
		html_escape(&page, doc->title, strlen(doc->title));
		BUF_PUTSL(&page, "</a>.</p>\n</main>\n</body>\n</html>\n");
		if (r->out != NULL && output_write(r->d, r->out, rel.data,
		    page.data, page.len) == -1)
			rc = -1;
		else
			r->npages++;
	}
	buf_free(&rel);
	buf_free(&page);
	buf_free(&target);
	return rc;
}

static int
render_doc(struct rctx *r, struct history_reader *hr, struct doc *doc)
{
	struct tval	*ctx;
	int		 rc;

	ctx = page_document_ctx(r, doc, 0, NULL);
	rc = page_emit(r, "document", ctx, doc->url, 1);
	tv_free(ctx);
	if (render_aliases(r, doc) == -1)
		rc = -1;
	if (histpages_render_doc(r, hr, doc) == -1)
		rc = -1;
	return rc;
}

/* Whether document "doc" belongs to partnership k (none named: all). */
static int
of_partnership(const struct doc *doc, size_t k)
{
	return doc->partners == 0 || (doc->partners & (1ULL << k)) != 0;
}

/*
 * by_partnership [{short_name, url}], has_by_partnership: the pages of
 * the partnerships that have documents in section "sec", at its list.
 */
static void
section_partnerships(struct tval *ctx, const struct site *s,
    const struct section *sec)
{
	struct tval	*list = tv_list(), *p;
	struct buf	 b = BUF_INIT;
	size_t		 i, k;

	for (k = 0; s->cfg.npartnerships > 1 && k < s->cfg.npartnerships;
	    k++) {
		for (i = 0; i < sec->ndocs; i++)
			if (of_partnership(sec->docs[i], k) &&
			    sec->docs[i]->type != DT_AGENCIES)
				break;
		if (i == sec->ndocs)
			continue;
		p = tv_map();
		tv_set_str(p, "short_name", s->cfg.partnerships[k].short_name);
		buf_reset(&b);
		buf_printf(&b, "partnerships/%s/#docs-%s",
		    s->cfg.partnerships[k].id, sec->name);
		tv_set(p, "url", tv_str_own(page_url(s, b.data)));
		tv_push(list, p);
	}
	tv_set_bool(ctx, "has_by_partnership", tv_len(list) > 0);
	tv_set(ctx, "by_partnership", list);
	buf_free(&b);
}

static int
render_section(struct rctx *r, const struct section *sec)
{
	const struct site	*s = r->site;
	struct tval		*ctx, *docs, *retired, *crumbs;
	struct buf		 rel = BUF_INIT;
	size_t			 i;
	int			 rc;

	buf_printf(&rel, "%s/", sec->name);
	ctx = page_ctx(s, sec->title, rel.data);
	tv_set_str(ctx, "section_title", sec->title);
	section_partnerships(ctx, s, sec);
	tv_set_bool(ctx, "reviewable", doc_type_reviewable(sec->type));
	/* Superseded and withdrawn documents are listed apart, after. */
	docs = tv_list();
	retired = tv_list();
	for (i = 0; i < sec->ndocs; i++)
		tv_push(sec->docs[i]->status == ST_SUPERSEDED ||
		    sec->docs[i]->status == ST_WITHDRAWN ? retired : docs,
		    page_doc_ctx(s, sec->docs[i]));
	tv_set_bool(ctx, "has_docs", tv_len(docs) > 0 || tv_len(retired) > 0);
	tv_set_bool(ctx, "has_current", tv_len(docs) > 0);
	tv_set_bool(ctx, "has_retired", tv_len(retired) > 0);
	tv_set(ctx, "docs", docs);
	tv_set(ctx, "retired_docs", retired);
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(s, ""));
	page_crumb(crumbs, sec->title, NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	rc = page_emit(r, "section", ctx, rel.data, 1);
	tv_free(ctx);
	buf_free(&rel);
	return rc;
}

/* Sections with their first few documents; other pages after them. */
static int
render_home(struct rctx *r)
{
	const struct site	*s = r->site;
	struct tval		*ctx, *secs, *sec, *docs, *pages, *latest;
	size_t			 i, j, shown;
	int			 rc;

	ctx = page_ctx(s, s->cfg.title, "");
	tv_set_bool(ctx, "is_home", 1);
	secs = tv_list();
	for (i = 0; i < s->nsections; i++) {
		sec = tv_map();
		tv_set_str(sec, "title", s->sections[i].title);
		tv_set(sec, "url", tv_str_own(page_section_url(s,
		    &s->sections[i])));
		tv_set_int(sec, "count", (long long)s->sections[i].ndocs);
		docs = tv_list();
		shown = s->sections[i].ndocs < 8 ? s->sections[i].ndocs : 8;
		for (j = 0; j < shown; j++)
			tv_push(docs, page_doc_ctx(s,
			    s->sections[i].docs[j]));
		tv_set(sec, "docs", docs);
		tv_set_bool(sec, "more", s->sections[i].ndocs > shown);
		tv_push(secs, sec);
	}
	tv_set(ctx, "home_sections", secs);
	pages = tv_list();
	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i]->section == NULL)
			tv_push(pages, page_doc_ctx(s, s->docs[i]));
	latest = histpages_latest(s, 5);
	tv_set_bool(ctx, "has_latest", tv_len(latest) > 0);
	tv_set(ctx, "latest", latest);
	if (s->history != NULL && history_available(s->history))
		tv_set(ctx, "amendments_url", tv_str_own(page_url(s,
		    "amendments/")));
	tv_set_bool(ctx, "has_pages", tv_len(pages) > 0);
	tv_set(ctx, "pages", pages);
	rc = page_emit(r, "home", ctx, "", 1);
	tv_free(ctx);
	return rc;
}

/* The review schedule, grouped by owner, and the same as CSV. */
static int
render_reviews(struct rctx *r)
{
	const struct site	*s = r->site;
	struct review_opts	 ro;
	struct tval		*ctx, *owners = tv_list(), *owner = NULL, *docs;
	struct doc		**v = NULL;
	struct buf		 csv = BUF_INIT;
	const char		*cur = NULL;
	size_t			 i, n;
	int			 rc;

	n = review_schedule(s, &v);
	for (i = 0; i < n; i++) {
		const char *o = v[i]->owner != NULL ? v[i]->owner :
		    "No owner given";

		if (cur == NULL || strcmp(cur, o) != 0) {
			owner = tv_map();
			tv_set_str(owner, "owner", o);
			tv_set(owner, "docs", tv_list());
			tv_push(owners, owner);
			cur = o;
		}
		docs = (struct tval *)tv_get(owner, "docs");
		tv_push(docs, page_doc_ctx(s, v[i]));
	}
	free(v);
	ctx = page_ctx(s, "Review schedule", "reviews/");
	tv_set_bool(ctx, "has_owners", tv_len(owners) > 0);
	tv_set(ctx, "owners", owners);
	{
		struct tval *crumbs = tv_list();

		page_crumb(crumbs, "Home", page_url(s, ""));
		page_crumb(crumbs, "Review schedule", NULL);
		tv_set(ctx, "breadcrumbs", crumbs);
		tv_set_bool(ctx, "has_breadcrumbs", 1);
	}
	tv_set(ctx, "csv_url", tv_str_own(page_url(s, "reviews.csv")));
	rc = page_emit(r, "reviews", ctx, "reviews/", 1);
	tv_free(ctx);

	memset(&ro, 0, sizeof(ro));
	ro.today = &s->today;
	ro.warn_days = s->cfg.warn_days;
	ro.max_months = s->cfg.max_months;
	review_csv(&csv, s, &ro);
	if (r->out != NULL && output_write(r->d, r->out, "reviews.csv",
	    csv.data, csv.len) == -1)
		rc = -1;
	else
		r->npages++;
	buf_free(&csv);
	return rc;
}

/* /worried/: what to do when worried about a child, on its own page. */
static int
render_worried(struct rctx *r)
{
	const struct site	*s = r->site;
	struct tval		*ctx, *crumbs;
	int			 rc;

	if (!s->cfg.concern.set ||
	    tmpl_set_get(r->theme->tmpl, "worried") == NULL)
		return 0;
	ctx = page_ctx(s, s->cfg.concern.heading, "worried/");
	tv_set_bool(ctx, "is_worried", 1);
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(s, ""));
	page_crumb(crumbs, s->cfg.concern.heading, NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	rc = page_emit(r, "worried", ctx, "worried/", 1);
	tv_free(ctx);
	return rc;
}

/*
 * A partnership's agencies, as listed in its lists: {name, url, linked,
 * historical, until}.
 */
static struct tval *
partnership_agencies(const struct site *s, size_t k)
{
	struct tval		*list = tv_list(), *a;
	const struct agency	*ag;
	struct buf		 b = BUF_INIT;
	size_t			 i;

	for (i = 0; i < s->nagency; i++) {
		ag = s->agency[i];
		if (!of_partnership(s->agency_doc[i], k))
			continue;
		a = tv_map();
		tv_set_str(a, "name", ag->name);
		buf_reset(&b);
		buf_printf(&b, "%s#%s", s->agency_doc[i]->url, ag->anchor);
		tv_set(a, "url", tv_str_own(page_url(s, b.data)));
		/* A kind of body is never linked, as in documents. */
		tv_set_bool(a, "linked", !ag->generic);
		tv_set_bool(a, "historical", date_isset(&ag->until) &&
		    date_cmp(&ag->until, &s->today) <= 0);
		if (date_isset(&ag->until)) {
			buf_reset(&b);
			date_format_uk(&b, &ag->until);
			tv_set_str(a, "until", b.data);
		}
		tv_push(list, a);
	}
	buf_free(&b);
	return list;
}

/*
 * Partnership k's documents by section, [{title, name, docs}]: its own
 * and those of every partnership; the agency lists are apart.
 */
static struct tval *
partnership_sections(const struct site *s, size_t k)
{
	struct tval	*secs = tv_list(), *sec, *docs;
	size_t		 i, j;

	for (i = 0; i < s->nsections; i++) {
		docs = tv_list();
		for (j = 0; j < s->sections[i].ndocs; j++)
			if (of_partnership(s->sections[i].docs[j], k) &&
			    s->sections[i].docs[j]->type != DT_AGENCIES)
				tv_push(docs, page_doc_ctx(s,
				    s->sections[i].docs[j]));
		if (tv_len(docs) == 0) {
			tv_free(docs);
			continue;
		}
		sec = tv_map();
		tv_set_str(sec, "title", s->sections[i].title);
		tv_set_str(sec, "name", s->sections[i].name);
		tv_set(sec, "docs", docs);
		tv_push(secs, sec);
	}
	return secs;
}

/*
 * partnerships/<id>/: a partnership's name, areas, concern contacts, its
 * documents by section (its own and those of every partnership) and its
 * agencies.
 */
static int
render_partnership(struct rctx *r, size_t k)
{
	const struct site		*s = r->site;
	const struct partnership	*p = &s->cfg.partnerships[k];
	struct tval			*ctx, *pm, *secs, *l;
	struct buf			 rel = BUF_INIT;
	size_t				 i;
	int				 rc;

	buf_printf(&rel, "partnerships/%s/", p->id);
	ctx = page_ctx(s, p->name, rel.data);
	pm = tv_map();
	tv_set_str(pm, "id", p->id);
	tv_set_str(pm, "name", p->name);
	tv_set_str(pm, "short_name", p->short_name);
	tv_set_bool(pm, "has_short_name", strcmp(p->short_name, p->name) != 0);
	l = tv_list();
	for (i = 0; i < p->nareas; i++)
		tv_push(l, tv_str(p->areas[i]));
	tv_set_bool(pm, "has_areas", p->nareas > 0);
	tv_set(pm, "areas", l);
	if (p->concern.set)
		tv_set(pm, "concern", page_concern_ctx(s, &p->concern));
	else if (s->cfg.concern.set)
		tv_set(pm, "concern", page_concern_ctx(s, &s->cfg.concern));
	secs = partnership_sections(s, k);
	tv_set_bool(pm, "has_sections", tv_len(secs) > 0);
	tv_set(pm, "sections", secs);
	l = partnership_agencies(s, k);
	tv_set_bool(pm, "has_agencies", tv_len(l) > 0);
	tv_set(pm, "agencies", l);
	l = tv_list();
	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i]->type == DT_AGENCIES &&
		    of_partnership(s->docs[i], k))
			tv_push(l, page_doc_ctx(s, s->docs[i]));
	tv_set(pm, "agency_lists", l);
	tv_set(ctx, "partnership", pm);
	l = tv_list();
	page_crumb(l, "Home", page_url(s, ""));
	page_crumb(l, "Partnerships", page_url(s, "partnerships/"));
	page_crumb(l, p->short_name, NULL);
	tv_set(ctx, "breadcrumbs", l);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	rc = page_emit(r, "partnership", ctx, rel.data, 1);
	tv_free(ctx);
	buf_free(&rel);
	return rc;
}

/* partnerships/ and a page for each, when site.yaml declares them. */
static int
render_partnerships(struct rctx *r)
{
	const struct site	*s = r->site;
	struct tval		*ctx, *crumbs;
	size_t			 k;
	int			 rc = 0;

	if (s->cfg.npartnerships == 0 ||
	    tmpl_set_get(r->theme->tmpl, "partnership") == NULL)
		return 0;
	ctx = page_ctx(s, "Partnerships", "partnerships/");
	tv_set_bool(ctx, "is_partnerships", 1);
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(s, ""));
	page_crumb(crumbs, "Partnerships", NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	if (page_emit(r, "partnership", ctx, "partnerships/", 1) == -1)
		rc = -1;
	tv_free(ctx);
	for (k = 0; k < s->cfg.npartnerships; k++)
		if (render_partnership(r, k) == -1)
			rc = -1;
	return rc;
}

static int
render_404(struct rctx *r)
{
	struct tval	*ctx;
	int		 rc;

	ctx = page_ctx(r->site, "Page not found", "404.html");
	rc = page_emit(r, "404", ctx, "404.html", 0);
	tv_free(ctx);
	return rc;
}

/* Copy the theme's static/ files to static/ in the output. */
static int
copy_static(struct rctx *r, const char *dir, const char *rel)
{
	DIR		*dp;
	struct dirent	*de;
	struct buf	 src = BUF_INIT, dst = BUF_INIT, data = BUF_INIT;
	struct stat	 st;
	int		 rc = 0;

	if ((dp = opendir(dir)) == NULL)
		return 0;	/* a theme need not have static files */
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		buf_reset(&src);
		buf_printf(&src, "%s/%s", dir, de->d_name);
		buf_reset(&dst);
		buf_printf(&dst, "%s/%s", rel, de->d_name);
		if (lstat(src.data, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (copy_static(r, src.data, dst.data) == -1)
				rc = -1;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		buf_reset(&data);
		if (read_file(r->d, src.data, &data) == -1) {
			rc = -1;
			continue;
		}
		if (r->out != NULL && output_write(r->d, r->out, dst.data,
		    data.data, data.len) == -1)
			rc = -1;
	}
	closedir(dp);
	buf_free(&src);
	buf_free(&dst);
	buf_free(&data);
	return rc;
}

/* The files under the site folder that documents link to. */
static int
copy_assets(struct rctx *r)
{
	struct buf	 src = BUF_INIT, data = BUF_INIT;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < r->site->nassets; i++) {
		buf_reset(&src);
		buf_printf(&src, "%s/%s", r->site->srcdir, r->site->assets[i]);
		buf_reset(&data);
		if (read_file(r->d, src.data, &data) == -1 ||
		    output_write(r->d, r->out, r->site->assets[i], data.data,
		    data.len) == -1)
			rc = -1;
	}
	buf_free(&src);
	buf_free(&data);
	return rc;
}

/* Add a string and its terminator to the fingerprint's material. */
static void
fp_str(struct buf *m, const char *s)
{
	buf_puts(m, s != NULL ? s : "");
	buf_putc(m, '\0');
}

/* The concern block: every page's header shows it. */
static void
fp_concern(struct buf *m, const struct concern *c)
{
	size_t	 i;

	buf_printf(m, "concern %d", c->set);
	buf_putc(m, '\0');
	fp_str(m, c->heading);
	for (i = 0; i < c->nnumbers; i++) {
		fp_str(m, c->numbers[i].label);
		fp_str(m, c->numbers[i].number);
	}
}

/*
 * The fingerprint of everything besides a version's own text that goes
 * into a past version's page or comparison: the templates, the settings,
 * today, and every document's identity, title and status (links and
 * titles come from them), the agencies, the glossary and linked files.
 * Change any of it and every cached page misses.
 */
static void
fingerprint(struct rctx *r)
{
	const struct site	*s = r->site;
	struct buf		 m = BUF_INIT;
	struct stat		 st;
	size_t			 i, k;

	BUF_PUTSL(&m, "folio " FOLIO_CACHE_VERSION);
	buf_putc(&m, '\0');
	/* A rebuilt folio may write pages differently. */
	if (stat("/proc/self/exe", &st) == 0)
		buf_printf(&m, "%lld %lld", (long long)st.st_size,
		    (long long)st.st_mtime);
	buf_put(&m, r->theme->source.data, r->theme->source.len);
	fp_str(&m, s->cfg.title);
	fp_str(&m, s->cfg.description);
	fp_str(&m, s->cfg.base_url);
	fp_str(&m, s->cfg.base_path);
	fp_str(&m, s->cfg.contact);
	fp_str(&m, s->cfg.repo_url);
	fp_str(&m, s->cfg.repo_branch);
	fp_concern(&m, &s->cfg.concern);
	for (i = 0; i < s->cfg.npartnerships; i++) {
		const struct partnership *p = &s->cfg.partnerships[i];

		fp_str(&m, p->id);
		fp_str(&m, p->name);
		fp_str(&m, p->short_name);
		for (k = 0; k < p->nareas; k++)
			fp_str(&m, p->areas[k]);
		fp_concern(&m, &p->concern);
	}
	buf_printf(&m, "%d %d %d %d %d %d %d-%d-%d", (int)s->cfg.forge,
	    s->cfg.warn_days,
	    s->cfg.show_authors, s->cfg.allow_html, s->cfg.recent_days,
	    s->preview, s->today.y, s->today.m, s->today.d);
	buf_putc(&m, '\0');
	for (i = 0; i < s->ndocs; i++) {
		const struct doc *d = s->docs[i];

		fp_str(&m, d->relpath);
		fp_str(&m, d->id);
		fp_str(&m, d->url);
		fp_str(&m, d->title);
		fp_str(&m, d->superseded_by);
		buf_printf(&m, "%d %d %llx", (int)d->type, (int)d->status,
		    d->partners);
		buf_putc(&m, '\0');
		for (k = 0; k < d->scan.nheadings; k++)
			fp_str(&m, d->scan.headings[k].anchor);
	}
	for (i = 0; i < s->nagency; i++) {
		fp_str(&m, s->agency[i]->name);
		fp_str(&m, s->agency[i]->anchor);
		fp_str(&m, s->agency_doc[i]->url);
		for (k = 0; k < s->agency[i]->naliases; k++)
			fp_str(&m, s->agency[i]->aliases[k]);
	}
	for (i = 0; s->glossary != NULL && i < s->glossary->nterms; i++) {
		fp_str(&m, s->glossary->terms[i].term);
		fp_str(&m, s->glossary->terms[i].expansion);
		fp_str(&m, s->glossary->terms[i].anchor);
	}
	for (i = 0; i < s->nassets; i++)
		fp_str(&m, s->assets[i]);
	cache_key(r->fp, &m);
	buf_free(&m);
}

/*
 * Render document i.  Writing in place, its files in the output log are
 * followed by "#<i> <1 if it gave no diagnostic, else 0>".
 */
static void
render_one(struct rctx *r, struct history_reader *hr, size_t i)
{
	size_t	 n0 = r->d->n, np = r->npages;
	size_t	 from = r->out != NULL && r->out->log != NULL ?
		    r->out->log->len : 0;

	(void)render_doc(r, hr, r->site->docs[i]);
	/* A document's pages are kept for the next build only if clean. */
	if (r->groups != NULL && r->d->n == n0)
		output_group(r->out, from, r->groups[i],
		    r->site->docs[i]->relpath, r->npages - np);
	if (r->out != NULL && r->out->log != NULL)
		buf_printf(r->out->log, "#%zu %d\n", i, r->d->n == n0);
}

/* Render documents todo[0..ntodo) here, but those "done" (if not NULL). */
static void
render_docs(struct rctx *r, const size_t *todo, size_t ntodo,
    const unsigned char *done)
{
	struct history_reader	*hr;
	size_t			 k;

	hr = r->site->history != NULL && r->site->past_versions ?
	    history_reader_open(r->site->history) : NULL;
	for (k = 0; k < ntodo; k++)
		if (done == NULL || !done[k])
			render_one(r, hr, todo[k]);
	history_reader_close(hr);
}

/*
 * Documents rendered in worker processes (pool.h).  Processes, not
 * threads: cmark-gfm 0.29 adds its extensions' special characters to a
 * process-wide table when a parse starts and removes them when it ends,
 * so two threads parsing at once would corrupt each other's documents.
 * The workers share nothing but the output folder; each writes its own
 * pages and sends back, for each document, what the parent keeps.
 */
struct	rjob {
	struct rctx		*r;
	const size_t		*todo;	/* the documents, by item */
	struct history_reader	*hr;	/* a worker's, from its first item */
	int			 hr_open;	/* hr has been opened */
	unsigned char		*done;	/* the parent's: items taken */
};

/*
 * In a worker, before work for the parent: diagnostics of its own (the
 * parent's are saved in "pd") and an empty output log.
 */
static void
worker_begin(struct rctx *r, struct diag *wd, struct diag **pd)
{
	*pd = r->d;
	diag_init(wd);
	r->d = wd;
	if (r->out->log != NULL)
		buf_reset(r->out->log);	/* this worker's copy */
}

/*
 * After it: what the parent keeps, to "out": the pages counted since
 * there were "np", the output log and the diagnostics.
 */
static void
worker_end(struct rctx *r, struct buf *out, size_t np, struct diag *pd)
{
	pack_size(out, r->npages - np);
	if (r->out->log != NULL)
		pack_str(out, r->out->log->data, r->out->log->len);
	else
		pack_str(out, NULL, 0);
	diag_pack(out, r->d, 0);
	diag_free(r->d);
	r->d = pd;
}

/*
 * In the parent: what worker_end() sent becomes ours.  0, or -1 when
 * it does not unpack (nothing taken: do the work here).
 */
static int
worker_take(struct rctx *r, const char *data, size_t len)
{
	struct unpack	 u = UNPACK_INIT(data, len);
	char		*log;
	size_t		 np, loglen;

	np = unpack_size(&u);
	log = unpack_str(&u, &loglen);
	if (diag_unpack(r->d, &u) == -1) {
		free(log);
		return -1;
	}
	r->npages += np;
	if (r->out != NULL && r->out->log != NULL)
		buf_put(r->out->log, log, loglen);
	free(log);
	return 0;
}

/* pool_work_fn: render item k in a worker, with diagnostics of its own. */
static void
render_work(size_t k, struct buf *out, void *arg)
{
	struct rjob	*j = arg;
	struct rctx	*r = j->r;
	struct diag	 wd, *pd;
	size_t		 np = r->npages;

	if (!j->hr_open) {
		j->hr = r->site->history != NULL && r->site->past_versions ?
		    history_reader_open(r->site->history) : NULL;
		j->hr_open = 1;
	}
	worker_begin(r, &wd, &pd);
	render_one(r, j->hr, j->todo[k]);
	worker_end(r, out, np, pd);
}

/*
 * pool_take_fn: a document a worker rendered; its pages, output log and
 * diagnostics become ours.
 */
static void
render_take(size_t k, const char *data, size_t len, void *arg)
{
	struct rjob	*j = arg;

	if (worker_take(j->r, data, len) == 0)
		j->done[k] = 1;
}

/*
 * The key of a document's own pages in the preview (see reuse.h): the
 * site's fingerprint and what its pages show of its history and of the
 * documents that link to it.  Its source is compared byte for byte.
 */
static void
doc_pages_key(const struct rctx *r, const struct doc *doc, char key[41])
{
	const struct version	*v;
	struct buf		 m = BUF_INIT;
	size_t			 i;

	buf_printf(&m, "%s%c%s%c%d %zu %d %d", r->fp, 0, doc->relpath, 0,
	    doc->draft, doc->nversions, r->site->history != NULL &&
	    history_is_shallow(r->site->history), r->site->history != NULL &&
	    history_available(r->site->history));
	buf_putc(&m, '\0');
	for (i = 0; doc->hist != NULL && i < doc->hist->n; i++) {
		v = &doc->hist->v[i];
		/* The commit names the rest but the path and the name. */
		fp_str(&m, v->commit);
		fp_str(&m, v->path);
		fp_str(&m, v->author);
		/* Merges: from the merged commits and the path. */
		fp_str(&m, v->note);
		fp_str(&m, v->authors);
	}
	/* The history page lists the reviews too. */
	for (i = 0; doc->hist != NULL && i < doc->hist->nreviews; i++)
		fp_str(&m, doc->hist->reviews[i].commit);
	buf_putc(&m, '\1');
	for (i = 0; i < doc->nbacklinks; i++)
		fp_str(&m, doc->backlinks[i]->id);
	cache_key(key, &m);
	buf_free(&m);
}

/*
 * The key of a document's own pages in "folio build" (output_group):
 * the preview's key, its source, and what of the build's settings is
 * not in the fingerprint ("cfg": site.yaml's bytes, hashed).
 */
static void
doc_group_key(const struct rctx *r, const struct doc *doc,
    const char cfg[41], char key[41])
{
	const struct site	*s = r->site;
	struct buf		 m = BUF_INIT;
	char			 pages[41], source[41];

	doc_pages_key(r, doc, pages);
	doc_source_key(doc, source);
	buf_printf(&m, "document pages%c%s%c%s%c%d %d-%d-%d%c%s", 0, pages, 0,
	    cfg, 0, s->past_versions, s->as_of.y, s->as_of.m, s->as_of.d, 0,
	    source);
	cache_key(key, &m);
	buf_free(&m);
}

/* par_fn: docs[i]'s group key (its versions and backlinks hashed). */
static void
group_key_of(size_t i, void *arg)
{
	struct rctx	*r = arg;

	doc_group_key(r, r->site->docs[i], r->cfg, r->groups[i]);
}

/*
 * In "folio build": whether docs[i]'s pages, as the site being replaced
 * holds them, were made from what they would be made from now: then
 * they are kept and counted.  The agencies and the glossary list every
 * document that mentions them: always remade.
 */
static int
keep_doc(struct rctx *r, size_t i)
{
	const struct doc	*doc = r->site->docs[i];
	struct buf		 rel = BUF_INIT;
	char			**extra;
	size_t			 k;
	long			 n;

	if (doc->type == DT_AGENCIES || doc->type == DT_GLOSSARY)
		return 0;
	extra = xcalloc(doc->naliases + 1, sizeof(*extra));
	for (k = 0; k < doc->naliases; k++) {
		alias_file(&rel, doc->aliases[k]);
		extra[k] = xstrdup(rel.data);
	}
	n = output_keep_group(r->out, r->groups[i], doc->relpath, doc->url,
	    extra, doc->naliases);
	for (k = 0; k < doc->naliases; k++)
		free(extra[k]);
	free(extra);
	buf_free(&rel);
	if (n < 0)
		return 0;
	r->npages += (size_t)n;
	return 1;
}

/* The SHA-1 of the site's settings file, as it is now, into "key". */
static void
settings_key(const struct site *s, char key[41])
{
	struct buf	 path = BUF_INIT, text = BUF_INIT;

	buf_printf(&path, "%s/site.yaml", s->srcdir);
	(void)read_file_errno(path.data, &text);
	buf_putc(&text, '\0');
	cache_key(key, &text);
	buf_free(&path);
	buf_free(&text);
}

/*
 * Whether docs[i]'s pages from the last build still hold: then they are
 * kept and counted.  Its key goes to "key" either way.  The agencies and
 * the glossary list every document that mentions them: always remade.
 */
static int
reuse_doc(struct rctx *r, size_t i, char key[41])
{
	const struct doc	*doc = r->site->docs[i];
	long			 n;

	doc_pages_key(r, doc, key);
	if (doc->type == DT_AGENCIES || doc->type == DT_GLOSSARY)
		return 0;
	n = reuse_pages_get(r->site->reuse, doc->relpath, doc, key, r->out,
	    &r->sitemap);
	if (n < 0)
		return 0;
	r->npages += (size_t)n;
	return 1;
}

/* The output files named in log[0..len) (see output_write). */
static char **
log_files(const char *log, size_t len, size_t *n)
{
	const char	*end = log + len;
	struct log_line	 l;
	char		**v = NULL;
	size_t		 cap = 0;

	*n = 0;
	while (output_log_line(&log, end, &l) == 0) {
		if (l.kind != LOG_FILE)
			continue;
		if (*n == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[(*n)++] = xstrndup(l.rel, l.rellen);
	}
	return v;
}

/*
 * Keep, for each document rendered without a diagnostic, the files it
 * became: in log[0..len), each document's file lines end with its
 * "#<index> <clean>" line (render_docs).
 */
static void
keep_doc_pages(struct rctx *r, const char *log, size_t len,
    const char (*keys)[41])
{
	const char	*end = log + len, *nl, *from = log;
	const struct doc *doc;
	char		**files, *p;
	size_t		 i, k, n;
	int		 clean;

	for (; log < end; log = nl + 1) {
		if ((nl = memchr(log, '\n', (size_t)(end - log))) == NULL)
			break;
		if (log[0] != '#')
			continue;
		i = strtoul(log + 1, &p, 10);
		clean = p[0] == ' ' && p[1] == '1';
		if (i < r->site->ndocs) {
			doc = r->site->docs[i];
			files = log_files(from, (size_t)(log - from), &n);
			if (clean)
				reuse_pages_put(r->site->reuse, doc->relpath,
				    doc, keys[i], files, n, "", 0);
			else {
				reuse_pages_drop(r->site->reuse, doc->relpath);
				for (k = 0; k < n; k++)
					free(files[k]);
				free(files);
			}
		}
		from = nl + 1;
	}
}

/*
 * The key of a group of pages made from every document ("search",
 * "amendments", "lists"): kept while every document's group is.
 */
static void
all_groups_key(const struct rctx *r, const char *what, char key[41])
{
	struct buf	 m = BUF_INIT;
	size_t		 i;

	buf_puts(&m, what);
	for (i = 0; i < r->site->ndocs; i++)
		buf_put(&m, r->groups[i], 40);
	cache_key(key, &m);
	buf_free(&m);
}

/*
 * The amendments pages and feed in "folio build": each year's page a
 * group, kept while what it shows of its amendments is (histpages.c),
 * and the first page with the feed one group, kept while every
 * document's pages are, since each document's key covers its versions,
 * title and address and the fingerprint.
 */
static void
amendments_group(struct rctx *r)
{
	char	 key[41];

	all_groups_key(r, "amendments", key);
	(void)histpages_render_amendments(r, key);
}

/*
 * The amendments pages and feed: kept in the preview while every
 * document's versions and the fingerprint are as they were.
 */
static void
render_amendments(struct rctx *r)
{
	const struct site	*s = r->site;
	const struct version	*v;
	struct buf		 m = BUF_INIT;
	char			 key[41], **files;
	size_t			 i, k, n, logstart = 0, mapstart;
	long			 kept;

	if (r->groups != NULL) {
		amendments_group(r);
		return;
	}
	if (s->reuse == NULL || r->out == NULL || r->out->log == NULL) {
		(void)histpages_render_amendments(r, NULL);
		return;
	}
	buf_printf(&m, "amendments%c%s", 0, r->fp);
	for (i = 0; i < s->ndocs; i++) {
		fp_str(&m, s->docs[i]->relpath);
		buf_printf(&m, "%zu", s->docs[i]->nversions);
		for (k = 0; s->docs[i]->hist != NULL &&
		    k < s->docs[i]->hist->n; k++) {
			v = &s->docs[i]->hist->v[k];
			fp_str(&m, v->commit);
			fp_str(&m, v->author);
			fp_str(&m, v->note);
			fp_str(&m, v->authors);
		}
	}
	cache_key(key, &m);
	buf_free(&m);
	/* The name is no document's relpath: those never start with "\n". */
	if ((kept = reuse_pages_get(s->reuse, "\namendments", NULL, key,
	    r->out, &r->sitemap)) >= 0) {
		r->npages += (size_t)kept;
		return;
	}
	logstart = r->out->log->len;
	mapstart = r->sitemap.len;
	k = r->d->n;
	(void)histpages_render_amendments(r, NULL);
	files = log_files(r->out->log->data + logstart,
	    r->out->log->len - logstart, &n);
	if (r->d->n == k)
		reuse_pages_put(s->reuse, "\namendments", NULL, key, files, n,
		    r->sitemap.data + mapstart, r->sitemap.len - mapstart);
	else {
		for (i = 0; i < n; i++)
			free(files[i]);
		free(files);
	}
}

/*
 * The search page (template "search", with page_search_ctx()) to
 * search/index.html; a theme without a search template gets none.
 */
static int
render_search(struct rctx *r)
{
	const struct site	*s = r->site;
	struct tval		*ctx, *crumbs;
	int			 rc;

	if (tmpl_set_get(r->theme->tmpl, "search") == NULL)
		return 0;
	ctx = page_ctx(s, "Search", "search/");
	page_search_ctx(ctx, s);
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(s, ""));
	page_crumb(crumbs, "Search", NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	/* A search page is no destination for search engines. */
	rc = page_emit(r, "search", ctx, "search/", 0);
	tv_free(ctx);
	return rc;
}

/*
 * Add "doc" to the search index: from the entry its scan made (in the
 * scan's workers, or kept with the scan by the last build), else by
 * tokenising it here.
 */
static void
add_kept_search(struct search_index *idx, const struct doc *doc)
{
	if (doc->scan.search == NULL || !search_add_packed(idx, doc,
	    doc->scan.search, doc->scan.search_len, doc->scan.plain,
	    doc->scan.plain_len))
		search_add_doc(idx, doc);
}

/*
 * The search page and the search index (everything under search/).  In
 * "folio build" they are kept as the site being replaced holds them
 * while every document's pages key is the same (the index is made from
 * the documents' sources, versions and the fingerprint, all in those
 * keys).
 */
static void
render_search_all(struct rctx *r)
{
	const struct site	*s = r->site;
	char			 key[41];
	size_t			 i, from = 0, np = r->npages, n0 = r->d->n;
	long			 kept;

	if (r->groups != NULL) {
		all_groups_key(r, "search", key);
		if ((kept = output_keep_group(r->out, key, "search/",
		    "search/", NULL, 0)) >= 0) {
			r->npages += (size_t)kept;
			return;
		}
		from = r->out->log->len;
	}
	(void)render_search(r);
	if (r->out != NULL) {
		/* The search index, from every document, beside the pages. */
		struct search_index	*idx = search_new();
		size_t			 nf = 0;

		for (i = 0; i < s->ndocs; i++)
			if (s->reuse != NULL)
				reuse_search_add(s->reuse, idx, s->docs[i]);
			else
				add_kept_search(idx, s->docs[i]);
		if (search_write(r->d, r->out, s, idx, &nf) == 0)
			r->npages += nf;
		search_free(idx);
	}
	if (r->groups != NULL && r->d->n == n0)
		output_group(r->out, from, key, "search/", r->npages - np);
}

/*
 * The search group made in a worker process while this one makes the
 * other pages (search_start): "done" once the parent has taken it.
 */
struct	sjob {
	struct rctx	*r;
	int		 done;
};

/* pool_work_fn: the search page and index, in the worker. */
static void
search_work(size_t k, struct buf *out, void *arg)
{
	struct sjob	*j = arg;
	struct rctx	*r = j->r;
	struct diag	 wd, *pd;
	size_t		 np = r->npages;

	(void)k;
	worker_begin(r, &wd, &pd);
	render_search_all(r);
	worker_end(r, out, np, pd);
}

/* pool_take_fn: the worker's search group becomes ours. */
static void
search_take(size_t k, const char *data, size_t len, void *arg)
{
	struct sjob	*j = arg;

	(void)k;
	if (worker_take(j->r, data, len) == 0)
		j->done = 1;
}

/*
 * In "folio build" with more than one job, a search group that must be
 * made again (the index alone takes as long as every other list page)
 * is made by a worker of its own: NULL when it is not.
 */
static struct pool *
search_start(struct rctx *r, struct sjob *j, int jobs)
{
	char	 key[41];

	j->r = r;
	j->done = 0;
	if (r->groups == NULL || r->out == NULL || jobs < 2)
		return NULL;
	all_groups_key(r, "search", key);
	if (output_group_holds(r->out, key, "search/"))
		return NULL;
	return pool_start(1, jobs, 0, search_work, j);
}

/*
 * The search group where it was made in order: taken from its worker,
 * else made here.
 */
static void
search_finish(struct rctx *r, struct pool *p, struct sjob *j)
{
	if (p != NULL)
		(void)pool_finish(p, search_take, j);
	if (!j->done)
		render_search_all(r);
}

/*
 * The sections' pages, the home page and the review schedule in "folio
 * build": one group, kept while every document's pages are (each
 * document's key covers what these pages show of it, and the
 * fingerprint, today included); the sitemap still lists the pages kept,
 * in the order rendering adds them.
 */
static void
lists_group(struct rctx *r)
{
	const struct site	*s = r->site;
	struct buf		 m = BUF_INIT;
	char			 key[41], **extra;
	size_t			 i, n = 0, np = r->npages, n0 = r->d->n, from;
	long			 kept;

	all_groups_key(r, "lists", key);
	extra = xcalloc(s->nsections + 3, sizeof(*extra));
	for (i = 0; i < s->nsections; i++) {
		buf_printf(&m, "%s/index.html", s->sections[i].name);
		extra[n++] = buf_detach(&m);
	}
	extra[n++] = xstrdup("index.html");
	extra[n++] = xstrdup("reviews.csv");
	if ((kept = output_keep_group(r->out, key, "lists/", "reviews/",
	    extra, n)) >= 0) {
		r->npages += (size_t)kept;
		for (i = 0; i < s->nsections; i++) {
			buf_printf(&m, "%s/", s->sections[i].name);
			page_sitemap_add(r, m.data);
			buf_reset(&m);
		}
		page_sitemap_add(r, "");
		page_sitemap_add(r, "reviews/");
	} else {
		from = r->out->log->len;
		for (i = 0; i < s->nsections; i++)
			(void)render_section(r, &s->sections[i]);
		(void)render_home(r);
		(void)render_reviews(r);
		if (r->d->n == n0)
			output_group(r->out, from, key, "lists/",
			    r->npages - np);
	}
	for (i = 0; i < n; i++)
		free(extra[i]);
	free(extra);
	buf_free(&m);
}

/*
 * Every page but the documents': the sitemap's entries for them, the
 * amendments, sections, home page, schedule, search page and index, and
 * the 404 page, in this order (the sitemap's).
 */
static void
render_lists(struct rctx *r, struct pool *search, struct sjob *sj)
{
	const struct site	*s = r->site;
	size_t			 i;

	for (i = 0; i < s->ndocs; i++) {
		struct buf h = BUF_INIT;

		page_sitemap_add(r, s->docs[i]->url);
		if (s->docs[i]->hist != NULL && s->docs[i]->nversions > 0) {
			buf_printf(&h, "%shistory/", s->docs[i]->url);
			page_sitemap_add(r, h.data);
		}
		buf_free(&h);
	}
	if (s->history != NULL && history_available(s->history))
		render_amendments(r);
	if (r->groups != NULL)
		lists_group(r);
	else {
		for (i = 0; i < s->nsections; i++)
			(void)render_section(r, &s->sections[i]);
		(void)render_home(r);
		(void)render_reviews(r);
	}
	search_finish(r, search, sj);
	(void)render_worried(r);
	(void)render_partnerships(r);
	(void)render_404(r);
}

int
render_site(struct diag *d, struct site *s, const struct theme *t,
    const struct output *out, size_t *npages)
{
	struct rctx	 r;
	struct cache	 cache = { NULL };
	struct buf	 dir = BUF_INIT;
	struct rjob	 job;
	struct sjob	 sjob;
	struct pool	*pool = NULL, *search;
	size_t		*todo, ntodo = 0, logstart, i, nerr = d->nerrors;
	char		(*keys)[41];
	int		 jobs, reusing = out != NULL &&
			    out->log != NULL && s->reuse != NULL;

	memset(&r, 0, sizeof(r));
	r.d = d;
	r.site = s;
	r.theme = t;
	r.out = out;
	buf_init(&r.page);
	buf_init(&r.sitemap);
	BUF_PUTSL(&r.sitemap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");

	if (out != NULL && s->past_versions) {
		cache_open(&cache, s->srcdir);
		r.cache = &cache;
	}
	if (out != NULL)
		fingerprint(&r);
	/* Documents and their versions, the bulk: in worker processes. */
	todo = xcalloc(s->ndocs + 1, sizeof(*todo));
	keys = reusing ? xcalloc(s->ndocs + 1, sizeof(*keys)) : NULL;
	if (out != NULL && out->log != NULL && s->reuse == NULL &&
	    out->files == NULL) {
		settings_key(s, r.cfg);
		r.groups = xcalloc(s->ndocs + 1, sizeof(*r.groups));
		par_for(s->ndocs, s->jobs, group_key_of, &r);
	}
	/* The search index, the longest of the other pages, first. */
	jobs = pool_jobs(s->jobs);
	search = search_start(&r, &sjob, jobs);
	for (i = 0; i < s->ndocs; i++) {
		if (reusing && reuse_doc(&r, i, keys[i]))
			continue;
		if (r.groups != NULL && keep_doc(&r, i))
			continue;
		todo[ntodo++] = i;
	}
	/*
	 * Documents and their versions, the bulk, in worker processes
	 * (cmark-gfm's parser is not thread-safe: see struct rjob); while
	 * they work, this process writes everything else.
	 */
	r.no_sitemap = 1;
	memset(&job, 0, sizeof(job));
	job.r = &r;
	job.todo = todo;
	logstart = reusing ? out->log->len : 0;
	if (jobs > 1 && ntodo >= 2 * (size_t)jobs && out != NULL)
		pool = pool_start(ntodo, jobs, 0, render_work, &job);
	if (pool == NULL)
		render_docs(&r, todo, ntodo, NULL);
	r.no_sitemap = 0;
	render_lists(&r, search, &sjob);
	if (pool != NULL) {
		/* The workers' logs follow this process's own. */
		logstart = reusing ? out->log->len : 0;
		job.done = xcalloc(ntodo, sizeof(*job.done));
		if (pool_finish(pool, render_take, &job) < ntodo) {
			/* A worker died: its documents are done here. */
			r.no_sitemap = 1;
			render_docs(&r, todo, ntodo, job.done);
			r.no_sitemap = 0;
		}
		free(job.done);
	}
	if (reusing)
		keep_doc_pages(&r, out->log->data + logstart,
		    out->log->len - logstart, keys);
	free(todo);
	free(keys);
	free(r.groups);

	BUF_PUTSL(&r.sitemap, "</urlset>\n");
	if (out != NULL) {
		if (output_write(d, out, "sitemap.xml", r.sitemap.data,
		    r.sitemap.len) == 0)
			r.npages++;
		buf_printf(&dir, "%s/static", t->dir);
		(void)copy_static(&r, dir.data, "static");
		(void)copy_assets(&r);
	}
	*npages = r.npages;
	cache_close(&cache);
	buf_free(&r.page);
	buf_free(&r.sitemap);
	buf_free(&dir);
	return d->nerrors > nerr ? -1 : 0;
}
