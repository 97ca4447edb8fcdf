/*
 * links.c: resolving and checking links, backlinks, and mentions of the
 * relevant agencies and glossary terms.  Links are found on the cmark
 * tree (markdown.c), never by searching HTML.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "escape.h"
#include "index.h"
#include "links.h"
#include "markdown.h"
#include "matcher.h"
#include "pack.h"
#include "pool.h"
#include "reuse.h"
#include "scanmemo.h"
#include "search.h"
#include "site.h"
#include "stale.h"
#include "util.h"
#include "yamlget.h"

enum	target_kind {
	TK_EXTERNAL,	/* another site, or a scheme: left alone */
	TK_SAME_PAGE,	/* "#anchor" */
	TK_DOC,		/* another document */
	TK_SECTION,	/* a section's index ("../procedures/") */
	TK_FILE,	/* a file under the site folder */
	TK_BAD		/* cannot be resolved: why is set */
};

struct	target {
	enum target_kind	 kind;
	struct doc		*doc;		/* TK_DOC */
	char			*path;		/* TK_FILE, TK_SECTION: relpath */
	char			*anchor;	/* after '#', or NULL */
	const char		*why;		/* TK_BAD */
	const char		*hint;		/* TK_BAD: a close id, or NULL */
	int			 rooted;	/* written as a site address
						   ("/x/" or base_url) */
};

static void
target_free(struct target *t)
{
	free(t->path);
	free(t->anchor);
}

static int
has_scheme(const char *u)
{
	const char	*p;

	if (u[0] == '/' && u[1] == '/')
		return 1;
	for (p = u; *p != '\0'; p++) {
		if (*p == ':')
			return p != u;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		    *p == '.'))
			return 0;
	}
	return 0;
}


/*
 * Join "dir" (a relpath's folder, "" for the top) and the relative link
 * path p[0..len), percent-decoded, with "." and ".." resolved.  Returns
 * the result (caller frees), or NULL if it climbs out of the site.
 */
static char *
join_path(const char *dir, const char *p, size_t len)
{
	struct buf	 b = BUF_INIT, seg = BUF_INIT;
	size_t		 i;
	int		 hi, lo;
	buf_puts(&b, dir);
	for (i = 0; i <= len; i++) {
		if (i < len && p[i] != '/') {
			if (p[i] == '%' && i + 2 < len &&
			    (hi = hex_value(p[i + 1])) >= 0 &&
			    (lo = hex_value(p[i + 2])) >= 0) {
				/* An encoded '/' or NUL could smuggle a "..". */
				if (hi * 16 + lo == '/' || hi * 16 + lo == 0 ||
				    hi * 16 + lo == '\\') {
					buf_free(&b);
					buf_free(&seg);
					return NULL;
				}
				buf_putc(&seg, hi * 16 + lo);
				i += 2;
			} else
				buf_putc(&seg, p[i]);
			continue;
		}
		if (seg.len == 0 || strcmp(seg.data, ".") == 0) {
			/* "a//b" and "./": nothing to add */
		} else if (strcmp(seg.data, "..") == 0) {
			char *slash;

			if (b.len == 0) {
				buf_free(&b);
				buf_free(&seg);
				return NULL;
			}
			slash = strrchr(b.data, '/');
			buf_truncate(&b, slash != NULL ?
			    (size_t)(slash - b.data) : 0);
		} else {
			if (b.len > 0)
				buf_putc(&b, '/');
			buf_put(&b, seg.data, seg.len);
		}
		buf_reset(&seg);
	}
	buf_free(&seg);
	return buf_detach(&b);
}

/*
 * A document with this many headings has them looked up in a set: a
 * page with thousands of headings and of links to them would otherwise
 * cost their product.
 */
#define ANCHOR_SET_MIN	32

/* Fill "set" with the anchors of d's headings, if it has many. */
static void
anchor_set(const struct doc *d, struct strmap *set)
{
	size_t	 i;

	if (d->scan.nheadings < ANCHOR_SET_MIN)
		return;
	for (i = 0; i < d->scan.nheadings; i++)
		(void)strmap_put(set, d->scan.headings[i].anchor, set);
}

/* Whether "#a" is on d's page; "set" is anchor_set(d) or NULL. */
static int
doc_has_anchor(const struct doc *d, const struct strmap *set, const char *a)
{
	size_t	 i;

	if (set != NULL && set->n > 0) {
		if (strmap_get(set, a) != NULL)
			return 1;
	} else
		for (i = 0; i < d->scan.nheadings; i++)
			if (strcmp(d->scan.headings[i].anchor, a) == 0)
				return 1;
	for (i = 0; i < d->nagencies; i++)
		if (d->agencies[i].anchor != NULL &&
		    strcmp(d->agencies[i].anchor, a) == 0)
			return 1;
	for (i = 0; i < d->nterms; i++)
		if (d->terms[i].anchor != NULL &&
		    strcmp(d->terms[i].anchor, a) == 0)
			return 1;
	/* Footnotes rendered by cmark-gfm. */
	return strncmp(a, "fn-", 3) == 0 || strncmp(a, "fnref-", 6) == 0;
}

static int
is_section(const struct site *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nsections; i++)
		if (strcmp(s->sections[i].name, name) == 0)
			return 1;
	return 0;
}

/* Whether the file at "path" is really inside the site (no symlink out). */
static int
inside_site(const struct site *s, const char *path)
{
	char	*root = realpath(s->srcdir, NULL), *real = realpath(path, NULL);
	size_t	 n;
	int	 ok;

	ok = root != NULL && real != NULL &&
	    strncmp(real, root, (n = strlen(root))) == 0 && real[n] == '/';
	free(root);
	free(real);
	return ok;
}

/* Whether "u" starts with "p", ignoring ASCII case. */
static int
prefix_ci(const char *u, const char *p)
{
	return strncasecmp(u, p, strlen(p)) == 0;
}

/*
 * Why a link can only work on the editor's own computer ("file:", a
 * drive letter, a network share, localhost), or NULL.
 */
static const char *
local_link(const char *u)
{
	const char	*h;

	if (prefix_ci(u, "file:"))
		return "link to a file on one computer";
	if (((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z')) &&
	    u[1] == ':' && (u[2] == '\\' || u[2] == '/'))
		return "link to a file on one computer";
	if (u[0] == '\\' && u[1] == '\\')
		return "link to a network share";
	if (prefix_ci(u, "http://"))
		h = u + 7;
	else if (prefix_ci(u, "https://"))
		h = u + 8;
	else
		return NULL;
	/* h[9] is the end of the host: ':', '/' or the string's end. */
	if ((prefix_ci(h, "localhost") && strchr(":/", h[9]) != NULL) ||
	    (prefix_ci(h, "127.0.0.1") && strchr(":/", h[9]) != NULL))
		return "link to localhost, the editor's own computer";
	return NULL;
}

/*
 * The site-relative path of "url" if it is an address on this site: a
 * root-relative path under base_path, or base_url itself (http or
 * https); NULL otherwise.  Points into url.
 */
static const char *
site_address(const struct site *s, const char *url)
{
	const char	*b = s->cfg.base_url, *u = url;
	size_t		 n;

	if (url[0] == '/' && url[1] != '/') {
		n = strlen(s->cfg.base_path);
		return strncmp(url, s->cfg.base_path, n) == 0 ? url + n :
		    NULL;
	}
	if (b == NULL || strcmp(b, "/") == 0)
		return NULL;
	if (prefix_ci(b, "https://"))
		b += 8;
	else if (prefix_ci(b, "http://"))
		b += 7;
	if (prefix_ci(u, "https://"))
		u += 8;
	else if (prefix_ci(u, "http://"))
		u += 7;
	else
		return NULL;
	n = strlen(b);
	if (strncasecmp(u, b, n) == 0)
		return u + n;
	/* "https://example.org" for base "example.org/" */
	if (strncasecmp(u, b, n - 1) == 0 && (u[n - 1] == '\0' ||
	    u[n - 1] == '#' || u[n - 1] == '?'))
		return u + n - 1;
	return NULL;
}

/*
 * Whether "path" (no '/' at either end) is one of the pages folio makes
 * besides documents and sections: the site's own (reviews, search, the
 * feeds...) or a document's history and past versions.
 */
static int
generated_page(const struct site *s, const char *path)
{
	static const char *const own[] = {
		"amendments", "amendments.xml", "reviews", "reviews.csv",
		"search", "static", "sitemap.xml", "404.html"
	};
	const struct doc	*d;
	const char		*p, *rest;
	char			*seg;
	size_t			 i, n;

	n = strcspn(path, "/");
	for (i = 0; i < NELEM(own); i++)
		if (strlen(own[i]) == n && strncmp(path, own[i], n) == 0)
			return 1;
	/* ".../ID/history", ".../ID/vN", ".../ID/vN/changes" */
	for (p = path; *p != '\0'; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		seg = xstrndup(p, n);
		d = strmap_get(&s->byid, seg);
		free(seg);
		if (d == NULL || p[n] != '/' || strncmp(path, d->url,
		    strlen(d->url)) != 0 || (size_t)(p + n + 1 - path) !=
		    strlen(d->url))
			continue;
		rest = p + n + 1;
		if (strcmp(rest, "history") == 0)
			return 1;
		if (rest[0] == 'v' && rest[1] >= '0' && rest[1] <= '9') {
			rest += 1 + strspn(rest + 1, "0123456789");
			return *rest == '\0' || strcmp(rest, "/changes") == 0;
		}
	}
	return 0;
}

/* Resolve rel, an address on this site (see site_address()). */
static void
resolve_address(const struct site *s, const char *rel, struct target *t)
{
	struct buf	 full = BUF_INIT;
	struct stat	 st;
	const char	*q = strpbrk(rel, "?#"), *last;
	char		*path;
	size_t		 n;

	t->rooted = 1;
	path = join_path("", rel, q != NULL ? (size_t)(q - rel) :
	    strlen(rel));
	if (path == NULL) {
		t->kind = TK_BAD;
		t->why = "link to unknown page";
		return;
	}
	n = strlen(path);
	if (n >= 10 && strcmp(path + n - 10, "index.html") == 0)
		path[n -= 10] = '\0';
	while (n > 0 && path[n - 1] == '/')
		path[--n] = '\0';
	if (n == 0 || is_section(s, path)) {
		t->kind = TK_SECTION;
		t->path = path;
		return;
	}
	last = strrchr(path, '/');
	last = last != NULL ? last + 1 : path;
	t->doc = strmap_get(&s->byid, last);
	if (t->doc != NULL && strncmp(t->doc->url, path, n) == 0 &&
	    strcmp(t->doc->url + n, "/") == 0) {
		t->kind = TK_DOC;
		free(path);
		return;
	}
	t->doc = NULL;
	if (generated_page(s, path)) {
		t->kind = TK_EXTERNAL;	/* left as written */
		free(path);
		return;
	}
	buf_printf(&full, "%s/%s", s->srcdir, path);
	if (path[0] != '.' && strstr(path, "/.") == NULL &&
	    strcmp(path, "site.yaml") != 0 && stat(full.data, &st) == 0 &&
	    S_ISREG(st.st_mode) && inside_site(s, full.data)) {
		t->kind = TK_FILE;
		t->path = path;
	} else {
		t->kind = TK_BAD;
		t->why = "link to unknown page";
		t->hint = index_suggest_id(s, last);
		free(path);
	}
	buf_free(&full);
}

/* Resolve "url" written in document "from". */
static void
resolve(const struct site *s, const struct doc *from, const char *url,
    struct target *t)
{
	const char	*hash, *q, *slash;
	struct buf	 full = BUF_INIT;
	struct stat	 st;
	char		*dir, *id;
	size_t		 plen;

	memset(t, 0, sizeof(*t));
	hash = strchr(url, '#');
	if (hash != NULL && hash[1] != '\0')
		t->anchor = xstrdup(hash + 1);
	if (strncmp(url, "doc:", 4) == 0) {
		id = xstrndup(url + 4, hash != NULL ? (size_t)(hash - url - 4) :
		    strlen(url + 4));
		t->doc = strmap_get(&s->byid, id);
		t->kind = t->doc != NULL ? TK_DOC : TK_BAD;
		t->why = "link to unknown document";
		if (t->doc == NULL)
			t->hint = index_suggest_id(s, id);
		free(id);
		return;
	}
	if ((t->why = local_link(url)) != NULL) {
		t->kind = TK_BAD;
		return;
	}
	if ((q = site_address(s, url)) != NULL) {
		resolve_address(s, q, t);
		return;
	}
	if (has_scheme(url) || url[0] == '/') {
		t->kind = TK_EXTERNAL;
		return;
	}
	if (url[0] == '#' || url[0] == '\0') {
		t->kind = TK_SAME_PAGE;
		return;
	}
	q = strpbrk(url, "?#");
	plen = q != NULL ? (size_t)(q - url) : strlen(url);
	slash = strrchr(from->relpath, '/');
	dir = xstrndup(from->relpath, slash != NULL ?
	    (size_t)(slash - from->relpath) : 0);
	t->path = join_path(dir, url, plen);
	free(dir);
	if (t->path == NULL) {
		t->kind = TK_BAD;
		t->why = "link points outside the site folder";
		return;
	}
	plen = strlen(t->path);
	if (plen > 3 && strcmp(t->path + plen - 3, ".md") == 0) {
		t->doc = strmap_get(&s->bypath, t->path);
		t->kind = t->doc != NULL ? TK_DOC : TK_BAD;
		t->why = "link to missing document";
		return;
	}
	if (plen == 0 || is_section(s, t->path)) {
		t->kind = TK_SECTION;
		return;
	}
	buf_printf(&full, "%s/%s", s->srcdir, t->path);
	if (stat(full.data, &st) == 0 && S_ISREG(st.st_mode) &&
	    inside_site(s, full.data)) {
		t->kind = TK_FILE;
		/* Hidden files and sources are never published. */
		if (t->path[0] == '.' || strstr(t->path, "/.") != NULL ||
		    strcmp(t->path, "site.yaml") == 0) {
			t->kind = TK_BAD;
			t->why = "link to a file that is not published";
		}
	} else {
		t->kind = TK_BAD;
		t->why = "link to missing file";
	}
	buf_free(&full);
}

/* The mention bit of agency i or term i. */
static size_t
agency_bit(size_t i)
{
	return i;
}

static size_t
term_bit(const struct site *s, size_t i)
{
	return s->nagency + i;
}

/*
 * Whether an agency's name or alias is a single ordinary word
 * ("Police", "Charities"): too general to stand for one body.  An
 * acronym ("NSPCC") or a name of several words is particular.
 */
static int
single_word(const char *name)
{
	const char	*p;
	int		 lower = 0;

	for (p = name; *p != '\0'; p++) {
		if (*p == ' ')
			return 0;
		if (*p >= 'a' && *p <= 'z')
			lower = 1;
	}
	return lower;
}

/* Patterns for every agency name and alias and every glossary term. */
static void
build_names(struct site *s)
{
	const char	*p;
	size_t		 i, k, nag = 0;
	int		 lower;

	s->names = matcher_new();
	{
		nag = s->nagency;
		for (i = 0; i < nag; i++) {
			struct agency *a = s->agency[i];

			if (!single_word(a->name))
				matcher_add(s->names, a->name, 1,
				    (int)agency_bit(i));
			for (k = 0; k < a->naliases; k++) {
				if (single_word(a->aliases[k]))
					continue;
				/* An all-capitals alias is an acronym. */
				for (lower = 0, p = a->aliases[k]; *p; p++)
					if (*p >= 'a' && *p <= 'z')
						lower = 1;
				matcher_add(s->names, a->aliases[k], lower,
				    (int)agency_bit(i));
			}
		}
	}
	if (s->glossary != NULL)
		for (i = 0; i < s->glossary->nterms; i++) {
			const char *t = s->glossary->terms[i].term;

			for (lower = 0, p = t; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					lower = 1;
			matcher_add(s->names, t, lower, (int)term_bit(s, i));
		}
	matcher_build(s->names);
	s->nnames = nag + (s->glossary != NULL ? s->glossary->nterms : 0);
}

/*
 * The passages of a document that link no agency: from a line
 * "<!-- mentions: off -->" to a line "<!-- mentions: on -->" or the end,
 * as pairs of file lines [from, to) in v, n numbers in all.
 */
struct	quiet {
	size_t	*v;
	size_t	 n;
};

/* The state of the scan pass over one document at a time. */
struct	scanner {
	struct site	*site;
	struct doc	*doc;
	struct diag	*diag;
	int		 records;	/* minutes, reports: of their time */
	int		 empty_links;	/* took another document's title */
	size_t		 line, col;	/* of the text being scanned */
	const char	*text;		/* the text being scanned */
	struct quiet	 quiet;		/* the document's quiet passages */
	struct stale_passages hist;	/* its historical passages */
	int		 search;	/* make the document's search entry
					   too (scan.h), for a build that
					   keeps the scans */
};

static char *
scan_link(void *arg, const char *url, int is_image, int empty, size_t line,
    size_t col, char **title)
{
	struct scanner	*sc = arg;
	struct doc	*d = sc->doc;
	struct link	*l;
	struct target	 t;

	/* As the render pass does, so a heading's anchor is the same. */
	if (empty) {
		sc->empty_links = 1;
		resolve(sc->site, d, url, &t);
		if (t.kind == TK_DOC)
			*title = xstrdup(t.doc->title);
		target_free(&t);
	}
	l = scan_add_link(&d->scan);
	l->url = xstrdup(url);
	l->line = line;
	l->col = col;
	l->is_image = is_image;
	return NULL;
}

static void
scan_slip(void *arg, int error, size_t line, size_t col, const char *msg)
{
	struct scanner	*sc = arg;

	diag_add(sc->diag, error ? DIAG_ERROR : DIAG_WARNING, sc->doc->path,
	    line, col, "%s", msg);
}

static int
quiet_mark(const char *p, const char *end, const char *mark)
{
	size_t	 n = strlen(mark);

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	return (size_t)(end - p) == n && memcmp(p, mark, n) == 0;
}

static void
quiet_find(struct quiet *q, const struct doc *doc)
{
	const char	*p = doc->body, *end, *eol;
	size_t		 line = doc->body_line, cap = 0;
	int		 off = 0;

	q->v = NULL;
	q->n = 0;
	if (p == NULL)
		return;
	end = p + doc->body_len;
	for (; p < end; p = eol + 1, line++) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (!quiet_mark(p, eol, off ? "<!-- mentions: on -->" :
		    "<!-- mentions: off -->"))
			continue;
		if (q->n + 2 > cap) {
			cap = cap != 0 ? cap * 2 : 8;
			q->v = xreallocarray(q->v, cap, sizeof(*q->v));
		}
		q->v[q->n++] = line;
		off = !off;
	}
	if (off)
		q->v[q->n++] = line + 1;
}

static int
quiet_line(const struct quiet *q, size_t line)
{
	size_t	 i;

	for (i = 0; q != NULL && i + 1 < q->n; i += 2)
		if (line >= q->v[i] && line < q->v[i + 1])
			return 1;
	return 0;
}

/*
 * Whether mention "id" (an agency's, or a glossary term's) at file line
 * "line" may be linked from "doc": an agency only when the document does
 * not opt out (mentions: false, or a quiet passage q), the agency names a
 * particular body (not generic) and serves the document's area, or
 * either names none.
 */
static int
mention_allowed(const struct site *s, const struct doc *doc,
    const struct quiet *q, size_t line, int id)
{
	const struct agency	*a;

	if ((size_t)id >= s->nagency)
		return 1;
	a = s->agency[id];
	if (doc->no_mentions || a->generic || quiet_line(q, line))
		return 0;
	/* Never another partnership's agency. */
	if (s->agency_doc[id]->partners != 0 && doc->partners != 0 &&
	    (s->agency_doc[id]->partners & doc->partners) == 0)
		return 0;
	return a->area == NULL || doc->area == NULL ||
	    strcasecmp(a->area, doc->area) == 0;
}

/*
 * The mention "id" stands for in "doc": id itself when it may be linked
 * there; else an agency of the same name in another list that may (one
 * name in two partnerships' lists: the matcher reports the first); else
 * -1.
 */
static int
mention_pick(const struct site *s, const struct doc *doc,
    const struct quiet *q, size_t line, int id)
{
	size_t	 i;

	if (mention_allowed(s, doc, q, line, id))
		return id;
	if ((size_t)id >= s->nagency)
		return -1;
	for (i = 0; i < s->nagency; i++)
		if ((int)i != id && strcasecmp(s->agency[i]->name,
		    s->agency[id]->name) == 0 &&
		    mention_allowed(s, doc, q, line, (int)i))
			return (int)i;
	return -1;
}

struct	mention_arg {
	const struct site	*site;
	struct doc		*doc;
	const struct quiet	*quiet;
	size_t			 line;
	size_t			 col;
	struct diag		*diag;
	int			 records;	/* the document is of its time */
	const struct stale_passages *hist;	/* its historical passages */
};

/*
 * An agency that has ended, named in a current document: linked, with a
 * warning at its first mention, since the reader may take it for a body
 * that still exists.
 */
static void
ended_agency(const struct mention_arg *m, const struct matcher_hit *h)
{
	const struct agency	*a = m->site->agency[h->id];
	struct buf		 until = BUF_INIT;

	if (m->records || !date_isset(&a->until) ||
	    date_cmp(&a->until, &m->site->today) > 0 ||
	    stale_in_passage(m->hist, m->line, m->col + h->start))
		return;
	date_format_uk(&until, &a->until);
	if (a->replaced_by != NULL)
		diag_add(m->diag, DIAG_WARNING, m->doc->path, m->line,
		    m->col + h->start, "'%s' ended on %s (replaced by '%s'): "
		    "a current document names it", a->name, until.data,
		    a->replaced_by);
	else
		diag_add(m->diag, DIAG_WARNING, m->doc->path, m->line,
		    m->col + h->start, "'%s' ended on %s: a current document "
		    "names it", a->name, until.data);
	buf_free(&until);
}

static int
mention_hit(void *arg, const struct matcher_hit *h)
{
	struct mention_arg	*m = arg;
	struct matcher_hit	 e = *h;

	if ((e.id = mention_pick(m->site, m->doc, m->quiet, m->line,
	    h->id)) == -1)
		return 0;
	if ((size_t)e.id < m->site->nagency && !m->doc->scan.mentions[e.id])
		ended_agency(m, &e);
	m->doc->scan.mentions[e.id] = 1;
	return 0;
}

/*
 * What a local passage for partnership "id" does on document "doc": in
 * a document of one partnership, shown if it is that one's, else left
 * out; in a document of several, shown labelled with the partnership's
 * areas ("In Stoke-on-Trent") if it is one of them.  *k is the
 * partnership's index, or -1 if no partnership has the id (the passage
 * is then shown).
 */
static enum md_local
local_use(const struct site *s, const struct doc *doc, const char *id,
    struct buf *label, int *k)
{
	const struct partnership	*p;
	unsigned long long		 set = doc->partners;
	size_t				 i;

	*k = -1;
	for (i = 0; i < s->cfg.npartnerships; i++)
		if (strcmp(s->cfg.partnerships[i].id, id) == 0)
			*k = (int)i;
	/* Shown as the page's text, as where no partnership is declared
	   (the scan reports the id): scan and render see one tree. */
	if (*k == -1)
		return MD_LOCAL_SHOW;
	if (set == 0)
		set = s->cfg.npartnerships >= 64 ? ~0ULL :
		    (1ULL << s->cfg.npartnerships) - 1;
	if ((set & (1ULL << *k)) == 0)
		return MD_LOCAL_HIDE;
	if ((set & (set - 1)) == 0)
		return MD_LOCAL_SHOW;
	p = &s->cfg.partnerships[*k];
	BUF_PUTSL(label, "In ");
	if (p->nareas == 0)
		buf_puts(label, p->name);
	for (i = 0; i < p->nareas; i++) {
		if (i > 0)
			buf_puts(label, i + 1 == p->nareas ? " and " : ", ");
		buf_puts(label, p->areas[i]);
	}
	return MD_LOCAL_LABEL;
}

/* A local passage in the scan pass: its id is checked. */
static enum md_local
scan_local(void *arg, const char *id, size_t line, size_t col,
    struct buf *label)
{
	struct scanner		*sc = arg;
	const struct site	*s = sc->site;
	const char		**ids, *hint;
	enum md_local		  what;
	size_t			  i;
	int			  k;

	what = local_use(s, sc->doc, id, label, &k);
	if (k != -1)
		return what;
	ids = xcalloc(s->cfg.npartnerships + 1, sizeof(*ids));
	for (i = 0; i < s->cfg.npartnerships; i++)
		ids[i] = s->cfg.partnerships[i].id;
	hint = yget_suggest(id, ids);
	if (s->cfg.npartnerships == 0)
		diag_add(sc->diag, DIAG_ERROR, sc->doc->path, line, col,
		    "local passage for partnership '%s', but site.yaml "
		    "declares no 'partnerships'", id);
	else if (hint != NULL)
		diag_add(sc->diag, DIAG_ERROR, sc->doc->path, line, col,
		    "unknown partnership '%s' (did you mean '%s'?)", id, hint);
	else
		diag_add(sc->diag, DIAG_ERROR, sc->doc->path, line, col,
		    "unknown partnership '%s'", id);
	free(ids);
	return what;
}

/*
 * An outdated name in a current document written after it went out of
 * use, outside a historical passage: a warning at its place, naming it
 * as the text spells it ("LSCBs").
 */
static int
stale_hit(void *arg, const struct matcher_hit *h)
{
	struct scanner		*sc = arg;
	const struct stale_term	*t = &sc->site->cfg.stale[h->id];
	struct buf		 since = BUF_INIT, said = BUF_INIT;
	size_t			 i;

	if (!stale_applies(t, sc->doc, &sc->site->today) ||
	    stale_in_passage(&sc->hist, sc->line, sc->col + h->start))
		return 0;
	date_format_uk(&since, &t->since);
	for (i = 0; i < h->len; i++) {
		char c = sc->text[h->start + i];

		if (c == '\n' || c == '\t' || c == '\r')
			c = ' ';
		if (c != ' ' || (said.len > 0 && said.data[said.len - 1] != ' '))
			buf_putc(&said, c);
	}
	diag_add(sc->diag, DIAG_WARNING, sc->doc->path, sc->line,
	    sc->col + h->start, "'%s' is out of date (replaced by '%s' from "
	    "%s)", said.data, t->replacement, since.data);
	buf_free(&since);
	buf_free(&said);
	return 0;
}

static size_t
scan_text(void *arg, const char *text, size_t len, size_t line, size_t col,
    struct md_span **spans)
{
	struct scanner	*sc = arg;

	*spans = NULL;
	if (sc->site->nnames > 0) {
		struct mention_arg m = { sc->site, sc->doc, &sc->quiet, line,
		    col, sc->diag, sc->records, &sc->hist };

		matcher_scan(sc->site->names, text, len, mention_hit, &m);
	}
	if (sc->site->stale != NULL && !sc->records) {
		sc->line = line;
		sc->col = col;
		sc->text = text;
		matcher_scan(sc->site->stale, text, len, stale_hit, sc);
	}
	return 0;
}

/* Case folding that does not depend on the locale. */
static int
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether heading texts match, ignoring case and runs of spaces. */
static int
heading_eq(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' && (a[1] == ' ' || a[1] == '\0'))
			a++;
		while (*b == ' ' && (b[1] == ' ' || b[1] == '\0'))
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (ascii_lower(*a) != ascii_lower(*b))
			return 0;
		a++;
		b++;
	}
}

/* The headings site.yaml requires of this type of document. */
static void
check_required(struct diag *d, const struct site *s, const struct doc *doc)
{
	const struct required	*r;
	size_t			 i, j, k;

	if (doc->status != ST_CURRENT)
		return;
	for (i = 0; i < s->cfg.nrequired; i++) {
		r = &s->cfg.required[i];
		if (r->type != doc->type)
			continue;
		for (j = 0; j < r->nheadings; j++) {
			for (k = 0; k < doc->scan.nheadings; k++)
				if (heading_eq(doc->scan.headings[k].text,
				    r->headings[j]))
					break;
			if (k == doc->scan.nheadings)
				diag_add(d, DIAG_WARNING, doc->path, 0, 0,
				    "missing required section '%s' "
				    "(site.yaml required_sections)",
				    r->headings[j]);
		}
	}
}

static void
add_asset(struct site *s, const char *path)
{
	if (strmap_put(&s->assetset, path, (void *)1) != NULL)
		return;
	if ((s->nassets & (s->nassets - 1)) == 0)
		s->assets = xreallocarray(s->assets,
		    s->nassets != 0 ? s->nassets * 2 : 4, sizeof(*s->assets));
	s->assets[s->nassets++] = xstrdup(path);
}

static void
add_backlink(struct doc *to, struct doc *from)
{
	/* Links from one document arrive together: check the last only. */
	if (to->nbacklinks > 0 && to->backlinks[to->nbacklinks - 1] == from)
		return;
	if ((to->nbacklinks & (to->nbacklinks - 1)) == 0)
		to->backlinks = xreallocarray(to->backlinks,
		    to->nbacklinks != 0 ? to->nbacklinks * 2 : 4,
		    sizeof(*to->backlinks));
	to->backlinks[to->nbacklinks++] = from;
}

static void
warn_if_replaced(struct diag *d, const struct site *s, const struct doc *from,
    const struct doc *to, size_t line, size_t col)
{
	const struct doc	*by;

	if (to->status != ST_SUPERSEDED && to->status != ST_WITHDRAWN)
		return;
	by = to->superseded_by != NULL ? strmap_get(&s->byid,
	    to->superseded_by) : NULL;
	if (by != NULL)
		diag_add(d, DIAG_WARNING, from->path, line, col,
		    "link to %s document '%s'; it is replaced by '%s' (%s)",
		    doc_status_name(to->status), to->id, by->id, by->title);
	else
		diag_add(d, DIAG_WARNING, from->path, line, col,
		    "link to %s document '%s'", doc_status_name(to->status),
		    to->id);
}

/*
 * A link from a document of some partnerships to one of none of them:
 * its readers are sent to another partnership's procedure.
 */
static void
warn_if_other_partnership(struct diag *d, const struct doc *from,
    const struct doc *to, size_t line, size_t col)
{
	if (from->partners == 0 || to->partners == 0 ||
	    (from->partners & to->partners) != 0)
		return;
	diag_add(d, DIAG_WARNING, from->path, line, col,
	    "link to '%s', a document of another partnership", to->id);
}

/* The error for a link that does not resolve. */
static void
bad_link(struct diag *d, const struct site *s, const struct doc *doc,
    const struct link *l, const struct target *t)
{
	struct buf	 key = BUF_INIT;
	int		 unread;

	/* A document that could not be read has its own errors. */
	if (strncmp(l->url, "doc:", 4) == 0) {
		buf_put(&key, l->url, strcspn(l->url, "#"));
		unread = strmap_get(&s->unread, key.data) != NULL;
	} else
		unread = t->path != NULL &&
		    strmap_get(&s->unread, t->path) != NULL;
	buf_free(&key);
	if (unread) {
		diag_add(d, DIAG_WARNING, doc->path, l->line, l->col,
		    "link to '%s', a document that could not be read (see "
		    "its errors)", l->url);
		return;
	}
	if (local_link(l->url) != NULL)
		diag_add(d, DIAG_ERROR, doc->path, l->line, l->col,
		    "%s '%s' (it works nowhere else: %s)", t->why, l->url,
		    strstr(t->why, "localhost") != NULL ? "link to the "
		    "document with doc:ID" : "put the file in the site folder "
		    "beside the document and link to it there");
	else if (t->hint != NULL)
		diag_add(d, DIAG_ERROR, doc->path, l->line, l->col,
		    "%s '%s' (did you mean doc:%s?)", t->why, l->url, t->hint);
	else if (t->rooted)
		diag_add(d, DIAG_ERROR, doc->path, l->line, l->col,
		    "%s '%s' (link to a document by its id: doc:ID)", t->why,
		    l->url);
	else
		diag_add(d, DIAG_ERROR, doc->path, l->line, l->col,
		    "%s '%s'", l->is_image &&
		    strcmp(t->why, "link to missing file") == 0 ?
		    "missing image" : t->why, l->url);
}

/* Check one document's links now that every heading is known. */
static void
check_links(struct diag *d, struct site *s, struct doc *doc)
{
	struct strmap	 own = STRMAP_INIT;
	struct target	 t;
	size_t		 i;

	anchor_set(doc, &own);
	for (i = 0; i < doc->scan.nlinks; i++) {
		const struct link *l = &doc->scan.links[i];

		resolve(s, doc, l->url, &t);
		switch (t.kind) {
		case TK_BAD:
			bad_link(d, s, doc, l, &t);
			break;
		case TK_SAME_PAGE:
			if (t.anchor != NULL &&
			    !doc_has_anchor(doc, &own, t.anchor))
				diag_add(d, DIAG_ERROR, doc->path, l->line,
				    l->col, "link to missing heading '#%s' "
				    "in this document", t.anchor);
			break;
		case TK_DOC:
			if (t.anchor != NULL && !doc_has_anchor(t.doc,
			    t.doc == doc ? &own : NULL, t.anchor))
				diag_add(d, DIAG_ERROR, doc->path, l->line,
				    l->col, "link to missing heading '#%s' in "
				    "%s", t.anchor, t.doc->relpath);
			warn_if_replaced(d, s, doc, t.doc, l->line, l->col);
			warn_if_other_partnership(d, doc, t.doc, l->line,
			    l->col);
			if (t.doc != doc)
				add_backlink(t.doc, doc);
			break;
		case TK_FILE:
			add_asset(s, t.path);
			break;
		default:
			break;
		}
		target_free(&t);
	}
	strmap_free(&own);
}

static int
title_cmp(const void *a, const void *b)
{
	const struct doc	*x = *(struct doc *const *)a;
	const struct doc	*y = *(struct doc *const *)b;
	int			 c = strcasecmp(x->title, y->title);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/*
 * What a document's scan depends on besides its Markdown, as a key; and
 * for a document with empty links (which take their target's title, and
 * a heading's anchor with it), the same with every document's title.
 * Today counts only as the scan sees it: which agencies have ended, and
 * which outdated terms are out of date yet, so that a build on another
 * day takes the same key while those are the same.
 */
static void
scan_context(const struct site *s, char key[41], char key_titles[41])
{
	struct buf	 m = BUF_INIT;
	size_t		 i, k;

	buf_printf(&m, "scan 3 %zu %d", s->nnames, s->cfg.allow_html);
	buf_putc(&m, '\0');
	for (i = 0; i < s->nagency; i++) {
		buf_puts(&m, s->agency[i]->name);
		buf_putc(&m, '\0');
		buf_printf(&m, "%s%c%d", s->agency[i]->area != NULL ?
		    s->agency[i]->area : "", 0, s->agency[i]->generic);
		buf_putc(&m, '\0');
		/* As ended_agency() judges it. */
		buf_printf(&m, "%llx %d-%d-%d %d %s%c",
		    s->agency_doc[i]->partners, s->agency[i]->until.y,
		    s->agency[i]->until.m, s->agency[i]->until.d,
		    date_isset(&s->agency[i]->until) &&
		    date_cmp(&s->agency[i]->until, &s->today) <= 0,
		    s->agency[i]->replaced_by != NULL ?
		    s->agency[i]->replaced_by : "", 0);
		for (k = 0; k < s->agency[i]->naliases; k++) {
			buf_puts(&m, s->agency[i]->aliases[k]);
			buf_putc(&m, '\1');
		}
	}
	buf_putc(&m, '\2');
	/* Local passages are shown, labelled or left out by these. */
	for (i = 0; i < s->cfg.npartnerships; i++) {
		buf_puts(&m, s->cfg.partnerships[i].id);
		buf_putc(&m, '\0');
		buf_puts(&m, s->cfg.partnerships[i].name);
		buf_putc(&m, '\0');
		for (k = 0; k < s->cfg.partnerships[i].nareas; k++) {
			buf_puts(&m, s->cfg.partnerships[i].areas[k]);
			buf_putc(&m, '\1');
		}
	}
	buf_putc(&m, '\2');
	for (i = 0; s->glossary != NULL && i < s->glossary->nterms; i++) {
		buf_puts(&m, s->glossary->terms[i].term);
		buf_putc(&m, '\0');
	}
	buf_putc(&m, '\2');
	for (i = 0; i < s->cfg.nstale; i++) {
		/* As stale_applies() judges it by today. */
		buf_printf(&m, "%s%c%s%c%d-%d-%d %d%c", s->cfg.stale[i].term, 0,
		    s->cfg.stale[i].replacement, 0, s->cfg.stale[i].since.y,
		    s->cfg.stale[i].since.m, s->cfg.stale[i].since.d,
		    date_cmp(&s->today, &s->cfg.stale[i].since) >= 0, 0);
		for (k = 0; k < s->cfg.stale[i].nvariants; k++) {
			buf_puts(&m, s->cfg.stale[i].variants[k]);
			buf_putc(&m, '\1');
		}
	}
	cache_key(key, &m);
	buf_putc(&m, '\3');
	for (i = 0; i < s->ndocs; i++) {
		buf_puts(&m, s->docs[i]->relpath);
		buf_putc(&m, '\0');
		buf_puts(&m, s->docs[i]->id);
		buf_putc(&m, '\0');
		buf_puts(&m, s->docs[i]->title != NULL ? s->docs[i]->title : "");
		buf_putc(&m, '\0');
	}
	cache_key(key_titles, &m);
	buf_free(&m);
}

/* Minutes and reports are records of their time; so is a withdrawn text. */
static int
is_record(const struct doc *doc)
{
	return doc->type == DT_MINUTES || doc->type == DT_ANNUAL_REPORT ||
	    doc->type == DT_AGENCIES || doc->type == DT_GLOSSARY ||
	    doc->status != ST_CURRENT;
}

static void
scan_setup(struct scanner *sc, struct md_opts *o, struct site *s,
    struct diag *d)
{
	memset(sc, 0, sizeof(*sc));
	memset(o, 0, sizeof(*o));
	o->allow_html = s->cfg.allow_html;
	o->link = scan_link;
	o->text = scan_text;
	o->slip = scan_slip;
	o->local = scan_local;
	o->arg = sc;
	sc->site = s;
	sc->diag = d;
}

/* Scan one document: its headings, links, mentions and plain text. */
static void
scan_doc(struct scanner *sc, struct md_opts *o, struct doc *doc)
{
	struct buf	 plain = BUF_INIT;

	sc->doc = doc;
	sc->records = is_record(doc);
	sc->empty_links = 0;
	scan_free(&doc->scan);
	doc->scan.mentions = xcalloc(sc->site->nnames + 1, 1);
	doc->scan.nmentions = sc->site->nnames;
	o->plain = &plain;
	quiet_find(&sc->quiet, doc);
	stale_passages_find(&sc->hist, doc, sc->diag);
	md_process(o, doc->body, doc->body_len, doc->body_line, NULL,
	    &doc->scan.headings, &doc->scan.nheadings);
	free(sc->quiet.v);
	sc->quiet.v = NULL;
	stale_passages_free(&sc->hist);
	o->plain = NULL;
	free(doc->scan.plain);
	doc->scan.plain_len = plain.len;
	doc->scan.plain = buf_detach(&plain);
	if (sc->search) {
		/* Tokenised here, in the workers, and kept with the scan. */
		struct search_entry *e = search_entry_new(doc,
		    doc->scan.plain, doc->scan.plain_len);

		search_entry_pack(&plain, e, doc);
		search_entry_free(e);
		doc->scan.search_len = plain.len;
		doc->scan.search = buf_detach(&plain);
	}
}

/* The documents a pool of workers scans (see pool.h). */
struct	scanpool {
	struct site	*site;
	struct diag	*d;		/* the parent's */
	const size_t	*todo;		/* indexes in site->docs */
	unsigned char	*done;		/* per todo entry: its scan came */
	const char	*ctx;		/* reuse keys, or NULL */
	const char	*ctx_titles;
	struct scanmemo	*memo;		/* the scans kept by the last build,
					   or NULL */
	struct diag	 keptd;		/* the diagnostics of those taken */
	size_t		*kat;		/* per document: its first in keptd
					   (ndocs + 1 entries) */
	size_t		 next;		/* the first document whose kept
					   diagnostics are not recorded */
};

/*
 * Record the kept diagnostics of the documents before "upto" in d, so
 * that every document's diagnostics come in document order, as a scan
 * of all of them gives.
 */
static void
kept_record(struct scanpool *p, size_t upto)
{
	if (p->memo == NULL || upto <= p->next)
		return;
	diag_replay(p->d, p->keptd.v + p->kat[p->next],
	    p->kat[upto] - p->kat[p->next]);
	p->next = upto;
}

/* A worker: scan one document and send all that the scan kept. */
static void
scan_work(size_t item, struct buf *out, void *arg)
{
	struct scanpool	*p = arg;
	struct doc	*doc = p->site->docs[p->todo[item]];
	struct md_opts	 o;
	struct scanner	 sc;
	struct diag	 wd;

	diag_init(&wd);
	scan_setup(&sc, &o, p->site, &wd);
	sc.search = p->memo != NULL;
	scan_doc(&sc, &o, doc);
	pack_size(out, (size_t)sc.empty_links);
	scan_pack(out, &doc->scan);
	diag_pack(out, &wd, 0);
	diag_free(&wd);
}

/* The parent: give the document what its worker found. */
static void
scan_take(size_t item, const char *data, size_t len, void *arg)
{
	struct scanpool	*p = arg;
	struct doc	*doc = p->site->docs[p->todo[item]];
	struct unpack	 r = UNPACK_INIT(data, len);
	size_t		 n0;
	int		 empty;

	kept_record(p, p->todo[item]);
	n0 = p->d->n;
	empty = unpack_size(&r) != 0;
	if (scan_unpack(&doc->scan, &r) == -1 ||
	    doc->scan.nmentions != p->site->nnames)
		return;		/* not done: scanned again by the parent */
	/* The diagnostics: recorded only if everything came whole. */
	if (diag_unpack(p->d, &r) == -1)
		return;		/* not done: scanned again by the parent */
	p->done[item] = 1;
	if (p->site->reuse != NULL)
		reuse_scan_put(p->site->reuse, doc, empty ? p->ctx_titles :
		    p->ctx, is_record(doc), p->d, n0);
	if (p->memo != NULL)
		scanmemo_put(p->memo, doc, empty ? p->ctx_titles : p->ctx,
		    p->d, n0);
}

/*
 * Which documents need scanning: their indexes in todo, their number
 * returned.  The others take the scan the preview (s->reuse) or the last
 * build (p->memo) kept.
 */
static size_t
scan_todo(struct diag *d, struct site *s, struct scanpool *p, size_t *todo)
{
	struct doc	*doc;
	size_t		 i, ntodo = 0;

	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		if (p->memo != NULL)
			p->kat[i] = p->keptd.n;
		if (s->reuse != NULL && (reuse_scan_get(s->reuse, doc, p->ctx,
		    is_record(doc), s->nnames, d) || reuse_scan_get(s->reuse,
		    doc, p->ctx_titles, is_record(doc), s->nnames, d)))
			continue;
		if (p->memo != NULL && scanmemo_get(p->memo, doc, p->ctx,
		    p->ctx_titles, s->nnames, &p->keptd))
			continue;
		todo[ntodo++] = i;
	}
	if (p->memo != NULL)
		p->kat[s->ndocs] = p->keptd.n;
	return ntodo;
}

int
links_scan(struct diag *d, struct site *s)
{
	return links_scan_kept(d, s, NULL);
}

int
links_scan_kept(struct diag *d, struct site *s, struct scanmemo *memo)
{
	struct md_opts	 o;
	struct scanner	 sc;
	struct scanpool	 pool;
	struct doc	*doc, *to;
	size_t		*todo;
	char		 ctx[41], ctx_titles[41];
	size_t		 i, k, n0, ntodo, nerr = d->nerrors;

	for (i = 0; i < s->ndocs; i++)
		(void)strmap_put(&s->bypath, s->docs[i]->relpath, s->docs[i]);
	build_names(s);
	s->stale = stale_matcher(&s->cfg);
	scan_setup(&sc, &o, s, d);
	sc.search = memo != NULL;
	if (s->reuse != NULL || memo != NULL)
		scan_context(s, ctx, ctx_titles);
	memset(&pool, 0, sizeof(pool));
	pool.site = s;
	pool.d = d;
	pool.ctx = ctx;
	pool.ctx_titles = ctx_titles;
	pool.memo = memo;
	diag_init(&pool.keptd);
	pool.kat = xcalloc(s->ndocs + 1, sizeof(*pool.kat));
	todo = xcalloc(s->ndocs + 1, sizeof(*todo));
	ntodo = scan_todo(d, s, &pool, todo);
	/* Many documents: parsed in worker processes, one per core. */
	pool.todo = todo;
	pool.done = xcalloc(ntodo + 1, 1);
	if (ntodo >= 64)
		(void)pool_run(ntodo, pool_jobs(s->jobs), 0, scan_work,
		    scan_take, &pool);
	for (k = 0; k < ntodo; k++) {
		if (pool.done[k])
			continue;
		doc = s->docs[todo[k]];
		kept_record(&pool, todo[k]);
		n0 = d->n;
		scan_doc(&sc, &o, doc);
		if (s->reuse != NULL)
			reuse_scan_put(s->reuse, doc, sc.empty_links ?
			    ctx_titles : ctx, sc.records, d, n0);
		if (memo != NULL)
			scanmemo_put(memo, doc, sc.empty_links ? ctx_titles :
			    ctx, d, n0);
	}
	kept_record(&pool, s->ndocs);
	diag_free(&pool.keptd);
	free(pool.kat);
	free(pool.done);
	free(todo);
	for (i = 0; i < s->ndocs; i++) {
		check_links(d, s, s->docs[i]);
		check_required(d, s, s->docs[i]);
	}
	for (i = 0; i < s->ndocs; i++) {
		doc = s->docs[i];
		for (k = 0; k < doc->nrelated; k++)
			if ((to = strmap_get(&s->byid, doc->related[k])) != NULL)
				warn_if_replaced(d, s, doc, to,
				    doc->field_line[F_RELATED], 0);
		if (doc->nbacklinks > 1)
			qsort(doc->backlinks, doc->nbacklinks,
			    sizeof(*doc->backlinks), title_cmp);
	}
	return d->nerrors > nerr ? -1 : 0;
}

/* Rendering one document. */
struct	link_render {
	const struct site	*site;
	struct doc		*doc;
	unsigned char		*seen;	/* first mention done, per name */
	struct md_span		*spans;
	size_t			 nspans, spansz;
	const char		*text;
	int			 past;	/* drop links that do not resolve */
	struct strmap		 anchors;	/* the document's, once needed */
	int			 have_anchors;
	struct quiet		 quiet;	/* the document's quiet passages */
	size_t			 line;	/* of the text being rendered */
};

/* The set of the rendered document's heading anchors, made once. */
static const struct strmap *
own_anchors(struct link_render *r)
{
	if (!r->have_anchors) {
		anchor_set(r->doc, &r->anchors);
		r->have_anchors = 1;
	}
	return &r->anchors;
}

static char *
render_link(void *arg, const char *url, int is_image, int empty, size_t line,
    size_t col, char **title)
{
	struct link_render	*r = arg;
	const struct site	*s = r->site;
	struct target		 t;
	struct buf		 b = BUF_INIT;

	(void)is_image;
	(void)line;
	(void)col;
	resolve(s, r->doc, url, &t);
	switch (t.kind) {
	case TK_DOC:
		buf_printf(&b, "%s%s", s->cfg.base_path, t.doc->url);
		if (t.anchor != NULL)
			buf_printf(&b, "#%s", t.anchor);
		if (empty)
			*title = xstrdup(t.doc->title);
		break;
	case TK_SECTION:
		buf_printf(&b, "%s%s%s", s->cfg.base_path, t.path,
		    t.path[0] != '\0' ? "/" : "");
		break;
	case TK_FILE:
		/* Only files the current site links to are published. */
		if (r->past && strmap_get(&s->assetset, t.path) == NULL) {
			target_free(&t);
			return md_link_drop;
		}
		buf_printf(&b, "%s%s", s->cfg.base_path, t.path);
		if (t.anchor != NULL)
			buf_printf(&b, "#%s", t.anchor);
		break;
	case TK_BAD:
		target_free(&t);
		return r->past ? md_link_drop : NULL;
	case TK_SAME_PAGE:
		if (r->past && t.anchor != NULL &&
		    !doc_has_anchor(r->doc, own_anchors(r), t.anchor)) {
			target_free(&t);
			return md_link_drop;
		}
		target_free(&t);
		return NULL;
	default:
		target_free(&t);
		return NULL;
	}
	/* An old link to a heading that has since gone: link the page. */
	if (r->past && t.kind == TK_DOC && t.anchor != NULL &&
	    !doc_has_anchor(t.doc, t.doc == r->doc ? own_anchors(r) : NULL,
	    t.anchor)) {
		buf_reset(&b);
		buf_printf(&b, "%s%s", s->cfg.base_path, t.doc->url);
	}
	target_free(&t);
	return buf_detach(&b);
}

static int
render_hit(void *arg, const struct matcher_hit *h)
{
	struct link_render	*r = arg;
	const struct site	*s = r->site;
	struct md_span		*sp;
	struct buf		 b = BUF_INIT;
	size_t			 nag = s->nagency, i;
	int			 id;

	if ((id = mention_pick(s, r->doc, &r->quiet, r->line,
	    h->id)) == -1 || r->seen[id])
		return 0;
	r->seen[id] = 1;
	if (r->nspans == r->spansz) {
		r->spansz = r->spansz != 0 ? r->spansz * 2 : 8;
		r->spans = xreallocarray(r->spans, r->spansz,
		    sizeof(*r->spans));
	}
	sp = &r->spans[r->nspans++];
	memset(sp, 0, sizeof(*sp));
	sp->start = h->start;
	sp->len = h->len;
	if ((size_t)id < nag) {
		i = (size_t)id;
		buf_printf(&b, "%s%s#%s", s->cfg.base_path,
		    s->agency_doc[i]->url, s->agency[i]->anchor);
	} else {
		i = (size_t)id - nag;
		buf_printf(&b, "%s%s#%s", s->cfg.base_path, s->glossary->url,
		    s->glossary->terms[i].anchor);
		sp->abbr = xstrdup(s->glossary->terms[i].expansion);
	}
	sp->href = buf_detach(&b);
	return 0;
}

static size_t
render_text(void *arg, const char *text, size_t len, size_t line, size_t col,
    struct md_span **spans)
{
	struct link_render	*r = arg;
	size_t			 n;

	(void)col;
	*spans = NULL;
	r->line = line;
	/* The data pages themselves are not linked to themselves. */
	if (r->site->nnames == 0 || r->doc->type == DT_AGENCIES ||
	    r->doc->type == DT_GLOSSARY)
		return 0;
	r->spans = NULL;
	r->nspans = r->spansz = 0;
	matcher_scan(r->site->names, text, len, render_hit, r);
	*spans = r->spans;
	n = r->nspans;
	r->spans = NULL;
	return n;
}

/* A local passage in the render pass (checked in the scan). */
static enum md_local
render_local(void *arg, const char *id, size_t line, size_t col,
    struct buf *label)
{
	struct link_render	*r = arg;
	int			 k;

	(void)line;
	(void)col;
	return local_use(r->site, r->doc, id, label, &k);
}

struct link_render *
links_render_begin(const struct site *s, struct doc *doc, struct md_opts *o)
{
	struct link_render	*r = xcalloc(1, sizeof(*r));

	r->site = s;
	r->doc = doc;
	r->seen = xcalloc(s->nnames + 1, 1);
	quiet_find(&r->quiet, doc);
	memset(o, 0, sizeof(*o));
	o->allow_html = s->cfg.allow_html;
	o->link = render_link;
	o->text = render_text;
	if (s->cfg.npartnerships > 0)
		o->local = render_local;
	o->arg = r;
	return r;
}

struct link_render *
links_render_past(const struct site *s, struct doc *doc, struct md_opts *o)
{
	struct link_render	*r = links_render_begin(s, doc, o);

	r->past = 1;
	return r;
}

void
links_render_end(struct link_render *r)
{
	if (r == NULL)
		return;
	free(r->seen);
	free(r->quiet.v);
	strmap_free(&r->anchors);
	free(r);
}
