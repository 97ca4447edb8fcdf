/*
 * import.c: folio import (see import.h).
 *
 * pandoc does the reading; folio runs it three times: once for the
 * title, once for the Markdown (run in the document's folder, so that
 * the images it extracts are linked by relative paths), and once for
 * pandoc's own tree of the document (tracked changes and comments kept
 * as marks), in which what the Markdown loses is found: merged cells,
 * comments, tracked changes.  Text boxes are looked for in the .docx
 * itself (with unzip, when there is one).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "escape.h"
#include "frontmatter.h"
#include "history.h"
#include "import.h"
#include "markdown.h"
#include "newdoc.h"
#include "site.h"
#include "slug.h"
#include "util.h"

/* Separates pandoc's title from its body in the first two runs. */
#define BODY_MARK	"@@folio-import-body@@"

/* The types, and the folder each lives in (as folio new has them). */
static const struct {
	const char	*type;
	const char	*folder;	/* NULL: the top of the site */
	int		 reviewed;	/* owner and review dates */
} kinds[] = {
	{ "arrangement", "arrangements", 1 },
	{ "procedure", "procedures", 1 },
	{ "mou", "mou", 1 },
	{ "annual-report", "annual-reports", 0 },
	{ "minutes", "minutes", 0 },
	{ "page", NULL, 0 },
};

struct	import {
	const char	*file;		/* the .docx, absolute */
	const char	*type;
	const char	*out;		/* -o, or NULL */
	const char	*srcdir;
	const char	*today;
	char		 tmpdir[PATH_MAX];
	struct buf	 tpl;		/* the template's path */
	struct buf	 path;		/* the new document */
	struct buf	 title;
	struct buf	 body;
	struct diag	 d;		/* what could not be carried over */
	size_t		 body_line;	/* file line of the body's first */
	int		 head_taken;	/* the first heading became the title */
};

/*
 * Run argv (a program on PATH) in folder "cwd" (NULL: here), its
 * standard output appended to "out"; its standard error is ours.
 * Returns its exit status, or -1 if it could not be started.
 */
static int
run(const char *cwd, char *const argv[], struct buf *out)
{
	char	 chunk[65536];
	ssize_t	 n;
	pid_t	 pid;
	int	 fd[2], st;

	if (pipe(fd) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) {
		close(fd[0]);
		if ((cwd != NULL && chdir(cwd) == -1) ||
		    dup2(fd[1], STDOUT_FILENO) == -1)
			_exit(126);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		buf_put(out, chunk, (size_t)n);
	}
	close(fd[0]);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
		return -1;
	return WEXITSTATUS(st);
}

/* pandoc's Markdown of the document: title into im->title, the body. */
static int
convert(struct import *im, const char *cwd, const char *media,
    struct buf *body)
{
	struct buf	 out = BUF_INIT, tplarg = BUF_INIT, mediarg = BUF_INIT;
	const char	*mark;
	char		*argv[10];
	size_t		 n = 0;
	int		 rc;

	buf_printf(&tplarg, "--template=%s", im->tpl.data);
	argv[n++] = (char *)"pandoc";
	argv[n++] = (char *)"-f";
	argv[n++] = (char *)"docx";
	argv[n++] = (char *)"-t";
	argv[n++] = (char *)"gfm";
	argv[n++] = (char *)"--wrap=none";
	argv[n++] = tplarg.data;
	if (media != NULL) {
		buf_printf(&mediarg, "--extract-media=%s", media);
		argv[n++] = mediarg.data;
	}
	argv[n++] = (char *)im->file;
	argv[n] = NULL;
	rc = run(cwd, argv, &out);
	buf_free(&tplarg);
	buf_free(&mediarg);
	if (rc != 0 || (mark = strstr(out.data, BODY_MARK "\n")) == NULL) {
		if (rc == -1)
			fprintf(stderr, "folio: import: pandoc could not be run: "
			    "install it (Debian: apt-get install pandoc)\n");
		else
			fprintf(stderr, "folio: import: %s: pandoc could not "
			    "read it as a Word document\n", im->file);
		buf_free(&out);
		return -1;
	}
	buf_reset(&im->title);
	buf_put(&im->title, out.data, (size_t)(mark - out.data));
	while (im->title.len > 0 && (im->title.data[im->title.len - 1] ==
	    '\n' || im->title.data[im->title.len - 1] == ' '))
		buf_truncate(&im->title, im->title.len - 1);
	buf_reset(body);
	buf_puts(body, mark + strlen(BODY_MARK) + 1);
	buf_free(&out);
	return 0;
}

/*
 * The body's first "# " heading as the title when Word gave none; it is
 * then taken out of the body (the page shows the title itself).  A body
 * whose headings start at "#" gets them one level down, so the title is
 * the page's one top heading.
 */
static void
title_and_headings(struct import *im, int take_first)
{
	struct buf	 out = BUF_INIT;
	const char	*p = im->body.data, *q, *end = p + im->body.len;
	int		 fence = 0, taken = !take_first, h1 = 0;

	for (q = p; q < end; q = strchr(q, '\n') != NULL ? strchr(q, '\n') +
	    1 : end)
		if (strncmp(q, "# ", 2) == 0)
			h1++;
	/* The one taken for the title does not count. */
	if (take_first && h1 > 0)
		h1--;
	for (; p < end; p = q) {
		q = memchr(p, '\n', (size_t)(end - p));
		q = q != NULL ? q + 1 : end;
		if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0)
			fence = !fence;
		if (!fence && !taken && strncmp(p, "# ", 2) == 0) {
			buf_reset(&im->title);
			buf_put(&im->title, p + 2, (size_t)(q - p - 2));
			while (im->title.len > 0 &&
			    im->title.data[im->title.len - 1] == '\n')
				buf_truncate(&im->title, im->title.len - 1);
			taken = 1;
			im->head_taken = 1;
			/* and the blank line after it */
			if (q < end && *q == '\n')
				q++;
			continue;
		}
		if (!fence && h1 && *p == '#' && strspn(p, "#") < 6)
			buf_putc(&out, '#');
		buf_put(&out, p, (size_t)(q - p));
	}
	buf_free(&im->body);
	im->body = out;
}

/*
 * pandoc writes an image with a size as an HTML <img>, which folio does
 * not publish: back to Markdown, ![alt](src).
 */
static void
markdown_images(struct buf *body)
{
	struct buf	 out = BUF_INIT;
	const char	*p = body->data, *img, *end, *src, *alt, *q;
	size_t		 srclen, altlen;

	while ((img = strstr(p, "<img ")) != NULL) {
		end = strchr(img, '>');
		src = strstr(img, " src=\"");
		alt = strstr(img, " alt=\"");
		if (end == NULL || src == NULL || src > end) {
			buf_put(&out, p, (size_t)(img - p) + 5);
			p = img + 5;
			continue;
		}
		src += 6;
		srclen = (q = strchr(src, '"')) != NULL ? (size_t)(q - src) : 0;
		altlen = 0;
		if (alt != NULL && alt < end) {
			alt += 6;
			altlen = (q = strchr(alt, '"')) != NULL ?
			    (size_t)(q - alt) : 0;
		}
		buf_put(&out, p, (size_t)(img - p));
		BUF_PUTSL(&out, "![");
		if (altlen > 0)
			buf_put(&out, alt, altlen);
		BUF_PUTSL(&out, "](");
		buf_put(&out, src, srclen);
		buf_putc(&out, ')');
		p = end + 1;
	}
	buf_puts(&out, p);
	buf_free(body);
	*body = out;
}

/*
 * The file lines (1-based, in the written document) of the body's
 * tables, in order, and of its headings, in order.
 */
static void
find_lines(const struct import *im, size_t **tables, size_t *ntables,
    size_t **heads, size_t *nheads)
{
	const char	*p = im->body.data, *q, *end = p + im->body.len;
	size_t		 line = im->body_line;
	int		 fence = 0, intable = 0;

	*tables = xcalloc(im->body.len + 1, sizeof(**tables));
	*heads = xcalloc(im->body.len + 1, sizeof(**heads));
	*ntables = *nheads = 0;
	for (; p < end; p = q, line++) {
		q = memchr(p, '\n', (size_t)(end - p));
		q = q != NULL ? q + 1 : end;
		if (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0)
			fence = !fence;
		if (fence)
			continue;
		if (*p == '#')
			(*heads)[(*nheads)++] = line;
		if (strncmp(p, "<table", 6) == 0)
			(*tables)[(*ntables)++] = line;
		else if (*p == '|' && !intable && q < end && *q == '|' &&
		    strstr(q, "---") != NULL && (memchr(q, '\n',
		    (size_t)(end - q)) == NULL || strstr(q, "---") <
		    (char *)memchr(q, '\n', (size_t)(end - q)))) {
			(*tables)[(*ntables)++] = line;
			intable = 1;
		}
		if (*p != '|')
			intable = 0;
	}
}

/* Whether native[a..b) holds a RowSpan or ColSpan other than 1. */
static int
has_merged(const char *a, const char *b)
{
	const char	*p;

	for (p = a; (p = strstr(p, "Span ")) != NULL && p < b; p += 5)
		if ((p - a >= 3 && (strncmp(p - 3, "Row", 3) == 0 ||
		    strncmp(p - 3, "Col", 3) == 0)) && strtol(p + 5, NULL, 10)
		    > 1)
			return 1;
	return 0;
}

/*
 * The next constructor "w" (Table, Header) in pandoc's native tree from
 * p on: an item of a list ("[ w" or ", w") followed by a space or a line
 * break, so that TableHead or a word of the text is not taken.
 */
static const char *
find_node(const char *p, const char *w)
{
	size_t	 n = strlen(w);

	for (; (p = strstr(p, w)) != NULL; p += n)
		if ((p[n] == ' ' || p[n] == '\n') && p[-1] == ' ' &&
		    (p[-2] == '[' || p[-2] == ','))
			return p;
	return NULL;
}

/* How many constructors w come before "end". */
static size_t
nodes_before(const char *native, const char *end, const char *w)
{
	const char	*p;
	size_t		 n = 0;

	for (p = native + 2; (p = find_node(p, w)) != NULL && p < end; p++)
		n++;
	return n;
}

/* How many times s occurs in native[0..end). */
static size_t
count_before(const char *native, const char *end, const char *s)
{
	const char	*p;
	size_t		 n = 0;

	for (p = native; (p = strstr(p, s)) != NULL && p < end; p += strlen(s))
		n++;
	return n;
}

/*
 * Record, at the heading it falls under, each occurrence in pandoc's tree
 * of a mark ("comment-start", "insertion", "deletion").
 */
static void
marks(struct import *im, const char *native, const size_t *heads,
    size_t nheads, const char *mark, const char *what)
{
	struct buf	 pat = BUF_INIT;
	const char	*p;
	size_t		 h, n = 0;

	buf_printf(&pat, "[ \"%s\" ]", mark);
	for (p = native; (p = strstr(p, pat.data)) != NULL; p += pat.len) {
		h = nodes_before(native, p, "Header");
		if (im->head_taken && h > 0)
			h--;	/* that heading is the title now */
		n++;
		diag_add(&im->d, DIAG_WARNING, im->path.data,
		    h > 0 && h <= nheads ? heads[h - 1] : im->body_line, 0,
		    "%s %zu in the Word document %s", what, n,
		    strcmp(mark, "comment-start") == 0 ? "is left out: "
		    "settle it and edit the text here" : "is taken as it "
		    "stands (changes accepted): check the text here");
	}
	buf_free(&pat);
}

/*
 * SHA-1 of s, in hex (FIPS 180-4): pandoc's Word writer names the
 * bookmark of a heading whose id is longer than 40 characters "X" and
 * the SHA-1 of the id less its first digit, and its reader keeps that
 * name in links while the heading gets its id back.
 */
static void
sha1_hex(const char *s, char hex[41])
{
	uint32_t	 h[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE,
			    0x10325476, 0xC3D2E1F0 }, w[80], a, b, c, d, e, t;
	size_t		 len = strlen(s), n, i, j;
	unsigned char	*m;
	uint64_t	 bits = (uint64_t)len * 8;

	n = ((len + 8) / 64 + 1) * 64;
	m = xcalloc(n, 1);
	memcpy(m, s, len);
	m[len] = 0x80;
	for (i = 0; i < 8; i++)
		m[n - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (i = 0; i < n; i += 64) {
		for (j = 0; j < 16; j++)
			w[j] = (uint32_t)m[i + 4 * j] << 24 |
			    (uint32_t)m[i + 4 * j + 1] << 16 |
			    (uint32_t)m[i + 4 * j + 2] << 8 | m[i + 4 * j + 3];
		for (j = 16; j < 80; j++) {
			t = w[j - 3] ^ w[j - 8] ^ w[j - 14] ^ w[j - 16];
			w[j] = t << 1 | t >> 31;
		}
		a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4];
		for (j = 0; j < 80; j++) {
			if (j < 20)
				t = ((b & c) | (~b & d)) + 0x5A827999;
			else if (j < 40)
				t = (b ^ c ^ d) + 0x6ED9EBA1;
			else if (j < 60)
				t = ((b & c) | (b & d) | (c & d)) + 0x8F1BBCDC;
			else
				t = (b ^ c ^ d) + 0xCA62C1D6;
			t += (a << 5 | a >> 27) + e + w[j];
			e = d;
			d = c;
			c = b << 30 | b >> 2;
			b = a;
			a = t;
		}
		h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
	}
	free(m);
	for (i = 0; i < 5; i++)
		snprintf(hex + 8 * i, 9, "%08x", (unsigned)h[i]);
}

/* The start of the line after the one at p (end if none). */
static const char *
next_line(const char *p, const char *end)
{
	const char	*q = memchr(p, '\n', (size_t)(end - p));

	return q != NULL ? q + 1 : end;
}

/* Replace every "](#from)" in body by "](#to)". */
static void
relink(struct buf *body, const char *from, const char *to)
{
	struct buf	 pat = BUF_INIT, out = BUF_INIT;
	const char	*p = body->data, *q;

	buf_printf(&pat, "](#%s)", from);
	while ((q = strstr(p, pat.data)) != NULL) {
		buf_put(&out, p, (size_t)(q - p));
		buf_printf(&out, "](#%s)", to);
		p = q + pat.len;
	}
	buf_puts(&out, p);
	buf_free(body);
	*body = out;
	buf_free(&pat);
}

/*
 * Links to Word's bookmarks on headings, which pandoc names after the
 * bookmark ("_Toc..." or "X" and a hash), made links to the anchors
 * folio gives those headings: the k-th heading of pandoc's tree is the
 * k-th of the body (less the one taken for the title).
 */
static void
fix_anchors(struct import *im, const char *native)
{
	struct buf	 text = BUF_INIT, anchor = BUF_INIT;
	const char	*p, *q, *b, *e, *end;
	char		*id, hex[41];
	size_t		 k = 0, want, seen;
	int		 fence;

	for (p = native + 2; (p = find_node(p, "Header")) != NULL; p += 6, k++) {
		q = p + 6;
		q += strspn(q, " \n");
		q += strspn(q, "0123456789");
		q += strspn(q, " \n");
		if (strncmp(q, "( \"", 3) != 0 || (e = strchr(q + 3, '"')) ==
		    NULL || e == q + 3)
			continue;
		if (im->head_taken && k == 0)
			continue;
		want = k - (im->head_taken ? 1 : 0);
		/* The body's heading number "want". */
		b = im->body.data;
		end = b + im->body.len;
		for (seen = 0, fence = 0; b < end; b = next_line(b, end)) {
			if (strncmp(b, "```", 3) == 0 || strncmp(b, "~~~", 3) == 0)
				fence = !fence;
			if (!fence && *b == '#' && seen++ == want)
				break;
		}
		if (b >= end)
			continue;
		b += strspn(b, "#");
		b += strspn(b, " ");
		buf_reset(&text);
		buf_put(&text, b, strcspn(b, "\n"));
		buf_reset(&anchor);
		slug_heading(&anchor, text.data, text.len);
		id = xstrndup(q + 3, (size_t)(e - q - 3));
		if (anchor.len > 0 && strcmp(id, anchor.data) != 0)
			relink(&im->body, id, anchor.data);
		if (anchor.len > 0 && strlen(id) > 40) {
			sha1_hex(id, hex);
			hex[0] = 'X';
			relink(&im->body, hex, anchor.data);
		}
		free(id);
	}
	buf_free(&text);
	buf_free(&anchor);
}

/* pandoc's tree of the document, marks of changes and comments kept. */
static int
native_tree(struct import *im, struct buf *native)
{
	char	*argv[8];

	argv[0] = (char *)"pandoc";
	argv[1] = (char *)"-f";
	argv[2] = (char *)"docx";
	argv[3] = (char *)"-t";
	argv[4] = (char *)"native";
	argv[5] = (char *)"--track-changes=all";
	argv[6] = (char *)im->file;
	argv[7] = NULL;
	return run(NULL, argv, native) == 0 ? 0 : -1;
}

/* What the Markdown could not carry over, with where it was. */
static void
losses(struct import *im, const struct buf *native)
{
	struct buf	 xml = BUF_INIT;
	char		*argv[8];
	const char	*p, *next;
	size_t		*tables, ntables, *heads, nheads, k = 0, nbox;

	find_lines(im, &tables, &ntables, &heads, &nheads);
	for (p = native->len > 2 ? find_node(native->data + 2, "Table") : NULL;
	    p != NULL; p = next, k++) {
		next = find_node(p + 5, "Table");
		if (has_merged(p, next != NULL ? next : native->data +
		    native->len))
			diag_add(&im->d, DIAG_WARNING, im->path.data,
			    k < ntables ? tables[k] : im->body_line, 0,
			    "table %zu has merged cells, which Markdown tables "
			    "cannot hold: the merged cell is written once and "
			    "the cells it covered are left empty; check the "
			    "table, or split it", k + 1);
	}
	marks(im, native->data, heads, nheads, "comment-start", "comment");
	marks(im, native->data, heads, nheads, "insertion",
	    "tracked insertion");
	marks(im, native->data, heads, nheads, "deletion", "tracked deletion");
	/* Text boxes: pandoc does not say; the .docx does. */
	argv[0] = (char *)"unzip";
	argv[1] = (char *)"-p";
	argv[2] = (char *)im->file;
	argv[3] = (char *)"word/document.xml";
	argv[4] = NULL;
	if (run(NULL, argv, &xml) == 0 &&
	    (nbox = count_before(xml.data, xml.data + xml.len,
	    "<w:txbxContent")) > 0)
		diag_add(&im->d, DIAG_WARNING, im->path.data, im->body_line, 0,
		    "the Word document has %zu text box%s, whose text may be "
		    "missing or out of place: check it", nbox,
		    nbox == 1 ? "" : "es");
	free(tables);
	free(heads);
	buf_free(&xml);
}

/* The front matter; sets im->body_line. */
static void
front_matter(struct import *im, struct buf *b, size_t kind,
    const struct config *cfg, const struct date *today)
{
	struct date	 due;
	const char	*p;

	BUF_PUTSL(b, "---\ntitle: ");
	yaml_quote(b, im->title.data);
	BUF_PUTSL(b, "\n");
	if (im->type != NULL)
		buf_printf(b, "type: %s\n", im->type);
	BUF_PUTSL(b, "summary: ");
	yaml_quote(b, FM_SUMMARY_PLACEHOLDER);
	BUF_PUTSL(b, "\n");
	if (kinds[kind].reviewed) {
		buf_printf(b, "owner: %s   # the group or post that reviews "
		    "it\n", FM_OWNER_PLACEHOLDER);
		BUF_PUTSL(b, "approved:                # the day it is "
		    "approved, YYYY-MM-DD\nlast_reviewed: ");
		date_format_iso(b, today);
		date_add_months(today, cfg->interval_months > 0 ?
		    cfg->interval_months : 12, &due);
		BUF_PUTSL(b, "\nreview_date: ");
		date_format_iso(b, &due);
		buf_putc(b, '\n');
	}
	BUF_PUTSL(b, "status: draft   # current once it is approved\n---\n\n");
	im->body_line = 1;
	for (p = b->data; *p != '\0'; p++)
		im->body_line += *p == '\n';
}

static int
usage(void)
{
	fprintf(stderr, "usage: folio import FILE.docx [--type TYPE] "
	    "[-o PATH] [-s DIR] [--today YYYY-MM-DD]\n");
	return 2;
}

/* Parse the arguments into im; returns the kind, or -1. */
static int
parse(struct import *im, int argc, char *argv[], size_t *kind)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "source", required_argument, NULL, 's' },
		{ "today", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "t:o:s:", longopts, NULL)) != -1)
		switch (c) {
		case 't':
			im->type = optarg;
			break;
		case 'o':
			im->out = optarg;
			break;
		case 's':
			im->srcdir = optarg;
			break;
		case 'T':
			im->today = optarg;
			break;
		default:
			return -1;
		}
	if (optind + 1 != argc)
		return -1;
	im->file = argv[optind];
	for (*kind = 0; *kind < NELEM(kinds); (*kind)++)
		if (strcmp(kinds[*kind].type, im->type != NULL ? im->type :
		    "page") == 0)
			return 0;
	fprintf(stderr, "folio: import: unknown type '%s' (arrangement, "
	    "procedure, mou, annual-report, minutes or page)\n", im->type);
	return -1;
}

/* Where the document goes: -o, else its type's folder and its title. */
static int
place(struct import *im, size_t kind)
{
	struct buf	 slug = BUF_INIT;

	if (im->out != NULL) {
		buf_puts(&im->path, im->out);
		return 0;
	}
	newdoc_slug(&slug, im->title.data);
	if (slug.len == 0)
		BUF_PUTSL(&slug, "imported");
	buf_puts(&im->path, im->srcdir);
	if (kinds[kind].folder != NULL) {
		buf_printf(&im->path, "/%s", kinds[kind].folder);
		if (mkdir(im->path.data, 0755) == -1 && errno != EEXIST) {
			fprintf(stderr, "folio: import: %s: %s\n",
			    im->path.data, strerror(errno));
			buf_free(&slug);
			return -1;
		}
	}
	buf_printf(&im->path, "/%s.md", slug.data);
	buf_free(&slug);
	return 0;
}

/* Check the site; print what it says of the new document.  1 if errors. */
static int
check_new(struct import *im)
{
	struct build_opts	 bo;
	struct build_report	 rep;
	struct diag		 d;
	size_t			 i, nerr = 0;
	char			*line;

	md_init();
	if (history_lib_init() == -1)
		return 2;
	diag_init(&d);
	memset(&bo, 0, sizeof(bo));
	bo.check = 1;
	bo.srcdir = im->srcdir;
	bo.today = im->today;
	bo.drafts = 1;
	bo.allow_shallow = 1;
	(void)build_run(&bo, &d, &rep);
	diag_replay(&d, im->d.v, im->d.n);
	diag_sort(&d);
	for (i = 0; i < d.n; i++) {
		if (d.v[i].file == NULL || strcmp(d.v[i].file, im->path.data)
		    != 0 || strstr(d.v[i].msg, "not yet committed") != NULL)
			continue;
		nerr += d.v[i].level == DIAG_ERROR;
		line = diag_format(&d.v[i]);
		fprintf(stderr, "%s\n", line);
		free(line);
	}
	build_report_free(&rep);
	diag_free(&d);
	history_lib_shutdown();
	return nerr > 0;
}

/*
 * The site folder's settings into "cfg", and the date of today.
 * Returns 0, else the exit status: 1 for settings with errors (printed),
 * 2 for a bad --today or no site folder.
 */
static int
open_site(struct import *im, struct diag *cd, struct config *cfg,
    struct date *today)
{
	struct buf	 path = BUF_INIT;
	const char	*why;
	int		 status = 2;

	if (date_today(im->today, today, &why) == -1) {
		fprintf(stderr, "folio: --today %s: %s\n", im->today, why);
		return 2;
	}
	im->srcdir = config_folder(im->srcdir);
	buf_printf(&path, "%s/site.yaml", im->srcdir);
	if (access(path.data, F_OK) != 0)
		fprintf(stderr, "folio: %s: no site.yaml: not a site folder "
		    "(give one with -s)\n", im->srcdir);
	else if (config_load(cd, path.data, cfg) == -1) {
		diag_print(cd, stderr);
		status = 1;
	} else
		status = 0;
	buf_free(&path);
	return status;
}

/*
 * Write "text" to the new file "path" (never over one that exists).
 * Returns 0, or -1 after a message.
 */
static int
write_new_file(const char *path, const struct buf *text, mode_t mode)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)) == -1 ||
	    write(fd, text->data, text->len) != (ssize_t)text->len ||
	    close(fd) == -1) {
		fprintf(stderr, "folio: import: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A private folder under TMPDIR with pandoc's output template in it.
 * Returns 0, or -1 after a message.
 */
static int
make_workdir(struct import *im)
{
	struct buf	 tpl = BUF_INIT;
	int		 rc;

	snprintf(im->tmpdir, sizeof(im->tmpdir), "%s/folio-import-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(im->tmpdir) == NULL) {
		fprintf(stderr, "folio: import: %s: %s\n", im->tmpdir,
		    strerror(errno));
		im->tmpdir[0] = '\0';
		return -1;
	}
	buf_printf(&im->tpl, "%s/import.gfm", im->tmpdir);
	buf_puts(&tpl, "$title$\n" BODY_MARK "\n$body$\n");
	rc = write_new_file(im->tpl.data, &tpl, 0600);
	buf_free(&tpl);
	return rc;
}

/* A title from the file's name, when the document gave none. */
static void
title_from_file(struct import *im)
{
	const char	*slash = strrchr(im->file, '/');

	buf_puts(&im->title, slash != NULL ? slash + 1 : im->file);
	if (im->title.len > 5 && strcmp(im->title.data + im->title.len - 5,
	    ".docx") == 0)
		buf_truncate(&im->title, im->title.len - 5);
}

/*
 * The body, converted in the new document's folder with its images in
 * "NAME-files" beside it; the title found first is kept.  Its native
 * tree, for what did not carry over, in "native" (empty if pandoc gave
 * none).  Returns 0, or -1 after a message.
 */
static int
convert_body(struct import *im, int from_word, struct buf *native)
{
	struct buf	 dir = BUF_INIT, media = BUF_INIT, title = BUF_INIT;
	const char	*slash;
	int		 rc = -1;

	slash = strrchr(im->path.data, '/');
	buf_put(&dir, im->path.data, slash != NULL ? (size_t)(slash -
	    im->path.data) : 0);
	if (dir.len == 0)
		BUF_PUTSL(&dir, ".");
	buf_puts(&media, slash != NULL ? slash + 1 : im->path.data);
	buf_truncate(&media, media.len > 3 ? media.len - 3 : media.len);
	BUF_PUTSL(&media, "-files");
	buf_puts(&title, im->title.data);
	if (convert(im, dir.data, media.data, &im->body) == -1)
		goto out;
	buf_reset(&im->title);
	buf_puts(&im->title, title.data);
	title_and_headings(im, !from_word);
	markdown_images(&im->body);
	if (native_tree(im, native) == 0)
		fix_anchors(im, native->data);
	rc = 0;
out:
	buf_free(&dir);
	buf_free(&media);
	buf_free(&title);
	return rc;
}

int
import_main(int argc, char *argv[])
{
	struct import	 im;
	struct config	 cfg;
	struct diag	 cd;
	struct date	 today;
	struct buf	 text = BUF_INIT, native = BUF_INIT;
	char		*abs = NULL;
	size_t		 kind;
	int		 status, from_word;

	memset(&im, 0, sizeof(im));
	memset(&cfg, 0, sizeof(cfg));
	diag_init(&im.d);
	diag_init(&cd);
	if (parse(&im, argc, argv, &kind) == -1) {
		diag_free(&im.d);
		diag_free(&cd);
		return usage();
	}
	if ((status = open_site(&im, &cd, &cfg, &today)) != 0)
		goto out;
	status = 2;
	if ((abs = realpath(im.file, NULL)) == NULL) {
		fprintf(stderr, "folio: import: %s: %s\n", im.file,
		    strerror(errno));
		goto out;
	}
	im.file = abs;
	if (make_workdir(&im) == -1)
		goto out;
	/* First the title, which names the file. */
	if (convert(&im, NULL, NULL, &im.body) == -1)
		goto out;
	from_word = im.title.len > 0;
	title_and_headings(&im, !from_word);
	if (im.title.len == 0)
		title_from_file(&im);
	if (place(&im, kind) == -1)
		goto out;
	if (access(im.path.data, F_OK) == 0) {
		fprintf(stderr, "%s: error: already exists; folio import never "
		    "replaces a file (give another with -o)\n", im.path.data);
		status = 1;
		goto out;
	}
	/* Then the body, in its folder, images beside it. */
	if (convert_body(&im, from_word, &native) == -1)
		goto out;
	front_matter(&im, &text, kind, &cfg, &today);
	buf_put(&text, im.body.data, im.body.len);
	if (native.len > 0)
		losses(&im, &native);
	if (write_new_file(im.path.data, &text, 0644) == -1)
		goto out;
	printf("%s\n", im.path.data);
	fflush(stdout);
	status = check_new(&im);
out:
	if (im.tpl.len > 0)
		(void)unlink(im.tpl.data);
	if (im.tmpdir[0] != '\0')
		(void)rmdir(im.tmpdir);
	free(abs);
	config_free(&cfg);
	buf_free(&text);
	buf_free(&native);
	buf_free(&im.tpl);
	buf_free(&im.path);
	buf_free(&im.title);
	buf_free(&im.body);
	diag_free(&im.d);
	diag_free(&cd);
	return status;
}
