#!/usr/bin/env bash
#
# bench/realrepo.sh [-n RUNS] SRC DEST [PREFIX [URL]]: folio and Hugo on
# a real repository's history.
#
# SRC is a git repository of Markdown written for another generator (the
# documents under PREFIX, default "content/").  DEST, made once, is the
# same history as a folio site: one pass of
#
#	git fast-export --no-data | refolio | git fast-import
#
# keeps every commit (authors, dates, messages, merges) and turns each
# Markdown file under PREFIX into content/docs/ID.md, its front matter
# mapped (bench/refolio.c says how; URL, if given, is the original site,
# at which links and images are made absolute).  Then, as medians of RUNS
# (default 3) runs, it times on DEST:
#
#   hugo-git       Hugo with enableGitInfo over the same content (the
#                  layouts of bench/hugo/, plus an empty template for each
#                  shortcode the documents use, so that Hugo renders them)
#   folio-current  folio: current pages with version lines and history
#   folio-full     folio: every past version and comparison, cold
#
# and prints the ratios the speed targets are stated in.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
folio=${FOLIO:-$top/folio}
runs=3
if [ "${1:-}" = -n ]; then
	runs=$2
	shift 2
fi
[ $# -ge 2 ] || { echo "usage: $0 [-n RUNS] SRC DEST [PREFIX [URL]]" >&2; exit 2; }
src=$1
dest=$2
prefix=${3:-content/}
url=${4:-}
outroot=/dev/shm
[ -d "$outroot" ] && [ -w "$outroot" ] || outroot=${TMPDIR:-/tmp}
out=$(mktemp -d "$outroot/folio-realrepo.XXXXXX")
trap 'rm -rf "$out"' EXIT

cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -o "$out/refolio" "$here/refolio.c"
if [ ! -d "$dest/.git" ]; then
	branch=$(git -C "$src" symbolic-ref --short HEAD)
	gitdir=$(git -C "$src" rev-parse --absolute-git-dir)
	title="$(basename "$(cd "$src" && pwd)") documentation"
	git init -q -b main "$dest"
	git -C "$src" fast-export --no-data --reencode=yes \
	    --signed-tags=strip "$branch" |
	    "$out/refolio" -g "$gitdir" -p "$prefix" -t "$title" \
	    ${url:+-u "$url"} |
	    git -C "$dest" fast-import --quiet
	git -C "$dest" reset -q --hard main
fi
commits=$(git -C "$dest" rev-list --count HEAD)
merges=$(git -C "$dest" rev-list --count --merges HEAD)
docs=$(find "$dest/content/docs" -name '*.md' | wc -l)
echo "== $(git -C "$src" remote get-url origin 2>/dev/null || echo "$src")"
echo "   $commits commits ($merges merges), $docs documents at HEAD" \
    "($runs runs, output on $outroot)"

# Hugo needs a template for every shortcode it meets: an empty one, or
# for one used with a closing tag one that keeps what is inside (Hugo
# takes a template that reads .Inner to need its closing tag).
cp -R "$here/hugo/layouts" "$out/layouts"
mkdir -p "$out/layouts/shortcodes"
grep -rhoE '\{\{[<%] */?[A-Za-z0-9_.-]+' "$dest/content/docs" |
    sed -E 's/^\{\{[<%] *//' | sort -u > "$out/shortcodes"
grep -v '^/' "$out/shortcodes" | while read -r name; do
	if grep -qx "/$name" "$out/shortcodes"; then
		echo '{{ .Inner }}'
	else
		echo
	fi > "$out/layouts/shortcodes/$name.html"
done

measure() {	# measure NAME COMMAND...: the median time, the peak memory
	local name=$1 i
	shift
	: > "$out/times"
	for ((i = 0; i < runs; i++)); do
		[ -z "${prep:-}" ] || eval "$prep"
		/usr/bin/time -f "%e %M" -o "$out/one" "$@" >/dev/null 2>"$out/err" ||
		    { echo "$name: failed: $*" >&2; tail -n 5 "$out/err" >&2; return 1; }
		tail -n 1 "$out/one" >> "$out/times"
	done
	t=$(sort -n "$out/times" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	m=$(sort -n -k2 "$out/times" | tail -n 1 | awk '{ print $2 }')
	printf '%-14s %8.2f s %8.0f MB\n' "$name" "$t" "$((m / 1024))"
	eval "T_${name//-/_}=$t"
}

HUGO_LAYOUTS=$out/layouts measure hugo-git bash "$here/hugo.sh" "$dest" --git
# Cold: no earlier site to update (the output is updated in place).
prep='rm -rf "$out/cache-c" "$out/fc"' measure folio-current \
    env FOLIO_CACHE_DIR="$out/cache-c" "$folio" build -q \
    -s "$dest/content" -o "$out/fc" --today 2026-11-24 --no-past-versions
prep='rm -rf "$out/cache" "$out/ff"' measure folio-full \
    env FOLIO_CACHE_DIR="$out/cache" "$folio" build -q \
    -s "$dest/content" -o "$out/ff" --today 2026-11-24
awk -v c="$T_folio_current" -v f="$T_folio_full" -v h="$T_hugo_git" 'BEGIN {
	printf "  current pages + history / Hugo with git info  %6.2fx  (target <=0.25)\n", c / h
	printf "  full site / Hugo with git info                %6.2fx  (target <=1.0)\n", f / h
}'
echo "  folio pages and files written: $(find "$out/ff" -type f | wc -l)"
