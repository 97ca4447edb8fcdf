#!/bin/sh
# tests/run.sh [NAME...]: the whole suite, or only the tests named.  Each
# test prints "ok NAME" or "FAIL NAME"; the last line is the count,
# "SUITE: N passed, N failed" (SUITE is release, asan or tsan).  Exits 1
# if anything failed or nothing ran.  `make check T="NAME..."` builds
# what is needed and runs this; it runs from any folder.
#
# A NAME is one of (the names the suite prints select the same tests):
#   unit                       every unit test
#   test_X, unit/test_X        the unit test tests/unit/test_X.c
#   history                    every case of tests/history/run.sh
#   history/CASE               one of its cases (history/linear)
#   fixtures                   every fixture site
#   fixtures/NAME, fixture/NAME  the site tests/fixtures/NAME
#   fuzz, fuzz/TARGET          the fuzzers' regression inputs, replayed
#   X                          the script tests/X.sh (build, serve-reuse)
# A NAME that matches nothing is a failure.
#
# FOLIO is the binary and UNITDIR the build folder with the unit tests,
# linkcheck and histdump (defaults: ./folio and build/release at the top;
# see tests/lib.sh).  What is missing is named with the make command
# that builds it.
#
# Adding a test:
#   - a unit test: write tests/unit/test_X.c (cmocka).  The Makefile finds
#     it, builds $(B)/test_X against the library archive (so it links
#     only the objects it uses) and this script runs it: nothing to edit.
#   - a script: write tests/X.sh, starting with `set -u`,
#     `cd "$(dirname "$0")/.."` and `. tests/lib.sh`, and printing
#     "ok X/..." or "FAIL X/..." per check (lib.sh's check, ok, notok).
#     Every tests/*.sh is a test script, but lib.sh, deps.sh and run.sh:
#     it runs in the whole suite (in name order) and as T=X.  Put helpers
#     that are not tests in tests/tools/.
#   - a history case: a function case_X in tests/history/run.sh, and X in
#     the list of cases at its end.
#   - a fixture site: a folder tests/fixtures/X/ (tests/fixtures.sh says
#     what goes in it); `make regen T=fixtures/X` writes its expect-status
#     and, where present, expect-stderr and expect-stdout.
set -u
cd "$(dirname "$0")/.."
TESTS_RUN_SH=1
. tests/lib.sh
: "${SUITE:=release}"
SPEC=tests/mustache-spec	# the official spec (MIT: its LICENSE is beside it)
out=$(mktemp)
trap 'rm -f "$out" "$out.fuzz"' EXIT

# The test scripts, in name order: every tests/*.sh but the helpers.
scripts() {
	for _s in tests/*.sh; do
		_s=$(basename "$_s" .sh)
		case $_s in
		lib|deps|run) ;;
		*)	echo "$_s" ;;
		esac
	done
}

# unit NAME: run the unit test NAME (test_X).
unit() {
	if [ ! -f "tests/unit/$1.c" ]; then
		notok "unit/$1: no such unit test (tests/unit/$1.c)"
	elif [ ! -x "$UNITDIR/$1" ]; then
		notok "unit/$1: $UNITDIR/$1 is not built; $(buildfirst "$UNITDIR/$1")"
	elif [ "$1" = test_mustache_spec ]; then
		if [ -d "$SPEC" ]; then
			check "unit/$1" "$UNITDIR/$1" "$SPEC"
		else
			echo "mustache spec: $SPEC not found, skipped"
		fi
	else
		check "unit/$1" "$UNITDIR/$1"
	fi
}

# history [CASE...]: tests/history/run.sh, its names under history/.
history() {
	HISTDUMP="$UNITDIR/histdump" sh tests/history/run.sh "$@" |
	    sed 's/^ok /ok   history\//; s/^FAIL /FAIL history\//'
}

# script NAME [ARG...]: run tests/NAME.sh, once folio is known to exist.
script() {
	if [ ! -x "$FOLIO" ]; then
		notok "$1: $FOLIO is not built; $(buildfirst "$FOLIO")"
		return
	fi
	_s=$1
	shift
	sh "tests/$_s.sh" "$@"
}

# fuzz [TARGET]: replay the fuzzers' regression inputs (clang, ASan).
fuzz() {
	sh fuzz/replay.sh "$@" >"$out.fuzz" 2>&1
	_st=$?
	grep -v '^fuzz: ' "$out.fuzz"
	# A status of 2 is a usage or build error, which prints no FAIL.
	[ "$_st" != 2 ] || {
		grep '^fuzz: ' "$out.fuzz"
		notok "fuzz${1:+/$1}: fuzz/replay.sh could not run (an unknown target, or the build failed)"
	}
}

# one NAME: run what NAME selects.
one() {
	case $1 in
	unit)
		for _t in tests/unit/test_*.c; do unit "$(basename "$_t" .c)"; done ;;
	unit/test_*)
		unit "${1#unit/}" ;;
	test_*)
		unit "$1" ;;
	history)
		history ;;
	history/?*)
		history "${1#history/}" ;;
	fixtures/?*|fixture/?*)
		script fixtures "${1#*/}" ;;
	fuzz)
		fuzz ;;
	fuzz/?*)
		fuzz "${1#fuzz/}" ;;
	*)
		if scripts | grep -qxF -- "$1"; then
			script "$1"
		elif scripts | grep -qxF -- "${1%%/*}"; then
			notok "$1: a check of the script tests/${1%%/*}.sh, which runs as a whole: T=${1%%/*}"
		else
			notok "$1: no test by that name: a unit test (unit/test_X), history/CASE, fixtures/NAME, fuzz/TARGET or a script ($(scripts | tr '\n' ' ' | sed 's/ $//'))"
		fi ;;
	esac
}

# all: the whole suite.
all() {
	one unit
	history
	if [ ! -x "$FOLIO" ]; then
		notok "scripts: $FOLIO is not built; $(buildfirst "$FOLIO")"
		return
	fi
	for _s in $(scripts); do
		# The browser suite is not repeated under the sanitizers.
		[ "$_s" = browser ] || script "$_s"
	done
	# What the fuzzers found, replayed (clang's sanitizers: this pass).
	[ "$SUITE" != asan ] || fuzz
	[ "$SUITE" != release ] || script browser
}

{
	if [ $# -eq 0 ]; then
		all
	else
		for n in "$@"; do
			one "$n"
		done
	fi
} 2>&1 | tee "$out" | grep -v '^\[ \+\(RUN\|OK\) \+\]'

passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^FAIL ' "$out")
echo "$SUITE: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
