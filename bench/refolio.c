/*
 * refolio: turn a `git fast-export` stream of a repository of Markdown
 * written for another generator (Hugo, Jekyll, MkDocs, ...) into the
 * stream of a folio site with the same history.
 *
 *	git -C SRC fast-export --no-data --reencode=yes --signed-tags=strip \
 *	    BRANCH | refolio -g SRC/.git [-p PREFIX] [-s SITE] [-t TITLE]
 *	    [-u URL] |
 *	    git -C DEST fast-import
 *
 * Every commit is kept, with its author, dates, message and parents, so
 * that the result has the source's history shape (merges included).  Only
 * the Markdown files under PREFIX (default "content/") are kept; each
 * becomes SITE/docs/ID.md (SITE default "content"), where ID is made from
 * its path below PREFIX as folio makes ids ("en/functions/strings/
 * Contains.md" -> "en-functions-strings-contains"; an "_index.md" or
 * "index.md" takes its folder's name).  Front matter is mapped: title
 * (or, missing, the id) and description (as summary) are kept, every
 * other key is dropped, since folio refuses keys it does not know.  Bytes
 * that are not UTF-8 become U+FFFD, so that a past version's stray Latin-1
 * byte does not stop the build.  With -u, links are made absolute at the
 * original site (see add_body).  Each root commit also adds SITE/site.yaml.
 *
 * The stream has no blobs (--no-data): a blob says nothing of its path,
 * so the Markdown ones are read when a commit names them, from a `git
 * cat-file --batch` beside this process, and written inline, mapped.  A
 * blob missing from the source (a partial clone) is left out and counted:
 * that file keeps its earlier version until a later commit changes it.
 * Needs only libc:
 * cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o refolio refolio.c
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct text {
	char	*p;
	size_t	 n;
};

static const char	*prefix = "content/";
static const char	*site = "content";
static const char	*title = "Converted documentation";
static const char	*base;		/* -u: the original site's address */
static FILE		*batch_in, *batch_out;	/* git cat-file --batch */
static unsigned long	 ncommits, nkept, nmissing;

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("refolio: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		die("out of memory");
	return p;
}

/* One line of the stream, without its newline; NULL at the end. */
static char *
get_line(void)
{
	static char *line;
	static size_t cap;
	ssize_t n;

	if ((n = getline(&line, &cap, stdin)) < 0)
		return NULL;
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

/* The payload of a "data N" line (exact length form only). */
static struct text
get_data(const char *line)
{
	struct text t;
	char *end;

	if (strncmp(line, "data ", 5) != 0 || line[5] == '<')
		die("expected 'data N', got '%.40s'", line);
	t.n = strtoul(line + 5, &end, 10);
	t.p = xrealloc(NULL, t.n + 1);
	if (fread(t.p, 1, t.n, stdin) != t.n)
		die("stream ends inside a data block");
	t.p[t.n] = '\0';
	return t;
}

static void
put_data(const char *p, size_t n)
{
	printf("data %zu\n", n);
	fwrite(p, 1, n, stdout);
	putchar('\n');
}

/* A C-quoted path as fast-export writes it, unquoted in place. */
static char *
unquote(char *s)
{
	char *in = s + 1, *out = s;

	if (*s != '"')
		return s;
	while (*in && *in != '"') {
		if (*in != '\\') {
			*out++ = *in++;
			continue;
		}
		in++;
		if (*in >= '0' && *in <= '7') {
			int v = 0, i;

			for (i = 0; i < 3 && *in >= '0' && *in <= '7'; i++)
				v = v * 8 + (*in++ - '0');
			*out++ = (char)v;
			continue;
		}
		switch (*in) {
		case 'n': *out++ = '\n'; break;
		case 't': *out++ = '\t'; break;
		case '\0': continue;
		default: *out++ = *in; break;
		}
		in++;
	}
	*out = '\0';
	return s;
}

/*
 * The id folio would give PATH (below prefix, ".md" stripped): lowercase,
 * every run of other characters one '-', an index file its folder's name.
 * Returns NULL when PATH is not a Markdown file under the prefix.
 */
static char *
make_id(const char *path)
{
	size_t plen = strlen(prefix), n;
	char *rel, *id, *o, *slash;
	const char *c;

	if (strncmp(path, prefix, plen) != 0)
		return NULL;
	n = strlen(path);
	if (n < plen + 4 || strcmp(path + n - 3, ".md") != 0)
		return NULL;
	rel = xrealloc(NULL, n - plen - 2);
	memcpy(rel, path + plen, n - plen - 3);
	rel[n - plen - 3] = '\0';
	slash = strrchr(rel, '/');
	if (strcmp(slash ? slash + 1 : rel, "_index") == 0 ||
	    strcmp(slash ? slash + 1 : rel, "index") == 0)
		*(slash ? slash : rel) = '\0';
	id = o = xrealloc(NULL, strlen(rel) + 5);
	for (c = rel; *c; c++) {
		if (isalnum((unsigned char)*c) && (unsigned char)*c < 0x80)
			*o++ = (char)tolower((unsigned char)*c);
		else if (o > id && o[-1] != '-')
			*o++ = '-';
	}
	while (o > id && o[-1] == '-')
		o--;
	*o = '\0';
	if (*id == '\0')
		strcpy(id, "home");
	free(rel);
	return id;
}

/* Append to a growing text. */
static void
add(struct text *t, const char *p, size_t n)
{
	t->p = xrealloc(t->p, t->n + n + 1);
	memcpy(t->p + t->n, p, n);
	t->n += n;
	t->p[t->n] = '\0';
}

/* Append P as valid UTF-8: bad bytes and NULs become U+FFFD. */
static void
add_utf8(struct text *t, const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, len;

	while (i < n) {
		unsigned c = s[i];
		unsigned long cp;

		len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (len > 1 && i + len <= n) {
			size_t k;

			cp = c & (0x7f >> len);
			for (k = 1; k < len && (s[i + k] & 0xc0) == 0x80; k++)
				cp = cp << 6 | (s[i + k] & 0x3f);
			if (k < len || cp < (len == 2 ? 0x80 : len == 3 ?
			    0x800 : 0x10000) || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				len = 0;
		} else if (len > 1)
			len = 0;
		if (len == 0 || c == 0) {
			add(t, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		add(t, p + i, len);
		i += len;
	}
}

/* Append VALUE as a YAML double-quoted scalar. */
static void
add_quoted(struct text *t, const char *v, size_t n)
{
	struct text clean = { NULL, 0 };
	size_t i;

	add_utf8(&clean, v, n);
	add(t, "\"", 1);
	for (i = 0; i < clean.n; i++) {
		unsigned char c = (unsigned char)clean.p[i];

		if (c == '"' || c == '\\') {
			add(t, "\\", 1);
			add(t, clean.p + i, 1);
		} else if (c < 0x20 || c == 0x7f)
			add(t, " ", 1);
		else
			add(t, clean.p + i, 1);
	}
	add(t, "\"", 1);
	free(clean.p);
}

/*
 * The scalar after "key:" (YAML) or "key =" (TOML) on one front-matter
 * line, quotes removed; NULL if LINE does not set KEY on one line.
 */
static const char *
scalar(const char *line, size_t n, const char *key, size_t *vn)
{
	size_t k = strlen(key), i;

	if (n <= k || strncmp(line, key, k) != 0)
		return NULL;
	i = k;
	while (i < n && line[i] == ' ')
		i++;
	if (i >= n || (line[i] != ':' && line[i] != '='))
		return NULL;
	i++;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	while (n > i && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	if (i >= n || line[i] == '|' || line[i] == '>')
		return NULL;
	if (n - i >= 2 && (line[i] == '"' || line[i] == '\'') &&
	    line[n - 1] == line[i]) {
		i++;
		n--;
	}
	*vn = n - i;
	return line + i;
}

/* Does DEST (N bytes) leave the site: a scheme, or nothing at all? */
static int
is_absolute(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n && (isalnum((unsigned char)d[i]) || d[i] == '+' ||
	    d[i] == '-' || d[i] == '.'); i++)
		;
	return n == 0 || (i > 0 && i < n && d[i] == ':');
}

/*
 * Where the destination of a link reference definition starting at I
 * ("[label]: /dest", at a line's start) begins, or 0 if there is none.
 */
static size_t
ref_definition(const char *p, size_t n, size_t i)
{
	size_t j = i;

	if (i > 0 && p[i - 1] != '\n')
		return 0;
	while (j < n && j - i < 3 && p[j] == ' ')
		j++;
	if (j >= n || p[j] != '[')
		return 0;
	while (j < n && p[j] != ']' && p[j] != '\n')
		j++;
	if (j + 1 >= n || p[j] != ']' || p[j + 1] != ':')
		return 0;
	for (j += 2; j < n && (p[j] == ' ' || p[j] == '\t'); j++)
		;
	return j;
}

/*
 * Append BODY with each link made absolute at the original site (-u):
 * the other generator's URLs ("/functions/x/", a render hook's "g", a
 * heading id it makes its own way) mean nothing to folio, which would
 * rightly refuse them as broken.  An image becomes a link to the
 * original, since a page must not load anything from another site.
 * PAGE is the document's own path there ("functions/strings/contains").
 */
static void
add_body(struct text *t, const char *raw, size_t rawn, const char *page)
{
	struct text clean = { NULL, 0 };
	const char *p;
	size_t i = 0, n, bang = (size_t)-1;
	int depth = 0, image_depth = -1;

	if (base == NULL) {
		add_utf8(t, raw, rawn);
		return;
	}
	add_utf8(&clean, raw, rawn);
	p = clean.p;
	n = clean.n;
	while (i < n) {
		size_t s, e;

		if ((s = ref_definition(p, n, i)) != 0) {
			add(t, p + i, s - i);
		} else if (p[i] == ']' && i + 1 < n && p[i + 1] == '(') {
			if (depth > 0)
				depth--;
			add(t, "](", 2);
			s = i + 2;
		} else {
			if (p[i] == '!' && i + 1 < n && p[i + 1] == '[') {
				bang = t->n;
				image_depth = depth;
			} else if (p[i] == '[')
				depth++;
			else if (p[i] == ']' && depth > 0)
				depth--;
			add(t, p + i, 1);
			i++;
			continue;
		}
		if (s < n && p[s] == '<')
			add(t, p + s++, 1);
		for (e = s; e < n && p[e] != ')' && p[e] != ' ' &&
		    p[e] != '>' && p[e] != '\n'; e++)
			;
		if (depth == image_depth && bang != (size_t)-1) {
			t->p[bang] = ' ';	/* the '!' of this image */
			bang = (size_t)-1;
			image_depth = -1;
		}
		if (!is_absolute(p + s, e - s)) {
			add(t, base, strlen(base));
			if (p[s] == '/')
				s++;
			else {
				add(t, page, strlen(page));
				if (*page && p[s] != '#')
					add(t, "/", 1);
			}
		}
		add(t, p + s, e - s);
		i = e;
	}
	free(clean.p);
}

/* The path of REL ("en/functions/x/_index.md") on the original site. */
static char *
page_path(const char *rel)
{
	char *pg = xrealloc(NULL, strlen(rel) + 1), *o = pg, *slash;
	const char *c = rel;

	if (strncmp(c, "en/", 3) == 0)		/* Hugo's default language */
		c += 3;
	for (; *c; c++)
		*o++ = (char)tolower((unsigned char)*c);
	*o = '\0';
	if (o - pg > 3 && strcmp(o - 3, ".md") == 0)
		*(o -= 3) = '\0';
	slash = strrchr(pg, '/');
	if (strcmp(slash ? slash + 1 : pg, "_index") == 0 ||
	    strcmp(slash ? slash + 1 : pg, "index") == 0)
		*(slash ? slash : pg) = '\0';
	return pg;
}

/* The blob B, as the folio document ID. */
static struct text
convert(const struct text *b, const char *id, const char *page)
{
	struct text out = { NULL, 0 };
	const char *p = b->p, *end = b->p + b->n, *body = p, *fm_end = NULL;
	const char *t = NULL, *d = NULL;
	size_t tn = 0, dn = 0;
	char fence = 0;

	if (b->n >= 4 && (memcmp(p, "---\n", 4) == 0 ||
	    memcmp(p, "+++\n", 4) == 0 || memcmp(p, "---\r", 4) == 0))
		fence = p[0];
	if (fence) {
		const char *line = strchr(p, '\n') + 1;

		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);

			if (n >= 3 && line[0] == fence && line[1] == fence &&
			    line[2] == fence) {
				fm_end = line;
				body = nl ? nl + 1 : end;
				break;
			}
			if (!t)
				t = scalar(line, n, "title", &tn);
			if (!d)
				d = scalar(line, n, "description", &dn);
			line = nl ? nl + 1 : end;
		}
		if (!fm_end) {		/* no closing fence: all body */
			body = b->p;
			t = d = NULL;
		}
	}
	add(&out, "---\ntitle: ", 11);
	if (t && tn)
		add_quoted(&out, t, tn);
	else
		add_quoted(&out, id, strlen(id));
	if (d && dn) {
		add(&out, "\nsummary: ", 10);
		add_quoted(&out, d, dn);
	}
	add(&out, "\n---\n", 5);
	add_body(&out, body, (size_t)(end - body), page);
	return out;
}

static void
put_site_yaml(void)
{
	/* A converted site has no one to call: say so, not "missing". */
	static const char concern[] = "concern:\n"
	    "  heading: Not a safeguarding site\n"
	    "  text: This is documentation converted for a benchmark.\n"
	    "  form: https://docs.example.org/\n";
	struct text y = { NULL, 0 };
	char path[4096];

	add(&y, "title: ", 7);
	add_quoted(&y, title, strlen(title));
	add(&y, "\nbase_url: https://docs.example.org/\n", 37);
	add(&y, concern, sizeof(concern) - 1);
	snprintf(path, sizeof(path), "%s/site.yaml", site);
	printf("M 100644 inline %s\n", path);
	put_data(y.p, y.n);
	free(y.p);
}

/* Start `git --git-dir=GITDIR cat-file --batch` with a pipe each way. */
static void
start_batch(const char *gitdir)
{
	int to[2], from[2];
	pid_t pid;

	if (pipe(to) == -1 || pipe(from) == -1 || (pid = fork()) == -1)
		die("cannot start git cat-file");
	if (pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[0]); close(to[1]); close(from[0]); close(from[1]);
		execlp("git", "git", "--git-dir", gitdir, "cat-file", "--batch",
		    (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	if ((batch_in = fdopen(to[1], "w")) == NULL ||
	    (batch_out = fdopen(from[0], "r")) == NULL)
		die("cannot start git cat-file");
}

/* The blob named by SHA, or p == NULL if the source lacks it. */
static struct text
read_blob(const char *sha)
{
	struct text t = { NULL, 0 };
	char head[256], type[32];

	fprintf(batch_in, "%s\n", sha);
	fflush(batch_in);
	if (fgets(head, sizeof(head), batch_out) == NULL)
		die("git cat-file ended early");
	if (strstr(head, " missing") != NULL) {
		nmissing++;
		return t;
	}
	if (sscanf(head, "%*s %31s %zu", type, &t.n) != 2)
		die("git cat-file: unexpected '%.60s'", head);
	t.p = xrealloc(NULL, t.n + 1);
	if (fread(t.p, 1, t.n, batch_out) != t.n || fgetc(batch_out) != '\n')
		die("git cat-file: short read");
	t.p[t.n] = '\0';
	if (strcmp(type, "blob") != 0) {
		free(t.p);
		t.p = NULL;
	}
	return t;
}

/* One file command of a commit: kept (mapped) or dropped. */
static void
file_command(char *line)
{
	char mode[16], ref[72], *path, *id;
	struct text b;
	int off = 0;

	if (strcmp(line, "deleteall") == 0) {
		puts(line);
		put_site_yaml();
		return;
	}
	if (line[0] == 'D' && line[1] == ' ') {
		if ((id = make_id(unquote(line + 2))) != NULL)
			printf("D %s/docs/%s.md\n", site, id);
		free(id);
		return;
	}
	if (line[0] != 'M' ||
	    sscanf(line, "M %15s %71s %n", mode, ref, &off) != 2 || off == 0)
		return;		/* C, R, N: not made without -M/-C */
	path = unquote(line + off);
	if (strcmp(mode, "120000") == 0 || strcmp(mode, "160000") == 0 ||
	    (id = make_id(path)) == NULL)
		return;
	if (strlen(ref) >= 40 && (b = read_blob(ref)).p != NULL) {
		char *page = page_path(path + strlen(prefix));
		struct text doc = convert(&b, id, page);

		printf("M 100644 inline %s/docs/%s.md\n", site, id);
		put_data(doc.p, doc.n);
		free(doc.p);
		free(b.p);
		free(page);
		nkept++;
	}
	free(id);
}

static void
copy_commit(const char *head)
{
	char *line;
	int root = 1;

	puts(head);
	ncommits++;
	while ((line = get_line()) != NULL) {
		if (strncmp(line, "data ", 5) == 0) {
			struct text msg = get_data(line);

			put_data(msg.p, msg.n);
			free(msg.p);
		} else if (strncmp(line, "from ", 5) == 0 ||
		    strncmp(line, "merge ", 6) == 0) {
			root = 0;
			puts(line);
		} else if (strncmp(line, "mark ", 5) == 0 ||
		    strncmp(line, "author ", 7) == 0 ||
		    strncmp(line, "committer ", 10) == 0 ||
		    strncmp(line, "encoding ", 9) == 0)
			puts(line);
		else if (strncmp(line, "original-oid ", 13) == 0)
			continue;
		else
			break;
	}
	if (root)
		put_site_yaml();
	while (line != NULL && *line != '\0') {
		file_command(line);
		line = get_line();
	}
	putchar('\n');
}

int
main(int argc, char **argv)
{
	const char *gitdir = NULL;
	char *line;
	int c;

	while ((c = getopt(argc, argv, "g:p:s:t:u:")) != -1) {
		switch (c) {
		case 'g': gitdir = optarg; break;
		case 'u':
			base = optarg;
			if (*base == '\0' || base[strlen(base) - 1] != '/')
				die("-u URL must end with '/'");
			break;
		case 'p': prefix = optarg; break;
		case 's': site = optarg; break;
		case 't': title = optarg; break;
		default:
			fprintf(stderr, "usage: refolio -g GITDIR [-p PREFIX] "
			    "[-s SITE] [-t TITLE] [-u URL] < fast-export > fast-import\n");
			return 2;
		}
	}
	if (gitdir == NULL)
		die("-g GITDIR is required (the repository exported)");
	start_batch(gitdir);
	while ((line = get_line()) != NULL) {
		if (strcmp(line, "blob") == 0)
			die("a blob in the stream: export with --no-data");
		else if (strncmp(line, "commit ", 7) == 0) {
			/* One branch: the site is on main. */
			copy_commit("commit refs/heads/main");
		} else if (strncmp(line, "reset ", 6) == 0) {
			puts("reset refs/heads/main");
		} else if (strncmp(line, "feature ", 8) == 0 ||
		    strncmp(line, "progress ", 9) == 0 ||
		    strncmp(line, "from ", 5) == 0) {
			puts(line);
		} else if (*line == '\0')
			continue;	/* the optional LF after a command */
		else if (strcmp(line, "done") == 0)
			break;
		else
			die("unexpected line '%.60s'", line);
	}
	fclose(batch_in);
	fclose(batch_out);
	wait(NULL);
	fprintf(stderr, "refolio: %lu commits, %lu document versions written, "
	    "%lu missing from the source\n", ncommits, nkept, nmissing);
	return 0;
}
