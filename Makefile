# folio: build, test, install.  GNU make (Debian 12).
#
#   make            build ./folio
#   make run        install what is missing, build, build the sample site
#   make test       install what is missing, build, run every test
#   make check      build, run the suite (no sanitizers)
#   make check T=NAME   only the tests named: test_wdiff, history/linear,
#                   fixtures/bad-yaml, build, ... (tests/run.sh lists them)
#   make check-asan the whole suite under AddressSanitizer + UBSan
#   make check-tsan the whole suite under ThreadSanitizer
#   make regen      rewrite the fixtures' expected outputs (T= as above)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean      remove what make made (see clean below)

VERSION   = 0.1
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share/folio
MANDIR    = $(PREFIX)/share/man

CC       ?= cc
CFLAGS   ?= -O2 -g
WARNFLAGS = -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
            -Wwrite-strings -Wshadow -Wformat=2
# CI sets WERROR=-Werror.
WERROR   ?=
PKGS      = libcmark-gfm libgit2 yaml-0.1 libmicrohttpd libcrypto
# Evaluated lazily, so that `make deps` can install pkg-config files first.
DEPS_CFLAGS = $(shell pkg-config --cflags $(PKGS))
DEPS_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lpthread
# folio itself allocates with mimalloc: glibc's malloc and free were a
# quarter of the render workers' time, and a cold build of every past
# version takes a fifth less with it (bench/README.md, "The allocator").
# Linked first and kept even unreferenced, so that it stands in for
# malloc in libcmark-gfm and libgit2 too.  The sanitizer builds keep
# their own allocator (MALLOC_LIBS= below); mimalloc 2.0 holds no mutex,
# so the workers forked from the preview server's threads are safe.
MALLOC_LIBS = -Wl,--push-state,--no-as-needed -lmimalloc -Wl,--pop-state
ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DFOLIO_VERSION='"$(VERSION)"' -DFOLIO_DATADIR='"$(DATADIR)"' \
              $(WARNFLAGS) $(WERROR) $(DEPS_CFLAGS) $(CFLAGS)

SRCS = $(wildcard src/*.c)
HDRS = $(wildcard src/*.h)
LIB_SRCS = $(filter-out src/main.c,$(SRCS))
LIB_OBJS = $(patsubst src/%.c,$(B)/%.o,$(LIB_SRCS))
UNIT_TESTS = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

# Debian packages: to build, to test.
BUILD_PKGS = gcc make pkg-config git libcmark-gfm-dev \
             libcmark-gfm-extensions-dev libgit2-dev libyaml-dev \
             libmicrohttpd-dev libssl-dev libmimalloc-dev
TEST_PKGS  = libcmocka-dev libjansson-dev mandoc valgrind curl clang \
             libclang-rt-14-dev chromium nginx \
             default-jre-headless pandoc strace

B ?= build/release
# The binary sits at the top so that it finds themes/ beside itself.
BIN ?= folio
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=all

.PHONY: all deps deps-test run test check check-asan check-tsan check-sanitized bench fuzz \
        install uninstall clean distclean dist lint-man regen

all: folio

# Copied beside and renamed: "cp -f" would write into the old file,
# and so into every hard link to it.
folio: $(B)/folio
	cp $(B)/folio $@.tmp && mv -f $@.tmp $@

$(B)/folio: $(patsubst src/%.c,$(B)/%.o,$(SRCS))
	$(CC) $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(MALLOC_LIBS) $(DEPS_LIBS)

$(B)/%.o: src/%.c $(HDRS)
	@mkdir -p $(B)
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) -c -o $@ $<

# Every object but main.o, in one archive.  The unit tests and the test
# tools link against it, so that the linker takes from it only the
# objects each one uses (and those they use in turn): a new
# tests/unit/test_X.c needs no line here, and moving a function from one
# file to another needs no list changed.  The objects one takes are
# named at the top of its link map: rm build/release/test_X, then
# make LDFLAGS=-Wl,-Map=build/release/test_X.map build/release/test_X.
$(B)/libfolio.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

$(B)/test_mustache_spec: tests/unit/test_mustache_spec.c $(B)/libfolio.a
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) $(shell pkg-config --cflags jansson) \
	    $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(DEPS_LIBS) $(shell pkg-config --libs jansson)

$(B)/test_%: tests/unit/test_%.c $(B)/libfolio.a
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) $(shell pkg-config --cflags cmocka) \
	    $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(DEPS_LIBS) $(shell pkg-config --libs cmocka)

$(B)/linkcheck: tests/tools/linkcheck.c $(B)/libfolio.a
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(DEPS_LIBS)

$(B)/histdump: tests/tools/histdump.c $(B)/libfolio.a
	$(CC) $(ALL_CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) $(EXTRA_LDFLAGS) -o $@ $^ $(DEPS_LIBS)

TOOLS = $(B)/linkcheck $(B)/histdump

# Install whichever Debian packages are missing; quiet when none are.
deps:
	@sh tests/deps.sh $(BUILD_PKGS)

deps-test:
	@sh tests/deps.sh $(BUILD_PKGS) $(TEST_PKGS)

run: deps
	@$(MAKE) --no-print-directory folio
	./folio build -s content -o public
	@echo "The sample site is in $(CURDIR)/public/. Preview it with: ./folio serve -s content (http://127.0.0.1:1313/)"

# Every test, then the same suite under the sanitizers.
test: deps-test
	@$(MAKE) --no-print-directory lint-man
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-tsan

# The suite against the normal build; T="NAME..." runs only those tests
# (tests/run.sh says which names there are).  Everything is built first
# either way: the tests share the objects folio is made of.
check: folio $(addprefix $(B)/,$(UNIT_TESTS)) $(TOOLS)
	@FOLIO=$(CURDIR)/folio UNITDIR=$(CURDIR)/$(B) sh tests/run.sh $(T)

# The same suite against a build with AddressSanitizer and UBSan.
check-asan:
	@$(MAKE) --no-print-directory B=build/asan BIN=folio-asan \
	    EXTRA_CFLAGS="$(SAN_FLAGS)" EXTRA_LDFLAGS="-fsanitize=address,undefined" \
	    CFLAGS= MALLOC_LIBS= check-sanitized

# The same suite under ThreadSanitizer: the preview server's threads, the
# diagnostics lock, and rendering workers forked from a threaded process.
check-tsan:
	@$(MAKE) --no-print-directory B=build/tsan BIN=folio-tsan \
	    EXTRA_CFLAGS="-O1 -g -fsanitize=thread" \
	    EXTRA_LDFLAGS="-fsanitize=thread" CFLAGS= MALLOC_LIBS= SUITE=tsan \
	    check-sanitized

SUITE ?= asan
check-sanitized: $(BIN) $(addprefix $(B)/,$(UNIT_TESTS)) $(TOOLS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    TSAN_OPTIONS=halt_on_error=1:exitcode=66:second_deadlock_stack=1 \
	    FOLIO=$(CURDIR)/$(BIN) UNITDIR=$(CURDIR)/$(B) SUITE=$(SUITE) \
	    sh tests/run.sh $(T)

folio-asan folio-tsan: $(B)/folio
	cp $(B)/folio $@.tmp && mv -f $@.tmp $@

# libFuzzer targets (clang), each for FUZZ_SECONDS; see fuzz/README.md.
FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# The benchmark against Hugo (see bench/run.sh; takes a while).
bench: folio
	bash bench/run.sh

install: folio
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/themes \
	    $(DESTDIR)$(MANDIR)/man1
	cp -f folio $(DESTDIR)$(BINDIR)/folio
	chmod 755 $(DESTDIR)$(BINDIR)/folio
	rm -rf $(DESTDIR)$(DATADIR)/themes/default
	cp -R themes/default $(DESTDIR)$(DATADIR)/themes/default
	cp -f docs/folio.1 $(DESTDIR)$(MANDIR)/man1/folio.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/folio.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/folio $(DESTDIR)$(MANDIR)/man1/folio.1
	rm -rf $(DESTDIR)$(DATADIR)

# The man page, linted as STYLE.md says (mandoc -Werror: an error fails).
# The suite's docs/man-page-lint (tests/build.sh) also fails on warnings;
# the page is clean even at -Wall.  make test runs it once (it is quick).
lint-man:
	mandoc -Tlint -Werror docs/folio.1

# After an intended change to what folio prints: rewrite the fixtures'
# expect-status, expect-stderr and expect-stdout from a build (all, or
# those of T="fixtures/NAME ..."), then review `git diff tests/fixtures`
# and commit it with the change.  Never a prerequisite of another
# target, and refused under CI (CI set), so that a suite cannot pass by
# rewriting what it checks.
regen: folio
	@FOLIO=$(CURDIR)/folio sh tests/fixtures.sh --regen $(T)
	@git diff --stat -- tests/fixtures 2>/dev/null || true

dist:
	git archive --prefix=folio-$(VERSION)/ -o folio-$(VERSION).tar.gz HEAD

# clean removes what make made: the build folder (objects, unit tests,
# tools, fuzz targets and their corpora, under build/), the binaries,
# the sample site (make run) and what a killed build left beside it,
# the browser tests' screenshots (tests/output), the dist archive and
# the benchmark's corpora (bench/work).  distclean
# also removes the npm packages the browser tests installed
# (tests/browser/node_modules, downloaded again on the next run).
# Neither touches public/ folders made elsewhere, or anything tracked.
clean:
	rm -rf build folio folio-asan folio-tsan public .public.tmp-* \
	    tests/output bench/work folio-$(VERSION).tar.gz

distclean: clean
	rm -rf tests/browser/node_modules
