/*
 * histtext.c: the text of commits for the history walk (histwalk.h):
 * a commit's details (date, author after the .mailmap, subject, change
 * note, request number, whether it is minor), cleaned to valid UTF-8
 * from the encoding its header names; and, for a merge that gives a
 * version, the merged commits' authors and notes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "commitmsg.h"
#include "histwalk.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

enum	enc {
	ENC_UTF8,
	ENC_LATIN1,
	ENC_CP1252
};

/*
 * windows-1252 0x80..0x9f; the rest is ISO-8859-1.  Unassigned bytes
 * become U+FFFD.
 */
static const unsigned short cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178
};

/* Text: locale-free ASCII tests, decoding, cleaning. */

int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Whether s[0..n) begins with the lowercase word "w", in any case. */
static int
has_word(const char *s, size_t n, const char *w)
{
	size_t	 i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* The encoding a commit's "encoding" header names; UTF-8 if unknown. */
static enum enc
enc_parse(const char *name)
{
	static const char *const latin1[] = {
		"iso88591", "iso88591:1987", "latin1", "l1", "isoir100",
		"cp819", "ibm819", "csisolatin1"
	};
	static const char *const win[] = {
		"windows1252", "cp1252", "xcp1252"
	};
	char	 k[32];
	size_t	 i, n = 0;

	if (name == NULL)
		return ENC_UTF8;
	for (i = 0; name[i] != '\0' && n < sizeof(k) - 1; i++)
		if (name[i] != '-' && name[i] != '_' && name[i] != ' ')
			k[n++] = (char)lower((unsigned char)name[i]);
	k[n] = '\0';
	for (i = 0; i < NELEM(latin1); i++)
		if (strcmp(k, latin1[i]) == 0)
			return ENC_LATIN1;
	for (i = 0; i < NELEM(win); i++)
		if (strcmp(k, win[i]) == 0)
			return ENC_CP1252;
	return ENC_UTF8;
}

/* Append code point cp as UTF-8; white space becomes ' ', controls go. */
static void
put_cp(struct buf *b, uint32_t cp)
{
	char	 u8[UTF8_MAX];

	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
	    cp == '\f')
		cp = ' ';
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return;
	buf_put(b, u8, utf8_encode(cp, u8));
}

/*
 * Replace b with s[0..len) decoded from "enc" as clean UTF-8: invalid
 * bytes become U+FFFD, white space a space, controls are dropped, and
 * leading and trailing spaces are trimmed.
 */
static void
clean_text(struct buf *b, const char *s, size_t len, enum enc enc)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	uint32_t		 cp;
	size_t			 n, start;

	buf_reset(b);
	while (p < end) {
		n = 1;
		if (*p < 0x80 || enc == ENC_LATIN1)
			cp = *p;
		else if (enc == ENC_CP1252)
			cp = *p < 0xa0 ? cp1252[*p - 0x80] : *p;
		else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			cp = 0xfffd;
			n = 1;
		}
		put_cp(b, cp);
		p += n;
	}
	for (start = 0; start < b->len && b->data[start] == ' '; start++)
		continue;
	n = b->len;
	while (n > start && b->data[n - 1] == ' ')
		n--;
	if (start > 0)
		memmove(b->data, b->data + start, n - start);
	buf_truncate(b, n - start);
}

/*
 * Append git's subject of "msg" to b: its first paragraph, each line's
 * trailing white space dropped, lines joined with one space.
 */
static void
subject_raw(struct buf *b, const char *msg)
{
	const char	*p = msg, *eol, *e;
	int		 first = 1;

	while (*p != '\0') {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (e = eol; e > p && is_blank((unsigned char)e[-1]); e--)
			continue;
		if (e == p && !first)
			break;
		if (e != p) {
			if (!first)
				buf_putc(b, ' ');
			buf_put(b, p, (size_t)(e - p));
			first = 0;
		}
		p = *eol != '\0' ? eol + 1 : eol;
	}
}

/* Whether s[0..n) is the trailer "Minor: yes", in any case. */
static int
is_minor_line(const char *s, size_t n)
{
	size_t	 i;

	if (!has_word(s, n, "minor"))
		return 0;
	for (i = 5; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	if (i == n || s[i] != ':')
		return 0;
	for (i++; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	if (!has_word(s + i, n - i, "yes"))
		return 0;
	for (i += 3; i < n && is_blank((unsigned char)s[i]); i++)
		continue;
	return i == n;
}

/*
 * Whether the last paragraph of "msg", when it is not the first (the
 * subject), has a line "Minor: yes".
 */
static int
minor_trailer(const char *msg)
{
	const char	*p, *eol, *last = NULL;
	int		 npara = 0, inpara = 0;
	size_t		 n;

	for (p = msg; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (n = (size_t)(eol - p); n > 0 &&
		    is_blank((unsigned char)p[n - 1]); n--)
			continue;
		if (n == 0)
			inpara = 0;
		else if (!inpara) {
			inpara = 1;
			npara++;
			last = p;
		}
	}
	if (npara < 2)
		return 0;
	for (p = last; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (n = (size_t)(eol - p); n > 0 &&
		    is_blank((unsigned char)p[n - 1]); n--)
			continue;
		if (n == 0)
			break;
		if (is_minor_line(p, n))
			return 1;
	}
	return 0;
}

int
note_cut(struct buf *b)
{
	size_t	 i, n = 0, end, sp = 0;

	for (i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] & 0xc0) != 0x80)
			n++;
	if (n <= NOTE_MAX)
		return 0;
	/* i: the first byte of character NOTE_MAX - 1, the first dropped. */
	for (i = 0, n = 0; i < b->len; i++) {
		if (((unsigned char)b->data[i] & 0xc0) == 0x80)
			continue;
		if (n++ == NOTE_MAX - 1)
			break;
		if (b->data[i] == ' ')
			sp = i;
	}
	end = b->data[i] == ' ' || sp == 0 ? i : sp;
	while (end > 0 && b->data[end - 1] == ' ')
		end--;
	buf_truncate(b, end);
	buf_puts(b, "\xe2\x80\xa6");	/* U+2026 */
	return 1;
}

/* Commits. */

/* The author's name of commit c (after .mailmap), interned. */
static const char *
author_name(struct walk *w, const git_commit *c, enum enc enc)
{
	const git_signature	*sig;
	const char		*name, *email, *rname, *remail;

	sig = git_commit_author(c);
	name = sig != NULL && sig->name != NULL ? sig->name : "";
	email = sig != NULL && sig->email != NULL ? sig->email : "";
	clean_text(&w->tmp, name, strlen(name), enc);
	if (w->text.mm != NULL && git_mailmap_resolve(&rname, &remail,
	    w->text.mm, w->tmp.data, email) == 0 && rname != NULL) {
		clean_text(&w->tmp2, rname, strlen(rname), ENC_UTF8);
		return walk_intern(w, w->tmp2.data);
	}
	return walk_intern(w, w->tmp.data);
}

/*
 * Read what versions need from commit "id", once per commit: only
 * commits that give a version are looked up in full.
 */
int
commit_info(struct walk *w, const git_oid *id)
{
	git_commit		*c = NULL;
	const char		*msg;
	enum enc		 enc;
	int			 rc;

	if (w->text.ci.loaded)
		return 0;
	if ((rc = git_oid_fmt(w->text.ci.hex, id)) < 0 ||
	    (rc = git_commit_lookup(&c, w->repo, id)) < 0)
		return walk_git_fail(w, rc);
	w->text.ci.hex[GIT_OID_HEXSZ] = '\0';
	w->text.ci.when = (long long)git_commit_time(c);
	enc = enc_parse(git_commit_message_encoding(c));
	if ((msg = git_commit_message(c)) == NULL)
		msg = "";
	w->text.ci.minor = minor_trailer(msg) ||
	    strmap_get(&w->text.ignore, w->text.ci.hex) != NULL;

	buf_reset(&w->tmp);
	subject_raw(&w->tmp, msg);
	clean_text(&w->tmp2, w->tmp.data, w->tmp.len, enc);
	(void)note_cut(&w->tmp2);	/* not for readers: no warning */
	w->text.ci.subject = walk_intern(w, w->tmp2.data);

	w->text.ci.nparents = (int)git_commit_parentcount(c);
	if (w->text.ci.nparents > 0)
		git_oid_cpy(&w->text.ci.p1, git_commit_parent_id(c, 0));
	if (w->text.ci.nparents > 1)
		git_oid_cpy(&w->text.ci.p2, git_commit_parent_id(c, 1));
	commitmsg_parse(msg, w->text.ci.nparents, &w->text.cm);
	clean_text(&w->tmp2, w->text.cm.note.data, w->text.cm.note.len, enc);
	w->text.ci.cut = note_cut(&w->tmp2);
	w->text.ci.note = walk_intern(w, w->tmp2.data);
	w->text.ci.request = w->text.cm.request;
	w->text.ci.bare = w->text.cm.bare;
	w->text.ci.author = author_name(w, c, enc);
	w->text.ci.loaded = 1;
	git_commit_free(c);
	return 0;
}

/* Forget the merged commits read for the previous commit. */
void
side_clear(struct walk *w)
{
	size_t	 i;

	for (i = 0; i < w->text.nside; i++) {
		size_t	 k;

		for (k = 0; k < w->text.side[i].npaths; k++)
			free(w->text.side[i].paths[k]);
		free(w->text.side[i].paths);
	}
	free(w->text.side);
	w->text.side = NULL;
	w->text.nside = 0;
	w->text.sideloaded = 0;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The .md paths side commit "c" changed, sorted into sd->paths: one tree
 * comparison per merged commit, however many documents the merge gave a
 * version.  (Looking each document up in the commit's trees instead cost
 * a read of the site directory's tree per document and merged commit:
 * minutes on a repository whose documents share one large folder.)
 * libgit2 does not descend into subtrees whose ids are equal.
 */
static int
side_paths(struct walk *w, git_commit *c, struct side *sd)
{
	git_commit	*p = NULL;
	git_tree	*t = NULL, *pt = NULL;
	git_diff	*diff = NULL;
	const git_diff_delta *d;
	size_t		 i, n, cap = 0;
	int		 rc = -1;

	if (git_commit_tree(&t, c) < 0 ||
	    (git_commit_parentcount(c) == 1 &&
	    (git_commit_parent(&p, c, 0) < 0 ||
	    git_commit_tree(&pt, p) < 0)) ||
	    git_diff_tree_to_tree(&diff, w->repo, pt, t, NULL) < 0)
		goto done;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const char	*path;

		d = git_diff_get_delta(diff, i);
		path = d->new_file.path != NULL ? d->new_file.path :
		    d->old_file.path;
		if (path == NULL || !is_md(path, strlen(path)))
			continue;
		if (sd->npaths == cap) {
			cap = cap != 0 ? cap * 2 : 8;
			sd->paths = xreallocarray(sd->paths, cap,
			    sizeof(*sd->paths));
		}
		sd->paths[sd->npaths++] = xstrdup(path);
	}
	if (sd->npaths > 1)
		qsort(sd->paths, sd->npaths, sizeof(*sd->paths), path_cmp);
	rc = 0;
done:
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(p);
	return rc;
}

/* Read commit "id" of a merged branch into w->text.side; 0 or -1. */
static int
side_add(struct walk *w, const git_oid *id, size_t *cap)
{
	git_commit	*c = NULL;
	struct side	*sd;
	const char	*msg;
	enum enc	 enc;

	if (git_commit_lookup(&c, w->repo, id) < 0)
		return -1;
	if (git_commit_parentcount(c) > 1) {
		git_commit_free(c);	/* a merge within the branch */
		return 0;
	}
	if (w->text.nside == *cap) {
		*cap = *cap != 0 ? *cap * 2 : 8;
		w->text.side = xreallocarray(w->text.side, *cap,
		    sizeof(*w->text.side));
	}
	sd = &w->text.side[w->text.nside];
	memset(sd, 0, sizeof(*sd));
	w->text.nside++;	/* side_clear frees what side_paths kept */
	if (side_paths(w, c, sd) == -1) {
		git_commit_free(c);
		return -1;
	}
	enc = enc_parse(git_commit_message_encoding(c));
	if ((msg = git_commit_message(c)) == NULL)
		msg = "";
	commitmsg_parse(msg, 1, &w->text.cm);
	clean_text(&w->tmp2, w->text.cm.note.data, w->text.cm.note.len, enc);
	if (note_cut(&w->tmp2))
		w->text.ci.cut = 1;
	/* A minor commit's subject is no note (it still has an author). */
	sd->minor = minor_trailer(msg);
	sd->note = w->tmp2.len > 0 && !w->text.cm.bare && !sd->minor ?
	    walk_intern(w, w->tmp2.data) : NULL;
	sd->author = author_name(w, c, enc);
	git_commit_free(c);
	return 0;
}

/*
 * The commits merge w->text.ci brought in (reachable from its second parent,
 * not from its first), oldest first, once per merge.  A failure (say, a
 * shallow clone without them) leaves the list empty: the merge then
 * speaks for itself.
 */
static void
side_load(struct walk *w)
{
	git_revwalk	*rw = NULL;
	git_oid		 id;
	size_t		 cap = 0;

	if (w->text.sideloaded)
		return;
	w->text.sideloaded = 1;
	if (git_revwalk_new(&rw, w->repo) < 0 ||
	    git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(rw, &w->text.ci.p2) < 0 ||
	    git_revwalk_hide(rw, &w->text.ci.p1) < 0)
		goto fail;
	while (git_revwalk_next(&id, rw) == 0)
		if (side_add(w, &id, &cap) == -1)
			goto fail;
	git_revwalk_free(rw);
	return;
fail:
	git_revwalk_free(rw);
	side_clear(w);
	w->text.sideloaded = 1;
	git_error_clear();
}

/* Whether side commit sd changed the file at "path". */
static int
side_changed(const struct side *sd, const char *path)
{
	return sd->npaths > 0 && bsearch(&path, sd->paths, sd->npaths,
	    sizeof(*sd->paths), path_cmp) != NULL;
}

/* Add "s" to the n strings of v unless there; returns their number. */
static size_t
list_add(const char **v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i] == s)	/* interned: one copy per string */
			return n;
	v[n] = s;
	return n + 1;
}

/* v joined: "A", "A and B", "A, B and C" when "and" is set, else "A; B". */
static void
list_join(struct buf *b, const char **v, size_t n, int and)
{
	size_t	 i;

	buf_reset(b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_puts(b, !and ? "; " : i + 1 == n ? " and " : ", ");
		buf_puts(b, v[i]);
	}
}

/*
 * The authors and, for a bare merge, the note of merge w->text.ci as a
 * version of the file at repository path "path": from the merged
 * commits that changed it.  Either is NULL when none did.  *minor is set
 * when every one of them was minor.
 */
void
merge_record(struct walk *w, const char *path, const char **authors,
    const char **note, int *minor)
{
	const char	**na, **nn;
	size_t		 i, ka = 0, kn = 0;
	int		 major = 0;

	*authors = *note = NULL;
	*minor = 0;
	side_load(w);
	if (w->text.nside == 0)
		return;
	na = xcalloc(w->text.nside, sizeof(*na));
	nn = xcalloc(w->text.nside, sizeof(*nn));
	for (i = 0; i < w->text.nside; i++) {
		if (!side_changed(&w->text.side[i], path))
			continue;
		ka = list_add(na, ka, w->text.side[i].author);
		major |= !w->text.side[i].minor;
		if (w->text.side[i].note != NULL)
			kn = list_add(nn, kn, w->text.side[i].note);
	}
	*minor = ka > 0 && !major;
	if (ka > 0) {
		list_join(&w->tmp2, na, ka, 1);
		*authors = walk_intern(w, w->tmp2.data);
	}
	if (kn > 0) {
		list_join(&w->tmp2, nn, kn, 0);
		if (note_cut(&w->tmp2))
			w->text.ci.cut = 1;
		*note = walk_intern(w, w->tmp2.data);
	}
	free(na);
	free(nn);
}
