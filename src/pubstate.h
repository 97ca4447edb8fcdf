/*
 * pubstate.h: what one version's text says about its publication, for
 * telling public versions from drafts and reviews (histfollow.c).
 *
 * A document's text is its front matter (YAML) and its body.  Of the
 * front matter, "status" and "superseded_by" say whether it is public
 * and what replaced it; "last_reviewed", "review_date" and "owner" are
 * review details; everything else, with the body, is the "text".  Two
 * versions whose text is the same byte for byte, but whose review
 * details differ, are one version and a review of it.  Text that cannot
 * be read as front matter and body (no front matter, bad YAML) is all
 * "text", and its status is current.  A byte-order mark is dropped and
 * CRLF and CR line ends are read as LF, as readfile.c reads documents.
 */
#ifndef PUBSTATE_H
#define PUBSTATE_H

#include <stddef.h>

#include "buf.h"

enum	pub_status {
	PUB_CURRENT,
	PUB_DRAFT,
	PUB_SUPERSEDED,
	PUB_WITHDRAWN
};

struct	pubstate {
	enum pub_status	 status;
	struct buf	 superseded_by;	/* empty if not given */
	struct buf	 text;		/* body and other fields, canonical */
	struct buf	 review;	/* review details, canonical */
};

#define PUBSTATE_INIT { PUB_CURRENT, BUF_INIT, BUF_INIT, BUF_INIT }

/*
 * Read the document text[0..len) (a blob: any bytes) into *out, whose
 * previous contents are replaced.  Never fails.  Free with
 * pubstate_free().
 */
void	 pubstate_read(const char *text, size_t len, struct pubstate *out);

/* Whether b is a and b with only review details changed (some did). */
int	 pubstate_is_review(const struct pubstate *a,
	    const struct pubstate *b);

void	 pubstate_free(struct pubstate *);

#endif /* !PUBSTATE_H */
