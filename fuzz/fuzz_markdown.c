/*
 * fuzz_markdown.c: libFuzzer target for the Markdown stage: the scan
 * and render passes of links.c over markdown.c (cmark-gfm, heading
 * anchors, link rewriting, mention mark-up with the matcher).
 *
 * The input is the body of one document, procedures/fuzz.md, of a small
 * site held in memory: an agencies document and a glossary (so that
 * names and acronyms are marked up), a procedure that links to the
 * fuzzed one and its headings, and a superseded memorandum.  Bodies come
 * from the loader NUL-free, valid UTF-8 and with LF line ends, so inputs
 * text_check() refuses are dropped and CRs become LFs.  The site folder
 * is a temporary directory made once, holding the files links may point
 * at (an image, a PDF, a hidden file, a symbolic link out of the site).
 *
 * links_scan() keeps its results in the site (the name matcher, each
 * document's links, mentions and backlinks, the assets), so the site is
 * built afresh for every input, as content_load() and index_build()
 * would build it, and freed after: nothing outlives a run.  Only the
 * front matter trees are parsed once, in LLVMFuzzerInitialize().
 *
 * A body with lists or quotes nested deeper than MD_MAX_NESTING on one
 * line is emptied, as content_load() empties it.  The body's plain text
 * for the search index (md_plain) is taken too.  Then the fuzzed body is
 * rendered twice, as render.c does it (links_render_begin, md_process,
 * links_render_end): safe, and with raw HTML allowed.  Checked: the headings and anchors of the render
 * pass are those of the scan pass (links to "#anchor" are checked
 * against the scan, the page gets the render's ids); anchors are unique;
 * the safe HTML holds no script element and no javascript: link.
 *
 * FOLIO_FUZZ_SKIP=anchors in the environment turns the comparison of
 * anchors off (not their count), to fuzz on past a known mismatch while
 * it is being fixed (fuzz/README.md, "Known findings").
 */
#include <sys/stat.h>

#include <err.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../src/buf.h"
#include "../src/date.h"
#include "../src/diag.h"
#include "../src/frontmatter.h"
#include "../src/index.h"
#include "../src/links.h"
#include "../src/markdown.h"
#include "../src/readfile.h"
#include "../src/site.h"
#include "../src/slug.h"
#include "../src/strmap.h"
#include "../src/util.h"
#include "../src/yamltree.h"
#include "fuzz.h"

/* The documents, sorted by relpath as content_load() leaves them. */
static const struct {
	const char	*relpath;
	const char	*text;
} sources[] = {
	{ "agencies.md",
"---\n"
"title: Relevant agencies\n"
"type: agencies\n"
"agencies:\n"
"  - name: Cleveland Police\n"
"    aliases: [CP, the police]\n"
"    sector: Police\n"
"    statutory_basis: Safeguarding partner\n"
"  - name: NSPCC\n"
"    sector: Voluntary sector\n"
"    statutory_basis: Relevant agency\n"
"    website: https://www.nspcc.org.uk/\n"
"  - name: Children's Services\n"
"    sector: Local authority\n"
"    statutory_basis: Safeguarding partner\n"
"  - name: Caf\xC3\xA9 Network\n"
"    sector: Voluntary sector\n"
"    statutory_basis: Relevant agency\n"
"  - name: Police\n"
"    sector: Police\n"
"    statutory_basis: Relevant agency\n"
"---\n"
"The agencies named in the arrangements.\n" },
	{ "glossary.md",
"---\n"
"title: Glossary\n"
"type: glossary\n"
"terms:\n"
"  - term: MARAC\n"
"    expansion: Multi-Agency Risk Assessment Conference\n"
"    definition: A meeting.\n"
"  - term: DA\n"
"    expansion: Domestic abuse\n"
"  - term: Child Protection Plan\n"
"    expansion: A plan made at a child protection conference\n"
"  - term: LSCB\n"
"    expansion: Local Safeguarding Children Board\n"
"---\n"
"Terms used on this site.\n" },
	{ "mou/old-protocol.md",
"---\n"
"title: Old protocol\n"
"owner: Board manager\n"
"review_date: 2020-01-01\n"
"status: superseded\n"
"superseded_by: escalation\n"
"---\n"
"Replaced by [the escalation procedure](doc:escalation).\n" },
	{ "procedures/escalation.md",
"---\n"
"title: Escalation\n"
"owner: Partnership manager\n"
"review_date: 2025-06-30\n"
"related: [fuzz]\n"
"---\n"
"# Escalation\n"
"\n"
"Read [the procedure](fuzz.md), [its start](fuzz.md#intro) and\n"
"[](doc:fuzz#details); see [the protocol](../mou/old-protocol.md).\n"
"Ask Cleveland Police, the NSPCC or Children\xE2\x80\x99s Services before a\n"
"MARAC.  ![Flow](flow.png) [Report](../files/report.pdf)\n" },
	{ "procedures/fuzz.md",
"---\n"
"title: Fuzzed procedure\n"
"id: fuzz\n"
"owner: Partnership manager\n"
"review_date: 2025-01-31\n"
"related: [escalation, old-protocol]\n"
"aliases: [/old/fuzz/]\n"
"---\n" },
};
#define NSOURCES	NELEM(sources)
#define FUZZED		(NSOURCES - 1)	/* whose body is the input */

/* Files under the site folder, for links to resolve to. */
static const char *const dirs[] = { "files", "mou", "procedures",
    "procedures/sub" };
static const char *const files[] = { "site.yaml", "files/report.pdf",
    "files/My Report.pdf", "files/.hidden.pdf", "procedures/flow.png" };

static char		 srcdir[] = "/tmp/folio-fuzz-XXXXXX";
static struct ynode	*roots[NSOURCES];
static const char	*bodies[NSOURCES];
static size_t		 bodylens[NSOURCES], bodylines[NSOURCES];
static int		 skip_anchors;	/* FOLIO_FUZZ_SKIP=anchors */

static void
cleanup(void)
{
	struct buf	 p = BUF_INIT;
	size_t		 i;

	for (i = 0; i < NSOURCES; i++)
		ytree_free(roots[i]);
	for (i = 0; i < NELEM(files); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", srcdir, files[i]);
		(void)unlink(p.data);
	}
	buf_reset(&p);
	buf_printf(&p, "%s/procedures/outside.png", srcdir);
	(void)unlink(p.data);
	for (i = NELEM(dirs); i > 0; i--) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", srcdir, dirs[i - 1]);
		(void)rmdir(p.data);
	}
	(void)rmdir(srcdir);
	buf_free(&p);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag	 d;
	struct fm_split	 sp;
	struct buf	 p = BUF_INIT;
	FILE		*f;
	size_t		 i;

	(void)argc;
	(void)argv;
	skip_anchors = getenv("FOLIO_FUZZ_SKIP") != NULL &&
	    strstr(getenv("FOLIO_FUZZ_SKIP"), "anchors") != NULL;
	md_init();
	if (mkdtemp(srcdir) == NULL)
		err(2, "mkdtemp");
	atexit(cleanup);
	for (i = 0; i < NELEM(dirs); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", srcdir, dirs[i]);
		if (mkdir(p.data, 0755) == -1)
			err(2, "%s", p.data);
	}
	for (i = 0; i < NELEM(files); i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/%s", srcdir, files[i]);
		if ((f = fopen(p.data, "w")) == NULL)
			err(2, "%s", p.data);
		fputs("x\n", f);
		fclose(f);
	}
	buf_reset(&p);
	buf_printf(&p, "%s/procedures/outside.png", srcdir);
	if (symlink("/etc/hostname", p.data) == -1)
		err(2, "%s", p.data);
	buf_free(&p);

	diag_init(&d);
	for (i = 0; i < NSOURCES; i++) {
		if (fm_split(&d, sources[i].relpath, sources[i].text,
		    strlen(sources[i].text), &sp) == -1 ||
		    ytree_parse(&d, sources[i].relpath, sp.yaml_line, sp.yaml,
		    sp.yaml_len, &roots[i]) == -1)
			errx(2, "%s: bad fixture", sources[i].relpath);
		bodies[i] = sp.body;
		bodylens[i] = sp.body_len;
		bodylines[i] = sp.body_line;
	}
	FUZZ_CHECK(d.n == 0);
	diag_free(&d);
	return 0;
}

/* Build one document as load_doc() does, with the given body. */
static struct doc *
make_doc(struct diag *d, size_t i, const char *body, size_t len)
{
	struct doc	*doc = xcalloc(1, sizeof(*doc));
	struct buf	 b = BUF_INIT;
	const char	*rel = sources[i].relpath, *slash, *base;
	int		 ftype = -1;

	buf_printf(&b, "site/%s", rel);
	doc->path = buf_detach(&b);
	doc->relpath = xstrdup(rel);
	if ((slash = strchr(rel, '/')) != NULL) {
		doc->section = xstrndup(rel, (size_t)(slash - rel));
		ftype = doc_type_from_folder(doc->section);
	}
	FUZZ_CHECK(fm_apply(d, doc, roots[i], ftype) == 0);
	if (doc->id == NULL) {
		base = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
		slug_id_from_file(&b, base);
		doc->id = buf_detach(&b);
	}
	doc->body = xstrndup(body, len);
	doc->body_len = len;
	doc->body_line = bodylines[i];
	return doc;
}

static void
site_build(struct diag *d, struct site *s, const char *body, size_t len)
{
	const char	*why;
	size_t		 i;

	memset(s, 0, sizeof(*s));
	s->cfg.title = xstrdup("Fuzz Partnership");
	s->cfg.base_url = xstrdup("https://fuzz.example.org/folio/");
	s->cfg.base_path = xstrdup("/folio/");
	s->cfg.theme = xstrdup("default");
	s->cfg.warn_days = 60;
	s->cfg.show_authors = 1;
	s->srcdir = srcdir;
	FUZZ_CHECK(date_today("2024-01-31", &s->today, &why) == 0);
	s->docsz = NSOURCES;
	s->docs = xreallocarray(NULL, s->docsz, sizeof(*s->docs));
	for (i = 0; i < NSOURCES; i++)
		s->docs[s->ndocs++] = i == FUZZED ?
		    make_doc(d, i, body, len) :
		    make_doc(d, i, bodies[i], bodylens[i]);
	FUZZ_CHECK(index_build(d, s, 0) == 0);
	FUZZ_CHECK(s->agencies != NULL && s->glossary != NULL);
}

static int
has_nocase(const char *s, const char *pat)
{
	size_t	 n = strlen(pat);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, pat, n) == 0)
			return 1;
	return 0;
}

/* Render the fuzzed document; compare with what the scan pass found. */
static void
render(const struct site *s, struct doc *doc, int allow_html)
{
	struct link_render	*r;
	struct md_opts		 o;
	struct heading		*hs = NULL;
	struct strmap		 seen = STRMAP_INIT;
	struct buf		 out = BUF_INIT;
	size_t			 nhs = 0, i;

	r = links_render_begin(s, doc, &o);
	o.allow_html = allow_html;
	FUZZ_CHECK(md_process(&o, doc->body, doc->body_len, doc->body_line,
	    &out, &hs, &nhs) == 0);
	links_render_end(r);

	FUZZ_CHECK(strlen(out.data) == out.len);
	FUZZ_CHECK(nhs == doc->scan.nheadings);
	for (i = 0; i < nhs; i++) {
		FUZZ_CHECK(hs[i].level >= 1 && hs[i].level <= 6);
		FUZZ_CHECK(hs[i].anchor[0] != '\0');
		FUZZ_CHECK(strmap_put(&seen, hs[i].anchor, &hs[i]) == NULL);
		if (!skip_anchors)
			FUZZ_CHECK(strcmp(hs[i].anchor,
			    doc->scan.headings[i].anchor) == 0);
	}
	if (!allow_html) {
		FUZZ_CHECK(!has_nocase(out.data, "<script"));
		FUZZ_CHECK(!has_nocase(out.data, "href=\"javascript:"));
		FUZZ_CHECK(!has_nocase(out.data, "src=\"javascript:"));
	}
	strmap_free(&seen);
	headings_free(hs, nhs);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site	 s;
	struct diag	 d;
	struct buf	 body = BUF_INIT, plain = BUF_INIT;
	const char	*why;
	char		*line;
	size_t		 ln, col, i;

	if (text_check((const char *)data, size, &ln, &col, &why) == -1)
		return 0;
	/* The loader turns CRLF and lone CR into LF. */
	for (i = 0; i < size; i++) {
		if (data[i] == '\r') {
			buf_putc(&body, '\n');
			if (i + 1 < size && data[i + 1] == '\n')
				i++;
		} else
			buf_putc(&body, data[i]);
	}

	/* The loader keeps the metadata of a too deep body, not the body. */
	if (md_too_deep(body.data, body.len) != 0)
		buf_truncate(&body, 0);
	md_plain(body.data, body.len, &plain);
	FUZZ_CHECK(strlen(plain.data) == plain.len);
	FUZZ_CHECK(plain.len == 0 || plain.data[plain.len - 1] != ' ');
	buf_free(&plain);

	diag_init(&d);
	site_build(&d, &s, body.data, body.len);
	(void)links_scan(&d, &s);
	render(&s, s.docs[FUZZED], 0);
	render(&s, s.docs[FUZZED], 1);

	diag_sort(&d);
	for (i = 0; i < d.n; i++) {
		line = diag_format(&d.v[i]);
		FUZZ_CHECK(line[0] != '\0');
		free(line);
	}
	s.srcdir = NULL;
	site_free(&s);
	diag_free(&d);
	buf_free(&body);
	return 0;
}
