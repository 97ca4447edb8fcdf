/*
 * index.c: the site model built from the loaded documents.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "index.h"
#include "site.h"
#include "slug.h"
#include "util.h"
#include "yamlget.h"

/* Sections in the order readers expect; others follow by name. */
static const char *const section_order[] = {
	"arrangements", "procedures", "mou", "annual-reports", "minutes"
};
static const char *const section_titles[] = {
	"Published arrangements", "Procedures", "Memoranda of understanding",
	"Annual reports", "Minutes"
};

/* URLs of the site's own pages: no top-level document may take them. */
static const char *const reserved[] = {
	"amendments", "reviews", "search", "static", "sitemap.xml", "404.html",
	"worried"
};

static int
section_rank(const char *name)
{
	size_t	 i;

	for (i = 0; i < NELEM(section_order); i++)
		if (strcmp(section_order[i], name) == 0)
			return (int)i;
	return (int)NELEM(section_order);
}

static int
section_cmp(const void *a, const void *b)
{
	const struct section	*x = a, *y = b;
	int			 rx = section_rank(x->name), ry = section_rank(y->name);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A document's own date, else the end of the year it reports on. */
static const struct date *
own_date(const struct doc *d)
{
	return date_isset(&d->date) || d->period == NULL ? &d->date :
	    &d->period_end;
}

/* Minutes and reports newest first; everything else by title. */
static int
doc_cmp(const void *a, const void *b)
{
	const struct doc	*x = *(struct doc *const *)a;
	const struct doc	*y = *(struct doc *const *)b;
	int			 c;

	if ((x->type == DT_MINUTES || x->type == DT_ANNUAL_REPORT) &&
	    (c = date_cmp(own_date(y), own_date(x))) != 0)
		return c;
	if ((c = strcasecmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static struct section *
section_get(struct site *s, const char *name, enum doc_type t)
{
	struct section	*sec;
	size_t		 i;

	for (i = 0; i < s->nsections; i++)
		if (strcmp(s->sections[i].name, name) == 0)
			return &s->sections[i];
	s->sections = xreallocarray(s->sections, s->nsections + 1,
	    sizeof(*s->sections));
	sec = &s->sections[s->nsections++];
	memset(sec, 0, sizeof(*sec));
	sec->name = xstrdup(name);
	sec->type = t;
	i = (size_t)section_rank(name);
	sec->title = i < NELEM(section_titles) ? section_titles[i] : sec->name;
	return sec;
}

/*
 * When a document came into the site, to tell which of two with one id
 * is the newer: its first version's commit time; a file not yet
 * committed is the newest; without history, the file's time.
 */
static long long
doc_age(const struct doc *doc)
{
	struct stat	 st;

	if (doc->added != 0)
		return doc->added;
	if (stat(doc->path, &st) == 0)
		return (long long)st.st_mtime;
	return 0;
}

const char *
index_suggest_id(const struct site *s, const char *id)
{
	const char	**ids;
	const char	 *hint;
	size_t		  i, n;

	ids = xcalloc(s->ndocs + 1, sizeof(*ids));
	for (i = n = 0; i < s->ndocs; i++)
		if (s->docs[i]->id != NULL)
			ids[n++] = s->docs[i]->id;
	hint = yget_suggest(id, ids);
	free(ids);
	return hint;
}

static void
check_ref(struct diag *d, const struct site *s, const struct doc *doc,
    const char *id, enum field f, const char *what)
{
	struct buf	 key = BUF_INIT;
	const char	*hint;
	int		 unread;

	if (strmap_get(&s->byid, id) != NULL)
		return;
	/* A document that could not be read has its own errors. */
	buf_printf(&key, "doc:%s", id);
	unread = strmap_get(&s->unread, key.data) != NULL;
	buf_free(&key);
	if (unread) {
		diag_add(d, DIAG_WARNING, doc->path, doc->field_line[f], 0,
		    "%s '%s' is a document that could not be read (see its "
		    "errors)", what, id);
		return;
	}
	if ((hint = index_suggest_id(s, id)) != NULL)
		diag_add(d, DIAG_ERROR, doc->path, doc->field_line[f], 0,
		    "%s '%s' is not the id of any document (did you mean "
		    "'%s'?)", what, id, hint);
	else
		diag_add(d, DIAG_ERROR, doc->path, doc->field_line[f], 0,
		    "%s '%s' is not the id of any document", what, id);
}

/*
 * A slug of "text" unique within "used", as a new string; the next
 * suffix for each slug is kept under "\001slug", as markdown.c does.
 */
static char *
unique_slug(struct strmap *used, const char *prefix, const char *text)
{
	struct buf	 b = BUF_INIT, next = BUF_INIT;
	size_t		 base, k;

	buf_puts(&b, prefix);
	slug_heading(&b, text, strlen(text));
	if (b.len == strlen(prefix))
		BUF_PUTSL(&b, "entry");
	if (strmap_put(used, b.data, (void *)1) != NULL) {
		buf_putc(&next, '\001');
		buf_put(&next, b.data, b.len);
		k = (size_t)(uintptr_t)strmap_get(used, next.data);
		base = b.len;
		for (k = k != 0 ? k : 1;; k++) {
			buf_truncate(&b, base);
			buf_printf(&b, "-%zu", k);
			if (strmap_put(used, b.data, (void *)1) == NULL)
				break;
		}
		strmap_set(used, next.data, (void *)(uintptr_t)(k + 1));
	}
	buf_free(&next);
	return buf_detach(&b);
}

/* Stable anchors for the appendix and glossary entries. */
static void
data_anchors(struct doc *doc)
{
	struct strmap	 used = STRMAP_INIT;
	size_t		 i;

	for (i = 0; i < doc->nagencies; i++)
		if (doc->agencies[i].name != NULL)
			doc->agencies[i].anchor = unique_slug(&used, "",
			    doc->agencies[i].name);
	for (i = 0; i < doc->nterms; i++)
		if (doc->terms[i].term != NULL)
			doc->terms[i].anchor = unique_slug(&used, "",
			    doc->terms[i].term);
	strmap_free(&used);
}

/*
 * Old URLs: site-absolute paths of safe characters, not a document's own
 * address nor another alias.
 */
static void
check_aliases(struct diag *d, struct site *s)
{
	struct strmap	 used = STRMAP_INIT;
	struct buf	 key = BUF_INIT;
	struct doc	*doc, *other;
	const char	*a, *p;
	size_t		 i, k;

	for (i = 0; i < s->ndocs; i++)
		(void)strmap_put(&used, s->docs[i]->url, s->docs[i]);
	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		for (k = 0; k < doc->naliases; k++) {
			a = doc->aliases[k];
			for (p = a; *p != '\0'; p++)
				if (!((*p >= 'a' && *p <= 'z') ||
				    (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') ||
				    strchr("/-_.~", *p) != NULL))
					break;
			if (a[0] != '/' || *p != '\0' || strstr(a, "..") ||
			    strstr(a, "//") || strcmp(a, "/") == 0) {
				diag_add(d, DIAG_ERROR, doc->path,
				    doc->field_line[F_ALIASES], 0,
				    "alias '%s' must be a path such as "
				    "/old/address/ (letters, digits, - _ . ~)", a);
				continue;
			}
			/* "/old/x" is published as old/x/index.html. */
			buf_reset(&key);
			buf_puts(&key, a + 1);
			p = strrchr(a, '.');
			if (a[strlen(a) - 1] != '/' &&
			    (p == NULL || p < strrchr(a, '/')))
				buf_putc(&key, '/');
			if ((other = strmap_put(&used, key.data, doc)) != NULL)
				diag_add(d, DIAG_ERROR, doc->path,
				    doc->field_line[F_ALIASES], 0,
				    "alias '%s' is already the address of %s",
				    a, other->path);
		}
	}
	strmap_free(&used);
	buf_free(&key);
}

/*
 * The partnerships a document names, as a mask of bits into
 * s->cfg.partnerships (0: all); an unknown id is an error at its place.
 */
static unsigned long long
partners_of(struct diag *d, const struct site *s, const struct doc *doc)
{
	const char		**ids;
	const char		 *hint;
	unsigned long long	  mask = 0;
	size_t			  i, k;

	if (doc->npartnership == 0)
		return 0;
	if (s->cfg.npartnerships == 0) {
		diag_add(d, DIAG_ERROR, doc->path, doc->partnership_ln[0],
		    doc->partnership_col[0], "'partnership' is given but "
		    "site.yaml declares no 'partnerships'");
		return 0;
	}
	ids = xcalloc(s->cfg.npartnerships + 1, sizeof(*ids));
	for (k = 0; k < s->cfg.npartnerships; k++)
		ids[k] = s->cfg.partnerships[k].id;
	for (i = 0; i < doc->npartnership; i++) {
		for (k = 0; k < s->cfg.npartnerships; k++)
			if (strcmp(doc->partnership[i], ids[k]) == 0)
				break;
		if (k < s->cfg.npartnerships) {
			mask |= 1ULL << k;
			continue;
		}
		hint = yget_suggest(doc->partnership[i], ids);
		diag_add(d, DIAG_ERROR, doc->path, doc->partnership_ln[i],
		    doc->partnership_col[i], "unknown partnership '%s'%s%s%s",
		    doc->partnership[i], hint != NULL ? " (did you mean '" :
		    "", hint != NULL ? hint : "", hint != NULL ? "'?)" : "");
	}
	free(ids);
	return mask;
}

/*
 * Every agency of every agencies document in one table, in document
 * order (s->docs is sorted by path): each agency's index in it is its
 * mention bit.
 */
static void
agency_table(struct site *s)
{
	struct doc	*doc;
	size_t		 i, k, n = 0;

	for (i = 0; i < s->ndocs; i++)
		if (s->docs[i]->type == DT_AGENCIES)
			n += s->docs[i]->nagencies;
	s->agency = xcalloc(n + 1, sizeof(*s->agency));
	s->agency_doc = xcalloc(n + 1, sizeof(*s->agency_doc));
	s->nagency = 0;
	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (doc->type != DT_AGENCIES ||
		    (s->cfg.npartnerships == 0 && doc != s->agencies))
			continue;
		for (k = 0; k < doc->nagencies; k++) {
			doc->agencies[k].idx = s->nagency;
			s->agency_doc[s->nagency] = doc;
			s->agency[s->nagency++] = &doc->agencies[k];
		}
	}
}

/* Drafts are never published by accident: dropped unless asked for. */
static void
drop_drafts(struct site *s, int with_drafts)
{
	size_t	 i, j;

	for (i = j = 0; i < s->ndocs; i++) {
		if (s->docs[i]->status == ST_DRAFT && !with_drafts)
			doc_free(s->docs[i]);
		else
			s->docs[j++] = s->docs[i];
	}
	s->ndocs = j;
}

/* Index doc by its id; a second one with the id is an error. */
static void
claim_id(struct diag *d, struct site *s, struct doc *doc)
{
	struct doc	*other, *dup;

	if ((other = strmap_put(&s->byid, doc->id, doc)) == NULL)
		return;
	/* Reported on the newer file: the older keeps it. */
	if (doc_age(other) > doc_age(doc)) {
		strmap_set(&s->byid, doc->id, doc);
		dup = other;
		other = doc;
	} else
		dup = doc;
	diag_add(d, DIAG_ERROR, dup->path, dup->field_line[F_ID], 0,
	    "id '%s' is already used by %s", dup->id, other->path);
}

/* The document's URL, which a top-level page's id must leave free. */
static void
set_url(struct diag *d, struct doc *doc)
{
	struct buf	 url = BUF_INIT;
	size_t		 k;

	if (doc->section != NULL)
		buf_printf(&url, "%s/%s/", doc->section, doc->id);
	else {
		buf_printf(&url, "%s/", doc->id);
		for (k = 0; k < NELEM(reserved); k++)
			if (strcmp(doc->id, reserved[k]) == 0)
				diag_add(d, DIAG_ERROR, doc->path,
				    doc->field_line[F_ID], 0, "id '%s' is the "
				    "address of one of the site's own pages",
				    doc->id);
	}
	doc->url = buf_detach(&url);
}

/* The agencies document (the first, with partnerships) and the glossary. */
static void
claim_special(struct diag *d, struct site *s, struct doc *doc)
{
	/* With partnerships, each may have its own list. */
	if (doc->type == DT_AGENCIES && s->cfg.npartnerships == 0) {
		if (s->agencies != NULL)
			diag_add(d, DIAG_ERROR, doc->path, 0, 0, "a second "
			    "agencies document (the first is %s)",
			    s->agencies->path);
		else
			s->agencies = doc;
	} else if (doc->type == DT_AGENCIES && s->agencies == NULL)
		s->agencies = doc;
	if (doc->type == DT_GLOSSARY) {
		if (s->glossary != NULL)
			diag_add(d, DIAG_ERROR, doc->path, 0, 0, "a second "
			    "glossary (the first is %s)", s->glossary->path);
		else
			s->glossary = doc;
	}
}

static void
section_add(struct section *sec, struct doc *doc)
{
	if (sec->ndocs == sec->docscap) {
		sec->docscap = sec->docscap != 0 ? sec->docscap * 2 : 1;
		sec->docs = xreallocarray(sec->docs, sec->docscap,
		    sizeof(*sec->docs));
	}
	sec->docs[sec->ndocs++] = doc;
}

/* A top-level page whose id is a section's name would share its URL. */
static void
check_page_ids(struct diag *d, const struct site *s)
{
	const struct doc	*doc;
	size_t			 i, k;

	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (doc->section != NULL)
			continue;
		for (k = 0; k < s->nsections; k++)
			if (strcmp(doc->id, s->sections[k].name) == 0)
				diag_add(d, DIAG_ERROR, doc->path, 0, 0,
				    "id '%s' is also the name of the section "
				    "folder %s/", doc->id, doc->id);
	}
	/* partnerships/ is the partnerships' own pages. */
	for (i = 0; s->cfg.npartnerships > 0 && i < s->ndocs; i++) {
		doc = s->docs[i];
		if ((doc->section == NULL && strcmp(doc->id,
		    "partnerships") == 0) || (doc->section != NULL &&
		    strcmp(doc->section, "partnerships") == 0))
			diag_add(d, DIAG_ERROR, doc->path, 0, 0,
			    "partnerships/ is the address of the partnerships' "
			    "own pages (site.yaml partnerships)");
	}
}

/* Every related id and superseded_by names a document. */
static void
check_refs(struct diag *d, const struct site *s)
{
	const struct doc	*doc, *other;
	size_t			 i, k;

	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		for (k = 0; k < doc->nrelated; k++) {
			check_ref(d, s, doc, doc->related[k], F_RELATED,
			    "related document");
			other = strmap_get(&s->byid, doc->related[k]);
			if (other != NULL && doc->partners != 0 &&
			    other->partners != 0 &&
			    (doc->partners & other->partners) == 0)
				diag_add(d, DIAG_WARNING, doc->path,
				    doc->field_line[F_RELATED], 0, "related "
				    "document '%s' is of another partnership",
				    other->id);
		}
		if (doc->superseded_by != NULL)
			check_ref(d, s, doc, doc->superseded_by,
			    F_SUPERSEDED_BY, "superseded_by");
	}
}

int
index_build(struct diag *d, struct site *s, int with_drafts)
{
	struct doc	*doc;
	size_t		 i, k, nerr = d->nerrors;

	drop_drafts(s, with_drafts);
	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (doc->title == NULL)	/* reported by the loader */
			doc->title = xstrdup(doc->id);
		data_anchors(doc);
		claim_id(d, s, doc);
		set_url(d, doc);
		claim_special(d, s, doc);
		doc->partners = partners_of(d, s, doc);
		if (doc->section != NULL)
			section_add(section_get(s, doc->section, doc->type),
			    doc);
	}
	check_page_ids(d, s);
	check_aliases(d, s);
	agency_table(s);
	check_refs(d, s);
	if (s->nsections > 1)
		qsort(s->sections, s->nsections, sizeof(*s->sections),
		    section_cmp);
	for (k = 0; k < s->nsections; k++)
		qsort(s->sections[k].docs, s->sections[k].ndocs,
		    sizeof(*s->sections[k].docs), doc_cmp);
	return d->nerrors > nerr ? -1 : 0;
}
