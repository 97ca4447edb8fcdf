#!/bin/sh
# tests/history/run.sh [CASE...]: the history stage (src/history.c),
# through tests/tools/histdump, on git repositories made here: every
# case, or the cases named (linear, oracle-merges: the names it prints,
# up to the first space).  Runs from any folder.
#
#   make build/release/histdump && sh tests/history/run.sh
#   sh tests/history/run.sh linear rename
#   HISTDUMP=path sh tests/history/run.sh      use that histdump
#   make check T=history/linear                the same, through make
#   make check-asan T=history                  under ASan + UBSan
#
# histdump defaults to $UNITDIR/histdump, UNITDIR to build/release at
# the top; a relative HISTDUMP is taken from the current folder.
#
# Prints "ok NAME" or "FAIL NAME" (with a diff) per case, then
# "N passed, N failed"; exits 1 if any failed or a name matched no case,
# 2 if histdump is not built.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
HISTDUMP=${HISTDUMP:-${UNITDIR:-$root/build/release}/histdump}
case $HISTDUMP in
/*) ;;
*) HISTDUMP=$(pwd)/$HISTDUMP ;;
esac
if [ ! -x "$HISTDUMP" ]; then
  case $HISTDUMP in
  "$root"/*) how="build first: make ${HISTDUMP#"$root"/}" ;;
  *) how="build it first (make check builds everything)" ;;
  esac
  echo "FAIL histdump: $HISTDUMP is not built; $how"
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# A deterministic environment: no user or system git configuration.
mkdir "$tmp/home"
export LC_ALL=C TZ=UTC HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$tmp/home/gitconfig"
printf '[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n' \
  >"$GIT_CONFIG_GLOBAL"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
  GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL 2>/dev/null || true
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# The cases asked for (none: all), and those of them that ran.
want=" $* "
ran=" "

# selected CASE: whether CASE is to run; notes that it did.
selected() {
  [ "$want" = "  " ] || case $want in *" $1 "*) ;; *) return 1 ;; esac
  ran="$ran$1 "
}

npass=0
nfail=0

# check NAME: compare $tmp/expect with $tmp/got.
check() {
  if diff -u "$tmp/expect" "$tmp/got" >"$tmp/diff"; then
    echo "ok $1"
    npass=$((npass + 1))
  else
    echo "FAIL $1"
    cat "$tmp/diff"
    nfail=$((nfail + 1))
  fi
}

# ci DATE AUTHOR [git-commit arguments]: commit as AUTHOR at DATE (UTC).
ci() {
  _d=$1 _a=$2
  shift 2
  GIT_AUTHOR_DATE="$_d" GIT_COMMITTER_DATE="$_d" \
    git -c user.name="$_a" \
    -c user.email="$(printf %s "$_a" | tr -cd 'A-Za-z').x@example.org" \
    commit -q --no-verify "$@"
}

# row PATH N COMMIT DATE AUTHOR SUBJECT VPATH: one expected line.
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

# text TAG [N]: N (default 8) distinct lines for a document.
text() {
  _i=1
  while [ "$_i" -le "${2:-8}" ]; do
    echo "$1: paragraph $_i of the procedure, with some words."
    _i=$((_i + 1))
  done
}

# newrepo NAME: a fresh repository $tmp/NAME; cd into it.
newrepo() {
  git init -q "$tmp/$1"
  cd "$tmp/$1"
}

# dump ARGS: histdump's output (and its exit status if not 0) in got.
dump() {
  _st=0
  "$HISTDUMP" "$@" >"$tmp/got" 2>&1 || _st=$?
  [ "$_st" -eq 0 ] || echo "exit $_st" >>"$tmp/got"
}

head1() { git rev-parse HEAD; }

case_linear() {
  newrepo linear
  mkdir content
  text a >content/a.md
  text b >content/b.md
  echo 'title: T' >content/site.yaml
  git add -A
  ci 2024-01-10T10:00:00Z 'Ann Smith' -m 'Add the strategy procedure'
  c1=$(head1)
  text a2 >content/a.md
  ci 2024-02-11T09:00:00Z 'Bob Jones' -am 'Clarify stage 2' \
    -m 'A longer body that is not part of the subject.'
  c2=$(head1)
  chmod +x content/a.md
  ci 2024-02-12T09:00:00Z 'Bob Jones' -am 'Make it executable'
  text a3 >content/a.md
  ci 2024-03-14T12:00:00Z 'Cy Twombly' -am 'Update contacts
for the MASH'
  c4=$(head1)
  echo 'title: U' >content/site.yaml
  ci 2024-03-15T12:00:00Z 'Ann Smith' -am 'Retitle the site'
  {
    row a.md 1 "$c1" 2024-01-10 'Ann Smith' 'Add the strategy procedure' a.md
    row a.md 2 "$c2" 2024-02-11 'Bob Jones' 'Clarify stage 2' a.md
    row a.md 3 "$c4" 2024-03-14 'Cy Twombly' 'Update contacts for the MASH' a.md
    row b.md 1 "$c1" 2024-01-10 'Ann Smith' 'Add the strategy procedure' b.md
  } >"$tmp/expect"
  dump content
  check linear
}

case_rename() {
  newrepo rename
  mkdir content
  text a 10 >content/a.md
  text b 10 >content/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add a and b'
  c1=$(head1)
  mkdir content/sub
  git mv content/a.md content/sub/a2.md
  ci 2024-01-11T10:00:00Z Ann -m 'Move a'
  c2=$(head1)
  git mv content/b.md content/b2.md
  sed 's/paragraph 3 /paragraph three /' content/b2.md >"$tmp/x"
  cat "$tmp/x" >content/b2.md
  git add -A
  ci 2024-01-12T10:00:00Z Bob -m 'Rename b and fix a word'
  c3=$(head1)
  echo 'One more line.' >>content/sub/a2.md
  ci 2024-01-13T10:00:00Z Bob -am 'Extend a'
  c4=$(head1)
  {
    row b2.md 1 "$c1" 2024-01-10 Ann 'Add a and b' b.md
    row b2.md 2 "$c3" 2024-01-12 Bob 'Rename b and fix a word' b2.md
    row sub/a2.md 1 "$c1" 2024-01-10 Ann 'Add a and b' a.md
    row sub/a2.md 2 "$c2" 2024-01-11 Ann 'Move a' sub/a2.md
    row sub/a2.md 3 "$c4" 2024-01-13 Bob 'Extend a' sub/a2.md
  } >"$tmp/expect"
  dump content
  check rename
}

# One document split in two, both edited: each half follows the source.
case_split() {
  newrepo split
  mkdir content
  text a 10 >content/a.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add a'
  c1=$(head1)
  sed 's/paragraph 2 /paragraph two /' content/a.md >content/b.md
  sed 's/paragraph 5 /paragraph five /' content/a.md >content/c.md
  git rm -q content/a.md
  git add -A
  ci 2024-01-11T10:00:00Z Bob -m 'Split a'
  c2=$(head1)
  {
    row b.md 1 "$c1" 2024-01-10 Ann 'Add a' a.md
    row b.md 2 "$c2" 2024-01-11 Bob 'Split a' b.md
    row c.md 1 "$c1" 2024-01-10 Ann 'Add a' a.md
    row c.md 2 "$c2" 2024-01-11 Bob 'Split a' c.md
  } >"$tmp/expect"
  dump content
  check split
}

case_merge() {
  newrepo merge
  mkdir content
  text a >content/a.md
  text b >content/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add a and b'
  c1=$(head1)
  git checkout -q -b topic
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Bob -am 'Topic edit 1'
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Bob -am 'Topic edit 2'
  git checkout -q main
  text b2 >content/b.md
  ci 2024-01-13T10:00:00Z Ann -am 'Edit b on main'
  c4=$(head1)
  GIT_AUTHOR_DATE=2024-01-14T10:00:00Z GIT_COMMITTER_DATE=2024-01-14T10:00:00Z \
    git -c user.name=Cy -c user.email=cy@example.org merge -q --no-ff \
    -m "Merge branch 'topic'" topic
  m=$(head1)
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Add a and b' a.md
    row a.md 2 "$m" 2024-01-14 Cy "Merge branch 'topic'" a.md
    row b.md 1 "$c1" 2024-01-10 Ann 'Add a and b' b.md
    row b.md 2 "$c4" 2024-01-13 Ann 'Edit b on main' b.md
  } >"$tmp/expect"
  dump content
  check merge
  # The same commits as git log --first-parent --follow, oldest first.
  for p in a.md b.md; do
    git log --first-parent --follow --format=%H -- "content/$p" |
      awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) print l[i] }'
  done >"$tmp/expect"
  cut -f 3 "$tmp/got" >"$tmp/got2"
  mv "$tmp/got2" "$tmp/got"
  check merge-first-parent
  # The merge says nothing: its note is the merged commits' subjects and
  # its author Bob, who wrote them, not Cy, who merged.
  {
    printf 'a.md\tAdd a and b\tAnn\t0\tN\t-\n'
    printf 'a.md\tTopic edit 1; Topic edit 2\tBob\t0\tA\t-\n'
    printf 'b.md\tAdd a and b\tAnn\t0\tN\t-\n'
    printf 'b.md\tEdit b on main\tAnn\t0\tA\t-\n'
  } >"$tmp/expect"
  dump content --record
  cut -f 1,8- "$tmp/got" >"$tmp/got2"
  mv "$tmp/got2" "$tmp/got"
  check merge-record
}

# fm STATUS BODY [EXTRA]: a document with front matter.
fm() {
  printf -- '---\ntitle: T\nowner: O\nreview_date: 2030-01-01\nstatus: %s\n%b---\n%s\n' \
    "$1" "${3:-}" "$2"
}

# Drafts are not versions, review-only commits are reviews, and changes
# of status are named; minor commits stay out of both.
case_publish() {
  newrepo publish
  mkdir content
  fm draft one >content/a.md
  fm current x >content/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Draft a, add b'
  c1=$(head1)
  fm draft two >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Redraft a'
  fm current two >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Publish a'
  c3=$(head1)
  # Review details only: a review of a and of b.
  fm current two 'last_reviewed: 2024-01-13\n' >content/a.md
  sed -i 's/review_date: 2030/review_date: 2031/; s/owner: O/owner: P/' content/b.md
  ci 2024-01-13T10:00:00Z Bob -am 'Review a and b'
  c4=$(head1)
  # A minor edit of a is no version; the status change after it is.
  fm current 'two.' 'last_reviewed: 2024-01-13\n' >content/a.md
  ci 2024-01-14T10:00:00Z Bob -am 'Full stop' -m 'Minor: yes'
  fm withdrawn 'two.' 'last_reviewed: 2024-01-13\n' >content/a.md
  ci 2024-01-15T10:00:00Z Bob -am 'Withdraw a'
  c6=$(head1)
  fm superseded x 'superseded_by: a-new\n' >content/b.md
  sed -i 's/review_date: 2030/review_date: 2031/; s/owner: O/owner: P/' content/b.md
  ci 2024-01-16T10:00:00Z Bob -am 'Replace b'
  c7=$(head1)
  {
    printf 'a.md\t1\t%s\tPublish a\tN\t-\n' "$c3"
    printf 'a.md\t2\t%s\tWithdraw a\tW\t-\n' "$c6"
    printf 'a.md\treview\t%s\t2024-01-13\n' "$c4"
    printf 'b.md\t1\t%s\tDraft a, add b\tN\t-\n' "$c1"
    printf 'b.md\t2\t%s\tReplace b\tR\ta-new\n' "$c7"
    printf 'b.md\treview\t%s\t2024-01-13\n' "$c4"
  } >"$tmp/expect"
  dump content --record
  awk -F '\t' 'NF == 12 { print $1 "\t" $2 "\t" $3 "\t" $8 "\t" $11 "\t" $12; next }
    { print }' "$tmp/got" >"$tmp/got2"
  mv "$tmp/got2" "$tmp/got"
  check publish
}

# On long histories workers read the versions' texts: drafts, reviews,
# changes of status and a version that cannot be published come out as
# the walk alone finds them, the diagnostics in the same order.
case_classify() {
  newrepo classify
  mkdir content
  i=1
  while [ "$i" -le 40 ]; do
    fm current "a $i" >content/a.md
    case $((i % 4)) in
    0) fm draft "b $i" >content/b.md ;;
    1) fm current "b $i" >content/b.md ;;
    2) fm current "b $((i - 1))" "last_reviewed: 2024-01-$((i % 18 + 10))\n" \
         >content/b.md ;;
    3) fm withdrawn "b $i" >content/b.md ;;
    esac
    case $i in
    5|31) fm current "c $i" >content/c.md ;;
    10|30) printf -- '---\ntitle: T\n---\nA bad \377 byte %s\n' "$i" \
         >content/c.md ;;
    11) fm superseded "c $i" 'superseded_by: a\n' >content/c.md ;;
    esac
    git add -A
    ci "2024-02-01T10:$(printf %02d "$i"):00Z" Ann -m "Edit $i"
    i=$((i + 1))
  done
  for skip in --skip-bad-commits ""; do
    # shellcheck disable=SC2086
    dump content --jobs 1 --record $skip
    cp "$tmp/got" "$tmp/expect"
    for want in '	review	' '	W	' '	R	a$' 'not valid UTF-8'; do
      grep -q "$want" "$tmp/expect" ||
        echo "FAIL classify${skip:+ $skip}: no line matching '$want'"
    done
    # shellcheck disable=SC2086
    dump content --jobs 3 --record $skip
    check "classify${skip:+ $skip}: read by 3 workers as by the walk"
  done
}

case_restored() {
  newrepo restored
  mkdir content
  text a >content/a.md
  text b >content/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add a'
  c1=$(head1)
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Edit a'
  c2=$(head1)
  git rm -q content/a.md
  ci 2024-01-12T10:00:00Z Bob -m 'Withdraw a'
  text b2 >content/b.md
  ci 2024-01-13T10:00:00Z Bob -am 'Edit b'
  c4=$(head1)
  text a3 >content/a.md
  git add content/a.md
  ci 2024-01-14T10:00:00Z Ann -m 'Reinstate a'
  c5=$(head1)
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Add a' a.md
    row a.md 2 "$c2" 2024-01-11 Ann 'Edit a' a.md
    row a.md 3 "$c5" 2024-01-14 Ann 'Reinstate a' a.md
    row b.md 1 "$c1" 2024-01-10 Ann 'Add a' b.md
    row b.md 2 "$c4" 2024-01-13 Bob 'Edit b' b.md
  } >"$tmp/expect"
  dump content
  check restored
}

case_minor() {
  newrepo minor
  mkdir content
  for f in a b c d; do text $f >content/$f.md; done
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add four'
  c1=$(head1)
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Fix typo' -m 'Minor: yes'
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Real change'
  c3=$(head1)
  text b2 >content/b.md
  ci 2024-01-13T10:00:00Z Ann -am 'Tidy' -m 'Body text.' \
    -m 'Signed-off-by: Ann <a@example.org>
minor :   YES'
  text a4 >content/a.md
  ci 2024-01-14T10:00:00Z Bob -am 'Minor: yes'
  c5=$(head1)
  text c2 >content/c.md
  ci 2024-01-15T10:00:00Z Bob -am 'Listed in ignore-revs, in full'
  c6=$(head1)
  text d2 >content/d.md
  ci 2024-01-16T10:00:00Z Bob -am 'Listed in ignore-revs, abbreviated'
  c7=$(head1)
  text a5 >content/a.md
  ci 2024-01-17T10:00:00Z Bob -am 'Whitespace at the tip' -m 'minor: yes'
  text e >content/e.md
  git add -A
  ci 2024-01-18T10:00:00Z Cy -m 'Add e' -m 'Minor: yes'
  c9=$(head1)
  text e2 >content/e.md
  ci 2024-01-19T10:00:00Z Cy -am 'Edit e' -m 'MINOR: Yes'
  {
    echo '# commits that are not versions'
    echo "$c6"
    echo "$(echo "$c7" | cut -c 1-8)   # abbreviated"
    echo 'not-hex'
    echo
  } >"$tmp/revs"
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Add four' a.md
    row a.md 2 "$c3" 2024-01-12 Ann 'Real change' a.md
    row a.md 3 "$c5" 2024-01-14 Bob 'Minor: yes' a.md
    row b.md 1 "$c1" 2024-01-10 Ann 'Add four' b.md
    row c.md 1 "$c1" 2024-01-10 Ann 'Add four' c.md
    row d.md 1 "$c1" 2024-01-10 Ann 'Add four' d.md
    row e.md 1 "$c9" 2024-01-18 Cy 'Add e' e.md
    echo "$tmp/revs:4: warning: not a commit id: 'not-hex'"
  } >"$tmp/expect"
  dump content --ignore-revs "$tmp/revs"
  check minor
  {
    echo "folio: error: cannot read ignore-revs file: No such file or directory"
    echo "exit 1"
  } | sed "s|^folio|$tmp/none|" >"$tmp/expect"
  dump content --ignore-revs "$tmp/none"
  check minor-no-revs-file
}

case_encoding() {
  newrepo encoding
  mkdir content
  text a >content/a.md
  git add -A
  printf 'Caf\351 r\351vis\351\n\nCorps du message.\n' >"$tmp/msg"
  GIT_AUTHOR_DATE=2024-01-10T10:00:00Z GIT_COMMITTER_DATE=2024-01-10T10:00:00Z \
    git -c i18n.commitEncoding=ISO-8859-1 \
    -c user.name="$(printf 'Jos\351 Mart\355nez')" -c user.email=j@example.org \
    commit -q -F "$tmp/msg"
  c1=$(head1)
  # git commit would re-encode an invalid message as latin1: write the
  # commit object by hand, with no encoding header and invalid UTF-8.
  text a2 >content/a.md
  git add -A
  c2=$(printf 'tree %s\nparent %s\nauthor Zo\303\253 <z@example.org> %s\ncommitter Zo\303\253 <z@example.org> %s\n\nBad \377 byte\001 and\ttab\n' \
    "$(git write-tree)" "$c1" '1704967200 +0000' '1704967200 +0000' |
    git hash-object -t commit -w --stdin --literally)
  git update-ref HEAD "$c2"
  text a3 >content/a.md
  git add -A
  printf 'Smart \223quotes\224 \200\n' >"$tmp/msg"
  GIT_AUTHOR_DATE=2024-01-12T10:00:00Z GIT_COMMITTER_DATE=2024-01-12T10:00:00Z \
    git -c i18n.commitEncoding=windows-1252 -c user.name=Win \
    -c user.email=w@example.org commit -q -F "$tmp/msg"
  c3=$(head1)
  {
    row a.md 1 "$c1" 2024-01-10 "$(printf 'Jos\303\251 Mart\303\255nez')" \
      "$(printf 'Caf\303\251 r\303\251vis\303\251')" a.md
    row a.md 2 "$c2" 2024-01-11 "$(printf 'Zo\303\253')" \
      "$(printf 'Bad \357\277\275 byte and tab')" a.md
    row a.md 3 "$c3" 2024-01-12 Win \
      "$(printf 'Smart \342\200\234quotes\342\200\235 \342\202\254')" a.md
  } >"$tmp/expect"
  dump content
  check encoding
}

case_bst() {
  newrepo bst
  mkdir content
  text a >content/a.md
  git add -A
  ci 2024-01-15T23:30:00Z Ann -m 'Winter, GMT'
  c1=$(head1)
  text a2 >content/a.md
  ci 2024-07-01T23:30:00Z Ann -am 'Summer, BST'
  c2=$(head1)
  text a3 >content/a.md
  ci 2024-10-26T23:30:00Z Ann -am 'Last night of BST'
  c3=$(head1)
  text a4 >content/a.md
  ci 2024-10-27T23:30:00Z Ann -am 'Back to GMT'
  c4=$(head1)
  {
    row a.md 1 "$c1" 2024-01-15 Ann 'Winter, GMT' a.md
    row a.md 2 "$c2" 2024-07-02 Ann 'Summer, BST' a.md
    row a.md 3 "$c3" 2024-10-27 Ann 'Last night of BST' a.md
    row a.md 4 "$c4" 2024-10-27 Ann 'Back to GMT' a.md
  } >"$tmp/expect"
  dump content
  check bst
}

case_shallow() {
  newrepo shallow-src
  mkdir content
  text a >content/a.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'One'
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Two'
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Three'
  c3=$(head1)
  cd "$tmp"
  git clone -q --depth 1 "file://$tmp/shallow-src" shallow
  cd shallow
  {
    echo "folio: error: shallow clone: the version history would be" \
      "incomplete; fetch all of it with 'git fetch --unshallow' (in CI," \
      "check out with fetch-depth: 0)"
    echo "exit 1"
  } >"$tmp/expect"
  dump content
  check shallow
  {
    row a.md 1 "$c3" 2024-01-12 Ann 'Three' a.md
    echo "folio: warning: shallow clone: version history starts at the" \
      "oldest commit fetched; fetch all of it with 'git fetch --unshallow'" \
      "(in CI, check out with fetch-depth: 0)"
  } >"$tmp/expect"
  dump content --allow-shallow --read-blobs
  sed '/^blobs: 4 ok$/d' "$tmp/got" >"$tmp/got2"
  mv "$tmp/got2" "$tmp/got"
  check shallow-allowed
}

case_norepo() {
  mkdir -p "$tmp/norepo/content"
  text a >"$tmp/norepo/content/a.md"
  if git -C "$tmp/norepo" rev-parse --git-dir >/dev/null 2>&1; then
    echo "ok norepo # skipped: $tmp is inside a git repository"
    npass=$((npass + 1))
    return
  fi
  echo 'folio: warning: not in a git repository: built without version history' \
    >"$tmp/expect"
  dump "$tmp/norepo/content"
  check norepo
}

case_worktree() {
  newrepo worktree
  mkdir content
  for f in a b c; do text $f >content/$f.md; done
  echo 'ignored.md' >content/.gitignore
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Add three'
  c1=$(head1)
  echo 'An edit.' >>content/a.md
  echo 'A staged edit.' >>content/b.md
  git add content/b.md
  text d >content/d.md
  text e >content/e.md
  git add content/e.md
  mkdir content/new
  text f >content/new/f.md
  text i >content/ignored.md
  echo 'not markdown' >content/notes.txt
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Add three' a.md
    printf 'a.md\tdirty\n'
    row b.md 1 "$c1" 2024-01-10 Ann 'Add three' b.md
    printf 'b.md\tdirty\n'
    row c.md 1 "$c1" 2024-01-10 Ann 'Add three' c.md
    printf 'd.md\tuntracked\n'
    printf 'e.md\tuntracked\n'
    printf 'new/f.md\tuntracked\n'
  } >"$tmp/expect"
  dump content
  check worktree
}

case_unborn() {
  newrepo unborn
  mkdir content
  text a >content/a.md
  printf 'a.md\tuntracked\n' >"$tmp/expect"
  dump content
  check unborn
}

case_subdir() {
  newrepo subdir
  mkdir -p docs/site other
  text readme >README.md
  text x 10 >other/x.md
  text o >docs/other.md
  text a >docs/site/a.md
  echo 'title: T' >docs/site/site.yaml
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Start'
  c1=$(head1)
  text readme2 >README.md
  text x2 10 >other/x.md
  text o2 >docs/other.md
  ci 2024-01-11T10:00:00Z Ann -am 'Outside the site'
  c2=$(head1)
  text a2 >docs/site/a.md
  ci 2024-01-12T10:00:00Z Bob -am 'Edit a'
  c3=$(head1)
  text x3 10 >other/x.md
  ci 2024-01-13T10:00:00Z Bob -am 'Edit x outside'
  c4=$(head1)
  text b >docs/site/b.md
  git add -A
  ci 2024-01-14T10:00:00Z Bob -m 'Add b'
  c5=$(head1)
  git mv other/x.md docs/site/x.md
  ci 2024-01-15T10:00:00Z Cy -m 'Bring x into the site'
  c6=$(head1)
  text readme3 >README.md
  ci 2024-01-16T10:00:00Z Cy -am 'Readme again'
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Start' a.md
    row a.md 2 "$c3" 2024-01-12 Bob 'Edit a' a.md
    row b.md 1 "$c5" 2024-01-14 Bob 'Add b' b.md
    row x.md 1 "$c1" 2024-01-10 Ann 'Start' ../../other/x.md
    row x.md 2 "$c2" 2024-01-11 Ann 'Outside the site' ../../other/x.md
    row x.md 3 "$c4" 2024-01-13 Bob 'Edit x outside' ../../other/x.md
    row x.md 4 "$c6" 2024-01-15 Cy 'Bring x into the site' x.md
  } >"$tmp/expect"
  dump docs/site
  check subdir
  # The same from inside the site directory, and through a symbolic link.
  cd docs/site
  dump .
  check subdir-cwd
  ln -s "$tmp/subdir/docs/site" "$tmp/sitelink"
  dump "$tmp/sitelink"
  check subdir-symlink
}

case_sitemove() {
  newrepo sitemove
  mkdir old
  text a >old/a.md
  text b >old/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Start in old'
  c1=$(head1)
  text a2 >old/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Edit a'
  c2=$(head1)
  git mv old content
  ci 2024-01-12T10:00:00Z Bob -m 'Rename the site folder'
  c3=$(head1)
  text b2 >content/b.md
  ci 2024-01-13T10:00:00Z Bob -am 'Edit b'
  c4=$(head1)
  {
    row a.md 1 "$c1" 2024-01-10 Ann 'Start in old' ../old/a.md
    row a.md 2 "$c2" 2024-01-11 Ann 'Edit a' ../old/a.md
    row a.md 3 "$c3" 2024-01-12 Bob 'Rename the site folder' a.md
    row b.md 1 "$c1" 2024-01-10 Ann 'Start in old' ../old/b.md
    row b.md 2 "$c3" 2024-01-12 Bob 'Rename the site folder' b.md
    row b.md 3 "$c4" 2024-01-13 Bob 'Edit b' b.md
  } >"$tmp/expect"
  dump content
  check sitemove
}

# The site directory is the repository root; names with glob characters
# and spaces, renamed with an edit (libgit2's similarity, exact paths).
case_rootsite() {
  newrepo rootsite
  mkdir -p 'x y'
  text a 10 >'we [draft].md'
  text r >README.md
  echo 'int x;' >main.c
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'Start'
  c1=$(head1)
  git mv 'we [draft].md' 'x y/we (final)*.md'
  sed 's/paragraph 3 /paragraph three /' 'x y/we (final)*.md' >"$tmp/x"
  cat "$tmp/x" >'x y/we (final)*.md'
  echo 'int y;' >main.c
  git add -A
  ci 2024-01-11T10:00:00Z Bob -m 'Final'
  c2=$(head1)
  echo 'More.' >>README.md
  text n >'n?.md'
  {
    row README.md 1 "$c1" 2024-01-10 Ann Start README.md
    printf 'README.md\tdirty\n'
    printf 'n?.md\tuntracked\n'
    row 'x y/we (final)*.md' 1 "$c1" 2024-01-10 Ann Start 'we [draft].md'
    row 'x y/we (final)*.md' 2 "$c2" 2024-01-11 Bob Final 'x y/we (final)*.md'
  } >"$tmp/expect"
  dump .
  check rootsite
}

case_mailmap() {
  newrepo mailmap
  mkdir content
  text a >content/a.md
  echo 'Jane Doe <jane@example.org> <jd.x@example.org>' >.mailmap
  git add -A
  ci 2024-01-10T10:00:00Z jd -m 'Add a'
  c1=$(head1)
  row a.md 1 "$c1" 2024-01-10 'Jane Doe' 'Add a' a.md >"$tmp/expect"
  dump content
  check mailmap
}

# A missing tree: an error naming the commit whose tree it was (not its
# child, whose comparison with it failed); --skip-bad-commits leaves
# that commit out, and its child is compared with the commit before.
case_corrupt() {
  newrepo corrupt
  mkdir content
  text a >content/a.md
  text b >content/b.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'One'
  c1=$(head1)
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Two'
  c2=$(head1)
  t2=$(git rev-parse 'HEAD^{tree}')
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Three'
  c3=$(head1)
  rm -f ".git/objects/$(echo "$t2" | cut -c 1-2)/$(echo "$t2" | cut -c 3-)"
  {
    row a.md 1 "$c1" 2024-01-10 Ann One a.md
    row a.md 2 "$c3" 2024-01-12 Ann Three a.md
    row b.md 1 "$c1" 2024-01-10 Ann One b.md
    echo "folio: error: commit $(echo "$c2" | cut -c 1-7): object not found - no match for id ($t2); build with --skip-bad-commits to leave it out of the record"
  } >"$tmp/expect"
  dump content
  check corrupt
  sed 's/: error: \(.*\); build with.*/: warning: \1; left out of the record (--skip-bad-commits)/' \
    "$tmp/expect" >"$tmp/expect2"
  mv "$tmp/expect2" "$tmp/expect"
  dump content --skip-bad-commits
  check "corrupt --skip-bad-commits"
  # On a chain of 512 commits or more, compared ahead by workers: the same.
  _t=$(git rev-parse 'HEAD^{tree}')
  _h=$(head1)
  for _i in $(seq 520); do
    _h=$(echo "Empty $_i" | GIT_AUTHOR_DATE=2024-01-13T10:00:00Z \
      GIT_COMMITTER_DATE=2024-01-13T10:00:00Z GIT_AUTHOR_NAME=Ann \
      GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=Ann \
      GIT_COMMITTER_EMAIL=a@example.org git commit-tree "$_t" -p "$_h")
  done
  git update-ref HEAD "$_h"
  dump content --skip-bad-commits --jobs 3
  check "corrupt --skip-bad-commits, compared ahead by 3 workers"
}

# lit PARENT COMMITTER-LINE SUBJECT: a commit of the index's tree written
# as it is (git would refuse a bad date), made HEAD.
lit() {
  _t=$(git write-tree)
  _c=$(printf 'tree %s\nparent %s\nauthor Ann <a@example.org> 1705000000 +0000\n%s\n\n%s\n' \
    "$_t" "$1" "$2" "$3" | git hash-object -t commit -w --literally --stdin)
  git update-ref HEAD "$_c"
}

# A commit whose date cannot be parsed: an error naming it and the
# document; skipped, it is not a version (the next one covers it).
# An empty commit is no version and no error.
case_badcommit() {
  newrepo badcommit
  mkdir content
  text a >content/a.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'One'
  c1=$(head1)
  ci 2024-01-10T11:00:00Z Ann --allow-empty -m 'Nothing'
  text a2 >content/a.md
  git add -A
  lit "$(head1)" 'committer Ann <a@example.org> yesterday +0000' 'Bad date'
  bad=$(head1)
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Three'
  c3=$(head1)
  {
    row a.md 1 "$c1" 2024-01-10 Ann One a.md
    row a.md 2 "$c3" 2024-01-12 Ann Three a.md
    echo "folio: error: commit $(echo "$bad" | cut -c 1-7), content/a.md: failed to parse signature - invalid Unix timestamp; build with --skip-bad-commits to leave it out of the record"
  } >"$tmp/expect"
  dump content
  check badcommit
  sed 's/: error: \(.*\); build with.*/: warning: \1; left out of the record (--skip-bad-commits)/' \
    "$tmp/expect" >"$tmp/expect2"
  mv "$tmp/expect2" "$tmp/expect"
  dump content --skip-bad-commits
  check "badcommit --skip-bad-commits"
}

# A 12 MB subject: cut to 1,000 characters at a word, with an ellipsis,
# and a warning naming the commit.
case_longnote() {
  newrepo longnote
  mkdir content
  text a >content/a.md
  git add -A
  awk 'BEGIN { for (i = 0; i < 2000000; i++) printf "alpha "; print "" }' \
    >"$tmp/msg"
  ci 2024-01-10T10:00:00Z Ann -F "$tmp/msg"
  c1=$(head1)
  cut=$(awk 'BEGIN { for (i = 1; i < 166; i++) printf "alpha "; printf "alpha" }')
  {
    row a.md 1 "$c1" 2024-01-10 Ann "$cut…" a.md
    echo "folio: warning: commit $(echo "$c1" | cut -c 1-7): its change note is over 1000 characters: cut at a word, with an ellipsis (the commit keeps the whole message)"
  } >"$tmp/expect"
  dump content
  check longnote
}

# A commit object that cannot be read (a pack cut short): an error
# naming it and its child; skipped, the record starts at the child.
case_badpack() {
  newrepo badpack
  mkdir content
  text a >content/a.md
  git add -A
  ci 2024-01-10T10:00:00Z Ann -m 'One'
  text a2 >content/a.md
  ci 2024-01-11T10:00:00Z Ann -am 'Two'
  c2=$(head1)
  git gc -q
  text a3 >content/a.md
  ci 2024-01-12T10:00:00Z Ann -am 'Three'
  c3=$(head1)
  for p in .git/objects/pack/*.pack; do
    chmod u+w "$p"
    truncate -s $(($(wc -c <"$p") - 30)) "$p"
  done
  c2s=$(echo "$c2" | cut -c 1-7)
  c3s=$(echo "$c3" | cut -c 1-7)
  {
    row a.md 1 "$c3" 2024-01-12 Ann Three a.md
    echo "folio: error: commit $c2s: object not found - no match for id ($c2) (the parent of $c3s): nothing older can be read; build with --skip-bad-commits to leave it out of the record"
  } >"$tmp/expect"
  dump content
  check badpack
}

# The oracle: a repository of random edits, renames, deletions and
# re-additions (fixed seed), checked document by document against git
# log --follow (or, with merges, git log --first-parent --follow).
# A re-added file gets fresh text or its own old text, never a living
# file's: git log --follow also follows copies (it looks for sources with
# --find-copies-harder), which folio deliberately does not.
oracle_script() {
  awk -v seed="$1" -v ncommits="$2" -v merges="$3" '
  function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
  function fill(p, n,   k) {
    nl[p] = n
    for (k = 1; k <= n; k++) line[p, k] = "text " (++uid) " " rnd(100000)
  }
  function edit(p,   k, m) {
    m = 1 + rnd(3)
    while (m-- > 0) {
      k = 1 + rnd(nl[p])
      line[p, k] = "edit " (++uid) " " rnd(100000)
    }
    if (rnd(3) == 0) line[p, ++nl[p]] = "more " (++uid) " " rnd(100000)
  }
  function write(p,   k, d) {
    d = p; sub(/[^\/]*$/, "", d)
    if (d != "") print "mkdir -p \"" d "\""
    printf "printf %%s\\\\n"
    for (k = 1; k <= nl[p]; k++) printf " \"%s\"", line[p, k]
    print " >\"" p "\""
  }
  function copy(from, to,   k) {
    nl[to] = nl[from]
    for (k = 1; k <= nl[from]; k++) line[to, k] = line[from, k]
  }
  function newpath(   p) {
    do p = "content/" dirs[rnd(3)] "d" rnd(60) ".md"
    while (p in live)
    return p
  }
  function pick(   i, k) {
    k = rnd(nlive)
    for (i in live) if (k-- == 0) return i
  }
  function commit(msg) { print "c \"" msg " " (++nc) "\"" }
  function op(canmove,   r, p, q) {
    r = rnd(100)
    if (nlive < 5 || (r < 25 && nlive < 30)) {
      p = newpath()
      if ((p in gone) && rnd(2) == 0) { copy(gone[p], p); edit(p) }
      else fill(p, 8 + rnd(8))
      delete gone[p]
      live[p] = 1; nlive++
      write(p); print "git add \"" p "\""; commit("Add " p)
    } else if (r < 72 || !canmove) {
      p = pick(); edit(p); write(p)
      print "git add \"" p "\""; commit("Edit " p)
    } else if (r < 87) {
      p = pick(); q = newpath()
      copy(p, q); delete live[p]; live[q] = 1
      delete gone[q]
      print "mkdir -p \"$(dirname \"" q "\")\""
      print "git mv \"" p "\" \"" q "\""
      if (rnd(2) == 0) { edit(q); write(q); print "git add \"" q "\"" }
      commit("Rename " p " to " q)
    } else {
      p = pick(); delete live[p]; nlive--
      copy(p, "#" p); gone[p] = "#" p
      print "git rm -q \"" p "\""; commit("Delete " p)
    }
  }
  BEGIN {
    dirs[0] = ""; dirs[1] = "procedures/"; dirs[2] = "mou/"
    print "n=0"
    print "c() { n=$((n + 1)); d=\"$((1700000000 + n * 3600)) +0000\";" \
      " GIT_AUTHOR_DATE=\"$d\" GIT_COMMITTER_DATE=\"$d\" git" \
      " -c user.name=Gen -c user.email=gen@example.org commit -q -m \"$1\"; }"
    print "m() { n=$((n + 1)); d=\"$((1700000000 + n * 3600)) +0000\";" \
      " GIT_AUTHOR_DATE=\"$d\" GIT_COMMITTER_DATE=\"$d\" git" \
      " -c user.name=Gen -c user.email=gen@example.org merge -q --no-ff" \
      " -m \"Merge $1\" \"$1\"; }"
    while (nc < ncommits) {
      if (merges && nlive >= 6 && rnd(12) == 0) {
        # A branch edits two documents; main edits a third; merge.
        b = "topic" nc
        print "git checkout -q -b " b
        p = pick(); edit(p); write(p); print "git add \"" p "\""
        commit("Branch edit " p)
        do q = pick(); while (q == p)
        edit(q); write(q); print "git add \"" q "\""
        commit("Branch edit " q)
        print "git checkout -q main"
        do s = pick(); while (s == p || s == q)
        edit(s); write(s); print "git add \"" s "\""
        commit("Main edit " s)
        print "m " b; nc++
      } else
        op(1)
    }
  }'
}

# oracle NAME SEED COMMITS MERGES
oracle() {
  newrepo "$1"
  oracle_script "$2" "$3" "$4" >"$tmp/$1.sh"
  sh -e "$tmp/$1.sh" >/dev/null
  if [ "$4" -eq 1 ]; then fp=--first-parent; else fp=; fi
  git ls-files content | sort | while read -r p; do
    # shellcheck disable=SC2086
    git log $fp --follow --format='C %H' --name-status -- "$p" |
      awk -v p="${p#content/}" '
        $1 == "C" { if (h != "") l[++n] = h; h = $2; next }
        /^D\t/ { h = "" }
        END { if (h != "") l[++n] = h; for (i = n; i > 0; i--) print p, l[i] }'
  done >"$tmp/expect"
  dump content --jobs 1
  cp "$tmp/got" "$tmp/got-j1"
  awk -F '\t' 'NF == 7 { print $1, $3 } NF != 7' "$tmp/got" >"$tmp/got2"
  mv "$tmp/got2" "$tmp/got"
  check "$1 ($(git rev-list --count HEAD) commits, $(git ls-files content |
    wc -l | tr -d ' ') documents, $(wc -l <"$tmp/expect" | tr -d ' ') versions)"
  # Long chains are compared ahead in worker processes: the same result,
  # notes and authors of merges included.
  if [ "$(git rev-list --first-parent --count HEAD)" -ge 512 ]; then
    dump content --jobs 1 --record
    cp "$tmp/got" "$tmp/expect"
    dump content --jobs 3 --record
    check "$1 compared ahead by 3 workers"
  fi
  dump content --read-blobs
  grep '^blobs:' "$tmp/got" >"$tmp/got2" || true
  echo "blobs: $(wc -l <"$tmp/expect" | awk '{ print $1 * 4 }') ok" \
    >"$tmp/expect"
  mv "$tmp/got2" "$tmp/got"
  check "$1 blobs read on 4 threads"
}

for c in linear rename split merge publish classify restored minor encoding bst shallow norepo \
    worktree unborn subdir sitemove rootsite mailmap corrupt badcommit badpack longnote; do
  selected "$c" || continue
  (cd "$tmp" && "case_$c") >"$tmp/case.out" 2>&1 || {
    echo "FAIL $c (the case itself failed)"
    nfail=$((nfail + 1))
  }
  cat "$tmp/case.out"
  npass=$((npass + $(grep -c '^ok ' "$tmp/case.out" || true)))
  nfail=$((nfail + $(grep -c '^FAIL ' "$tmp/case.out" || true)))
done
for o in "oracle 20240914 300 0" "oracle-merges 7 300 1" \
    "oracle-ahead 99 600 0" "oracle-ahead-merges 5 800 1"; do
  # shellcheck disable=SC2086
  set -- $o
  selected "$1" || continue
  (cd "$tmp" && oracle "$@") >"$tmp/case.out" 2>&1 || {
    echo "FAIL $1 (the case itself failed)"
    nfail=$((nfail + 1))
  }
  cat "$tmp/case.out"
  npass=$((npass + $(grep -c '^ok ' "$tmp/case.out" || true)))
  nfail=$((nfail + $(grep -c '^FAIL ' "$tmp/case.out" || true)))
done

for c in $want; do
  case $ran in
  *" $c "*) ;;
  *)
    echo "FAIL $c: no such case in tests/history/run.sh"
    nfail=$((nfail + 1)) ;;
  esac
done

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
