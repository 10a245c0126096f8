# dipcal — a calendar for regional diplomacy. GNU make.
#   make            build ./dipcal
#   make demo       build, create demo.db, print the history and the coming agenda
#   make check      unit and end-to-end tests (prove)
#   make asan       the whole suite under address and undefined-behaviour sanitizers
#   make bench      speed benchmarks, printed
#   make install    into $(DESTDIR)$(PREFIX)/bin (PREFIX=/usr/local)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS = sqlite3 libical libmicrohttpd libnotify libcurl
# Linked at build time; libcurl, libmicrohttpd and libnotify are loaded (dlopen)
# by the commands that use them, so that every other command starts without them.
LINKED_PKGS = sqlite3 libical glib-2.0
PROVE ?= prove

CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wwrite-strings
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
# Sanitizer flags go in their own variable so that CFLAGS given on the command line keep them.
ifneq ($(SANITIZE),)
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) -fno-omit-frame-pointer
endif

# Build products go to $(B); the sanitizer build uses its own.
B ?= build
DEPS_OK := $(shell $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && echo yes)
ifeq ($(DEPS_OK),yes)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(LINKED_PKGS))
endif
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Isrc -I$(B) $(PKG_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
LIBS = $(PKG_LIBS)

CORE = util timeutil ics db store agenda rotation office export import serve remind notify store-remind plan conflict summit holiday store-plan caldav publish store-publish
CMDS = cmd-common cmd-init cmd-state cmd-meeting cmd-doc cmd-agenda cmd-rotation cmd-export cmd-import cmd-serve cmd-remind cmd-plan cmd-publish
CORE_OBJ = $(CORE:%=$(B)/%.o) $(B)/migrations.o $(B)/demo.o
CMD_OBJ = $(CMDS:%=$(B)/%.o) $(B)/main.o
MIGRATIONS = $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]-*.sql))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test-*.c))
BIN = $(if $(filter build,$(B)),dipcal,$(B)/dipcal)

.PHONY: all deps demo check test unit asan bench install uninstall clean fuzz fuzz-smoke
.DELETE_ON_ERROR:

all: $(BIN)

# Installs the Debian packages needed to build and test when a library is missing.
deps:
	@$(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && command -v jq >/dev/null && command -v curl >/dev/null && command -v $(PROVE) >/dev/null \
		&& command -v npm >/dev/null && /usr/bin/python3 -c "import icalendar" 2>/dev/null \
		|| contrib/install-deps
	@# ical.js for the export tests, from the npm registry (tests/js/package.json)
	@[ -f tests/js/node_modules/ical.js/package.json ] || ! command -v npm >/dev/null \
		|| npm install --prefix tests/js --no-audit --no-fund \
		|| echo "make: npm install --prefix tests/js failed: the ical.js tests will be skipped" >&2

$(BIN): $(CORE_OBJ) $(CMD_OBJ)
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $^ $(LIBS)

$(B)/%.o: src/%.c | $(B)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Embedded SQL is one long string literal by design.
$(B)/%.o: $(B)/%.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(B)/migrations.c: $(MIGRATIONS) contrib/embed-sql | $(B)
	contrib/embed-sql migrations $(MIGRATIONS) > $@

$(B)/demo.c: contrib/demo.sql contrib/embed-sql | $(B)
	contrib/embed-sql demo contrib/demo.sql > $@

$(B):
	mkdir -p $(B)/tests

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h tests/unit/rng.h $(CORE_OBJ) | $(B)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(CORE_OBJ) $(LDFLAGS) $(SAN_FLAGS) $(LIBS)

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	rm -f demo.db demo.db-wal demo.db-shm
	./dipcal --db demo.db init --demo
	@echo; echo "== Meetings of the Consultative Meeting of the Heads of State of Central Asia"
	@./dipcal --db demo.db meeting list CAHS
	@echo; echo "== Who chairs, and who comes next"
	@./dipcal --db demo.db rotation show CAHS chair --troika
	@echo; echo "== The rotating secretariat"
	@./dipcal --db demo.db rotation show CAHS secretariat
	@echo; echo "== Planning the next summit: the three best dates"
	@./dipcal --db demo.db plan CAHS --top 3
	@echo; echo "== Coming agenda (today and the next 14 days)"
	@./dipcal --db demo.db agenda
	@echo; echo "== The next 120 days"
	@./dipcal --db demo.db agenda --days 120

unit: $(UNIT_TESTS)

# The suite: unit tests (C, TAP) and end-to-end tests of the real binary (shell, TAP).
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all unit
	DIPCAL=$(CURDIR)/$(BIN) UNIT_DIR=$(CURDIR)/$(B)/tests $(PROVE) --exec '' $(UNIT_TESTS) tests/cli/*.t

test: check

asan:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory B=build-asan SANITIZE=address,undefined CFLAGS="-O1 -g" check

# Fuzzing the iCalendar reader with libFuzzer (clang): make fuzz builds, make fuzz-smoke runs 60 s.
# A crash's input goes into tests/data/fuzz/, which tests/unit/test-import-regress.c replays.
FUZZ_B = build-fuzz
fuzz:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang SANITIZE=address,undefined \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" $(FUZZ_B)/fuzz-import

$(B)/fuzz-import: tests/fuzz/fuzz-import.c $(CORE_OBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(CORE_OBJ) $(LDFLAGS) $(SAN_FLAGS) $(LIBS)

fuzz-smoke: fuzz
	mkdir -p $(FUZZ_B)/corpus
	cp tests/fuzz/corpus/* $(FUZZ_B)/corpus/
	$(FUZZ_B)/fuzz-import -max_total_time=60 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=$(FUZZ_B)/ $(FUZZ_B)/corpus

# Benchmarks: C programs on the core objects (tests/bench/bench-*.c), run by tests/bench/run.
BENCH_PROGS = $(patsubst tests/bench/%.c,$(B)/bench/%,$(wildcard tests/bench/bench-*.c))
.PHONY: bench-progs

$(B)/bench/%: tests/bench/%.c $(CORE_OBJ) | $(B)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CORE_OBJ) $(LDFLAGS) $(SAN_FLAGS) $(LIBS)

bench-progs: $(BENCH_PROGS)

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all bench-progs
	tests/bench/run $(CURDIR)/$(BIN) $(CURDIR)/$(B)/bench

-include $(wildcard $(B)/bench/*.d)

USERUNITDIR ?= $(PREFIX)/lib/systemd/user
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
AUTOSTARTDIR ?= $(SYSCONFDIR)/xdg/autostart

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(USERUNITDIR) $(DESTDIR)$(AUTOSTARTDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/dipcal
	sed 's|/usr/local/bin/dipcal|$(BINDIR)/dipcal|' contrib/dipcal-remind.service \
		> $(DESTDIR)$(USERUNITDIR)/dipcal-remind.service
	install -m 644 contrib/dipcal-remind.desktop $(DESTDIR)$(AUTOSTARTDIR)/dipcal-remind.desktop

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dipcal $(DESTDIR)$(USERUNITDIR)/dipcal-remind.service \
		$(DESTDIR)$(AUTOSTARTDIR)/dipcal-remind.desktop

clean:
	rm -rf build build-asan dipcal demo.db demo.db-wal demo.db-shm

-include $(wildcard $(B)/*.d)
