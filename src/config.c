/*
 * config.c: site.yaml.  Only "title" is required; unknown keys are errors
 * here too, so that a typo cannot silently turn a setting off.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "config.h"
#include "diag.h"
#include "readfile.h"
#include "site.h"
#include "util.h"
#include "yamlget.h"
#include "yamltree.h"

static const char *const top_keys[] = {
	"title", "description", "base_url", "theme", "review", "history",
	"markdown", "stale_terms", "required_sections", "contact",
	"repository", "owners", "concern", "arrangements", "partnerships",
	NULL
};
static const char *const arrangements_keys[] = { "covers",
	"yearly_report_months", NULL };
static const char *const cover_keys[] = { "name", "headings", "fields",
	NULL };
static const char *const partnership_keys[] = { "id", "name", "short_name",
	"areas", "concern", NULL };
static const char *const repository_keys[] = { "url", "forge", "branch",
	NULL };
static const char *const forge_names[] = { "github", "gitlab", "forgejo",
	"gitea", "bitbucket", NULL };
static const char *const review_keys[] = { "warn_days", "max_months",
    "interval_months", NULL };
static const char *const stale_keys[] = { "term", "replacement", "since",
	"variants", NULL };
static const char *const history_keys[] = { "show_authors", "recent_days",
	"ignore_revs", NULL };
static const char *const markdown_keys[] = { "allow_html", NULL };
static const char *const owner_keys[] = { "name", "contact", NULL };
static const char *const concern_keys[] = { "heading", "text", "numbers",
	"out_of_hours", "emergency", "form", "areas", NULL };
static const char *const number_keys[] = { "label", "number", "hours",
	NULL };
static const char *const area_keys[] = { "name", "numbers", "out_of_hours",
	NULL };

/* An unknown setting, with a "did you mean" hint. */
static void
unknown(struct diag *d, const char *path, const struct ynode *k,
    const char *const *keys)
{
	yget_unknown(d, path, k, "setting", "", keys);
}

static int
review_key(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct config *cfg)
{
	if (strcmp(key, "warn_days") == 0)
		return yget_int(d, path, "review.warn_days", v, 0, 3650,
		    &cfg->warn_days);
	if (strcmp(key, "max_months") == 0)
		return yget_int(d, path, "review.max_months", v, 1, 240,
		    &cfg->max_months);
	if (strcmp(key, "interval_months") == 0) {
		cfg->interval_line = v->line;
		return yget_int(d, path, "review.interval_months", v, 1, 240,
		    &cfg->interval_months);
	}
	return 1;
}

static int
history_key(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct config *cfg)
{
	if (strcmp(key, "show_authors") == 0)
		return yget_bool(d, path, "history.show_authors", v,
		    &cfg->show_authors);
	if (strcmp(key, "recent_days") == 0)
		return yget_int(d, path, "history.recent_days", v, 0, 3650,
		    &cfg->recent_days);
	if (strcmp(key, "ignore_revs") == 0) {
		if (v->kind != YN_SCALAR || ynode_is_null(v) ||
		    v->str[0] == '/' || strstr(v->str, "..") != NULL) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "'history.ignore_revs' must be a file name inside "
			    "the site folder");
			return -1;
		}
		free(cfg->ignore_revs);
		cfg->ignore_revs = xstrdup(v->str);
		return 0;
	}
	return 1;
}

static int
markdown_key(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct config *cfg)
{
	if (strcmp(key, "allow_html") == 0)
		return yget_bool(d, path, "markdown.allow_html", v,
		    &cfg->allow_html);
	return 1;
}

/* Split base_url into the URL with a final '/' and its path. */
static int
set_base_url(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s = yget_text(d, path, "base_url", v), *p;
	struct buf	 b = BUF_INIT;

	if (s == NULL)
		return -1;
	if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'base_url' must start with https:// or http://");
		return -1;
	}
	if (strpbrk(s, " \"'<>\\?#") != NULL || *p == '\0' || *p == '/') {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'base_url' is not a valid site address: '%s'", s);
		return -1;
	}
	buf_puts(&b, s);
	if (b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	free(cfg->base_url);
	cfg->base_url = buf_detach(&b);
	p = strchr(cfg->base_url + (p - s), '/');
	free(cfg->base_path);
	cfg->base_path = xstrdup(p);
	return 0;
}

/* The number of '/' in s: the path segments after a host. */
static size_t
segments(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += *s == '/';
	return n;
}

/* The forge a repository's host is known to run, or FORGE_NONE. */
static enum forge
forge_of_host(const char *host, size_t n)
{
	static const struct {
		const char	*host;
		enum forge	 forge;
	} known[] = {
		{ "github.com", FORGE_GITHUB },
		{ "gitlab.com", FORGE_GITLAB },
		{ "codeberg.org", FORGE_FORGEJO },
		{ "bitbucket.org", FORGE_BITBUCKET }
	};
	size_t	 i;

	for (i = 0; i < NELEM(known); i++)
		if (strlen(known[i].host) == n &&
		    strncmp(host, known[i].host, n) == 0)
			return known[i].forge;
	return FORGE_NONE;
}

static int
get_forge(struct diag *d, const char *path, const struct ynode *v,
    enum forge *out)
{
	const char	*s = yget_text(d, path, "repository.forge", v), *hint;

	if (s == NULL)
		return -1;
	if (strcmp(s, "github") == 0)
		*out = FORGE_GITHUB;
	else if (strcmp(s, "gitlab") == 0)
		*out = FORGE_GITLAB;
	else if (strcmp(s, "forgejo") == 0 || strcmp(s, "gitea") == 0)
		*out = FORGE_FORGEJO;
	else if (strcmp(s, "bitbucket") == 0)
		*out = FORGE_BITBUCKET;
	else {
		hint = yget_suggest(s, forge_names);
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "unknown forge '%s'%s%s%s (one of github, gitlab, forgejo, "
		    "gitea, bitbucket)", s,
		    hint != NULL ? " (did you mean '" : "",
		    hint != NULL ? hint : "", hint != NULL ? "'?)" : "");
		return -1;
	}
	return 0;
}

/*
 * repository: a web address ("https://host/owner/name"), or a mapping
 * {url, forge} for a host whose forge cannot be told from its name.
 */
/* repository.branch: the branch "Edit this page" opens (default main). */
static int
get_branch(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s = yget_text(d, path, "repository.branch", v);

	if (s == NULL)
		return -1;
	if (strpbrk(s, " ~^:?*[\\\"'<>#") != NULL || strstr(s, "..") != NULL ||
	    s[0] == '/' || s[0] == '-') {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'repository.branch' is not a branch name: '%s'", s);
		return -1;
	}
	free(cfg->repo_branch);
	cfg->repo_branch = xstrdup(s);
	return 0;
}

static int
get_repository(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const struct ynode	*u = v, *f = NULL, *br = NULL;
	const char		*s, *host, *slash;
	struct buf		 b = BUF_INIT;
	enum forge		 forge = FORGE_NONE;
	size_t			 i;
	int			 rc = 0;

	if (v->kind == YN_MAP) {
		u = NULL;
		for (i = 0; i + 1 < v->nkids; i += 2) {
			if (strcmp(v->kids[i]->str, "url") == 0)
				u = v->kids[i + 1];
			else if (strcmp(v->kids[i]->str, "forge") == 0)
				f = v->kids[i + 1];
			else if (strcmp(v->kids[i]->str, "branch") == 0)
				br = v->kids[i + 1];
			else {
				unknown(d, path, v->kids[i], repository_keys);
				rc = -1;
			}
		}
		if (u == NULL) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "'repository' needs a 'url'");
			return -1;
		}
		if (f != NULL && get_forge(d, path, f, &forge) == -1)
			rc = -1;
		if (br != NULL && get_branch(d, path, br, cfg) == -1)
			rc = -1;
	}
	if ((s = yget_text(d, path, "repository", u)) == NULL)
		return -1;
	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else {
		diag_add(d, DIAG_ERROR, path, u->line, u->col,
		    "'repository' must start with https:// or http://");
		return -1;
	}
	buf_puts(&b, s);
	while (b.len > 0 && b.data[b.len - 1] == '/')
		buf_truncate(&b, b.len - 1);
	if (b.len > 4 && strcmp(b.data + b.len - 4, ".git") == 0)
		buf_truncate(&b, b.len - 4);
	slash = strchr(host, '/');
	if (strpbrk(s, " \"'<>\\?#") != NULL || slash == NULL ||
	    slash == host || segments(b.data + (host - s)) < 2 ||
	    b.data[b.len - 1] == '/' || strstr(host, "//") != NULL) {
		diag_add(d, DIAG_ERROR, path, u->line, u->col,
		    "'repository' is not a repository's web address "
		    "(https://host/owner/name): '%s'", s);
		buf_free(&b);
		return -1;
	}
	if (f == NULL &&
	    (forge = forge_of_host(host, (size_t)(slash - host))) ==
	    FORGE_NONE) {
		diag_add(d, DIAG_ERROR, path, u->line, u->col,
		    "cannot tell which forge runs '%.*s': give it as "
		    "repository: {url: %s, forge: github, gitlab, forgejo "
		    "or bitbucket}", (int)(slash - host), host, s);
		rc = -1;
	}
	free(cfg->repo_url);
	cfg->repo_url = buf_detach(&b);
	cfg->forge = forge;
	return rc;
}

static int
get_stale_terms(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const struct ynode	*e, *k, *val;
	struct stale_term	*t;
	size_t			 i, j;
	int			 rc = 0;

	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'stale_terms' must be a list of {term, replacement, since, "
		    "variants}");
		return -1;
	}
	cfg->stale = xcalloc(v->nkids + 1, sizeof(*cfg->stale));
	for (i = 0; i < v->nkids; i++) {
		e = v->kids[i];
		if (e->kind != YN_MAP) {
			diag_add(d, DIAG_ERROR, path, e->line, e->col,
			    "each stale term must be a mapping");
			rc = -1;
			continue;
		}
		t = &cfg->stale[cfg->nstale++];
		for (j = 0; j + 1 < e->nkids; j += 2) {
			k = e->kids[j];
			val = e->kids[j + 1];
			if (strcmp(k->str, "term") == 0) {
				if ((t->term = yget_dup(d, path, "term",
				    val)) == NULL)
					rc = -1;
			} else if (strcmp(k->str, "replacement") == 0) {
				if ((t->replacement = yget_dup(d, path,
				    "replacement", val)) == NULL)
					rc = -1;
			} else if (strcmp(k->str, "since") == 0) {
				if (yget_date(d, path, "since", val,
				    &t->since) == -1)
					rc = -1;
			} else if (strcmp(k->str, "variants") == 0) {
				if (yget_list(d, path, "variants", val,
				    &t->variants, &t->nvariants) == -1)
					rc = -1;
			} else {
				unknown(d, path, k, stale_keys);
				rc = -1;
			}
		}
		if (t->term == NULL || t->replacement == NULL ||
		    !date_isset(&t->since)) {
			diag_add(d, DIAG_ERROR, path, e->line, e->col,
			    "a stale term needs 'term', 'replacement' and "
			    "'since'");
			rc = -1;
		}
	}
	return rc;
}

/* One entry of arrangements.covers: {name, headings, fields}. */
static int
get_cover(struct diag *d, const char *path, const struct ynode *e,
    struct cover *c)
{
	const struct ynode	*k, *v;
	size_t			 j;
	int			 rc = 0;

	c->line = e->line;
	if (e->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, e->line, e->col, "each entry of "
		    "'arrangements.covers' must be a mapping {name, headings, "
		    "fields}");
		return -1;
	}
	for (j = 0; j + 1 < e->nkids; j += 2) {
		k = e->kids[j];
		v = e->kids[j + 1];
		if (strcmp(k->str, "name") == 0)
			rc |= (c->name = yget_dup(d, path, "name", v)) == NULL;
		else if (strcmp(k->str, "headings") == 0)
			rc |= yget_list(d, path, "headings", v, &c->headings,
			    &c->nheadings) == -1;
		else if (strcmp(k->str, "fields") == 0)
			rc |= yget_list(d, path, "fields", v, &c->fields,
			    &c->nfields) == -1;
		else {
			unknown(d, path, k, cover_keys);
			rc = 1;
		}
	}
	if (c->name == NULL || c->nheadings + c->nfields == 0) {
		diag_add(d, DIAG_ERROR, path, e->line, e->col, "an entry of "
		    "'arrangements.covers' needs a 'name' and 'headings' or "
		    "'fields'");
		rc = 1;
	}
	return rc ? -1 : 0;
}

/*
 * arrangements: what published arrangements must cover, and when a
 * yearly report is due.
 */
static int
get_arrangements(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const struct ynode	*k, *val;
	size_t			 i, j;
	int			 rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'arrangements' must be a mapping {covers, "
		    "yearly_report_months}");
		return -1;
	}
	for (i = 0; i + 1 < v->nkids; i += 2) {
		k = v->kids[i];
		val = v->kids[i + 1];
		if (strcmp(k->str, "yearly_report_months") == 0) {
			rc |= yget_int(d, path, "arrangements."
			    "yearly_report_months", val, 1, 120,
			    &cfg->report_months);
		} else if (strcmp(k->str, "covers") == 0) {
			cfg->covers_set = 1;
			if (ynode_is_null(val))
				continue;
			if (val->kind != YN_SEQ) {
				diag_add(d, DIAG_ERROR, path, val->line,
				    val->col, "'arrangements.covers' must be a "
				    "list of {name, headings, fields}");
				rc = -1;
				continue;
			}
			cfg->covers = xcalloc(val->nkids + 1,
			    sizeof(*cfg->covers));
			for (j = 0; j < val->nkids; j++)
				rc |= get_cover(d, path, val->kids[j],
				    &cfg->covers[cfg->ncovers++]);
		} else {
			unknown(d, path, k, arrangements_keys);
			rc = -1;
		}
	}
	return rc != 0 ? -1 : 0;
}

/* One owner: a name, or a mapping {name, contact}. */
static int
get_owner(struct diag *d, const char *path, const struct ynode *e,
    struct owner *o)
{
	const struct ynode	*k, *val;
	size_t			 j;
	int			 rc = 0;

	o->line = e->line;
	if (e->kind == YN_SCALAR)
		return (o->name = yget_dup(d, path, "owners", e)) == NULL ?
		    -1 : 0;
	if (e->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, e->line, e->col,
		    "each owner must be a name or a mapping {name, contact}");
		return -1;
	}
	for (j = 0; j + 1 < e->nkids; j += 2) {
		k = e->kids[j];
		val = e->kids[j + 1];
		if (strcmp(k->str, "name") == 0 && o->name == NULL) {
			if ((o->name = yget_dup(d, path, "name", val)) == NULL)
				rc = -1;
		} else if (strcmp(k->str, "contact") == 0 &&
		    o->contact == NULL) {
			if (!ynode_is_null(val) && (o->contact = yget_dup(d,
			    path, "contact", val)) == NULL)
				rc = -1;
		} else {
			unknown(d, path, k, owner_keys);
			rc = -1;
		}
	}
	if (o->name == NULL && rc == 0) {
		diag_add(d, DIAG_ERROR, path, e->line, e->col,
		    "an owner needs a 'name'");
		rc = -1;
	}
	return rc;
}

static int
get_owners(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	size_t	 i, j;
	int	 rc = 0;

	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'owners' must be a list of names or {name, contact}");
		return -1;
	}
	cfg->owners = xcalloc(v->nkids + 1, sizeof(*cfg->owners));
	for (i = 0; i < v->nkids; i++) {
		struct owner *o = &cfg->owners[cfg->nowners++];

		if (get_owner(d, path, v->kids[i], o) == -1) {
			rc = -1;
			continue;
		}
		for (j = 0; j + 1 < cfg->nowners; j++)
			if (cfg->owners[j].name != NULL &&
			    strcasecmp(cfg->owners[j].name, o->name) == 0) {
				diag_add(d, DIAG_ERROR, path, o->line, 0,
				    "owner '%s' is listed twice", o->name);
				rc = -1;
			}
	}
	return rc;
}

static int
get_required(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const struct ynode	*k, *val;
	struct required		*r;
	size_t			 i, j;
	int			 t, rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'required_sections' must map a type to its headings");
		return -1;
	}
	cfg->required = xcalloc(v->nkids / 2 + 1, sizeof(*cfg->required));
	for (i = 0; i + 1 < v->nkids; i += 2) {
		k = v->kids[i];
		val = v->kids[i + 1];
		if ((t = doc_type_parse(k->str)) == -1) {
			diag_add(d, DIAG_ERROR, path, k->line, k->col,
			    "unknown type '%s' in required_sections", k->str);
			rc = -1;
			continue;
		}
		if (val->kind != YN_SEQ) {
			diag_add(d, DIAG_ERROR, path, val->line, val->col,
			    "required_sections.%s must be a list of headings",
			    k->str);
			rc = -1;
			continue;
		}
		r = &cfg->required[cfg->nrequired++];
		r->type = (enum doc_type)t;
		r->headings = xcalloc(val->nkids + 1, sizeof(*r->headings));
		for (j = 0; j < val->nkids; j++)
			if (yget_text(d, path, "heading", val->kids[j]) != NULL)
				r->headings[r->nheadings++] =
				    xstrdup(val->kids[j]->str);
			else
				rc = -1;
	}
	return rc;
}

/*
 * A telephone number as written: digits, spaces, "()-" and a leading
 * "+", with 3 to 15 digits.  Its tel: form keeps the digits (and "+").
 * Returns the tel: form the caller frees, or NULL after an error.
 */
static char *
phone_tel(struct diag *d, const char *path, const struct ynode *v,
    const char *s)
{
	struct buf	 b = BUF_INIT;
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			buf_putc(&b, *p);
		else if (*p == '+' && b.len == 0 && p == s)
			buf_putc(&b, '+');
		else if (strchr(" ()-", *p) == NULL)
			break;
	}
	if (*p != '\0' || b.len < 3 || b.len > 16) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' is not a telephone number (digits, spaces, "
		    "brackets and dashes)", s);
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* One {label, number, hours} mapping into *n.  Returns 0 or -1. */
static int
concern_number(struct diag *d, const char *path, const struct ynode *v,
    struct concern_number *n)
{
	const struct ynode	*k, *val;
	size_t			 j;
	int			 rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "a concern number must be a mapping of label, number "
		    "and hours");
		return -1;
	}
	for (j = 0; j + 1 < v->nkids; j += 2) {
		k = v->kids[j];
		val = v->kids[j + 1];
		if (strcmp(k->str, "label") == 0) {
			free(n->label);
			if ((n->label = yget_dup(d, path, "label", val)) ==
			    NULL)
				rc = -1;
		} else if (strcmp(k->str, "number") == 0) {
			free(n->number);
			free(n->tel);
			n->tel = NULL;
			if ((n->number = yget_dup(d, path, "number", val)) ==
			    NULL || (n->tel = phone_tel(d, path, val,
			    n->number)) == NULL)
				rc = -1;
		} else if (strcmp(k->str, "hours") == 0) {
			free(n->hours);
			if ((n->hours = yget_dup(d, path, "hours", val)) ==
			    NULL)
				rc = -1;
		} else {
			yget_unknown(d, path, k, "key", " in a concern number",
			    number_keys);
			rc = -1;
		}
	}
	if (rc == 0 && (n->label == NULL || n->number == NULL)) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "a concern number needs 'label' and 'number'");
		rc = -1;
	}
	return rc;
}

/* A list of numbers into *out, *n of them.  Returns 0 or -1. */
static int
concern_numbers(struct diag *d, const char *path, const struct ynode *v,
    struct concern_number **out, size_t *n)
{
	size_t	 i;
	int	 rc = 0;

	if (v->kind != YN_SEQ) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'numbers' must be a list of {label, number, hours}");
		return -1;
	}
	*out = xcalloc(v->nkids + 1, sizeof(**out));
	for (i = 0; i < v->nkids; i++)
		if (concern_number(d, path, v->kids[i], &(*out)[(*n)++]) == -1)
			rc = -1;
	return rc;
}

/* The out-of-hours number into *out (allocated).  Returns 0 or -1. */
static int
concern_ooh(struct diag *d, const char *path, const struct ynode *v,
    struct concern_number **out)
{
	if (*out == NULL)
		*out = xcalloc(1, sizeof(**out));
	return concern_number(d, path, v, *out);
}

static int
concern_area(struct diag *d, const char *path, const struct ynode *v,
    struct concern_area *a)
{
	const struct ynode	*k, *val;
	size_t			 j;
	int			 rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "a concern area must be a mapping of name and numbers");
		return -1;
	}
	for (j = 0; j + 1 < v->nkids; j += 2) {
		k = v->kids[j];
		val = v->kids[j + 1];
		if (strcmp(k->str, "name") == 0 && a->name == NULL) {
			if ((a->name = yget_dup(d, path, "name", val)) == NULL)
				rc = -1;
		} else if (strcmp(k->str, "numbers") == 0 &&
		    a->numbers == NULL) {
			if (concern_numbers(d, path, val, &a->numbers,
			    &a->nnumbers) == -1)
				rc = -1;
		} else if (strcmp(k->str, "out_of_hours") == 0) {
			if (concern_ooh(d, path, val, &a->out_of_hours) == -1)
				rc = -1;
		} else {
			yget_unknown(d, path, k, "key", " in a concern area",
			    area_keys);
			rc = -1;
		}
	}
	if (rc == 0 && (a->name == NULL || a->nnumbers == 0)) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "a concern area needs a 'name' and 'numbers'");
		rc = -1;
	}
	return rc;
}

/* One key of concern:.  Returns 0, -1 after an error, 1 if unknown. */
static int
concern_key(struct diag *d, const char *path, const char *key,
    const struct ynode *v, struct concern *c)
{
	const char	*s;
	size_t		 i;
	int		 rc = 0;

	if (strcmp(key, "heading") == 0 || strcmp(key, "text") == 0 ||
	    strcmp(key, "emergency") == 0) {
		char **to = key[0] == 'h' ? &c->heading :
		    key[0] == 't' ? &c->text : &c->emergency;

		free(*to);
		return (*to = yget_dup(d, path, key, v)) == NULL ? -1 : 0;
	}
	if (strcmp(key, "form") == 0) {
		if ((s = yget_text(d, path, "concern.form", v)) == NULL)
			return -1;
		if (strncmp(s, "https://", 8) != 0 &&
		    strncmp(s, "http://", 7) != 0) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "'concern.form' must be a web address");
			return -1;
		}
		free(c->form);
		c->form = xstrdup(s);
		return 0;
	}
	if (strcmp(key, "numbers") == 0 && c->numbers == NULL)
		return concern_numbers(d, path, v, &c->numbers, &c->nnumbers);
	if (strcmp(key, "out_of_hours") == 0)
		return concern_ooh(d, path, v, &c->out_of_hours);
	if (strcmp(key, "areas") == 0 && c->areas == NULL) {
		if (v->kind != YN_SEQ) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "'concern.areas' must be a list of {name, "
			    "numbers}");
			return -1;
		}
		c->areas = xcalloc(v->nkids + 1, sizeof(*c->areas));
		for (i = 0; i < v->nkids; i++)
			if (concern_area(d, path, v->kids[i],
			    &c->areas[c->nareas++]) == -1)
				rc = -1;
		return rc;
	}
	return 1;
}

/*
 * site.yaml concern: what a worried reader should do.  Returns 0, or -1
 * after recording errors.
 */
static int
concern_block(struct diag *d, const char *path, const struct ynode *v,
    struct concern *c)
{
	size_t		 j;
	int		 r, rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'concern' must be a mapping of heading, text, numbers, "
		    "out_of_hours, emergency, form and areas");
		return -1;
	}
	c->set = 1;
	for (j = 0; j + 1 < v->nkids; j += 2) {
		r = concern_key(d, path, v->kids[j]->str, v->kids[j + 1], c);
		if (r == 1)
			unknown(d, path, v->kids[j], concern_keys);
		if (r != 0)
			rc = -1;
	}
	if (c->heading == NULL)
		c->heading = xstrdup("Worried about a child?");
	if (c->emergency == NULL)
		c->emergency = xstrdup("If a child is in immediate danger, "
		    "call the police on 999.");
	if (rc == 0 && c->nnumbers == 0 && c->nareas == 0 &&
	    c->form == NULL) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'concern' needs 'numbers', 'areas' or a 'form'");
		rc = -1;
	}
	return rc;
}

static int
get_concern(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	return concern_block(d, path, v, &cfg->concern);
}

/* Whether s is an id: [a-z0-9-]+. */
static int
is_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return 0;
	return 1;
}

/* One key of a partnership.  Returns 0, -1 after an error, 1 if unknown. */
static int
partnership_key(struct diag *d, const char *path, const struct ynode *k,
    const struct ynode *v, struct partnership *p)
{
	const char	*s;
	size_t		 i;

	if (strcmp(k->str, "id") == 0) {
		if ((s = yget_text(d, path, "id", v)) == NULL)
			return -1;
		if (!is_id(s)) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "a partnership's 'id' must be lower-case letters, "
			    "digits and '-': '%s'", s);
			return -1;
		}
		free(p->id);
		p->id = xstrdup(s);
	} else if (strcmp(k->str, "name") == 0 ||
	    strcmp(k->str, "short_name") == 0) {
		char **to = k->str[0] == 'n' ? &p->name : &p->short_name;

		free(*to);
		return (*to = yget_dup(d, path, k->str, v)) == NULL ? -1 : 0;
	} else if (strcmp(k->str, "areas") == 0 && p->areas == NULL) {
		if (v->kind != YN_SEQ) {
			diag_add(d, DIAG_ERROR, path, v->line, v->col,
			    "a partnership's 'areas' must be a list of names");
			return -1;
		}
		p->areas = xcalloc(v->nkids + 1, sizeof(*p->areas));
		for (i = 0; i < v->nkids; i++)
			if ((p->areas[p->nareas] = yget_dup(d, path, "areas",
			    v->kids[i])) != NULL)
				p->nareas++;
			else
				return -1;
	} else if (strcmp(k->str, "concern") == 0)
		return concern_block(d, path, v, &p->concern);
	else
		return 1;
	return 0;
}

/* One partnership {id, name, short_name, areas, concern}. */
static int
get_partnership(struct diag *d, const char *path, const struct ynode *e,
    struct config *cfg)
{
	struct partnership	*p;
	size_t			 i, j;
	int			 r, rc = 0;

	if (e->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, e->line, e->col,
		    "each partnership must be a mapping of id, name, "
		    "short_name, areas and concern");
		return -1;
	}
	p = &cfg->partnerships[cfg->npartnerships++];
	p->line = e->line;
	for (j = 0; j + 1 < e->nkids; j += 2) {
		r = partnership_key(d, path, e->kids[j], e->kids[j + 1], p);
		if (r == 1)
			unknown(d, path, e->kids[j], partnership_keys);
		if (r != 0)
			rc = -1;
	}
	if (p->id == NULL || p->name == NULL) {
		if (rc == 0)
			diag_add(d, DIAG_ERROR, path, e->line, e->col,
			    "a partnership needs an 'id' and a 'name'");
		/* Kept, so that the rest of a check can run: it matches no
		   document's id. */
		if (p->id == NULL)
			p->id = xstrdup("");
		if (p->name == NULL)
			p->name = xstrdup("");
		rc = -1;
	}
	if (p->short_name == NULL)
		p->short_name = xstrdup(p->name);
	for (i = 0; p->id[0] != '\0' && i + 1 < cfg->npartnerships; i++)
		if (strcmp(cfg->partnerships[i].id, p->id) == 0) {
			diag_add(d, DIAG_ERROR, path, e->line, e->col,
			    "partnership id '%s' is given twice", p->id);
			rc = -1;
		}
	return rc;
}

/*
 * site.yaml partnerships: the partnerships one site serves, each with
 * its areas and its own concern contacts.  Returns 0, or -1 after
 * recording errors.
 */
static int
get_partnerships(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	size_t	 i;
	int	 rc = 0;

	if (v->kind != YN_SEQ || v->nkids == 0) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'partnerships' must be a list of {id, name, short_name, "
		    "areas, concern}");
		return -1;
	}
	if (v->nkids > PARTNERSHIPS_MAX) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "at most %d partnerships", PARTNERSHIPS_MAX);
		return -1;
	}
	free(cfg->partnerships);
	cfg->partnerships = xcalloc(v->nkids, sizeof(*cfg->partnerships));
	for (i = 0; i < v->nkids; i++)
		if (get_partnership(d, path, v->kids[i], cfg) == -1)
			rc = -1;
	return rc;
}

/* site.yaml title: the one required setting. */
static int
get_title(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s;

	if ((s = yget_text(d, path, "title", v)) == NULL)
		return -1;
	free(cfg->title);
	cfg->title = xstrdup(s);
	return 0;
}

static int
get_description(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s;

	if ((s = yget_text(d, path, "description", v)) == NULL)
		return -1;
	free(cfg->description);
	cfg->description = xstrdup(s);
	return 0;
}

/* site.yaml theme: a folder name, never a path. */
static int
get_theme(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s;

	if ((s = yget_text(d, path, "theme", v)) == NULL)
		return -1;
	if (strchr(s, '/') != NULL || s[0] == '.') {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'theme' must be the name of a folder under themes/");
		return -1;
	}
	free(cfg->theme);
	cfg->theme = xstrdup(s);
	return 0;
}

/* site.yaml contact: where readers report errors. */
static int
get_contact(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	const char	*s;

	if ((s = yget_text(d, path, "contact", v)) == NULL)
		return -1;
	if (strncmp(s, "mailto:", 7) != 0 &&
	    strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "http://", 7) != 0) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'contact' must be a mailto: or web address");
		return -1;
	}
	free(cfg->contact);
	cfg->contact = xstrdup(s);
	return 0;
}

/*
 * A mapping of settings (review, history, markdown): each key through
 * fn, which returns 0, -1 after an error, or 1 for a key it does not
 * know.  Returns 0, or -1 after recording errors.
 */
static int
get_settings(struct diag *d, const char *path, const char *name,
    const struct ynode *v, struct config *cfg, const char *const *keys,
    int (*fn)(struct diag *, const char *, const char *,
    const struct ynode *, struct config *))
{
	size_t	 j;
	int	 r, rc = 0;

	if (v->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, v->line, v->col,
		    "'%s' must be a mapping of settings", name);
		return -1;
	}
	for (j = 0; j + 1 < v->nkids; j += 2) {
		r = fn(d, path, v->kids[j]->str, v->kids[j + 1], cfg);
		if (r == 1)
			unknown(d, path, v->kids[j], keys);
		if (r != 0)
			rc = -1;
	}
	return rc;
}

static int
get_review(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	return get_settings(d, path, "review", v, cfg, review_keys,
	    review_key);
}

static int
get_history(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	return get_settings(d, path, "history", v, cfg, history_keys,
	    history_key);
}

static int
get_markdown(struct diag *d, const char *path, const struct ynode *v,
    struct config *cfg)
{
	return get_settings(d, path, "markdown", v, cfg, markdown_keys,
	    markdown_key);
}

/* One block of site.yaml and the step that reads it. */
struct	top_block {
	const char	*key;
	int		(*get)(struct diag *, const char *,
			    const struct ynode *, struct config *);
};

static const struct top_block top_blocks[] = {
	{ "title", get_title },
	{ "description", get_description },
	{ "base_url", set_base_url },
	{ "theme", get_theme },
	{ "review", get_review },
	{ "history", get_history },
	{ "markdown", get_markdown },
	{ "stale_terms", get_stale_terms },
	{ "required_sections", get_required },
	{ "contact", get_contact },
	{ "repository", get_repository },
	{ "owners", get_owners },
	{ "concern", get_concern },
	{ "arrangements", get_arrangements },
	{ "partnerships", get_partnerships },
	{ NULL, NULL }
};

/* The settings before site.yaml is read. */
static void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->warn_days = 60;
	cfg->interval_months = 12;
	cfg->show_authors = 1;
	cfg->recent_days = 30;
	cfg->theme = xstrdup("default");
	cfg->base_path = xstrdup("/");
}

/* Each top-level key through its step.  Returns 0, or -1 after errors. */
static int
read_blocks(struct diag *d, const char *path, const struct ynode *root,
    struct config *cfg)
{
	const struct top_block	*b;
	const struct ynode	*k;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		for (b = top_blocks; b->key != NULL; b++)
			if (strcmp(k->str, b->key) == 0)
				break;
		if (b->key == NULL) {
			unknown(d, path, k, top_keys);
			rc = -1;
		} else if (b->get(d, path, root->kids[i + 1], cfg) == -1)
			rc = -1;
	}
	return rc;
}

/* Checks across blocks, once all are read.  Returns 0 or -1. */
static int
cross_check(struct diag *d, const char *path, struct config *cfg, int bad)
{
	/* folio new would start every document with a warning. */
	if (cfg->interval_line != 0 && cfg->max_months > 0 &&
	    cfg->interval_months > cfg->max_months) {
		diag_add(d, DIAG_ERROR, path, cfg->interval_line, 0,
		    "review.interval_months (%d) is longer than "
		    "review.max_months (%d)", cfg->interval_months,
		    cfg->max_months);
		bad = 1;
	}
	if (cfg->title == NULL && !bad) {
		diag_add(d, DIAG_ERROR, path, 1, 0,
		    "missing required setting 'title'");
		bad = 1;
	}
	return bad ? -1 : 0;
}

int
config_load(struct diag *d, const char *path, struct config *cfg)
{
	struct buf	 text = BUF_INIT;
	struct ynode	*root = NULL;
	int		 rc = -1, bad;

	config_defaults(cfg);
	if (read_text_file(d, path, &text) == -1)
		goto out;
	if (ytree_parse(d, path, 1, text.data, text.len, &root) == -1)
		goto out;
	if (root == NULL || root->kind != YN_MAP) {
		diag_add(d, DIAG_ERROR, path, 1, 0,
		    "site.yaml must be a mapping of settings with a 'title'");
		goto out;
	}
	bad = read_blocks(d, path, root, cfg) == -1;
	rc = cross_check(d, path, cfg, bad);
out:
	ytree_free(root);
	buf_free(&text);
	return rc;
}

const char *
config_folder(const char *given)
{
	if (given != NULL)
		return given;
	return access("site.yaml", F_OK) == 0 ? "." : "content";
}
