/*
 * frontmatter.c: the content model's validation (DESIGN.md, "Content
 * model").  Every problem is reported at the line and column of the value
 * at fault, and all of a document's problems are reported in one run.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "site.h"
#include "slug.h"
#include "util.h"
#include "yamlget.h"
#include "yamltree.h"

static const char *const doc_keys[F__MAX + 1] = {
	"title", "type", "id", "summary", "owner", "approved",
	"last_reviewed", "review_date", "date", "status", "superseded_by",
	"related", "aliases", "agencies", "terms", "sample", "area", "mentions",
	"period", "partnership", NULL
};

static const char *const agency_keys[] = {
	"name", "aliases", "sector", "statutory_basis", "website", "area",
	"generic", "from", "until", "replaced_by", NULL
};

static const char *const term_keys[] = {
	"term", "expansion", "definition", NULL
};

/* Find the end of the line starting at p; returns the next line's start. */
static const char *
next_line(const char *p, const char *end, size_t *linelen)
{
	const char	*nl = memchr(p, '\n', (size_t)(end - p));

	if (nl == NULL) {
		*linelen = (size_t)(end - p);
		return end;
	}
	*linelen = (size_t)(nl - p);
	return nl + 1;
}

static int
is_marker(const char *p, size_t len, const char *m)
{
	/* Trailing blanks after a marker are tolerated. */
	size_t	 n = strlen(m);

	if (len < n || memcmp(p, m, n) != 0)
		return 0;
	for (; n < len; n++)
		if (p[n] != ' ' && p[n] != '\t')
			return 0;
	return 1;
}

int
fm_split(struct diag *d, const char *path, const char *text, size_t len,
    struct fm_split *s)
{
	const char	*p = text, *end = text + len, *line;
	size_t		 linelen, lineno = 1;

	memset(s, 0, sizeof(*s));
	p = next_line(p, end, &linelen);
	if (len == 0 || !is_marker(text, linelen, "---")) {
		diag_add(d, DIAG_ERROR, path, 1, 0, "%s", len == 0 ?
		    "empty file: a document needs front matter with a title" :
		    "no front matter: a document must start with a '---' line");
		return -1;
	}
	s->yaml = p;
	s->yaml_line = 2;
	while (p < end) {
		line = p;
		lineno++;
		p = next_line(p, end, &linelen);
		if (is_marker(line, linelen, "---") ||
		    is_marker(line, linelen, "...")) {
			s->yaml_len = (size_t)(line - s->yaml);
			s->body = p;
			s->body_len = (size_t)(end - p);
			s->body_line = lineno + 1;
			return 0;
		}
	}
	diag_add(d, DIAG_ERROR, path, 1, 0,
	    "front matter has no closing '---' line");
	return -1;
}

/* yget_dup(), noting a failure in *bad. */
static char *
dup_text(struct diag *d, const char *path, const char *key,
    const struct ynode *v, int *bad)
{
	char	*s = yget_dup(d, path, key, v);

	if (s == NULL)
		*bad = 1;
	return s;
}

/* The length of Word's curly quote at s, or 0 if s holds none. */
static size_t
curly_at(const char *s)
{
	if ((unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 ||
	    (unsigned char)s[2] == 0x9c || (unsigned char)s[2] == 0x9d))
		return 3;
	return 0;
}

/*
 * A value typed in Word's curly quotes, which YAML keeps as part of the
 * text: a warning; for a name ("strip"), the quotes are taken off, so
 * that the owner is the one the other documents name.
 */
static void
curly_quotes(struct diag *d, const char *path, const char *key,
    const struct ynode *v, char *s, int strip)
{
	size_t	 n = strlen(s), a, z;

	if (n < 6 || (a = curly_at(s)) == 0 || (z = curly_at(s + n - 3)) == 0)
		return;
	if (!strip) {
		diag_add(d, DIAG_WARNING, path, v->line, v->col, "%s is in "
		    "Word's curly quotes (\xe2\x80\x9c \xe2\x80\x9d), which "
		    "YAML keeps as part of the text: use straight quotes "
		    "(\"...\") or none", key);
		return;
	}
	memmove(s, s + a, n - a - z);
	s[n - a - z] = '\0';
	diag_add(d, DIAG_WARNING, path, v->line, v->col, "%s is in Word's "
	    "curly quotes (\xe2\x80\x9c \xe2\x80\x9d), which YAML keeps as "
	    "part of the name: read as '%s'; use straight quotes (\"...\") "
	    "or none", key, s);
}

/* yget_date(), noting a failure in *bad. */
static void
get_date(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct date *out, int *bad)
{
	if (yget_date(d, path, key, v, out) == -1)
		*bad = 1;
}

/* An annual report's reporting year: "2018-19", "2018-2019" or "2018". */
static void
get_period(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	const char	*s, *why;

	if ((s = yget_text(d, doc->path, "period", v)) == NULL) {
		*bad = 1;
		return;
	}
	if (date_parse_period(s, strlen(s), &doc->period_end, &why) == -1) {
		diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
		    "'period': '%s' is not a reporting year: %s", s, why);
		*bad = 1;
		return;
	}
	doc->period = xstrdup(s);
}

/* yget_date_partial(): a month or a year where the source gives no more. */
static void
get_date_partial(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct date *out, int *bad)
{
	if (yget_date_partial(d, path, key, v, out) == -1)
		*bad = 1;
}

/* yget_list(), noting a failure in *bad. */
static char **
get_list(struct diag *d, const char *path, const char *key,
    const struct ynode *v, size_t *n, int *bad)
{
	char	**out;

	if (yget_list(d, path, key, v, &out, n) == -1)
		*bad = 1;
	return out;
}

static int
check_map(struct diag *d, const char *path, const struct ynode *v,
    const char *what)
{
	if (v->kind == YN_MAP)
		return 0;
	diag_add(d, DIAG_ERROR, path, v->line, v->col,
	    "each entry of '%s' must be a mapping of keys, not %s", what,
	    ynode_kind_name(v));
	return -1;
}

static void
get_agencies(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	const struct ynode	*e, *k, *val;
	struct agency		*a;
	size_t			 i, j;
	const char		*key;

	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
		    "'agencies' must be a list, not %s", ynode_kind_name(v));
		*bad = 1;
		return;
	}
	doc->agencies = xcalloc(v->nkids, sizeof(*doc->agencies));
	for (i = 0; i < v->nkids; i++) {
		e = v->kids[i];
		if (check_map(d, doc->path, e, "agencies") == -1) {
			*bad = 1;
			continue;
		}
		a = &doc->agencies[doc->nagencies++];
		a->line = e->line;
		for (j = 0; j + 1 < e->nkids; j += 2) {
			k = e->kids[j];
			val = e->kids[j + 1];
			key = k->str;
			if (strcmp(key, "name") == 0)
				a->name = dup_text(d, doc->path, key, val, bad);
			else if (strcmp(key, "sector") == 0)
				a->sector = dup_text(d, doc->path, key, val, bad);
			else if (strcmp(key, "statutory_basis") == 0)
				a->statutory_basis = dup_text(d, doc->path, key,
				    val, bad);
			else if (strcmp(key, "website") == 0)
				a->website = dup_text(d, doc->path, key, val, bad);
			else if (strcmp(key, "aliases") == 0)
				a->aliases = get_list(d, doc->path, key, val,
				    &a->naliases, bad);
			else if (strcmp(key, "area") == 0 && a->area == NULL)
				a->area = dup_text(d, doc->path, key, val, bad);
			else if (strcmp(key, "replaced_by") == 0 &&
			    a->replaced_by == NULL)
				a->replaced_by = dup_text(d, doc->path, key,
				    val, bad);
			else if (strcmp(key, "from") == 0 ||
			    strcmp(key, "until") == 0) {
				if (key[0] == 'u')
					a->until_line = val->line;
				if (yget_date(d, doc->path, key, val,
				    key[0] == 'f' ? &a->from : &a->until) == -1)
					*bad = 1;
			} else if (strcmp(key, "generic") == 0) {
				if (yget_bool(d, doc->path, key, val,
				    &a->generic) == -1)
					*bad = 1;
			} else {
				yget_unknown(d, doc->path, k, "key",
				    " in an agency", agency_keys);
				*bad = 1;
			}
		}
		if (a->replaced_by != NULL && !date_isset(&a->until)) {
			diag_add(d, DIAG_ERROR, doc->path, e->line, e->col,
			    "an agency with 'replaced_by' needs 'until', the "
			    "date it ended");
			*bad = 1;
		}
		if (date_isset(&a->from) && date_isset(&a->until) &&
		    date_cmp(&a->until, &a->from) < 0) {
			diag_add(d, DIAG_ERROR, doc->path, a->until_line, 0,
			    "an agency's 'until' is before its 'from'");
			*bad = 1;
		}
		if (a->name == NULL || a->sector == NULL ||
		    a->statutory_basis == NULL) {
			diag_add(d, DIAG_ERROR, doc->path, e->line, e->col,
			    "an agency needs 'name', 'sector' and "
			    "'statutory_basis'");
			*bad = 1;
		}
	}
}

/*
 * 'partnership': one id or a list of them, each kept with its place;
 * index.c checks them against site.yaml.
 */
static void
get_partnership(struct diag *d, struct doc *doc, const struct ynode *v,
    int *bad)
{
	const struct ynode	*e;
	size_t			 i, n;

	n = v->kind == YN_SEQ ? v->nkids : 1;
	if (doc->partnership != NULL)
		return;
	doc->partnership = xcalloc(n + 1, sizeof(*doc->partnership));
	doc->partnership_ln = xcalloc(n + 1, sizeof(*doc->partnership_ln));
	doc->partnership_col = xcalloc(n + 1, sizeof(*doc->partnership_col));
	for (i = 0; i < n; i++) {
		e = v->kind == YN_SEQ ? v->kids[i] : v;
		if ((doc->partnership[doc->npartnership] = dup_text(d,
		    doc->path, "partnership", e, bad)) == NULL)
			continue;
		doc->partnership_ln[doc->npartnership] = e->line;
		doc->partnership_col[doc->npartnership++] = e->col;
	}
}

static void
get_terms(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	const struct ynode	*e, *k, *val;
	struct term		*t;
	size_t			 i, j;
	const char		*key;

	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
		    "'terms' must be a list, not %s", ynode_kind_name(v));
		*bad = 1;
		return;
	}
	doc->terms = xcalloc(v->nkids, sizeof(*doc->terms));
	for (i = 0; i < v->nkids; i++) {
		e = v->kids[i];
		if (check_map(d, doc->path, e, "terms") == -1) {
			*bad = 1;
			continue;
		}
		t = &doc->terms[doc->nterms++];
		t->line = e->line;
		for (j = 0; j + 1 < e->nkids; j += 2) {
			k = e->kids[j];
			val = e->kids[j + 1];
			key = k->str;
			if (strcmp(key, "term") == 0)
				t->term = dup_text(d, doc->path, key, val, bad);
			else if (strcmp(key, "expansion") == 0)
				t->expansion = dup_text(d, doc->path, key, val,
				    bad);
			else if (strcmp(key, "definition") == 0)
				t->definition = dup_text(d, doc->path, key, val,
				    bad);
			else {
				yget_unknown(d, doc->path, k, "key",
				    " in a term", term_keys);
				*bad = 1;
			}
		}
		if (t->term == NULL || t->expansion == NULL) {
			diag_add(d, DIAG_ERROR, doc->path, e->line, e->col,
			    "a glossary term needs 'term' and 'expansion'");
			*bad = 1;
		}
	}
}

static int
field_index(const char *key)
{
	int	 i;

	for (i = 0; i < F__MAX; i++)
		if (strcmp(doc_keys[i], key) == 0)
			return i;
	return -1;
}

/*
 * A text field, warned about if typed in curly quotes (taken off with
 * "strip", see curly_quotes).  NULL, with *bad set, if it is no text.
 */
static char *
get_quoted(struct diag *d, const struct doc *doc, const char *key,
    const struct ynode *v, int strip, int *bad)
{
	char	*s = dup_text(d, doc->path, key, v, bad);

	if (s != NULL)
		curly_quotes(d, doc->path, key, v, s, strip);
	return s;
}

static void
get_type(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	const char	*s;
	int		 t;

	if ((s = yget_text(d, doc->path, "type", v)) == NULL)
		*bad = 1;
	else if ((t = doc_type_parse(s)) == -1) {
		diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
		    "unknown type '%s' (one of arrangement, procedure, mou, "
		    "annual-report, minutes, agencies, glossary, page)", s);
		*bad = 1;
	} else
		doc->type = (enum doc_type)t;
}

static void
get_id(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	const char	*s;

	if ((s = yget_text(d, doc->path, "id", v)) == NULL)
		*bad = 1;
	else if (!slug_id_valid(s)) {
		diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
		    "id '%s' may hold only lowercase letters, digits and '-'",
		    s);
		*bad = 1;
	} else {
		free(doc->id);
		doc->id = xstrdup(s);
	}
}

static void
get_status(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	static const struct {
		const char	*name;
		enum doc_status	 status;
	} names[] = {
		{ "current", ST_CURRENT },
		{ "draft", ST_DRAFT },
		{ "superseded", ST_SUPERSEDED },
		{ "withdrawn", ST_WITHDRAWN },
		{ "record", ST_RECORD },
	};
	const char	*s;
	size_t		 i;

	if ((s = yget_text(d, doc->path, "status", v)) == NULL) {
		*bad = 1;
		return;
	}
	for (i = 0; i < NELEM(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			doc->status = names[i].status;
			return;
		}
	diag_add(d, DIAG_ERROR, doc->path, v->line, v->col,
	    "unknown status '%s' (one of current, draft, superseded, "
	    "withdrawn, record)", s);
	*bad = 1;
}

static void
get_related(struct diag *d, struct doc *doc, const struct ynode *v, int *bad)
{
	size_t	 i;

	doc->related = get_list(d, doc->path, "related", v, &doc->nrelated,
	    bad);
	for (i = 0; doc->related != NULL && i < doc->nrelated; i++)
		curly_quotes(d, doc->path, "a related id", v, doc->related[i],
		    1);
}

static void
apply_field(struct diag *d, struct doc *doc, enum field f,
    const struct ynode *v, int *bad)
{
	int	 t;

	switch (f) {
	case F_TITLE:
		doc->title = get_quoted(d, doc, "title", v, 0, bad);
		break;
	case F_TYPE:
		get_type(d, doc, v, bad);
		break;
	case F_ID:
		get_id(d, doc, v, bad);
		break;
	case F_SUMMARY:
		doc->summary = get_quoted(d, doc, "summary", v, 0, bad);
		break;
	case F_OWNER:
		doc->owner = get_quoted(d, doc, "owner", v, 1, bad);
		break;
	case F_APPROVED:
		/* Left empty by folio new until the day it is approved. */
		if (!ynode_is_null(v))
			get_date_partial(d, doc->path, "approved", v,
			    &doc->approved, bad);
		break;
	case F_LAST_REVIEWED:
		get_date_partial(d, doc->path, "last_reviewed", v,
		    &doc->last_reviewed, bad);
		break;
	case F_REVIEW_DATE:
		get_date(d, doc->path, "review_date", v, &doc->review_date, bad);
		break;
	case F_DATE:
		get_date_partial(d, doc->path, "date", v, &doc->date, bad);
		break;
	case F_STATUS:
		get_status(d, doc, v, bad);
		break;
	case F_SUPERSEDED_BY:
		doc->superseded_by = dup_text(d, doc->path, "superseded_by", v,
		    bad);
		break;
	case F_RELATED:
		get_related(d, doc, v, bad);
		break;
	case F_ALIASES:
		doc->aliases = get_list(d, doc->path, "aliases", v,
		    &doc->naliases, bad);
		break;
	case F_AGENCIES:
		get_agencies(d, doc, v, bad);
		break;
	case F_TERMS:
		get_terms(d, doc, v, bad);
		break;
	case F_SAMPLE:
		if (yget_bool(d, doc->path, "sample", v, &doc->sample) == -1)
			*bad = 1;
		break;
	case F_AREA:
		doc->area = dup_text(d, doc->path, "area", v, bad);
		break;
	case F_PARTNERSHIP:
		get_partnership(d, doc, v, bad);
		break;
	case F_MENTIONS:
		if (yget_bool(d, doc->path, "mentions", v, &t) == -1)
			*bad = 1;
		else
			doc->no_mentions = !t;
		break;
	case F_PERIOD:
		get_period(d, doc, v, bad);
		break;
	default:
		break;
	}
}

int
fm_apply(struct diag *d, struct doc *doc, const struct ynode *root,
    int folder_type)
{
	const struct ynode	*k, *v, *status = NULL;
	size_t			 i;
	int			 f, bad = 0;

	doc->type = folder_type >= 0 ? (enum doc_type)folder_type : DT_PAGE;
	if (root != NULL && root->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, doc->path, root->line, root->col,
		    "front matter must be a mapping of keys to values");
		return -1;
	}
	for (i = 0; root != NULL && i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if ((f = field_index(k->str)) == -1) {
			yget_unknown(d, doc->path, k, "key", "", doc_keys);
			bad = 1;
			continue;
		}
		doc->field_line[f] = k->line;
		if (f == F_STATUS)
			status = v;
		apply_field(d, doc, (enum field)f, v, &bad);
	}

	if (doc->title == NULL && doc->field_line[F_TITLE] == 0) {
		diag_add(d, DIAG_ERROR, doc->path, 1, 0,
		    "missing required field 'title'");
		bad = 1;
	}
	if (doc_type_reviewable(doc->type)) {
		if (doc->owner == NULL && doc->field_line[F_OWNER] == 0) {
			diag_add(d, DIAG_ERROR, doc->path, 1, 0,
			    "missing required field 'owner' (required for "
			    "type %s)", doc_type_name(doc->type));
			bad = 1;
		}
		/* A record of its time is not reviewed any more. */
		if (!date_isset(&doc->review_date) &&
		    doc->field_line[F_REVIEW_DATE] == 0 &&
		    doc->status != ST_RECORD) {
			diag_add(d, DIAG_ERROR, doc->path, 1, 0,
			    "missing required field 'review_date' (required "
			    "for type %s)", doc_type_name(doc->type));
			bad = 1;
		}
	}
	if (doc->summary != NULL &&
	    strcmp(doc->summary, FM_SUMMARY_PLACEHOLDER) == 0)
		diag_add(d, doc->status == ST_CURRENT ? DIAG_ERROR :
		    DIAG_WARNING, doc->path, doc->field_line[F_SUMMARY], 0,
		    "summary is still folio new's placeholder: say in one "
		    "sentence what this document is for");
	if (doc->owner != NULL &&
	    strcasecmp(doc->owner, FM_OWNER_PLACEHOLDER) == 0)
		diag_add(d, DIAG_WARNING, doc->path, doc->field_line[F_OWNER],
		    0, "owner is still '%s': name the group or post that "
		    "reviews this document", doc->owner);
	if (doc->nagencies > 0 || doc->field_line[F_AGENCIES] != 0) {
		if (doc->type != DT_AGENCIES) {
			diag_add(d, DIAG_ERROR, doc->path,
			    doc->field_line[F_AGENCIES], 0,
			    "'agencies' belongs only in a document of type "
			    "agencies");
			bad = 1;
		}
	}
	if (doc->field_line[F_PERIOD] != 0 && doc->type != DT_ANNUAL_REPORT) {
		diag_add(d, DIAG_ERROR, doc->path, doc->field_line[F_PERIOD], 0,
		    "'period' belongs only in a document of type annual-report");
		bad = 1;
	}
	if (doc->nterms > 0 || doc->field_line[F_TERMS] != 0) {
		if (doc->type != DT_GLOSSARY) {
			diag_add(d, DIAG_ERROR, doc->path,
			    doc->field_line[F_TERMS], 0,
			    "'terms' belongs only in a document of type "
			    "glossary");
			bad = 1;
		}
	}
	if (doc->superseded_by != NULL && doc->status != ST_SUPERSEDED) {
		diag_add(d, DIAG_ERROR, doc->path,
		    doc->field_line[F_SUPERSEDED_BY], 0,
		    "'superseded_by' is given but status is not superseded");
		bad = 1;
	}
	/* Readers of a superseded text must be told what replaced it. */
	if (doc->status == ST_SUPERSEDED && doc->superseded_by == NULL &&
	    doc->field_line[F_SUPERSEDED_BY] == 0 && status != NULL) {
		diag_add(d, DIAG_ERROR, doc->path, status->line, status->col,
		    "status superseded needs 'superseded_by', the id of the "
		    "document that replaces it");
		bad = 1;
	}
	return bad ? -1 : 0;
}

int
fm_field_index(const char *key)
{
	int	 i;

	for (i = 0; i < F__MAX; i++)
		if (strcmp(doc_keys[i], key) == 0)
			return i;
	return -1;
}

void
fm_placeholders(struct diag *d, const struct doc *doc)
{
	const char	*p, *q, *end = doc->body + doc->body_len;
	size_t		 line = doc->body_line, n = strlen(FM_BODY_PLACEHOLDER);

	for (p = doc->body; p < end; p = q + 1, line++) {
		if ((q = memchr(p, '\n', (size_t)(end - p))) == NULL)
			q = end;
		if ((size_t)(q - p) >= n && memcmp(p, FM_BODY_PLACEHOLDER, n) == 0)
			diag_add(d, doc->status == ST_CURRENT ? DIAG_ERROR :
			    DIAG_WARNING, doc->path, line, 1, "folio new's "
			    "placeholder '%s' is still in the text: replace it "
			    "with the document", FM_BODY_PLACEHOLDER);
	}
}

/* How many YAML errors in one file fm_recover() goes past. */
#define FM_RECOVER_MAX	20

/*
 * Blank the top-level entry of y[0..len) that holds 0-based line "idx"
 * (its key line and the indented lines under it), appending its key
 * and a NUL to "keys".  Returns -1 if there was nothing left to blank.
 */
static int
blank_entry(char *y, size_t len, size_t idx, struct buf *keys)
{
	size_t	 *starts = NULL, n = 0, i, a, b, e;
	int	  done = 0;

	starts = xreallocarray(NULL, len + 2, sizeof(*starts));
	starts[n++] = 0;
	for (i = 0; i < len; i++)
		if (y[i] == '\n')
			starts[n++] = i + 1;
	starts[n] = len + 1;	/* one past the last line's end */
	if (idx >= n) {
		free(starts);
		return -1;
	}
	/* Up to the entry's key line: one that starts in column 1. */
	for (a = idx; a > 0 && (y[starts[a]] == ' ' || y[starts[a]] == '#' ||
	    y[starts[a]] == '\n'); a--)
		continue;
	for (b = idx + 1; b < n && starts[b] < len && (y[starts[b]] == ' ' ||
	    y[starts[b]] == '-' || y[starts[b]] == '\n'); b++)
		continue;
	for (i = starts[a]; i < len && y[i] != ':' && y[i] != '\n'; i++)
		continue;
	buf_put(keys, y + starts[a], i - starts[a]);
	buf_putc(keys, '\0');
	for (; a < b; a++) {
		e = starts[a + 1] - 1;
		for (i = starts[a]; i < e && i < len; i++)
			if (y[i] != ' ') {
				y[i] = ' ';
				done = 1;
			}
	}
	free(starts);
	return done ? 0 : -1;
}

/* Whether entry e says a key set aside in keys[0..klen) is missing. */
static int
set_aside(const struct diag_entry *e, const struct buf *keys)
{
	const char	*k;

	for (k = keys->data; k < keys->data + keys->len; k += strlen(k) + 1)
		if (strncmp(e->msg, "missing required field '", 24) == 0 &&
		    strncmp(e->msg + 24, k, strlen(k)) == 0 &&
		    e->msg[24 + strlen(k)] == '\'')
			return 1;
	return 0;
}

void
fm_recover(struct diag *d, const char *path, const char *rel,
    const struct fm_split *sp, int folder_type)
{
	struct diag	 scratch;
	struct buf	 y = BUF_INIT, keys = BUF_INIT;
	struct ynode	*root = NULL;
	struct doc	*doc;
	size_t		 i, line, round;

	if (sp->yaml == NULL)
		return;
	buf_put(&y, sp->yaml, sp->yaml_len);
	for (round = 0; round < FM_RECOVER_MAX; round++) {
		diag_init(&scratch);
		if (ytree_parse(&scratch, path, sp->yaml_line, y.data, y.len,
		    &root) == 0)
			break;
		/* The first error is the caller's; later ones are new. */
		for (i = 0, line = 0; i < scratch.n; i++)
			if (scratch.v[i].level == DIAG_ERROR)
				line = scratch.v[i].line;
		if (round > 0)
			diag_replay(d, scratch.v, scratch.n);
		diag_free(&scratch);
		ytree_free(root);
		root = NULL;
		if (line < sp->yaml_line || blank_entry(y.data, y.len,
		    line - sp->yaml_line, &keys) == -1)
			goto out;
	}
	if (round == FM_RECOVER_MAX)
		goto out;
	if (round > 0)
		diag_replay(d, scratch.v, scratch.n);
	diag_free(&scratch);
	diag_init(&scratch);
	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(path);
	doc->relpath = xstrdup(rel);
	(void)fm_apply(&scratch, doc, root, folder_type);
	for (i = 0; i < scratch.n; i++)
		if (!set_aside(&scratch.v[i], &keys))
			diag_replay(d, &scratch.v[i], 1);
	diag_free(&scratch);
	doc_free(doc);
out:
	ytree_free(root);
	buf_free(&y);
	buf_free(&keys);
}
