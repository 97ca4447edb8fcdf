/*
 * content.c: walking the site directory and loading documents.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "content.h"
#include "diag.h"
#include "frontmatter.h"
#include "markdown.h"
#include "par.h"
#include "readfile.h"
#include "site.h"
#include "slug.h"
#include "util.h"
#include "yamltree.h"

/* Folders deeper than this are refused (a symlink loop, or a mistake). */
#define WALK_MAX_DEPTH	32

/* A document found by the walk, loaded later (perhaps on another thread). */
struct	load {
	char		*path;	/* as diagnostics name it */
	char		*rel;	/* below the site directory */
	struct doc	*doc;	/* loaded, or NULL */
	int		 rc;	/* -1: an error was recorded */
};

struct	walk {
	struct diag	*d;	/* diag_add() is thread-safe */
	struct site	*site;
	char		*realroot;	/* realpath of the site directory */
	size_t		 realrootlen;
	int		 rc;
	struct load	*loads;	/* in walk order */
	size_t		 nloads;
	size_t		 loadcap;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
site_add_doc(struct site *s, struct doc *doc)
{
	if (s->ndocs == s->docsz) {
		s->docsz = s->docsz != 0 ? s->docsz * 2 : 64;
		s->docs = xreallocarray(s->docs, s->docsz, sizeof(*s->docs));
	}
	s->docs[s->ndocs++] = doc;
}

/* Whether the real path "p" lies inside the site directory. */
static int
inside_root(const struct walk *w, const char *p)
{
	return strncmp(p, w->realroot, w->realrootlen) == 0 &&
	    (p[w->realrootlen] == '/' || p[w->realrootlen] == '\0');
}

/*
 * A Markdown file folio does not read (".MD", ".markdown"): a warning
 * naming it, since its page would otherwise be missing without a word.
 */
static void
other_markdown(struct walk *w, const char *path, const char *name)
{
	static const char *const exts[] = {
		".md", ".markdown", ".mdown", ".mkd", ".mkdn", NULL
	};
	size_t	 n = strlen(name), k, e;

	for (k = 0; exts[k] != NULL; k++) {
		e = strlen(exts[k]);
		if (n > e && strcasecmp(name + n - e, exts[k]) == 0) {
			diag_add(w->d, DIAG_WARNING, path, 0, 0,
			    "not read: a document's file name must end in "
			    "'.md' (rename it to %.*s.md)", (int)(n - e), name);
			return;
		}
	}
}

/*
 * Load the document of "ld": ld->doc, or ld->rc -1 (and the problem
 * recorded).  It touches nothing but "ld", so documents are loaded on
 * several threads at once (content_load()).
 */
static void
load_doc(const struct walk *w, struct load *ld)
{
	const char	*path = ld->path, *rel = ld->rel;
	struct buf	 text = BUF_INIT, id = BUF_INIT;
	struct fm_split	 sp;
	struct ynode	*root = NULL;
	struct doc	*doc;
	const char	*slash, *base;
	char		*top = NULL;
	size_t		 deep, col;
	int		 ftype = -1;

	if (read_text_file(w->d, path, &text) == -1)
		goto fail;
	if (fm_split(w->d, path, text.data, text.len, &sp) == -1)
		goto fail;
	if (ytree_parse(w->d, path, sp.yaml_line, sp.yaml, sp.yaml_len,
	    &root) == -1) {
		/* Still report the file's other front-matter errors. */
		if ((slash = strchr(rel, '/')) != NULL) {
			top = xstrndup(rel, (size_t)(slash - rel));
			ftype = doc_type_from_folder(top);
			free(top);
			top = NULL;
		}
		fm_recover(w->d, path, rel, &sp, ftype);
		goto fail;
	}

	doc = xcalloc(1, sizeof(*doc));
	doc->path = xstrdup(path);
	doc->relpath = xstrdup(rel);
	if ((slash = strchr(rel, '/')) != NULL) {
		top = xstrndup(rel, (size_t)(slash - rel));
		ftype = doc_type_from_folder(top);
		doc->section = top;
	}
	if (fm_apply(w->d, doc, root, ftype) == -1)
		ld->rc = -1;
	if (doc->id == NULL) {
		/* index.md takes its folder's name. */
		base = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
		if (strcmp(base, "index.md") == 0 && base != rel) {
			char *dir = xstrndup(rel, (size_t)(base - 1 - rel));
			const char *dn = strrchr(dir, '/');

			slug_id_from_file(&id, dn != NULL ? dn + 1 : dir);
			free(dir);
		} else
			slug_id_from_file(&id, base);
		if (id.len == 0) {
			diag_add(w->d, DIAG_ERROR, path, 0, 0,
			    "cannot make an id from the file name; "
			    "give one with 'id:'");
			ld->rc = -1;
			buf_puts(&id, "invalid");
		}
		doc->id = buf_detach(&id);
	}
	if ((deep = md_too_deep(sp.body, sp.body_len)) != 0) {
		diag_add(w->d, DIAG_ERROR, path, sp.body_line + deep - 1, 0,
		    "lists or quotes nested more than %d levels deep",
		    MD_MAX_NESTING);
		ld->rc = -1;
		/* Keep the metadata; render an empty body. */
		sp.body_len = 0;
	} else if ((deep = md_too_much_markup(sp.body, sp.body_len,
	    &col)) != 0) {
		diag_add(w->d, DIAG_ERROR, path, sp.body_line + deep - 1, col,
		    "too much markup: more than %zu marks (runs of * _ ~ `, "
		    "[ ] < ! \\ & |, list, quote and heading markers, "
		    "line ends) in %zu bytes, at most one in %d bytes or %d in "
		    "all; split the document", md_markup_max(sp.body_len),
		    sp.body_len, MD_MARKUP_PER, MD_MARKUP_MIN);
		ld->rc = -1;
		sp.body_len = 0;	/* keep the metadata, as below */
	}
	doc->front = sp.yaml != NULL ? xstrndup(sp.yaml, sp.yaml_len) : NULL;
	doc->front_len = sp.yaml_len;
	doc->body = xstrndup(sp.body, sp.body_len);
	doc->body_len = sp.body_len;
	doc->body_line = sp.body_line;
	doc_source_key(doc, doc->source_key);
	fm_placeholders(w->d, doc);
	ld->doc = doc;
	ytree_free(root);
	buf_free(&text);
	return;
fail:
	ld->rc = -1;
	ytree_free(root);
	buf_free(&text);
	buf_free(&id);
}

/* par_fn: load the i-th document the walk found. */
static void
load_one(size_t i, void *arg)
{
	const struct walk	*w = arg;

	load_doc(w, &w->loads[i]);
}

/*
 * The document of "ld" into the site, in walk order; one that could not
 * be read is named in site->unread, so that links to it are not also
 * reported as broken.
 */
static void
load_take(struct walk *w, struct load *ld)
{
	struct buf	 id = BUF_INIT;
	const char	*base;

	if (ld->rc == -1)
		w->rc = -1;
	if (ld->doc != NULL) {
		site_add_doc(w->site, ld->doc);
		return;
	}
	(void)strmap_put(&w->site->unread, ld->rel, (void *)1);
	base = strrchr(ld->rel, '/') != NULL ? strrchr(ld->rel, '/') + 1 :
	    ld->rel;
	BUF_PUTSL(&id, "doc:");
	slug_id_from_file(&id, base);
	(void)strmap_put(&w->site->unread, id.data, (void *)1);
	buf_free(&id);
}

static int
name_casecmp(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Names that differ only in case clash on macOS and Windows checkouts. */
static void
check_case_clash(struct walk *w, const char *dir, char **names, size_t n)
{
	char	**v;
	size_t	  i;

	if (n < 2)
		return;
	v = xreallocarray(NULL, n, sizeof(*v));
	memcpy(v, names, n * sizeof(*v));
	qsort(v, n, sizeof(*v), name_casecmp);
	for (i = 0; i + 1 < n; i++)
		if (strcasecmp(v[i], v[i + 1]) == 0) {
			diag_add(w->d, DIAG_ERROR, dir, 0, 0,
			    "'%s' and '%s' differ only in case, so they clash "
			    "on other systems: rename one", v[i], v[i + 1]);
			w->rc = -1;
		}
	free(v);
}

/*
 * The names in folder "dir" but the hidden ones (.git, editor files),
 * sorted, in a new array (caller frees each and the array); their
 * number in *n.  NULL after recording the problem if the folder cannot
 * be opened.
 */
static char **
read_names(struct walk *w, const char *dir, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	char		**names = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		diag_errno(w->d, dir, "cannot read folder");
		w->rc = -1;
		return NULL;
	}
	while ((errno = 0, de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap != 0 ? cap * 2 : 32;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	if (errno != 0) {
		diag_errno(w->d, dir, "cannot read folder");
		w->rc = -1;
	}
	closedir(dp);
	/* readdir order is the file system's: sort for reproducible output. */
	if (*n > 1)
		qsort(names, *n, sizeof(*names), name_cmp);
	return names;
}

/*
 * Symbolic link "path": followed only to a file inside the site folder,
 * whose status then replaces *st.  Returns 0, or -1 after recording why
 * not.
 */
static int
follow_link(struct walk *w, const char *path, struct stat *st)
{
	char	*real;

	if ((real = realpath(path, NULL)) == NULL) {
		diag_add(w->d, DIAG_ERROR, path, 0, 0, "broken symbolic link");
		w->rc = -1;
		return -1;
	}
	if (!inside_root(w, real)) {
		diag_add(w->d, DIAG_ERROR, path, 0, 0, "symbolic link points "
		    "outside the site folder, to %s", real);
		w->rc = -1;
		free(real);
		return -1;
	}
	free(real);
	if (stat(path, st) == -1) {
		diag_errno(w->d, path, "cannot read");
		w->rc = -1;
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		diag_add(w->d, DIAG_ERROR, path, 0, 0, "symbolic links to "
		    "folders are not followed");
		w->rc = -1;
		return -1;
	}
	return 0;
}

static void	walk_dir(struct walk *, const char *, const char *, int);

/*
 * One entry "name" of a folder, at "path" ("rel" below the root): a
 * folder is walked, a document loaded, other files only looked at.
 */
static void
walk_entry(struct walk *w, const char *path, const char *rel,
    const char *name, int depth)
{
	struct stat	 st;
	const char	*why;
	size_t		 ln, col, rlen = strlen(rel);
	int		 is_doc;

	if (lstat(path, &st) == -1) {
		diag_errno(w->d, path, "cannot read");
		w->rc = -1;
		return;
	}
	if (S_ISLNK(st.st_mode) && follow_link(w, path, &st) == -1)
		return;
	is_doc = S_ISREG(st.st_mode) && rlen > 3 &&
	    strcmp(rel + rlen - 3, ".md") == 0;
	if (S_ISREG(st.st_mode) && !is_doc)
		other_markdown(w, path, name);
	/* Its name becomes a URL, a section, an id: text only. */
	if ((S_ISDIR(st.st_mode) || is_doc) &&
	    text_check(name, strlen(name), &ln, &col, &why) == -1) {
		diag_add(w->d, DIAG_ERROR, path, 0, 0, "%s name is not valid "
		    "UTF-8 (byte %zu): rename it", is_doc ? "file" : "folder",
		    col);
		w->rc = -1;
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(w, path, rel, depth + 1);
	else if (is_doc) {
		if (w->nloads == w->loadcap) {
			w->loadcap = w->loadcap != 0 ? w->loadcap * 2 : 64;
			w->loads = xreallocarray(w->loads, w->loadcap,
			    sizeof(*w->loads));
		}
		memset(&w->loads[w->nloads], 0, sizeof(*w->loads));
		w->loads[w->nloads].path = xstrdup(path);
		w->loads[w->nloads++].rel = xstrdup(rel);
	}
}

/* Walk directory "dir" ("rel" below the root; "" for the root). */
static void
walk_dir(struct walk *w, const char *dir, const char *rel, int depth)
{
	char		**names;
	size_t		 n, i;
	struct buf	 path = BUF_INIT, sub = BUF_INIT;

	if (depth > WALK_MAX_DEPTH) {
		diag_add(w->d, DIAG_ERROR, dir, 0, 0,
		    "folders nested more than %d deep", WALK_MAX_DEPTH);
		w->rc = -1;
		return;
	}
	if ((names = read_names(w, dir, &n)) == NULL)
		return;
	check_case_clash(w, dir, names, n);
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		buf_reset(&sub);
		if (*rel != '\0')
			buf_printf(&sub, "%s/%s", rel, names[i]);
		else
			buf_puts(&sub, names[i]);
		walk_entry(w, path.data, sub.data, names[i], depth);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&path);
	buf_free(&sub);
}

int
content_load(struct diag *d, struct site *s)
{
	struct walk	 w;
	size_t		 i;

	memset(&w, 0, sizeof(w));
	w.d = d;
	w.site = s;
	if ((w.realroot = realpath(s->srcdir, NULL)) == NULL) {
		diag_errno(d, s->srcdir, "cannot open site folder");
		return -1;
	}
	w.realrootlen = strlen(w.realroot);
	walk_dir(&w, s->srcdir, "", 0);
	/* The walk names the documents; reading them is most of the work. */
	par_for(w.nloads, s->jobs, load_one, &w);
	for (i = 0; i < w.nloads; i++) {
		load_take(&w, &w.loads[i]);
		free(w.loads[i].path);
		free(w.loads[i].rel);
	}
	free(w.loads);
	free(w.realroot);
	return w.rc;
}
