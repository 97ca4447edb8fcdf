# Shared by the test scripts: pass/fail bookkeeping in the form run.sh
# counts ("ok NAME" / "FAIL NAME"), a pinned environment, and where the
# binaries are.  Sourced right after the script's own
# `cd "$(dirname "$0")/.."`, so that it runs from the top of the
# repository whatever folder it was started from.
#
#   FOLIO    the folio binary (default: ./folio at the top)
#   UNITDIR  the build folder holding the unit tests and the tools
#            linkcheck and histdump (default: build/release at the top)
#
# Both are made absolute here: a relative value is taken from the folder
# the script was started in (OLDPWD, which that cd set), so that they
# still name the same file after a test cds into a site or a repository.
export TZ=Europe/London LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH
TODAY=2026-11-24
TESTTOP=$(pwd)

# testpath PATH: PATH made absolute against the folder the script was
# started in.
testpath() {
	case $1 in
	/*)	echo "$1" ;;
	*)	echo "${OLDPWD:-$TESTTOP}/$1" ;;
	esac
}

FOLIO=$(testpath "${FOLIO:-$TESTTOP/folio}")
UNITDIR=$(testpath "${UNITDIR:-$TESTTOP/build/release}")
export FOLIO UNITDIR

ok() { echo "ok   $1"; }
notok() { echo "FAIL $1"; }
check() {	# check NAME COMMAND...: ok if the command succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}

# buildfirst FILE: how to build FILE, when make builds it.
buildfirst() {
	case $1 in
	"$TESTTOP"/*)	echo "build first: make ${1#"$TESTTOP"/}" ;;
	*)	echo "build it first (make check builds everything)" ;;
	esac
}

# need FILE...: unless every FILE is an executable, print one FAIL line
# saying what to build, and leave the script (status 1), rather than let
# every test of the script fail on its own.
need() {
	for _f in "$@"; do
		[ -x "$_f" ] && continue
		notok "$(basename "$0" .sh): $_f is not built; $(buildfirst "$_f")"
		exit 1
	done
}

# Every script runs folio; run.sh, which runs only what it is asked to,
# checks for it itself.
[ -n "${TESTS_RUN_SH:-}" ] || need "$FOLIO"
