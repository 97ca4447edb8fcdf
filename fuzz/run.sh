#!/bin/sh
# fuzz/run.sh: build the libFuzzer targets and fuzz each for a while.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# TARGET is frontmatter, template, markdown, compare, date, record, cache,
# histblob, marker or scanmemo
# (default: all, one after the other; FUZZ_JOBS=2 runs two at a time).
# SECONDS 0 only builds.  Each target is built into build/fuzz/fuzz_TARGET (again only
# when a source changed) and run over its working corpus
# build/fuzz/corpus-TARGET/, into which fuzz/seeds/TARGET/ is copied
# first; fuzz/seeds/ is never written.  Crash, leak, timeout and
# out-of-memory inputs go to build/fuzz/artifacts/TARGET-*, the full log
# to build/fuzz/log-TARGET.txt.  Prints, per target, the executions, the
# time, the coverage and "crashes: N"; exits 1 if any target crashed,
# 2 on a usage or build error.
set -u
cd "$(dirname "$0")/.." || exit 2
. fuzz/lib.sh

usage() {
	echo "usage: fuzz/run.sh SECONDS [TARGET...]   (targets: $FUZZ_TARGETS)" >&2
	exit 2
}

[ $# -ge 1 ] || usage
secs=$1
shift
case $secs in
''|*[!0-9]*) usage ;;
esac
[ $# -gt 0 ] || set -- $FUZZ_TARGETS
fuzz_check_targets "$@" || exit 2
jobs=${FUZZ_JOBS:-1}
case $jobs in
''|*[!0-9]*|0) echo "fuzz: FUZZ_JOBS must be a number from 1" >&2; exit 2 ;;
esac

fuzz_deps || exit 2
fuzz_build "$@" || { echo "fuzz: build failed" >&2; exit 2; }
[ "$secs" -eq 0 ] && exit 0
mkdir -p "$FUZZ_OUT/artifacts" || exit 2

# Fuzz target $1 for $secs seconds; leave a summary in result-$1.txt.
run_one() {
	t=$1
	corpus=$FUZZ_OUT/corpus-$t
	log=$FUZZ_OUT/log-$t.txt
	stamp=$FUZZ_OUT/.stamp-$t
	mkdir -p "$corpus"
	cp -R "fuzz/seeds/$t/." "$corpus/"
	dict=
	[ -f "fuzz/dict/$t.dict" ] && dict=-dict=fuzz/dict/$t.dict
	touch "$stamp"
	start=$(date +%s)
	"$FUZZ_OUT/fuzz_$t" -max_total_time="$secs" -max_len=65536 \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$FUZZ_OUT/artifacts/$t-" $dict \
	    "$corpus" >"$log" 2>&1
	status=$?
	end=$(date +%s)
	arts=$(find "$FUZZ_OUT/artifacts" -name "$t-*" -newer "$stamp" \
	    \( -name "$t-crash-*" -o -name "$t-leak-*" -o \
	    -name "$t-timeout-*" -o -name "$t-oom-*" \) | sort)
	n=$(printf '%s' "$arts" | grep -c . || true)
	# A failure that left no input (say, in LLVMFuzzerInitialize).
	[ "$status" -ne 0 ] && [ "$n" -eq 0 ] && n=1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep ' cov: ' "$log" | tail -n 1 |
	    sed 's/.* cov: \([0-9]*\).* ft: \([0-9]*\).* corp: \([0-9]*\).*/\1 (features \2, corpus \3)/')
	{
		echo "$t: executions: ${execs:-?} (${rate:-?}/s), time: $((end - start)) s, cov: ${cov:-?}"
		echo "$t: crashes: $n"
		for a in $arts; do
			echo "$t:   $a  (replay: $FUZZ_OUT/fuzz_$t $a)"
		done
		[ "$n" -gt 0 ] && echo "$t:   log: $log"
	} >"$FUZZ_OUT/result-$t.txt"
	rm -f "$stamp"
}

running=0
for t in "$@"; do
	echo "fuzz: $t for $secs s"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

rc=0
for t in "$@"; do
	cat "$FUZZ_OUT/result-$t.txt"
	grep -q "^$t: crashes: 0$" "$FUZZ_OUT/result-$t.txt" || rc=1
done
exit $rc
