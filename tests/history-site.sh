#!/bin/sh
# The history as readers see it: a repository with known commits is built
# and its version lines, history pages, past versions, comparisons,
# amendments, feed, --as-of, shallow clones and drafts are checked.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
need "$UNITDIR/linkcheck"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo/content/procedures"
cd "$repo" || exit 1
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
git init -q
git config user.name "Ann Editor"
git config user.email "ann@example.org"

# commit DATE SUBJECT [BODY]: commit everything at DATE (UTC).
commit() {
	git add -A
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
	    git commit -q -m "$2" ${3:+-m "$3"}
}
proc() {	# proc FILE TITLE BODY
	printf -- '---\ntitle: %s\nowner: Procedures Group\nreview_date: 2030-01-01\n---\n%s\n' \
	    "$2" "$3" > "content/procedures/$1"
}
printf 'title: History Partnership\nbase_url: https://history.example.org/\n' \
    > content/site.yaml
proc strategy.md "Strategy Discussion" "Hold the discussion within two working days."
proc other.md "Other Procedure" "Other text."
commit "2024-01-10T10:00:00Z" "Add the strategy discussion procedure"
proc strategy.md "Strategy Discussion" "Hold the discussion within one working day."
commit "2024-03-14T09:00:00Z" "Shorten the strategy discussion timescale"
proc strategy.md "Strategy Discussion" "Hold the discussion within one working day. "
commit "2024-03-20T09:00:00Z" "Tidy whitespace" "Minor: yes"
# A document whose next version edits a heading, a list, a table, a link
# and its review date.
rec() {	# rec REVIEW HEADING ITEMS CELL LINK
	printf -- '---\ntitle: Recording Decisions\nowner: Procedures Group\nreview_date: %s\n---\n' "$1" > content/procedures/recording.md
	printf 'Opening words stay the same.\n\n## %s\n\nWrite the decision down on the same day.\n\n%s\n| Stage | Days |\n|---|---|\n| Referral | %s |\n| Assessment | 10 |\n\nSee %s for the meeting itself.\n' \
	    "$2" "$3" "$4" "$5" >> content/procedures/recording.md
}
rec 2025-03-01 Recording '- tell the parents
- tell the school
' 1 '[the other procedure](doc:other)'
commit "2024-04-02T10:00:00Z" "Add the recording procedure"
rec 2027-03-01 'Recording the decision' '- tell the parents
- tell the school
- tell the GP
' 2 '[the strategy procedure](doc:strategy-discussion)'
commit "2024-05-06T10:00:00Z" "Record decisions more fully"
sed -i 's/^title: Recording Decisions$/title: Recording Decisions Procedure/' content/procedures/recording.md
commit "2024-05-20T10:00:00Z" "Name the recording procedure as a procedure"
git mv content/procedures/strategy.md content/procedures/strategy-discussion.md
proc strategy-discussion.md "Strategy Discussion Procedure" "Hold the discussion within one working day, with the police."
commit "2024-07-01T23:30:00Z" "Rename the procedure and add the police"
cd - > /dev/null

out=$tmp/out
$FOLIO build -q -s "$repo/content" -o "$out" --today 2024-08-01 2> "$tmp/err"
check history-site/build [ $? = 0 ]
page=$out/procedures/strategy-discussion
# The rename kept the history: 3 versions (the minor commit is not one);
# 23:30 UTC on 1 July is 2 July in London.
check history-site/version-line grep -q 'Version 3</a>, updated <time datetime="2024-07-02">2 July 2024</time>' "$page/index.html"
check history-site/history-rows sh -c "grep -q 'Shorten the strategy discussion timescale' '$page/history/index.html' &&
    grep -q 'Add the strategy discussion procedure' '$page/history/index.html' &&
    ! grep -q 'Tidy whitespace' '$page/history/index.html'"
check history-site/history-authors grep -q '<p class="update-by">By Ann Editor</p>' "$page/history/index.html"
# A stacked list, not a table that scrolls sideways on a phone.
check history-site/history-stacked sh -c "grep -q '<ol class=\"updates\">' '$page/history/index.html' &&
    ! grep -q '<table' '$page/history/index.html' &&
    grep -q '<span class=\"update-version\">Version 3 (current)</span>' '$page/history/index.html' &&
    grep -q '<li><a href=\"/procedures/strategy-discussion/v2/changes/\">Changes in version 2</a></li>' '$page/history/index.html'"
check history-site/history-short-no-years sh -c "! grep -q '<h2' '$page/history/index.html'"
# One version: "Published D"; later ones: "Version N, updated D".
check history-site/version-line-first grep -q 'Published <time datetime="2024-01-10">10 January 2024</time> (<a href="/procedures/other/history/">version history</a>)' "$out/procedures/other/index.html"
check history-site/version-line-not-first sh -c "! grep -q 'Published <time' '$page/index.html' && ! grep -q 'Version 1</a>, updated' '$out/procedures/other/index.html'"
check history-site/version-line-permalink grep -q '<a href="/procedures/strategy-discussion/v3/">Permanent link to version 3</a>' "$page/index.html"
check history-site/no-email sh -c "! grep -rq 'ann@example.org' '$out'"
# A past version: its own title and breadcrumb, when it was in force,
# the versions either side.
check history-site/past-banner grep -q '<strong>This is version 2 of 3.</strong> In force from <time datetime="2024-03-14">14 March 2024</time> to <time datetime="2024-07-02">2 July 2024</time>. It has been replaced: <a href="/procedures/strategy-discussion/">read the current version (3)</a>' "$page/v2/index.html"
check history-site/past-title sh -c "grep -q '<title>Strategy Discussion, version 2 of 3 | History Partnership</title>' '$page/v2/index.html' &&
    grep -q '<h1>Strategy Discussion<span class=\"title-version\">, version 2 of 3</span></h1>' '$page/v2/index.html'"
check history-site/past-breadcrumb sh -c "grep -q '<li><a href=\"/procedures/strategy-discussion/\">Strategy Discussion Procedure</a></li>' '$page/v2/index.html' &&
    grep -q '<li><span aria-current=\"page\">Version 2</span></li>' '$page/v2/index.html'"
check history-site/past-prev-next sh -c "grep -q '<a href=\"/procedures/strategy-discussion/v1/\" rel=\"prev\">Previous: version 1</a>' '$page/v2/index.html' &&
    grep -q '<a href=\"/procedures/strategy-discussion/v3/\" rel=\"next\">Next: version 3</a>' '$page/v2/index.html' &&
    ! grep -q 'rel=\"prev\"' '$page/v1/index.html' && ! grep -q 'rel=\"next\"' '$page/v3/index.html'"
check history-site/past-noindex grep -q '<meta name="robots" content="noindex">' "$page/v2/index.html"
check history-site/past-text grep -q 'within two working days' "$page/v1/index.html"
# The latest version has its permanent address too: the current text,
# the current page as canonical, indexable.
check history-site/latest-permanent sh -c "grep -q 'with the police' '$page/v3/index.html' &&
    grep -q '<link rel=\"canonical\" href=\"https://history.example.org/procedures/strategy-discussion/\">' '$page/v3/index.html' &&
    ! grep -q 'noindex' '$page/v3/index.html' &&
    grep -q '<strong>This is version 3 of 3, the latest.</strong> In force since <time datetime=\"2024-07-02\">2 July 2024</time>' '$page/v3/index.html' &&
    grep -q '<title>Strategy Discussion Procedure, version 3 of 3 | History Partnership</title>' '$page/v3/index.html'"
check history-site/latest-not-in-sitemap sh -c "! grep -q 'strategy-discussion/v3/' '$out/sitemap.xml'"
check history-site/changes grep -q 'within <del>two working days</del><ins>one working day</ins>.' "$page/v2/changes/index.html"
check history-site/changes-summary grep -q 'Shorten the strategy discussion timescale' "$page/v2/changes/index.html"
check history-site/changes-title grep -q 'Title: Strategy Discussion &rarr; Strategy Discussion Procedure' "$page/v3/changes/index.html"
# The comparison shows the documents as they read, not their Markdown.
ch=$out/procedures/recording/v2/changes/index.html
sed 's/<[^>]*>//g' "$ch" > "$tmp/changes.txt"
check history-site/changes-no-markdown sh -c "[ -s '$tmp/changes.txt' ] && ! grep -q -e '##' -e '](' -e '|---' '$tmp/changes.txt'"
check history-site/changes-heading grep -q '<h2 id="c-recording-the-decision">Recording<ins> the decision</ins></h2>' "$ch"
check history-site/changes-list grep -q '<li><ins>tell the GP</ins>' "$ch"
check history-site/changes-cell grep -q '<td>Referral</td><td class="diff-changed"><del>1</del><ins>2</ins></td>' "$ch"
check history-site/changes-link grep -q 'See <a href="/procedures/other/"><del>the other procedure</del></a><a href="/procedures/strategy-discussion/"><ins>the strategy procedure</ins></a> for' "$ch"
check history-site/changes-unchanged grep -q '<p>Opening words stay the same.</p>' "$ch"
check history-site/changes-review-date grep -q 'Review date: 1 March 2025 &rarr; 1 March 2027' "$ch"
check history-site/changes-sections grep -q '<li><a href="#c-recording-the-decision">Recording the decision</a></li>' "$ch"
check history-site/changes-note grep -q '<dd>Amended: Record decisions more fully</dd>' "$ch"
# A version that changes only its details says so, and shows no text.
ch=$out/procedures/recording/v3/changes/index.html
check history-site/changes-details-only sh -c "grep -q 'Title: Recording Decisions &rarr; Recording Decisions Procedure' '$ch' &&
    grep -q '<p>No change to the text.</p>' '$ch' && ! grep -q 'class=\"diff\"' '$ch' &&
    grep -q '<dd>0 added, 0 removed</dd>' '$ch'"
check history-site/amendments-month grep -q '<h2>July 2024</h2>' "$out/amendments/index.html"
check history-site/amendments-kinds sh -c "grep -q '<span class=\"kind kind-amended\">Amended</span> <time datetime=\"2024-07-02\">' '$out/amendments/index.html' &&
    grep -q '<span class=\"kind kind-new\">New</span> <time datetime=\"2024-01-10\">' '$out/amendments/index.html' &&
    ! grep -q '<table' '$out/amendments/index.html'"
check history-site/amendments-link grep -q 'href="/procedures/strategy-discussion/v3/changes/"' "$out/amendments/index.html"
check history-site/feed sh -c "grep -q '<feed xmlns=\"http://www.w3.org/2005/Atom\">' '$out/amendments.xml' &&
    grep -q '<updated>2024-07-01T23:30:00Z</updated>' '$out/amendments.xml' &&
    grep -q '<link href=\"https://history.example.org/procedures/strategy-discussion/v3/changes/\"/>' '$out/amendments.xml'"
check history-site/home-latest sh -c "grep -q 'Latest amendments' '$out/index.html' &&
    grep -q '<span class=\"kind kind-amended\">Amended</span> <a href=\"/procedures/strategy-discussion/v3/changes/\">Strategy Discussion Procedure</a>, version 3:' '$out/index.html'"
check history-site/updated-flag grep -q 'Strategy Discussion Procedure</a> <span class="flag">Updated</span>' "$out/procedures/index.html"
check history-site/links "$UNITDIR/linkcheck" "$out"

# Authors can be kept off the site.
printf 'history:\n  show_authors: false\n' >> "$repo/content/site.yaml"
$FOLIO build -q -s "$repo/content" -o "$tmp/noauth" --today 2024-08-01 2>/dev/null
check history-site/show-authors-off sh -c "! grep -rq 'Ann Editor' '$tmp/noauth'"
git -C "$repo" checkout -q content/site.yaml

# The site as it stood on 1 February 2024: version 1, with a banner.
$FOLIO build -q -s "$repo/content" -o "$tmp/asof" --as-of 2024-02-01 2>/dev/null
check history-site/as-of sh -c "grep -q 'within two working days' '$tmp/asof/procedures/strategy-discussion/index.html' &&
    grep -q 'This is the site as it stood on' '$tmp/asof/index.html'"
$FOLIO build -q -s "$repo/content" -o "$tmp/asof2" --as-of 2023-12-31 2>/dev/null
check history-site/as-of-before-creation [ ! -e "$tmp/asof2/procedures/strategy-discussion/index.html" ]

# Uncommitted changes: the page is marked, check warns.
echo "More text." >> "$repo/content/procedures/other.md"
$FOLIO build -q -s "$repo/content" -o "$tmp/dirty" --today 2024-08-01 2>/dev/null
check history-site/draft-marker grep -q 'Draft: not yet committed' "$tmp/dirty/procedures/other/index.html"
$FOLIO check -s "$repo/content" --today 2024-08-01 2> "$tmp/check"
check history-site/check-warns-dirty grep -q 'other.md: warning: uncommitted changes' "$tmp/check"
git -C "$repo" checkout -q content/procedures/other.md

# A shallow clone would publish a false record: exit 2 unless allowed.
git clone -q --depth 1 "file://$repo" "$tmp/shallow" 2>/dev/null
$FOLIO build -q -s "$tmp/shallow/content" -o "$tmp/sh" --today 2024-08-01 2> "$tmp/sherr"
check history-site/shallow-refused sh -c "[ $? = 2 ] && grep -q 'unshallow' '$tmp/sherr'"
$FOLIO build -q -s "$tmp/shallow/content" -o "$tmp/sh" --today 2024-08-01 --allow-shallow 2> "$tmp/sherr"
check history-site/shallow-allowed sh -c "[ $? = 0 ] && grep -q 'earlier versions are missing' '$tmp/sh/procedures/strategy-discussion/history/index.html'"

# No repository: built without history, one warning.
mkdir "$tmp/plain" && cp -R "$repo/content" "$tmp/plain/"
$FOLIO build -q -s "$tmp/plain/content" -o "$tmp/pl" --today 2024-08-01 2> "$tmp/plerr"
check history-site/no-repository sh -c "[ \$(grep -c 'not in a git repository' '$tmp/plerr') = 1 ] &&
    ! grep -q 'version-line' '$tmp/pl/procedures/strategy-discussion/index.html' &&
    [ ! -e '$tmp/pl/procedures/strategy-discussion/history' ]"

# The page cache: a rebuild that uses it writes the same pages and the
# same warnings as a clean build, and deleting it changes nothing.
export FOLIO_CACHE_DIR="$tmp/cache"
echo "Another sentence." >> "$repo/content/procedures/other.md"
(cd "$repo" && commit "2024-07-10T10:00:00Z" "Add a sentence")
$FOLIO build -s "$repo/content" -o "$tmp/c1" --today 2024-08-01 -q 2> "$tmp/c1.err"
$FOLIO build -s "$repo/content" -o "$tmp/c2" --today 2024-08-01 -q 2> "$tmp/c2.err"
check history-site/cache-filled sh -c "[ -n \"\$(ls -A '$tmp/cache')\" ]"
check history-site/cache-same-pages diff -r "$tmp/c1" "$tmp/c2"
check history-site/cache-same-warnings cmp "$tmp/c1.err" "$tmp/c2.err"
# The cache holds what the last build used: one entry per page it keyed
# (the search index's files are keyed by their SHA-1, not cached), the
# history walk's entries (src/histmemo.c): those of the last few
# walks, at most four, and their list, and the one entry of the
# documents' scans (src/scanmemo.c).
# pruned_to OUT: the cache holds just that for the build into OUT.
pruned_to() {
	_m=$(grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' "$tmp/cache" | wc -l)
	_r=$(grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]* recent$' "$tmp/cache" | wc -l)
	_s=$(grep -rl --binary-files=text '^folio-scan-memo [0-9][0-9]*$' "$tmp/cache" | wc -l)
	[ "$_m" -ge 1 ] && [ "$_m" -le 4 ] && [ "$_r" = 1 ] && [ "$_s" = 1 ] &&
	    [ $(find "$tmp/cache" -type f | wc -l) = \
	    $(($(grep '^K ' "$1/.folio-output" | grep -vc ' search/') + \
	    _m + _r + _s)) ]
}
check history-site/cache-pruned-to-build pruned_to "$tmp/c2"
# A damaged cache is never published: a truncated, garbled, emptied,
# swapped or poisoned entry is a miss, removed, and the page made again.
set -- $(find "$tmp/cache" -type f | sort | head -6)
if [ $# = 6 ]; then
	truncate -s 100 "$1"
	printf 'XXXXXXXX' | dd of="$2" bs=1 seek=200 conv=notrunc 2>/dev/null
	: > "$3"
	cp "$4" "$tmp/swap"
	cp "$5" "$4"
	cp "$tmp/swap" "$5"
	sed -i 's|</main>|<script>alert(1)</script></main>|' "$6"
	$FOLIO build -s "$repo/content" -o "$tmp/c6" --today 2024-08-01 -q 2> /dev/null
	check history-site/cache-damaged-same diff -r "$tmp/c1" "$tmp/c6"
	check history-site/cache-poison-not-published sh -c "! grep -rq '<script>alert' '$tmp/c6'"
	$FOLIO build -s "$repo/content" -o "$tmp/c7" --today 2024-08-01 -q 2> /dev/null
	check history-site/cache-repaired sh -c "diff -r '$tmp/c1' '$tmp/c7' && ! grep -rq 'alert(1)' '$tmp/cache'"
	check history-site/cache-repaired-pruned pruned_to "$tmp/c7"
else
	notok "history-site/cache-damaged (only $# entries)"
fi
# A later commit leaves the pages it changed out of the cache.
echo "A sentence for pruning." >> "$repo/content/procedures/other.md"
(cd "$repo" && commit "2024-07-11T10:00:00Z" "Prune check")
before=$(find "$tmp/cache" -type f | sort)
$FOLIO build -s "$repo/content" -o "$tmp/c8" --today 2024-08-01 -q 2> /dev/null
after=$(find "$tmp/cache" -type f | sort)
gone=$(printf '%s\n%s\n' "$before" "$after" | sort | uniq -u | while read -r f; do
	case "$before" in *"$f"*) echo "$f" ;; esac; done | wc -l)
check history-site/cache-old-pruned sh -c "[ $gone -gt 0 ]"
check history-site/cache-old-pruned-to-build pruned_to "$tmp/c8"
git -C "$repo" reset -q --hard HEAD~1
rm -rf "$tmp/cache"
$FOLIO build -s "$repo/content" -o "$tmp/c3" --today 2024-08-01 -q 2> /dev/null
check history-site/cache-deleted diff -r "$tmp/c1" "$tmp/c3"
$FOLIO build -s "$repo/content" -o "$tmp/c4" --today 2024-08-01 -q -j 1 2> /dev/null
check history-site/jobs-1-same diff -r "$tmp/c1" "$tmp/c4"
# A rebuild into the same folder takes unchanged cached pages from the
# site it replaces; one changed there since is written afresh.
cp -R "$tmp/c1" "$tmp/c5"
$FOLIO build -s "$repo/content" -o "$tmp/c5" --today 2024-08-01 -q 2> /dev/null
check history-site/rebuild-same diff -r "$tmp/c1" "$tmp/c5"
check history-site/rebuild-manifest grep -q '^K [0-9a-f]\{40\} [0-9]* procedures/other/v1/index.html$' "$tmp/c5/.folio-output"
echo "tampered" >> "$tmp/c5/procedures/other/v1/index.html"
$FOLIO build -s "$repo/content" -o "$tmp/c5" --today 2024-08-01 -q 2> /dev/null
check history-site/rebuild-tampered diff -r "$tmp/c1" "$tmp/c5"
unset FOLIO_CACHE_DIR

# Commit messages and author names are escaped wherever they appear
# (git itself drops < and > from names, so only the quotes remain).
git -C "$repo" config user.name 'Eve <b>"Mallory"</b>'
echo "Hostile change." >> "$repo/content/procedures/other.md"
(cd "$repo" && commit "2024-07-20T10:00:00Z" '<script>alert(1)</script> & "quoted"')
$FOLIO build -q -s "$repo/content" -o "$tmp/hostile" --today 2024-08-01 2>/dev/null
check history-site/hostile-history sh -c "grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;' '$tmp/hostile/procedures/other/history/index.html' &&
    grep -q 'Eve b&quot;Mallory&quot;/b' '$tmp/hostile/procedures/other/history/index.html'"
check history-site/hostile-feed grep -q '<summary>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;</summary>' "$tmp/hostile/amendments.xml"
check history-site/hostile-nowhere sh -c "! grep -rq '<script>alert(1)' '$tmp/hostile' && ! grep -rq '<b>\"Mallory' '$tmp/hostile'"

# Superseded and withdrawn documents, and a history long enough to be
# grouped by year.
git -C "$repo" config user.name "Ann Editor"
cd "$repo" || exit 1
retired() {	# retired FILE TITLE STATUS [SUPERSEDED_BY]
	printf -- '---\ntitle: %s\nowner: Procedures Group\nreview_date: 2020-01-01\nstatus: %s\n%s---\nText.\n' \
	    "$2" "$3" "${4:+superseded_by: $4
}" > "content/procedures/$1"
}
retired old-proc.md "Old Procedure" current
retired gone-proc.md "Gone Procedure" current
proc longrun.md "Long Running Procedure" "Text 0."
commit "2024-09-02T10:00:00Z" "Add three procedures"
i=1
while [ $i -le 11 ]; do
	proc longrun.md "Long Running Procedure" "Text $i."
	commit "$((2025 + i / 6))-0$((i % 6 + 1))-10T10:00:00Z" "Change $i"
	i=$((i + 1))
done
proc new-proc.md "New Procedure" "The new text."
retired old-proc.md "Old Procedure" superseded new-proc
commit "2027-01-10T10:00:00Z" "Replace the old procedure"
retired gone-proc.md "Gone Procedure" withdrawn
commit "2027-02-10T10:00:00Z" "Withdraw the gone procedure"
cd - > /dev/null
$FOLIO build -q -s "$repo/content" -o "$tmp/ret" --today 2027-03-01 2> "$tmp/ret.err"
check history-site/retired-build [ $? = 0 ]
check history-site/replaced-banner sh -c "grep -q '<p><strong>This procedure was replaced' '$tmp/ret/procedures/old-proc/index.html' &&
    grep -q ' by <a href=\"/procedures/new-proc/\">New Procedure</a>.</strong>' '$tmp/ret/procedures/old-proc/index.html'"
# The banner's date is the version's that recorded the change: there
# exactly when the history says which version replaced or withdrew it.
if grep -q '<span class="kind kind-replaced">Replaced</span> <time datetime="2027-01-10">' "$tmp/ret/amendments/index.html"; then
	check history-site/replaced-banner-date grep -q 'This procedure was replaced on <time datetime="2027-01-10">10 January 2027</time> by' "$tmp/ret/procedures/old-proc/index.html"
else
	check history-site/replaced-banner-date grep -q '<p><strong>This procedure was replaced by' "$tmp/ret/procedures/old-proc/index.html"
fi
if grep -q '<span class="kind kind-withdrawn">Withdrawn</span> <time datetime="2027-02-10">' "$tmp/ret/amendments/index.html"; then
	check history-site/withdrawn-banner-date grep -q 'This procedure was withdrawn on <time datetime="2027-02-10">10 February 2027</time>.' "$tmp/ret/procedures/gone-proc/index.html"
else
	check history-site/withdrawn-banner-date grep -q '<p><strong>This procedure was withdrawn.</strong>' "$tmp/ret/procedures/gone-proc/index.html"
fi
check history-site/withdrawn-banner grep -q '<p><strong>This procedure was withdrawn' "$tmp/ret/procedures/gone-proc/index.html"
check history-site/current-no-banner sh -c "! grep -q 'banner-retired' '$tmp/ret/procedures/new-proc/index.html' &&
    ! grep -q 'banner-retired' '$tmp/ret/procedures/old-proc/v1/index.html'"
check history-site/retired-no-review sh -c "! grep -q 'Next review' '$tmp/ret/procedures/old-proc/index.html' &&
    ! grep -q 'due for review' '$tmp/ret/procedures/gone-proc/index.html' &&
    ! grep -q 'old-proc.md.*review' '$tmp/ret.err' && ! grep -q 'Old Procedure' '$tmp/ret/reviews/index.html'"
check history-site/no-longer-in-force sh -c "sed -n '/No longer in force/,\$p' '$tmp/ret/procedures/index.html' > '$tmp/retired-part' &&
    grep -q 'Old Procedure' '$tmp/retired-part' && grep -q 'Gone Procedure' '$tmp/retired-part' &&
    ! grep -q 'Long Running Procedure' '$tmp/retired-part'"
$FOLIO check -s "$repo/content" --today 2027-03-01 2> "$tmp/ret.check"
check history-site/retired-check-quiet sh -c "! grep -q 'old-proc.md\|gone-proc.md' '$tmp/ret.check'"
long=$tmp/ret/procedures/longrun
check history-site/history-by-year sh -c "grep -q '<h2 id=\"year-2026\">2026</h2>' '$long/history/index.html' &&
    grep -q '<h2 id=\"year-2024\">2024</h2>' '$long/history/index.html' &&
    [ \$(grep -c '<li class=\"update\">' '$long/history/index.html') = 12 ]"
check history-site/past-of-many sh -c "grep -q '<title>Long Running Procedure, version 2 of 12 | History Partnership</title>' '$long/v2/index.html' &&
    grep -q 'In force from <time datetime=\"2024-09-02\">2 September 2024</time> to <time datetime=\"2025-02-10\">10 February 2025</time>' '$long/v1/index.html'"
check history-site/retired-links "$UNITDIR/linkcheck" "$tmp/ret"
