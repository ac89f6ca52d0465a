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
#
# and, for a lab with driver tests (driver.mk sets the first and the last):
#   DRIVER_TESTS := build/mdriver  the program the grader runs for the lab's
#                                 driver tests (labs/common/labproto.h)
#   DRIVER_TESTS_TIMEOUT := 600   seconds that program may run (default 300)
#   NEEDS_REFERENCE := yes        the build compiles the reference's sources
#                                 in: the grader supplies them as objects
#
# Targets:
#   make          build the programs and the test runner
#   make test     run this lab's tests (Criterion output)
#   make grade    grade this lab with the project's grader
#   make clean
#
# Variables: CC=clang to change compiler, SAN=1 for AddressSanitizer and
# UndefinedBehaviorSanitizer, WERROR=-Werror to make warnings errors.

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

# Sources linked into both the tests and the programs.
LIB_C   := $(filter %.c,$(filter-out $(MAINS),$(STUDENT) $(LIBSRC)))
LIB_O   := $(LIB_C:%.c=$(BUILD)/%.o)
TEST_C  := $(wildcard tests/*.c)
TEST_O  := $(TEST_C:tests/%.c=$(BUILD)/tests/%.o) $(BUILD)/labtest.o $(BUILD)/labproto.o
PROGS   := $(MAINS:%.c=$(BUILD)/%)
HEADERS := $(wildcard *.h) $(wildcard $(COMMON)/*.h) $(wildcard tests/*.h)

.PHONY: all test grade clean student-files programs lab-info
all: $(PROGS) $(BUILD)/run-tests
programs: $(PROGS)

$(BUILD)/%.o: %.c $(HEADERS) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c $(HEADERS) | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -c $< -o $@

$(BUILD)/labtest.o: $(COMMON)/labtest.c $(COMMON)/labtest.h Makefile | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(CRIT_CFLAGS) -DLABTEST_SUITES='"$(SUITES)"' -c $< -o $@

$(BUILD)/labproto.o: $(COMMON)/labproto.c $(COMMON)/labproto.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/run-tests: $(TEST_O) $(LIB_O)
	$(CC) $(ALL_LDFLAGS) $^ $(CRIT_LIBS) $(LAB_LIBS) -o $@

$(PROGS): $(BUILD)/%: $(BUILD)/%.o $(LIB_O)
	$(CC) $(ALL_LDFLAGS) $^ $(LAB_LIBS) -o $@

$(BUILD) $(BUILD)/tests:
	mkdir -p $@

test: $(BUILD)/run-tests $(PROGS)
	./$(BUILD)/run-tests $(TESTFLAGS)

grade:
	$(MAKE) --no-print-directory -C ../.. grade LAB=$(LAB)

student-files:
	@echo $(STUDENT)

clean:
	rm -rf $(BUILD)

# What the grader needs to know about this lab, one "key value" per line
# (labproto.h, the lab's description).
lab-info:
	@echo "student $(STUDENT)"
	@echo "driver-tests $(DRIVER_TESTS)"
	@echo "driver-tests-timeout $(or $(DRIVER_TESTS_TIMEOUT),300)"
	@echo "reference $(if $(filter yes,$(NEEDS_REFERENCE)),yes,no)"
