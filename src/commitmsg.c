/*
 * commitmsg.c: change notes and request numbers from commit messages
 * (see commitmsg.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "commitmsg.h"
#include "util.h"

/* One line of the message, trailing white space dropped. */
struct	mline {
	const char	*s;
	size_t		 n;		/* 0: a blank line */
	size_t		 para;		/* index of its paragraph */
};

/* The message split into lines and paragraphs. */
struct	mtext {
	struct mline	*v;
	size_t		 n;
	size_t		 npara;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static void
split(const char *msg, struct mtext *t)
{
	const char	*p = msg, *eol;
	size_t		 cap = 0, n;
	int		 inpara = 0;

	memset(t, 0, sizeof(*t));
	while (*p != '\0') {
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		for (n = (size_t)(eol - p); n > 0 &&
		    is_blank((unsigned char)p[n - 1]); n--)
			continue;
		if (t->n == cap) {
			cap = cap != 0 ? cap * 2 : 16;
			t->v = xreallocarray(t->v, cap, sizeof(*t->v));
		}
		if (n == 0)
			inpara = 0;
		else if (!inpara) {
			inpara = 1;
			t->npara++;
		}
		t->v[t->n].s = p;
		t->v[t->n].n = n;
		t->v[t->n].para = t->npara - (n > 0 ? 1 : 0);
		t->n++;
		p = *eol != '\0' ? eol + 1 : eol;
	}
}

/* The length of a trailer's key at the start of l ("Key: ..."), or 0. */
static size_t
trailer_key(const struct mline *l)
{
	size_t	 i;

	if (l->n == 0 || !((l->s[0] >= 'A' && l->s[0] <= 'Z') ||
	    (l->s[0] >= 'a' && l->s[0] <= 'z')))
		return 0;
	for (i = 1; i < l->n && (l->s[i] == '-' || is_digit(l->s[i]) ||
	    (l->s[i] >= 'A' && l->s[i] <= 'Z') ||
	    (l->s[i] >= 'a' && l->s[i] <= 'z')); i++)
		continue;
	if (i == l->n || l->s[i] != ':' ||
	    (i + 1 < l->n && !is_blank((unsigned char)l->s[i + 1])))
		return 0;
	return i;
}

/* Whether line l's text starts with the word w (of length n), any case. */
static int
starts_ci(const char *s, size_t len, const char *w)
{
	size_t	 i, n = strlen(w);

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* Append s[0..n) less leading white space, after a space if b has text. */
static void
join(struct buf *b, const char *s, size_t n)
{
	while (n > 0 && is_blank((unsigned char)*s)) {
		s++;
		n--;
	}
	if (n == 0)
		return;
	if (b->len > 0)
		buf_putc(b, ' ');
	buf_put(b, s, n);
}

/* The lines of paragraph k, joined, into b. */
static void
paragraph(const struct mtext *t, size_t k, struct buf *b)
{
	size_t	 i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].n > 0 && t->v[i].para == k)
			join(b, t->v[i].s, t->v[i].n);
}

/* A "Change-note:" trailer after the subject, into b; 0 if there is one. */
static int
change_note(const struct mtext *t, struct buf *b)
{
	size_t	 i, k;

	for (i = 0; i < t->n; i++) {
		const struct mline *l = &t->v[i];

		if (l->n == 0 || l->para == 0 ||
		    (k = trailer_key(l)) != 11 ||
		    !starts_ci(l->s, l->n, "change-note"))
			continue;
		join(b, l->s + k + 1, l->n - k - 1);
		for (i++; i < t->n && t->v[i].n > 0 &&
		    trailer_key(&t->v[i]) == 0; i++)
			join(b, t->v[i].s, t->v[i].n);
		if (b->len > 0)
			return 0;
		i--;
	}
	return -1;
}

/* The number of digits at s (at most 9, so that it fits). */
static size_t
number(const char *s, size_t n, unsigned long *out)
{
	size_t	 i;

	*out = 0;
	for (i = 0; i < n && i < 9 && is_digit(s[i]); i++)
		*out = *out * 10 + (unsigned long)(s[i] - '0');
	return i;
}

/* Whether s[0..n) contains w; its offset after w in *after. */
static int
contains(const char *s, size_t n, const char *w, size_t *after)
{
	size_t	 i, m = strlen(w);

	for (i = 0; i + m <= n; i++)
		if (memcmp(s + i, w, m) == 0) {
			*after = i + m;
			return 1;
		}
	return 0;
}

/* Which forge's merge shape a subject has. */
enum	shape {
	SHAPE_NONE,
	SHAPE_GITHUB,
	SHAPE_GITLAB,
	SHAPE_BITBUCKET,
	SHAPE_MERGE		/* another "Merge ..." subject of a merge */
};

static enum shape
subject_shape(const char *s, size_t n, int nparents, unsigned long *req)
{
	size_t	 off, k;

	*req = 0;
	if (n > 20 && memcmp(s, "Merge pull request #", 20) == 0 &&
	    (k = number(s + 20, n - 20, req)) > 0 &&
	    contains(s + 20 + k, n - 20 - k, " from ", &off))
		return SHAPE_GITHUB;
	*req = 0;
	if (n > 14 && memcmp(s, "Merge branch '", 14) == 0 &&
	    contains(s, n, "' into '", &off))
		return SHAPE_GITLAB;
	if (n > 10 && memcmp(s, "Merged in ", 10) == 0 &&
	    contains(s, n, "(pull request #", &off) &&
	    number(s + off, n - off, req) > 0)
		return SHAPE_BITBUCKET;
	*req = 0;
	if (nparents >= 2 && (starts_ci(s, n, "merge ") ||
	    starts_ci(s, n, "merged ")))
		return SHAPE_MERGE;
	return SHAPE_NONE;
}

/* Whether paragraph k is only trailers, or GitLab's closing line. */
static int
not_title(const struct mtext *t, size_t k)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		const struct mline *l = &t->v[i];

		if (l->n == 0 || l->para != k)
			continue;
		if (starts_ci(l->s, l->n, "see merge request "))
			return 1;
		if (trailer_key(l) == 0)
			return 0;
	}
	return 1;
}

/* GitLab's "See merge request group/project!N": N, or 0. */
static unsigned long
gitlab_request(const struct mtext *t)
{
	unsigned long	 n = 0;
	size_t		 i, j;

	for (i = 0; i < t->n; i++) {
		const struct mline *l = &t->v[i];

		if (!starts_ci(l->s, l->n, "see merge request "))
			continue;
		for (j = l->n; j > 0 && is_digit(l->s[j - 1]); j--)
			continue;
		if (j > 0 && j < l->n && l->s[j - 1] == '!')
			(void)number(l->s + j, l->n - j, &n);
	}
	return n;
}

/* Strip GitHub's squash suffix " (#N)" from b, returning N (or 0). */
static unsigned long
squash_suffix(struct buf *b)
{
	unsigned long	 n;
	size_t		 i, k;

	if (b->len < 5 || b->data[b->len - 1] != ')')
		return 0;
	for (i = b->len - 1; i > 0 && is_digit(b->data[i - 1]); i--)
		continue;
	if (i < 4 || i == b->len - 1 || b->data[i - 1] != '#' ||
	    b->data[i - 2] != '(' || b->data[i - 3] != ' ')
		return 0;
	k = number(b->data + i, b->len - 1 - i, &n);
	if (k != b->len - 1 - i || n == 0)
		return 0;
	buf_truncate(b, i - 3);
	return n;
}

void
commitmsg_parse(const char *msg, int nparents, struct commitmsg *out)
{
	struct mtext	 t;
	struct buf	 subj = BUF_INIT;
	enum shape	 sh;
	unsigned long	 req;

	if (out->note.data == NULL)	/* zeroed memory */
		buf_init(&out->note);
	buf_reset(&out->note);
	out->request = 0;
	out->bare = 0;
	out->trailer = 0;
	split(msg != NULL ? msg : "", &t);
	paragraph(&t, 0, &subj);
	sh = subject_shape(subj.data, subj.len, nparents, &req);
	if (sh == SHAPE_GITLAB)
		req = gitlab_request(&t);
	out->request = req;
	if (change_note(&t, &out->note) == 0)
		out->trailer = 1;
	else if (sh != SHAPE_NONE && sh != SHAPE_MERGE && t.npara > 1 &&
	    !not_title(&t, 1))
		paragraph(&t, 1, &out->note);
	else if (sh != SHAPE_NONE)
		out->bare = 1;
	else {
		buf_put(&out->note, subj.data, subj.len);
		out->request = squash_suffix(&out->note);
	}
	if (out->trailer && sh == SHAPE_NONE) {
		/* The request of a squash merge, from its subject. */
		out->request = squash_suffix(&subj);
	}
	buf_free(&subj);
	free(t.v);
}

void
commitmsg_free(struct commitmsg *m)
{
	buf_free(&m->note);
	m->request = 0;
	m->bare = 0;
	m->trailer = 0;
}
