# memlabs — a workbook of runnable C labs on process memory and malloc.
#
#   make grade    grade your work in labs/ (LAB=01 SUBMISSION=dir FORMAT=text|json OUT=file;
#                 VERBOSE=1 lists every test: FORMAT=text-full)
#   make test     the project's own test suite (what CI runs)
#   make book     the book, into book/build/
#   make bench    the allocator benchmark (lab 05 reference and yours vs the C library)
#   make preload  build lab 05 as a drop-in libmm.so (SUBMISSION=dir)
#   make deps     install what the rest needs (Debian/Ubuntu packages)
#   make progress every lab's tests: one line per lab and per task, then the next failing test
#   make watch    re-run the current lab's tests at each save (LAB=NN; else the lab saved last)
#   make debug T=suite/name [B=function] [GDB_ARGS='...'] [LAB=NN]
#                 run that test with your code under gdb (the lab's handout, "when you are stuck")
#   make deps-learner  install what watch and debug need (inotify-tools, gdb)
#   make deps-pdf install the PDF engine for the book (large; optional)
#
# For instructors (grader/README.md):
#   make grade-batch SUBMISSIONS=dir [JOBS=n] [LAB=NN] [OUT=folder] [FORMAT=...]
#                     grade a class into OUT/gradebook.csv (default grades/)
#   make reference-pack [OUT=file]   the reference as objects, no sources
#   make gradescope [LAB=NN]         build/autograder.zip for Gradescope
#   make autolab LAB=NN [OUT=dir]    autograde.tar and autograde-Makefile for Autolab (build/autolab/)

SHELL      := /bin/bash
BUILD      := build
SUBMISSION ?= labs
VERBOSE    ?=
FORMAT     ?= $(if $(filter 1,$(VERBOSE)),text-full,text)
LAB        ?=
OUT        ?=
CC         ?= cc

# What the labs, the grader and the book need, as Debian/Ubuntu package names.
DEPS := gcc clang make pkg-config libcriterion-dev strace valgrind pandoc python3 perl patch binutils tar
# Grading as root (a class, Gradescope, Autolab) builds student code in
# bubblewrap; a student's own make grade does not need it.
DEPS += $(if $(filter 0,$(shell id -u)),bubblewrap)
# What a student's make watch and make debug need (not the grading's).
LEARNER_DEPS := inotify-tools gdb

GRADER_SRC := $(wildcard grader/src/*.c)
GRADER_HDR := $(wildcard grader/src/*.h) labs/common/labproto.h
GRADER_CFLAGS := -std=c17 -D_GNU_SOURCE -g -O2 -Wall -Wextra -Werror $(GRADER_EXTRA_CFLAGS)

.PHONY: all deps deps-pdf deps-learner grade test book bench preload clean grader grade-batch reference-pack gradescope autolab \
	watch debug progress
all: grader

deps:
	@grader/deps.sh $(DEPS)

deps-learner:
	@grader/deps.sh $(LEARNER_DEPS)

# The learner's loop, passed to the lab (labs/common/lab.mk); command-line
# variables (T, B, GDB_ARGS, RUNS) reach the lab's make by themselves.
T ?=
watch: deps-learner
	@lab=$$(labs/common/current-lab.sh '$(LAB)') && $(MAKE) --no-print-directory -C "$$lab" watch

debug: deps-learner
	@lab=$$(labs/common/current-lab.sh '$(LAB)' '$(T)') && $(MAKE) --no-print-directory -C "$$lab" debug

progress: deps
	@labs/common/all-progress.sh || true

grader: $(BUILD)/grader
$(BUILD)/grader: $(GRADER_SRC) $(GRADER_HDR) | $(BUILD)
	$(CC) $(GRADER_CFLAGS) $(GRADER_SRC) -o $@ -lm

$(BUILD):
	mkdir -p $@

grade: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@$(BUILD)/grader --submission '$(SUBMISSION)' --format '$(FORMAT)' \
		$(if $(LAB),--lab '$(LAB)') $(if $(OUT),--out '$(OUT)') $(if $(REFERENCE),--reference '$(REFERENCE)')

SUBMISSIONS ?=
JOBS       ?=
REFERENCE  ?=
grade-batch: deps
	@test -n '$(SUBMISSIONS)' || { echo 'usage: make grade-batch SUBMISSIONS=dir [JOBS=n] [LAB=NN] [OUT=folder] [FORMAT=text|json|...]' >&2; exit 2; }
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@$(BUILD)/grader --batch '$(SUBMISSIONS)' --format '$(FORMAT)' --out '$(or $(OUT),grades)' \
		$(if $(JOBS),--jobs '$(JOBS)') $(if $(LAB),--lab '$(LAB)') $(if $(REFERENCE),--reference '$(REFERENCE)')

reference-pack: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@$(BUILD)/grader --reference-pack '$(or $(OUT),$(BUILD)/reference-pack.tar.gz)' \
		$(if $(REFERENCE),--reference '$(REFERENCE)')

gradescope: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@grader/gradescope/make-autograder '$(or $(OUT),$(BUILD)/autograder.zip)' '$(LAB)' '$(REFERENCE)'

autolab: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@grader/autolab/make-autograde '$(or $(OUT),$(BUILD)/autolab)' '$(LAB)' '$(REFERENCE)'

test: deps deps-learner
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@tests/run

book: deps
	@$(MAKE) --no-print-directory -C book

deps-pdf:
	@$(MAKE) --no-print-directory -C book deps-pdf

bench: deps
	@$(MAKE) --no-print-directory -C labs/05-malloc bench SUBMISSION='$(abspath $(SUBMISSION))'

preload: deps
	@$(MAKE) --no-print-directory -s -C labs/05-malloc preload SUBMISSION='$(abspath $(SUBMISSION))'

clean:
	rm -rf $(BUILD) book/build
	for d in labs/[0-9]*/; do $(MAKE) -s -C $$d clean; done
