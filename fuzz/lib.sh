# fuzz/lib.sh: what run.sh and replay.sh share: installing the compiler
# and building the libFuzzer targets into build/fuzz/.  Sourced, from the
# top of the repository; POSIX sh (dash has the -nt test used here).

FUZZ_TARGETS="frontmatter template markdown compare date record cache histblob marker scanmemo"
FUZZ_OUT=build/fuzz
FUZZ_PKGS="libcmark-gfm libgit2 yaml-0.1 libmicrohttpd libcrypto"
# -fno-sanitize-recover: an undefined-behaviour report must stop the run,
# or libFuzzer would not keep the input.
FUZZ_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
-fno-sanitize-recover=all -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
# What the Makefile defines for every object (render.c needs the version).
FUZZ_VERSION=$(sed -n 's/^VERSION *= *//p' Makefile 2>/dev/null | head -n 1)
FUZZ_CFLAGS="$FUZZ_CFLAGS -DFOLIO_VERSION=\"${FUZZ_VERSION:-0.1}\" \
-DFOLIO_DATADIR=\"/usr/local/share/folio\""
# For the library objects: instrumented, but without libFuzzer's main().
FUZZ_OBJ_CFLAGS=$(printf '%s' "$FUZZ_CFLAGS" | sed 's/fuzzer,/fuzzer-no-link,/')
# The targets themselves are held to the project's warnings.
FUZZ_WARN="-Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
-Wwrite-strings -Wshadow -Wformat=2"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Install whichever Debian packages are missing (as root or with sudo);
# quiet when all are there.  tests/deps.sh does the work.
fuzz_deps() {
	sh tests/deps.sh clang libclang-rt-14-dev pkg-config \
	    libcmark-gfm-dev libcmark-gfm-extensions-dev libgit2-dev \
	    libyaml-dev libmicrohttpd-dev libssl-dev || {
		echo "fuzz: cannot install the compiler and libraries" >&2
		return 1
	}
}

# Whether "$1" is missing or older than any of the other files.
fuzz_stale() {
	_out=$1
	shift
	[ -e "$_out" ] || return 0
	for _f in "$@"; do
		[ "$_f" -nt "$_out" ] && return 0
	done
	return 1
}

# Build every library object (src/*.c but main.c) and the targets named
# in "$@", each only when a source, a header or the flags changed.
fuzz_build() {
	mkdir -p "$FUZZ_OUT/obj" || return 1
	_deps_cflags=$(pkg-config --cflags $FUZZ_PKGS) || return 1
	_libs="$(pkg-config --libs $FUZZ_PKGS) -lcmark-gfm-extensions -lpthread"
	_flags="$FUZZ_CFLAGS $_deps_cflags $_libs"
	# New flags: rebuild everything.
	if [ "$(cat "$FUZZ_OUT/flags" 2>/dev/null)" != "$_flags" ]; then
		rm -f "$FUZZ_OUT"/obj/*.o "$FUZZ_OUT"/fuzz_*
		printf '%s\n' "$_flags" >"$FUZZ_OUT/flags"
	fi
	_objs=
	for _c in src/*.c; do
		[ "$_c" = src/main.c ] && continue
		_o="$FUZZ_OUT/obj/$(basename "$_c" .c).o"
		_objs="$_objs $_o"
		fuzz_stale "$_o" "$_c" src/*.h || continue
		echo "fuzz: cc $_c"
		clang $FUZZ_OBJ_CFLAGS $_deps_cflags -c -o "$_o" "$_c" || return 1
	done
	for _t in "$@"; do
		_bin="$FUZZ_OUT/fuzz_$_t"
		fuzz_stale "$_bin" "fuzz/fuzz_$_t.c" fuzz/fuzz.h $_objs || continue
		echo "fuzz: link $_bin"
		clang $FUZZ_CFLAGS $FUZZ_WARN $_deps_cflags -o "$_bin" "fuzz/fuzz_$_t.c" \
		    $_objs $_libs || return 1
	done
}

# Check that every name in "$@" is a target.
fuzz_check_targets() {
	for _t in "$@"; do
		case " $FUZZ_TARGETS " in
		*" $_t "*) ;;
		*)	echo "fuzz: unknown target '$_t' (one of $FUZZ_TARGETS)" >&2
			return 1 ;;
		esac
	done
}
