#!/bin/sh
# Bad input too big or too odd to keep as fixture files: made here, in a
# temporary folder.  Each case checks the diagnostic, the exit status,
# that the previous output survives and that the sources are unchanged.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# new_site NAME: a minimal valid site in $tmp/NAME/site with an old output.
new_site() {
	d=$tmp/$1
	mkdir -p "$d/site/procedures" "$d/out"
	printf 'title: Hardening\n' > "$d/site/site.yaml"
	printf -- '---\ntitle: Fine\nowner: O\nreview_date: 2027-09-01\n---\nText.\n' \
	    > "$d/site/procedures/fine.md"
	echo previous > "$d/out/.folio-output"
	echo "old site" > "$d/out/index.html"
}

# expect NAME STATUS TEXT: build, then check status, message, old output.
expect() {
	d=$tmp/$1
	before=$(cd "$d/site" && find . -type f -exec sha256sum {} + | sort)
	timeout 60 $FOLIO build -q -s "$d/site" -o "$d/out" --today $TODAY \
	    > /dev/null 2> "$d/stderr"
	status=$?
	after=$(cd "$d/site" && find . -type f -exec sha256sum {} + | sort)
	if [ "$status" = "$2" ] && grep -qF -- "$3" "$d/stderr" &&
	    [ "$(cat "$d/out/index.html" 2>/dev/null)" = "old site" ] &&
	    [ "$before" = "$after" ]; then
		ok "hardening/$1"
	else
		notok "hardening/$1 (status $status, want $2)"
		head -5 "$d/stderr" | sed 's/^/    /'
	fi
}

# A 50 MB document.
new_site huge
{ printf -- '---\ntitle: Huge\nowner: O\nreview_date: 2027-09-01\n---\n'
  head -c 52428800 /dev/zero | tr '\0' 'a'; } > "$tmp/huge/site/procedures/huge.md"
expect huge 1 "procedures/huge.md: error: file is 52428853 bytes; files may be at most 16 MiB"

# 100,000 levels of nested lists and quotes.
new_site deep
{ printf -- '---\ntitle: Deep\nowner: O\nreview_date: 2027-09-01\n---\nIntro.\n'
  i=0; line=; while [ $i -lt 1000 ]; do line="$line- "; i=$((i + 1)); done
  i=0; while [ $i -lt 100 ]; do printf '%s' "$line"; i=$((i + 1)); done
  printf 'x\n'; } > "$tmp/deep/site/procedures/deep.md"
expect deep 1 "procedures/deep.md:7: error: lists or quotes nested more than 100 levels deep"

# A symbolic link to a file outside the site.
new_site symlink
echo secret > "$tmp/secret.md"
ln -s "$tmp/secret.md" "$tmp/symlink/site/procedures/leak.md"
expect symlink 1 "procedures/leak.md: error: symbolic link points outside the site folder"

# Two files whose names differ only in case.
new_site case
cp "$tmp/case/site/procedures/fine.md" "$tmp/case/site/procedures/Fine.md"
expect case 1 "error: 'Fine.md' and 'fine.md' differ only in case"

# An output folder that cannot be created (its parent is a file).
new_site unwritable
: > "$tmp/unwritable/file"
$FOLIO build -q -s "$tmp/unwritable/site" -o "$tmp/unwritable/file/out" \
    --today $TODAY > /dev/null 2> "$tmp/unwritable/stderr"
check hardening/unwritable-output sh -c "[ $? = 2 ] &&
    grep -q 'cannot use output folder' '$tmp/unwritable/stderr'"

# A theme without one of the templates every theme needs.
new_site notemplate
mkdir -p "$tmp/notemplate/site/themes/bare/templates"
for t in home section 404; do
	echo "{{site.title}}" > "$tmp/notemplate/site/themes/bare/templates/$t.mustache"
done
printf 'theme: bare\n' >> "$tmp/notemplate/site/site.yaml"
expect notemplate 1 "error: theme has no document.mustache"

# Control characters and a NUL byte in a document.
new_site nul
printf -- '---\ntitle: N\nowner: O\nreview_date: 2027-09-01\n---\nab\0c\n' \
    > "$tmp/nul/site/procedures/nul.md"
expect nul 1 "procedures/nul.md:6:3: error: file contains a NUL byte"

# Markup that would make cmark-gfm's tree 100 times the document's size
# (a 4 MB line of "**b** ": 600 MB, 5 s) is refused before parsing, at
# the place the limit is passed; as much as the limit allows (8 MB at
# one mark in 40 bytes) is checked within 20 times the document's size.
new_site markup
{ printf -- '---\ntitle: M\nowner: O\nreview_date: 2027-09-01\n---\n'
  awk 'BEGIN { for (i = 0; i < 700000; i++) printf "**b** "; print "" }'
} > "$tmp/markup/site/procedures/markup.md"
expect markup 1 "procedures/markup.md:6:314998: error: too much markup: more than 105000 marks"
for kind in bold link; do
	a=$tmp/atlimit-$kind
	mkdir -p "$a/procedures"
	printf 'title: M\nconcern:\n  form: https://www.example.org/concern\n' \
	    > "$a/site.yaml"
	{ printf -- '---\ntitle: M\nowner: O\nreview_date: 2027-09-01\n---\n# A\n\n'
	  awk -v k=$kind 'BEGIN { for (i = 0; i < 102000; i++)
	    printf "%s aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ",
	    k == "bold" ? "**b**" : "[x](#a)"; print "" }'
	} > "$a/procedures/$kind.md"
	size=$(wc -c < "$a/procedures/$kind.md")
	if [ "${SUITE:-release}" = release ] && [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$a/kb" $FOLIO check -q -s "$a" \
		    --today $TODAY 2> /dev/null
		check hardening/markup-at-limit-$kind-within-20x sh -c "[ $? = 0 ] &&
		    [ \$(tail -1 '$a/kb') -le $((size * 20 / 1024)) ]"
	else
		$FOLIO check -q -s "$a" --today $TODAY 2> /dev/null
		check hardening/markup-at-limit-$kind [ $? = 0 ]
	fi
done

# The sample site is clean under valgrind: no leak, no invalid access.
if [ "${SUITE:-release}" = release ] && command -v valgrind > /dev/null; then
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --log-file="$tmp/valgrind.log" \
	    "$FOLIO" build -q -s content -o "$tmp/vg" --today $TODAY \
	    > /dev/null 2>&1
	check hardening/valgrind-sample [ $? = 0 ]
	[ -s "$tmp/valgrind.log" ] && head -20 "$tmp/valgrind.log"
fi

# Diagnostics cannot be forged: a link target holding an encoded line
# break, or a file name holding terminal escapes, stays on its one line.
new_site forged
printf -- '---\ntitle: F\nowner: O\nreview_date: 2027-09-01\n---\n[x](<doc:a&#x0A;procedures/fine.md:1:1: error: forged>)\n' \
    > "$tmp/forged/site/procedures/forged.md"
esc=$(printf 'evil\033[2Jname')
cp "$tmp/forged/site/procedures/fine.md" "$tmp/forged/site/procedures/$esc.md"
printf '[y](doc:nowhere)\n' >> "$tmp/forged/site/procedures/$esc.md"
expect forged 1 'forged.md:6:1: error: '
check hardening/forged-one-line sh -c "! grep -q '^procedures/fine.md' '$tmp/forged/stderr'"
check hardening/forged-escaped grep -qF 'evil\x1b[2Jname.md' "$tmp/forged/stderr"
check hardening/no-raw-escape sh -c "! grep -q \"$(printf '\033')\" '$tmp/forged/stderr'"

# Folders left by killed builds are removed by the next build; those of
# a build still running (its lock held) are not.
new_site leftovers
d=$tmp/leftovers
mkdir -p "$d/.out.tmp-dead01/procedures" "$d/.out.tmp-live01" "$d/.out.tmp-old001" \
    "$d/.out.tmp-new001" "$d/.out.tmp-nomark"
: > "$d/.out.tmp-dead01.lock"
: > "$d/.out.tmp-live01.lock"
: > "$d/.out.tmp-gone01.lock"
echo x > "$d/.out.tmp-dead01/procedures/x.html"
for o in old001 new001; do echo m > "$d/.out.tmp-$o/.folio-output"; done
touch -d '2 hours ago' "$d/.out.tmp-old001" "$d/.out.tmp-nomark"
flock "$d/.out.tmp-live01.lock" sleep 30 &
holder=$!
# Until the holder has the lock (a sleep could lose that race).
i=0
while [ $i -lt 100 ] && flock -n "$d/.out.tmp-live01.lock" true; do
	sleep 0.1
	i=$((i + 1))
done
$FOLIO build -q -s "$d/site" -o "$d/out" --today $TODAY 2> "$d/stderr"
check hardening/leftover-dead-removed test ! -e "$d/.out.tmp-dead01"
check hardening/leftover-lock-removed test ! -e "$d/.out.tmp-dead01.lock"
check hardening/leftover-orphan-lock-removed test ! -e "$d/.out.tmp-gone01.lock"
check hardening/leftover-old-unlocked-removed test ! -e "$d/.out.tmp-old001"
check hardening/leftover-live-kept test -d "$d/.out.tmp-live01"
check hardening/leftover-recent-kept test -d "$d/.out.tmp-new001"
check hardening/leftover-not-folio-kept test -d "$d/.out.tmp-nomark"
check hardening/leftover-build-ok grep -q 'Fine' "$d/out/procedures/fine/index.html"
# The build's own lock is gone; the running one's stays.
check hardening/leftover-locks [ "$(ls -a "$d" | grep -c '^\.out\.tmp-.*\.lock$')" = 1 ]
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# A real kill -9 in the middle of a build: the next build leaves nothing.
i=0
while [ $i -lt 300 ]; do
	printf -- '---\ntitle: Doc %s\nowner: O\nreview_date: 2027-09-01\n---\nText %s.\n' $i $i \
	    > "$d/site/procedures/doc-$i.md"
	i=$((i + 1))
done
$FOLIO build -q -s "$d/site" -o "$d/out2" --today $TODAY 2>/dev/null &
bpid=$!
sleep 0.05
kill -9 "$bpid" 2>/dev/null
wait "$bpid" 2>/dev/null
# Its workers die with it (a signal on their parent's death): wait
# until none holds its lock, rather than guess how long that takes.
for l in "$d"/.out2.tmp-*.lock; do
	i=0
	while [ -e "$l" ] && [ $i -lt 100 ] && ! flock -n "$l" true; do
		sleep 0.1
		i=$((i + 1))
	done
done
$FOLIO build -q -s "$d/site" -o "$d/out2" --today $TODAY 2> "$d/stderr2"
check hardening/killed-build-swept sh -c "! ls -a '$d' | grep -q '^\.out2\.tmp-'"

# A flood of one diagnostic is cut to 100 and a count; the exit status
# and the error count still tell the whole story.
new_site flood
{ printf -- '---\ntitle: Flood\nowner: O\nreview_date: 2027-09-01\n'
  i=0; while [ $i -lt 1000 ]; do printf 'zzkey%d: v\n' $i; i=$((i + 1)); done
  printf -- '---\nText.\n'; } > "$tmp/flood/site/procedures/flood.md"
expect flood 1 "flood.md:105:1: error: 900 more like this left out: unknown key 'zzkey100'"
check hardening/flood-lines [ "$(grep -c 'flood.md:' "$tmp/flood/stderr")" = 101 ]

# A full disk is the environment's fault, not the content's: exit 2, the
# message names the output (not folio's temporary folder), and the old
# site stays.  Needs a small tmpfs: as root, or in a user namespace.
new_site full
d=$tmp/full
mkdir -p "$d/small"
cat > "$d/fill.sh" <<'EOS'
mount -t tmpfs -o size=64k tmpfs "$1/small" || exit 99
mkdir "$1/small/out" && echo previous > "$1/small/out/.folio-output" &&
    echo "old site" > "$1/small/out/index.html"
i=0
while [ $i -lt 40 ]; do
	printf -- '---\ntitle: Doc %s\nowner: O\nreview_date: 2027-09-01\n---\n' $i \
	    > "$1/site/procedures/doc-$i.md"
	head -c 4000 /dev/zero | tr '\0' 'a' >> "$1/site/procedures/doc-$i.md"
	i=$((i + 1))
done
"$2" build -q -s "$1/site" -o "$1/small/out" --today "$3" 2> "$1/stderr"
echo $? > "$1/status"
cat "$1/small/out/index.html" > "$1/old"
umount "$1/small"
EOS
if [ "$(id -u)" = 0 ]; then
	sh "$d/fill.sh" "$d" "$FOLIO" "$TODAY"
else
	unshare -rm sh "$d/fill.sh" "$d" "$FOLIO" "$TODAY" 2>/dev/null
fi
if [ -f "$d/status" ]; then
	check hardening/disk-full-exit-2 [ "$(cat "$d/status")" = 2 ]
	check hardening/disk-full-names-output grep -q "small/out/.*: error: cannot write: No space left on device" "$d/stderr"
	check hardening/disk-full-no-tmp-name sh -c "! grep -q 'tmp-' '$d/stderr'"
	check hardening/disk-full-old-site [ "$(cat "$d/old")" = "old site" ]
else
	echo "hardening/disk-full: no tmpfs here (needs root or user namespaces); not run"
fi

# A folder or document whose name is not UTF-8 would become a URL, a
# section and an id of raw bytes: an error naming it instead.
new_site badname
mkdir -p "$tmp/badname/site/$(printf 'caf\351')"
cp "$tmp/badname/site/procedures/fine.md" "$tmp/badname/site/$(printf 'caf\351')/x.md"
cp "$tmp/badname/site/procedures/fine.md" "$tmp/badname/site/procedures/$(printf 'b\377d').md"
expect badname 1 "folder name is not valid UTF-8 (byte 4): rename it"
check hardening/badname-file grep -q 'file name is not valid UTF-8 (byte 2): rename it' "$tmp/badname/stderr"

# 60,000 headings, each linked from its own page: one look-up a link
# (a walk of every heading for each link took minutes).  Each has a
# paragraph, to stay within the markup allowed for the document's size.
new_site anchors
{ printf -- '---\ntitle: Anchors\nowner: O\nreview_date: 2027-09-01\n---\n'
  awk 'BEGIN { for (i = 0; i < 60000; i++) { printf "## H%d\n\n[to](#h%d)", i, i
    for (j = 0; j < 38; j++) printf " Text"; printf "\n\n" } }'
} > "$tmp/anchors/site/procedures/anchors.md"
timeout 60 $FOLIO check -q -s "$tmp/anchors/site" --today $TODAY 2> "$tmp/anchors/stderr"
check hardening/many-anchors-linear [ $? = 0 ]

# 200,000 unknown front-matter keys: each checked against the others
# once (a walk of every key before it took minutes); 100 are reported.
new_site keys
{ printf -- '---\ntitle: Keys\nowner: O\nreview_date: 2027-09-01\n'
  awk 'BEGIN { for (i = 0; i < 200000; i++) printf "zz%d: v\n", i }'
  printf -- '---\nText.\n'; } > "$tmp/keys/site/procedures/keys.md"
timeout 60 $FOLIO check -q -s "$tmp/keys/site" --today $TODAY 2> "$tmp/keys/stderr"
check hardening/many-keys-linear sh -c "[ $? = 1 ] && grep -q '199900 more like this left out' '$tmp/keys/stderr'"

# Past versions are held to the working tree's limits: a version too
# big, not UTF-8, or dated past 9999 is an error naming its commit and
# path, and is never published; listing the commit in ignore_revs
# leaves it out, and the rest of the record builds.
g=$tmp/histlimits
mkdir -p "$g/content/procedures"
printf 'title: Limits\nconcern:\n  form: https://www.example.org/concern\n' > "$g/content/site.yaml"
gitc() {
	GIT_CONFIG_NOSYSTEM=1 git -C "$g" -c user.name=Editor \
	    -c user.email=e@example.org "$@"
}
gitc init -q
doc=$g/content/procedures/p.md
head='---\ntitle: P\nowner: O\nreview_date: 2027-09-01\n---\n'
printf -- "$head"'First text.\n' > "$doc"
gitc add -A && gitc commit -qm "First"
{ printf -- "$head"; head -c 17000000 /dev/zero | tr '\0' 'a'; } > "$doc"
gitc commit -qam "Too big"
big=$(gitc rev-parse --short=7 HEAD)
printf -- "$head"'Caf\351.\n' > "$doc"
gitc commit -qam "Latin-1"
latin=$(gitc rev-parse --short=7 HEAD)
printf -- "$head"'Far future.\n' > "$doc"
GIT_COMMITTER_DATE="@253402300800 +0000" gitc commit -qam "Year 10000"
future=$(gitc rev-parse --short=7 HEAD)
printf -- "$head"'Second text.\n' > "$doc"
gitc commit -qam "Second"
$FOLIO build -q -s "$g/content" -o "$g/out" --today $TODAY 2> "$g/err"
check hardening/history-too-big sh -c "[ $? = 1 ] && grep -q 'error: commit $big, content/procedures/p.md: the file is 17000050 bytes then; files may be at most 16 MiB' '$g/err'"
check hardening/history-not-utf8 grep -q "error: commit $latin, content/procedures/p.md: line 6, column 4 " "$g/err"
check hardening/history-year-10000 grep -q "error: commit $future, content/procedures/p.md: its date (253402300800 seconds from 1970) is outside the years 1970 to 9999" "$g/err"
check hardening/history-not-published test ! -e "$g/out/procedures/p/index.html"
printf '%s\n%s\n%s\n' "$big" "$latin" "$future" > "$g/content/.ignore-revs"
printf 'history:\n  ignore_revs: .ignore-revs\n' >> "$g/content/site.yaml"
$FOLIO build -q -s "$g/content" -o "$g/out" --today $TODAY 2> "$g/err2"
check hardening/history-left-out sh -c "[ $? = 0 ] && grep -q 'Version 2' '$g/out/procedures/p/index.html' &&
    ! grep -rq 'aaaaaaaaaa\|Far future' '$g/out'"
