#!/usr/bin/env bash
#
# hugo.sh DIR [--git]: build the corpus in DIR (made by corpus.sh) with
# Hugo, using the minimal site in bench/hugo/, for timing by the caller.
# --git turns on enableGitInfo (Hugo then runs "git log" over DIR's whole
# history and takes each page's Lastmod and author from it).
#
# Nothing is written inside DIR: the site's config and layouts are read
# from bench/hugo/ (--config, --layoutDir), the output, cache and build
# lock go to a temporary directory that is removed afterwards.  Set
# HUGO_OUT=DIR to keep the output there instead; HUGO (default hugo);
# HUGO_LAYOUTS=DIR to use other layouts (bench/realrepo.sh adds
# shortcodes).
# Hugo's own summary goes to stdout.
set -euo pipefail

usage() {
	echo "usage: $0 DIR [--git]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
dir=$1
git=false
if [ $# -eq 2 ]; then
	[ "$2" = --git ] || usage
	git=true
fi
if [ ! -d "$dir/content" ]; then
	echo "$0: $dir/content: no such directory" >&2
	exit 2
fi
if $git && ! git -C "$dir" rev-parse -q --verify HEAD >/dev/null; then
	echo "$0: $dir is not a git repository with commits" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${HUGO_OUT:-$tmp/public}

${HUGO:-hugo} --source "$dir" --contentDir content \
    --config "$here/hugo/config.toml" --layoutDir "${HUGO_LAYOUTS:-$here/hugo/layouts}" \
    --destination "$out" --cacheDir "$tmp/cache" --noBuildLock \
    --enableGitInfo="$git" --cleanDestinationDir
