/*
 * histpages.c: pages from the git history (see histpages.h).
 *
 * Version N of a document is its N-th public version, oldest first.  The
 * latest version is the current page; versions before it are written as
 * v<N>/ with a banner, and v<N>/changes/ compares version N-1 with N.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cache.h"
#include "compare.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "histpages.h"
#include "history.h"
#include "links.h"
#include "markdown.h"
#include "output.h"
#include "page.h"
#include "site.h"
#include "strmap.h"
#include "template.h"
#include "util.h"
#include "versions.h"

/* What a version still needs rendered after the cache was asked. */
#define NEED_PAST	0x01
#define NEED_CHANGES	0x02

/* Latest entries on /amendments/ and in the feed. */
#define AMEND_PAGE	500
#define AMEND_FEED	50

/* A history longer than this is grouped by year. */
#define HIST_FLAT	10

/* One public version of one document: an amendment. */
struct	amend {
	const struct doc	*doc;
	size_t			 n;	/* 1-based version number */
	long long		 when;
};

static const struct version *
version_of(const struct doc *doc, size_t n)
{
	return &doc->hist->v[n - 1];
}

/* The page showing version n: the current page for the latest. */
static char *
version_url(const struct site *s, const struct doc *doc, size_t n)
{
	struct buf	 b = BUF_INIT;

	if (n == doc->nversions)
		buf_printf(&b, "%s%s", s->cfg.base_path, doc->url);
	else if (s->past_versions)
		buf_printf(&b, "%s%sv%zu/", s->cfg.base_path, doc->url, n);
	else
		return NULL;
	return buf_detach(&b);
}

static char *
changes_url(const struct site *s, const struct doc *doc, size_t n)
{
	struct buf	 b = BUF_INIT;

	if (n < 2 || !s->past_versions)
		return NULL;
	buf_printf(&b, "%s%sv%zu/changes/", s->cfg.base_path, doc->url, n);
	return buf_detach(&b);
}

/* What a version did, in a word, as /amendments/ says it. */
static const char *
event_word(enum version_event e)
{
	switch (e) {
	case VERSION_NEW:
		return "New";
	case VERSION_REPLACED:
		return "Replaced";
	case VERSION_WITHDRAWN:
		return "Withdrawn";
	default:
		return "Amended";
	}
}

/* The same as a class name. */
static const char *
event_class(enum version_event e)
{
	switch (e) {
	case VERSION_NEW:
		return "new";
	case VERSION_REPLACED:
		return "replaced";
	case VERSION_WITHDRAWN:
		return "withdrawn";
	default:
		return "amended";
	}
}

/* Set "replaced_by" {title, url} when the replacement is on the site. */
static void
set_replacement(struct tval *m, const struct site *s, const char *id)
{
	const struct doc	*by;
	struct tval		*t;

	if (id == NULL || (by = strmap_get(&s->byid, id)) == NULL)
		return;
	t = tv_map();
	tv_set_str(t, "title", by->title);
	tv_set(t, "url", tv_str_own(page_url(s, by->url)));
	tv_set(m, "replaced_by", t);
}

/*
 * The links to version v's request and commit on the forge that
 * site.yaml's repository names: request_url, request_label ("pull request
 * #12", "merge request !12"), commit_url, commit_short.
 */
static void
set_forge_links(struct tval *m, const struct site *s,
    const struct version *v)
{
	static const char *const commit_path[] = {
		"", "/commit/", "/-/commit/", "/commit/", "/commits/"
	};
	static const char *const request_path[] = {
		"", "/pull/", "/-/merge_requests/", "/pulls/", "/pull-requests/"
	};
	struct buf	 b = BUF_INIT;
	const char	*repo = s->cfg.repo_url;
	int		 f = (int)s->cfg.forge;

	if (repo == NULL || f <= FORGE_NONE || f > FORGE_BITBUCKET)
		return;
	buf_printf(&b, "%s%s%s", repo, commit_path[f], v->commit);
	tv_set(m, "commit_url", tv_str_own(buf_detach(&b)));
	buf_printf(&b, "%.7s", v->commit);
	tv_set(m, "commit_short", tv_str_own(buf_detach(&b)));
	if (v->request == 0)
		return;
	buf_printf(&b, "%s%s%lu", repo, request_path[f], v->request);
	tv_set(m, "request_url", tv_str_own(buf_detach(&b)));
	buf_printf(&b, s->cfg.forge == FORGE_GITLAB ? "merge request !%lu" :
	    "pull request #%lu", v->request);
	tv_set(m, "request_label", tv_str_own(buf_detach(&b)));
}

/*
 * What version v did: kind ("New", "Amended", "Replaced", "Withdrawn"),
 * is_new, is_replaced, is_withdrawn, and for a replacement
 * replaced_by_title and replaced_by_url (only when the replacement is on
 * the site).  Flat, so that a template's {{^replaced_by_url}} cannot
 * find the row's own url.
 */
static void
set_event(struct tval *m, const struct site *s, const struct version *v)
{
	const struct doc	*by;

	tv_set_str(m, "kind", event_word(v->event));
	tv_set_str(m, "kind_class", event_class(v->event));
	tv_set_bool(m, "is_new", v->event == VERSION_NEW);
	tv_set_bool(m, "is_replaced", v->event == VERSION_REPLACED);
	tv_set_bool(m, "is_withdrawn", v->event == VERSION_WITHDRAWN);
	if (v->event != VERSION_REPLACED || v->replaced_by == NULL)
		return;
	set_replacement(m, s, v->replaced_by);
	if ((by = strmap_get(&s->byid, v->replaced_by)) != NULL) {
		tv_set_str(m, "replaced_by_title", by->title);
		tv_set(m, "replaced_by_url", tv_str_own(page_url(s, by->url)));
	} else
		tv_set_str(m, "replaced_by_title", v->replaced_by);
}

/* The note, authors, event and links of version v, as every list shows. */
static void
set_record(struct tval *m, const struct site *s, const struct version *v)
{
	tv_set_str(m, "subject", v->note);
	tv_set_str(m, "note", v->note);
	if (s->cfg.show_authors)
		tv_set_str(m, "author", v->authors);
	if (v->request != 0)
		tv_set_int(m, "request", (long long)v->request);
	set_event(m, s, v);
	set_forge_links(m, s, v);
}

static struct tval *
version_row(const struct site *s, const struct doc *doc, size_t n)
{
	const struct version	*v = version_of(doc, n);
	struct tval		*row = tv_map();
	char			*u;

	tv_set_bool(row, "review", 0);
	tv_set_int(row, "n", (long long)n);
	page_set_version_date(row, v);
	set_record(row, s, v);
	tv_set_bool(row, "is_current", n == doc->nversions);
	tv_set_str(row, "kind", event_word(n == 1 ? VERSION_NEW : v->event));
	tv_set_bool(row, "withdrawn", v->event == VERSION_WITHDRAWN);
	tv_set_bool(row, "replaced", v->event == VERSION_REPLACED);
	if (v->event == VERSION_REPLACED)
		set_replacement(row, s, v->replaced_by);
	if ((u = version_url(s, doc, n)) != NULL)
		tv_set(row, "url", tv_str_own(u));
	if ((u = changes_url(s, doc, n)) != NULL)
		tv_set(row, "changes_url", tv_str_own(u));
	return row;
}

/*
 * Whether review i of doc was made by the time the site stands at:
 * before the version after the latest shown (folio build --as-of), and
 * not after the as-of date.
 */
static int
review_shown(const struct site *s, const struct doc *doc, size_t i)
{
	const struct version	*rv = &doc->hist->reviews[i];
	struct date		 d;

	if (doc->nversions < doc->hist->n &&
	    rv->when >= doc->hist->v[doc->nversions].when)
		return 0;
	if (!date_isset(&s->as_of))
		return 1;
	version_date(rv, &d);
	return date_cmp(&d, &s->as_of) <= 0;
}

/*
 * A history row for a review: is_review, date, and the commit's links
 * ("Reviewed on D: no change to the text").
 */
static struct tval *
review_row(const struct site *s, const struct version *rv)
{
	struct tval	*row = tv_map();

	tv_set_bool(row, "review", 1);
	tv_set_bool(row, "is_review", 1);
	page_set_version_date(row, rv);
	if (s->cfg.show_authors)
		tv_set_str(row, "author", rv->authors);
	set_forge_links(row, s, rv);
	return row;
}

/*
 * The history's entries, newest first: versions and reviews (those up
 * to --as-of).  More than HIST_FLAT entries are grouped by year, as
 * {year, entries}; fewer make one group without a year.
 */
static struct tval *
history_groups(const struct site *s, const struct doc *doc)
{
	const struct doc_history *h = doc->hist;
	struct tval	*groups = tv_list(), *g = NULL, *entries = NULL, *e;
	const struct version *v;
	struct date	 d;
	size_t		 n = doc->nversions, k = h->nreviews, total;
	int		 year = 0, by_year;

	/* Reviews after what the site shows (--as-of) are left out. */
	while (k > 0 && !review_shown(s, doc, k - 1))
		k--;
	total = n + k;
	by_year = total > HIST_FLAT;
	while (n > 0 || k > 0) {
		/* Whichever is newer; a version before a review of its time. */
		if (k > 0 && (n == 0 ||
		    h->reviews[k - 1].when > version_of(doc, n)->when)) {
			v = &h->reviews[--k];
			e = review_row(s, v);
		} else {
			v = version_of(doc, n);
			e = version_row(s, doc, n--);
		}
		version_date(v, &d);
		if (g == NULL || (by_year && d.y != year)) {
			g = tv_map();
			if (by_year)
				tv_set_int(g, "year", d.y);
			entries = tv_list();
			tv_set(g, "entries", entries);
			tv_push(groups, g);
			year = d.y;
		}
		tv_push(entries, e);
	}
	return groups;
}

static void
doc_crumbs(struct tval *ctx, const struct site *s, const struct doc *doc,
    const char *last)
{
	struct tval	*crumbs = tv_list();
	size_t		 i;

	page_crumb(crumbs, "Home", page_url(s, ""));
	for (i = 0; doc->section != NULL && i < s->nsections; i++)
		if (strcmp(s->sections[i].name, doc->section) == 0)
			page_crumb(crumbs, s->sections[i].title,
			    page_section_url(s, &s->sections[i]));
	page_crumb(crumbs, doc->title, page_url(s, doc->url));
	page_crumb(crumbs, last, NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
}

static int
render_history_page(struct rctx *r, const struct doc *doc)
{
	const struct site	*s = r->site;
	struct tval		*ctx;
	struct buf		 rel = BUF_INIT, title = BUF_INIT;
	int			 rc;

	buf_printf(&rel, "%shistory/", doc->url);
	buf_printf(&title, "Version history: %s", doc->title);
	ctx = page_ctx(s, title.data, rel.data);
	tv_set(ctx, "doc", page_doc_ctx(s, doc));
	tv_set(ctx, "groups", history_groups(s, doc));
	tv_set_bool(ctx, "show_authors", s->cfg.show_authors);
	tv_set_bool(ctx, "shallow", s->history != NULL &&
	    history_is_shallow(s->history));
	doc_crumbs(ctx, s, doc, "Version history");
	rc = page_emit(r, "history", ctx, rel.data, 1);
	tv_free(ctx);
	buf_free(&rel);
	buf_free(&title);
	return rc;
}

/* Where the current page is: the address a version page points to. */
static char *
current_abs(const struct site *s, const struct doc *doc)
{
	struct buf	 b = BUF_INIT;

	if (s->cfg.base_url == NULL)
		return page_url(s, doc->url);
	buf_printf(&b, "%s%s", s->cfg.base_url, doc->url);
	return buf_detach(&b);
}

/*
 * The banner of version n's page: its number, when it was in force
 * (until the next version's date), and the versions either side.
 */
static struct tval *
version_banner(const struct site *s, const struct doc *cur, size_t n)
{
	struct tval	*past = tv_map();
	struct date	 d;
	struct buf	 b = BUF_INIT;
	char		*u;
	int		 latest = n == cur->nversions;

	tv_set_int(past, "n", (long long)n);
	tv_set_int(past, "of", (long long)cur->nversions);
	tv_set_bool(past, "latest", latest);
	/* The latest version of a withdrawn text is not in force. */
	tv_set_bool(past, "in_force", !latest || cur->status == ST_CURRENT ||
	    cur->status == ST_DRAFT);
	page_set_version_date(past, version_of(cur, n));
	set_record(past, s, version_of(cur, n));
	if (!latest) {
		version_date(version_of(cur, n + 1), &d);
		page_set_date(past, "until", &d);
		tv_set_int(past, "next", (long long)n + 1);
		if ((u = page_permalink(s, cur, n + 1)) != NULL)
			tv_set(past, "next_url", tv_str_own(u));
	}
	if (n > 1) {
		tv_set_int(past, "prev", (long long)n - 1);
		if ((u = page_permalink(s, cur, n - 1)) != NULL)
			tv_set(past, "prev_url", tv_str_own(u));
	}
	tv_set(past, "current_url", tv_str_own(page_url(s, cur->url)));
	buf_printf(&b, "%s%shistory/", s->cfg.base_path, cur->url);
	tv_set(past, "history_url", tv_str_own(buf_detach(&b)));
	return past;
}

/*
 * Version n's permanent page, v<n>/, through the same pipeline as the
 * current page, with a banner.  "text" is that version read from git,
 * or for the latest version the current document itself: its page
 * shows the current text and names the current page as canonical.
 * "tree", if not NULL, is text's body parsed for the comparisons, which
 * the page takes its HTML from (page_document_ctx()).
 */
static int
render_version(struct rctx *r, const struct doc *cur, struct doc *text,
    size_t n, struct md_tree *tree)
{
	const struct site	*s = r->site;
	struct tval		*ctx;
	struct buf		 rel = BUF_INIT, title = BUF_INIT, leaf = BUF_INIT;
	int			 latest = n == cur->nversions;
	int			 rc;

	buf_printf(&rel, "%sv%zu/", cur->url, n);
	buf_printf(&title, "%s, version %zu of %zu", text->title, n,
	    cur->nversions);
	buf_printf(&leaf, "Version %zu", n);
	ctx = page_document_ctx(r, text, !latest, tree);
	tv_set(ctx, "past", version_banner(s, cur, n));
	tv_set_str(ctx, "page_title", title.data);
	/* A version's address is for citing; search engines want the page. */
	tv_set_bool(ctx, "noindex", !latest);
	tv_set(ctx, "canonical", tv_str_own(current_abs(s, cur)));
	tv_set(ctx, "page_url", tv_str_own(page_url(s, rel.data)));
	doc_crumbs(ctx, s, cur, leaf.data);
	rc = page_emit(r, "document", ctx, rel.data, 0);
	tv_free(ctx);
	buf_free(&rel);
	buf_free(&title);
	buf_free(&leaf);
	return rc;
}

/*
 * A version's body parsed as its page is, once for both comparisons and
 * then its own page (past_page()).
 */
struct	vtree {
	struct md_tree	 t;
	int		 have;
};

static const struct md_tree *
vtree_get(const struct site *s, struct vtree *vt, struct doc *doc)
{
	struct md_opts		 mo;
	struct link_render	*lr;

	if (!vt->have) {
		lr = links_render_past(s, doc, &mo);
		md_tree(&mo, doc->body, doc->body_len, doc->body_line, &vt->t);
		links_render_end(lr);
		vt->have = 1;
	}
	return &vt->t;
}

static void
vtree_free(struct vtree *vt)
{
	if (vt->have)
		md_tree_free(&vt->t);
	vt->have = 0;
}

/* The front matter that changed, in words, and the sections changed. */
static void
changes_lists(struct tval *ctx, const struct site *s, const struct doc *before,
    const struct doc *after, const struct compare *cmp)
{
	struct compare_detail	*det;
	const struct doc	*rep = NULL;
	struct tval		*list, *m;
	size_t			 i, ndet;

	if (after->superseded_by != NULL)
		rep = strmap_get(&s->byid, after->superseded_by);
	det = compare_details(before, after, rep != NULL ? rep->title :
	    after->superseded_by, &ndet);
	list = tv_list();
	for (i = 0; i < ndet; i++) {
		m = tv_map();
		tv_set_str(m, "what", det[i].what);
		tv_set_str(m, "before", det[i].before);
		tv_set_str(m, "after", det[i].after);
		tv_push(list, m);
	}
	tv_set_bool(ctx, "has_details", ndet > 0);
	tv_set(ctx, "details", list);
	compare_details_free(det, ndet);
	list = tv_list();
	for (i = 0; i < cmp->nsections; i++) {
		m = tv_map();
		tv_set_str(m, "title", cmp->sections[i].title);
		tv_set_str(m, "anchor", cmp->sections[i].anchor);
		tv_set_bool(m, "removed", cmp->sections[i].removed);
		tv_push(list, m);
	}
	tv_set_bool(ctx, "has_sections", cmp->nsections > 0);
	tv_set(ctx, "sections", list);
}

static int
render_changes(struct rctx *r, const struct doc *cur, struct doc *before,
    struct doc *after, size_t n, struct vtree *ta, struct vtree *tb)
{
	const struct site	*s = r->site;
	const struct version	*v = version_of(cur, n);
	struct compare		 cmp;
	struct tval		*ctx;
	struct buf		 rel = BUF_INIT, title = BUF_INIT;
	char			*u;
	int			 rc;

	/* The same text renders the same: a review changes only details. */
	if (before->body_len == after->body_len &&
	    memcmp(before->body, after->body, after->body_len) == 0)
		memset(&cmp, 0, sizeof(cmp));
	else {
		u = version_url(s, cur, n);
		compare_bodies(&cmp, vtree_get(s, ta, before),
		    vtree_get(s, tb, after), 1, u);
		free(u);
	}
	buf_printf(&rel, "%sv%zu/changes/", cur->url, n);
	buf_printf(&title, "What changed in version %zu: %s", n, cur->title);
	ctx = page_ctx(s, title.data, rel.data);
	tv_set(ctx, "doc", page_doc_ctx(s, cur));
	tv_set_int(ctx, "n", (long long)n);
	tv_set_int(ctx, "prev", (long long)n - 1);
	set_record(ctx, s, v);
	page_set_version_date(ctx, v);
	tv_set_bool(ctx, "text_changed", cmp.changed);
	tv_set(ctx, "diff", tv_str_own(buf_detach(&cmp.html)));
	tv_set_int(ctx, "words_added", (long long)cmp.words_added);
	tv_set_int(ctx, "words_deleted", (long long)cmp.words_deleted);
	changes_lists(ctx, s, before, after, &cmp);
	compare_free(&cmp);
	if ((u = version_url(s, cur, n)) != NULL)
		tv_set(ctx, "version_url", tv_str_own(u));
	if ((u = version_url(s, cur, n - 1)) != NULL)
		tv_set(ctx, "prev_url", tv_str_own(u));
	{
		struct buf h = BUF_INIT;

		buf_printf(&h, "%s%shistory/", s->cfg.base_path, cur->url);
		tv_set(ctx, "history_url", tv_str_own(buf_detach(&h)));
	}
	tv_set_bool(ctx, "noindex", 1);
	doc_crumbs(ctx, s, cur, title.data);
	rc = page_emit(r, "changes", ctx, rel.data, 0);
	tv_free(ctx);
	buf_free(&rel);
	buf_free(&title);
	return rc;
}

/*
 * What every past page of a document depends on beyond its own version:
 * what r->fp holds (every document's title and anchors, for links and a
 * replacement's title), what each version did (a banner may name the
 * change) and the document's current front matter.  Hashed once per
 * document: made again for each page it was a tenth of rendering them.
 */
static void
doc_part_key(const struct rctx *r, const struct doc *doc, char key[41])
{
	struct buf	 m = BUF_INIT;
	size_t		 k;

	buf_printf(&m, "%s%c%zu %lld%c", r->fp, 0, doc->nversions,
	    version_of(doc, doc->nversions)->when, 0);
	for (k = 1; k <= doc->nversions; k++)
		buf_printf(&m, "%d %s%c", (int)version_of(doc, k)->event,
		    version_of(doc, k)->replaced_by != NULL ?
		    version_of(doc, k)->replaced_by : "", 0);
	buf_printf(&m, "%s%c%s%c%s%c%s%c%d %d %d", doc->id, 0, doc->url, 0,
	    doc->title, 0, doc->summary != NULL ? doc->summary : "", 0,
	    (int)doc->type, (int)doc->status, doc->draft);
	buf_printf(&m, "%c%s%c", 0, doc->owner != NULL ? doc->owner : "", 0);
	/* As shown: a month or a year is not its first day. */
	date_format_iso(&m, &doc->approved);
	buf_putc(&m, ' ');
	date_format_iso(&m, &doc->last_reviewed);
	buf_putc(&m, ' ');
	date_format_iso(&m, &doc->review_date);
	buf_putc(&m, ' ');
	date_format_iso(&m, &doc->date);
	cache_key(key, &m);
	buf_free(&m);
}

/*
 * The cache key of version n's page ("past") or comparison ("changes"):
 * the document's part (doc_part_key()) and the version's own.  A
 * comparison depends on both versions' files (front matter and body: the
 * blobs) and the note; all are in the key.
 */
static void
page_key(const struct doc *doc, const char *docpart, size_t n,
    const char *what, char key[41])
{
	const struct version	*v = version_of(doc, n);
	struct buf		 m = BUF_INIT;

	buf_printf(&m, "%s%c%s%c%zu %lld %lld%c%s%c%s%c%s%c%s%c%lu%c%s%c", docpart,
	    0, what, 0, n, v->when, n < doc->nversions ?
	    version_of(doc, n + 1)->when : 0, 0, v->blob, 0, n > 1 ?
	    version_of(doc, n - 1)->blob : "", 0, v->note, 0, v->author, 0,
	    v->request, 0, v->authors, 0);
	cache_key(key, &m);
	buf_free(&m);
}

/*
 * Past version n's page ("text"), then kept in the cache.  From "vt"'s
 * tree when it has one, which is then spent.
 */
static int
past_page(struct rctx *r, struct doc *doc, struct doc *text, size_t n,
    const char docpart[41], struct vtree *vt)
{
	struct buf	 rel = BUF_INIT;
	char		 key[41];
	int		 rc;

	rc = render_version(r, doc, text, n, vt->have ? &vt->t : NULL);
	vtree_free(vt);
	if (rc == -1)
		return -1;
	page_key(doc, docpart, n, "past", key);
	buf_printf(&rel, "%sv%zu/index.html", doc->url, n);
	cache_store(r->cache, key, r->page.data, r->page.len, r->out,
	    rel.data);
	buf_free(&rel);
	return 0;
}

int
histpages_render_doc(struct rctx *r, struct history_reader *hr,
    struct doc *doc)
{
	const struct site	*s = r->site;
	struct doc		*prev = NULL, *cur = NULL;
	struct vtree		 tprev, tcur;
	struct buf		 rel = BUF_INIT;
	unsigned char		*todo;
	char			 key[41], docpart[41];
	size_t			 n, waiting = 0;
	int			 rc = 0;

	if (doc->hist == NULL || doc->nversions == 0)
		return 0;
	if (render_history_page(r, doc) == -1)
		rc = -1;
	if (!s->past_versions || hr == NULL)
		return rc;
	/*
	 * What the cache already has is copied; a version is read from git
	 * only when its page, its comparison or the next comparison is not.
	 */
	doc_part_key(r, doc, docpart);
	todo = xcalloc(doc->nversions + 2, sizeof(*todo));
	memset(&tprev, 0, sizeof(tprev));
	memset(&tcur, 0, sizeof(tcur));
	for (n = 1; n <= doc->nversions; n++) {
		if (n < doc->nversions) {
			page_key(doc, docpart, n, "past", key);
			buf_reset(&rel);
			buf_printf(&rel, "%sv%zu/index.html", doc->url, n);
			if (cache_fetch(r->cache, key, r->d, r->out, rel.data) == 0)
				r->npages++;
			else
				todo[n] |= NEED_PAST;
		}
		if (n > 1) {
			page_key(doc, docpart, n, "changes", key);
			buf_reset(&rel);
			buf_printf(&rel, "%sv%zu/changes/index.html", doc->url, n);
			if (cache_fetch(r->cache, key, r->d, r->out, rel.data) == 0)
				r->npages++;
			else
				todo[n] |= NEED_CHANGES;
		}
	}
	for (n = 1; n <= doc->nversions; n++) {
		if (todo[n] == 0 && (todo[n + 1] & NEED_CHANGES) == 0) {
			doc_free(prev);
			prev = NULL;
			vtree_free(&tprev);
			continue;
		}
		cur = version_load(hr, doc, version_of(doc, n));
		if (cur == NULL) {
			diag_add(r->d, DIAG_ERROR, doc->path, 0, 0,
			    "cannot read version %zu from git: %s", n,
			    history_reader_error(hr));
			rc = -1;
			break;
		}
		if ((todo[n] & NEED_CHANGES) && prev != NULL) {
			if (render_changes(r, doc, prev, cur, n, &tprev,
			    &tcur) == -1)
				rc = -1;
			else {
				page_key(doc, docpart, n, "changes", key);
				buf_reset(&rel);
				buf_printf(&rel, "%sv%zu/changes/index.html",
				    doc->url, n);
				cache_store(r->cache, key, r->page.data,
				    r->page.len, r->out, rel.data);
			}
		}
		/*
		 * A version's page is made from the tree its comparisons
		 * parse, after the last of them (the tree is spent).
		 */
		if (waiting > 0 && past_page(r, doc, prev, waiting, docpart,
		    &tprev) == -1)
			rc = -1;
		waiting = 0;
		if ((todo[n] & NEED_PAST) && (todo[n + 1] & NEED_CHANGES))
			waiting = n;
		else if ((todo[n] & NEED_PAST) && past_page(r, doc, cur, n,
		    docpart, &tcur) == -1)
			rc = -1;
		doc_free(prev);
		prev = cur;
		/* Version n's tree is the next comparison's older one. */
		vtree_free(&tprev);
		tprev = tcur;
		tcur.have = 0;
	}
	/* Version n + 1 could not be read: version n's page all the same. */
	if (waiting > 0 && past_page(r, doc, prev, waiting, docpart,
	    &tprev) == -1)
		rc = -1;
	free(todo);
	doc_free(prev);
	vtree_free(&tprev);
	vtree_free(&tcur);
	buf_free(&rel);
	/* The latest version's page follows the current one: not cached. */
	if (render_version(r, doc, doc, doc->nversions, NULL) == -1)
		rc = -1;
	return rc;
}

static int
amend_cmp(const void *a, const void *b)
{
	const struct amend	*x = a, *y = b;
	int			 c;

	if (x->when != y->when)
		return x->when > y->when ? -1 : 1;
	if ((c = strcmp(x->doc->relpath, y->doc->relpath)) != 0)
		return c;
	return x->n > y->n ? -1 : x->n < y->n;
}

/* Every public version of every document, newest first. */
static struct amend *
collect(const struct site *s, size_t *np)
{
	struct amend	*v = NULL;
	size_t		 i, k, n = 0, cap = 0;

	for (i = 0; i < s->ndocs; i++) {
		const struct doc *doc = s->docs[i];

		if (doc->hist == NULL)
			continue;
		for (k = 1; k <= doc->nversions; k++) {
			if (n == cap) {
				cap = cap != 0 ? cap * 2 : 256;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[n].doc = doc;
			v[n].n = k;
			v[n].when = version_of(doc, k)->when;
			n++;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), amend_cmp);
	*np = n;
	return v;
}

static struct tval *
amend_ctx(const struct site *s, const struct amend *a)
{
	const struct version	*v = version_of(a->doc, a->n);
	struct tval		*m = tv_map();
	char			*u;

	tv_set_str(m, "title", a->doc->title);
	tv_set_str(m, "type_label", doc_type_label(a->doc->type));
	tv_set_int(m, "n", (long long)a->n);
	tv_set_bool(m, "first", a->n == 1);
	set_record(m, s, v);
	tv_set_str(m, "kind", event_word(a->n == 1 ? VERSION_NEW : v->event));
	tv_set_str(m, "kind_class", event_class(a->n == 1 ? VERSION_NEW :
	    v->event));
	page_set_version_date(m, v);
	if ((u = changes_url(s, a->doc, a->n)) == NULL &&
	    (u = version_url(s, a->doc, a->n)) == NULL)
		u = page_url(s, a->doc->url);
	tv_set(m, "url", tv_str_own(u));
	return m;
}

/* Entries grouped by month, as {month, entries}. */
static struct tval *
by_month(const struct site *s, const struct amend *v, size_t n)
{
	struct tval	*months = tv_list(), *month = NULL, *entries = NULL;
	struct buf	 label = BUF_INIT, cur = BUF_INIT;
	struct date	 d;
	size_t		 i;

	for (i = 0; i < n; i++) {
		version_date(version_of(v[i].doc, v[i].n), &d);
		buf_reset(&label);
		date_format_month(&label, &d);
		if (month == NULL || strcmp(label.data, cur.data) != 0) {
			month = tv_map();
			tv_set_str(month, "month", label.data);
			entries = tv_list();
			tv_set(month, "entries", entries);
			tv_push(months, month);
			buf_reset(&cur);
			buf_puts(&cur, label.data);
		}
		tv_push(entries, amend_ctx(s, &v[i]));
	}
	buf_free(&label);
	buf_free(&cur);
	return months;
}

/* RFC 3339 in UTC, as Atom wants. */
static void
put_rfc3339(struct buf *b, long long when)
{
	struct date	 d;
	long long	 days = when >= 0 ? when / 86400 : -((-when + 86399) / 86400);
	long long	 secs = when - days * 86400;

	date_from_days((long)days, &d);
	buf_printf(b, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", d.y, d.m, d.d,
	    secs / 3600, secs / 60 % 60, secs % 60);
}

static void
put_xml(struct buf *b, const char *s)
{
	html_escape(b, s, strlen(s));
}

static int
write_feed(struct rctx *r, const struct amend *v, size_t n)
{
	const struct site	*s = r->site;
	const char		*base = s->cfg.base_url != NULL ?
				    s->cfg.base_url : s->cfg.base_path;
	struct buf		 b = BUF_INIT;
	struct tval		*e;
	size_t			 i;
	int			 rc = 0;

	BUF_PUTSL(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	put_xml(&b, s->cfg.title);
	BUF_PUTSL(&b, ": amendments</title>\n<id>");
	put_xml(&b, base);
	BUF_PUTSL(&b, "amendments.xml</id>\n<link rel=\"self\" href=\"");
	put_xml(&b, base);
	BUF_PUTSL(&b, "amendments.xml\"/>\n<link rel=\"alternate\" "
	    "type=\"text/html\" href=\"");
	put_xml(&b, base);
	BUF_PUTSL(&b, "amendments/\"/>\n<updated>");
	put_rfc3339(&b, n > 0 ? v[0].when : 0);
	BUF_PUTSL(&b, "</updated>\n<author><name>");
	put_xml(&b, s->cfg.title);
	BUF_PUTSL(&b, "</name></author>\n");
	for (i = 0; i < n && i < AMEND_FEED; i++) {
		const struct version *ver = version_of(v[i].doc, v[i].n);
		const char *u;

		e = amend_ctx(s, &v[i]);
		u = tv_strval(tv_get(e, "url"));
		BUF_PUTSL(&b, "<entry>\n<title>");
		put_xml(&b, v[i].doc->title);
		buf_printf(&b, ", version %zu (%s)</title>\n<link href=\"",
		    v[i].n, tv_strval(tv_get(e, "kind")));
		/* Entry links must be absolute: the base URL's host. */
		if (s->cfg.base_url != NULL)
			put_xml(&b, s->cfg.base_url);
		put_xml(&b, u + (s->cfg.base_url != NULL ?
		    strlen(s->cfg.base_path) : 0));
		BUF_PUTSL(&b, "\"/>\n<id>");
		if (s->cfg.base_url != NULL)
			put_xml(&b, s->cfg.base_url);
		put_xml(&b, v[i].doc->url);
		buf_printf(&b, "v%zu</id>\n<updated>", v[i].n);
		put_rfc3339(&b, ver->when);
		BUF_PUTSL(&b, "</updated>\n");
		if (s->cfg.show_authors) {
			BUF_PUTSL(&b, "<author><name>");
			put_xml(&b, ver->authors);
			BUF_PUTSL(&b, "</name></author>\n");
		}
		buf_printf(&b, "<category term=\"%s\"/>\n",
		    tv_strval(tv_get(e, "kind")));
		BUF_PUTSL(&b, "<summary>");
		put_xml(&b, ver->note);
		BUF_PUTSL(&b, "</summary>\n</entry>\n");
		tv_free(e);
	}
	BUF_PUTSL(&b, "</feed>\n");
	if (r->out != NULL && output_write(r->d, r->out, "amendments.xml",
	    b.data, b.len) == -1)
		rc = -1;
	else
		r->npages++;
	buf_free(&b);
	return rc;
}

static int
amend_page(struct rctx *r, const char *rel, const char *title,
    const struct amend *v, size_t n, struct tval *years, int more)
{
	struct tval	*ctx, *crumbs;
	int		 rc;

	ctx = page_ctx(r->site, title, rel);
	tv_set(ctx, "months", by_month(r->site, v, n));
	tv_set_bool(ctx, "has_entries", n > 0);
	tv_set_bool(ctx, "more", more);
	if (years != NULL) {
		tv_set_bool(ctx, "has_years", tv_len(years) > 1 || more);
		tv_set(ctx, "years", years);
	}
	tv_set(ctx, "feed_url", tv_str_own(page_url(r->site,
	    "amendments.xml")));
	crumbs = tv_list();
	page_crumb(crumbs, "Home", page_url(r->site, ""));
	page_crumb(crumbs, title, NULL);
	tv_set(ctx, "breadcrumbs", crumbs);
	tv_set_bool(ctx, "has_breadcrumbs", 1);
	rc = page_emit(r, "amendments", ctx, rel, 1);
	tv_free(ctx);
	return rc;
}

/*
 * The key of the page of year "year" (entries v[0..n)) in "folio build":
 * the fingerprint (templates, settings, today, every document's title
 * and address), site.yaml's key, whether past versions are written, and
 * what the page shows of each entry (amend_ctx()): its document's
 * address, title and type, its number, whether it is the current
 * version, and its record.  A new version of a document changes only
 * the pages its versions are on.
 */
static void
year_key(const struct rctx *r, int year, const struct amend *v, size_t n,
    char key[41])
{
	const struct version	*ver;
	const struct doc	*doc;
	struct buf		 m = BUF_INIT;
	size_t			 i;

	buf_printf(&m, "amendments %d%c%s%c%s%c%d %d-%d-%d%c", year, 0, r->fp,
	    0, r->cfg, 0, r->site->past_versions, r->site->as_of.y,
	    r->site->as_of.m, r->site->as_of.d, 0);
	for (i = 0; i < n; i++) {
		doc = v[i].doc;
		ver = version_of(doc, v[i].n);
		buf_printf(&m, "%s%c%s%c%d %zu %d%c%s %lld %lu %d%c", doc->url,
		    0, doc->title != NULL ? doc->title : "", 0,
		    (int)doc->type, v[i].n, v[i].n == doc->nversions, 0,
		    ver->commit, ver->when, ver->request, (int)ver->event, 0);
		buf_printf(&m, "%s%c%s%c%s%c", ver->note, 0, ver->authors, 0,
		    ver->replaced_by != NULL ? ver->replaced_by : "", 1);
	}
	cache_key(key, &m);
	buf_free(&m);
}

/* The year of entry a. */
static int
amend_year(const struct amend *a)
{
	struct date	 d;

	version_date(version_of(a->doc, a->n), &d);
	return d.y;
}

/*
 * One year's page: in "folio build" (index_key not NULL) kept as the site
 * being replaced holds it while its key is the same, else written and
 * logged as a group of its own.
 */
static int
year_page(struct rctx *r, const char *index_key, int year,
    const struct amend *v, size_t n)
{
	struct buf	 rel = BUF_INIT, title = BUF_INIT;
	char		 key[41];
	size_t		 np = r->npages, n0 = r->d->n, from = 0;
	long		 kept = -1;
	int		 rc = 0;

	buf_printf(&rel, "amendments/%d/", year);
	buf_printf(&title, "Amendments in %d", year);
	if (index_key != NULL) {
		year_key(r, year, v, n, key);
		kept = output_keep_group(r->out, key, rel.data, rel.data,
		    NULL, 0);
		from = r->out->log->len;
	}
	if (kept >= 0) {
		r->npages += (size_t)kept;
		page_sitemap_add(r, rel.data);
	} else {
		rc = amend_page(r, rel.data, title.data, v, n, NULL, 0);
		if (index_key != NULL && r->d->n == n0)
			output_group(r->out, from, key, rel.data,
			    r->npages - np);
	}
	buf_free(&rel);
	buf_free(&title);
	return rc;
}

int
histpages_render_amendments(struct rctx *r, const char *index_key)
{
	const struct site	*s = r->site;
	struct amend		*v;
	struct tval		*years = tv_list(), *y;
	struct buf		 rel = BUF_INIT;
	char			 feedname[] = "amendments.xml";
	char			*feed[] = { feedname };
	size_t			 n, i, start, np = r->npages, n0 = r->d->n;
	size_t			 from = 0;
	long			 kept = -1;
	int			 rc = 0, year;

	v = collect(s, &n);
	/* A page per year, so that no page holds every change of a decade. */
	for (i = 0; i < n; i = start) {
		year = amend_year(&v[i]);
		for (start = i; start < n && amend_year(&v[start]) == year;
		    start++)
			;
		if (year_page(r, index_key, year, v + i, start - i) == -1)
			rc = -1;
		buf_reset(&rel);
		buf_printf(&rel, "amendments/%d/", year);
		y = tv_map();
		tv_set_int(y, "year", year);
		tv_set(y, "url", tv_str_own(page_url(s, rel.data)));
		tv_push(years, y);
	}
	/* The first page and the feed: a group of their own. */
	if (index_key != NULL) {
		kept = output_keep_group(r->out, index_key, "amendments/",
		    "amendments/index.html", feed, NELEM(feed));
		from = r->out->log->len;
	}
	if (kept >= 0) {
		r->npages += (size_t)kept;
		page_sitemap_add(r, "amendments/");
		tv_free(years);
	} else {
		np = r->npages;
		if (amend_page(r, "amendments/", "Amendments", v,
		    n < AMEND_PAGE ? n : AMEND_PAGE, years,
		    n > AMEND_PAGE) == -1)
			rc = -1;
		if (write_feed(r, v, n) == -1)
			rc = -1;
		if (index_key != NULL && r->d->n == n0)
			output_group(r->out, from, index_key, "amendments/",
			    r->npages - np);
	}
	free(v);
	buf_free(&rel);
	return rc;
}

struct tval *
histpages_latest(const struct site *s, size_t k)
{
	struct amend	*v;
	struct tval	*list = tv_list();
	size_t		 n, i;

	v = collect(s, &n);
	for (i = 0; i < n && i < k; i++)
		tv_push(list, amend_ctx(s, &v[i]));
	free(v);
	return list;
}
