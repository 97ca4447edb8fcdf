/*
 * commitmsg.h: what a commit message tells readers of the published
 * record: the change note, and the pull or merge request it came from.
 *
 * The note is, in this order:
 *  1. a "Change-note:" trailer (key in any case) in any paragraph after
 *     the subject; its value runs on over the following lines until a
 *     blank line or the next trailer ("Key: value", the key letters,
 *     digits and '-'), the lines joined with one space;
 *  2. for a merge of a pull or merge request, the request's title, as
 *     the forges write it: the paragraph after the subject when the
 *     subject is GitHub's "Merge pull request #N from owner/branch",
 *     GitLab's "Merge branch 'x' into 'y'" (N from a later line "See
 *     merge request group/project!N") or Bitbucket's "Merged in branch
 *     (pull request #N)"; a paragraph made only of trailers ("Approved-by:
 *     X") or GitLab's "See merge request" line is not a title;
 *  3. otherwise the subject (git's "%s": the first paragraph, its lines
 *     joined), less GitHub's squash suffix " (#N)", N being the request.
 * When the subject is a merge subject (one of the shapes above, or any
 * subject starting "Merge " or "Merged " when the caller says the commit
 * has two parents or more) and neither a trailer nor a title was found,
 * the note is left empty and "bare" is set: the caller must not show the
 * subject but find words of its own (the merged commits' subjects).
 * The text is returned as it is in the message (not converted or
 * cleaned); histtext.c makes it valid UTF-8.
 */
#ifndef COMMITMSG_H
#define COMMITMSG_H

#include "buf.h"

struct	commitmsg {
	struct buf	 note;		/* the change note; empty when bare */
	unsigned long	 request;	/* the request's number, or 0 */
	int		 bare;		/* a merge subject with nothing to say */
	int		 trailer;	/* the note came from "Change-note:" */
};

#define COMMITMSG_INIT	{ BUF_INIT, 0, 0, 0 }

/*
 * Read "msg" (a NUL-terminated commit message; NULL is taken as "")
 * of a commit with "nparents" parents into *out, whose previous
 * contents are replaced.  Free with commitmsg_free().
 */
void	 commitmsg_parse(const char *msg, int nparents, struct commitmsg *out);

/* Free out's memory; it is then as COMMITMSG_INIT. */
void	 commitmsg_free(struct commitmsg *);

#endif /* !COMMITMSG_H */
