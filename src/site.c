/*
 * site.c: names of the content model's types and the model's cleanup.
 */
#include <stdlib.h>
#include <string.h>

#include "blobid.h"
#include "buf.h"
#include "matcher.h"
#include "site.h"

struct	type_info {
	const char	*name;		/* in front matter */
	const char	*label;		/* for readers */
	const char	*folder;	/* the folder that implies it, or NULL */
	int		 reviewable;
};

static const struct type_info types[DT__MAX] = {
	[DT_ARRANGEMENT] = { "arrangement", "Published arrangements",
	    "arrangements", 1 },
	[DT_PROCEDURE] = { "procedure", "Procedure", "procedures", 1 },
	[DT_MOU] = { "mou", "Memorandum of understanding", "mou", 1 },
	[DT_ANNUAL_REPORT] = { "annual-report", "Annual report",
	    "annual-reports", 0 },
	[DT_MINUTES] = { "minutes", "Minutes", "minutes", 0 },
	[DT_AGENCIES] = { "agencies", "Relevant agencies", NULL, 0 },
	[DT_GLOSSARY] = { "glossary", "Glossary", NULL, 0 },
	[DT_PAGE] = { "page", "Page", NULL, 0 },
};

const char *
doc_type_name(enum doc_type t)
{
	return t < DT__MAX ? types[t].name : NULL;
}

const char *
doc_type_label(enum doc_type t)
{
	return t < DT__MAX ? types[t].label : "Document";
}

int
doc_type_parse(const char *s)
{
	int	 i;

	for (i = 0; i < DT__MAX; i++)
		if (strcmp(types[i].name, s) == 0)
			return i;
	return -1;
}

int
doc_type_from_folder(const char *folder)
{
	int	 i;

	for (i = 0; i < DT__MAX; i++)
		if (types[i].folder != NULL && strcmp(types[i].folder, folder) == 0)
			return i;
	return -1;
}

const char *
doc_type_folder(enum doc_type t)
{
	return t < DT__MAX ? types[t].folder : NULL;
}

int
doc_type_reviewable(enum doc_type t)
{
	return t < DT__MAX && types[t].reviewable;
}

const char *
doc_status_name(enum doc_status s)
{
	switch (s) {
	case ST_DRAFT:
		return "draft";
	case ST_SUPERSEDED:
		return "superseded";
	case ST_WITHDRAWN:
		return "withdrawn";
	case ST_RECORD:
		return "record";
	default:
		return "current";
	}
}

static void
free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
doc_source_key(const struct doc *doc, char key[41])
{
	struct buf	 m = BUF_INIT;

	if (doc->source_key[0] != '\0') {
		memcpy(key, doc->source_key, 41);
		return;
	}
	buf_printf(&m, "%s%c%zu%c%zu%c", doc->path, 0, doc->body_line, 0,
	    doc->front != NULL ? doc->front_len : 0, 0);
	if (doc->front != NULL)
		buf_put(&m, doc->front, doc->front_len);
	if (doc->body != NULL)
		buf_put(&m, doc->body, doc->body_len);
	blob_id(key, m.data, m.len);
	buf_free(&m);
}

void
doc_free(struct doc *doc)
{
	size_t	 i;

	if (doc == NULL)
		return;
	free(doc->path);
	free(doc->relpath);
	free(doc->section);
	free(doc->id);
	free(doc->url);
	free(doc->title);
	free(doc->summary);
	free(doc->owner);
	free(doc->superseded_by);
	free_list(doc->related, doc->nrelated);
	free_list(doc->aliases, doc->naliases);
	free(doc->area);
	free(doc->period);
	free_list(doc->partnership, doc->npartnership);
	free(doc->partnership_col);
	free(doc->partnership_ln);
	for (i = 0; i < doc->nagencies; i++) {
		free(doc->agencies[i].name);
		free_list(doc->agencies[i].aliases, doc->agencies[i].naliases);
		free(doc->agencies[i].sector);
		free(doc->agencies[i].statutory_basis);
		free(doc->agencies[i].website);
		free(doc->agencies[i].anchor);
		free(doc->agencies[i].area);
		free(doc->agencies[i].replaced_by);
	}
	free(doc->agencies);
	for (i = 0; i < doc->nterms; i++) {
		free(doc->terms[i].term);
		free(doc->terms[i].expansion);
		free(doc->terms[i].definition);
		free(doc->terms[i].anchor);
	}
	free(doc->terms);
	free(doc->front);
	free(doc->body);
	scan_free(&doc->scan);
	free(doc->backlinks);
	free(doc);
}

static void
concern_numbers_free(struct concern_number *v, size_t n)
{
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++) {
		free(v[i].label);
		free(v[i].number);
		free(v[i].tel);
		free(v[i].hours);
	}
	free(v);
}

static void
concern_free(struct concern *c)
{
	size_t	 i;

	for (i = 0; i < c->nareas; i++) {
		free(c->areas[i].name);
		concern_numbers_free(c->areas[i].numbers,
		    c->areas[i].nnumbers);
		concern_numbers_free(c->areas[i].out_of_hours, 1);
	}
	free(c->areas);
	concern_numbers_free(c->numbers, c->nnumbers);
	concern_numbers_free(c->out_of_hours, 1);
	free(c->heading);
	free(c->text);
	free(c->emergency);
	free(c->form);
}

void
config_free(struct config *cfg)
{
	size_t	 i, j;

	concern_free(&cfg->concern);
	for (i = 0; i < cfg->ncovers; i++) {
		free(cfg->covers[i].name);
		for (j = 0; j < cfg->covers[i].nheadings; j++)
			free(cfg->covers[i].headings[j]);
		free(cfg->covers[i].headings);
		for (j = 0; j < cfg->covers[i].nfields; j++)
			free(cfg->covers[i].fields[j]);
		free(cfg->covers[i].fields);
	}
	free(cfg->covers);
	for (i = 0; i < cfg->npartnerships; i++) {
		free(cfg->partnerships[i].id);
		free(cfg->partnerships[i].name);
		free(cfg->partnerships[i].short_name);
		free_list(cfg->partnerships[i].areas,
		    cfg->partnerships[i].nareas);
		concern_free(&cfg->partnerships[i].concern);
	}
	free(cfg->partnerships);
	for (i = 0; i < cfg->nstale; i++) {
		free(cfg->stale[i].term);
		free(cfg->stale[i].replacement);
		for (j = 0; j < cfg->stale[i].nvariants; j++)
			free(cfg->stale[i].variants[j]);
		free(cfg->stale[i].variants);
	}
	free(cfg->stale);
	for (i = 0; i < cfg->nrequired; i++) {
		for (j = 0; j < cfg->required[i].nheadings; j++)
			free(cfg->required[i].headings[j]);
		free(cfg->required[i].headings);
	}
	free(cfg->required);
	for (i = 0; i < cfg->nowners; i++) {
		free(cfg->owners[i].name);
		free(cfg->owners[i].contact);
	}
	free(cfg->owners);
	free(cfg->contact);
	free(cfg->repo_url);
	free(cfg->repo_branch);
	free(cfg->ignore_revs);
	free(cfg->title);
	free(cfg->description);
	free(cfg->base_url);
	free(cfg->base_path);
	free(cfg->theme);
	memset(cfg, 0, sizeof(*cfg));
}

void
site_free(struct site *s)
{
	size_t	 i;

	for (i = 0; i < s->ndocs; i++)
		doc_free(s->docs[i]);
	free(s->docs);
	for (i = 0; i < s->nsections; i++) {
		free(s->sections[i].name);
		free(s->sections[i].docs);
	}
	free(s->sections);
	free(s->agency);
	free(s->agency_doc);
	strmap_free(&s->byid);
	strmap_free(&s->bypath);
	for (i = 0; i < s->nassets; i++)
		free(s->assets[i]);
	free(s->assets);
	strmap_free(&s->assetset);
	strmap_free(&s->unread);
	matcher_free(s->names);
	matcher_free(s->stale);
	config_free(&s->cfg);
	memset(s, 0, sizeof(*s));
}
