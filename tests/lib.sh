# Shared by the test scripts: pass/fail bookkeeping in the form run.sh
# counts ("ok NAME" / "FAIL NAME"), and a pinned environment.
export TZ=Europe/London LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH
TODAY=2026-11-24
: "${FOLIO:=$(pwd)/folio}"

ok() { echo "ok   $1"; }
notok() { echo "FAIL $1"; }
check() {	# check NAME COMMAND...: ok if the command succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}
