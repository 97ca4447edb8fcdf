#!/bin/sh
# The search, from the reader's side: search.js tokenises as the build
# does (the cases of tests/search/tokens.txt, which test_search also
# runs, and 20,000 random lines through both), and on the sample site's
# index a query finds the document a social worker would want first;
# phrases, glossary synonyms, typo suggestions, filters and pages work;
# and the relevance set (tests/search/relevance.txt) ranks every listed
# document in its top 3, printing the mean reciprocal rank.  Needs node;
# skipped without it.  The site checks are skipped while the build writes
# no search/ index.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
if ! command -v node >/dev/null 2>&1; then
	echo "search: node not found, search.js tests skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check search/js-tokens node tests/search/check.js tokens tests/search/tokens.txt
if [ -x "${UNITDIR:-build/release}/test_search" ]; then
	check search/js-c-same-terms node tests/search/check.js fuzz \
	    "${UNITDIR:-build/release}/test_search"
fi

$FOLIO build -q -s content -o "$tmp/out" --today $TODAY 2>/dev/null
if [ ! -f "$tmp/out/search/meta.json" ]; then
	echo "search: the build writes no search/ index, site tests skipped"
	exit 0
fi
first() {	# first NAME QUERY ID
	check "search/$1" node tests/search/check.js first "$tmp/out" "$2" "$3"
}
first strategy-discussion "strategy discussion" strategy-discussion
first typed-so-far "strategy disc" strategy-discussion
first plural-and-case "Strategy Discussion Procedures" strategy-discussion
first stop-words "what is a strategy discussion" strategy-discussion
first lado "LADO" allegations-against-staff
first escalation "escalation" professional-challenge
check search/no-match node tests/search/check.js none "$tmp/out" "xyzzy plugh"
check search/page-form grep -q '<input type="search" id="search-q" name="q"' \
    "$tmp/out/search/index.html"
check search/page-lists-documents grep -q 'href="/procedures/strategy-discussion/"' \
    "$tmp/out/search/index.html"

# Phrases, synonyms, typos, filters, pages.
first s47 "s47 enquiry" strategy-discussion
first lado-expansion "local authority designated officer" allegations-against-staff
# The glossary's abbreviations as synonyms, both ways: these documents
# have only the abbreviation, or only the expansion.
check search/synonym-expansion node tests/search/check.js found "$tmp/out" \
    "human immunodeficiency virus" stockton-lscb-annual-report-2018-19
check search/synonym-abbreviation node tests/search/check.js found "$tmp/out" \
    "CDOP" hsscp-mou
check search/quoted-phrase node tests/search/check.js phrase "$tmp/out" '"section 47 enquiries"'
check search/suggest node tests/search/check.js suggest "$tmp/out" "stratgy" "strategy"
check search/suggest-partial node tests/search/check.js suggest "$tmp/out" \
    "stratgy discussion" "strategy discussion"
check search/no-suggestion node tests/search/check.js suggest "$tmp/out" "strategy" null
check search/filter-section node tests/search/check.js filter "$tmp/out" "child" procedures
check search/filter-status node tests/search/check.js filter "$tmp/out" "child" procedures current
check search/pages node tests/search/check.js pages "$tmp/out" "child" 4
check search/filter-partnership node tests/search/check.js partnership "$tmp/out" "child" stoke
check search/filter-partnership-hsscp node tests/search/check.js partnership "$tmp/out" "child" hsscp
check search/page-partnership-filter grep -q '<option value="stoke">Stoke-on-Trent SCP</option>' \
    "$tmp/out/search/index.html"
check search/page-filters grep -q '<label for="search-filter-section">Section</label>' \
    "$tmp/out/search/index.html"
check search/page-show-more grep -q '<button type="button" id="search-more"' \
    "$tmp/out/search/index.html"

# The relevance set (its MRR is in docs/search.md).
node tests/search/check.js relevance "$tmp/out" tests/search/relevance.txt 40 \
    >"$tmp/relevance.out" 2>&1
rc=$?
grep -v '^   ' "$tmp/relevance.out"
check search/relevance test $rc -eq 0
# The bench corpus, when built: SEARCH_BENCH_SITE=OUT (see the file).
if [ -n "${SEARCH_BENCH_SITE:-}" ]; then
	node tests/search/check.js relevance "$SEARCH_BENCH_SITE" \
	    tests/search/relevance-bench.txt 20 >"$tmp/bench.out" 2>&1
	rc=$?
	grep -v '^   ' "$tmp/bench.out"
	check search/relevance-bench test $rc -eq 0
fi
