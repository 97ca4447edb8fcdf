#!/usr/bin/env bash
#
# bench/scale.sh [-n RUNS] [DOCS:COMMITS ...]: the scaling curve.  For
# each corpus (default 1000:2000 10000:20000 50000:10000; bench/corpus.sh
# makes each once) it times, as medians of RUNS (default 1) runs, folio's
# current pages with version lines and history pages (no past versions)
# and Hugo with enableGitInfo, and prints each with its peak memory and
# its cost per document.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
folio=${FOLIO:-$top/folio}
runs=1
if [ "${1:-}" = -n ]; then
	runs=$2
	shift 2
fi
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000:2000 10000:20000 50000:10000)
work=${BENCH_WORK:-$top/bench/work}
outroot=/dev/shm
[ -d "$outroot" ] && [ -w "$outroot" ] || outroot=${TMPDIR:-/tmp}
out=$(mktemp -d "$outroot/folio-scale.XXXXXX")
trap 'rm -rf "$out"' EXIT

# one NAME DOCS COMMAND...: the median time and the largest peak memory
# of RUNS runs, with the cost per document.
one() {
	local name=$1 docs=$2 i t m
	shift 2
	: > "$out/times"
	for ((i = 0; i < runs; i++)); do
		[ -z "${prep:-}" ] || eval "$prep"
		/usr/bin/time -f "%e %M" -o "$out/t" "$@" >/dev/null 2>&1 ||
		    { echo "$name: failed: $*" >&2; return 1; }
		tail -n 1 "$out/t" >> "$out/times"
	done
	t=$(sort -n "$out/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	m=$(sort -n -k2 "$out/times" | tail -n 1 | awk '{ print $2 }')
	awk -v n="$name" -v d="$docs" -v t="$t" -v m="$m" 'BEGIN {
		printf "  %-14s %8.2f s %7.0f MB   %6.3f ms/doc %6.1f KB/doc\n",
		    n, t, m / 1024, t * 1000 / d, m / d
	}'
}

make -C "$top" -s folio >/dev/null
for size in "${sizes[@]}"; do
	docs=${size%%:*}
	commits=${size##*:}
	dir=$work/c$docs-$commits
	bash "$here/corpus.sh" "$docs" "$commits" "$dir" | tail -n 1
	echo "== $docs documents, $commits commits ($runs runs)"
	# Cold each time: no earlier site to update, no cache.
	prep='rm -rf "$out/fc" "$out/cache-c"' one folio-current "$docs" \
	    env FOLIO_CACHE_DIR="$out/cache-c" "$folio" build -q \
	    -s "$dir/content" -o "$out/fc" --today 2026-11-24 --no-past-versions
	rm -rf "$out/fc"
	one hugo-git "$docs" bash "$here/hugo.sh" "$dir" --git
done
