/*
 * site.h: the site model shared by every stage: configuration, documents
 * and their metadata, sections.  It holds metadata and Markdown sources,
 * never a page's rendered HTML longer than it takes to write it.
 */
#ifndef SITE_H
#define SITE_H

#include <stddef.h>

#include "date.h"
#include "scan.h"
#include "strmap.h"

struct	diag;
struct	tmpl_set;
struct	history;
struct	doc_history;
struct	matcher;
struct	reuse;

enum	doc_type {
	DT_ARRANGEMENT,
	DT_PROCEDURE,
	DT_MOU,
	DT_ANNUAL_REPORT,
	DT_MINUTES,
	DT_AGENCIES,
	DT_GLOSSARY,
	DT_PAGE,
	DT__MAX
};

enum	doc_status {
	ST_CURRENT,
	ST_DRAFT,
	ST_SUPERSEDED,
	ST_WITHDRAWN,
	ST_RECORD	/* kept as a record of its time, not current
			   guidance: not reviewed, no outdated terms */
};

/* Front matter fields, for remembering where each was given. */
enum	field {
	F_TITLE, F_TYPE, F_ID, F_SUMMARY, F_OWNER, F_APPROVED,
	F_LAST_REVIEWED, F_REVIEW_DATE, F_DATE, F_STATUS, F_SUPERSEDED_BY,
	F_RELATED, F_ALIASES, F_AGENCIES, F_TERMS, F_SAMPLE, F_AREA,
	F_MENTIONS, F_PERIOD, F_PARTNERSHIP,
	F__MAX
};

/* One entry of the relevant-agency appendix (type agencies). */
struct	agency {
	char	 *name;
	char	**aliases;	/* other names used in documents */
	size_t	  naliases;
	char	 *sector;
	char	 *statutory_basis;
	char	 *website;	/* NULL if none */
	char	 *anchor;	/* slug of the name, unique in the page */
	size_t	  line;		/* where it is given, for diagnostics */
	char	 *area;		/* the area or partnership it serves; NULL:
				   any (a national body) */
	int	  generic;	/* names a kind of body ("Charities"): never
				   linked from documents */
	struct date	 from;		/* came into being; unset if not given */
	struct date	 until;		/* ceased to exist; unset: still is */
	char		*replaced_by;	/* name of the agency that took over
					   its work, or NULL */
	size_t		 until_line;	/* where 'until' is given, or 0 */
	size_t		 idx;		/* its place in site->agency, the
					   mention bit (index.c) */
};

/* One glossary entry (type glossary). */
struct	term {
	char	*term;		/* e.g. "MARAC" */
	char	*expansion;	/* e.g. "Multi-Agency Risk Assessment Conference" */
	char	*definition;
	char	*anchor;
	size_t	 line;
};

struct	doc {
	char		 *path;		/* for diagnostics, e.g. content/procedures/x.md */
	char		 *relpath;	/* relative to the site directory */
	char		 *section;	/* top folder, or NULL for a top-level page */
	char		 *id;		/* [a-z0-9-]+, unique in the site */
	char		 *url;		/* site-relative, e.g. "procedures/x/" ("" for none) */
	enum doc_type	  type;
	enum doc_status	  status;
	char		 *title;
	char		 *summary;	/* NULL if none */
	char		 *owner;	/* NULL if none */
	struct date	  approved;
	struct date	  last_reviewed;
	struct date	  review_date;
	struct date	  date;		/* the document's own date (meeting, report) */
	char		 *superseded_by;
	char		**related;
	size_t		  nrelated;
	char		**aliases;
	size_t		  naliases;
	struct agency	 *agencies;
	size_t		  nagencies;
	struct term	 *terms;
	size_t		  nterms;
	size_t		  field_line[F__MAX];	/* 0 if not given */
	char		 *front;	/* the front matter as written, or NULL */
	size_t		  front_len;
	char		 *body;		/* Markdown after the front matter */
	size_t		  body_len;
	size_t		  body_line;	/* file line of the body's first line */
	char		  source_key[41];	/* doc_source_key(), kept when
					   loaded; "" if not */
	struct scan	  scan;		/* headings, links, mentions, plain
					   text: filled by the scan pass */
	struct doc	**backlinks;	/* documents linking here, by title */
	size_t		  nbacklinks;
	const struct doc_history *hist;	/* versions from git, or NULL */
	size_t		  nversions;	/* public versions (as of --as-of) */
	int		  draft;	/* uncommitted: working tree != HEAD */
	long long	  added;	/* when it came into the site: its first
					   version's commit time; LLONG_MAX if
					   not yet committed; 0 if unknown */
	int		  sample;	/* front matter 'sample: true': written as
					   an example, not in force */
	char		 *area;		/* front matter 'area': the area or
					   partnership it is of; NULL: any */
	int		  no_mentions;	/* 'mentions: false': no agency is
					   linked from it */
	char		 *period;	/* an annual report's reporting year
					   as written ("2018-19"); NULL */
	struct date	  period_end;	/* its last day (31 March 2019) */
	char		**partnership;	/* front matter 'partnership': ids as
					   written, or NULL (all) */
	size_t		 *partnership_col;	/* their columns; lines
						   in partnership_ln */
	size_t		 *partnership_ln;
	size_t		  npartnership;
	unsigned long long partners;	/* bit i: belongs to
					   cfg.partnerships[i]; 0: all
					   (index.c) */
};

struct	section {
	char		 *name;		/* folder name, also the URL segment */
	const char	 *title;	/* e.g. "Procedures" (static) */
	enum doc_type	  type;
	struct doc	**docs;		/* sorted by title */
	size_t		  ndocs;
	size_t		  docscap;	/* room in docs */
};

/* An outdated name and what replaced it (site.yaml stale_terms). */
struct	stale_term {
	char		*term;		/* e.g. "Clinical Commissioning Group" */
	char		*replacement;	/* e.g. "Integrated Care Board" */
	struct date	 since;		/* out of use from this date */
	char		**variants;	/* other spellings ("LSCB's"); each
					   also matches with a plural s */
	size_t		  nvariants;
};

/* A declared owner of documents (site.yaml owners). */
struct	owner {
	char	*name;		/* as documents give it in "owner:" */
	char	*contact;	/* mailto:, web address or text; NULL if none */
	size_t	 line;		/* where it is given */
};

/* Headings a type of document must have (site.yaml required_sections). */
struct	required {
	enum doc_type	  type;
	char		**headings;
	size_t		  nheadings;
};

/*
 * One thing published arrangements must cover (site.yaml
 * arrangements.covers): a front matter field that gives it, or a heading
 * holding one of the aliases as whole words, in any case.
 */
struct	cover {
	char	 *name;		/* e.g. "independent scrutiny" */
	char	**headings;	/* aliases: "scrutiny", "independent scrutineer" */
	size_t	  nheadings;
	char	**fields;	/* front matter keys: "area" */
	size_t	  nfields;
	size_t	  line;		/* where it is given */
};

/* Forges whose commit and request pages a version links (config.c). */
enum	forge {
	FORGE_NONE,
	FORGE_GITHUB,		/* github.com or GitHub Enterprise */
	FORGE_GITLAB,		/* gitlab.com or a GitLab server */
	FORGE_FORGEJO,		/* Forgejo or Gitea (Codeberg) */
	FORGE_BITBUCKET		/* bitbucket.org */
};

/* A telephone number readers can call (site.yaml concern). */
struct	concern_number {
	char	*label;		/* e.g. "Children's Hub" */
	char	*number;	/* as written, e.g. "01429 523825" */
	char	*tel;		/* digits only (a leading + kept), for tel: */
	char	*hours;		/* when it is answered; NULL if not given */
};

/* One council area's own numbers (site.yaml concern.areas). */
struct	concern_area {
	char			*name;
	struct concern_number	*numbers;
	size_t			 nnumbers;
	struct concern_number	*out_of_hours;	/* NULL if none */
};

/*
 * Where a worried reader turns (site.yaml concern): shown first on the
 * home page, linked from every page's header and printed with it.
 */
struct	concern {
	int			 set;		/* the block was given */
	char			*heading;	/* "Worried about a child?" */
	char			*text;		/* NULL if none */
	char			*emergency;	/* the 999 sentence */
	struct concern_number	*numbers;
	size_t			 nnumbers;
	struct concern_number	*out_of_hours;	/* NULL if none */
	char			*form;		/* online form URL; NULL */
	struct concern_area	*areas;
	size_t			 nareas;
};

/*
 * One of the partnerships a site serves (site.yaml partnerships).  At
 * most PARTNERSHIPS_MAX, so that a document's set is one bit mask.
 */
#define PARTNERSHIPS_MAX 64
struct	partnership {
	char		*id;		/* [a-z0-9-]+: in URLs and front matter */
	char		*name;		/* full name */
	char		*short_name;	/* e.g. "HSSCP"; the name if not given */
	char		**areas;	/* council areas it covers */
	size_t		 nareas;
	struct concern	 concern;	/* its own; .set 0 when not given */
	size_t		 line;		/* where it is given */
};

struct	config {
	char	*title;
	char	*description;	/* NULL if none */
	char	*base_url;	/* absolute, ends in '/'; "/" when not given */
	char	*base_path;	/* path part of base_url, ends in '/' */
	char	*theme;
	int	 warn_days;
	int	 max_months;	/* review.max_months; 0 when not set */
	int	 interval_months;	/* review.interval_months: folio new's
					   review_date; default 12 */
	size_t	 interval_line;	/* where it is given; 0 if not */
	int	 show_authors;
	int	 recent_days;	/* history.recent_days: "New", "Updated" */
	char	*ignore_revs;	/* history.ignore_revs, relative to the site */
	int	 allow_html;	/* markdown.allow_html: raw HTML passes through */
	struct stale_term	*stale;
	size_t			 nstale;
	struct required		*required;
	size_t			 nrequired;
	char	*contact;	/* where readers report errors: mailto: or URL */
	char	*repo_url;	/* repository: the site's repository on its
				   forge, no final '/' or ".git"; NULL if
				   not given */
	enum forge	 forge;	/* the forge repo_url is on */
	char	*repo_branch;	/* repository.branch; NULL: "main" */
	struct owner	*owners;	/* site.yaml owners; NULL: none declared */
	size_t		 nowners;
	struct concern	 concern;	/* zeroed when site.yaml has none */
	struct cover	*covers;	/* arrangements.covers; see covers_set */
	size_t		 ncovers;
	int		 covers_set;	/* given (even empty): no defaults */
	int		 report_months;	/* arrangements.yearly_report_months:
					   a yearly report is due this many
					   months after the newest one's
					   reporting year ends; 0: 12 */
	struct partnership *partnerships;	/* site.yaml partnerships;
						   NULL: none declared */
	size_t		 npartnerships;
};

struct	site {
	struct config	  cfg;
	char		 *srcdir;	/* as given, for diagnostics */
	struct date	  today;
	int		  preview;	/* for editors: show "due soon" notices */
	int		  past_versions;	/* write v<N>/ and changes pages */
	int		  jobs;		/* worker processes; 0: one per core */
	struct date	  as_of;	/* build the site as it stood; unset: now */
	struct doc	**docs;		/* sorted by relpath */
	size_t		  ndocs;
	size_t		  docsz;
	struct strmap	  byid;		/* id -> struct doc * */
	struct section	 *sections;	/* sorted by a fixed order, then name */
	size_t		  nsections;
	struct strmap	  bypath;	/* relpath -> struct doc * */
	struct doc	 *agencies;	/* the first agencies document, or NULL */
	struct agency	**agency;	/* every agency of every agencies
					   document, in document then list
					   order; indexes are mention bits */
	struct doc	**agency_doc;	/* the list each one is in */
	size_t		  nagency;
	struct doc	 *glossary;	/* the glossary document, or NULL */
	struct matcher	 *names;	/* agency names and glossary terms */
	struct matcher	 *stale;	/* cfg.stale terms, or NULL */
	size_t		  nnames;	/* agencies + terms, the mention bits */
	char		**assets;	/* files under the site linked from documents */
	size_t		  nassets;
	struct strmap	  assetset;	/* relpath -> (void *)1 */
	struct strmap	  unread;	/* documents that could not be read:
					   relpath, and "doc:" + the id their
					   file name gives -> (void *)1 */
	struct history	 *history;	/* NULL until the history stage exists */
	struct reuse	 *reuse;	/* results of the server's last build,
					   or NULL (see reuse.h) */
};

/* Type names as written in front matter ("annual-report"); NULL if bad. */
const char	*doc_type_name(enum doc_type);
/* Human name of a type ("Annual report"). */
const char	*doc_type_label(enum doc_type);
/* Parse a type name; -1 if unknown. */
int		 doc_type_parse(const char *);
/* The type a top folder implies; -1 if none. */
int		 doc_type_from_folder(const char *);
/* The top folder of a type's documents ("procedures"); NULL if none. */
const char	*doc_type_folder(enum doc_type);
/* Whether documents of the type must carry owner and review_date. */
int		 doc_type_reviewable(enum doc_type);
const char	*doc_status_name(enum doc_status);

/*
 * The model frees its own types, so that no stage above it is needed to
 * free a site: a document, the settings (left zeroed), the whole site
 * with all of those.  A document's headings are freed with
 * headings_free() (scan.h).
 */
void		 doc_free(struct doc *);

/*
 * The SHA-1 of a document's source as read: its path, body line, front
 * matter and body (40 hex digits and a NUL).  A scan and a document's
 * pages are kept by it.  Taken from doc->source_key when that is set
 * (content_load() sets it once the document is read: the source is not
 * changed afterwards), else worked out.
 */
void		 doc_source_key(const struct doc *, char key[41]);
void		 config_free(struct config *);
void		 site_free(struct site *);

#endif /* !SITE_H */
