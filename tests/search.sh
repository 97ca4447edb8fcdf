#!/bin/sh
# The search, from the reader's side: search.js tokenises as the build
# does (the cases of tests/search/tokens.txt, which test_search also
# runs, and 20,000 random lines through both), and on the sample site's
# index a query finds the document a social worker would want first.  Needs node; skipped without it.  The
# site checks are skipped while the build writes no search/ index.
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
