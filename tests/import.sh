#!/bin/sh
# folio import: Word documents made with pandoc from a seed document and
# from small sources holding what Markdown cannot carry (a table with
# merged cells, comments, tracked changes), footnotes and an image.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
if ! command -v pandoc >/dev/null 2>&1; then
	notok "import/pandoc (install pandoc: make deps-test)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site=$tmp/site
cp -R content "$site"

# A seed document, through Word and back: its title from Word's, its
# words kept, and the site's check finds no error in it.
pandoc content/procedures/strategy-discussion.md -o "$tmp/seed.docx"
$FOLIO import "$tmp/seed.docx" --type procedure -o "$site/procedures/imported.md" \
    -s "$site" --today $TODAY > "$tmp/out" 2> "$tmp/err"
rc=$?
new=$site/procedures/imported.md
check import/seed-exit-0 [ "$rc" = 0 ]
check import/seed-prints-path [ "$(cat "$tmp/out")" = "$new" ]
check import/seed-title grep -qx 'title: "Strategy Discussion Procedure"' "$new"
check import/seed-front-matter sh -c "grep -qx 'type: procedure' '$new' &&
    grep -q '^owner: TO BE CONFIRMED' '$new' && grep -q '^approved: *#' '$new' &&
    grep -q '^status: draft' '$new'"
check import/seed-words grep -q 'A strategy discussion is the point at which agencies decide together' "$new"
check import/seed-sections grep -qx '## Purpose' "$new"
check import/seed-no-errors sh -c "! grep -q ': error: ' '$tmp/err'"
$FOLIO check -q -s "$site" --today $TODAY 2> "$tmp/check"
check import/seed-checks sh -c "! grep -q 'imported.md.*: error: ' '$tmp/check'"
# Every seed document goes through Word and back with no error in it
# (links to headings included, which Word keeps as bookmarks).
for f in content/*.md content/*/*.md; do
	n=$(basename "$f" .md)
	pandoc "$f" -o "$tmp/$n.docx"
	$FOLIO import "$tmp/$n.docx" -o "$site/seed-$n.md" -s "$site" \
	    --today $TODAY > /dev/null 2> "$tmp/seed-$n.err"
	rc=$?
	check "import/seed-$n" sh -c "[ $rc = 0 ] && ! grep -q ': error: ' '$tmp/seed-$n.err'"
	rm -rf "$site/seed-$n.md" "$site/seed-$n-files"
done
# Never replaces a file.
cksum "$new" > "$tmp/sum"
$FOLIO import "$tmp/seed.docx" -o "$new" -s "$site" --today $TODAY > /dev/null 2> "$tmp/err"
check import/no-overwrite sh -c "[ $? = 1 ] && grep -q 'already exists' '$tmp/err' &&
    cksum '$new' | cmp -s - '$tmp/sum'"

# A table with merged cells: named, at its line.
cat > "$tmp/merged.html" <<'HTML'
<h1>Out of Hours Contacts</h1>
<p>Call the team.</p>
<table><tr><th>Agency</th><th>Number</th></tr>
<tr><td rowspan="2">Police</td><td>101</td></tr><tr><td>999</td></tr></table>
<p>A plain table:</p>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
HTML
pandoc -f html "$tmp/merged.html" -o "$tmp/merged.docx"
$FOLIO import "$tmp/merged.docx" --type procedure -s "$site" --today $TODAY > "$tmp/out" 2> "$tmp/err"
rc=$?
new=$site/procedures/out-of-hours-contacts.md
check import/merged-written sh -c "[ $rc = 0 ] && [ -f '$new' ] && grep -qx 'title: \"Out of Hours Contacts\"' '$new'"
line=$(sed -n 's/^.*out-of-hours-contacts.md:\([0-9]*\): warning: table 1 has merged cells.*/\1/p' "$tmp/err")
check import/merged-named sh -c "[ -n '$line' ] && sed -n '${line:-0}p' '$new' | grep -q '^| Agency'"
check import/merged-only-that-one sh -c "! grep -q 'table 2 has merged' '$tmp/err'"
check import/title-heading-not-repeated sh -c "! grep -q '^# Out of Hours' '$new'"

# Footnotes kept, an image copied beside the document and linked in
# Markdown, Word's title used; comments and tracked changes listed at
# the heading they fall under.
python3 - "$tmp/dot.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' +
    chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) +
    chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00')) + chunk(b'IEND', b''))
PY
cat > "$tmp/notes.md" <<'MD'
---
title: Notes From Word
---
# Background

Text with a note.[^1]

![A red dot](dot.png)

## Stage 2

Text [a remark]{.comment-start id="0" author="Jo" date="2026-01-01T00:00:00Z"}commented[]{.comment-end id="0"} and [added]{.insertion author="Jo" date="2026-01-01T00:00:00Z"} and [gone]{.deletion author="Jo" date="2026-01-01T00:00:00Z"}.

[^1]: The note itself.
MD
(cd "$tmp" && pandoc notes.md -o notes.docx)
$FOLIO import "$tmp/notes.docx" -s "$site" --today $TODAY > "$tmp/out" 2> "$tmp/err"
rc=$?
new=$site/notes-from-word.md
check import/notes-written sh -c "[ $rc = 0 ] && grep -qx 'title: \"Notes From Word\"' '$new'"
check import/footnote-kept sh -c "grep -q 'Text with a note.\[^1\]' '$new' && grep -qx '\[^1\]: The note itself.' '$new'"
img=$(sed -n 's/^!\[A red dot\](\(notes-from-word-files\/[^)]*\))$/\1/p' "$new")
check import/image-copied sh -c "[ -n '$img' ] && [ -f '$site/$img' ]"
check import/headings-under-title sh -c "grep -qx '## Background' '$new' && grep -qx '### Stage 2' '$new'"
hl=$(grep -n '^### Stage 2' "$new" | cut -d: -f1)
check import/comment-listed grep -q "notes-from-word.md:$hl: warning: comment 1 in the Word document is left out" "$tmp/err"
check import/insertion-listed grep -q "notes-from-word.md:$hl: warning: tracked insertion 1" "$tmp/err"
check import/deletion-listed grep -q "notes-from-word.md:$hl: warning: tracked deletion 1" "$tmp/err"
check import/notes-check-clean sh -c "! grep -q ': error: ' '$tmp/err'"

# Usage.
$FOLIO import "$tmp/notes.docx" --type nonsense -s "$site" > /dev/null 2>&1
check import/unknown-type [ $? = 2 ]
$FOLIO import -s "$site" > /dev/null 2>&1
check import/needs-file [ $? = 2 ]
echo "not a docx" > "$tmp/bad.docx"
$FOLIO import "$tmp/bad.docx" -s "$site" > /dev/null 2> "$tmp/err"
check import/unreadable sh -c "[ $? = 2 ] && grep -q 'pandoc could not read it' '$tmp/err'"
