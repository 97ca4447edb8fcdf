/*
 * scan.h: what the scan pass (links.c) finds in one document: its
 * headings with their anchors, its links as written, which agencies and
 * glossary terms it mentions, and its plain text for the search index.
 * A scan is made in the parent or in a worker process; it travels from
 * a worker as scan_pack() writes it (pack.h's format), and the preview
 * keeps copies of it between builds (reuse.h).
 *
 * A zeroed struct scan is an empty scan.  Every array carries its own
 * length (and the links their capacity); a scan owns all it points to,
 * and scan_free() frees it.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

struct	buf;
struct	unpack;

/* A link or image as written in a document's Markdown. */
struct	link {
	char	*url;		/* as written */
	size_t	 line;		/* 1-based, in the file */
	size_t	 col;
	int	 is_image;
};

/* A heading of a rendered document, for anchors and the contents. */
struct	heading {
	int	 level;		/* 1..6 */
	char	*text;		/* plain text */
	char	*anchor;	/* unique within the document */
};

struct	scan {
	struct heading	*headings;	/* in document order; NULL or nheadings
					   entries */
	size_t		 nheadings;
	struct link	*links;		/* in document order; room for
					   linkcap entries, nlinks used */
	size_t		 nlinks;
	size_t		 linkcap;
	unsigned char	*mentions;	/* per agency then term (site.h's
					   mention bits): 1 if mentioned;
					   NULL before a scan */
	size_t		 nmentions;	/* bytes in mentions */
	char		*plain;		/* the body as plain text,
					   NUL-terminated; NULL if not kept */
	size_t		 plain_len;
	char		*search;	/* its search entry, packed
					   (search_entry_pack()); NULL if not
					   made */
	size_t		 search_len;
};

/* Free n headings and the array (hs may be NULL). */
void		 headings_free(struct heading *hs, size_t n);

/*
 * Append a link to s->links, growing the array as needed, and return it
 * zeroed for the caller to fill; it is the scan's to free.
 */
struct link	*scan_add_link(struct scan *);

/*
 * Make "dst" a deep copy of "src": what dst held before is freed first.
 * NULL arrays stay NULL.
 */
void		 scan_copy(struct scan *dst, const struct scan *src);

/* Free everything the scan holds and leave it zeroed (empty). */
void		 scan_free(struct scan *);

/* Append the scan to "out" in pack.h's format, for scan_unpack(). */
void		 scan_pack(struct buf *out, const struct scan *);

/*
 * Replace "s" with the scan read from "u", as scan_pack() wrote it.
 * Returns 0, or -1 if the data ran short (u->bad is then set, and "s"
 * holds what was read: a valid scan, for scan_free()).
 */
int		 scan_unpack(struct scan *s, struct unpack *u);

#endif /* !SCAN_H */
