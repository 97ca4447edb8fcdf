#!/bin/sh
# tests/fixtures.sh [--regen] [NAME...]: the fixture sites, all or those
# named (NAME, fixtures/NAME or fixture/NAME).  Each
# tests/fixtures/NAME/site is built (or checked) with a fixed --today,
# and the exit status, diagnostics and output compared with the expect-*
# files beside it:
#   expect-status      the exit status
#   expect-stderr      the exact diagnostics (-q: no summary line)
#   expect-stderr-has  lines that must each appear in the diagnostics
#   expect-grep        "FILE<TAB>TEXT": the output file must contain TEXT
#   expect-nogrep      "FILE<TAB>TEXT": the output file must not contain it
#   expect-absent      output files that must not exist
#   args               extra arguments for folio
#   cmd                "check" to run folio check instead of build
#   expect-stdout      the exact standard output
# Every failing build must also leave a previous output folder intact.
#
# --regen (`make regen`) first writes what folio did into the exact
# expectations, expect-status and, where the fixture has them,
# expect-stderr and expect-stdout, so that after an intended change
# `git diff tests/fixtures` shows what changed; the other expect-* files
# are written by hand, and still checked.  It refuses to run under CI.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh

regen=
if [ "${1:-}" = --regen ]; then
	shift
	if [ -n "${CI:-}" ]; then
		echo "fixtures: --regen rewrites the expected outputs: not under CI (CI=$CI)" >&2
		exit 2
	fi
	regen=1
fi

# The fixture folders asked for; a name that is none fails.
if [ $# -eq 0 ]; then
	set -- tests/fixtures/*/
else
	for n in "$@"; do
		n=${n#fixtures/}
		n=${n#fixture/}
		n=${n%/}
		if [ -n "$n" ] && [ -d "tests/fixtures/$n/site" ]; then
			set -- "$@" "tests/fixtures/$n/"
		else
			notok "fixture/$n: no such fixture (tests/fixtures/$n/site)"
		fi
		shift
	done
fi

for dir in "$@"; do
	name=fixture/$(basename "$dir")
	tmp=$(mktemp -d)
	args=
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	cmd=build
	[ -f "$dir/cmd" ] && cmd=$(cat "$dir/cmd")
	outarg="-o $tmp/out"
	[ "$cmd" = check ] && outarg=
	# A previous build to protect: a marker file that must survive.
	mkdir -p "$tmp/out"
	echo "previous" > "$tmp/out/.folio-output"
	echo "old site" > "$tmp/out/index.html"
	before=$(cd "$dir" && find site -type f -exec sha256sum {} + | sort)
	# args may quote words: "--owner 'HSSCP Executive'".
	(cd "$dir" && eval "set -- $args" && $FOLIO $cmd -q -s site $outarg --today $TODAY "$@") \
	    > "$tmp/stdout" 2> "$tmp/stderr"
	status=$?
	if [ -n "$regen" ]; then
		echo "$status" > "$dir/expect-status"
		[ ! -f "$dir/expect-stderr" ] || cp "$tmp/stderr" "$dir/expect-stderr"
		[ ! -f "$dir/expect-stdout" ] || cp "$tmp/stdout" "$dir/expect-stdout"
	fi
	fail=
	want=$(cat "$dir/expect-status")
	[ "$status" = "$want" ] || fail="$fail status $status, want $want;"
	if [ -f "$dir/expect-stderr" ] && ! diff -u "$dir/expect-stderr" "$tmp/stderr" > "$tmp/diff"; then
		fail="$fail diagnostics differ;"
		cat "$tmp/diff"
	fi
	if [ -f "$dir/expect-stdout" ] && ! diff -u "$dir/expect-stdout" "$tmp/stdout" > "$tmp/diff"; then
		fail="$fail output differs;"
		cat "$tmp/diff"
	fi
	if [ -f "$dir/expect-stderr-has" ]; then
		while IFS= read -r line; do
			grep -qF -- "$line" "$tmp/stderr" || fail="$fail no diagnostic '$line';"
		done < "$dir/expect-stderr-has"
	fi
	if [ -f "$dir/expect-grep" ]; then
		while IFS="	" read -r file text; do
			grep -qF -- "$text" "$tmp/out/$file" 2>/dev/null ||
			    fail="$fail $file lacks '$text';"
		done < "$dir/expect-grep"
	fi
	if [ -f "$dir/expect-nogrep" ]; then
		while IFS="	" read -r file text; do
			[ -f "$tmp/out/$file" ] || fail="$fail $file missing;"
			! grep -qF -- "$text" "$tmp/out/$file" 2>/dev/null ||
			    fail="$fail $file contains '$text';"
		done < "$dir/expect-nogrep"
	fi
	if [ -f "$dir/expect-absent" ]; then
		while IFS= read -r file; do
			[ ! -e "$tmp/out/$file" ] || fail="$fail $file exists;"
		done < "$dir/expect-absent"
	fi
	if [ "$status" != 0 ]; then
		[ "$(cat "$tmp/out/index.html" 2>/dev/null)" = "old site" ] ||
		    fail="$fail previous output was changed;"
		[ -z "$(ls -A "$tmp" | grep -v '^out$\|^stdout$\|^stderr$\|^diff$')" ] ||
		    fail="$fail temporary folder left behind;"
	fi
	after=$(cd "$dir" && find site -type f -exec sha256sum {} + | sort)
	[ "$before" = "$after" ] || fail="$fail the site folder was changed;"
	if [ -z "$fail" ]; then
		ok "$name"
	else
		notok "$name:$fail"
		sed 's/^/    stderr: /' "$tmp/stderr" | head -20
	fi
	rm -rf "$tmp"
done
[ -z "$regen" ] || echo "fixtures: expectations rewritten from the build; review: git diff tests/fixtures"
