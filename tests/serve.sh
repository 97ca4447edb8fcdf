#!/bin/sh
# folio serve and folio new, as an editor uses them: the preview of a copy
# of the sample site is fetched, edited, broken and mended; paths that try
# to leave the output folder are refused; Ctrl-C stops it cleanly.  Every
# wait is bounded and every server started is killed on exit.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if ! command -v curl >/dev/null 2>&1; then
	notok "serve/curl (install curl: make deps-test)"
	exit 0
fi
export GIT_CONFIG_NOSYSTEM=1 HOME=$tmp

# A committed copy of the sample site, so that edits show as drafts.
site=$tmp/repo/content
mkdir -p "$tmp/repo"
cp -R content "$site"
(cd "$tmp/repo" && git init -q && git add -A &&
    git -c user.name=Editor -c user.email=e@example.org commit -qm Start)

# up TO: wait up to TO tenths of a second for the server's URL line.
up() {
	i=0
	while [ $i -lt "$1" ]; do
		grep -q '^folio: serving ' "$tmp/err" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# get PATH [curl options]: the body; the status goes to $tmp/code.
get() {
	p=$1
	shift
	curl -s --path-as-is --max-time 10 -o "$tmp/body" \
	    -w '%{http_code} %{content_type}' "$@" "$base$p" > "$tmp/code"
	cat "$tmp/body"
}
code() { cut -d' ' -f1 "$tmp/code"; }
ctype() { cut -d' ' -f2- "$tmp/code"; }
# until_page TENTHS PATH CODE TEXT: wait until PATH answers CODE with TEXT.
until_page() {
	i=0
	while [ $i -lt "$1" ]; do
		if get "$2" | grep -q "$4" && [ "$(code)" = "$3" ]; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

$FOLIO serve -s "$site" -p 0 --today "$TODAY" 2> "$tmp/err" &
pid=$!
if ! up 300; then
	notok serve/starts
	cat "$tmp/err"
	exit 0
fi
ok serve/starts
base=$(sed -n 's/^folio: serving .* at \(http:[^ ]*\)\/ .*/\1/p' "$tmp/err")
outdir=$(sed -n 's/^folio: preview files in //p' "$tmp/err")
check serve/loopback sh -c "echo '$base' | grep -q '^http://127.0.0.1:[0-9]*$'"
check serve/private-tmp sh -c "[ -d '$outdir/site' ] && case '$outdir' in '$tmp/repo'*) false ;; esac"

page=/procedures/strategy-discussion/
get "$page" > "$tmp/p1"
check serve/page-200 [ "$(code)" = 200 ]
check serve/page-html sh -c "[ '$(ctype)' = 'text/html; charset=utf-8' ]"
check serve/reload-injected grep -q '<script src="/__folio/reload.js" data-build="1"></script>' "$tmp/p1"
check serve/reload-before-body sh -c "grep -A1 '__folio/reload.js' '$tmp/p1' | grep -q '</body>'"
get /__folio/reload.js > "$tmp/js"
check serve/reload-js sh -c "[ '$(code)' = 200 ] && grep -q 'EventSource(\"/__folio/events\")' '$tmp/js'"
curl -s -N --max-time 1 "$base/__folio/events" > "$tmp/events" 2>/dev/null
check serve/events grep -q '^data: 1$' "$tmp/events"
get /static/folio.css > /dev/null
check serve/type-css [ "$(ctype)" = "text/css; charset=utf-8" ]
check serve/css-not-injected sh -c "! grep -q __folio '$tmp/body'"
get /reviews.csv > /dev/null
check serve/type-csv [ "$(ctype)" = "text/csv; charset=utf-8" ]
get /sitemap.xml > /dev/null
check serve/type-xml [ "$(ctype)" = "application/xml; charset=utf-8" ]
get /procedures > /dev/null
check serve/pretty-redirect [ "$(code)" = 301 ]
get /procedures/index.html > /dev/null
check serve/index-html [ "$(code)" = 200 ]
get /no/such/page/ > "$tmp/404"
check serve/404 sh -c "[ '$(code)' = 404 ] && grep -q 'Page not found' '$tmp/404' && grep -q '__folio/reload.js' '$tmp/404'"
# Due-soon notices are for editors: the preview shows them.
get /procedures/professional-challenge/ > "$tmp/due"
check serve/due-soon grep -q 'Editors: this document is due for review' "$tmp/due"

# Requests never leave the output folder.
for u in '/../site.yaml' '/%2e%2e/site.yaml' '/%2E%2e/site.yaml' \
    '/%2E%2E%2Fsite.yaml' '/..%2f..%2fetc/passwd' '/static/..%2F..%2Fsite.yaml' \
    '/procedures/%2e%2e/%2e%2e/site.yaml' '/index.html%00.css' \
    '/..\\site.yaml' '/%5c..%5csite.yaml'; do
	n=$(echo "$u" | tr -c 'a-zA-Z0-9\n' _)
	get "$u" > "$tmp/trav"
	c=$(code)
	check "serve/refused$n" sh -c "{ [ '$c' = 400 ] || [ '$c' = 404 ]; } &&
	    ! grep -q 'base_url\|root:' '$tmp/trav'"
done
# A link out of the output folder is as good as absent.
ln -s /etc/passwd "$outdir/site/leak.txt" 2>/dev/null
get /leak.txt > "$tmp/trav"
check serve/symlink-refused sh -c "[ '$(code)' = 404 ] && ! grep -q 'root:' '$tmp/trav'"
get /index.html -X POST > /dev/null
check serve/post-refused [ "$(code)" = 405 ]

# Only requests addressed to this machine are answered: a page on another
# site that points its own name at 127.0.0.1 (DNS rebinding) gets 421.
port=${base##*:}
for h in "localhost:$port" "LOCALHOST:$port" "127.0.0.1:$port" localhost \
    "127.0.0.2:$port" "[::1]:$port"; do
	get "$page" -H "Host: $h" > /dev/null
	check "serve/host-ok-$(echo "$h" | tr -c 'a-zA-Z0-9\n' _)" \
	    [ "$(code)" = 200 ]
done
for h in "attacker.example:$port" attacker.example "localhost.attacker.example:$port" \
    "localhost:$((port + 1))" "127.0.0.1:x" "10.0.0.1:$port" "[::1" ""; do
	get "$page" -H "Host: $h" > "$tmp/host"
	check "serve/host-refused-$(echo "$h" | tr -c 'a-zA-Z0-9\n' _)" \
	    sh -c "[ '$(code)' = 421 ] && ! grep -q 'Strategy' '$tmp/host'"
done
# Many open tabs (event streams) and slow clients (a request sent a byte
# at a time) hold no thread: the preview still answers at once.
if command -v bash >/dev/null 2>&1; then
	bash -c '
	for i in $(seq 200); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "GET /__folio/events HTTP/1.1\r\nHost: localhost\r\n\r\n" >&$fd
	done
	for i in $(seq 64); do
		exec {fd}<>"/dev/tcp/127.0.0.1/$1" || exit 1
		printf "GET / HTTP/1.1\r\nHost: loc" >&$fd
	done
	echo open
	sleep 30' sh "$port" > "$tmp/hog" 2>&1 &
	hog=$!
	i=0
	while [ $i -lt 100 ] && ! grep -q open "$tmp/hog"; do sleep 0.1; i=$((i + 1)); done
	get "$page" --max-time 5 > "$tmp/hogpage"
	check serve/not-starved sh -c "grep -q open '$tmp/hog' && [ '$(code)' = 200 ] &&
	    grep -q 'Strategy' '$tmp/hogpage'"
	kill "$hog" 2>/dev/null
	wait "$hog" 2>/dev/null
fi
# HTTP/1.0 without a Host header.
printf 'GET %s HTTP/1.0\r\n\r\n' "$page" |
    curl -s --max-time 5 "telnet://127.0.0.1:$port" > "$tmp/nohost" 2>/dev/null
check serve/no-host-refused sh -c "head -1 '$tmp/nohost' | grep -q ' 421 '"

# A page's warnings are listed on it, in the preview only.
get /procedures/professional-challenge/ > /dev/null
check serve/page-warnings sh -c "[ '$(code)' = 200 ] &&
    grep -q '<section class=\"folio-preview-diags\"' '$tmp/body' &&
    grep -q 'professional-challenge.md:[0-9]*: warning: review due on' '$tmp/body'"
get / > /dev/null
check serve/page-warnings-own-only sh -c "! grep -q 'professional-challenge.md:[0-9]*: warning' '$tmp/body'"

# An edit is in the preview within 10 s, marked as a draft.
doc=$site/procedures/strategy-discussion.md
cp "$doc" "$tmp/doc.bak"
printf '\nServe test sentence 4711.\n' >> "$doc"
check serve/rebuilds until_page 100 "$page" 200 'Serve test sentence 4711'
check serve/draft-marker grep -q 'Draft: not yet committed' "$tmp/body"
# The page may be the new one a moment before the build number is.
check serve/new-build-number until_page 50 "$page" 200 'data-build="[2-9]'
# Editors' swap files do not rebuild.
n1=$(grep -c '^folio: build ' "$tmp/err")
touch "$site/procedures/.strategy-discussion.md.swp" "$site/procedures/x.md~"
sleep 0.5
check serve/swap-ignored [ "$(grep -c '^folio: build ' "$tmp/err")" = "$n1" ]
rm -f "$site/procedures/.strategy-discussion.md.swp" "$site/procedures/x.md~"

# Broken front matter: that document's page is its diagnostics, with
# the source lines around each error; every other page keeps working.
sed 's/^review_date: .*/review_date: 2019-02-30/' "$tmp/doc.bak" > "$doc"
check serve/broken until_page 100 "$page" 500 'strategy-discussion.md:[0-9]*:[0-9]*: error: .*review_date'
check serve/broken-reload grep -q '__folio/reload.js' "$tmp/body"
check serve/broken-source-lines sh -c "grep -q '<mark> *[0-9]* | review_date: 2019-02-30</mark>' '$tmp/body' &&
    grep -q '^ *[0-9]* | status: current' '$tmp/body'"
get / > /dev/null
check serve/broken-others-work sh -c "[ '$(code)' = 200 ] && ! grep -q 'did not build' '$tmp/body'"
get /procedures/professional-challenge/ > /dev/null
check serve/broken-others-work-2 sh -c "[ '$(code)' = 200 ] && grep -q 'Professional' '$tmp/body'"
get /static/folio.css > /dev/null
check serve/broken-static [ "$(code)" = 200 ]
# A document whose YAML cannot be read at all: its page (at the address
# its file name gives) shows the error; links to it are not also errors.
printf -- '---\ntitle: Broken: Colon\n---\nText.\n' > "$site/procedures/colon.md"
printf '\n[see](doc:colon)\n' >> "$site/procedures/professional-challenge.md"
check serve/unreadable-doc-page until_page 100 /procedures/colon/ 500 'must be in quotes'
check serve/unreadable-doc-source grep -q '<mark> *2 | title: Broken: Colon</mark>' "$tmp/body"
get /procedures/colon > /dev/null
check serve/unreadable-doc-no-slash sh -c "[ '$(code)' = 500 ] && grep -q 'must be in quotes' '$tmp/body'"
get /procedures/professional-challenge/ > /dev/null
check serve/unreadable-doc-linked sh -c "[ '$(code)' = 200 ] &&
    grep -q 'warning: link to .*doc:colon.*a document that could not be read' '$tmp/body'"
rm -f "$site/procedures/colon.md"
(cd "$tmp/repo" && git checkout -q content/procedures/professional-challenge.md)
# Diagnostics are escaped.
printf -- '---\ntitle: x\n<b>oops</b>: 1\n---\n' > "$site/procedures/esc.md"
check serve/diag-escaped until_page 100 /procedures/esc/ 500 '&lt;b&gt;oops'
check serve/diag-not-raw sh -c "! grep -q '<b>oops' '$tmp/body'"
rm -f "$site/procedures/esc.md"
# Mended: the page comes back.
cp "$tmp/doc.bak" "$doc"
check serve/mended until_page 100 "$page" 200 'Strategy'
check serve/mended-text sh -c "! grep -q 'Serve test sentence 4711' '$tmp/body'"
# A new folder is watched too.
mkdir -p "$site/procedures/more"
sleep 0.3
printf -- '---\ntitle: Deep Page\nowner: Group\nreview_date: 2030-01-01\n---\nDeep text 815.\n' \
    > "$site/procedures/more/deep.md"
check serve/new-folder until_page 100 /procedures/deep/ 200 'Deep text 815'

# Ctrl-C: exit 0, temporary folder gone.
kill -INT "$pid"
i=0
while [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
wait "$pid"
rc=$?
pid=
check serve/sigint-exit-0 [ "$rc" = 0 ]
check serve/tmp-removed [ ! -e "$outdir" ]

# SIGTERM too.  (A fresh log: up() must not see the last server's.)
# The folder of a preview that was killed (its lock free) is removed when
# the next one starts; its own lock goes with it when it stops.
mkdir -p "$tmp/t/folio-serve-dead01/site" "$tmp/t/folio-serve-other"
: > "$tmp/t/folio-serve-dead01/site/.folio-output"
: > "$tmp/t/folio-serve-dead01.lock"
rm -f "$tmp/err"
TMPDIR=$tmp/t $FOLIO serve -s "$site" -p 0 --today "$TODAY" 2> "$tmp/err" &
pid=$!
if up 300; then
	outdir=$(sed -n 's/^folio: preview files in //p' "$tmp/err")
	check serve/killed-preview-swept sh -c "[ ! -e '$tmp/t/folio-serve-dead01' ] &&
	    [ ! -e '$tmp/t/folio-serve-dead01.lock' ] && [ -d '$tmp/t/folio-serve-other' ]"
	check serve/own-lock test -f "$outdir.lock"
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	pid=
	check serve/sigterm sh -c "[ $rc = 0 ] && [ ! -e '$outdir' ] && [ ! -e '$outdir.lock' ]"
else
	notok serve/sigterm
fi

# Another address needs --bind and earns a warning (checked without
# listening: the site folder is missing, so it stops there).
$FOLIO serve --bind 0.0.0.0 -s "$tmp/no-such-site" 2> "$tmp/bind"
rc=$?
check serve/bind-warning sh -c "[ $rc = 2 ] && grep -q 'warning: --bind 0.0.0.0: the preview, drafts included, can be reached by other machines' '$tmp/bind'"
$FOLIO serve --bind 127.0.0.1 -s "$tmp/no-such-site" 2> "$tmp/bind"
check serve/loopback-no-warning sh -c "! grep -q warning '$tmp/bind'"
$FOLIO serve --bind example -s "$site" 2> /dev/null
check serve/bind-numeric [ $? = 2 ]
$FOLIO serve -p 70000 2> /dev/null
check serve/bad-port [ $? = 2 ]
$FOLIO serve --strict -s "$site" 2> /dev/null
check serve/no-build-options [ $? = 2 ]

# folio new: the file, its front matter, no overwriting, and check.
$FOLIO check -q -s "$site" --today "$TODAY" 2> "$tmp/check0"
rc0=$?
$FOLIO new procedure "Strategy Discussion: Police" -s "$site" --today "$TODAY" \
    > "$tmp/new.out" 2> "$tmp/new.err"
rc=$?
new=$site/procedures/strategy-discussion-police.md
check new/exit-0 [ "$rc" = 0 ]
check new/prints-path [ "$(cat "$tmp/new.out")" = "$new" ]
check new/front-matter sh -c "head -1 '$new' | grep -qx -- '---' &&
    grep -qx 'title: \"Strategy Discussion: Police\"' '$new' &&
    grep -q '^summary: ' '$new' &&
    grep -q '^owner: TO BE CONFIRMED ' '$new' &&
    grep -q '^approved: *#' '$new' &&
    grep -qx 'last_reviewed: 2026-11-24' '$new' &&
    grep -q '^review_date: 2027-11-24 ' '$new' &&
    grep -q '^status: draft ' '$new'"
cksum "$new" > "$tmp/sum"
$FOLIO new procedure "Strategy Discussion: Police" -s "$site" --today "$TODAY" \
    > /dev/null 2> "$tmp/new.err"
rc=$?
check new/no-overwrite sh -c "[ $rc = 1 ] && grep -q '^$new: error: already exists' '$tmp/new.err' &&
    cksum '$new' | cmp -s - '$tmp/sum'"
$FOLIO check -q -s "$site" --today "$TODAY" 2> "$tmp/check1"
rc1=$?
check new/check-status [ "$rc1" = "$rc0" ]
# Besides git's "not yet committed", only the deliberate placeholder
# flags: the summary, the owner and the body's line, each a warning.
check new/check-placeholders-only sh -c "[ \$(grep 'strategy-discussion-police.md' '$tmp/check1' | grep -vc 'not yet committed') = 3 ] &&
    grep -q 'strategy-discussion-police.md:3: warning: summary is still folio new.s placeholder' '$tmp/check1' &&
    grep -q 'strategy-discussion-police.md:[0-9]*: warning: owner is still .TO BE CONFIRMED.' '$tmp/check1' &&
    grep -q 'strategy-discussion-police.md:[0-9]*:1: warning: folio new.s placeholder .Write the document here' '$tmp/check1'"
# Made current with its placeholders left in: errors, not warnings.
sed 's/^status: draft .*/status: current/' "$new" > "$tmp/current.md"
cp "$new" "$tmp/draft.md"
cp "$tmp/current.md" "$new"
$FOLIO check -q -s "$site" --today "$TODAY" 2> "$tmp/check2"
check new/current-placeholders-are-errors sh -c "[ $? = 1 ] &&
    grep -q 'strategy-discussion-police.md:3: error: summary is still' '$tmp/check2' &&
    grep -q 'strategy-discussion-police.md:[0-9]*:1: error: folio new.s placeholder' '$tmp/check2'"
cp "$tmp/draft.md" "$new"
$FOLIO check -q --strict -s "$site" --today "$TODAY" 2> /dev/null
check new/strict-refuses [ $? = 1 ]
$FOLIO new page "About Us!" -s "$site" --today "$TODAY" > /dev/null 2>&1
check new/page sh -c "[ -f '$site/about-us.md' ] && ! grep -q '^owner' '$site/about-us.md' && grep -q '^status: draft' '$site/about-us.md'"
$FOLIO new minutes "Board, 1 May 2026" -s "$site" --today "$TODAY" > /dev/null 2>&1
check new/minutes grep -q '^date: 2026-11-24 ' "$site/minutes/board-1-may-2026.md"
$FOLIO new annual-report "Annual Report 2025-26" -s "$site" --today "$TODAY" > /dev/null 2>&1
check new/annual-report [ -f "$site/annual-reports/annual-report-2025-26.md" ]
$FOLIO new glossary "Terms" -s "$site" > /dev/null 2>&1
check new/unknown-type [ $? = 2 ]
$FOLIO new procedure "!!!" -s "$site" > /dev/null 2>&1
check new/no-slug [ $? = 2 ]
$FOLIO new procedure -s "$site" > /dev/null 2>&1
check new/needs-title [ $? = 2 ]
# The review interval comes from site.yaml.
mkdir -p "$tmp/six"
printf 'title: Six\nreview:\n  interval_months: 6\n' > "$tmp/six/site.yaml"
$FOLIO new mou "Health MoU" -s "$tmp/six" --today 2024-08-31 > /dev/null 2>&1
check new/interval grep -q '^review_date: 2025-02-28 ' "$tmp/six/mou/health-mou.md"
printf 'title: Six\nreview:\n  interval_months: 30\n  max_months: 24\n' > "$tmp/six/site.yaml"
$FOLIO check -q -s "$tmp/six" 2> "$tmp/six.err"
check new/interval-validated grep -q 'interval_months (30) is longer than review.max_months (24)' "$tmp/six.err"
