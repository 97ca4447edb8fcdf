#!/bin/sh
# fuzz/make-seeds.sh: (re)generate fuzz/seeds/ from the repository's own
# material.  Run from anywhere; rewrites fuzz/seeds/<target>/ entirely.
#
#   frontmatter  every tests/fixtures/*/site/**/*.md and content/**/*.md
#   markdown     the bodies of the same files (front matter removed;
#                from content/, only files up to 16 KB)
#   template     themes/default/templates/*.mustache, a few hand-made
#                template NUL partial pairs, and the Mustache spec's
#                templates (tests/mustache-spec), each
#                partial renamed "part" as fuzz_template.c names it
#   date         hand-written valid, boundary and invalid dates
#
# (The cache, histblob, marker and scanmemo seeds are made by hand and left
# alone.)
# Files are named by a hash of their content, so duplicates collapse.
set -eu
cd "$(dirname "$0")/.."
S=fuzz/seeds
SPEC=${SPEC:-tests/mustache-spec}
MAX=65536

for t in frontmatter markdown template date record; do
	rm -rf "$S/$t"
	mkdir -p "$S/$t"
done

# Store stdin as a seed of target $1 (nothing if empty or too large).
put() {
	tmp=$(mktemp)
	cat >"$tmp"
	n=$(wc -c <"$tmp")
	if [ "$n" -gt 0 ] && [ "$n" -le "$MAX" ]; then
		mv "$tmp" "$S/$1/$(sha1sum <"$tmp" | cut -c1-16)"
	else
		rm -f "$tmp"
	fi
}

# The body of a document: everything after the closing front matter
# line, as fm_split() finds it (a BOM and CRs are left as they are).
body() {
	awk 'NR == 1 { if ($0 !~ /^(\357\273\277)?---[ \t\r]*$/) fm = -1; else { fm = 1; next } }
	     fm == 1 { if ($0 ~ /^(---|\.\.\.)[ \t\r]*$/) fm = 0; next }
	     { print }' "$1"
}

find tests/fixtures -path '*/site/*' -name '*.md' -type f | sort >/tmp/fuzz-seeds.$$
find content -name '*.md' -type f | sort >>/tmp/fuzz-seeds.$$
while read -r f; do
	put frontmatter <"$f"
	# The sample site's long documents are slow to render under the
	# sanitizers (50 ms for 38 KB): its bodies over 16 KB are left out.
	case $f in
	content/*) [ "$(wc -c <"$f")" -gt 16384 ] && continue ;;
	esac
	body "$f" | put markdown
	# record: a parent count, then the text of a version.
	case $f in
	content/*) { printf '\001'; cat "$f"; } | put record ;;
	esac
done </tmp/fuzz-seeds.$$
rm -f /tmp/fuzz-seeds.$$

for f in themes/default/templates/*.mustache; do
	put template <"$f"
done
# main NUL part: partials, standalone indentation, sections over lists.
printf '<ul>\n{{#items}}\n  {{>part}}\n{{/items}}\n</ul>\n\000<li>{{.}}</li>\n' | put template
printf '{{#rows}}{{name}}: {{>part}}{{/rows}}\000{{url}}{{^url}}none{{/url}}' | put template
printf '{{#nested}}[{{#.}}{{.}},{{/.}}]{{/nested}}\000' | put template
printf '{{=<%% %%>=}}<%%title%%> <%%#site%%><%%site.title%%><%%/site%%>\000{{>main}}' | put template
printf '{{>part}}\000  {{>part}}\n' | put template
printf '{{{title}}} {{&name}} {{! comment }}{{^no}}no{{/no}} {{site.page.title}}\000' | put template
if [ -d "$SPEC" ] && command -v jq >/dev/null; then
	for j in "$SPEC"/*.json; do
		case $j in *~*) continue ;; esac	# inheritance: unsupported
		n=$(jq '.tests | length' "$j")
		i=0
		while [ "$i" -lt "$n" ]; do
			# One partial at most; its name becomes "part".
			jq -j --argjson i "$i" '.tests[$i] |
			    (.partials // {} | to_entries | .[0]) as $p |
			    if $p == null then .template
			    else (.template | gsub($p.key; "part")), "\u0000",
			        ($p.value | gsub($p.key; "part")) end' "$j" |
			    put template
			i=$((i + 1))
		done
	done
fi

for d in 2024-01-31 2019-09-30 2000-02-29 1900-02-28 2024-02-29 \
    0001-01-01 9999-12-31 1970-01-01 1969-12-31 2038-01-19 1996-03-31 \
    1996-10-27 2023-03-26 2023-10-29 1600-02-29 2100-02-28 \
    2023-02-29 1900-02-29 2100-02-29 0000-01-01 2024-00-10 2024-13-01 \
    2024-04-31 2024-06-31 2024-01-00 2024-01-32 2024-1-31 24-01-31 \
    2024/01/31 2024-01-31x ' 2024-01-31' 2024-01-3a +024-01-31 \
    -024-01-31 2024-01- 20240131 9999-12-32 10000-01-01 '' \
    '2024-01-31 '; do
	printf '%s' "$d" | put date
done
printf '2024-01-31\n' | put date
printf '2024\00001-31' | put date

# record: a parent count (the first byte, modulo 4), then a commit
# message in each shape the forges write.
printf '\002Merge pull request #12 from org/branch\n\nFix the LADO number\n' | put record
printf "\\002Merge branch 'x' into 'main'\\n\\nTitle\\n\\nCloses #4\\n\\nSee merge request g/p!7\\n" | put record
printf '\002Merged in feature/x (pull request #5)\n\nTitle\n\nApproved-by: A\n' | put record
printf "\\002Merge branch 'topic'\\n" | put record
printf '\001Fix the number (#31)\n\n* one\n* two\n' | put record
printf '\001Reword\n\nChange-note: Strategy discussions now\n  include health.\nSigned-off-by: A <a@b>\n' | put record
printf '\001Fix typo\n\nMinor: yes\n' | put record
printf '\001---\r\ntitle: T\r\nstatus: draft\r\nowner: O\r\n---\r\nBody\r\n' | put record
printf '\001---\ntitle: T\nstatus: superseded\nsuperseded_by: new\nreview_date: 2030-01-01\n---\n' | put record
