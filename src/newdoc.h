/*
 * newdoc.h: folio new, which starts a document: the file in its
 * section's folder, named from the title, with the front matter its type
 * needs already written.
 */
#ifndef NEWDOC_H
#define NEWDOC_H

struct	buf;

struct	newdoc_opts {
	const char	*type;		/* arrangement, procedure, mou,
					   annual-report, minutes or page */
	const char	*title;
	const char	*srcdir;	/* NULL: config_folder() chooses */
	const char	*today;		/* --today, or NULL */
};

/*
 * Append to "out" the file name stem for "title": ASCII letters and
 * digits lowercased, every run of anything else one '-', none at either
 * end ("Strategy Discussion: Police" gives "strategy-discussion-police").
 * May append nothing.
 */
void	 newdoc_slug(struct buf *out, const char *title);

/*
 * Write the new document and print its path on standard output.  Never
 * replaces a file.  Returns the exit status: 0 written; 1 the file exists
 * already, or site.yaml has errors (printed as diagnostics); 2 usage or
 * environment (an unknown type, a title with no letters or digits, no
 * site folder, a folder that cannot be written).
 */
int	 newdoc_run(const struct newdoc_opts *);

#endif /* !NEWDOC_H */
