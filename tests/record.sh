#!/bin/sh
# The published record: change notes, authors, request and commit links,
# drafts, reviews, withdrawn and replaced documents, from repositories
# built here commit by commit in each shape the forges merge in; then a
# generated repository of a few hundred pull-request merges, where no
# history row, amendment or feed entry may start with "Merge".
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
repo=$tmp/repo
mkdir -p "$repo/content/procedures"
cd "$repo" || exit 1
git init -q -b main
git config user.name "Ann Editor"
git config user.email "ann@example.org"

# at DATE NAME EMAIL GIT-ARGS...: run git as NAME at DATE (UTC).
at() {
	_d=$1 _n=$2 _e=$3
	shift 3
	GIT_AUTHOR_DATE="$_d" GIT_COMMITTER_DATE="$_d" git -c user.name="$_n" \
	    -c user.email="$_e" "$@"
}
# doc FILE TITLE BODY [EXTRA-FRONT-MATTER]
doc() {
	printf -- '---\ntitle: %s\nowner: Procedures Group\nreview_date: 2030-01-01\n%b---\n%s\n' \
	    "$2" "${4:-}" "$3" > "content/procedures/$1"
}
# ci DATE NAME MESSAGE...: commit everything as NAME (name@example.org).
ci() {
	_d=$1 _n=$2
	shift 2
	git add -A
	at "$_d" "$_n" "$(echo "$_n" | tr 'A-Z ' 'a-z.')@example.org" commit -q "$@"
}
# merge DATE MERGER BRANCH MESSAGE...: a merge commit, as a forge makes it.
merge() {
	_d=$1 _n=$2 _b=$3
	shift 3
	at "$_d" "$_n" merger@example.org merge -q --no-ff "$@" "$_b"
	git branch -q -D "$_b"
}

printf 'title: Record Partnership\nbase_url: https://record.example.org/\nrepository: https://github.com/partnership/procedures.git\n' \
    > content/site.yaml
# Bob's old address is mapped to his name.
printf 'Bob Writer <bob@example.org> <bob@old.example.org>\n' > .mailmap
doc strategy.md "Strategy Discussion" "Hold the discussion within two working days."
doc lado.md "LADO Referrals" "Call the LADO."
doc other.md "Other Procedure" "Other text."
ci 2024-01-10T10:00:00Z "Ann Editor" -m "Add the first procedures"

# GitHub: "Merge pull request #N from owner/branch", blank line, title.
git checkout -q -b strategy-attend
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day."
at 2024-02-01T10:00:00Z "Bob W." bob@old.example.org commit -qam "wip timescale"
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health."
ci 2024-02-02T10:00:00Z "Cy Health" -m "add health"
doc other.md "Other Procedure" "Other text, changed by Dee."
ci 2024-02-02T11:00:00Z "Dee Other" -m "other doc on the same branch"
git checkout -q main
merge 2024-02-05T10:00:00Z "Merge Bot" strategy-attend \
    -m "Merge pull request #12 from partnership/strategy-attend" \
    -m "Strategy discussion: one working day, health attends"
gh_merge=$(git rev-parse HEAD)

# GitLab: "Merge branch 'x' into 'main'", title, "See merge request".
git checkout -q -b lado-number
doc lado.md "LADO Referrals" "Call the LADO on 0100."
ci 2024-03-01T10:00:00Z "Cy Health" -m "number"
git checkout -q main
merge 2024-03-02T10:00:00Z "Merge Bot" lado-number \
    -m "Merge branch 'lado-number' into 'main'" \
    -m "LADO referrals: the new contact number" -m "Closes #4" \
    -m "See merge request partnership/procedures!7"

# Bitbucket: "Merged in branch (pull request #N)", title.
git checkout -q -b feature/lado-hours
doc lado.md "LADO Referrals" "Call the LADO on 0100, 9am to 5pm."
ci 2024-03-10T10:00:00Z "Dee Other" -m "hours"
git checkout -q main
merge 2024-03-11T10:00:00Z "Merge Bot" feature/lado-hours \
    -m "Merged in feature/lado-hours (pull request #5)" \
    -m "LADO referrals: office hours" -m "Approved-by: Ann Editor"

# A squash merge: one ordinary commit, GitHub's " (#N)" at the end.
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health and police."
ci 2024-04-01T10:00:00Z "Bob Writer" -m "Strategy discussion: police attend too (#31)"

# A rebase merge: the branch's commits replayed on main, as they are.
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health and police. Record it."
ci 2024-04-10T10:00:00Z "Eve Rebase" -m "Strategy discussion: record the discussion"

# A merge with no body: the merged commits' subjects speak for it.
git checkout -q -b topic
doc lado.md "LADO Referrals" "Call the LADO on 0100, 9am to 5pm. Out of hours, call the EDT."
ci 2024-05-01T10:00:00Z "Bob Writer" -m "LADO referrals: out of hours"
doc lado.md "LADO Referrals" "Call the LADO on 0100, 9am to 5pm. Out of hours, call the EDT."
doc other.md "Other Procedure" "Other text, changed again."
ci 2024-05-01T11:00:00Z "Dee Other" -m "Unrelated change to another document"
doc lado.md "LADO Referrals" "Call the LADO on 0100, 9am to 5pm.  Out of hours, call the EDT."
ci 2024-05-01T12:00:00Z "Fay Minor" -m "Spacing" -m "Minor: yes"
git checkout -q main
merge 2024-05-02T10:00:00Z "Merge Bot" topic -m "Merge branch 'topic'"

# A merge whose only change to a document is minor: not a version.
git checkout -q -b tidy
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health and police.  Record it."
ci 2024-05-10T10:00:00Z "Fay Minor" -m "Tidy the spacing" -m "Minor: yes"
git checkout -q main
merge 2024-05-11T10:00:00Z "Merge Bot" tidy -m "Merge branch 'tidy'"

# A Change-note trailer, over two lines, wins over the subject.
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health and police. Record it the same day."
ci 2024-06-01T10:00:00Z "Ann Editor" -m "fix wording in para 3" \
    -m "Change-note: Strategy discussions are recorded
  the same day.
Signed-off-by: Ann Editor <ann@example.org>"

# Draft, draft, then current: one version, published on the third.
doc newproc.md "New Procedure" "Draft text." "status: draft\n"
ci 2024-06-10T10:00:00Z "Ann Editor" -m "Start the new procedure (draft)"
doc newproc.md "New Procedure" "Better draft text." "status: draft\n"
ci 2024-06-11T10:00:00Z "Ann Editor" -m "Rework the draft"
doc newproc.md "New Procedure" "Approved text." "status: current\n"
ci 2024-06-12T10:00:00Z "Ann Editor" -m "Publish the new procedure"

# A review: only review_date and last_reviewed move.
printf -- '---\ntitle: Other Procedure\nowner: Procedures Group\nreview_date: 2031-01-01\nlast_reviewed: 2024-06-20\n---\nOther text, changed again.\n' \
    > content/procedures/other.md
ci 2024-06-20T10:00:00Z "Ann Editor" -m "Annual review of the other procedure"

# Withdrawn, and replaced.
doc lado.md "LADO Referrals" "Call the LADO on 0100, 9am to 5pm. Out of hours, call the EDT." "status: withdrawn\n"
ci 2024-07-01T10:00:00Z "Ann Editor" -m "Withdraw the LADO procedure"
doc strategy.md "Strategy Discussion" "Hold the discussion within one working day, with health and police. Record it the same day." "status: superseded\nsuperseded_by: newproc\n"
ci 2024-07-02T10:00:00Z "Ann Editor" -m "Replace the strategy procedure"
cd - > /dev/null

out=$tmp/out
$FOLIO build -q -s "$repo/content" -o "$out" --today 2024-08-01 2> "$tmp/err"
check record/build [ $? = 0 ]
S=$out/procedures/strategy/history/index.html
L=$out/procedures/lado/history/index.html
O=$out/procedures/other/history/index.html
N=$out/procedures/newproc/history/index.html
A=$out/amendments/index.html
F=$out/amendments.xml
gh=https://github.com/partnership/procedures

# rows FILE: the page as text, one list item or table row a line, so
# that checks hold whatever markup the templates use.
rows() {
	tr '\n' ' ' < "$1" |
	    sed 's#<li class="update#\n&#g; s#</ol>#&\n#g; s#</entry>#&\n#g; s#</h[1-6]>#&\n#g; s#<div#\n&#g' |
	    sed 's/<[^>]*>//g; s/[[:space:]][[:space:]]*/ /g'
}
# row FILE PATTERN...: some row of FILE matches every (grep) pattern.
row() {
	_f=$1
	shift
	rows "$_f" > "$tmp/rows"
	for _p in "$@"; do
		grep -- "$_p" "$tmp/rows" > "$tmp/rows2" || return 1
		mv "$tmp/rows2" "$tmp/rows"
	done
}
norow() { ! row "$@"; }
short=$(echo "$gh_merge" | cut -c 1-7)

# GitHub: the request's title, by the authors of the merged commits that
# changed the document (.mailmap applied, in order; not the merger, not
# Dee, whose commit changed another document), linked to the request
# and the merge commit.
check record/github-note row "$S" 'Strategy discussion: one working day, health attends' 'Bob Writer and Cy Health' 'pull request #12' "[Cc]ommit $short"
check record/github-links sh -c "grep -q 'href=\"$gh/pull/12\"' '$S' && grep -q 'href=\"$gh/commit/$gh_merge\"' '$S'"
# Editors' links on the document's page: edit the file on its branch,
# and its history, in the repository's own pages.
check record/edit-link grep -q "<a href=\"$gh/edit/main/content/procedures/strategy.md\">Edit this page</a>" "$out/procedures/strategy/index.html"
check record/repo-history-link grep -q "<a href=\"$gh/commits/main/content/procedures/strategy.md\">View its history in the repository</a>" "$out/procedures/strategy/index.html"
check record/no-edit-link-on-versions sh -c "! grep -q 'Edit this page' '$out/procedures/strategy/v1/index.html'"
check record/merger-not-author sh -c "! grep -q 'Merge Bot' '$S' '$L' '$O' '$A' '$F'"
check record/gitlab-note row "$L" 'LADO referrals: the new contact number' 'Cy Health' 'request #7'
check record/gitlab-link grep -q "href=\"$gh/pull/7\"" "$L"
check record/bitbucket-note row "$L" 'LADO referrals: office hours' 'Dee Other' 'request #5'
check record/squash-note row "$S" 'Strategy discussion: police attend too' 'Bob Writer' 'request #31'
check record/squash-suffix-gone sh -c "! grep -rq '(#31)' '$out'"
check record/rebase-note row "$S" 'Strategy discussion: record the discussion' 'Eve Rebase'
check record/bare-merge-note row "$L" 'LADO referrals: out of hours' 'Bob Writer'
check record/bare-merge-not-other sh -c "! grep -q 'Unrelated change' '$L'"
check record/bare-merge-not-other-author norow "$L" 'out of hours' 'Dee Other'
check record/bare-merge-minor-author row "$L" 'LADO referrals: out of hours' 'Bob Writer and Fay Minor'
check record/bare-merge-minor-no-note sh -c "! grep -q 'Spacing' '$L'"
check record/minor-merge-no-version sh -c "! grep -q 'Tidy the spacing' '$S' '$A' '$F' && ! grep -q '2024-05-11' '$S'"
check record/github-not-other-author norow "$S" 'health attends' 'Dee Other'
check record/trailer-note row "$S" 'Strategy discussions are recorded the same day\.' 'Ann Editor'
check record/trailer-not-subject sh -c "! grep -rq 'fix wording' '$out'"
check record/no-merge-subject sh -c "! grep -rq 'Merge pull request\|Merge branch\|Merged in' '$out'"
# Numbering: the strategy has 1 + GitHub + squash + rebase + trailer +
# replaced = 6 versions; the LADO 1 + GitLab + Bitbucket + bare + withdrawn.
check record/numbering sh -c "grep -q 'Version 6' '$S' && ! grep -q 'Version 7' '$S' &&
    grep -q 'Version 5' '$L' && ! grep -q 'Version 6' '$L'"
# Draft then current: one version, "New", dated when it was published.
check record/draft-one-version sh -c "grep -q 'Version 1' '$N' && ! grep -q 'Version 2' '$N' &&
    ! grep -rq 'Draft text\|Better draft text' '$out' && grep -q '2024-06-12' '$N' && ! grep -q '2024-06-10\|2024-06-11' '$N'"
check record/draft-new-amendment row "$A" '^ *New [0-9]' 'New Procedure Publish the new procedure'
check record/draft-not-in-feed sh -c "! grep -q 'Start the new procedure\|Rework the draft' '$F'"
# A review: listed as such, not a version, not an amendment.
check record/review-row row "$O" 'Reviewed on 20 June 2024: no change to the text'
check record/review-not-version sh -c "! grep -q 'Annual review' '$O' '$A' '$F' && ! grep -q 'Version 4' '$O'"
check record/review-version-line grep -q 'Version 3' "$out/procedures/other/index.html"
# Withdrawn and replaced.
check record/withdrawn-row row "$L" 'Withdrawn on 1 July 2024' 'Withdraw the LADO procedure'
check record/replaced-row row "$S" 'Replaced by New Procedure on 2 July 2024' 'Replace the strategy procedure'
check record/replaced-link grep -q 'Replaced by <a href="/procedures/newproc/">New Procedure</a>' "$S"
check record/amendment-withdrawn row "$A" '^ *Withdrawn [0-9]' 'LADO Referrals, version 5 Withdraw the LADO procedure'
check record/amendment-replaced row "$A" '^ *Replaced [0-9]' 'Strategy Discussion, version 6 Replaced by New Procedure'
check record/amendment-amended row "$A" '^ *Amended [0-9]' 'LADO Referrals, version 2 LADO referrals: the new contact number'
check record/amendment-new row "$A" '^ *New [0-9]' 'Strategy Discussion Add the first procedures'
check record/feed-kinds sh -c "grep -q '<title>LADO Referrals, version 5 (Withdrawn)</title>' '$F' && grep -q '<category term=\"Replaced\"/>' '$F' &&
    grep -q '<summary>LADO referrals: office hours</summary>' '$F'"
check record/home-latest grep -q 'Replace the strategy procedure' "$out/index.html"
check record/past-header row "$out/procedures/strategy/v2/index.html" 'Amended: Strategy discussion: one working day, health attends (by Bob Writer and Cy Health) (pull request #12)'
check record/changes-header sh -c "sed 's/<[^>]*>//g' '$out/procedures/strategy/v3/changes/index.html' | grep -q 'Amended: Strategy discussion: police attend too (pull request #31)'"

# --as-of: the text as it stood, review details included; the
# withdrawal only once made.
$FOLIO build -q -s "$repo/content" -o "$tmp/asof" --as-of 2024-06-15 2>/dev/null
$FOLIO build -q -s "$repo/content" -o "$tmp/asof1" --as-of 2024-06-25 2>/dev/null
check record/as-of-before-review sh -c "grep -q '2030-01-01' '$tmp/asof/procedures/other/index.html' && ! grep -q '2031-01-01' '$tmp/asof/procedures/other/index.html'"
check record/as-of-after-review grep -q '2031-01-01' "$tmp/asof1/procedures/other/index.html"
check record/as-of-withdrawn sh -c "grep -q 'Call the LADO' '$tmp/asof1/procedures/lado/index.html' && ! grep -qi 'withdrawn' '$tmp/asof1/procedures/lado/index.html'"
# Before the draft was published, the new procedure did not exist.
$FOLIO build -q -s "$repo/content" -o "$tmp/asof2" --as-of 2024-06-11 --drafts 2>/dev/null
check record/as-of-draft [ ! -e "$tmp/asof2/procedures/newproc/history/index.html" ]

# GitLab's and Forgejo's link shapes; a host no forge is known by.
sed -i 's|^repository:.*|repository: https://gitlab.com/partnership/procedures/|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/gl" --today 2024-08-01 2>/dev/null
check record/gitlab-edit-link grep -q "href=\"https://gitlab.com/partnership/procedures/-/edit/main/content/procedures/lado.md\"" "$tmp/gl/procedures/lado/index.html"
check record/gitlab-links sh -c "grep -q 'href=\"https://gitlab.com/partnership/procedures/-/merge_requests/7\">merge request !7</a>' '$tmp/gl/procedures/lado/history/index.html' &&
    grep -q 'href=\"https://gitlab.com/partnership/procedures/-/commit/$gh_merge\"' '$tmp/gl/procedures/strategy/history/index.html'"
sed -i 's|^repository:.*|repository: {url: "https://git.example.org/partnership/procedures", forge: forgejo, branch: live}\ncontact: mailto:editors@example.org|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/fj" --today 2024-08-01 2>/dev/null
check record/forgejo-edit-branch sh -c "grep -q 'href=\"https://git.example.org/partnership/procedures/_edit/live/content/procedures/strategy.md\"' '$tmp/fj/procedures/strategy/index.html' &&
    grep -q 'href=\"https://git.example.org/partnership/procedures/commits/branch/live/content/procedures/strategy.md\"' '$tmp/fj/procedures/strategy/index.html'"
check record/suggest-subject grep -q 'href="mailto:editors@example.org?subject=Suggested%20change%3A%20Strategy%20Discussion%20%28version%20[0-9]*%29"' "$tmp/fj/procedures/strategy/index.html"
sed -i '/^contact:/d' "$repo/content/site.yaml"
check record/forgejo-links sh -c "grep -q 'href=\"https://git.example.org/partnership/procedures/pulls/12\">pull request #12</a>' '$tmp/fj/procedures/strategy/history/index.html' &&
    grep -q 'href=\"https://git.example.org/partnership/procedures/commit/$gh_merge\"' '$tmp/fj/procedures/strategy/history/index.html'"
sed -i 's|^repository:.*|repository: https://git.example.org/partnership/procedures|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/bad" --today 2024-08-01 2> "$tmp/bad.err"
check record/unknown-forge sh -c "[ $? != 0 ] && grep -q \"site.yaml:3:13: error: cannot tell which forge runs 'git.example.org'\" '$tmp/bad.err'"
sed -i 's|^repository:.*|repository: {url: "https://git.example.org/p/q", forge: forgejoo}|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/bad" --today 2024-08-01 2> "$tmp/bad.err"
check record/forge-typo grep -q "error: unknown forge 'forgejoo' (did you mean 'forgejo'?)" "$tmp/bad.err"
sed -i 's|^repository:.*|repository: github.com/p/q|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/bad" --today 2024-08-01 2> "$tmp/bad.err"
check record/repository-not-url grep -q "error: 'repository' must start with https:// or http://" "$tmp/bad.err"
sed -i 's|^repository:.*|repositry: https://github.com/p/q|' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/bad" --today 2024-08-01 2> "$tmp/bad.err"
check record/repository-typo grep -q "error: unknown setting 'repositry' (did you mean 'repository'?)" "$tmp/bad.err"
# Without a repository: no forge links at all.
sed -i '/^repositry:/d' "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/nolinks" --today 2024-08-01 2>/dev/null
check record/no-repository-no-links sh -c "! grep -rq 'github.com\|/commit/' '$tmp/nolinks' && grep -q 'Strategy discussion: one working day, health attends' '$tmp/nolinks/procedures/strategy/history/index.html'"

# A few hundred pull-request merges, titled, untitled and plain branch
# merges: no row, amendment or feed entry starts with "Merge".
big=$tmp/big
mkdir -p "$big/content/procedures"
cd "$big" || exit 1
git init -q -b main
printf 'title: Generated Site\nbase_url: https://g.example.org/\n' > content/site.yaml
i=0
while [ $i -lt 10 ]; do
	printf -- '---\ntitle: Doc %d\nowner: G\nreview_date: 2030-01-01\n---\nText 0.\n' $i > content/procedures/d$i.md
	i=$((i + 1))
done
git add -A
GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z \
    git -c user.name=Gen -c user.email=g@example.org commit -q -m "Start"
{
	echo 'set -e'
	awk 'BEGIN {
		for (n = 1; n <= 300; n++) {
			t = 1577840400 + n * 3600; d = "@" t " +0000"
			printf "export GIT_AUTHOR_DATE=\"%s\" GIT_COMMITTER_DATE=\"%s\"\n", d, d
			printf "git checkout -q -b b%d\n", n
			printf "sed -i \"s/^Text .*/Text %d./\" content/procedures/d%d.md\n", n, n % 10
			printf "git -c user.name=\"Author %d\" -c user.email=a%d@example.org commit -qam \"Change %d to doc %d\"\n", n % 7, n % 7, n, n % 10
			printf "git checkout -q main\n"
			if (n % 3 == 0)
				m = "-m \"Merge pull request #" n " from org/b" n "\" -m \"Title of request " n "\""
			else if (n % 3 == 1)
				m = "-m \"Merge pull request #" n " from org/b" n "\""
			else
				m = "-m \"Merge branch '\''b" n "'\''\""
			printf "git -c user.name=Bot -c user.email=bot@example.org merge -q --no-ff %s b%d\n", m, n
		}
	}'
} > "$tmp/gen.sh"
sh "$tmp/gen.sh" > /dev/null 2>&1
check record/generated-merges [ "$(git rev-list --merges --count HEAD)" = 300 ]
cd - > /dev/null
$FOLIO build -q -s "$big/content" -o "$tmp/bigout" --today 2024-08-01 2>/dev/null
check record/generated-build [ -s "$tmp/bigout/amendments.xml" ]
# Not a word of git's merge subjects anywhere on the site.
check record/generated-no-merge-anywhere sh -c "! grep -rqi 'merge' '$tmp/bigout'"
check record/generated-notes sh -c "[ \$(cat '$tmp'/bigout/procedures/*/history/index.html | grep -c 'Change [0-9]* to doc [0-9]\|Title of request [0-9]') -ge 300 ] &&
    grep -q 'Title of request' '$tmp/bigout/amendments/index.html' &&
    [ \$(grep -c '<summary>' '$tmp/bigout/amendments.xml') = 50 ]"
check record/generated-authors sh -c "! grep -rq 'Bot' '$tmp/bigout' && grep -q 'Author 3' '$tmp/bigout/procedures/d3/history/index.html'"
