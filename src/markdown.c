/*
 * markdown.c: cmark-gfm rendering with heading anchors and link hooks.
 *
 * cmark-gfm's HTML renderer gives headings no id, so each heading node is
 * replaced by a custom block whose enter/exit text is the <hN id="...">
 * tag.  The replaced heading must outlive rendering: inline text nodes
 * may borrow memory from their block's content.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "escape.h"
#include "markdown.h"
#include "site.h"
#include "slug.h"
#include "util.h"

char	md_link_drop[1];

static const char *const extension_names[] = {
	"table", "autolink", "strikethrough", "tagfilter"
};

void
md_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *
parser_new(int options)
{
	cmark_syntax_extension	*e;
	cmark_parser		*p;
	size_t			 i;

	if ((p = cmark_parser_new(options)) == NULL)
		abort();
	for (i = 0; i < NELEM(extension_names); i++)
		if ((e = cmark_find_syntax_extension(extension_names[i])) ==
		    NULL || !cmark_parser_attach_syntax_extension(p, e))
			abort();	/* a broken cmark-gfm install */
	return p;
}

/* Append the text content of node n (text, code, and their children). */
static void
node_text(struct buf *b, cmark_node *n)
{
	cmark_iter		*it = cmark_iter_new(n);
	cmark_event_type	 ev;
	cmark_node		*c;
	const char		*lit;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		c = cmark_iter_get_node(it);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(c)) != NULL)
				buf_puts(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

struct	anchors {
	struct heading	*v;
	size_t		 n, cap;
	struct strmap	 used;
};

/*
 * Make the anchor for heading text "text" unique: "x", "x-1", "x-2"...
 * The next suffix to try for each slug is kept under "\001slug", so n
 * equal headings cost n look-ups, not n * n / 2.
 */
static char *
unique_anchor(struct anchors *a, const char *text)
{
	struct buf	 b = BUF_INIT, next = BUF_INIT;
	size_t		 base, k;

	slug_heading(&b, text, strlen(text));
	if (b.len == 0)
		BUF_PUTSL(&b, "section");
	/* strmap_put returns NULL only when the key is new. */
	if (strmap_put(&a->used, b.data, (void *)1) != NULL) {
		buf_putc(&next, '\001');
		buf_put(&next, b.data, b.len);
		k = (size_t)(uintptr_t)strmap_get(&a->used, next.data);
		base = b.len;
		for (k = k != 0 ? k : 1;; k++) {
			buf_truncate(&b, base);
			buf_printf(&b, "-%zu", k);
			if (strmap_put(&a->used, b.data, (void *)1) == NULL)
				break;
		}
		strmap_set(&a->used, next.data, (void *)(uintptr_t)(k + 1));
	}
	buf_free(&next);
	return buf_detach(&b);
}

/* Nodes collected during the walk, changed or freed after it. */
struct	pending {
	cmark_node	**v;
	size_t		  n, cap;
};

static void
pending_add(struct pending *p, cmark_node *n)
{
	if (p->n == p->cap) {
		p->cap = p->cap != 0 ? p->cap * 2 : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n++] = n;
}

/* A new text node holding s[0..len). */
static cmark_node *
text_node(const char *s, size_t len)
{
	cmark_node	*t = cmark_node_new(CMARK_NODE_TEXT);
	char		*lit = xstrndup(s, len);

	cmark_node_set_literal(t, lit);
	free(lit);
	return t;
}

/*
 * What closes a glossary term: its expansion in text, not in a title
 * that touch and keyboard users cannot reach.  Screen readers read it
 * as part of the link's name, "LADO (Local Authority Designated
 * Officer)"; the theme shows it when the link has focus.
 */
static void
term_expansion(struct buf *b, const char *exp, int link)
{
	BUF_PUTSL(b, "</abbr><span class=\"term-exp\"><span class=\"term-paren\">"
	    " (</span>");
	html_escape(b, exp, strlen(exp));
	BUF_PUTSL(b, "<span class=\"term-paren\">)</span></span>");
	if (link)
		BUF_PUTSL(b, "</a>");
}

/*
 * The node for one marked-up span: <a><abbr> as a custom inline, or, where
 * the parent cannot hold one (cmark-gfm's table cells), a link whose title
 * carries the expansion.
 */
static cmark_node *
span_node(cmark_node *parent, const struct md_span *sp, const char *lit)
{
	struct buf	 tag = BUF_INIT;
	cmark_node	*c;

	if (sp->abbr != NULL &&
	    strcmp(cmark_node_get_type_string(parent), "table_cell") != 0) {
		c = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
		if (sp->href != NULL) {
			BUF_PUTSL(&tag, "<a class=\"term\" href=\"");
			href_escape(&tag, sp->href, strlen(sp->href));
			BUF_PUTSL(&tag, "\">");
		}
		BUF_PUTSL(&tag, "<abbr>");
		cmark_node_set_on_enter(c, tag.data);
		buf_reset(&tag);
		term_expansion(&tag, sp->abbr, sp->href != NULL);
		cmark_node_set_on_exit(c, tag.data);
		buf_free(&tag);
	} else {
		c = cmark_node_new(CMARK_NODE_LINK);
		cmark_node_set_url(c, sp->href != NULL ? sp->href : "");
	}
	cmark_node_append_child(c, text_node(lit + sp->start, sp->len));
	/* In a table cell the link holds the expansion after the term. */
	if (sp->abbr != NULL && cmark_node_get_type(c) == CMARK_NODE_LINK) {
		cmark_node *e = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);

		term_expansion(&tag, sp->abbr, 0);
		/* term_expansion() opens with the </abbr> a cell has none of. */
		cmark_node_set_on_enter(e, tag.data + strlen("</abbr>"));
		cmark_node_set_on_exit(e, "");
		buf_free(&tag);
		if (!cmark_node_append_child(c, e))
			cmark_node_free(e);
	}
	return c;
}

/* Insert "c" before "n"; if the tree refuses it, free it and return -1. */
static int
insert(cmark_node *n, cmark_node *c)
{
	if (cmark_node_insert_before(n, c))
		return 0;
	cmark_node_free(c);
	return -1;
}

/* Replace text node n by text, marked-up spans, text. */
static void
apply_spans(cmark_node *n, const char *lit, struct md_span *sp, size_t nsp)
{
	cmark_node	*parent = cmark_node_parent(n);
	size_t		 i, at = 0;

	for (i = 0; i < nsp; i++) {
		if (sp[i].start < at)
			continue;	/* overlapping: the hook broke its contract */
		if (sp[i].start > at)
			(void)insert(n, text_node(lit + at, sp[i].start - at));
		if (insert(n, span_node(parent, &sp[i], lit)) == -1)
			(void)insert(n, text_node(lit + sp[i].start,
			    sp[i].len));
		at = sp[i].start + sp[i].len;
	}
	cmark_node_set_literal(n, lit + at);
}

/*
 * The first "needle" in p[0..end), or NULL.  (strstr() on the rest of a
 * large page in a loop would measure the rest each time under the
 * sanitizers' interceptors.)
 */
static const char *
find(const char *p, const char *end, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; end - p >= (ptrdiff_t)n; p++) {
		if ((p = memchr(p, needle[0], (size_t)(end - p))) == NULL ||
		    end - p < (ptrdiff_t)n)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

/*
 * Append cmark's HTML, without the line breaks the renderer puts inside
 * our heading custom blocks ("<h2 id=\"x\">\nText\n</h2>").  Literal
 * tags in text or code are escaped, so only ours match.
 */
static void
put_tidy(struct buf *out, const char *html)
{
	const char	*p = html, *q, *end = html + strlen(html);

	while ((q = find(p, end, "<h")) != NULL) {
		if (q[2] >= '1' && q[2] <= '6' && strncmp(q + 3, " id=\"", 5) == 0 &&
		    (q = find(q, end, "\">\n")) != NULL) {
			buf_put(out, p, (size_t)(q - p) + 2);
			p = q + 3;
			if ((q = find(p, end, "\n</h")) != NULL) {
				buf_put(out, p, (size_t)(q - p));
				p = q + 1;
			}
			continue;
		}
		q = find(p, end, "<h");
		buf_put(out, p, (size_t)(q - p) + 2);
		p = q + 2;
	}
	buf_put(out, p, (size_t)(end - p));
}

/*
 * Editor's notes: a block quote whose first line is "[!EDITOR]" alone
 * (GitHub's alert syntax; the marker's case does not matter).
 */
#define EDITOR_MARK	"[!EDITOR]"

/*
 * Whether paragraph "para" starts with a line holding only the marker;
 * *brk is then the line break after it, or NULL if there is none.  The
 * marker may be split over several text nodes ("[", "!EDITOR", "]").
 */
static int
note_marker(cmark_node *para, cmark_node **brk)
{
	struct buf	 b = BUF_INIT;
	cmark_node	*c;
	const char	*lit;
	int		 yes;

	for (c = cmark_node_first_child(para); c != NULL;
	    c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
		    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
			break;
		if (cmark_node_get_type(c) != CMARK_NODE_TEXT ||
		    (lit = cmark_node_get_literal(c)) == NULL) {
			buf_free(&b);
			return 0;
		}
		buf_puts(&b, lit);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '\t'))
		buf_truncate(&b, b.len - 1);
	yes = strcasecmp(b.data, EDITOR_MARK) == 0;
	buf_free(&b);
	*brk = c;
	return yes;
}

/*
 * Replace block quote "bq", if it is an editor's note, by a custom block
 * that renders as an <aside> with its label, holding the quote's blocks
 * less the marker.  The removed nodes own no text that others borrow.
 * role="note": a page may hold several notes, and an <aside> inside the
 * document would otherwise be a complementary landmark, one per note,
 * all with the same name.
 */
static void
editor_note(cmark_node *bq)
{
	cmark_node	*para = cmark_node_first_child(bq), *brk, *c, *cb;

	if (para == NULL || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH ||
	    !note_marker(para, &brk))
		return;
	while ((c = cmark_node_first_child(para)) != brk)
		cmark_node_free(c);
	if (brk != NULL)
		cmark_node_free(brk);
	if (cmark_node_first_child(para) == NULL)
		cmark_node_free(para);
	cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(cb, "<aside class=\"editor-note\" role=\"note\" "
	    "aria-label=\"Editor's note\">\n"
	    "<p class=\"editor-note-label\">Editor's note</p>");
	cmark_node_set_on_exit(cb, "</aside>");
	if (!cmark_node_insert_before(bq, cb)) {
		cmark_node_free(cb);	/* cannot happen: a block for a block */
		return;
	}
	while ((c = cmark_node_first_child(bq)) != NULL) {
		cmark_node_unlink(c);
		cmark_node_append_child(cb, c);
	}
	cmark_node_free(bq);
}

/* Turn every editor's-note block quote of "doc" into its <aside>. */
static void
editor_notes(cmark_node *doc)
{
	struct pending	 quotes;
	cmark_iter	*it;
	cmark_node	*n;
	size_t		 i;

	memset(&quotes, 0, sizeof(quotes));
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE &&
		    cmark_iter_get_event_type(it) == CMARK_EVENT_ENTER)
			pending_add(&quotes, n);
	}
	cmark_iter_free(it);
	/* Outer quotes first: an inner one moves, but stays valid. */
	for (i = 0; i < quotes.n; i++)
		editor_note(quotes.v[i]);
	free(quotes.v);
}

/*
 * Whether HTML block n is a local passage's marker: 1 for an opening
 * one (its id, trimmed, in *id), 2 for a closing one, 0 if neither.
 */
static int
local_marker(cmark_node *n, struct buf *id)
{
	const char	*lit = cmark_node_get_literal(n), *p, *e;

	if (lit == NULL)
		return 0;
	p = lit;
	e = lit + strlen(lit);
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
	if (e - p < 7 || strncmp(p, "<!--", 4) != 0 ||
	    strncmp(e - 3, "-->", 3) != 0)
		return 0;
	p += 4;
	e -= 3;
	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	if ((size_t)(e - p) == 12 && strncmp(p, "/partnership", 12) == 0)
		return 2;
	if (e - p < 12 || strncmp(p, "partnership:", 12) != 0)
		return 0;
	p += 12;
	while (p < e && *p == ' ')
		p++;
	buf_reset(id);
	buf_put(id, p, (size_t)(e - p));
	return 1;
}

/* An error about a marker at node n, through the slip hook. */
static void
local_slip(const struct md_opts *o, size_t line0, cmark_node *n,
    const char *msg)
{
	if (o->slip != NULL)
		o->slip(o->arg, 1, line0 + (size_t)cmark_node_get_start_line(n) -
		    1, (size_t)cmark_node_get_start_column(n), msg);
}

/*
 * The blocks after marker "open" up to "close" (a sibling): left out,
 * left as they are, or moved into a labelled block.
 */
static void
local_apply(const struct md_opts *o, size_t line0, cmark_node *open,
    cmark_node *close, const char *id)
{
	struct buf	 label = BUF_INIT, html = BUF_INIT;
	cmark_node	*c, *cb;
	enum md_local	 what;

	what = o->local(o->arg, id, line0 +
	    (size_t)cmark_node_get_start_line(open) - 1,
	    (size_t)cmark_node_get_start_column(open), &label);
	if (what == MD_LOCAL_HIDE) {
		while ((c = cmark_node_next(open)) != close)
			cmark_node_free(c);
	} else if (what == MD_LOCAL_LABEL) {
		BUF_PUTSL(&html, "<div class=\"local-passage\" role=\"note\" "
		    "aria-label=\"");
		html_escape(&html, label.data, label.len);
		BUF_PUTSL(&html, "\">\n<p class=\"local-passage-label\">");
		html_escape(&html, label.data, label.len);
		BUF_PUTSL(&html, ":</p>");
		cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node_set_on_enter(cb, html.data);
		cmark_node_set_on_exit(cb, "</div>");
		if (!cmark_node_insert_after(open, cb))
			cmark_node_free(cb);
		else
			while ((c = cmark_node_next(cb)) != close) {
				cmark_node_unlink(c);
				cmark_node_append_child(cb, c);
			}
	}
	buf_free(&label);
	buf_free(&html);
}

/*
 * Local passages of "doc" (md_opts.local): each shown, labelled or left
 * out; an opening marker with no closing one in the same container, a
 * closing one with no opening one, or one opened inside another, is an
 * error.  The markers themselves are removed.
 */
static void
local_passages(const struct md_opts *o, cmark_node *doc, size_t line0)
{
	struct pending	 marks;
	struct buf	 id = BUF_INIT, open_id = BUF_INIT;
	cmark_iter	*it;
	cmark_node	*n, *open = NULL;
	size_t		 i;
	int		 k;

	memset(&marks, 0, sizeof(marks));
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK &&
		    local_marker(n, &id) != 0)
			pending_add(&marks, n);
	}
	cmark_iter_free(it);
	for (i = 0; i < marks.n; i++) {
		n = marks.v[i];
		k = local_marker(n, &id);
		if (k == 1) {
			if (open != NULL)
				local_slip(o, line0, open, "local passage "
				    "'<!-- partnership: ... -->' is not closed "
				    "(with '<!-- /partnership -->') before the "
				    "next one opens");
			open = n;
			buf_reset(&open_id);
			buf_put(&open_id, id.data, id.len);
			continue;
		}
		if (open == NULL || cmark_node_parent(open) !=
		    cmark_node_parent(n)) {
			local_slip(o, line0, n, "'<!-- /partnership -->' "
			    "closes no local passage of the same block");
			if (open != NULL)
				local_slip(o, line0, open, "local passage "
				    "'<!-- partnership: ... -->' is not closed "
				    "in the same block");
			open = NULL;
			continue;
		}
		if (open_id.len == 0)
			local_slip(o, line0, open, "local passage names no "
			    "partnership ('<!-- partnership: ID -->')");
		else
			local_apply(o, line0, open, n, open_id.data);
		open = NULL;
	}
	if (open != NULL)
		local_slip(o, line0, open, "local passage '<!-- partnership: "
		    "... -->' is not closed (with '<!-- /partnership -->')");
	for (i = 0; i < marks.n; i++)
		cmark_node_free(marks.v[i]);
	free(marks.v);
	buf_free(&id);
	buf_free(&open_id);
}

/* The most of a quoted excerpt in a message, in bytes. */
#define SLIP_QUOTE	60

/*
 * Append s[0..len) to b with runs of white space made one space, cut at
 * SLIP_QUOTE bytes on a character boundary ("..." marks the cut).
 */
static void
put_excerpt(struct buf *b, const char *s, size_t len)
{
	size_t	 i, start = b->len;
	int	 space = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			space = b->len > start;
			continue;
		}
		if (b->len - start >= SLIP_QUOTE &&
		    ((unsigned char)s[i] & 0xc0) != 0x80) {
			BUF_PUTSL(b, "...");
			return;
		}
		if (space)
			buf_putc(b, ' ');
		space = 0;
		buf_putc(b, s[i]);
	}
}

/* The text of raw HTML h: its tags and entities left out. */
static void
html_text(struct buf *b, const char *h)
{
	int	 intag = 0;

	for (; *h != '\0'; h++) {
		if (*h == '<')
			intag = 1;
		else if (*h == '>')
			intag = 0;
		else if (!intag && *h == '&' && strchr(h, ';') != NULL &&
		    strchr(h, ';') - h < 10) {
			buf_putc(b, ' ');
			h = strchr(h, ';');
		} else if (!intag)
			buf_putc(b, *h);
	}
}

/* Whether b holds anything but white space. */
static int
has_text(const struct buf *b)
{
	size_t	 i;

	for (i = 0; i < b->len; i++)
		if (b->data[i] != ' ' && b->data[i] != '\t' &&
		    b->data[i] != '\n' && b->data[i] != '\r')
			return 1;
	return 0;
}

struct	slips {
	const struct md_opts	*o;
	const char		*body;
	size_t			 len;
	size_t			 line0;
	size_t			*starts;	/* offset of each line */
	size_t			 nlines;
};

static void
slip(const struct slips *sl, int error, int nline, int col, struct buf *msg)
{
	sl->o->slip(sl->o->arg, error, sl->line0 + (size_t)nline - 1,
	    col > 0 ? (size_t)col : 0, msg->data);
	buf_reset(msg);
}

/* Line n (1-based) of the body, its length in *n_out. */
static const char *
body_line(const struct slips *sl, int n, size_t *len)
{
	size_t	 a, e;

	if (n < 1 || (size_t)n > sl->nlines) {
		*len = 0;
		return "";
	}
	a = sl->starts[n - 1];
	e = (size_t)n < sl->nlines ? sl->starts[n] - 1 : sl->len;
	*len = e - a;
	return sl->body + a;
}

/* Raw HTML that cmark-gfm removes, since markdown.allow_html is off. */
static void
slip_html(const struct slips *sl, cmark_node *n, struct buf *msg)
{
	struct buf	 text = BUF_INIT;
	const char	*lit = cmark_node_get_literal(n), *e;
	int		 block = cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK;

	/* A comment shows nothing either way; a closing tag goes with its
	   opening one. */
	if (lit == NULL || strncmp(lit, "<!--", 4) == 0 ||
	    strncmp(lit, "</", 2) == 0)
		return;
	/* A script or style holds code, not the reader's text. */
	if (strncasecmp(lit, "<script", 7) != 0 &&
	    strncasecmp(lit, "<style", 6) != 0)
		html_text(&text, lit);
	if (block && has_text(&text)) {
		BUF_PUTSL(msg, "raw HTML is removed, and its text with it: '");
		put_excerpt(msg, text.data, text.len);
		BUF_PUTSL(msg, "' (write it as Markdown; HTML pasted from Word "
		    "is not shown)");
		slip(sl, 1, cmark_node_get_start_line(n),
		    cmark_node_get_start_column(n), msg);
	} else {
		e = strchr(lit, '>');
		BUF_PUTSL(msg, "raw HTML is removed: '");
		put_excerpt(msg, lit, e != NULL ? (size_t)(e - lit) + 1 :
		    strlen(lit));
		BUF_PUTSL(msg, "' (write it as Markdown)");
		slip(sl, 0, cmark_node_get_start_line(n),
		    cmark_node_get_start_column(n), msg);
	}
	buf_free(&text);
}

/* The text of n's text nodes only (no code), to find unmade links. */
static void
plain_text_only(struct buf *b, cmark_node *n)
{
	cmark_node	*c;
	const char	*lit;

	for (c = cmark_node_first_child(n); c != NULL; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_TEXT &&
		    (lit = cmark_node_get_literal(c)) != NULL)
			buf_puts(b, lit);
		else if (cmark_node_get_type(c) != CMARK_NODE_CODE)
			plain_text_only(b, c);
	}
}

/*
 * A link left as text because its target holds a space: find
 * "](target with space)" on the block's lines.
 */
static void
slip_spaced_link(const struct slips *sl, cmark_node *n, struct buf *msg)
{
	struct buf	 t = BUF_INIT;
	const char	*p, *q, *s;
	size_t		 len;
	int		 l, code;

	plain_text_only(&t, n);
	if (strstr(t.data, "](") == NULL) {
		buf_free(&t);
		return;
	}
	buf_free(&t);
	for (l = cmark_node_get_start_line(n);
	    l <= cmark_node_get_end_line(n); l++) {
		s = body_line(sl, l, &len);
		code = 0;
		for (p = s; p + 2 <= s + len; p++) {
			/* Not inside a code span. */
			if (*p == '`')
				code = !code;
			if (code || *p != ']' || p + 1 >= s + len ||
			    p[1] != '(')
				continue;
			q = memchr(p + 2, ')', (size_t)(s + len - p - 2));
			if (q == NULL || memchr(p + 2, ' ', (size_t)(q - p - 2))
			    == NULL)
				continue;
			BUF_PUTSL(msg, "this link was not made: its target '");
			put_excerpt(msg, p + 2, (size_t)(q - p - 2));
			BUF_PUTSL(msg, "' holds a space (write %20 for each "
			    "space, or put the target in <...>)");
			slip(sl, 0, l, (int)(p - s) + 2, msg);
		}
	}
}

/* Whether line s[0..len) is "|...|" (white space around it aside). */
static int
pipe_line(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	return len >= 2 && s[0] == '|' && s[len - 1] == '|';
}

/* A paragraph: a table with no delimiter row; "#Heading" with no space. */
static void
slip_paragraph(const struct slips *sl, cmark_node *n, struct buf *msg)
{
	const char	*s;
	size_t		 len, i;
	int		 l, first = cmark_node_get_start_line(n),
			 last = cmark_node_get_end_line(n), pipes = 0;

	for (l = first; l <= last; l++) {
		s = body_line(sl, l, &len);
		pipes += pipe_line(s, len);
		for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '>'); i++)
			continue;
		if (i < len && s[i] == '#') {
			size_t h = i;

			while (h < len && s[h] == '#')
				h++;
			if (h - i <= 6 && h < len &&
			    (((s[h] | 0x20) >= 'a' && (s[h] | 0x20) <= 'z') ||
			    (unsigned char)s[h] >= 0x80)) {
				BUF_PUTSL(msg, "'");
				put_excerpt(msg, s + i, len - i);
				BUF_PUTSL(msg, "' is not a heading: put a space "
				    "after the '");
				buf_put(msg, s + i, h - i);
				BUF_PUTSL(msg, "'");
				slip(sl, 0, l, (int)i + 1, msg);
			}
		}
	}
	if (pipes >= 2 && pipes == last - first + 1) {
		BUF_PUTSL(msg, "these lines look like a table but it has no "
		    "delimiter row: add a line such as '| --- | --- |' under "
		    "its first row");
		slip(sl, 0, first, cmark_node_get_start_column(n), msg);
	}
	slip_spaced_link(sl, n, msg);
}

/* Report what the editor most likely did not mean (see md_slip_fn). */
static void
check_slips(const struct md_opts *o, cmark_node *doc, const char *body,
    size_t len, size_t line0)
{
	struct slips		 sl;
	struct buf		 msg = BUF_INIT;
	cmark_iter		*it;
	cmark_node		*n;
	const char		*u;
	size_t			 i, cap = 64;

	memset(&sl, 0, sizeof(sl));
	sl.o = o;
	sl.body = body;
	sl.len = len;
	sl.line0 = line0;
	sl.starts = xreallocarray(NULL, cap, sizeof(*sl.starts));
	sl.starts[sl.nlines++] = 0;
	for (i = 0; i < len; i++)
		if (body[i] == '\n' && i + 1 < len) {
			if (sl.nlines == cap) {
				cap *= 2;
				sl.starts = xreallocarray(sl.starts, cap,
				    sizeof(*sl.starts));
			}
			sl.starts[sl.nlines++] = i + 1;
		}
	it = cmark_iter_new(doc);
	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		if (cmark_iter_get_event_type(it) != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (!o->allow_html)
				slip_html(&sl, n, &msg);
			break;
		case CMARK_NODE_IMAGE:
			if (cmark_node_first_child(n) != NULL)
				break;
			u = cmark_node_get_url(n);
			BUF_PUTSL(&msg, "image '");
			put_excerpt(&msg, u != NULL ? u : "", u != NULL ?
			    strlen(u) : 0);
			BUF_PUTSL(&msg, "' has no alt text: say what it shows "
			    "between the brackets, ![like this](...)");
			slip(&sl, 0, cmark_node_get_start_line(n),
			    cmark_node_get_start_column(n), &msg);
			break;
		case CMARK_NODE_PARAGRAPH:
			slip_paragraph(&sl, n, &msg);
			break;
		case CMARK_NODE_HEADING:
			slip_spaced_link(&sl, n, &msg);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	free(sl.starts);
	buf_free(&msg);
}

static void	 plain_walk(cmark_node *, struct buf *);

/*
 * The link hook for link or image n: its URL and title set, or n added
 * to "drops" (its text then stays in its place).
 */
static void
link_hook(const struct md_opts *o, cmark_node *n, size_t line0,
    struct pending *drops)
{
	cmark_node	*c;
	const char	*u;
	char		*url, *title;
	size_t		 line, col;

	if (o->link == NULL || (u = cmark_node_get_url(n)) == NULL)
		return;
	line = line0 + (size_t)cmark_node_get_start_line(n) - 1;
	col = (size_t)cmark_node_get_start_column(n);
	title = NULL;
	url = o->link(o->arg, u, cmark_node_get_type(n) == CMARK_NODE_IMAGE,
	    cmark_node_first_child(n) == NULL, line, col, &title);
	if (url == md_link_drop)
		pending_add(drops, n);
	else if (url != NULL) {
		cmark_node_set_url(n, url);
		free(url);
	}
	if (title != NULL) {
		if (cmark_node_first_child(n) == NULL) {
			c = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(c, title);
			cmark_node_append_child(n, c);
		}
		free(title);
	}
}

/* Record heading n (level, text, a unique anchor) in "a"; "text" scratch. */
static struct heading *
heading_add(struct anchors *a, cmark_node *n, struct buf *text)
{
	struct heading	*h;

	buf_reset(text);
	node_text(text, n);
	if (a->n == a->cap) {
		a->cap = a->cap != 0 ? a->cap * 2 : 16;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	h = &a->v[a->n++];
	h->level = cmark_node_get_heading_level(n);
	h->text = xstrdup(text->data);
	h->anchor = unique_anchor(a, text->data);
	return h;
}

/*
 * Put a custom block "<hN id=...>" holding its children in the place of
 * heading n, and return it; n is unlinked, for the caller to free after
 * the walk.  "tag" is scratch.
 */
static cmark_node *
heading_block(cmark_node *n, const struct heading *h, struct buf *tag)
{
	cmark_node	*cb, *c;

	cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	buf_reset(tag);
	buf_printf(tag, "<h%d id=\"", h->level);
	html_escape(tag, h->anchor, strlen(h->anchor));
	BUF_PUTSL(tag, "\">");
	cmark_node_set_on_enter(cb, tag->data);
	buf_reset(tag);
	buf_printf(tag, "</h%d>", h->level);
	cmark_node_set_on_exit(cb, tag->data);
	while ((c = cmark_node_first_child(n)) != NULL) {
		cmark_node_unlink(c);
		cmark_node_append_child(cb, c);
	}
	cmark_node_insert_before(n, cb);
	cmark_node_unlink(n);
	return cb;
}

/*
 * The text hook for each text node of "texts"; the spans it finds are
 * applied when "apply" (the tree is rendered or kept).
 */
static void
text_hooks(const struct md_opts *o, const struct pending *texts,
    size_t line0, int apply)
{
	cmark_node	*n;
	struct md_span	*spans;
	const char	*u;
	char		*lit;
	size_t		 i, j, nsp, line, col;

	for (i = 0; i < texts->n; i++) {
		n = texts->v[i];
		if ((u = cmark_node_get_literal(n)) == NULL)
			continue;
		line = line0 + (size_t)cmark_node_get_start_line(n) - 1;
		col = (size_t)cmark_node_get_start_column(n);
		spans = NULL;
		nsp = o->text(o->arg, u, strlen(u), line, col, &spans);
		if (nsp > 0 && apply) {
			lit = xstrdup(u);	/* u dies with the literal */
			apply_spans(n, lit, spans, nsp);
			free(lit);
		}
		for (j = 0; j < nsp; j++) {
			free(spans[j].href);
			free(spans[j].abbr);
		}
		free(spans);
	}
}

/* Dropped links: their text stays where they were. */
static void
links_unwrap(const struct pending *drops)
{
	cmark_node	*n, *c;
	size_t		 i;

	for (i = 0; i < drops->n; i++) {
		n = drops->v[i];
		while ((c = cmark_node_first_child(n)) != NULL) {
			cmark_node_unlink(c);
			if (!cmark_node_insert_before(n, c))
				cmark_node_free(c);
		}
		cmark_node_unlink(n);
		cmark_node_free(n);
	}
}

/* What the walk over a document's tree gathers (see walk_tree). */
struct	mdwalk {
	struct anchors	 a;	/* the headings, with unique anchors */
	struct pending	 texts;	/* text nodes, for o->text */
	struct pending	 drops;	/* links to unwrap, from o->link */
	struct pending	 dead;	/* headings replaced: freed after it */
	struct buf	 text;	/* scratch */
	struct buf	 tag;
};

/*
 * Parse body[0..len) (file line line0 on) with "options"; report slips,
 * mark editor's notes, and fill o->plain while the tree is as written.
 * Returns the parser (its tree in *doc).
 */
static cmark_parser *
parse_body(const struct md_opts *o, const char *body, size_t len,
    size_t line0, int options, cmark_node **doc)
{
	cmark_parser	*p;

	p = parser_new(options);
	cmark_parser_feed(p, body, len);
	*doc = cmark_parser_finish(p);
	if (o->slip != NULL)
		check_slips(o, *doc, body, len, line0);
	editor_notes(*doc);
	if (o->local != NULL)
		local_passages(o, *doc, line0);
	/* Before the hooks change the tree: as md_plain() sees it. */
	if (o->plain != NULL)
		plain_walk(*doc, o->plain);
	return p;
}

/*
 * Links are changed on ENTER; headings replaced on EXIT (when
 * "render"); text nodes only collected, since splitting them would feed
 * the pieces back into this walk.  "skip" counts the headings and links
 * we are in.
 */
static void
walk_tree(const struct md_opts *o, cmark_node *doc, size_t line0,
    int render, struct mdwalk *w)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n, *cb;
	struct heading		*h;
	int			 skip = 0;

	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_EXIT) {
				skip--;
				break;
			}
			skip++;
			link_hook(o, n, line0, &w->drops);
			break;
		case CMARK_NODE_TEXT:
			if (skip == 0 && o->text != NULL)
				pending_add(&w->texts, n);
			break;
		case CMARK_NODE_HEADING:
			if (ev == CMARK_EVENT_ENTER) {
				skip++;
				break;
			}
			skip--;
			h = heading_add(&w->a, n, &w->text);
			if (!render)
				break;
			cb = heading_block(n, h, &w->tag);
			pending_add(&w->dead, n);	/* freed after the walk */
			cmark_iter_reset(it, cb, CMARK_EVENT_EXIT);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/*
 * md_process(), or with "keep" set md_tree(): then nothing is rendered,
 * headings stay heading nodes and the tree is handed over.
 */
static void
run(const struct md_opts *o, const char *body, size_t len, size_t line0,
    struct buf *out, struct heading **hs, size_t *nhs, struct md_tree *keep)
{
	cmark_parser	*p;
	cmark_node	*doc;
	struct mdwalk	 w;
	size_t		 i;
	char		*html;
	int		 options;

	memset(&w, 0, sizeof(w));
	buf_init(&w.text);
	buf_init(&w.tag);
	options = CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
	if (o->allow_html)
		options |= CMARK_OPT_UNSAFE;
	p = parse_body(o, body, len, line0, options, &doc);
	walk_tree(o, doc, line0, out != NULL, &w);
	text_hooks(o, &w.texts, line0, out != NULL || keep != NULL);
	free(w.texts.v);
	links_unwrap(&w.drops);
	free(w.drops.v);
	if (out != NULL) {
		html = cmark_render_html(doc, options,
		    cmark_parser_get_syntax_extensions(p));
		put_tidy(out, html);
		free(html);
	}
	if (keep != NULL) {
		keep->doc = doc;
		keep->parser = p;
		keep->options = options;
	} else {
		cmark_node_free(doc);
		cmark_parser_free(p);
	}
	for (i = 0; i < w.dead.n; i++)
		cmark_node_free(w.dead.v[i]);
	free(w.dead.v);
	strmap_free(&w.a.used);
	buf_free(&w.text);
	buf_free(&w.tag);
	*hs = w.a.v;
	*nhs = w.a.n;
}

int
md_process(const struct md_opts *o, const char *body, size_t len,
    size_t line0, struct buf *out, struct heading **hs, size_t *nhs)
{
	run(o, body, len, line0, out, hs, nhs, NULL);
	return 0;
}

void
md_tree(const struct md_opts *o, const char *body, size_t len, size_t line0,
    struct md_tree *t)
{
	memset(t, 0, sizeof(*t));
	run(o, body, len, line0, NULL, &t->hs, &t->nhs, t);
}

/*
 * The headings are put in place as walk_tree() puts them while
 * rendering, only after the hooks rather than before: the hooks never
 * touch a heading's text (walk_tree() collects no text inside one), and
 * a dropped link inside one leaves the same children either way.
 */
void
md_tree_html(struct md_tree *t, struct buf *out, struct heading **hs,
    size_t *nhs)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n, *cb;
	struct pending		 dead;
	struct buf		 tag = BUF_INIT;
	size_t			 i, k = 0;
	char			*html;

	memset(&dead, 0, sizeof(dead));
	it = cmark_iter_new(t->doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_EXIT ||
		    cmark_node_get_type(n) != CMARK_NODE_HEADING || k >= t->nhs)
			continue;
		cb = heading_block(n, &t->hs[k++], &tag);
		pending_add(&dead, n);
		cmark_iter_reset(it, cb, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	html = cmark_render_html(t->doc, t->options,
	    cmark_parser_get_syntax_extensions(t->parser));
	put_tidy(out, html);
	free(html);
	for (i = 0; i < dead.n; i++)
		cmark_node_free(dead.v[i]);
	free(dead.v);
	buf_free(&tag);
	*hs = t->hs;
	*nhs = t->nhs;
	t->hs = NULL;
	t->nhs = 0;
}

void
md_tree_free(struct md_tree *t)
{
	if (t->doc != NULL)
		cmark_node_free(t->doc);
	if (t->parser != NULL)
		cmark_parser_free(t->parser);
	headings_free(t->hs, t->nhs);
	memset(t, 0, sizeof(*t));
}

/* A separator for md_plain(): one space, never leading or doubled. */
static void
plain_space(struct buf *out, size_t start)
{
	while (out->len > start && (out->data[out->len - 1] == ' ' ||
	    out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\t'))
		buf_truncate(out, out->len - 1);
	if (out->len > start)
		buf_putc(out, ' ');
}

/* The plain text of a parsed document (see md_plain()). */
static void
plain_walk(cmark_node *doc, struct buf *out)
{
	cmark_iter		*it;
	cmark_node		*n;
	cmark_event_type	 ev;
	cmark_node_type		 type;
	const char		*lit;
	size_t			 start = out->len;

	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		type = cmark_node_get_type(n);
		/* Blocks (table cells too) end in a space; leaves: no EXIT. */
		if (ev == CMARK_EVENT_EXIT) {
			if ((type & CMARK_NODE_TYPE_MASK) ==
			    CMARK_NODE_TYPE_BLOCK)
				plain_space(out, start);
			continue;
		}
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(out, lit);
			if (type == CMARK_NODE_CODE_BLOCK)
				plain_space(out, start);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_THEMATIC_BREAK:
			plain_space(out, start);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	/* No trailing separator. */
	while (out->len > start && out->data[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
}

void
md_plain(const char *body, size_t len, struct buf *out)
{
	cmark_parser	*p;
	cmark_node	*doc;

	p = parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8);
	cmark_parser_feed(p, body, len);
	doc = cmark_parser_finish(p);
	editor_notes(doc);
	plain_walk(doc, out);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

size_t
md_markup_max(size_t len)
{
	return len / MD_MARKUP_PER > MD_MARKUP_MIN ? len / MD_MARKUP_PER :
	    MD_MARKUP_MIN;
}

size_t
md_too_much_markup(const char *body, size_t len, size_t *col)
{
	static unsigned char	 mark[256];
	const unsigned char	*s = (const unsigned char *)body;
	const char		*m;
	size_t			 i = 0, j, n = 0, max = md_markup_max(len);
	size_t			 line = 1, bol = 0;

	/* Each mark counted takes a byte of its own: short bodies pass. */
	if (len <= max)
		return 0;
	if (mark['*'] == 0)	/* idempotent: racing threads agree */
		for (m = "*_[]`<!~\\&|\n"; *m != '\0'; m++)
			mark[(unsigned char)*m] = 1;
	while (i < len) {
		/* Block markers at the start of a line, nested or not. */
		for (;;) {
			while (i < len && (s[i] == ' ' || s[i] == '\t'))
				i++;
			for (j = i; j < len && j - i < 9 && s[j] >= '0' &&
			    s[j] <= '9'; j++)
				continue;
			if (j > i && j < len && (s[j] == '.' || s[j] == ')'))
				i = j + 1;
			else if (i < len && s[i] == '#')
				while (i < len && s[i] == '#')
					i++;	/* one heading, however deep */
			else if (i < len && strchr("-+*>", s[i]) != NULL &&
			    s[i] != '\0')
				i++;
			else
				break;
			if (++n > max)
				goto over;
		}
		/*
		 * Inline marks (a run of one delimiter, "**", is one text
		 * node), and the break of a line that is not blank.
		 */
		for (; i < len; i++) {
			if (s[i] == '\n') {
				if (i > bol && ++n > max)
					goto over;
				i++;
				break;
			}
			if (mark[s[i]] && !(i > bol && s[i - 1] == s[i] &&
			    strchr("*_~`", s[i]) != NULL) && ++n > max)
				goto over;
		}
		line++;
		bol = i;
	}
	return 0;
over:
	*col = i - bol + 1;
	return line;
}

size_t
md_too_deep(const char *body, size_t len)
{
	const char	*nl;
	size_t		 i = 0, line = 1, depth, j;

	while (i < len) {
		depth = 0;
		for (;;) {
			while (i < len && (body[i] == ' ' || body[i] == '\t'))
				i++;
			if (i + 1 < len && strchr(">-*+", body[i]) != NULL &&
			    (body[i + 1] == ' ' || body[i + 1] == '\t' ||
			    body[i] == '>')) {
				i++;
			} else {
				for (j = i; j < len && j - i < 9 &&
				    body[j] >= '0' && body[j] <= '9'; j++)
					;
				if (j == i || j + 1 >= len ||
				    (body[j] != '.' && body[j] != ')') ||
				    (body[j + 1] != ' ' && body[j + 1] != '\t'))
					break;
				i = j + 1;
			}
			if (++depth > MD_MAX_NESTING)
				return line;
		}
		if (i >= len || (nl = memchr(body + i, '\n', len - i)) == NULL)
			break;
		i = (size_t)(nl - body) + 1;
		line++;
	}
	return 0;
}
