/*
 * init.h: folio init, which makes a new repository's files for a site
 * that builds and passes "folio check --strict" at once: the site folder
 * content/ (site.yaml with every setting shown, those left at their
 * defaults commented out; a folder for each section, kept by a .gitkeep;
 * a first document), a .gitignore for public/ (the output, which must
 * lie outside the site folder), and CI files for GitHub Actions
 * (.github/workflows/folio.yml) and GitLab CI (.gitlab-ci.yml) that
 * check every pull or merge request and publish the main branch.
 */
#ifndef INIT_H
#define INIT_H

struct	init_opts {
	const char	*dir;		/* new, or empty but for .git */
	const char	*title;		/* NULL: the folder's name */
};

/*
 * Make the site and print what was written on standard output.  Returns
 * the exit status: 0 made; 2 the folder is not empty (nothing written),
 * or cannot be written.  Never replaces a file.
 */
int	 init_run(const struct init_opts *);

#endif /* !INIT_H */
