/*
 * yamltree.c: libyaml's event stream folded into a tree (see yamltree.h).
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
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

static void
parse_error(struct yparse *yp)
{
	const yaml_mark_t	*m = &yp->p.problem_mark;
	const char		*what;

	what = yp->p.problem != NULL ? yp->p.problem : "syntax error";
	if (yp->p.error == YAML_READER_ERROR) {
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0, 0,
		    "front matter is not valid UTF-8 text (%s at byte %zu)",
		    what, yp->p.problem_offset);
		return;
	}
	if (m->index < yp->len && yp->src[m->index] == '\t')
		what = "found a tab character: indent YAML with spaces";
	if (yp->p.context != NULL &&
	    yp->p.context_mark.line != m->line)
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + m->line,
		    m->column + 1, "YAML: %s %s (which starts on line %zu)",
		    what, yp->p.context,
		    yp->line0 + yp->p.context_mark.line);
	else
		diag_add(yp->d, DIAG_ERROR, yp->file, yp->line0 + m->line,
		    m->column + 1, "YAML: %s%s%s", what,
		    yp->p.context != NULL ? " " : "",
		    yp->p.context != NULL ? yp->p.context : "");
}

/*
 * Build the node that starts with event "ev" (already taken), reading
 * events up to its end.  Returns NULL after recording a diagnostic.
 */
static struct ynode *
parse_node(struct yparse *yp, yaml_event_t *ev, int depth)
{
	struct ynode	*n = NULL, *k;
	yaml_event_t	 e;
	size_t		 i;
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
			for (i = 0; i < n->nkids; i += 2)
				if (strcmp(n->kids[i]->str, k->str) == 0) {
					diag_add(yp->d, DIAG_ERROR, yp->file,
					    k->line, k->col, "duplicate key '%s' "
					    "(first given on line %zu)", k->str,
					    n->kids[i]->line);
					ytree_free(k);
					goto fail;
				}
		}
		kid_add(n, k);
	}
	return n;
unsupported:
	diag_add(yp->d, DIAG_ERROR, yp->file, n->line, n->col,
	    "YAML anchors and tags are not supported");
fail:
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
