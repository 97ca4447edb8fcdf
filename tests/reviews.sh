#!/bin/sh
# Reviews as a workflow: folio reviewed changes the two dates and nothing
# else (quotes, comments and order kept; missing keys added after owner:;
# symbolic links refused), owners declared in site.yaml (an undeclared
# owner is a warning with a suggestion), check --owner (an unknown owner
# is an error with a suggestion; only that owner's documents are
# reported), and the folio reviews report in its three formats.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp
"$FOLIO" init "$tmp/r" >/dev/null || { notok reviews/init; exit 1; }
site=$tmp/r/content
cat > "$site/site.yaml" <<'YAML'
title: Reviews test
base_url: https://www.example.org/
# Who reviews what.
owners:
  - name: Tees Procedures Group
    contact: mailto:procedures@example.org
  - Site editors
  - name: HSSCP Executive
concern:
  form: https://www.example.org/report-a-concern
YAML
cat > "$site/procedures/strategy.md" <<'DOC'
---
title: "Strategy: discussion"   # quoted, with a comment
owner: Tees Procedures Group
approved: 2024-01-01
last_reviewed: "2024-01-01"   # quoted, with a comment
review_date: '2025-01-01' # single quotes
status: current
---

The words of the procedure.
DOC
cat > "$site/procedures/plain.md" <<'DOC'
---
title: Plain dates
owner: Tees Procedures Group
last_reviewed:  2026-01-10    # two spaces before, four after
review_date: 2027-01-10
---

Words.
DOC
cat > "$site/mou/missing.md" <<'DOC'
---
title: Missing dates
owner: HSSCP Executive   # the executive
approved: 2020-01-01
status: current
---

An agreement.
DOC
cat > "$site/mou/typo.md" <<'DOC'
---
title: Owner with a typo
owner: Tees Procedure Group
last_reviewed: 2026-10-01
review_date: 2027-10-01
---

Words.
DOC
cp "$site/procedures/strategy.md" "$tmp/strategy.orig"
cp "$site/procedures/plain.md" "$tmp/plain.orig"

# --- folio reviewed ---
"$FOLIO" reviewed strategy -s "$site" --on 2026-11-20 --months 12 \
    >"$tmp/out" 2>"$tmp/err"
check reviewed/runs test $? -eq 0
check reviewed/says grep -qx \
    "$site/procedures/strategy.md: last_reviewed 2026-11-20, review_date 2027-11-20" \
    "$tmp/out"
# Exactly two lines differ, and they keep their quotes and comments.
diff "$tmp/strategy.orig" "$site/procedures/strategy.md" > "$tmp/diff"
check reviewed/two-lines test "$(grep -c '^[<>]' "$tmp/diff")" -eq 4
check reviewed/double-quotes-kept grep -qx \
    '> last_reviewed: "2026-11-20"   # quoted, with a comment' "$tmp/diff"
check reviewed/single-quotes-kept grep -qx \
    "> review_date: '2027-11-20' # single quotes" "$tmp/diff"
# The other lines are byte for byte those of the original.
check reviewed/rest-unchanged sh -c "grep -v -e '^last_reviewed' \
    -e '^review_date' '$tmp/strategy.orig' > '$tmp/a' && grep -v \
    -e '^last_reviewed' -e '^review_date' '$site/procedures/strategy.md' \
    > '$tmp/b' && cmp -s '$tmp/a' '$tmp/b'"

"$FOLIO" reviewed plain -s "$site" --today 2026-11-24 \
    --next 2027-06-30 >/dev/null 2>&1
diff "$tmp/plain.orig" "$site/procedures/plain.md" > "$tmp/diff"
check reviewed/plain-two-lines test "$(grep -c '^[<>]' "$tmp/diff")" -eq 4
check reviewed/plain-spacing-kept grep -qx \
    '> last_reviewed:  2026-11-24    # two spaces before, four after' \
    "$tmp/diff"
check reviewed/plain-next grep -qx '> review_date: 2027-06-30' "$tmp/diff"

# Missing keys are added after owner:, in order.
"$FOLIO" reviewed missing -s "$site" --today 2026-11-24 >/dev/null 2>&1
check reviewed/adds-missing sh -c "sed -n 3,5p '$site/mou/missing.md' | \
    tr '\n' '|' | grep -qx 'owner: HSSCP Executive   # the executive|last_reviewed: 2026-11-24|review_date: 2027-11-24|'"
# review.interval_months gives the default interval.
printf 'review:\n  interval_months: 6\n' >> "$site/site.yaml"
"$FOLIO" reviewed missing -s "$site" --today 2026-11-24 >/dev/null 2>&1
check reviewed/interval-months grep -qx 'review_date: 2027-05-24' \
    "$site/mou/missing.md"
check reviewed/check-passes sh -c "'$FOLIO' check -s '$site' --today \
    2026-11-24 -q 2>&1 | grep -v 'owner\|git' | grep -q . && exit 1; exit 0"

# Refusals: an unknown id (with a suggestion), dates in the wrong order,
# both --next and --months, a symbolic link.
"$FOLIO" reviewed strategi -s "$site" >/dev/null 2>"$tmp/err"
check reviewed/unknown-id test $? -eq 1
check reviewed/did-you-mean grep -q "no document has the id 'strategi' (did you mean 'strategy'?)" "$tmp/err"
cp "$site/procedures/strategy.md" "$tmp/before"
"$FOLIO" reviewed strategy -s "$site" --on 2026-11-20 --next 2026-01-01 \
    >/dev/null 2>&1
check reviewed/next-after-on test $? -eq 2
"$FOLIO" reviewed strategy -s "$site" --next 2027-01-01 --months 3 \
    >/dev/null 2>&1
check reviewed/next-or-months test $? -eq 2
check reviewed/refusals-write-nothing cmp -s "$tmp/before" \
    "$site/procedures/strategy.md"
# (a link inside the site, to a hidden file that is not read on its own)
mv "$site/procedures/plain.md" "$site/procedures/.plain.real"
ln -s .plain.real "$site/procedures/plain.md"
cp "$site/procedures/.plain.real" "$tmp/plain.before"
"$FOLIO" reviewed plain -s "$site" >/dev/null 2>"$tmp/err"
check reviewed/symlink-refused test $? -eq 2
check reviewed/symlink-says grep -q 'symbolic link' "$tmp/err"
check reviewed/symlink-untouched cmp -s "$tmp/plain.before" \
    "$site/procedures/.plain.real"
check reviewed/symlink-kept test -L "$site/procedures/plain.md"
rm "$site/procedures/plain.md"
mv "$site/procedures/.plain.real" "$site/procedures/plain.md"

# --- owners ---
"$FOLIO" check -s "$site" --today 2026-11-24 2>"$tmp/err" >/dev/null
check owners/undeclared-warned grep -q \
    "typo.md:3: warning: owner 'Tees Procedure Group' is not in site.yaml's owners (did you mean 'Tees Procedures Group'?)" \
    "$tmp/err"
check owners/declared-not-warned sh -c "! grep -q 'strategy.md.*owners' '$tmp/err'"
# folio new's placeholder owner is warned about once, as a placeholder.
"$FOLIO" new procedure "New one" -s "$site" --today 2026-11-24 >/dev/null
"$FOLIO" check -s "$site" --today 2026-11-24 2>"$tmp/err" >/dev/null
check owners/placeholder-once sh -c "test \$(grep -c 'new-one.md:4:' '$tmp/err') -eq 1"
rm "$site/procedures/new-one.md"
printf 'owners:\n  - name: A\n    phone: 1\n' > "$tmp/bad.yaml"
cp "$site/site.yaml" "$tmp/site.yaml.good"
printf 'title: T\nowners:\n  - name: A\n    phone: 1\n  - A\n' > "$site/site.yaml"
"$FOLIO" check -s "$site" --today 2026-11-24 2>"$tmp/err" >/dev/null
check owners/bad-key grep -q "site.yaml:4:5: error: unknown setting 'phone'" "$tmp/err"
check owners/listed-twice grep -q "owner 'A' is listed twice" "$tmp/err"
cp "$tmp/site.yaml.good" "$site/site.yaml"

# --- check --owner ---
"$FOLIO" check -s "$site" --today 2026-11-24 --owner Nobody \
    >/dev/null 2>"$tmp/err"
check owner/unknown-fails test $? -eq 2
check owner/unknown-says grep -q "no such owner 'Nobody'" "$tmp/err"
check owner/unknown-no-count sh -c "! grep -q 'reviews of Nobody' '$tmp/err'"
"$FOLIO" check -s "$site" --today 2026-11-24 --owner 'hsscp executiv' \
    >/dev/null 2>"$tmp/err"
check owner/did-you-mean grep -q "(did you mean 'HSSCP Executive'?)" "$tmp/err"
# Only that owner's documents: typo.md's warning is not shown.
"$FOLIO" check -s "$site" --today 2026-11-24 --owner 'Tees Procedure Group' \
    >/dev/null 2>"$tmp/err"
check owner/own-documents grep -q '^.*typo.md:3: warning' "$tmp/err"
"$FOLIO" check -s "$site" --today 2026-11-24 --owner 'HSSCP Executive' \
    >/dev/null 2>"$tmp/err"
check owner/only-its-documents sh -c "! grep -q 'typo.md' '$tmp/err'"
cat > "$site/procedures/draft.md" <<'DOC'
---
title: A draft
owner: Tees Procedures Group
last_reviewed: 2026-10-01
review_date: 2027-10-01
status: draft
---

Words.
DOC
"$FOLIO" check -s "$site" --today 2026-11-24 --owner 'HSSCP Executive' \
    >/dev/null 2>"$tmp/err"
check owner/drafts-of-others-not-listed sh -c "! grep -q 'draft.md' '$tmp/err'"
"$FOLIO" check -s "$site" --today 2026-11-24 --owner 'Tees Procedures Group' \
    >/dev/null 2>"$tmp/err"
check owner/own-drafts-listed grep -q 'draft, not published by build: .*draft.md' "$tmp/err"
rm "$site/procedures/draft.md"

# --- folio reviews ---
cat > "$site/procedures/late.md" <<'DOC'
---
title: Late | procedure
owner: Site editors
last_reviewed: 2024-11-01
review_date: 2025-11-01
---

Words.
DOC
"$FOLIO" reviews -s "$site" --today 2026-11-24 --due-within 60 \
    >"$tmp/md" 2>/dev/null
check reviews/md-runs test $? -eq 0
check reviews/md-title grep -qx '# Reviews due by 23 January 2027' "$tmp/md"
check reviews/md-overdue-row grep -qxF \
    '| [Late \| procedure](https://www.example.org/procedures/late/) | 1 November 2024 | 1 November 2025 | 388 |' \
    "$tmp/md"
# Due on 24 May 2027 (missing.md): beyond 60 days, so not listed.
check reviews/md-window sh -c "! grep -q 'Missing dates' '$tmp/md'"
"$FOLIO" reviews -s "$site" --today 2026-11-24 --due-within 200 \
    >"$tmp/md2" 2>/dev/null
check reviews/md-wider-window grep -q 'Missing dates' "$tmp/md2"
"$FOLIO" reviews -s "$site" --today 2026-11-24 --due-within 400 \
    >"$tmp/md3" 2>/dev/null
check reviews/md-owner-contact grep -qx \
    '## Tees Procedures Group (mailto:procedures@example.org)' "$tmp/md3"
"$FOLIO" reviews -s "$site" --today 2026-11-24 --format csv \
    >"$tmp/csv" 2>/dev/null
check reviews/csv-header sh -c "head -1 '$tmp/csv' | tr -d '\r' | grep -qx \
    'owner,contact,title,type,state,last_reviewed,review_date,days_overdue,url'"
check reviews/csv-row sh -c "tr -d '\r' < '$tmp/csv' | grep -qx \
    'Site editors,,Late | procedure,procedure,overdue,2024-11-01,2025-11-01,388,https://www.example.org/procedures/late/'"
"$FOLIO" reviews -s "$site" --today 2026-11-24 --format json \
    --owner 'site editors' >"$tmp/json" 2>/dev/null
check reviews/json-row grep -q \
    '"id":"late","title":"Late | procedure","type":"procedure","owner":"Site editors","contact":null,"state":"overdue","last_reviewed":"2024-11-01","review_date":"2025-11-01","days_overdue":388' \
    "$tmp/json"
check reviews/json-owner-only sh -c "! grep -q 'Tees' '$tmp/json'"
"$FOLIO" reviews -s "$site" --owner Nobody >/dev/null 2>"$tmp/err"
check reviews/unknown-owner test $? -eq 2
"$FOLIO" reviews -s "$site" --format pdf >/dev/null 2>&1
check reviews/bad-format test $? -eq 2
