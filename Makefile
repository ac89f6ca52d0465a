# SPDX-License-Identifier: MIT
# memlabs — a workbook of runnable C labs on process memory and malloc.
#
#   make help     this list
#   make grade    grade your work in labs/ (LAB=01 SUBMISSION=dir FORMAT=text|json OUT=file;
#                 VERBOSE=1 lists every test: FORMAT=text-full)
#   make test     the project's own test suite (what CI runs)
#   make book     the book, into book/build/
#   make bench    the allocator benchmark: lab 05's reference and yours beside glibc,
#                 jemalloc, mimalloc, tcmalloc (build/bench.txt and bench.svg)
#   make preload  build lab 05 as a drop-in libmm.so (SUBMISSION=dir)
#   make deps     install what grading needs (Debian/Ubuntu packages, grader/packages;
#                 make test and make book install their own)
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
#   make prairielearn LAB=NN [OUT=dir]  PrairieLearn's external grader: files, info.json, Dockerfile (build/prairielearn/)

SHELL      := /bin/bash
BUILD      := build
SUBMISSION ?= labs
VERBOSE    ?=
FORMAT     ?= $(if $(filter 1,$(VERBOSE)),text-full,text)
LAB        ?=
OUT        ?=
CC         ?= cc

# The Debian/Ubuntu packages each job needs are listed in grader/packages,
# per job: grading (make grade and what grades) never installs the book's
# tools. Grading as root (a class, Gradescope, Autolab) adds bubblewrap.
GRADE_JOBS := grade $(if $(filter 0,$(shell id -u)),sandbox)

GRADER_SRC := $(wildcard grader/src/*.c)
GRADER_HDR := $(wildcard grader/src/*.h) labs/common/labproto.h
VERSION    := $(or $(shell cat VERSION 2>/dev/null),unknown)
GRADER_CFLAGS := -std=c17 -D_GNU_SOURCE -g -O2 -Wall -Wextra -Werror -DMEMLABS_VERSION='"$(VERSION)"' $(GRADER_EXTRA_CFLAGS)

.PHONY: all help deps deps-pdf deps-learner deps-book deps-test deps-bench grade test book bench preload clean grader grade-batch reference-pack gradescope autolab prairielearn \
	watch debug progress
all: grader

# The comment at the top of this file, from its first target on, without the #s.
help:
	@sed -n '/^#   make help/,/^$$/{/^$$/d;s/^# \{0,1\}//;p}' Makefile
	@echo "memlabs $(VERSION)"

deps:
	@grader/deps.sh $(GRADE_JOBS)

deps-learner:
	@grader/deps.sh learner

deps-book:
	@grader/deps.sh grade book

deps-test:
	@grader/deps.sh $(GRADE_JOBS) learner book test

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
$(BUILD)/grader: $(GRADER_SRC) $(GRADER_HDR) $(wildcard VERSION) | $(BUILD)
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

prairielearn: deps
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@grader/prairielearn/make-grader '$(or $(OUT),$(BUILD)/prairielearn)' '$(LAB)' '$(REFERENCE)'

test: deps-test
	@$(MAKE) --no-print-directory -s $(BUILD)/grader
	@tests/run

book: deps-book
	@$(MAKE) --no-print-directory -C book

deps-pdf:
	@$(MAKE) --no-print-directory -C book deps-pdf

# The other mallocs are optional: one that cannot be installed is left out
# of make bench's table, with a note.
deps-bench: deps
	@grader/deps.sh bench || echo "memlabs: make bench goes on without them (left out of its table)" >&2

bench: deps-bench
	@$(MAKE) --no-print-directory -C labs/05-malloc bench SUBMISSION='$(abspath $(SUBMISSION))'

preload: deps
	@$(MAKE) --no-print-directory -s -C labs/05-malloc preload SUBMISSION='$(abspath $(SUBMISSION))'

clean:
	rm -rf $(BUILD) book/build
	for d in labs/[0-9]*/; do $(MAKE) -s -C $$d clean; done
