#!/bin/sh
# The preview server's rebuilds reuse what an edit did not change (each
# document's scan, pages and search entry) and write in place.  After
# each kind of edit an editor makes, the files the running server holds
# must be byte for byte those a freshly started server builds from the
# same sources: body text, a title others link to (from a heading too), a new link (the
# target's backlinks), an alias added and removed, a new document and its
# deletion, the glossary, site.yaml, a commit (history), and a document
# that does not parse and is then mended.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	[ -n "${evpid:-}" ] && kill "$evpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if ! command -v curl >/dev/null 2>&1; then
	notok "serve-reuse/curl (install curl: make deps-test)"
	exit 0
fi
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp TMPDIR=$tmp
git_() {
	git -C "$tmp/repo" -c user.name=Editor -c user.email=e@example.org "$@"
}

site=$tmp/repo/content
mkdir -p "$tmp/repo"
cp -R content "$site"
git_ init -q && git_ add -A && git_ commit -qm Start

# wait_line FILE PATTERN TENTHS: until FILE has a line matching PATTERN.
wait_line() {
	i=0
	while [ $i -lt "$3" ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

$FOLIO serve -s "$site" -p 0 --today "$TODAY" 2> "$tmp/err" &
pid=$!
if ! wait_line "$tmp/err" '^folio: build 1' 300; then
	notok serve-reuse/starts
	cat "$tmp/err"
	exit 0
fi
ok serve-reuse/starts
base=$(sed -n 's/^folio: serving .* at \(http:[^ ]*\)\/ .*/\1/p' "$tmp/err")
live=$(sed -n 's/^folio: preview files in //p' "$tmp/err")/site
curl -sN "$base/__folio/events" > "$tmp/events" &
evpid=$!
wait_line "$tmp/events" '^data: ' 100

# last_build: the number of the newest finished build the event stream
# announced (0 if none).  The stream sends the current number, so two
# builds finishing close together may show as one line: count numbers,
# not lines.
last_build() {
	n=$(sed -n 's/^data: \([0-9]*\)$/\1/p' "$tmp/events" | tail -n 1)
	echo "${n:-0}"
}

# quiet TENTHS: until no build has finished for TENTHS tenths of a
# second.  One edit can give two builds (git commit writes the index,
# then the branch), the second one up to a debounce later.
quiet() {
	q=0 seen=$(wc -l < "$tmp/err")
	while [ "$q" -lt "$1" ]; do
		sleep 0.1
		now=$(wc -l < "$tmp/err")
		if [ "$now" -ne "$seen" ]; then
			seen=$now q=0
		else
			q=$((q + 1))
		fi
	done
}

builds=$(last_build)

# settle: wait for the build after an edit; 1 if none came.
settle() {
	i=0
	while [ "$(last_build)" -le "$builds" ]; do
		[ $i -ge 300 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
	quiet 5
	builds=$(last_build)
}

# same NAME: a fresh server's site equals the live one.
same() {
	mkdir -p "$tmp/fresh"
	# The last fresh server's log must not be read as this one's: the
	# shell truncates it only once the new process has started.
	rm -f "$tmp/err2"
	TMPDIR=$tmp/fresh $FOLIO serve -s "$site" -p 0 --today "$TODAY" \
	    2> "$tmp/err2" &
	fpid=$!
	if ! wait_line "$tmp/err2" '^folio: build 1\(:\| failed\)' 300; then
		kill "$fpid" 2>/dev/null
		wait "$fpid" 2>/dev/null
		notok "serve-reuse/$1 (fresh server did not build)"
		cat "$tmp/err2"
		return
	fi
	fresh=$(sed -n 's/^folio: preview files in //p' "$tmp/err2")/site
	# A build still running (or one more after a late event) may be
	# writing: a difference counts only once the live server has
	# finished no build for three seconds.
	tries=0
	until diff -r "$fresh" "$live" > "$tmp/diff" 2>&1; do
		tries=$((tries + 1))
		[ "$tries" -gt 3 ] && break
		quiet 30
	done
	if [ "$tries" -le 3 ]; then
		ok "serve-reuse/$1"
	else
		notok "serve-reuse/$1"
		head -40 "$tmp/diff"
	fi
	builds=$(last_build)
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	rm -rf "$tmp/fresh"
}

# edit NAME COMMAND...: run the edit, wait for the rebuild, compare.
edit() {
	name=$1
	shift
	"$@"
	if ! settle; then
		notok "serve-reuse/$name (no rebuild)"
		return
	fi
	same "$name"
}

proc=$site/procedures/strategy-discussion.md
other=$site/procedures/professional-challenge.md

same unchanged
edit body sh -c "printf '\nA closing paragraph added in preview.\n' >> '$proc'"
edit heading-link sh -c "printf '\n## Working with [](doc:strategy-discussion)\n\nText.\n' >> '$other'"
edit title sed -i 's/^title: .*/title: Strategy Discussions (Revised)/' "$proc"
edit new-link sh -c "printf '\nSee also [](doc:safer-stockton-partnership-2016-05-17).\n' >> '$other'"
edit alias-added sed -i 's|^status: current|status: current\naliases: [/old-strategy/]|' "$proc"
check serve-reuse/alias-page test -f "$live/old-strategy/index.html"
edit alias-removed sed -i '/^aliases: \[\/old-strategy\/\]/d' "$proc"
check serve-reuse/alias-page-gone test ! -e "$live/old-strategy"
edit new-doc sh -c "sed -e '/^id:/d' -e 's/^title: .*/title: Reuse Check/' \
    '$other' > '$site/procedures/reuse-check.md'"
check serve-reuse/new-doc-page test -f "$live/procedures/reuse-check/index.html"
edit doc-deleted rm "$site/procedures/reuse-check.md"
check serve-reuse/deleted-doc-gone test ! -e "$live/procedures/reuse-check"
edit glossary sed -i 's/expansion: "Child Death Overview Panel"/expansion: "Child Death Overview Panel (CDOP)"/' \
    "$site/glossary.md"
# Front matter only, no line added or removed: the MoU reviewed before
# Working Together 2023 no longer uses an outdated name, and its page
# must not say it does (the scan reads the front matter's dates, so its
# kept result must not serve).
mou=$site/mou/hsscp-mou.md
diags() {
	curl -s "$base/mou/hsscp-mou/" |
	    sed -n '/folio-preview-diags"/,/<\/section>/p' > "$1"
}
diags "$tmp/mou-before.html"
check serve-reuse/front-matter-warned grep -q 'Working Together 2018.* is out of date' \
    "$tmp/mou-before.html"
edit front-matter-date sed -i 's/^area: .*/last_reviewed: 2019-06-01/' "$mou"
diags "$tmp/mou-after.html"
check serve-reuse/front-matter-rescanned sh -c \
    "grep -q 'folio-preview-diags' '$tmp/mou-after.html' &&
    ! grep -q 'is out of date' '$tmp/mou-after.html'"
edit site-title sed -i 's/^title: .*/title: A Renamed Partnership/' "$site/site.yaml"
edit commit sh -c "git -C '$tmp/repo' -c user.name=Editor \
    -c user.email=e@example.org commit -qam 'Revise the strategy discussion procedure'"
printf -- '---\ntitle: [unclosed\n---\nBody\n' > "$site/procedures/broken.md"
if settle; then
	# Only a document is broken: reported, and the rest of the site
	# is still written.
	check serve-reuse/broken-reported grep -q 'build [0-9]*: [0-9]* errors* in documents' "$tmp/err"
	check serve-reuse/broken-others-kept test -f "$live/procedures/strategy-discussion/index.html"
else
	notok "serve-reuse/broken (no rebuild)"
fi
edit mended rm "$site/procedures/broken.md"
