/*
 * init.c: folio init (see init.h).  The files it writes are here, as
 * they are written; "%TITLE%" in site.yaml is the site's title.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "init.h"
#include "site.h"
#include "util.h"

static const char site_yaml[] =
"# site.yaml: the settings of this folio site (the folder content/).\n"
"# Only \"title\" is required; every other setting is shown here commented\n"
"# out, most with its default.  Remove the \"# \" in front of a setting (and of its section\n"
"# line, such as \"review:\") to use it.  See docs/content.md\n"
"# in folio's documentation for what each one does.\n"
"\n"
"# The name of the site, shown on every page.\n"
"title: \"%TITLE%\"\n"
"\n"
"# One sentence about the site, for search engines and the home page.\n"
"# description: \"Procedures, arrangements and agreements of the partnership.\"\n"
"\n"
"# The address the site is published at, ending in \"/\".  Canonical links,\n"
"# the sitemap and the feed use it.  For GitHub Pages it is\n"
"# https://OWNER.github.io/REPOSITORY/; for GitLab Pages\n"
"# https://GROUP.gitlab.io/PROJECT/.\n"
"# base_url: https://www.example.org/\n"
"\n"
"# Where readers report an error: a mailto: address or a web address.\n"
"# contact: mailto:editors@example.org\n"
"\n"
"# The look of the site: a folder under themes/ (default: default).\n"
"# theme: default\n"
"\n"
"# The repository the site's files live in: each version then links its\n"
"# pull or merge request and its commit.  A github.com, gitlab.com,\n"
"# codeberg.org or bitbucket.org address is enough; on another host, say\n"
"# which forge runs it (github, gitlab, forgejo, gitea or bitbucket):\n"
"# repository: https://github.com/OWNER/REPOSITORY\n"
"# repository:\n"
"#   url: https://git.example.org/OWNER/REPOSITORY\n"
"#   forge: forgejo\n"
"#   branch: main           # the branch \"Edit this page\" opens\n"
"\n"
"# Where a worried reader turns: first on the home page, linked from\n"
"# every page and printed with it.  Replace the example number (from the\n"
"# range kept for drama, which rings nowhere) with your front door's\n"
"# before you publish.\n"
"concern:\n"
"  heading: Worried about a child?\n"
"  text: If you are worried that a child is being harmed, abused or\n"
"    neglected, contact children's services.  You do not have to be sure.\n"
"  emergency: If a child is in immediate danger, call the police on 999.\n"
"  numbers:\n"
"    - label: Children's services (example number, replace it)\n"
"      number: 01632 960000\n"
"      hours: Monday to Friday, 9am to 5pm\n"
"  # out_of_hours:\n"
"  #   label: Emergency duty team\n"
"  #   number: 01632 960001\n"
"  # form: https://www.example.org/report-a-concern\n"
"  # areas:                  # a partnership of several councils\n"
"  #   - name: One council\n"
"  #     numbers:\n"
"  #       - label: Its front door\n"
"  #         number: 01632 960002\n"
"  #     out_of_hours: ...\n"
"\n"
"# A site that serves several partnerships names them; documents and\n"
"# agency lists then say whose they are (\"partnership: ID\", default: all).\n"
"# partnerships:\n"
"#   - id: north                # lower-case letters, digits and '-'\n"
"#     name: Northshire Safeguarding Children Partnership\n"
"#     short_name: NSCP\n"
"#     areas: [Northshire]\n"
"#     concern: ...             # its own contacts, as concern: above\n"
"\n"
"# The groups or posts that own documents (front matter \"owner:\").  A\n"
"# document whose owner is not listed here is warned about, so that a typo\n"
"# cannot make a new owner nobody reviews for.  \"contact\" is optional.\n"
"owners:\n"
"  - name: Site editors\n"
"    # contact: mailto:editors@example.org\n"
"\n"
"# review:\n"
"#   # How many days before its review date a document is \"due\".\n"
"#   warn_days: 60\n"
"#   # The most months a review_date may be after last_reviewed (no limit\n"
"#   # when not set).\n"
"#   max_months: 24\n"
"#   # The review_date that \"folio new\" and \"folio reviewed\" give: this\n"
"#   # many months on.\n"
"#   interval_months: 12\n"
"\n"
"# history:\n"
"#   # Show who made each change on a document's history page.\n"
"#   show_authors: true\n"
"#   # How many days a document is marked \"New\" or \"Updated\".\n"
"#   recent_days: 30\n"
"#   # A file listing commits (one a line) that change no words, such as\n"
"#   # a reformatting, for the history to pass over.\n"
"#   ignore_revs: .git-blame-ignore-revs\n"
"\n"
"# markdown:\n"
"#   # Let raw HTML in documents through to the pages (default: removed).\n"
"#   allow_html: false\n"
"\n"
"# Names that went out of use: a current document written after that date\n"
"# and still using one (or its plural, or a variant) is flagged with its\n"
"# replacement.  Mark a passage about the past with <!-- historical -->\n"
"# and <!-- /historical --> to leave it unchecked.\n"
"# stale_terms:\n"
"#   - term: Local Safeguarding Children Board\n"
"#     replacement: safeguarding children partnership\n"
"#     since: 2019-09-29\n"
"#     variants: [LSCB]\n"
"\n"
"# Headings every document of a type must have.\n"
"# required_sections:\n"
"#   procedure:\n"
"#     - Purpose\n"
"\n"
"# What published arrangements must cover (by default the lead\n"
"# safeguarding partners, their delegates, the area, independent scrutiny,\n"
"# the relevant agencies and the yearly report), each by a heading holding\n"
"# one of its aliases or a front matter field; and how many months after\n"
"# the newest annual report's reporting year the next one is due.\n"
"# arrangements:\n"
"#   covers:\n"
"#     - name: the area\n"
"#       headings: [geographical area, area covered]\n"
"#       fields: [area]\n"
"#   yearly_report_months: 12\n";

static const char about_md[] =
"---\n"
"title: About this site\n"
"id: about\n"
"summary: What this site holds, who looks after it and how to suggest a change.\n"
"owner: Site editors\n"
"---\n"
"\n"
"This site publishes the partnership's documents: its published\n"
"arrangements, procedures, memoranda of understanding, annual reports and\n"
"minutes. Each document shows who owns it, when it was last reviewed and\n"
"every earlier version.\n"
"\n"
"## Adding a document\n"
"\n"
"Each kind of document has a folder of its own: `arrangements`,\n"
"`procedures`, `mou`, `annual-reports` and `minutes`. A document is a\n"
"Markdown file with a few lines of settings at the top, between two `---`\n"
"lines. `folio new procedure \"Title\"` starts one with those lines written.\n"
"\n"
"## Suggesting a change\n"
"\n"
"Every change is made in the site's repository, in a branch and a pull\n"
"request (a merge request on GitLab). The checks run on every pull request\n"
"and say on which line of which file anything needs fixing; once it is\n"
"merged, the site is built and published.\n";

static const char gitignore[] =
"# What folio build writes: made again on every build.\n"
"public/\n";

static const char github_yml[] =
"# folio: check every pull request; on the main branch, build the site\n"
"# from the full history and publish it to GitHub Pages.\n"
"#\n"
"# Set up once: Settings > Pages > Source: \"GitHub Actions\"; Settings >\n"
"# Secrets and variables > Actions > Variables: FOLIO_SOURCE, the address\n"
"# of the folio source release to build folio from (folio-VERSION.tar.gz,\n"
"# made by \"make dist\"; see folio's docs/deployment.md).\n"
"name: folio\n"
"\n"
"on:\n"
"  pull_request:\n"
"  push:\n"
"    branches: [main]\n"
"  workflow_dispatch:\n"
"\n"
"permissions:\n"
"  contents: read\n"
"\n"
"# A newer push to a pull request replaces its running check; a\n"
"# publication is never cut short.\n"
"concurrency:\n"
"  group: folio-${{ github.ref }}\n"
"  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n"
"\n"
"env:\n"
"  FOLIO_SOURCE: ${{ vars.FOLIO_SOURCE }}\n"
"\n"
"jobs:\n"
"  check:\n"
"    runs-on: ubuntu-latest\n"
"    container: debian:bookworm\n"
"    steps:\n"
"      - name: Install folio\n"
"        run: |\n"
"          apt-get update\n"
"          apt-get install -y --no-install-recommends ca-certificates curl gcc make pkg-config git libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev libyaml-dev libmicrohttpd-dev libssl-dev libmimalloc-dev\n"
"          mkdir -p /tmp/folio\n"
"          curl -fsSL \"$FOLIO_SOURCE\" | tar -xz -C /tmp/folio --strip-components=1\n"
"          make -C /tmp/folio install\n"
"      - uses: actions/checkout@v4\n"
"        with:\n"
"          fetch-depth: 0\n"
"      - name: Trust the checkout\n"
"        run: git config --global --add safe.directory \"$GITHUB_WORKSPACE\"\n"
"      # Errors stop the merge; warnings and overdue reviews appear on the\n"
"      # pull request's lines without stopping it (--fail-on says what does).\n"
"      - name: Check\n"
"        run: folio check -s content --format github --fail-on errors\n"
"\n"
"  build:\n"
"    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'\n"
"    needs: check\n"
"    runs-on: ubuntu-latest\n"
"    container: debian:bookworm\n"
"    steps:\n"
"      - name: Install folio\n"
"        run: |\n"
"          apt-get update\n"
"          apt-get install -y --no-install-recommends ca-certificates curl gcc make pkg-config git libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev libyaml-dev libmicrohttpd-dev libssl-dev libmimalloc-dev\n"
"          mkdir -p /tmp/folio\n"
"          curl -fsSL \"$FOLIO_SOURCE\" | tar -xz -C /tmp/folio --strip-components=1\n"
"          make -C /tmp/folio install\n"
"      - uses: actions/checkout@v4\n"
"        with:\n"
"          fetch-depth: 0\n"
"      - name: Trust the checkout\n"
"        run: git config --global --add safe.directory \"$GITHUB_WORKSPACE\"\n"
"      - name: Build\n"
"        run: folio build -s content -o public\n"
"      - name: Upload the site\n"
"        uses: actions/upload-pages-artifact@v3\n"
"        with:\n"
"          path: public\n"
"\n"
"  deploy:\n"
"    needs: build\n"
"    runs-on: ubuntu-latest\n"
"    permissions:\n"
"      pages: write\n"
"      id-token: write\n"
"    environment:\n"
"      name: github-pages\n"
"      url: ${{ steps.deployment.outputs.page_url }}\n"
"    steps:\n"
"      - name: Deploy to GitHub Pages\n"
"        id: deployment\n"
"        uses: actions/deploy-pages@v4\n";

static const char gitlab_yml[] =
"# folio: check every merge request; on the default branch, build the\n"
"# site from the full history and publish it to GitLab Pages.\n"
"#\n"
"# Set up once: Settings > CI/CD > Variables: FOLIO_SOURCE, the address of\n"
"# the folio source release to build folio from (folio-VERSION.tar.gz, made\n"
"# by \"make dist\"; see folio's docs/deployment.md).\n"
"image: debian:bookworm\n"
"\n"
"variables:\n"
"  GIT_DEPTH: \"0\"\n"
"\n"
"workflow:\n"
"  rules:\n"
"    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n"
"    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"
"\n"
"stages:\n"
"  - check\n"
"  - deploy\n"
"\n"
".install-folio:\n"
"  before_script:\n"
"    - apt-get update\n"
"    - apt-get install -y --no-install-recommends ca-certificates curl gcc make pkg-config git libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev libyaml-dev libmicrohttpd-dev libssl-dev libmimalloc-dev\n"
"    - mkdir -p /tmp/folio\n"
"    - curl -fsSL \"$FOLIO_SOURCE\" | tar -xz -C /tmp/folio --strip-components=1\n"
"    - make -C /tmp/folio install\n"
"\n"
"# Errors stop the merge; warnings and overdue reviews appear in the merge\n"
"# request's code-quality report without stopping it.\n"
"check:\n"
"  extends: .install-folio\n"
"  stage: check\n"
"  script:\n"
"    - folio check -s content --format gitlab --fail-on errors > gl-code-quality-report.json\n"
"  artifacts:\n"
"    when: always\n"
"    reports:\n"
"      codequality: gl-code-quality-report.json\n"
"\n"
"pages:\n"
"  extends: .install-folio\n"
"  stage: deploy\n"
"  rules:\n"
"    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"
"  script:\n"
"    - folio build -s content -o public\n"
"  artifacts:\n"
"    paths:\n"
"      - public\n";

/* Whether "dir" is missing or holds nothing but ".git". */
static int
usable(const char *dir)
{
	DIR		*dp;
	struct dirent	*de;
	int		 empty = 1;

	if ((dp = opendir(dir)) == NULL)
		return errno == ENOENT;
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, ".git") != 0)
			empty = 0;
	closedir(dp);
	return empty;
}

/* mkdir, an existing folder being fine; -1 after saying why. */
static int
make_dir(const char *path)
{
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		fprintf(stderr, "folio: init: %s: cannot create folder: %s\n",
		    path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Write dir/rel (a new file) and print its path. */
static int
put_file(const char *dir, const char *rel, const char *text, size_t len)
{
	struct buf	 path = BUF_INIT;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd, rc = -1;

	buf_printf(&path, "%s/%s", dir, rel);
	fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		goto fail;
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			goto fail;
		}
		off += (size_t)n;
	}
	if (close(fd) == -1)
		goto fail;
	printf("%s\n", path.data);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "folio: init: %s: cannot write: %s\n", path.data,
	    strerror(errno));
out:
	buf_free(&path);
	return rc;
}

/* site.yaml with the title, as a YAML double-quoted scalar's inside. */
static void
compose_config(struct buf *b, const char *title)
{
	const char	*at = strstr(site_yaml, "%TITLE%"), *p;

	buf_put(b, site_yaml, (size_t)(at - site_yaml));
	for (p = title; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_puts(b, at + sizeof("%TITLE%") - 1);
}

/* The default title: the folder's last name. */
static void
default_title(struct buf *b, const char *dir)
{
	char		*copy = xstrdup(dir), *slash;
	size_t		 n = strlen(copy);

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	slash = strrchr(copy, '/');
	buf_puts(b, slash != NULL && slash[1] != '\0' ? slash + 1 : copy);
	if (strcmp(b->data, ".") == 0 || strcmp(b->data, "/") == 0) {
		buf_reset(b);
		BUF_PUTSL(b, "New site");
	}
	free(copy);
}

/* One folder per section, kept in git by an empty .gitkeep. */
static int
make_sections(const char *dir)
{
	struct buf	 rel = BUF_INIT;
	const char	*folder;
	int		 t, rc = 0;

	for (t = 0; t < DT__MAX && rc == 0; t++) {
		if ((folder = doc_type_folder((enum doc_type)t)) == NULL)
			continue;
		buf_reset(&rel);
		buf_printf(&rel, "%s/content/%s", dir, folder);
		if (make_dir(rel.data) == -1) {
			rc = -1;
			break;
		}
		buf_reset(&rel);
		buf_printf(&rel, "content/%s/.gitkeep", folder);
		rc = put_file(dir, rel.data, "", 0);
	}
	buf_free(&rel);
	return rc;
}

int
init_run(const struct init_opts *o)
{
	struct buf	 cfg = BUF_INIT, title = BUF_INIT, sub = BUF_INIT;
	int		 status = 2;

	if (!usable(o->dir)) {
		fprintf(stderr, "folio: init: %s is not empty: folio init "
		    "makes a site only in a new or empty folder\n", o->dir);
		goto out;
	}
	if (make_dir(o->dir) == -1)
		goto out;
	if (o->title != NULL)
		buf_puts(&title, o->title);
	else
		default_title(&title, o->dir);
	compose_config(&cfg, title.data);
	buf_printf(&sub, "%s/content", o->dir);
	if (make_dir(sub.data) == -1 ||
	    put_file(o->dir, "content/site.yaml", cfg.data, cfg.len) == -1 ||
	    put_file(o->dir, "content/about.md", about_md,
	    sizeof(about_md) - 1) == -1 ||
	    put_file(o->dir, ".gitignore", gitignore, sizeof(gitignore) - 1)
	    == -1 ||
	    make_sections(o->dir) == -1 ||
	    put_file(o->dir, ".gitlab-ci.yml", gitlab_yml,
	    sizeof(gitlab_yml) - 1) == -1)
		goto out;
	buf_reset(&sub);
	buf_printf(&sub, "%s/.github", o->dir);
	if (make_dir(sub.data) == -1)
		goto out;
	BUF_PUTSL(&sub, "/workflows");
	if (make_dir(sub.data) == -1 ||
	    put_file(o->dir, ".github/workflows/folio.yml", github_yml,
	    sizeof(github_yml) - 1) == -1)
		goto out;
	status = 0;
out:
	buf_free(&cfg);
	buf_free(&title);
	buf_free(&sub);
	return status;
}
