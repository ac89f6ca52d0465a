# SPDX-License-Identifier: MIT
# lab.mk - the build every lab shares. A lab's Makefile sets a few names and
# includes this file:
#
#   LAB     := 02-brk             the lab's directory name
#   STUDENT := heap.c bump.c      the files you edit; the grader takes these
#                                 (and only these) from a submission
#   MAINS   := brkdemo.c          files with a main(): each becomes build/NAME
#   LIBSRC  := util.c             fixed sources linked into tests and programs
#   SUITES  := heap probe bump    the test suites in the order of the tasks
#                                 (the grader lists tests in this order)
#   WORKER_SRC := confine.c       fixed sources linked only with your code
#                                 (into the worker and the programs)
#   COMMON_WORKER_SRC := run_confined.c
#                                 the same, from labs/common
#
# A lab whose tests run your code in a worker process (labs/common/remote.h)
# has tests/remote/: stubs.c, linked into the tests in place of your
# functions, and worker.c, the main of build/worker, linked with your code.
# The tests (build/run-tests) then never contain your code.
#
# and, for a lab with driver tests (driver.mk sets the first and the last):
#   DRIVER_TESTS := build/mdriver  the program the grader runs for the lab's
#                                 driver tests (labs/common/labproto.h)
#   DRIVER_TESTS_TIMEOUT := 600   seconds that program may run (default 300)
#   NEEDS_REFERENCE := yes        the build compiles the reference's sources
#                                 in: the grader supplies them as objects
#   MEMCG := 33554432             the grader, as root, lends each run of the
#                                 tests a fresh memory cgroup of that many
#                                 bytes, named in $MEMLABS_MEMCG (the grader's README)
#
# Targets:
#   make          build the programs and the test runner
#   make test [T=suite/name]
#                 run this lab's tests, or that one (Criterion output)
#   make grade    grade this lab with the project's grader
#   make debug T=suite/name [B=function] [GDB_ARGS='...']
#                 run that one test with your code under gdb (debug.sh):
#                 B sets a breakpoint and continues to it
#   make watch    run the tests again each time you save a file of yours
#                 (watch.sh), with the progress line and the next failing test
#                 (RUNS=n: stop after n runs)
#   make progress one line per task: tests passed and points (progress.sh)
#   make clean
#
# Variables: CC=clang to change compiler, SAN=1 for AddressSanitizer and
# UndefinedBehaviorSanitizer, WERROR=-Werror to make warnings errors. A
# build with other variables than the last rebuilds everything.

COMMON  ?= ../common
# The project's root and the reference solutions (the grader passes both).
MEMLABS   ?= $(abspath ../..)
REFERENCE ?= $(MEMLABS)/solutions
BUILD   ?= build
CFLAGS  ?= -g -O1
WERROR  ?=
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SANFLAGS := $(if $(filter 1,$(SAN)),$(SANITIZE))
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE -Wall -Wextra $(WERROR) $(SANFLAGS) \
             -I. -I$(COMMON) $(CFLAGS) $(LAB_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS) $(LAB_LDFLAGS)

CRIT_CFLAGS := $(shell pkg-config --cflags criterion 2>/dev/null)
CRIT_LIBS   := $(or $(shell pkg-config --libs criterion 2>/dev/null),-lcriterion)

# The compiler and flags the objects in build/ were made with. Every object
# depends on this file, which changes only when they do: `make SAN=1` after
# `make` (or CC=clang, WERROR=-Werror, CFLAGS=...) rebuilds everything
# instead of linking objects made with the old flags.
FLAGS_STAMP := $(BUILD)/flags
FLAGS_NOW    = $(CC) $(ALL_CFLAGS) | $(ALL_LDFLAGS) | $(DRIVER_OPT)

# Sources linked into both the tests and the programs.
LIB_C   := $(filter %.c,$(filter-out $(MAINS),$(STUDENT) $(LIBSRC) $(WORKER_SRC)))
COMMON_WORKER_O := $(COMMON_WORKER_SRC:%.c=$(BUILD)/%.o)
LIB_O   := $(LIB_C:%.c=$(BUILD)/%.o) $(COMMON_WORKER_O)
TEST_C  := $(wildcard tests/*.c)
TEST_O  := $(TEST_C:tests/%.c=$(BUILD)/tests/%.o) $(BUILD)/labtest.o $(BUILD)/labproto.o
PROGS   := $(MAINS:%.c=$(BUILD)/%)
HEADERS := $(wildcard *.h) $(wildcard $(COMMON)/*.h) $(wildcard tests/*.h) $(wildcard tests/remote/*.h) \
           $(FLAGS_STAMP)

# The worker, when the lab has one: the tests link the fixed code and the
# stubs, the worker your code, the fixed code and the handlers.
REMOTE   := $(wildcard tests/remote/worker.c)
FIXED_O  := $(patsubst %.c,$(BUILD)/%.o,$(filter %.c,$(filter-out $(MAINS),$(LIBSRC))))
REMOTE_O := $(BUILD)/remote_msg.o
TESTS_LINK  := $(if $(REMOTE),$(TEST_O) $(BUILD)/tests/remote/stubs.o $(FIXED_O) $(BUILD)/remote.o $(REMOTE_O),$(TEST_O) $(LIB_O))
WORKER      := $(if $(REMOTE),$(BUILD)/worker)

.PHONY: all test grade clean student-files suites programs lab-info debug watch progress
all: $(PROGS) $(BUILD)/run-tests $(WORKER)
programs: $(PROGS)

.PHONY: FORCE
$(FLAGS_STAMP): FORCE | $(BUILD)
	@printf '%s\n' '$(subst ','\'',$(FLAGS_NOW))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(FLAGS_NOW))' > $@

$(BUILD)/%.o: %.c $(HEADERS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c $(HEADERS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -c $< -o $@

$(BUILD)/tests/remote/%.o: tests/remote/%.c $(HEADERS) | $(BUILD)/tests/remote
	$(CC) $(ALL_CFLAGS) -Itests/remote -c $< -o $@

$(BUILD)/remote.o $(BUILD)/remote_msg.o $(BUILD)/remote_worker.o: $(BUILD)/%.o: $(COMMON)/%.c $(wildcard $(COMMON)/remote*.h) $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(COMMON_WORKER_O): $(BUILD)/%.o: $(COMMON)/%.c $(HEADERS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/labtest.o: $(COMMON)/labtest.c $(COMMON)/labtest.h Makefile $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -DLABTEST_SUITES='"$(SUITES)"' -c $< -o $@

$(BUILD)/debug-wrap: $(COMMON)/debug_wrap.c $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< -o $@

$(BUILD)/labproto.o: $(COMMON)/labproto.c $(COMMON)/labproto.h $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/run-tests: $(TESTS_LINK)
	$(CC) $(ALL_LDFLAGS) $^ $(CRIT_LIBS) $(LAB_LIBS) -o $@

$(BUILD)/worker: $(LIB_O) $(BUILD)/tests/remote/worker.o $(BUILD)/remote_worker.o $(REMOTE_O)
	$(CC) $(ALL_LDFLAGS) $^ $(LAB_LIBS) -o $@

$(PROGS): $(BUILD)/%: $(BUILD)/%.o $(LIB_O)
	$(CC) $(ALL_LDFLAGS) $^ $(LAB_LIBS) -o $@

$(BUILD) $(BUILD)/tests $(BUILD)/tests/remote:
	mkdir -p $@

test: $(BUILD)/run-tests $(PROGS) $(WORKER)
	./$(BUILD)/run-tests $(if $(T),--filter='$(T)') $(TESTFLAGS)

grade:
	$(MAKE) --no-print-directory -C ../.. grade LAB=$(LAB)

T ?=
B ?=
GDB_ARGS ?=
debug: all $(BUILD)/debug-wrap
	@$(COMMON)/debug.sh '$(T)' $(if $(B),-ex 'break $(B)' -ex continue) $(GDB_ARGS)

RUNS ?= 0
watch:
	@WATCH_RUNS='$(RUNS)' $(COMMON)/watch.sh $(STUDENT)

progress:
	@$(MAKE) -s --no-print-directory all && { $(COMMON)/progress.sh || true; }

student-files:
	@echo $(STUDENT)

suites:
	@echo $(SUITES)

clean:
	rm -rf $(BUILD)

# What the grader needs to know about this lab, one "key value" per line
# (labproto.h, the lab's description).
lab-info:
	@echo "student $(STUDENT)"
	@echo "driver-tests $(DRIVER_TESTS)"
	@echo "driver-tests-timeout $(or $(DRIVER_TESTS_TIMEOUT),300)"
	@echo "reference $(if $(filter yes,$(NEEDS_REFERENCE)),yes,no)"
	@echo "worker $(if $(REMOTE),yes,no)"
	@echo "memcg $(or $(MEMCG),0)"
