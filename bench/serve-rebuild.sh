#!/usr/bin/env bash
#
# serve-rebuild.sh [DIR [EDITS]]: how long after an edit folio serve's
# preview shows it.  Makes (once) a 1,000-document corpus with corpus.sh
# in DIR (default /tmp/folio-bench/c1k), starts "folio serve" on it, then
# EDITS times (default 10) appends a new sentence to one procedure and
# waits, as an open page does, on the server's event stream for the end
# of the build that follows, then fetches the page and checks that the
# sentence is there.  Prints each time and the median, in milliseconds,
# from the write to that fresh page (the 30 ms debounce included).  The
# edits are undone afterwards.
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
	rm -f "$log" "$log.doc" "$log.events"
}
trap cleanup EXIT

"$folio" serve -s "$site" -p 0 --timings 2>"$log" &
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
events=$log.events
curl -sN "${url}__folio/events" >"$events" &
curlpid=$!
# Set n to the number of builds the event stream has announced (no
# fork: the loop below must leave the cores to the server).
announced() {
	local line
	n=0
	while IFS= read -r line; do
		[[ $line == data:* ]] && n=$((n + 1))
	done <"$events"
	return 0
}
for _ in $(seq 500); do
	announced
	[ "$n" -gt 0 ] && break
	sleep 0.01
done
times=()
for i in $(seq "$edits"); do
	sleep 0.3	# let the previous rebuild settle
	mark="Edited for the rebuild benchmark, round $i $$."
	announced
	seen=$n
	t0=$(now_ms)
	printf '\n%s\n' "$mark" >>"$doc"
	for _ in $(seq 5000); do
		announced
		if [ "$n" -gt "$seen" ]; then
			seen=$n
			curl -s --max-time 5 "$url$page" | grep -qF "$mark" &&
			    break
		fi
		sleep 0.002
	done
	t=$(($(now_ms) - t0))
	times+=("$t")
	echo "edit $i: $t ms" >&2
done
kill "$curlpid" 2>/dev/null || true
grep -E '^folio: (build|timing)' "$log" | tail -7 >&2
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$edits" '
	{ v[NR] = $1 }
	END {
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		printf "serve-rebuild: edit to fresh page: median %d ms over %d edits (min %d, max %d)\n", m, n, v[1], v[n]
	}'
