#!/usr/bin/env bash
#
# serve-rebuild.sh [DIR [EDITS]]: how long after an edit folio serve's
# preview shows it.  Makes (once) a 1,000-document corpus with corpus.sh
# in DIR (default /tmp/folio-bench/c1k), starts "folio serve" on it, then
# EDITS times (default 10) appends a new sentence to one procedure and
# polls its page until the sentence is there.  Prints each time and the
# median, in milliseconds, from the write to the first response holding
# it (the 50 ms debounce included).  The edits are undone afterwards.
#
# Environment: FOLIO (default ./folio), TMPDIR (where serve builds).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/folio-bench/c1k}
edits=${2:-10}
folio=${FOLIO:-$here/../folio}
command -v curl >/dev/null || { echo "serve-rebuild.sh: needs curl" >&2; exit 2; }

"$here/corpus.sh" 1000 2000 "$dir" >&2
site=$dir/content
doc=$site/procedures/procedure-00001.md
page=procedures/procedure-00001/
log=$(mktemp)
cp "$doc" "$log.doc"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	cp "$log.doc" "$doc"
	rm -f "$log" "$log.doc"
}
trap cleanup EXIT

"$folio" serve -s "$site" -p 0 2>"$log" &
pid=$!
for _ in $(seq 600); do
	grep -q '^folio: serving' "$log" && break
	kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
	sleep 0.1
done
url=$(sed -n 's/^folio: serving .* at \(http:[^ ]*\) .*/\1/p' "$log")
[ -n "$url" ] || { echo "serve-rebuild.sh: server did not start" >&2; exit 1; }
grep '^folio: build 1' "$log" >&2

now_ms() { echo $(($(date +%s%N) / 1000000)); }
times=()
for i in $(seq "$edits"); do
	sleep 0.3	# let the previous rebuild settle
	mark="Edited for the rebuild benchmark, round $i $$."
	t0=$(now_ms)
	printf '\n%s\n' "$mark" >>"$doc"
	for _ in $(seq 3000); do
		if curl -s --max-time 5 "$url$page" | grep -qF "$mark"; then
			break
		fi
		sleep 0.01	# leave the cores to the build
	done
	t=$(($(now_ms) - t0))
	times+=("$t")
	echo "edit $i: $t ms" >&2
done
grep '^folio: build' "$log" | tail -3 >&2
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$edits" '
	{ v[NR] = $1 }
	END {
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		printf "serve-rebuild: median %d ms over %d edits (min %d, max %d)\n", m, n, v[1], v[n]
	}'
