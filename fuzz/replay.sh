#!/bin/sh
# fuzz/replay.sh: run each fuzz target once over every file of
# tests/fuzz-regressions/TARGET/ (targets without that folder are
# skipped), without fuzzing.  Builds the targets first, as run.sh does.
#
#   fuzz/replay.sh [TARGET...]
#
# Prints "ok TARGET/FILE" or "FAIL TARGET/FILE" per input, in the form
# of tests/run.sh; exits 1 if any input crashed, leaked or timed out,
# 2 on a usage or build error.
set -u
cd "$(dirname "$0")/.." || exit 2
. fuzz/lib.sh

REG=tests/fuzz-regressions
[ $# -gt 0 ] || set -- $FUZZ_TARGETS
fuzz_check_targets "$@" || exit 2
want=
for t in "$@"; do
	[ -d "$REG/$t" ] && want="$want $t"
done
[ -n "$want" ] || { echo "fuzz: no regression inputs under $REG/"; exit 0; }

fuzz_deps || exit 2
fuzz_build $want || { echo "fuzz: build failed" >&2; exit 2; }

rc=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in $want; do
	for f in "$REG/$t"/*; do
		[ -f "$f" ] || continue
		# One input per run, so that every failure is reported.
		if "$FUZZ_OUT/fuzz_$t" -timeout=10 -rss_limit_mb=2048 \
		    -runs=1 "$f" >"$log" 2>&1; then
			echo "ok fuzz/$t/$(basename "$f")"
		else
			echo "FAIL fuzz/$t/$(basename "$f")"
			# The report's headline and folio's own frames.
			grep -E 'invariant broken|ERROR: |SUMMARY: |[ /](src|fuzz)/[a-z_]+\.c:[0-9]' \
			    "$log" | sed 's/ (.*BuildId.*)//' | head -n 12 |
			    sed 's/^/	/'
			rc=1
		fi
	done
done
exit $rc
