#!/bin/sh
# Browser tests: the sample site built, served by nginx with the
# configuration docs/deployment.md recommends, and checked in Debian's
# Chromium (axe-core, keyboard, the review notice, screenshots) and with
# the Nu HTML checker.  Installs what it needs, quietly: the Debian
# packages nginx, chromium, a Java runtime and Node.js when missing, and
# the npm packages of tests/browser/package-lock.json.
# Prints "ok NAME" / "FAIL NAME" per check, like the rest of the suite.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
dir=tests/browser

missing=
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
# Node.js may come from elsewhere than Debian (with its own npm): only
# install Debian's when there is none.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi
if [ -n "$missing" ] && ! sh tests/deps.sh $missing; then
	notok "browser/setup (could not install:$missing)"
	exit 0
fi

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
if [ "${major:-0}" -lt 18 ]; then
	notok "browser/setup (Node.js $(node --version 2>/dev/null) is too old: 18 or later)"
	exit 0
fi

# The npm packages, as the lock file pins them, when absent or stale.
if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
   [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
	log=$(mktemp)
	if ! (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >"$log" 2>&1; then
		cat "$log"
		rm -f "$log"
		notok "browser/setup (npm ci in $dir failed)"
		exit 0
	fi
	rm -f "$log"
fi

FOLIO=$FOLIO node "$dir/browser-test.js"
status=$?
# 3: some checks failed (each printed its FAIL line); else a crash.
[ $status = 0 ] || [ $status = 3 ] || notok "browser/crashed (node exit $status)"
exit 0
