/*
 * fuzz_frontmatter.c: libFuzzer target for the load stage of one
 * document: text_check(), fm_split(), ytree_parse() and fm_apply(), or
 * fm_recover() when the YAML fails.
 *
 * The input is a whole .md file.  It is first normalised as
 * read_text_file() does (byte-order mark dropped, CRLF and CR to LF),
 * because fm_split() expects that, and inputs text_check() refuses stop
 * there, as they stop the loader.  The folder type handed to fm_apply()
 * is taken from the input's length, so that every type (and "no folder")
 * is tried without spending input bytes on it.
 *
 * Checked: each failing call records an error; a document fm_apply()
 * accepts has what the content model requires; the body's line number
 * matches its place in the text; every diagnostic points at a line of
 * the file and can be formatted.
 */
#include <string.h>

#include "../src/buf.h"
#include "../src/date.h"
#include "../src/diag.h"
#include "../src/frontmatter.h"
#include "../src/readfile.h"
#include "../src/site.h"
#include "../src/util.h"
#include "../src/yamltree.h"
#include "fuzz.h"

#define PATH	"content/procedures/fuzz.md"

/* As read_text_file(): drop a UTF-8 BOM; CRLF and lone CR become LF. */
static void
normalise(struct buf *out, const uint8_t *data, size_t size)
{
	size_t	 i = 0;

	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < size; i++) {
		if (data[i] == '\r') {
			buf_putc(out, '\n');
			if (i + 1 < size && data[i + 1] == '\n')
				i++;
		} else
			buf_putc(out, data[i]);
	}
}

static size_t
count_lines(const char *s, size_t len)
{
	size_t	 i, n = 1;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n;
}

static int
clean_text(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
			return 0;
	return 1;
}

/* What fm_apply() promises of a document it accepted. */
static void
check_doc(const struct doc *doc)
{
	size_t	 i;

	FUZZ_CHECK(doc->title != NULL && doc->title[0] != '\0');
	FUZZ_CHECK(clean_text(doc->title) && clean_text(doc->summary) &&
	    clean_text(doc->owner));
	FUZZ_CHECK((unsigned)doc->type < DT__MAX);
	if (doc_type_reviewable(doc->type))
		FUZZ_CHECK(doc->owner != NULL && date_isset(&doc->review_date));
	if (doc->superseded_by != NULL)
		FUZZ_CHECK(doc->status == ST_SUPERSEDED);
	if (doc->nagencies > 0)
		FUZZ_CHECK(doc->type == DT_AGENCIES);
	if (doc->nterms > 0)
		FUZZ_CHECK(doc->type == DT_GLOSSARY);
	for (i = 0; i < doc->nagencies; i++)
		FUZZ_CHECK(doc->agencies[i].name != NULL &&
		    doc->agencies[i].sector != NULL &&
		    doc->agencies[i].statutory_basis != NULL);
	for (i = 0; i < doc->nterms; i++)
		FUZZ_CHECK(doc->terms[i].term != NULL &&
		    doc->terms[i].expansion != NULL);
	for (i = 0; i < doc->nrelated; i++)
		FUZZ_CHECK(doc->related[i] != NULL);
	if (date_isset(&doc->approved))
		FUZZ_CHECK(date_valid(doc->approved.y, doc->approved.m,
		    doc->approved.d));
	if (doc->id != NULL)
		FUZZ_CHECK(doc->id[0] != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag	 d;
	struct buf	 text = BUF_INIT;
	struct fm_split	 sp;
	struct ynode	*root = NULL;
	struct doc	*doc;
	const char	*why;
	char		*line;
	size_t		 ln, col, nlines, i, nerr;
	int		 ftype, rc;

	normalise(&text, data, size);
	if (text_check(text.data, text.len, &ln, &col, &why) == -1) {
		FUZZ_CHECK(ln >= 1 && col >= 1 && why != NULL);
		buf_free(&text);
		return 0;
	}
	nlines = count_lines(text.data, text.len);
	diag_init(&d);

	if (fm_split(&d, PATH, text.data, text.len, &sp) == -1) {
		FUZZ_CHECK(d.nerrors == 1);
		goto out;
	}
	/* The opening "---" line may carry trailing blanks. */
	FUZZ_CHECK(sp.yaml == (char *)memchr(text.data, '\n', text.len) + 1);
	FUZZ_CHECK(sp.yaml_line == 2);
	FUZZ_CHECK(sp.yaml + sp.yaml_len <= sp.body);
	FUZZ_CHECK(sp.body + sp.body_len == text.data + text.len);
	if (sp.body_len > 0)
		FUZZ_CHECK(sp.body_line ==
		    count_lines(text.data, (size_t)(sp.body - text.data)));

	ftype = (int)(size % (DT__MAX + 1)) - 1;	/* -1: no folder */
	if (ytree_parse(&d, PATH, sp.yaml_line, sp.yaml, sp.yaml_len,
	    &root) == -1) {
		FUZZ_CHECK(d.nerrors > 0 && root == NULL);
		/* The file's other errors, as the loader reports them. */
		nerr = d.nerrors;
		fm_recover(&d, PATH, "x.md", &sp, ftype);
		FUZZ_CHECK(d.nerrors >= nerr);
		goto out;
	}

	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(PATH);
	nerr = d.nerrors;
	rc = fm_apply(&d, doc, root, ftype);
	if (rc == -1)
		FUZZ_CHECK(d.nerrors > nerr);
	else {
		FUZZ_CHECK(rc == 0 && d.nerrors == nerr);
		check_doc(doc);
	}
	doc_free(doc);

out:
	/* Diagnostics name a line of the file, and print. */
	diag_sort(&d);
	for (i = 0; i < d.n; i++) {
		FUZZ_CHECK(d.v[i].line <= nlines);
		line = diag_format(&d.v[i]);
		FUZZ_CHECK(line != NULL && line[0] != '\0');
		free(line);
	}
	ytree_free(root);
	diag_free(&d);
	buf_free(&text);
	return 0;
}
