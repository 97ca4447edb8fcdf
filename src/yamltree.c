/*
 * yamltree.c: libyaml's event stream folded into a tree (see yamltree.h).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "diag.h"
#include "strmap.h"
#include "util.h"
#include "yamltree.h"

/* Deeper nesting than this is refused rather than recursed into. */
#define YTREE_MAX_DEPTH	64

struct	yparse {
	struct diag	*d;
	const char	*file;
	size_t		 line0;
	const char	*src;
	size_t		 len;
	yaml_parser_t	 p;
};

static void
kid_add(struct ynode *n, struct ynode *k)
{
	/* Grow by doubling: nkids is a power of two when full. */
	if (n->nkids == 0 || (n->nkids & (n->nkids - 1)) == 0)
		n->kids = xreallocarray(n->kids,
		    n->nkids == 0 ? 1 : n->nkids * 2, sizeof(*n->kids));
	n->kids[n->nkids++] = k;
}

static struct ynode *
node_new(struct yparse *yp, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode	*n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = yp->line0 + m->line;
	n->col = m->column + 1;
	return n;
}

/* Line "idx" (0-based) of the YAML source; its length in *len. */
static const char *
src_line(const struct yparse *yp, size_t idx, size_t *len)
{
	const char	*p = yp->src, *end = yp->src + yp->len, *q;

	for (; idx > 0 && p < end; idx--) {
		if ((q = memchr(p, '\n', (size_t)(end - p))) == NULL)
			p = end;
		else
			p = q + 1;
	}
	q = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((q != NULL ? q : end) - p);
	return p;
}

/* Word's curly quotes, in UTF-8. */
static const char *const curly[] = {
	"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99"
};

/* Whether s[0..len) holds one of Word's curly quotes. */
static int
has_curly(const char *s, size_t len)
{
	size_t	 i, k;

	for (i = 0; i + 3 <= len; i++)
		for (k = 0; k < NELEM(curly); k++)
			if (memcmp(s + i, curly[k], 3) == 0)
				return 1;
	return 0;
}

/* Append s[0..len) without curly quotes and with '"' and '\' escaped. */
static void
put_requoted(struct buf *b, const char *s, size_t len)
{
	size_t	 i, k;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	for (i = 0; i < len; i++) {
		for (k = 0; k < NELEM(curly); k++)
			if (i + 3 <= len && memcmp(s + i, curly[k], 3) == 0)
				break;
		if (k < NELEM(curly)) {
			i += 2;
			continue;
		}
		if (s[i] == '"' || s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
}

/*
 * "key: value: more" on line "idx": libyaml's "mapping values are not
 * allowed" in plain words.  Returns 0 if recorded, -1 if the line is not
 * of that shape.
 */
static int
colon_in_value(struct yparse *yp, size_t idx)
{
	struct buf	 msg = BUF_INIT;
	const char	*l, *c, *v;
	size_t		 len, ind;

	l = src_line(yp, idx, &len);
	for (ind = 0; ind < len && l[ind] == ' '; ind++)
		continue;
	if ((c = memchr(l + ind, ':', len - ind)) == NULL || c + 1 >= l + len ||
	    c[1] != ' ')
		return -1;
	for (v = c + 1; v < l + len && *v == ' '; v++)
		continue;
	if (v == l + len)
		return -1;
	if (has_curly(v, (size_t)(l + len - v)))
		BUF_PUTSL(&msg, "Word's curly quotes (\xe2\x80\x9c \xe2\x80\x9d "
		    "\xe2\x80\x98 \xe2\x80\x99) are not quotes in YAML, and a "
		    "value containing ': ' must be in straight quotes: ");
	else {
		BUF_PUTSL(&msg, "a ");
		buf_put(&msg, l + ind, (size_t)(c - l - ind));
		BUF_PUTSL(&msg, " containing ': ' must be in quotes: ");
	}
	buf_put(&msg, l + ind, (size_t)(c - l - ind));
	BUF_PUTSL(&msg, ": \"");
	put_requoted(&msg, v, (size_t)(l + len - v));
	buf_putc(&msg, '"');
	diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + idx,
	    (size_t)(v - l) + 1, "%s", msg.data);
	buf_free(&msg);
	return 0;
}

static void
parse_error(struct yparse *yp)
{
	const yaml_mark_t	*m = &yp->p.problem_mark;
	const yaml_mark_t	*cm = &yp->p.context_mark;
	const char		*what, *ctx = yp->p.context;
	char			 open;

	what = yp->p.problem != NULL ? yp->p.problem : "syntax error";
	if (yp->p.error == YAML_READER_ERROR) {
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0, 0,
		    "front matter is not valid UTF-8 text (%s at byte %zu)",
		    what, yp->p.problem_offset);
		return;
	}
	if (m->index < yp->len && yp->src[m->index] == '\t')
		what = "found a tab character: indent YAML with spaces";
	else if (strstr(what, "mapping values are not allowed") != NULL &&
	    colon_in_value(yp, m->line) == 0)
		return;
	if (strstr(what, "did not find expected key") != NULL &&
	    cm->line == m->line) {
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + m->line,
		    m->column + 1, "YAML expects 'key: value' here: a value "
		    "that starts with a quote must end with it (put all of it "
		    "in the quotes)");
		return;
	}
	/* What was opened and never closed: reported where it opens. */
	open = cm->index < yp->len ? yp->src[cm->index] : '\0';
	if (ctx != NULL && cm->line != m->line &&
	    strstr(ctx, "quoted scalar") != NULL) {
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + cm->line,
		    cm->column + 1, "this quote (%c) is never closed: end the "
		    "value with %c on the same line", open, open);
		return;
	}
	if (ctx != NULL && cm->line != m->line &&
	    (open == '[' || open == '{') && strstr(ctx, "flow") != NULL) {
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + cm->line,
		    cm->column + 1, "this %s (%c) is never closed: end it with "
		    "%c on the same line", open == '[' ? "list" : "mapping",
		    open, open == '[' ? ']' : '}');
		return;
	}
	if (ctx != NULL && cm->line != m->line)
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + m->line,
		    m->column + 1, "YAML: %s %s (which starts on line %zu)",
		    what, ctx, yp->line0 + cm->line);
	else
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + m->line,
		    m->column + 1, "YAML: %s%s%s", what,
		    ctx != NULL ? " " : "", ctx != NULL ? ctx : "");
}

/*
 * Build the node that starts with event "ev" (already taken), reading
 * events up to its end.  Returns NULL after recording a diagnostic.
 */
static struct ynode *
parse_node(struct yparse *yp, yaml_event_t *ev, int depth)
{
	struct ynode	*n = NULL, *k, *first;
	struct strmap	 keys = STRMAP_INIT;
	yaml_event_t	 e;
	int		 end;

	if (depth > YTREE_MAX_DEPTH) {
		diag_add(yp->d, DIAG_ERROR, yp->file,
		    yp->line0 + ev->start_mark.line, ev->start_mark.column + 1,
		    "YAML nested more than %d levels deep", YTREE_MAX_DEPTH);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(yp, YN_SCALAR, &ev->start_mark);
		n->str = xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if (ev->data.scalar.anchor != NULL ||
		    (ev->data.scalar.tag != NULL && !ev->data.scalar.plain_implicit &&
		    !ev->data.scalar.quoted_implicit))
			goto unsupported;
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(yp, YN_SEQ, &ev->start_mark);
		if (ev->data.sequence_start.anchor != NULL)
			goto unsupported;
		end = YAML_SEQUENCE_END_EVENT;
		break;
	case YAML_MAPPING_START_EVENT:
		n = node_new(yp, YN_MAP, &ev->start_mark);
		if (ev->data.mapping_start.anchor != NULL)
			goto unsupported;
		end = YAML_MAPPING_END_EVENT;
		break;
	case YAML_ALIAS_EVENT:
		diag_add(yp->d, DIAG_ERROR, yp->file,
		    yp->line0 + ev->start_mark.line, ev->start_mark.column + 1,
		    "YAML aliases (*name) are not supported");
		return NULL;
	default:
		diag_add(yp->d, DIAG_ERROR, yp->file,
		    yp->line0 + ev->start_mark.line, ev->start_mark.column + 1,
		    "unexpected YAML event");
		return NULL;
	}
	for (;;) {
		if (!yaml_parser_parse(&yp->p, &e)) {
			parse_error(yp);
			goto fail;
		}
		if ((int)e.type == end) {
			yaml_event_delete(&e);
			break;
		}
		k = parse_node(yp, &e, depth + 1);
		yaml_event_delete(&e);
		if (k == NULL)
			goto fail;
		if (n->kind == YN_MAP && n->nkids % 2 == 0) {
			if (k->kind != YN_SCALAR) {
				diag_add(yp->d, DIAG_ERROR, yp->file, k->line,
				    k->col, "mapping keys must be plain words");
				ytree_free(k);
				goto fail;
			}
			/* A set of the keys: one look-up a key, not a walk. */
			if ((first = strmap_put(&keys, k->str, k)) != NULL) {
				diag_add(yp->d, DIAG_ERROR, yp->file,
				    k->line, k->col, "duplicate key '%s' "
				    "(first given on line %zu)", k->str,
				    first->line);
				ytree_free(k);
				goto fail;
			}
		}
		kid_add(n, k);
	}
	strmap_free(&keys);
	return n;
unsupported:
	diag_add(yp->d, DIAG_ERROR, yp->file, n->line, n->col,
	    "YAML anchors and tags are not supported");
fail:
	strmap_free(&keys);
	ytree_free(n);
	return NULL;
}

int
ytree_parse(struct diag *d, const char *file, size_t line0, const char *src,
    size_t len, struct ynode **out)
{
	struct yparse	 yp;
	yaml_event_t	 e;
	struct ynode	*root = NULL;
	int		 rc = -1, done = 0;

	*out = NULL;
	memset(&yp, 0, sizeof(yp));
	yp.d = d;
	yp.file = file;
	yp.line0 = line0;
	yp.src = src;
	yp.len = len;
	if (!yaml_parser_initialize(&yp.p))
		errx(2, "out of memory");
	yaml_parser_set_input_string(&yp.p, (const unsigned char *)src, len);
	yaml_parser_set_encoding(&yp.p, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&yp.p, &e)) {
			parse_error(&yp);
			goto out;
		}
		switch (e.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (root != NULL) {
				diag_add(d, DIAG_ERROR, file,
				    line0 + e.start_mark.line, 0,
				    "more than one YAML document");
				yaml_event_delete(&e);
				goto out;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			if (root != NULL) {
				yaml_event_delete(&e);
				goto out;
			}
			if ((root = parse_node(&yp, &e, 0)) == NULL) {
				yaml_event_delete(&e);
				goto out;
			}
			break;
		}
		yaml_event_delete(&e);
	}
	*out = root;
	root = NULL;
	rc = 0;
out:
	ytree_free(root);
	yaml_parser_delete(&yp.p);
	return rc;
}

void
ytree_free(struct ynode *n)
{
	size_t	 i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ytree_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

int
ynode_is_null(const struct ynode *n)
{
	return n == NULL || (n->kind == YN_SCALAR && n->plain &&
	    (n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0));
}

const char *
ynode_kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case YN_SEQ:
		return "a list";
	case YN_MAP:
		return "a mapping";
	default:
		return "a single value";
	}
}
