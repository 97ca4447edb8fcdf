#!/bin/sh
# folio init: a new site builds and passes check --strict at once; a
# folder that is not empty is refused; and the shipped CI files work: the
# commands of the GitHub workflow's check and build jobs, and of the
# GitLab pipeline's check and pages jobs, are taken from the generated
# files and run as they are, in a git repository of the new site.  Steps
# that install packages (apt-get, folio from its source release) or
# deploy (actions/upload-pages-artifact, actions/deploy-pages, GitLab's
# artifacts) are not run here: the folio under test stands in for the
# installed one, on PATH.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
mkdir "$tmp/bin"
ln -s "$FOLIO" "$tmp/bin/folio"
PATH=$tmp/bin:$PATH
repo=$tmp/site

# --- folio init ---
check init/runs "$FOLIO" init "$repo" --title 'Tees "Valley" handbook' \
    >"$tmp/init.out" 2>"$tmp/init.err"
for f in content/site.yaml content/about.md .gitignore .gitlab-ci.yml \
    .github/workflows/folio.yml content/arrangements content/procedures \
    content/mou content/annual-reports content/minutes; do
	check "init/made/$f" test -e "$repo/$f"
done
check init/lists-files grep -qx "$repo/content/site.yaml" "$tmp/init.out"
check init/gitignore-public grep -qx 'public/' "$repo/.gitignore"
check init/title-quoted grep -qx 'title: "Tees \\"Valley\\" handbook"' \
    "$repo/content/site.yaml"
check init/repository-commented grep -q '^# repository: ' \
    "$repo/content/site.yaml"
# Every setting folio reads (the key lists of src/config.c) is in the
# file, set or commented out; so is repository.
keys=$(awk '/^static const char \*const [a-z]*_keys\[\]/ { on = 1 }
    on { print } on && /;/ { on = 0 }' src/config.c |
    grep -o '"[a-z_]*"' | tr -d '"' | sort -u)
check init/keys-read test "$(echo "$keys" | wc -l)" -ge 15
for k in $keys repository; do
	check "init/setting/$k" grep -Eq "^[# -]*$k:" "$repo/content/site.yaml"
done

# A folder with anything in it is refused, and left as it was.
mkdir "$tmp/full"
echo keep > "$tmp/full/notes.txt"
"$FOLIO" init "$tmp/full" >/dev/null 2>"$tmp/full.err"
check init/refuses-non-empty test $? -eq 2
check init/refusal-says-why grep -q 'is not empty' "$tmp/full.err"
check init/refusal-writes-nothing test "$(ls -A "$tmp/full")" = notes.txt
# The site's own files are never replaced.
"$FOLIO" init "$repo" >/dev/null 2>&1
check init/refuses-again test $? -eq 2
# A folder holding only .git (a repository just made) is accepted.
mkdir -p "$tmp/withgit/.git"
check init/accepts-only-git "$FOLIO" init "$tmp/withgit" >/dev/null

(cd "$repo" && git init -q -b main && git add -A &&
    git -c user.name=Ed -c user.email=ed@example.org commit -qm 'New site')
commit() {
	(cd "$repo" && git add -A &&
	    git -c user.name=Ed -c user.email=ed@example.org commit -qm "$1")
}
check init/check-strict sh -c "cd '$repo' && folio check --strict \
    --today $TODAY >/dev/null 2>&1"
check init/build sh -c "cd '$repo' && folio build -o '$tmp/out' \
    --today $TODAY >/dev/null 2>&1 && test -f '$tmp/out/about/index.html'"

# --- the workflow steps ---
# gh_runs JOB: the single-line "run:" commands of a job of the GitHub
# workflow, skipping the step that installs folio; a multi-line run that
# is not skipped is printed as "UNREAD" so that the test fails.
gh_runs() {
	awk -v want="$1" '
		/^jobs:/ { injobs = 1; next }
		injobs && /^  [a-z][a-z0-9_-]*:[ ]*$/ {
			job = $1; sub(":", "", job); next }
		job != want { next }
		/^      - name: / { name = $0; sub(/^      - name: /, "", name); next }
		/^      - / { name = ""; next }
		/^        run: / {
			cmd = $0; sub(/^        run: /, "", cmd)
			if (name == "Install folio")
				next
			if (cmd == "|" || cmd == ">")
				print "UNREAD"
			else
				print cmd
		}' "$repo/.github/workflows/folio.yml"
}
# gl_script JOB: the "script:" lines of a job of the GitLab pipeline (its
# before_script, from .install-folio, installs folio and is not read).
gl_script() {
	awk -v want="$1:" '
		/^[a-z.][a-z0-9_.-]*:/ { job = $1; inscript = 0; next }
		job != want { next }
		/^  script:/ { inscript = 1; next }
		/^  [a-z]/ { inscript = 0 }
		inscript && /^    - / { sub(/^    - /, ""); print }' \
	    "$repo/.gitlab-ci.yml"
}
# run_steps FILE: run each command of FILE in the repository, in order,
# stopping at the first failure; its status is that command's.
run_steps() {
	(cd "$repo" && while IFS= read -r cmd; do
		[ "$cmd" = UNREAD ] && exit 3
		sh -c "$cmd" || exit $?
	done < "$1")
}

gh_runs check > "$tmp/gh-check"
gh_runs build > "$tmp/gh-build"
gl_script check > "$tmp/gl-check"
gl_script pages > "$tmp/gl-pages"
check ci/github-check-read grep -q '^folio check .*--format github' "$tmp/gh-check"
check ci/github-build-read grep -q '^folio build ' "$tmp/gh-build"
check ci/gitlab-check-read grep -q '^folio check .*--format gitlab' "$tmp/gl-check"
check ci/gitlab-pages-read grep -q '^folio build .*-o public' "$tmp/gl-pages"
check ci/github-full-history grep -q 'fetch-depth: 0' \
    "$repo/.github/workflows/folio.yml"
check ci/gitlab-full-history grep -q 'GIT_DEPTH: "0"' "$repo/.gitlab-ci.yml"
check ci/github-pull-requests grep -q '^  pull_request:' \
    "$repo/.github/workflows/folio.yml"

export GITHUB_WORKSPACE=$repo SOURCE_DATE_EPOCH=1795608000  # 2026-11-24
run_steps "$tmp/gh-check" > "$tmp/gh.out" 2>"$tmp/gh.err"
check ci/github-new-site-passes test $? -eq 0
check ci/github-new-site-no-errors sh -c "! grep -q '^::error' '$tmp/gh.out'"
run_steps "$tmp/gh-build" >/dev/null 2>&1
check ci/github-build-publishes test -f "$repo/public/about/index.html"
rm -rf "$repo/public"
run_steps "$tmp/gl-pages" >/dev/null 2>&1
check ci/gitlab-pages-publishes test -f "$repo/public/about/index.html"
check ci/public-ignored sh -c "cd '$repo' && test -z \"\$(git status --porcelain)\""
rm -rf "$repo/public"
run_steps "$tmp/gl-check" 2>/dev/null
check ci/gitlab-new-site-passes test $? -eq 0
check ci/gitlab-empty-report sh -c "tr -d ' \n' < '$repo/gl-code-quality-report.json' | grep -qx '\[\]'"
rm -f "$repo/gl-code-quality-report.json"

# An overdue review is reported on its line, and does not stop the merge.
cat > "$repo/content/procedures/late.md" <<'DOC'
---
title: Late procedure
owner: Site editors
approved: 2020-01-01
last_reviewed: 2020-01-01
review_date: 2021-01-01
status: current
---

What to do, written long ago.
DOC
commit 'An overdue procedure'
run_steps "$tmp/gh-check" > "$tmp/gh.out" 2>"$tmp/gh.err"
check ci/github-overdue-passes test $? -eq 0
check ci/github-overdue-annotated grep -q \
    '^::warning file=content/procedures/late.md,line=6,title=folio::review overdue since' \
    "$tmp/gh.out"
run_steps "$tmp/gl-check" 2>/dev/null
check ci/gitlab-overdue-passes test $? -eq 0
check ci/gitlab-overdue-reported grep -q \
    '"severity":"minor","location":{"path":"content/procedures/late.md","lines":{"begin":6}}' \
    "$repo/gl-code-quality-report.json"
rm -f "$repo/gl-code-quality-report.json"
# ... unless the gate is asked to stop on it.
(cd "$repo" && folio check -s content --fail-on overdue >/dev/null 2>"$tmp/fo.err")
check ci/fail-on-overdue test $? -eq 1
check ci/fail-on-overdue-says grep -q 'failed: 1 overdue review (--fail-on overdue)' "$tmp/fo.err"
(cd "$repo" && folio check -s content --fail-on warnings >/dev/null 2>&1)
check ci/fail-on-warnings test $? -eq 1
(cd "$repo" && folio check -s content --fail-on errors,bogus >/dev/null 2>&1)
check ci/fail-on-bad-word test $? -eq 2

# A content error stops the check, on its line.
cat > "$repo/content/procedures/broken.md" <<'DOC'
---
title: Broken procedure
owner: Site editors
approved: 2026-01-01
last_reviewed: 2026-01-01
review_date: 2026-13-01
status: current
---

See [the other one](doc:no-such-document).
DOC
commit 'A broken procedure'
run_steps "$tmp/gh-check" > "$tmp/gh.out" 2>"$tmp/gh.err"
check ci/github-error-fails test $? -eq 1
check ci/github-error-annotated grep -q \
    '^::error file=content/procedures/broken.md,line=6,col=[0-9]*,title=folio::' \
    "$tmp/gh.out"
run_steps "$tmp/gl-check" 2>/dev/null
check ci/gitlab-error-fails test $? -eq 1
check ci/gitlab-error-reported grep -q \
    '"check_name":"folio-error","fingerprint":"[0-9a-f]\{16\}","severity":"major","location":{"path":"content/procedures/broken.md"' \
    "$repo/gl-code-quality-report.json"
run_steps "$tmp/gh-build" >/dev/null 2>&1
check ci/github-build-refuses test $? -eq 1
