#!/bin/sh
# Broken history, made here: a commit that cannot be read or published
# is an error naming it (exit 1, the previous output intact), an
# unreadable repository an error of the environment (exit 2), and
# --skip-bad-commits leaves such commits out, with a warning each; no
# date outside the years 1970 to 9999 reaches a page or the feed.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null TZ=UTC

g=$tmp/repo
mkdir -p "$g/content/procedures"
printf 'title: Bad commits\nconcern:\n  form: https://www.example.org/concern\n' \
    > "$g/content/site.yaml"
gitc() {
	git -C "$g" -c user.name=Editor -c user.email=e@example.org "$@"
}
# lit COMMITTER-DATE SUBJECT: commit the index as it is, with a date git
# itself would refuse.
lit() {
	_t=$(gitc write-tree)
	_c=$(printf 'tree %s\nparent %s\nauthor Editor <e@example.org> 1700000000 +0000\ncommitter Editor <e@example.org> %s\n\n%s\n' \
	    "$_t" "$(gitc rev-parse HEAD)" "$1" "$2" |
	    gitc hash-object -t commit -w --literally --stdin)
	gitc update-ref HEAD "$_c"
	echo "$_c" | cut -c 1-7
}
put() {
	printf -- '---\ntitle: P\nowner: O\nreview_date: 2027-09-01\n---\n%s\n' \
	    "$1" > "$g/content/procedures/p.md"
	gitc add -A
}
gitc init -q
put 'First text.'
gitc commit -qm First --date=2020-01-01T00:00:00Z
put 'Before 1970.'
old=$(lit '-1 +0000' 'Before 1970')
put 'Far future.'
future=$(lit '253402300800 +0000' 'Year 10000')
put 'No date.'
nodate=$(lit 'yesterday +0000' 'No date')
put 'Second text.'
gitc commit -qm Second

mkdir "$tmp/out"
echo previous > "$tmp/out/.folio-output"
echo "old site" > "$tmp/out/index.html"
$FOLIO build -q -s "$g/content" -o "$tmp/out" --today $TODAY 2> "$tmp/err"
check badcommits/build-fails [ $? = 1 ]
check badcommits/previous-output-intact [ "$(cat "$tmp/out/index.html")" = "old site" ]
check badcommits/names-1969 grep -q "error: commit $old, content/procedures/p.md: its date (-1 seconds from 1970) is outside the years 1970 to 9999; list the commit in history.ignore_revs or build with --skip-bad-commits" "$tmp/err"
check badcommits/names-10000 grep -q "error: commit $future, content/procedures/p.md: its date (253402300800 seconds from 1970) is outside" "$tmp/err"
check badcommits/names-bad-date grep -q "error: commit $nodate, content/procedures/p.md: failed to parse signature - invalid Unix timestamp; build with --skip-bad-commits" "$tmp/err"
$FOLIO check -q -s "$g/content" --today $TODAY 2> "$tmp/err"
check badcommits/check-fails [ $? = 1 ]

$FOLIO build -q --skip-bad-commits -s "$g/content" -o "$tmp/out" \
    --today $TODAY 2> "$tmp/err"
check badcommits/skip-builds [ $? = 0 ]
check badcommits/skip-warns sh -c "[ \$(grep -c 'warning: commit .*left out of the record (--skip-bad-commits)' '$tmp/err') = 3 ]"
check badcommits/skip-versions sh -c "grep -q 'Version 2' '$tmp/out/procedures/p/index.html' && [ ! -e '$tmp/out/procedures/p/v3' ]"
check badcommits/skip-not-published sh -c "! grep -rq 'Far future\|Before 1970\|No date' '$tmp/out'"
# What a build keeps for the next (the history walk) never hides a bad
# commit: built again with the same cache, without the option, it fails.
for i in 1 2; do
	FOLIO_CACHE_DIR=$tmp/cache $FOLIO build -q --skip-bad-commits \
	    -s "$g/content" -o "$tmp/out" --today $TODAY 2> /dev/null
done
FOLIO_CACHE_DIR=$tmp/cache $FOLIO build -q -s "$g/content" -o "$tmp/out" \
    --today $TODAY 2> "$tmp/err"
check badcommits/kept-walk-still-fails sh -c "[ $? = 1 ] && [ \$(grep -c 'error: commit' '$tmp/err') = 3 ]"
# Every date in the feed has a year from 1970 to 9999.
check badcommits/feed-dates sh -c "grep -o '<updated>[^<]*' '$tmp/out/amendments.xml' |
    grep -qv '<updated>\(19[7-9][0-9]\|[2-9][0-9][0-9][0-9]\)-' && exit 1;
    grep -q '<updated>' '$tmp/out/amendments.xml'"
check badcommits/pages-no-odd-years sh -c "! grep -rqE '(^|[^0-9])(10000|1969)([^0-9]|$)' '$tmp/out/procedures' '$tmp/out/amendments.xml'"
$FOLIO check -q --skip-bad-commits -s "$g/content" --today $TODAY 2> /dev/null
check badcommits/skip-check [ $? = 0 ]
$FOLIO serve --skip-bad-commits --help > /dev/null 2>&1
check badcommits/skip-serve-option [ $? = 0 ]
$FOLIO serve --help | grep -q -- --skip-bad-commits
check badcommits/skip-in-help [ $? = 0 ]

# An empty commit is legal: no version, no error.
gitc commit -q --allow-empty -m Nothing
$FOLIO build -q --skip-bad-commits -s "$g/content" -o "$tmp/out" \
    --today $TODAY 2> "$tmp/err"
check badcommits/empty-commit sh -c "[ $? = 0 ] && [ \$(grep -c warning '$tmp/err') = 3 ]"

# A 10 MB subject: a warning naming the commit; the note is cut to
# 1,000 characters, so the pages stay small.
g=$tmp/long
mkdir -p "$g/content/procedures"
cp "$tmp/repo/content/site.yaml" "$g/content/"
gitc init -q
put 'Text.'
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "strategy "; print "" }' \
    > "$tmp/msg"
gitc commit -q -F "$tmp/msg"
long=$(gitc rev-parse --short=7 HEAD)
$FOLIO build -q -s "$g/content" -o "$tmp/long-out" --today $TODAY 2> "$tmp/err"
check badcommits/long-subject-builds [ $? = 0 ]
check badcommits/long-subject-warns grep -q "warning: commit $long: its change note is over 1000 characters: cut at a word" "$tmp/err"
check badcommits/long-subject-cut sh -c "grep -q 'strategy strategy…' '$tmp/long-out/procedures/p/history/index.html' &&
    [ \$(wc -c < '$tmp/long-out/procedures/p/history/index.html') -lt 100000 ] &&
    [ \$(wc -c < '$tmp/long-out/amendments.xml') -lt 100000 ]"

# The objects cut short (a pack truncated, HEAD in it): the repository
# cannot be read: exit 2, the previous output intact.
g=$tmp/pack
mkdir -p "$g/content/procedures"
cp "$tmp/repo/content/site.yaml" "$g/content/"
gitc init -q
put 'Text.'
gitc commit -qm One
gitc gc -q
for p in "$g"/.git/objects/pack/*.pack; do
	chmod u+w "$p"
	truncate -s $(($(wc -c < "$p") - 30)) "$p"
done
echo "old site" > "$tmp/out/index.html"
$FOLIO build -q --skip-bad-commits -s "$g/content" -o "$tmp/out" \
    --today $TODAY 2> "$tmp/err"
check badcommits/unreadable-repository sh -c "[ $? = 2 ] &&
    grep -q 'error: cannot read the git repository: .*(HEAD, commit ' '$tmp/err' &&
    [ \"\$(cat '$tmp/out/index.html')\" = 'old site' ]"
