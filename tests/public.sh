#!/bin/sh
# The public's pages, on the sample site built from the repository (with
# its history): the "Worried about a child?" block and header strip, the
# navigation's current section, contents lists, glossary expansions,
# agency links kept to their own area, review states in words, and link
# lists that do not repeat one another.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out

$FOLIO build -q --allow-shallow -s content -o "$out" --today $TODAY 2>"$tmp/err"
check public/sample-builds [ $? = 0 ]
pages=$(cd "$out" && find . -name '*.html' | sort)

# Every page starts its header with the concern strip, before the title.
check public/concern-strip-every-page sh -c '
	cd "$1" && for p in $2; do
		awk "/class=\"concern-strip\"/ { s = NR } /class=\"site-title\"/ { t = NR }
		    END { exit !(s && t && s < t) }" "$p" || { echo "$p"; exit 1; }
	done' sh "$out" "$pages"
# tel: links carry digits only (and a leading +).
check public/tel-digits-only sh -c '
	n=$(cat "$1"/index.html | grep -o "href=\"tel:[^\"]*\"" | wc -l)
	bad=$(cat $(find "$1" -name "*.html") | grep -o "href=\"tel:[^\"]*\"" |
	    grep -v "^href=\"tel:+\{0,1\}[0-9][0-9]*\"$" | head -1)
	[ "$n" -ge 3 ] && [ -z "$bad" ]' sh "$out"
# The home page leads with the block: before the search form and lists.
check public/concern-first-on-home awk '
	/<h1>/ && !h { h = NR } /id="concern"/ && !c { c = NR }
	/class="home-search"/ && !f { f = NR }
	END { exit !(h && c && f && h < c && c < f) }' "$out/index.html"
check public/concern-on-404 grep -q 'id="concern-h"' "$out/404.html"
check public/worried-page grep -q '<h1>Worried about a child?</h1>' "$out/worried/index.html"
check public/404-search-and-sections sh -c '
	grep -q "<form class=\"home-search\" action=\"/search/\"" "$1" &&
	grep -q "<li><a href=\"/procedures/\">Procedures</a>" "$1"' sh "$out/404.html"

# The menu folds into a <details>; the current section is marked.
check public/menu-details grep -q '<details class="site-menu">' "$out/procedures/index.html"
check public/nav-current-section grep -q '<a href="/procedures/" aria-current="page">Procedures</a>' "$out/procedures/index.html"
check public/nav-current-in-section grep -q '<a href="/procedures/" aria-current="true">Procedures</a>' "$out/procedures/strategy-discussion/index.html"
check public/nav-one-current sh -c '
	cd "$1" && for p in $2; do
		n=$(awk "/class=\"site-nav\"/,/<\/ul>/" "$p" | grep -c "aria-current")
		[ "$n" -le 1 ] || { echo "$p: $n"; exit 1; }
	done' sh "$out" "$pages"

# Contents lists: unnumbered (headings keep their own numbers), nested.
check public/contents-not-numbered sh -c '
	cd "$1" && for p in $2; do
		awk "/<nav class=\"toc\"/,/<\/nav>/" "$p" | grep -q "<ol" &&
		    { echo "$p"; exit 1; }
	done; exit 0' sh "$out" "$pages"
check public/contents-nested sh -c '
	for p in "$1"/*/*/index.html; do
		awk "/<nav class=\"toc\"/,/<\/nav>/" "$p" | grep -q "^<ul>$" && exit 0
	done; exit 1' sh "$out"

# Glossary terms carry their expansion in text, not in a title alone.
check public/glossary-expansion-in-text grep -q '<abbr>MASH</abbr><span class="term-exp">' "$out/procedures/strategy-discussion/index.html"
check public/no-title-only-abbr sh -c '
	! grep -l "<a class=\"term\"[^>]*><abbr title=" $(find "$1" -name "*.html")' sh "$out"
check public/no-title-on-glossary-links sh -c '
	! grep -El "href=\"/glossary/#[^\"]*\" title=" $(find "$1" -name "*.html")' sh "$out"
check public/glossary-a-to-z grep -q '<nav class="jumps jumps-az" aria-label="Glossary A to Z">' "$out/glossary/index.html"
check public/agencies-sectors grep -q '<nav class="jumps" aria-label="Sectors">' "$out/agencies/index.html"
check public/mentions-no-trailing-semicolon sh -c '
	! grep -q "</a>; </p>" "$1/agencies/index.html" "$1/glossary/index.html"' sh "$out"

# Agencies: a Stoke-on-Trent document links no agency of Hartlepool and
# Stockton-on-Tees, and no kind of body is linked anywhere.
stoke=$out/arrangements/stoke-published-arrangements-2022/index.html
check public/stoke-links-no-cleveland-agency sh -c '
	grep -q "href=\"/stoke-agencies/#staffordshire-police\"" "$1" &&
	! grep -Eq "href=\"/agencies/#|href=\"/stoke-agencies/#(cleveland-|hartlepool-|stockton-|north-tees)" "$1"' sh "$stoke"
check public/cleveland-police-not-mentioned-by-stoke sh -c '
	awk "/<dt id=\"cleveland-police\">/,/<\/dd>/" "$1" > "$2"
	grep -q "Mentioned in" "$2" && ! grep -q stoke-published "$2"' sh "$out/agencies/index.html" "$tmp/cp"
# Partnerships: Stoke-on-Trent's arrangements link none of the HSSCP's
# documents; each partnership has its page and its own agency list; the
# Stoke list is Appendix A's 37 entries in their order (there is no 12).
check public/stoke-links-no-hsscp-document sh -c '
	! grep -Eq "href=\"/(mou|minutes|annual-reports|procedures)/[a-z0-9]" "$1"' sh "$stoke"
check public/stoke-versions-link-own-agencies sh -c '
	ls "$1"/v*/index.html >/dev/null 2>&1 &&
	grep -q "href=\"/stoke-agencies/#" "$1"/v*/index.html &&
	! grep -q "href=\"/agencies/#" "$1"/v*/index.html' sh "$out/arrangements/stoke-published-arrangements-2022"
check public/partnership-pages sh -c '
	grep -q "<h1>Hartlepool &amp; Stockton-on-Tees Safeguarding Children Partnership</h1>" "$1/partnerships/hsscp/index.html" &&
	grep -q "href=\"/arrangements/stoke-published-arrangements-2022/\"" "$1/partnerships/stoke/index.html" &&
	! grep -q "href=\"/mou/hsscp-mou/" "$1/partnerships/stoke/index.html" &&
	grep -q "href=\"/procedures/information-sharing/\"" "$1/partnerships/stoke/index.html"' sh "$out"
check public/stoke-appendix-a-order sh -c '
	[ "$(grep -o "Appendix A, entry [0-9]*" "$1" | awk "{ printf \"%s \", \$4 }")" = \
	    "1 2 3 4 5 6 7 8 9 10 11 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 " ]' sh "$out/stoke-agencies/index.html"
check public/hsscp-list-no-stoke-body sh -c '
	! grep -Eq "<dt id=\"(stoke|staffordshire)" "$1" && grep -q "<dt id=\"teeswide-safeguarding-adults-board\">" "$1"' sh "$out/agencies/index.html"
check public/ended-agency-historical sh -c '
	grep -q "<dt id=\"durham-tees-valley-probation-trust\" class=\"historical\">" "$1" &&
	grep -q "Until 31 May 2014. Replaced by <a href=\"/agencies/#national-probation-service\">" "$1"' sh "$out/agencies/index.html"
check public/local-passages-labelled sh -c '
	grep -q "<p class=\"local-passage-label\">In Stoke-on-Trent:</p>" "$1" &&
	grep -q "<p class=\"local-passage-label\">In Hartlepool and Stockton-on-Tees:</p>" "$1"' sh "$out/procedures/information-sharing/index.html"
check public/no-generic-agency-links sh -c '
	! grep -El "href=\"/(stoke-)?agencies/#(charities|prison|religious-organisations|childrens-home|district-council)\"" $(find "$1" -name "*.html")' sh "$out"

# Lists: review states in words; section indexes with dates.
check public/reviews-overdue-by grep -q '<span class="state state-overdue">overdue by 7 years 2 months</span>' "$out/reviews/index.html"
# Dates as the records give them; the 2012 protocol is kept as a record
# of its time, outside the review schedule.
protocol=$out/mou/safer-stockton-lscb-protocol/index.html
check public/protocol-record-banner grep -q '<div class="banner banner-record" role="note">' "$protocol"
check public/protocol-month-date grep -q '<dt>Date</dt><dd><time datetime="2012-12">December 2012</time></dd>' "$protocol"
check public/protocol-no-review sh -c '
	! grep -q "Next review\|notice-overdue\|Approved" "$1" &&
	! grep -q safer-stockton-lscb-protocol "$2" "$3"' sh "$protocol" "$out/reviews/index.html" "$out/reviews.csv"
check public/stoke-month-dates sh -c '
	grep -q "<dt>Approved</dt><dd><time datetime=\"2022-08\">August 2022</time>" "$1" &&
	! grep -q "1 August 2022" "$1"' sh "$stoke"
check public/mou-no-invented-dates sh -c '
	! grep -q "<dt>Approved</dt>\|1 April 2019" "$1"' sh "$out/mou/hsscp-mou/index.html"
check public/report-reporting-year sh -c '
	grep -q "<dt>Reporting year</dt><dd>2018-19</dd>" "$1" &&
	! grep -q "30 September 2019" "$1"' sh "$out/annual-reports/stockton-lscb-annual-report-2018-19/index.html"
check public/section-overdue grep -q '<strong class="state state-overdue">overdue by ' "$out/mou/index.html"
check public/section-updated grep -Eq '<dt>(Updated|Published)</dt><dd><time datetime=' "$out/procedures/index.html"
# A document page lists each linked document once, below its text.
check public/no-repeated-link-lists sh -c '
	for p in "$1"/*/*/index.html; do
		d=$(awk "/class=\"doc-links\"/,/<\/article>/" "$p" |
		    grep -o "href=\"[^\"#]*\"" | sort | uniq -d)
		[ -z "$d" ] || { echo "$p: $d"; exit 1; }
	done' sh "$out"
check public/back-to-contents grep -q '<p class="to-contents"><a href="#toc-title">Back to contents</a></p>' "$out/arrangements/stoke-published-arrangements-2022/index.html"
