/*
 * build.h: the whole pipeline, config -> load -> history -> index ->
 * render -> write, as one call that main (and the preview server) makes.
 * It records diagnostics and prints nothing.
 */
#ifndef BUILD_H
#define BUILD_H

#include <stddef.h>

#include "buf.h"
#include "reuse.h"
#include "review.h"

struct	diag;
struct	diag_entry;
struct	history;

/* The stages whose time --timings reports. */
enum	stage {
	STAGE_CONFIG,
	STAGE_LOAD,
	STAGE_HISTORY,
	STAGE_INDEX,
	STAGE_RENDER,
	STAGE_WRITE,
	STAGE__MAX
};

/*
 * What folio serve keeps from one build to the next: the history walk,
 * reused while HEAD, the ignore-revs file, .mailmap and the shallow
 * boundary are as they were (the working tree's state is read again each
 * time), and each document's scan and pages (reuse.h): with a cache, the
 * site is written in place into the output folder.  Zero it before the
 * first build; free it with build_cache_free().
 */
struct	build_cache {
	char			*hist_key;	/* what the walk depended on */
	struct history		*hist;		/* the walk, or NULL */
	struct diag_entry	*hdiags;	/* the walk's diagnostics */
	size_t			 nhdiags;
	int			 reused;	/* the last build reused it */
	struct reuse		 reuse;		/* scans and pages */
};

struct	build_opts {
	int		 check;		/* validate only: write nothing */
	const char	*srcdir;	/* NULL: config_folder() chooses */
	const char	*outdir;	/* where the site goes (build) */
	const char	*today;		/* --today, or NULL */
	const char	*as_of;		/* --as-of, or NULL */
	const char	*owner;		/* check --owner, or NULL */
	int		 strict;	/* warnings are errors, overdue too */
	int		 drafts;	/* publish status: draft documents */
	int		 allow_shallow;
	int		 skip_bad_commits; /* history_opts.skip_bad */
	int		 no_past_versions;
	int		 preview;	/* editors' view: due-soon notices; a
					   site whose errors are all in
					   documents is still written
					   (report.partial), less the
					   documents that could not be read */
	int		 jobs;		/* worker processes; 0: one per core */
	int		 json;		/* fill report.json */
	struct build_cache *cache;	/* reuse between builds, or NULL */
	int		 last;		/* the process ends after this build:
					   the site and its history are left
					   to the kernel, not freed */
};

struct	build_report {
	const char		*srcdir;	/* the site folder used */
	size_t			 ndocs;
	size_t			 npages;	/* files written */
	int			 have_review;
	struct review_counts	 counts;
	int			 warn_days;
	struct buf		 review_json;	/* with opts.json */
	struct buf		 drafts;	/* paths of drafts, one a line
						   (of opts.owner's, when set) */
	char			*base_path;	/* site.yaml's URL path ("/"), or
						   NULL if not read; owned */
	int			 partial;	/* preview: written although
						   documents have errors (every
						   error is in a document) */
	struct buf		 pages;		/* preview: "FILE\tURL\n" for each
						   document, URL site-relative
						   ("procedures/x/") */
	double			 seconds[STAGE__MAX];
};

extern const char *const stage_names[STAGE__MAX];

/*
 * Run the pipeline.  Returns the exit status: 0 success, 1 the content
 * has errors (with strict, warnings too), 2 usage or environment; a
 * message for 2 that has no diagnostic is printed with warnx(3).
 * "report" is filled (free it with build_report_free()).
 */
int	 build_run(const struct build_opts *, struct diag *,
	    struct build_report *report);
void	 build_report_free(struct build_report *);
void	 build_cache_free(struct build_cache *);

#endif /* !BUILD_H */
