#!/bin/sh
# Builds that remember: a generated site with history is built cold,
# then again with its page cache and its last output after nothing
# changed, after one edited and committed document, and after a rename
# and a deletion.  Each of those builds must give, byte for byte, the
# site and the diagnostics of a cold build of the same commit into a
# fresh folder with an empty cache.  A garbled kept result of the
# history walk is a miss: the build is still identical, and the entry
# is made again.  So for the kept scans of the documents: the rebuild
# takes them (a kept scan edited, with its entry's hash made again, is
# what the site then shows), a garbled entry is a miss and made again,
# and a change of what the scans depend on besides the documents (an
# outdated term in site.yaml, a term going out of date overnight,
# another document's title that an empty link shows) gives the cold
# build's site and diagnostics, while another day that changes none of
# that keeps them.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site=$tmp/repo/content

# 40 documents, 600 commits: enough for the walk's worker processes.
if ! bash bench/corpus.sh 40 600 "$tmp/repo" >"$tmp/corpus.log" 2>&1; then
	notok "incremental/corpus: bench/corpus.sh failed"
	cat "$tmp/corpus.log"
	exit 1
fi
export GIT_AUTHOR_NAME="Edith Editor" GIT_AUTHOR_EMAIL=edith@example.org
export GIT_COMMITTER_NAME="Edith Editor" GIT_COMMITTER_EMAIL=edith@example.org
export GIT_AUTHOR_DATE="2026-01-05T10:00:00+00:00"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
commit() { git -C "$tmp/repo" commit -q -a -m "$1"; }

# build CACHE OUT ERR: one full build (past versions) of the site.
build() {
	FOLIO_CACHE_DIR=$1 $FOLIO build -s "$site" -o "$2" --today $TODAY \
	    2>"$3"
	echo $? >>"$3"
	sed -i "s|$2|OUT|g" "$3"
}
# memo_entries CACHE: how many kept history walks the cache holds.
memo_entries() {
	grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' "$1" 2>/dev/null |
	    wc -l
}
# memo_files CACHE: the kept walks' files with their inodes.
memo_files() {
	grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' "$1" |
	    xargs -r stat -c '%n %i' | sort
}
# recent_lists CACHE: how many lists of the last walks the cache holds.
recent_lists() {
	grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]* recent$' \
	    "$1" 2>/dev/null | wc -l
}
# scan_entry CACHE: the file of the kept scans, if there is one.
scan_entry() {
	grep -rl --binary-files=text '^folio-scan-memo [0-9][0-9]*$' "$1" 2>/dev/null
}
# entry_ok FILE: whether the cache entry FILE verifies: its first line
# names the length and the SHA-1 (a git blob id) of the rest.
entry_ok() {
	tail -n +2 "$1" >"$tmp/entry.data"
	set -- $(head -n 1 "$1")
	[ "$4" = "$(wc -c <"$tmp/entry.data")" ] &&
	    [ "$5" = "$(git hash-object --stdin <"$tmp/entry.data")" ]
}
# same NAME: the incremental build in inc/ is the cold build of the
# same commit, files and diagnostics.
same() {
	rm -rf "$tmp/cold" "$tmp/coldcache"
	build "$tmp/coldcache" "$tmp/cold" "$tmp/cold.err"
	check "incremental/$1-site" diff -r "$tmp/cold" "$tmp/inc"
	check "incremental/$1-diagnostics" cmp -s "$tmp/cold.err" \
	    "$tmp/inc.err"
}

build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
check incremental/cold-builds grep -qx 0 "$tmp/inc.err"
check incremental/walk-kept [ "$(memo_entries "$tmp/cache")" = 1 ]
scans=$(scan_entry "$tmp/cache")
check incremental/scans-kept sh -c "[ -n '$scans' ] &&
	[ \$(grep -rl --binary-files=text '^folio-scan-memo [0-9][0-9]*$' '$tmp/cache' |
	    wc -l) = 1 ]"
ino=$(stat -c %i "$scans")

build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same nothing-changed
# Every kept scan taken again: the entry is as it was, not written again.
check incremental/scans-taken [ "$(stat -c %i "$scans")" = "$ino" ]
# So on another day on which no term goes out of date (and no agency
# ends): the scans see today only through those.
TODAY=2026-11-25
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same other-day
check incremental/other-day-scans-taken [ "$(stat -c %i "$scans")" = "$ino" ]
TODAY=2026-11-24

# A kept scan edited (its plain text, which the search index shows), the
# entry's hash made again: the site shows the edit, so the rebuild took
# the kept scan and did not parse the document again.
check incremental/scans-entry-verifies entry_ok "$scans"
at=$(grep -obUa referral "$tmp/entry.data" | head -n 1 | cut -d: -f1)
if [ -z "$at" ]; then
	notok "incremental/scans-used: no 'referral' in the kept scans"
else
	cp "$tmp/entry.data" "$tmp/entry.edit"
	printf 'rEfErRaL' | dd of="$tmp/entry.edit" bs=1 seek="$at" \
	    conv=notrunc 2>/dev/null
	set -- $(head -n 1 "$scans")
	{ echo "$1 $2 $3 $4 $(git hash-object --stdin <"$tmp/entry.edit")"
	  cat "$tmp/entry.edit"; } >"$scans"
	check incremental/scans-edit-verifies entry_ok "$scans"
	build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
	check incremental/scans-used grep -rq rEfErRaL "$tmp/inc" "$tmp/inc.err"
	rm -f "$scans"
fi
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"

one=$(cd "$site" && ls procedures/*.md | head -n 1)
printf '\nA sentence added to the procedure.\n' >>"$site/$one"
commit "Add a sentence"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same one-edit
check incremental/one-edit-page grep -rq 'A sentence added to the procedure' \
    "$tmp/inc/procedures"
# The walks of the last few builds are kept (src/histmemo.c): the new
# commit's and the one before it.
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
check incremental/walks-kept [ "$(memo_entries "$tmp/cache")" = 2 ]
check incremental/walks-listed [ "$(recent_lists "$tmp/cache")" = 1 ]
# So a build of the commit before (another branch, say) takes its walk
# as it is, writing none, and gives the cold build's site; so does one
# back at the edit.
edited=$(git -C "$tmp/repo" rev-parse HEAD)
walks=$(memo_files "$tmp/cache")
git -C "$tmp/repo" reset -q --hard HEAD~1
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same earlier-commit
check incremental/earlier-commit-walk-taken \
    [ "$(memo_files "$tmp/cache")" = "$walks" ]
git -C "$tmp/repo" reset -q --hard "$edited"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same back-at-edit
check incremental/back-at-edit-walk-taken \
    [ "$(memo_files "$tmp/cache")" = "$walks" ]
# Builds of five more commits, with past versions or without, keep four
# walks, the newest; a build without past versions keeps its walk too.
for n in 1 2 3 4 5; do
	printf '\nSentence %s.\n' "$n" >>"$site/$one"
	commit "Sentence $n"
	if [ "$n" = 5 ]; then
		FOLIO_CACHE_DIR=$tmp/cache $FOLIO build -q -s "$site" \
		    -o "$tmp/current" --today $TODAY --no-past-versions \
		    2>/dev/null
	else
		build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
	fi
done
check incremental/walks-at-most-four [ "$(memo_entries "$tmp/cache")" = 4 ]
git -C "$tmp/repo" reset -q --hard HEAD~5
# An entry read counts as used, as one written does: five builds of
# five commits on the same base (five pull requests, say) each read the
# base's entry, which is kept through them all.
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
base=$(git -C "$tmp/repo" rev-parse HEAD)
basewalk=$(ls -t $(grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' \
    "$tmp/cache") | head -n 1)
baseino=$(stat -c %i "$basewalk")
for n in 1 2 3 4 5; do
	printf '\nProposed sentence %s.\n' "$n" >>"$site/$one"
	commit "Proposal $n"
	build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
	git -C "$tmp/repo" reset -q --hard "$base"
done
check incremental/base-walk-kept [ "$(stat -c %i "$basewalk" 2>/dev/null)" = "$baseino" ]
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"

# The newest procedures: added after the first commit, so nothing links
# to them (bench/README.md).
two=$(cd "$site" && ls procedures/*.md | tail -n 1)
three=$(cd "$site" && ls procedures/*.md | tail -n 2 | head -n 1)
git -C "$tmp/repo" mv "content/$two" "content/${two%.md}-renamed.md"
git -C "$tmp/repo" rm -q "content/$three"
commit "Rename one procedure, withdraw another"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same rename-delete
check incremental/rename-delete-builds grep -qx 0 "$tmp/inc.err"

# The amendments pages are kept year by year.  A document's first version
# links to the document while it is the only one, and to its own page
# once there is a second: the page of the year of the first is made
# again when the second comes, a year later.
sed 's/^title: .*/title: A procedure with one version/' "$site/$one" \
    >"$site/procedures/single-version.md"
git -C "$tmp/repo" add content/procedures/single-version.md
GIT_AUTHOR_DATE=2025-06-02T10:00:00+01:00 \
    GIT_COMMITTER_DATE=2025-06-02T10:00:00+01:00 commit "Add a procedure"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same one-version
check incremental/one-version-year-kept grep -q \
    '^G [0-9a-f]\{40\} 1 1 amendments/2025/$' "$tmp/inc/.folio-output"
printf '\nA second version.\n' >>"$site/procedures/single-version.md"
commit "Amend the new procedure"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same second-version

# A garbled entry of the kept walk (the newest: the one the next build
# reads): a miss, the same site, made again.
memo=$(ls -t $(grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' \
    "$tmp/cache") | head -n 1)
printf 'garbled' | dd of="$memo" bs=1 seek=200 conv=notrunc 2>/dev/null
printf '\nAnother sentence.\n' >>"$site/$one"
commit "Add another sentence"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same garbled-walk
check incremental/garbled-walk-remade sh -c "[ ! -e '$memo' ] &&
	[ \$(grep -rl --binary-files=text '^folio-history-memo [0-9][0-9]*$' \
	    '$tmp/cache' | wc -l) -ge 1 ]"

# A garbled entry of the kept scans: a miss, the same site, made again.
scans=$(scan_entry "$tmp/cache")
printf 'garbled' | dd of="$scans" bs=1 seek=300 conv=notrunc 2>/dev/null
cp "$scans" "$tmp/scans.bad"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same garbled-scans
check incremental/garbled-scans-remade sh -c "[ -f '$scans' ] &&
	! cmp -s '$scans' '$tmp/scans.bad'"
check incremental/garbled-scans-verify entry_ok "$scans"
# Cut short, with a hash that fits: it verifies but does not unpack, a
# miss too.
tail -n +2 "$scans" | head -c 1000 >"$tmp/entry.short"
set -- $(head -n 1 "$scans")
{ echo "$1 $2 $3 1000 $(git hash-object --stdin <"$tmp/entry.short")"
  cat "$tmp/entry.short"; } >"$scans"
check incremental/truncated-scans-verifies entry_ok "$scans"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same truncated-scans
check incremental/truncated-scans-remade sh -c "[ \$(wc -c <'$scans') \
	-gt 1000 ]"
check incremental/truncated-scans-verify entry_ok "$scans"

# An outdated term added to site.yaml: every document is scanned again.
cat >>"$site/site.yaml" <<'EOF2'
stale_terms:
  - term: MARAC
    replacement: multi-agency risk assessment conference
    since: 2020-01-01
EOF2
commit "MARAC is out of date"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same stale-term
check incremental/stale-term-warns grep -q "'MARAC' is out of date" \
    "$tmp/inc.err"
# A term out of date from tomorrow, in a document reviewed tomorrow:
# today it warns of nothing; tomorrow, with no document changed, the
# scans are made again and it does.
lado=$(cd "$site" && grep -l 'LADO' procedures/*.md | head -n 1)
cat >>"$site/site.yaml" <<'EOF2'
  - term: LADO
    replacement: designated officer
    since: 2026-11-25
EOF2
sed -i 's/^last_reviewed: .*/last_reviewed: 2026-11-25/' "$site/$lado"
commit "LADO is out of date from tomorrow"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same term-tomorrow
check incremental/term-tomorrow-quiet sh -c "[ -n '$lado' ] &&
	! grep -q \"'LADO' is out of date\" '$tmp/inc.err'"
TODAY=2026-11-25
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same term-today
check incremental/term-today-warns grep -q "'LADO' is out of date" \
    "$tmp/inc.err"
TODAY=2026-11-24

# An empty link shows its target's title (and makes the heading's
# anchor): when the title changes, the linking document, itself
# unchanged, is scanned again.
target=$(cd "$site" && ls procedures/*.md | sed -n 2p)
tid=$(basename "$target" .md)
printf '\n## Read with [](doc:%s)\n\nText.\n' "$tid" >>"$site/$one"
commit "Link another procedure by its title"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same empty-link
sed -i 's/^title: .*/title: The Renamed Procedure/' "$site/$target"
commit "Retitle a procedure"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same title-change
check incremental/title-change-heading grep -rq \
    'id="read-with-the-renamed-procedure"' "$tmp/inc/procedures"

# The output is updated in place: a page whose bytes are the same is
# not written again (same inode), a changed one is, and no working
# folder is left beside the output.
ino() { stat -c %i "$tmp/inc/$1"; }
other=$(cd "$site" && ls procedures/*.md | sed -n 2p)
other_url=procedures/$(basename "$other" .md)/index.html
one_url=procedures/$(basename "$one" .md)/index.html
home0=$(ino index.html) other0=$(ino "$other_url") one0=$(ino "$one_url")
# Files folio did not write go, also from a kept document's folder.
echo stray >"$tmp/inc/$(dirname "$other_url")/stray.html"
ln -s /etc "$tmp/inc/procedures/linked"
printf '\nA third sentence.\n' >>"$site/$one"
commit "Add a third sentence"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same in-place
check incremental/in-place-kept [ "$(ino "$other_url")" = "$other0" ]
check incremental/in-place-rewritten [ "$(ino "$one_url")" != "$one0" ]
check incremental/in-place-no-strays sh -c \
    "[ ! -e '$tmp/inc/$(dirname "$other_url")/stray.html' ] &&
    [ ! -L '$tmp/inc/procedures/linked' ] && [ -d /etc ]"
check incremental/in-place-no-leftovers sh -c \
    "! ls -a '$tmp' | grep -q '^\.inc\.tmp-'"
check incremental/in-place-marker grep -q "^F [0-9]* $other_url\$" \
    "$tmp/inc/.folio-output"

# The search page and index are one group, kept while every document's
# pages are.
check incremental/search-group grep -q '^G [0-9a-f]\{40\} [0-9]* [0-9]* search/$' \
    "$tmp/inc/.folio-output"

# Another day: every page's review status may change, so many files
# change and a new tree is swapped in; still the cold build's site.
TODAY=2026-12-24
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same new-day
check incremental/new-day-swapped [ "$(ino "$other_url")" != "$other0" ]

# A site whose files were changed behind folio's back: a page whose
# size is not what the marker says is made again, never kept.
printf 'tampered' >>"$tmp/inc/$other_url"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same tampered

# The site being replaced is read by a worker process while the build
# loads the documents (output_prepare); with no temporary folder for its
# records the build reads the site itself: the same, a tampered page
# made again.
printf 'tampered' >>"$tmp/inc/$other_url"
TMPDIR=$tmp/no-such-folder build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same read-here

# A build killed while it commits an update (SIGKILL at a rename of its
# journal, strace's fault injection) leaves the output part new; the
# next build finishes that commit first, and gives the cold build's
# site.  The kill falls on the same rename in both runs: the parent's
# renames come in a fixed order for the same input.
if command -v strace >/dev/null 2>&1; then
	cp -a "$tmp/inc" "$tmp/inc.bak"
	cp -a "$tmp/cache" "$tmp/cache.bak"
	printf '\nA fourth sentence.\n' >>"$site/$one"
	printf '\nA sentence in another.\n' >>"$site/$other"
	commit "Edit two procedures"
	FOLIO_CACHE_DIR=$tmp/cache strace -qq -o "$tmp/renames" \
	    -e trace=rename $FOLIO build -s "$site" -o "$tmp/inc" \
	    --today $TODAY 2>/dev/null
	journal=$(grep -n 'folio-commit.new' "$tmp/renames" | cut -d: -f1)
	total=$(wc -l <"$tmp/renames")
	rm -rf "$tmp/inc" "$tmp/cache"
	mv "$tmp/inc.bak" "$tmp/inc"
	mv "$tmp/cache.bak" "$tmp/cache"
	if [ -n "$journal" ] && [ "$total" -gt $((journal + 3)) ]; then
		FOLIO_CACHE_DIR=$tmp/cache strace -qq -o /dev/null \
		    -e trace=rename \
		    -e inject=rename:signal=KILL:when=$((journal + 2)) \
		    $FOLIO build -s "$site" -o "$tmp/inc" --today $TODAY \
		    >/dev/null 2>&1
		check incremental/killed-commit-left sh -c \
		    "ls '$tmp'/.inc.tmp-*/.folio-commit >/dev/null"
		build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
		same killed-commit
		check incremental/killed-commit-swept sh -c \
		    "! ls -a '$tmp' | grep -q '^\.inc\.tmp-'"
	else
		notok "incremental/killed-commit: no journal renames ($journal of $total)"
	fi
else
	notok "incremental/killed-commit: strace is not installed"
fi
