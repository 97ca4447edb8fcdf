/*
 * review.c: review states, review warnings, the review report and the
 * schedule (see review.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "frontmatter.h"
#include "review.h"
#include "site.h"
#include "util.h"
#include "yamlget.h"


/* The whole calendar months from a to b (a <= b). */
static int
whole_months(const struct date *a, const struct date *b)
{
	struct date	 t;
	int		 n;

	n = (b->y - a->y) * 12 + (b->m - a->m);
	date_add_months(a, n, &t);
	/* Same month as b; only the day can overshoot. */
	if (date_cmp(&t, b) > 0)
		n--;
	return n;
}

/* The calendar months from a to b (a <= b), a part month counting whole. */
static int
months_ceil(const struct date *a, const struct date *b)
{
	struct date	 t;
	int		 n;

	n = whole_months(a, b);
	date_add_months(a, n, &t);
	return date_cmp(&t, b) == 0 ? n : n + 1;
}

/* Whether the document is outside the review cycle (see review.h). */
static int
is_exempt(const struct doc *doc)
{
	if (doc->status == ST_SUPERSEDED || doc->status == ST_WITHDRAWN ||
	    doc->status == ST_RECORD)
		return 1;
	if (doc_type_reviewable(doc->type))
		return 0;
	if (doc->type == DT_PAGE)
		return !date_isset(&doc->review_date);
	return 1;
}

/* strcmp(3) ignoring ASCII case, whatever the locale; NULL sorts last. */
static int
casecmp(const char *a, const char *b)
{
	int	 ca, cb;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	for (;; a++, b++) {
		ca = (unsigned char)*a;
		cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || ca == '\0')
			return ca - cb;
	}
}

/* strcmp(3) with NULL as "". */
static int
strcmp0(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* Compare review dates, undated last. */
static int
cmp_review_date(const struct doc *a, const struct doc *b)
{
	int	 sa = date_isset(&a->review_date);
	int	 sb = date_isset(&b->review_date);

	if (!sa || !sb)
		return sb - sa;
	return date_cmp(&a->review_date, &b->review_date);
}

static int
owner_match(const struct doc *doc, const char *owner)
{
	if (owner == NULL)
		return 1;
	return doc->owner != NULL && casecmp(doc->owner, owner) == 0;
}

enum review_state
review_state_of(const struct doc *doc, const struct date *today,
    int warn_days)
{
	long	 d;

	if (is_exempt(doc))
		return RV_EXEMPT;
	if (!date_isset(&doc->review_date))
		return RV_NONE;
	d = date_days(&doc->review_date) - date_days(today);
	if (d < 0)
		return RV_OVERDUE;
	if (d <= (warn_days > 0 ? warn_days : 0))
		return RV_DUE;
	return RV_CURRENT;
}

const char *
review_state_name(enum review_state st)
{
	switch (st) {
	case RV_CURRENT:
		return "current";
	case RV_DUE:
		return "due";
	case RV_OVERDUE:
		return "overdue";
	case RV_NONE:
		return "none";
	default:
		return "exempt";
	}
}

void
review_span(struct buf *b, const struct date *from, const struct date *to)
{
	const struct date	*a = from, *z = to;
	struct date		 lo, hi;
	long			 days, rem, len;
	int			 n, y, m;

	if (date_cmp(a, z) > 0) {
		a = to;
		z = from;
	}
	days = date_days(z) - date_days(a);
	if (days == 0) {
		BUF_PUTSL(b, "today");
		return;
	}
	n = whole_months(a, z);
	if (n < 2) {
		buf_printf(b, "%ld day%s", days, days == 1 ? "" : "s");
		return;
	}
	/* Round the days left over against the month they fall in. */
	date_add_months(a, n, &lo);
	date_add_months(a, n + 1, &hi);
	rem = date_days(z) - date_days(&lo);
	len = date_days(&hi) - date_days(&lo);
	if (rem * 2 >= len)
		n++;
	y = n / 12;
	m = n % 12;
	if (y > 0)
		buf_printf(b, "%d year%s", y, y == 1 ? "" : "s");
	if (y > 0 && m > 0)
		buf_putc(b, ' ');
	if (m > 0)
		buf_printf(b, "%d month%s", m, m == 1 ? "" : "s");
}

static void
count(struct review_counts *c, enum review_state st)
{
	switch (st) {
	case RV_OVERDUE:
		c->overdue++;
		break;
	case RV_DUE:
		c->due++;
		break;
	case RV_CURRENT:
		c->current++;
		break;
	case RV_EXEMPT:
		c->exempt++;
		break;
	default:
		break;
	}
}

static void
put_owner(struct buf *b, const struct doc *doc)
{
	if (doc->owner != NULL)
		buf_printf(b, " (owner: %s)", doc->owner);
}

/* The review diagnostics of one document with a review_date. */
static void
check_doc(struct diag *d, const struct doc *doc,
    const struct review_opts *opts, enum review_state st)
{
	struct buf	 msg = BUF_INIT;
	size_t		 line = doc->field_line[F_REVIEW_DATE];
	int		 n;

	if (st == RV_OVERDUE) {
		BUF_PUTSL(&msg, "review overdue since ");
		date_format_uk(&msg, &doc->review_date);
		BUF_PUTSL(&msg, ", ");
		review_span(&msg, &doc->review_date, opts->today);
		BUF_PUTSL(&msg, " ago");
		put_owner(&msg, doc);
		diag_add(d, opts->strict ? DIAG_ERROR : DIAG_WARNING,
		    doc->path, line, 0, "%s", msg.data);
	} else if (st == RV_DUE) {
		if (date_cmp(&doc->review_date, opts->today) == 0)
			BUF_PUTSL(&msg, "review due today");
		else {
			BUF_PUTSL(&msg, "review due on ");
			date_format_uk(&msg, &doc->review_date);
			BUF_PUTSL(&msg, ", in ");
			review_span(&msg, opts->today, &doc->review_date);
		}
		put_owner(&msg, doc);
		diag_add(d, DIAG_WARNING, doc->path, line, 0, "%s", msg.data);
	}

	if (!date_isset(&doc->last_reviewed))
		goto out;
	if (date_cmp(&doc->review_date, &doc->last_reviewed) < 0) {
		buf_reset(&msg);
		BUF_PUTSL(&msg, "review_date ");
		date_format_uk(&msg, &doc->review_date);
		BUF_PUTSL(&msg, " is before last_reviewed ");
		date_format_uk(&msg, &doc->last_reviewed);
		diag_add(d, DIAG_WARNING, doc->path, line, 0, "%s", msg.data);
	} else if (opts->max_months > 0 &&
	    (n = months_ceil(&doc->last_reviewed, &doc->review_date)) >
	    opts->max_months)
		diag_add(d, DIAG_WARNING, doc->path, line, 0,
		    "review_date is %d months after last_reviewed; the site "
		    "allows at most %d (review.max_months)", n,
		    opts->max_months);
out:
	buf_free(&msg);
}

void
review_check(struct diag *d, const struct site *site,
    const struct review_opts *opts, struct review_counts *counts)
{
	struct review_counts	 c;
	const struct doc	*doc;
	enum review_state	 st;
	size_t			 i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < site->ndocs; i++) {
		doc = site->docs[i];
		if (!owner_match(doc, opts->owner))
			continue;
		st = review_state_of(doc, opts->today, opts->warn_days);
		count(&c, st);
		if (st != RV_EXEMPT && st != RV_NONE)
			check_doc(d, doc, opts, st);
	}
	if (counts != NULL)
		*counts = c;
}

void
review_summary(struct buf *b, const struct review_counts *c, int warn_days)
{
	buf_printf(b, "%zu overdue, %zu due ", c->overdue, c->due);
	if (warn_days <= 0)
		BUF_PUTSL(b, "today");
	else
		buf_printf(b, "within %d day%s", warn_days,
		    warn_days == 1 ? "" : "s");
	buf_printf(b, ", %zu current", c->current);
}

/*
 * The reviewable documents of the site passing the owner filter (NULL:
 * all), in site order, as a new array in *out (NULL when empty).
 */
static size_t
collect(const struct site *site, const char *owner, struct doc ***out)
{
	struct doc	**v = NULL;
	size_t		  i, n = 0;

	for (i = 0; i < site->ndocs; i++)
		if (!is_exempt(site->docs[i]) &&
		    owner_match(site->docs[i], owner))
			n++;
	if (n > 0) {
		v = xreallocarray(NULL, n, sizeof(*v));
		for (i = n = 0; i < site->ndocs; i++)
			if (!is_exempt(site->docs[i]) &&
			    owner_match(site->docs[i], owner))
				v[n++] = site->docs[i];
	}
	*out = v;
	return n;
}

/* Owner (case-insensitive, none last), review_date, title, path. */
static int
cmp_schedule(const void *pa, const void *pb)
{
	const struct doc	*a = *(const struct doc *const *)pa;
	const struct doc	*b = *(const struct doc *const *)pb;
	int			 c;

	if ((c = casecmp(a->owner, b->owner)) != 0)
		return c;
	if ((c = strcmp0(a->owner, b->owner)) != 0)
		return c;
	if ((c = cmp_review_date(a, b)) != 0)
		return c;
	if ((c = casecmp(a->title != NULL ? a->title : "",
	    b->title != NULL ? b->title : "")) != 0)
		return c;
	if ((c = strcmp0(a->title, b->title)) != 0)
		return c;
	return strcmp0(a->path, b->path);
}

/* Review_date (undated last), then path. */
static int
cmp_report(const void *pa, const void *pb)
{
	const struct doc	*a = *(const struct doc *const *)pa;
	const struct doc	*b = *(const struct doc *const *)pb;
	int			 c;

	if ((c = cmp_review_date(a, b)) != 0)
		return c;
	return strcmp0(a->path, b->path);
}

size_t
review_schedule(const struct site *site, struct doc ***out)
{
	size_t	 n;

	n = collect(site, NULL, out);
	if (n > 1)
		qsort(*out, n, sizeof(**out), cmp_schedule);
	return n;
}

/* Append the public URL of a document (see review_csv). */
static void
put_url(struct buf *b, const struct site *site, const struct doc *doc)
{
	const struct config	*cfg = &site->cfg;

	if (cfg->base_url != NULL && cfg->base_url[0] != '\0')
		buf_puts(b, cfg->base_url);
	else
		buf_puts(b, cfg->base_path != NULL ? cfg->base_path : "/");
	if (doc->url != NULL)
		buf_puts(b, doc->url);
}

void
review_json(struct buf *b, const struct site *site,
    const struct review_opts *opts)
{
	struct review_counts	 c;
	struct buf		 url = BUF_INIT;
	struct doc		**v;
	const struct doc	*doc;
	size_t			 i, n;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < site->ndocs; i++)
		if (owner_match(site->docs[i], opts->owner))
			count(&c, review_state_of(site->docs[i], opts->today,
			    opts->warn_days));
	n = collect(site, opts->owner, &v);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_report);

	BUF_PUTSL(b, "{\"today\":");
	date_format_json(b, opts->today);
	buf_printf(b, ",\"warn_days\":%d,\"counts\":{\"overdue\":%zu,"
	    "\"due\":%zu,\"current\":%zu,\"exempt\":%zu},\"documents\":[",
	    opts->warn_days, c.overdue, c.due, c.current, c.exempt);
	for (i = 0; i < n; i++) {
		doc = v[i];
		if (i > 0)
			buf_putc(b, ',');
		BUF_PUTSL(b, "{\"id\":");
		json_string(b, doc->id);
		BUF_PUTSL(b, ",\"title\":");
		json_string(b, doc->title);
		BUF_PUTSL(b, ",\"type\":");
		json_string(b, doc_type_name(doc->type));
		BUF_PUTSL(b, ",\"path\":");
		json_string(b, doc->path);
		buf_reset(&url);
		put_url(&url, site, doc);
		BUF_PUTSL(b, ",\"url\":");
		json_string(b, url.data);
		BUF_PUTSL(b, ",\"owner\":");
		json_string(b, doc->owner);
		BUF_PUTSL(b, ",\"last_reviewed\":");
		date_format_json(b, &doc->last_reviewed);
		BUF_PUTSL(b, ",\"review_date\":");
		date_format_json(b, &doc->review_date);
		BUF_PUTSL(b, ",\"state\":");
		json_string(b, review_state_name(review_state_of(doc,
		    opts->today, opts->warn_days)));
		BUF_PUTSL(b, ",\"days\":");
		if (date_isset(&doc->review_date))
			buf_printf(b, "%ld}", date_days(&doc->review_date) -
			    date_days(opts->today));
		else
			BUF_PUTSL(b, "null}");
	}
	BUF_PUTSL(b, "]}");
	buf_free(&url);
	free(v);
}

/* One CSV field; NULL is empty. */
static void
csv_field(struct buf *b, const char *s)
{
	if (s != NULL)
		csv_escape(b, s, strlen(s));
}

/* One CSV field holding an ISO date, empty when unset; "t" is scratch. */
static void
csv_date(struct buf *b, struct buf *t, const struct date *dt)
{
	if (!date_isset(dt))
		return;
	buf_reset(t);
	date_format_iso(t, dt);
	csv_escape(b, t->data, t->len);
}

void
review_csv(struct buf *b, const struct site *site,
    const struct review_opts *opts)
{
	struct buf		 t = BUF_INIT;
	struct doc		**v;
	const struct doc	*doc;
	size_t			 i, n;

	n = collect(site, opts->owner, &v);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_schedule);
	BUF_PUTSL(b,
	    "owner,title,type,state,last_reviewed,review_date,url\r\n");
	for (i = 0; i < n; i++) {
		doc = v[i];
		csv_field(b, doc->owner);
		buf_putc(b, ',');
		csv_field(b, doc->title);
		buf_putc(b, ',');
		csv_field(b, doc_type_name(doc->type));
		buf_putc(b, ',');
		csv_field(b, review_state_name(review_state_of(doc,
		    opts->today, opts->warn_days)));
		buf_putc(b, ',');
		csv_date(b, &t, &doc->last_reviewed);
		buf_putc(b, ',');
		csv_date(b, &t, &doc->review_date);
		buf_putc(b, ',');
		buf_reset(&t);
		put_url(&t, site, doc);
		csv_escape(b, t.data, t.len);
		BUF_PUTSL(b, "\r\n");
	}
	buf_free(&t);
	free(v);
}

/* ASCII lowercase, whatever the locale. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Whether "hay" holds "needle", ignoring ASCII case. */
static int
caseholds(const char *hay, const char *needle)
{
	size_t	 i, n = strlen(needle);

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0' &&
		    lower((unsigned char)hay[i]) ==
		    lower((unsigned char)needle[i]); i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

/* Whether site.yaml's owners list "name" (ignoring ASCII case). */
static int
owner_declared(const struct config *cfg, const char *name)
{
	size_t	 i;

	for (i = 0; i < cfg->nowners; i++)
		if (casecmp(cfg->owners[i].name, name) == 0)
			return 1;
	return 0;
}

int
review_owner_is(const struct doc *doc, const char *owner)
{
	return owner_match(doc, owner);
}

int
review_owner_known(const struct site *site, const char *owner)
{
	size_t	 i;

	if (owner_declared(&site->cfg, owner))
		return 1;
	for (i = 0; i < site->ndocs; i++)
		if (owner_match(site->docs[i], owner))
			return 1;
	return 0;
}

/* Weigh one candidate for review_owner_suggest. */
static void
consider(const char *name, const char *cand, const char **best,
    size_t *bestd)
{
	size_t	 dist, n = strlen(name);

	if (cand == NULL || casecmp(cand, name) == 0)
		return;
	if (n >= 3 && (caseholds(cand, name) || caseholds(name, cand)))
		dist = 0;
	else
		dist = yget_distance(name, cand, 1) + 1;
	if (dist > (n / 4 > 2 ? n / 4 : 2) + 1)
		return;
	if (*best == NULL || dist < *bestd) {
		*best = cand;
		*bestd = dist;
	}
}

const char *
review_owner_suggest(const struct site *site, const char *name)
{
	const char	*best = NULL;
	size_t		 i, bestd = 0;

	for (i = 0; i < site->cfg.nowners; i++)
		consider(name, site->cfg.owners[i].name, &best, &bestd);
	for (i = 0; i < site->ndocs; i++)
		consider(name, site->docs[i]->owner, &best, &bestd);
	return best;
}

void
review_owners(struct diag *d, const struct site *site)
{
	const struct doc	*doc;
	const char		*best;
	size_t			 i, j, bestd;

	if (site->cfg.nowners == 0)
		return;
	for (i = 0; i < site->ndocs; i++) {
		doc = site->docs[i];
		/* The placeholder has a warning of its own. */
		if (doc->owner == NULL ||
		    owner_declared(&site->cfg, doc->owner) ||
		    strcmp(doc->owner, FM_OWNER_PLACEHOLDER) == 0)
			continue;
		best = NULL;
		bestd = 0;
		for (j = 0; j < site->cfg.nowners; j++)
			consider(doc->owner, site->cfg.owners[j].name, &best,
			    &bestd);
		if (best != NULL)
			diag_add(d, DIAG_WARNING, doc->path,
			    doc->field_line[F_OWNER], 0, "owner '%s' is not "
			    "in site.yaml's owners (did you mean '%s'?)",
			    doc->owner, best);
		else
			diag_add(d, DIAG_WARNING, doc->path,
			    doc->field_line[F_OWNER], 0, "owner '%s' is not "
			    "in site.yaml's owners: add it there, or give one "
			    "of those", doc->owner);
	}
}
