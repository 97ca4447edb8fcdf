#!/bin/sh
# Builds that remember: a generated site with history is built cold,
# then again with its page cache and its last output after nothing
# changed, after one edited and committed document, and after a rename
# and a deletion.  Each of those builds must give, byte for byte, the
# site and the diagnostics of a cold build of the same commit into a
# fresh folder with an empty cache.  A garbled kept result of the
# history walk is a miss: the build is still identical, and the entry
# is made again.
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
	grep -rl --binary-files=text '^folio-history-memo 1$' "$1" 2>/dev/null |
	    wc -l
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

build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same nothing-changed

one=$(cd "$site" && ls procedures/*.md | head -n 1)
printf '\nA sentence added to the procedure.\n' >>"$site/$one"
commit "Add a sentence"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same one-edit
check incremental/one-edit-page grep -rq 'A sentence added to the procedure' \
    "$tmp/inc/procedures"
# The walk kept for the new commit replaces the one before it.
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
check incremental/walk-pruned [ "$(memo_entries "$tmp/cache")" = 1 ]

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

# A garbled entry of the kept walk: a miss, the same site, made again.
memo=$(grep -rl --binary-files=text '^folio-history-memo 1$' "$tmp/cache")
printf 'garbled' | dd of="$memo" bs=1 seek=200 conv=notrunc 2>/dev/null
printf '\nAnother sentence.\n' >>"$site/$one"
commit "Add another sentence"
build "$tmp/cache" "$tmp/inc" "$tmp/inc.err"
same garbled-walk
check incremental/garbled-walk-remade sh -c "[ ! -e '$memo' ] &&
	[ \$(grep -rl --binary-files=text '^folio-history-memo 1$' \
	    '$tmp/cache' | wc -l) -ge 1 ]"
