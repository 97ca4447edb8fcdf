#!/bin/sh
# Run every test suite; each prints "ok NAME" or "FAIL NAME" per test.
# The last line is the count: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
: "${UNITDIR:=build/release}"
export UNITDIR
: "${SUITE:=release}"
SPEC=tests/mustache-spec	# the official spec (MIT: its LICENSE is beside it)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

{
	for t in "$UNITDIR"/test_*; do
		[ -x "$t" ] || continue
		n=$(basename "$t")
		if [ "$n" = test_mustache_spec ]; then
			if [ -d "$SPEC" ]; then
				check "unit/$n" "$t" "$SPEC"
			else
				echo "mustache spec: $SPEC not found, skipped"
			fi
		else
			check "unit/$n" "$t"
		fi
	done
	HISTDUMP="$UNITDIR/histdump" sh tests/history/run.sh | sed 's/^ok /ok   history\//; s/^FAIL /FAIL history\//'
	sh tests/fixtures.sh
	sh tests/build.sh
	sh tests/hardening.sh
	sh tests/search.sh
	sh tests/history-site.sh
	sh tests/record.sh
	sh tests/serve.sh
	sh tests/serve-reuse.sh
	# What the fuzzers found, replayed (clang's sanitizers: this pass).
	[ "$SUITE" != asan ] || sh fuzz/replay.sh 2>&1 | grep -v '^fuzz: '
	# The browser suite is not repeated under the sanitizers.
	[ "$SUITE" != release ] || sh tests/browser.sh
} 2>&1 | tee "$out" | grep -v '^\[ \+\(RUN\|OK\) \+\]'

passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^FAIL ' "$out")
echo "$SUITE: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
