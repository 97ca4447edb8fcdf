/*
 * pubstate.c: a version's publication state from its text (see
 * pubstate.h).
 */
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "pubstate.h"
#include "yamltree.h"

/* Front matter keys that are review details, not the document's text. */
static const char *const review_keys[] = {
	"last_reviewed", "review_date", "owner", NULL
};

static int
is_review_key(const char *k)
{
	size_t	 i;

	for (i = 0; review_keys[i] != NULL; i++)
		if (strcmp(k, review_keys[i]) == 0)
			return 1;
	return 0;
}

/* Node n in a canonical form: kind, length and bytes of each scalar. */
static void
put_node(struct buf *b, const struct ynode *n)
{
	size_t	 i;

	if (n == NULL) {
		buf_putc(b, '~');
		return;
	}
	switch (n->kind) {
	case YN_SCALAR:
		buf_printf(b, "%c%zu:", n->plain ? 's' : 'q', n->len);
		buf_put(b, n->str, n->len);
		break;
	case YN_SEQ:
	case YN_MAP:
		buf_printf(b, "%c%zu[", n->kind == YN_SEQ ? 'l' : 'm',
		    n->nkids);
		for (i = 0; i < n->nkids; i++)
			put_node(b, n->kids[i]);
		buf_putc(b, ']');
		break;
	}
}

static enum pub_status
status_of(const struct ynode *v)
{
	if (v == NULL || v->kind != YN_SCALAR)
		return PUB_CURRENT;
	if (strcmp(v->str, "draft") == 0)
		return PUB_DRAFT;
	if (strcmp(v->str, "superseded") == 0)
		return PUB_SUPERSEDED;
	if (strcmp(v->str, "withdrawn") == 0)
		return PUB_WITHDRAWN;
	return PUB_CURRENT;
}

void
pubstate_read(const char *text, size_t len, struct pubstate *out)
{
	struct buf		 lf = BUF_INIT;
	struct diag		 scratch;
	struct fm_split		 sp;
	struct ynode		*root = NULL;
	const struct ynode	*k, *v;
	size_t			 i;

	out->status = PUB_CURRENT;
	buf_reset(&out->superseded_by);
	buf_reset(&out->text);
	buf_reset(&out->review);
	/* As readfile.c reads documents: no BOM, CRLF and CR are LF. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (memchr(text, '\r', len) != NULL) {
		size_t	 j;

		for (j = 0; j < len; j++)
			if (text[j] != '\r')
				buf_putc(&lf, text[j]);
			else if (j + 1 == len || text[j + 1] != '\n')
				buf_putc(&lf, '\n');
		text = lf.data;
		len = lf.len;
	}
	diag_init(&scratch);
	if (fm_split(&scratch, "", text, len, &sp) == -1 ||
	    ytree_parse(&scratch, "", sp.yaml_line, sp.yaml, sp.yaml_len,
	    &root) == -1 || (root != NULL && root->kind != YN_MAP)) {
		buf_put(&out->text, text, len);
		goto out;
	}
	for (i = 0; root != NULL && i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (k->kind != YN_SCALAR) {
			put_node(&out->text, k);
			put_node(&out->text, v);
			continue;
		}
		if (strcmp(k->str, "status") == 0)
			out->status = status_of(v);
		else if (strcmp(k->str, "superseded_by") == 0 &&
		    v != NULL && v->kind == YN_SCALAR)
			buf_put(&out->superseded_by, v->str, v->len);
		put_node(is_review_key(k->str) ? &out->review : &out->text,
		    k);
		put_node(is_review_key(k->str) ? &out->review : &out->text,
		    v);
	}
	buf_putc(&out->text, '\n');
	buf_put(&out->text, sp.body, sp.body_len);
out:
	ytree_free(root);
	diag_free(&scratch);
	buf_free(&lf);
}

int
pubstate_is_review(const struct pubstate *a, const struct pubstate *b)
{
	return a->text.len == b->text.len &&
	    memcmp(a->text.data, b->text.data, a->text.len) == 0 &&
	    (a->review.len != b->review.len ||
	    memcmp(a->review.data, b->review.data, a->review.len) != 0);
}

void
pubstate_free(struct pubstate *p)
{
	buf_free(&p->superseded_by);
	buf_free(&p->text);
	buf_free(&p->review);
}
