#!/usr/bin/env bash
#
# corpus.sh DOCS COMMITS DIR [SEED]: make DIR a git repository holding a
# synthetic partnership site (DIR/content/) with COMMITS commits, built by
# gencorpus.c through git fast-import, and check it out.
#
# Idempotent: DIR/.git/folio-bench-corpus records the parameters and a
# checksum of gencorpus.c; if they match, nothing is done.  A DIR made by
# an older run with other parameters is replaced; any other existing,
# non-empty DIR is left alone (exit 2).
#
# fast-import runs with pack.compression=1: about 20% faster than the
# default level, for a pack of about the same size (the trees are deltas).
#
# Environment: CC (default cc), CFLAGS (default -O2).
set -euo pipefail

usage() {
	echo "usage: $0 DOCS COMMITS DIR [SEED]" >&2
	exit 2
}

[ $# -eq 3 ] || [ $# -eq 4 ] || usage
docs=$1 commits=$2 dir=$3 seed=${4:-1}
for n in "$docs" "$commits" "$seed"; do
	case $n in '' | *[!0-9]*) usage ;; esac
done

here=$(cd "$(dirname "$0")" && pwd)
subdir=content
src_sum=$(cksum <"$here/gencorpus.c" | cut -d' ' -f1)
stamp="gencorpus docs=$docs commits=$commits seed=$seed subdir=$subdir"
stamp="$stamp src=$src_sum"
stampfile=$dir/.git/folio-bench-corpus

if [ -f "$stampfile" ] && [ "$(cat "$stampfile")" = "$stamp" ] &&
    git -C "$dir" rev-parse -q --verify HEAD >/dev/null; then
	echo "corpus.sh: $dir is up to date ($stamp)"
	exit 0
fi
if [ -e "$dir" ]; then
	if [ -f "$stampfile" ]; then
		echo "corpus.sh: replacing $dir (was: $(cat "$stampfile"))"
		rm -rf "$dir"
	elif [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
		:	# an empty directory: use it
	else
		echo "corpus.sh: $dir exists and was not made by corpus.sh;" \
		    "not touching it" >&2
		exit 2
	fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L ${CFLAGS:--O2} \
    -o "$tmp/gencorpus" "$here/gencorpus.c"

now() { date +%s.%N; }
t0=$(now)
git init -q -b main "$dir"
# Marks DIR as ours, so that a run that fails from here on is redone.
printf 'incomplete %s\n' "$stamp" >"$stampfile"
# No automatic gc while benchmarks run against the repository.
git -C "$dir" config gc.auto 0
"$tmp/gencorpus" -n "$docs" -c "$commits" -s "$seed" -d "$subdir" |
    git -C "$dir" -c pack.compression=1 fast-import --quiet
t1=$(now)
git -C "$dir" reset -q --hard
t2=$(now)
printf '%s\n' "$stamp" >"$stampfile"

awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$dir" -v n="$docs" \
    -v k="$commits" 'BEGIN {
	printf "corpus.sh: %s: %d documents, %d commits: ", d, n, k
	printf "generate + fast-import %.2f s, checkout %.2f s, total %.2f s\n",
	    b - a, c - b, c - a
}'
