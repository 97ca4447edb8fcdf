#!/bin/sh
# Whole-build properties on the sample site: reproducible output, a failed
# build leaves the previous site byte for byte, check writes nothing, the
# sources are never written, the output may not lie inside the sources.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
need "$UNITDIR/linkcheck"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R content "$tmp/site"
src_sum() { (cd "$tmp/site" && find . -type f -exec sha256sum {} + | sort); }
sum0=$(src_sum)

# Two builds with the same --today are byte-identical.
$FOLIO build -q -s "$tmp/site" -o "$tmp/a" --today $TODAY 2>"$tmp/err1"
s1=$?
$FOLIO build -q -s "$tmp/site" -o "$tmp/b" --today $TODAY 2>"$tmp/err2"
check build/sample-builds [ $s1 = 0 ]
check build/reproducible diff -r "$tmp/a" "$tmp/b"
check build/page-per-document sh -c "
	n=\$(find '$tmp/site' -name '*.md' | wc -l)
	p=\$(find '$tmp/a' -name index.html | wc -l)
	[ \$n -ge 9 ] && [ \$p -gt \$n ]"
# No link in the sample site points to a page or anchor that does not exist.
check build/sample-links-resolve "$UNITDIR/linkcheck" "$tmp/a"
check build/sample-acronyms-marked grep -q '<abbr>MASH</abbr><span class="term-exp"><span class="term-paren"> (</span>Multi-Agency Safeguarding Hub<span' "$tmp/a/procedures/strategy-discussion/index.html"
check build/sample-agency-mentions grep -q 'Mentioned in: <span class="inline-list"><span><a href="/' "$tmp/a/agencies/index.html"
check build/sample-backlinks grep -q 'Referenced by' "$tmp/a/procedures/professional-challenge/index.html"
# The preview's page-by-page diagnostics are never in a built site,
# though the sample has warnings.
check build/no-preview-diagnostics sh -c "[ -s '$tmp/err1' ] && ! grep -rq 'folio-preview-diags' '$tmp/a'"
# Rendering in worker processes writes exactly what one process writes.
$FOLIO build -q -s "$tmp/site" -o "$tmp/j1" --today $TODAY -j 1 2>/dev/null
$FOLIO build -q -s "$tmp/site" -o "$tmp/j3" --today $TODAY -j 3 2>/dev/null
check build/jobs-identical diff -r "$tmp/j1" "$tmp/j3"
# A site big enough to be scanned in worker processes (64 documents or
# more), with outdated terms and empty links: the same pages and the
# same diagnostics as one process.
cp -R content "$tmp/big"
for f in "$tmp"/big/procedures/*.md "$tmp"/big/mou/*.md; do
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		sed -e '/^id:/d' -e '/^aliases:/d' -e "s/^title: \(.*\)/title: \1 $i/" \
		    "$f" > "${f%.md}-copy-$i.md"
		printf '\nSee [](doc:strategy-discussion); the LSCB met.\n' \
		    >> "${f%.md}-copy-$i.md"
	done
done
$FOLIO build -s "$tmp/big" -o "$tmp/bj1" --today $TODAY -j 1 2>"$tmp/bj1.err"
$FOLIO build -s "$tmp/big" -o "$tmp/bj3" --today $TODAY -j 3 2>"$tmp/bj3.err"
check build/jobs-scan-identical diff -r "$tmp/bj1" "$tmp/bj3"
check build/jobs-scan-diagnostics sh -c "
	sed 's|/bj[13]/|/bj/|' '$tmp/bj1.err' > '$tmp/bj1.e'
	sed 's|/bj[13]/|/bj/|' '$tmp/bj3.err' > '$tmp/bj3.e'
	grep -q \"'LSCB' is out of date\" '$tmp/bj1.e' &&
	    cmp '$tmp/bj1.e' '$tmp/bj3.e'"
# SOURCE_DATE_EPOCH (2026-11-24 12:00 UTC) gives the same site as --today.
SOURCE_DATE_EPOCH=1795521600 $FOLIO build -q -s "$tmp/site" -o "$tmp/c" 2>/dev/null
check build/source-date-epoch diff -r "$tmp/a" "$tmp/c"

# A failing build leaves the previous output untouched.
cp -R "$tmp/a" "$tmp/a.copy"
printf -- '---\ntitle: Broken\nowner: X\nreview_date: 2019-02-30\n---\n' \
    > "$tmp/site/procedures/broken.md"
$FOLIO build -q -s "$tmp/site" -o "$tmp/a" --today $TODAY 2>"$tmp/err3"
s3=$?
check build/failure-exit-1 [ $s3 = 1 ]
check build/failure-names-file grep -q 'procedures/broken.md:4:14: error:' "$tmp/err3"
check build/failure-keeps-site diff -r "$tmp/a.copy" "$tmp/a"
check build/failure-no-temp sh -c "! ls -a '$tmp' | grep -q tmp-"
rm -f "$tmp/site/procedures/broken.md"

# check validates and writes nothing.
$FOLIO check -q -s "$tmp/site" --today $TODAY 2>/dev/null
check build/check-ok [ $? = 0 ]
check build/check-writes-nothing sh -c "[ ! -e public ] || [ -e public/.folio-output ]"
check build/check-json sh -c "$FOLIO check -s '$tmp/site' --format json --today $TODAY | grep -q '\"errors\":0'"

# The output may not lie inside the site, nor replace a foreign folder.
$FOLIO build -q -s "$tmp/site" -o "$tmp/site/public" --today $TODAY 2>"$tmp/err4"
check build/output-inside-source [ $? != 0 ]
check build/output-inside-source-message grep -q 'must lie outside the site folder' "$tmp/err4"
mkdir "$tmp/foreign" && echo keep > "$tmp/foreign/precious.txt"
$FOLIO build -q -s "$tmp/site" -o "$tmp/foreign" --today $TODAY 2>/dev/null
s5=$?
check build/foreign-folder-refused [ $s5 != 0 -a -f "$tmp/foreign/precious.txt" ]
check build/sources-untouched [ "$sum0" = "$(src_sum)" ]

# The command line.
$FOLIO --version | grep -q '^folio ' ; check cli/version [ $? = 0 ]
$FOLIO --help | grep -q 'folio build' ; check cli/help [ $? = 0 ]
$FOLIO frobnicate >/dev/null 2>&1; check cli/unknown-command [ $? = 2 ]
$FOLIO build --today 2024-13-01 -s "$tmp/site" -o "$tmp/d" 2>/dev/null; check cli/bad-today [ $? = 2 ]
$FOLIO build -s "$tmp/nowhere" 2>/dev/null; check cli/no-site [ $? = 2 ]
$FOLIO check -o x 2>/dev/null; check cli/check-no-output [ $? = 2 ]

# The man page is well-formed mdoc.
if command -v mandoc >/dev/null; then
	check docs/man-page-lint mandoc -Tlint -Wwarning docs/folio.1
fi

# Two documents with one id: the error is on the newer file, which the
# walk may meet first (mou/ before procedures/): by git history, then,
# without a repository, by the files' times.
dup=$tmp/dup
mkdir -p "$dup/mou" "$dup/procedures"
printf 'title: Dup\n' > "$dup/site.yaml"
printf -- '---\ntitle: Old\nowner: G\nreview_date: 2027-01-01\nid: same\n---\nText.\n' > "$dup/procedures/old.md"
printf -- '---\ntitle: New\nowner: G\nreview_date: 2027-01-01\nid: same\n---\nText.\n' > "$dup/mou/new.md"
touch -d '2020-01-01 00:00' "$dup/procedures/old.md"
touch -d '2024-01-01 00:00' "$dup/mou/new.md"
$FOLIO check -q -s "$dup" --today $TODAY 2> "$tmp/dup.err"
check build/duplicate-id-newer-by-time sh -c "grep -q '^$dup/mou/new.md:5: error: id .same. is already used by $dup/procedures/old.md' '$tmp/dup.err' &&
    ! grep -q 'procedures/old.md:5: error' '$tmp/dup.err'"
touch -d '2025-01-01 00:00' "$dup/procedures/old.md"
$FOLIO check -q -s "$dup" --today $TODAY 2> "$tmp/dup.err"
check build/duplicate-id-newer-by-time-2 grep -q "^$dup/procedures/old.md:5: error: id .same. is already used by $dup/mou/new.md" "$tmp/dup.err"
# In git: old.md committed first, new.md a year later; the files' times
# (old.md now the newer) no longer count.
(cd "$dup" && git init -q && git add procedures site.yaml &&
    GIT_COMMITTER_DATE='2020-01-01T00:00:00' git -c user.name=E -c user.email=e@example.org commit -qm one &&
    git add mou &&
    GIT_COMMITTER_DATE='2021-01-01T00:00:00' git -c user.name=E -c user.email=e@example.org commit -qm two)
$FOLIO check -q -s "$dup" --today $TODAY 2> "$tmp/dup.err"
check build/duplicate-id-newer-by-history sh -c "grep -q '^$dup/mou/new.md:5: error: id .same. is already used by $dup/procedures/old.md' '$tmp/dup.err' &&
    ! grep -q 'procedures/old.md:5: error' '$tmp/dup.err'"
# Replacing a site removes the old tree without following what it links
# to: a symbolic link to a folder (and one to a file) put into the output
# goes, what it pointed at stays.
mkdir -p "$tmp/outside/sub" && echo keep > "$tmp/outside/sub/file" &&
    echo keep > "$tmp/outside/one"
ln -s "$tmp/outside" "$tmp/a/linked-folder"
ln -s "$tmp/outside/one" "$tmp/a/procedures/linked-file"
$FOLIO build -q -s "$tmp/site" -o "$tmp/a" --today $TODAY 2>/dev/null
check build/replace-keeps-link-targets sh -c "[ -f '$tmp/outside/sub/file' ] &&
    [ -f '$tmp/outside/one' ] && [ ! -e '$tmp/a/linked-folder' ] &&
    [ ! -e '$tmp/a/procedures/linked-file' ] && diff -r '$tmp/a' '$tmp/b'"
