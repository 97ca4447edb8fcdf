#!/usr/bin/env bash
#
# bench/run.sh [-n RUNS] [DOCS:COMMITS ...]: the benchmark behind
# "make bench".  For each corpus (default 1000:5000 and 10000:20000) it
# builds the corpus once (bench/corpus.sh), then times, as medians of
# RUNS (default 5) runs of the whole command:
#
#   hugo           Hugo over the corpus, no git info
#   hugo-git       Hugo with enableGitInfo
#   folio-current  folio with version lines and history pages, no past versions
#   folio-full     folio: every past version, comparison, amendments, feed
#   folio-nogit    folio over a copy of the content outside git (current pages)
#   cmark          cmark-gfm over every body in one process
#   git-log        git log --name-only over the history
#   rebuild        folio-full again with nothing changed
#   one-edit       folio-full after one document was edited and committed
#                  (each run a new commit on the corpus's own HEAD, which
#                  is restored afterwards)
#
# and prints each with its peak memory (/usr/bin/time), every target of
# the benchmark with its figure and "met" or "not met", and folio's own
# per-stage times (--timings).
# Both tools write to a tmpfs when /dev/shm exists, so that the disk's
# speed, not the tools', does not decide the result.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
folio=${FOLIO:-$top/folio}
runs=5
if [ "${1:-}" = -n ]; then
	runs=$2
	shift 2
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000:5000 10000:20000)
work=${BENCH_WORK:-$top/bench/work}
outroot=/dev/shm
[ -d "$outroot" ] && [ -w "$outroot" ] || outroot=${TMPDIR:-/tmp}
out=$(mktemp -d "$outroot/folio-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

for tool in hugo cmark-gfm /usr/bin/time; do
	if ! command -v "$tool" >/dev/null; then
		pkg=$tool
		[ "$tool" = /usr/bin/time ] && pkg=time
		echo "installing $pkg"
		if [ "$(id -u)" -ne 0 ]; then s=sudo; else s=; fi
		$s apt-get install -y -qq "$pkg" >/dev/null
	fi
done

# measure NAME COMMAND...: run it $runs times; print the median time and
# the largest peak memory.  $prep, if set, is run (untimed) before each.
measure() {
	local name=$1 i t m
	shift
	: > "$out/times"
	for ((i = 0; i < runs; i++)); do
		[ -z "${prep:-}" ] || eval "$prep"
		/usr/bin/time -f "%e %M" -o "$out/one" "$@" >/dev/null 2>&1 ||
		    { echo "$name: failed: $*" >&2; cat "$out/one" >&2; return 1; }
		tail -n 1 "$out/one" >> "$out/times"
	done
	t=$(sort -n "$out/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	m=$(sort -n -k2 "$out/times" | tail -n 1 | awk '{ print $2 }')
	printf '%-14s %8.2f s %8.0f MB\n' "$name" "$t" "$((m / 1024))"
	eval "T_${name//-/_}=$t"
	eval "M_${name//-/_}=$((m / 1024))"
}

ratio() {	# ratio LABEL A B TARGET: A / B against "<=N"
	awk -v l="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
		r = a / b
		printf "  %-44s %8.2fx   target %-8s %s\n", l, r, t,
		    (r <= substr(t, 3) + 0 ? "met" : "not met")
	}'
}

limit() {	# limit LABEL VALUE UNIT TARGET: VALUE against "<N" or "<=N"
	awk -v l="$1" -v v="$2" -v u="$3" -v t="$4" 'BEGIN {
		n = t ~ /^<=/ ? substr(t, 3) + 0 : substr(t, 2) + 0
		ok = t ~ /^<=/ ? v <= n : v < n
		printf "  %-44s %8.2f %-2s target %-8s %s\n", l, v, u,
		    t " " u, (ok ? "met" : "not met")
	}'
}

# The one-edit runs commit as this editor, after the corpus's last date.
export GIT_AUTHOR_NAME="Bench Editor" GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME="Bench Editor" GIT_COMMITTER_EMAIL=bench@example.org
export GIT_AUTHOR_DATE="2026-01-05T10:00:00+00:00"
export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"

make -C "$top" -s folio >/dev/null
for size in "${sizes[@]}"; do
	docs=${size%%:*}
	commits=${size##*:}
	dir=$work/c$docs-$commits
	echo "== $docs documents, $commits commits ($runs runs, output on $outroot)"
	bash "$here/corpus.sh" "$docs" "$commits" "$dir" | tail -n 1
	rm -rf "$out/nogit" && mkdir -p "$out/nogit" && cp -R "$dir/content" "$out/nogit/"
	find "$dir/content" -name '*.md' -exec cat {} + > "$out/bodies.md"

	measure hugo bash "$here/hugo.sh" "$dir"
	measure hugo-git bash "$here/hugo.sh" "$dir" --git
	# Cold, as every build but "rebuild" and "one-edit": no earlier
	# site to update, no cache.
	prep='rm -rf "$out/cache-c" "$out/fc"' measure folio-current \
	    env FOLIO_CACHE_DIR="$out/cache-c" "$folio" build -q \
	    -s "$dir/content" -o "$out/fc" --today 2026-11-24 \
	    --no-past-versions
	# The full build cold: no page cache, no earlier site to take from.
	prep='rm -rf "$out/cache" "$out/ff"' measure folio-full \
	    env FOLIO_CACHE_DIR="$out/cache" "$folio" build -q \
	    -s "$dir/content" -o "$out/ff" --today 2026-11-24
	prep='rm -rf "$out/cache-c" "$out/fn"' measure folio-nogit \
	    env FOLIO_CACHE_DIR="$out/cache-c" "$folio" build -q \
	    -s "$out/nogit/content" -o "$out/fn" --today 2026-11-24
	measure cmark cmark-gfm -e table -e autolink -e strikethrough \
	    "$out/bodies.md"
	measure git-log git -C "$dir" log --name-only --format=%H
	# Again, nothing changed: the cache and the last site are there.
	measure rebuild env FOLIO_CACHE_DIR="$out/cache" "$folio" build -q \
	    -s "$dir/content" -o "$out/ff" --today 2026-11-24
	# One edited and committed document: each run commits a new edit on
	# the corpus's HEAD, so each is one new commit since the site built.
	one=$(find "$dir/content/procedures" -name '*.md' | sort | awk 'NR == 1')
	base=$(git -C "$dir" rev-parse HEAD)
	edits=0
	prep='git -C "$dir" reset -q --hard "$base" &&
	    edits=$((edits + 1)) &&
	    echo "Edited for the benchmark ($edits)." >> "$one" &&
	    git -C "$dir" commit -q -a -m "Edit for the benchmark"' \
	measure one-edit env FOLIO_CACHE_DIR="$out/cache" "$folio" build -q \
	    -s "$dir/content" -o "$out/ff" --today 2026-11-24
	git -C "$dir" reset -q --hard "$base"

	peak=$M_folio_full
	for m in $M_folio_current $M_folio_nogit $M_rebuild $M_one_edit; do
		[ "$m" -le "$peak" ] || peak=$m
	done
	echo "targets ($docs documents):"
	ratio "current pages + history / Hugo with git info" "$T_folio_current" "$T_hugo_git" "<=0.25"
	ratio "full site, cold / Hugo with git info" "$T_folio_full" "$T_hugo_git" "<=1.0"
	ratio "current pages, no git / cmark-gfm alone" "$T_folio_nogit" "$T_cmark" "<=2"
	ratio "rebuild, nothing changed / full build" "$T_rebuild" "$T_folio_full" "<=0.1"
	limit "one edited and committed document" "$T_one_edit" s "<1"
	limit "peak memory (folio, any build)" "$peak" MB "<=512"
	rm -rf "$out/cache" "$out/ff"
	for what in "full site, cold" "rebuild, nothing changed"; do
		echo "folio's stages ($what, one run):"
		FOLIO_CACHE_DIR="$out/cache" "$folio" build -s "$dir/content" \
		    -o "$out/ff" --today 2026-11-24 --timings 2>&1 |
		    grep 'timing:' | sed 's/^folio: timing: /  /'
	done
	files=$(find "$out/ff" -type f | wc -l)
	echo "  pages and files written: $files"
	echo
done
