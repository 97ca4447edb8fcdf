/*
 * stale.c: outdated terms judged by the document's date, with the
 * passages an editor marks as historical (see stale.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "matcher.h"
#include "site.h"
#include "stale.h"
#include "util.h"

#define OPEN_MARK	"<!-- historical -->"
#define CLOSE_MARK	"<!-- /historical -->"

/* Add "p" and its plural; an acronym matches only in capitals. */
static void
add_term(struct matcher *m, const char *p, int id)
{
	struct buf	 b = BUF_INIT;
	const char	*q;
	int		 lower = 0;

	for (q = p; *q != '\0'; q++)
		if (*q >= 'a' && *q <= 'z')
			lower = 1;
	matcher_add(m, p, lower, id);
	buf_puts(&b, p);
	buf_putc(&b, 's');
	matcher_add(m, b.data, lower, id);
	buf_free(&b);
}

struct matcher *
stale_matcher(const struct config *cfg)
{
	struct matcher	*m;
	size_t		 i, j;

	if (cfg->nstale == 0)
		return NULL;
	m = matcher_new();
	for (i = 0; i < cfg->nstale; i++) {
		add_term(m, cfg->stale[i].term, (int)i);
		for (j = 0; j < cfg->stale[i].nvariants; j++)
			add_term(m, cfg->stale[i].variants[j], (int)i);
	}
	matcher_build(m);
	return m;
}

void
stale_doc_date(const struct doc *doc, struct date *out)
{
	const struct date	*v[3] = { &doc->date, &doc->approved,
				    &doc->last_reviewed };
	size_t			 i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 3; i++)
		if (date_isset(v[i]) && date_cmp(v[i], out) > 0)
			*out = *v[i];
}

int
stale_applies(const struct stale_term *t, const struct doc *doc,
    const struct date *today)
{
	struct date	 own;

	if (date_cmp(today, &t->since) < 0)
		return 0;
	stale_doc_date(doc, &own);
	return !date_isset(&own) || date_cmp(&own, &t->since) >= 0;
}

/* Which mark, if any, starts at p (before end): 1 open, 2 close, else 0. */
static int
mark_at(const char *p, const char *end)
{
	size_t	 n = (size_t)(end - p);

	if (n >= sizeof(OPEN_MARK) - 1 &&
	    memcmp(p, OPEN_MARK, sizeof(OPEN_MARK) - 1) == 0)
		return 1;
	if (n >= sizeof(CLOSE_MARK) - 1 &&
	    memcmp(p, CLOSE_MARK, sizeof(CLOSE_MARK) - 1) == 0)
		return 2;
	return 0;
}

/*
 * Whether the mark at p (kind 1 or 2) starts its line's text (after
 * indentation, '>' and list markers) and has text after it: Markdown
 * then takes the whole line for an HTML block, and the text would not
 * be shown.
 */
static int
hides_text(const char *bol, const char *p, int kind, const char *end)
{
	const char	*q;

	for (q = bol; q < p; q++)
		if (strchr(" \t>-*+.)0123456789", *q) == NULL)
			return 0;
	q = p + (kind == 1 ? sizeof(OPEN_MARK) : sizeof(CLOSE_MARK)) - 1;
	for (; q < end && *q != '\n'; q++)
		if (*q != ' ' && *q != '\t' && *q != '\r')
			return 1;
	return 0;
}

/* One mark at (line, col): open a passage, or close the open one. */
static void
take_mark(struct stale_passages *p, const struct doc *doc, struct diag *d,
    int kind, size_t line, size_t col, int *open)
{
	struct stale_span	*s;

	if (kind == 1 && *open) {
		diag_add(d, DIAG_ERROR, doc->path, line, col,
		    "'" OPEN_MARK "' inside a historical passage: close the "
		    "one opened at line %zu first with '" CLOSE_MARK "'",
		    p->v[p->n - 1].line0);
		return;
	}
	if (kind == 2 && !*open) {
		diag_add(d, DIAG_ERROR, doc->path, line, col,
		    "'" CLOSE_MARK "' closes no historical passage: open it "
		    "with '" OPEN_MARK "'");
		return;
	}
	if (kind == 1) {
		p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
		s = &p->v[p->n++];
		s->line0 = line;
		s->col0 = col;
		s->line1 = s->col1 = 0;
		*open = 1;
	} else {
		p->v[p->n - 1].line1 = line;
		p->v[p->n - 1].col1 = col;
		*open = 0;
	}
}

void
stale_passages_find(struct stale_passages *p, const struct doc *doc,
    struct diag *d)
{
	const char	*s, *end, *bol;
	size_t		 line;
	int		 open = 0, kind;

	p->v = NULL;
	p->n = 0;
	if (doc->body == NULL)
		return;
	end = doc->body + doc->body_len;
	line = doc->body_line;
	for (s = bol = doc->body; s < end; s++) {
		if (*s == '\n') {
			line++;
			bol = s + 1;
			continue;
		}
		if (*s != '<' || (kind = mark_at(s, end)) == 0)
			continue;
		if (hides_text(bol, s, kind, end))
			diag_add(d, DIAG_ERROR, doc->path, line,
			    (size_t)(s - bol) + 1, "text after '%s' at the "
			    "start of a line is not shown (Markdown takes the "
			    "line for HTML): put the mark on a line of its "
			    "own, or after some text", kind == 1 ? OPEN_MARK :
			    CLOSE_MARK);
		take_mark(p, doc, d, kind, line, (size_t)(s - bol) + 1,
		    &open);
	}
	if (open) {
		diag_add(d, DIAG_ERROR, doc->path, p->v[p->n - 1].line0,
		    p->v[p->n - 1].col0, "'" OPEN_MARK "' is never closed: "
		    "end the historical passage with '" CLOSE_MARK "'");
		/* Unclosed: it covers nothing, so nothing is hidden. */
		p->n--;
	}
}

/* <0, 0, >0 as position (l, c) is before, at or after (ml, mc). */
static int
pos_cmp(size_t l, size_t c, size_t ml, size_t mc)
{
	if (l != ml)
		return l < ml ? -1 : 1;
	return c < mc ? -1 : c > mc;
}

int
stale_in_passage(const struct stale_passages *p, size_t line, size_t col)
{
	size_t	 i;

	for (i = 0; p != NULL && i < p->n; i++)
		if (pos_cmp(line, col, p->v[i].line0, p->v[i].col0) > 0 &&
		    pos_cmp(line, col, p->v[i].line1, p->v[i].col1) < 0)
			return 1;
	return 0;
}

void
stale_passages_free(struct stale_passages *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
