/*
 * histwalk.c: what every part of the history walk shares (histwalk.h):
 * keeping libgit2's reason for a failure, and interning strings.
 */

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "histwalk.h"
#include "strmap.h"
#include "util.h"

/* Errors. */

/* Call right after a libgit2 call returned rc < 0: keeps its message. */
int
walk_git_fail(struct walk *w, int rc)
{
	const git_error	*e = git_error_last();

	buf_reset(&w->err);
	buf_puts(&w->err, e != NULL && e->message != NULL ?
	    e->message : "unknown libgit2 error");
	if (rc == GIT_EOWNER)
		buf_puts(&w->err, " (see git config safe.directory)");
	return -1;
}

int
walk_fail(struct walk *w, const char *msg, const git_oid *id)
{
	char	 hex[GIT_OID_HEXSZ + 1];

	buf_reset(&w->err);
	buf_puts(&w->err, msg);
	if (id != NULL && git_oid_tostr(hex, sizeof(hex), id) != NULL)
		buf_printf(&w->err, " %s", hex);
	return -1;
}

/*
 * Report a bad commit.  History cannot be changed, so the ways out are
 * to list the commit in the ignore-revs file (when only its text is at
 * fault) or to build without it.
 */
void
walk_bad(struct walk *w, const char *hex, const char *path, const char *why,
    int revs)
{
	w->nbad++;
	if (w->skip_bad)
		diag_add(w->d, DIAG_WARNING, NULL, 0, 0, "commit %.7s%s%s: %s; "
		    "left out of the record (--skip-bad-commits)", hex,
		    path != NULL ? ", " : "", path != NULL ? path : "", why);
	else
		diag_add(w->d, DIAG_ERROR, NULL, 0, 0, "commit %.7s%s%s: %s; "
		    "%sbuild with --skip-bad-commits to leave it out of the "
		    "record", hex, path != NULL ? ", " : "",
		    path != NULL ? path : "", why, revs ? "list the commit in "
		    "history.ignore_revs or " : "");
}

/* The history's copy of s, one per distinct string. */
const char *
walk_intern(struct walk *w, const char *s)
{
	struct history	*h = w->h;
	char		*p;

	if ((p = strmap_get(&w->intern, s)) != NULL)
		return p;
	p = xstrdup(s);
	(void)strmap_put(&w->intern, s, p);
	if (h->nstr == h->strcap) {
		h->strcap = h->strcap != 0 ? h->strcap * 2 : 256;
		h->strv = xreallocarray(h->strv, h->strcap, sizeof(*h->strv));
	}
	h->strv[h->nstr++] = p;
	return p;
}
