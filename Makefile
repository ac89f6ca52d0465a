# memlabs — a workbook of runnable C labs on process memory and malloc.
#
#   make grade    grade your work in labs/ (LAB=01 SUBMISSION=dir FORMAT=text|json OUT=file)
#   make test     the project's own test suite (what CI runs)
#   make book     the book, into book/build/
#   make bench    the allocator benchmark (lab 05 reference and yours vs the C library)
#   make preload  build lab 05 as a drop-in libmm.so (SUBMISSION=dir)
#   make deps     install what the rest needs (Debian/Ubuntu packages)
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
FORMAT     ?= text
LAB        ?=
OUT        ?=
CC         ?= cc

# What the labs, the grader and the book need, as Debian/Ubuntu package names.
DEPS := gcc clang make pkg-config libcriterion-dev strace valgrind pandoc python3 perl patch binutils tar
# Grading as root (a class, Gradescope, Autolab) builds student code in
# bubblewrap; a student's own make grade does not need it.
DEPS += $(if $(filter 0,$(shell id -u)),bubblewrap)

GRADER_SRC := $(wildcard grader/src/*.c)
GRADER_HDR := $(wildcard grader/src/*.h) labs/common/labproto.h
GRADER_CFLAGS := -std=c17 -D_GNU_SOURCE -g -O2 -Wall -Wextra -Werror $(GRADER_EXTRA_CFLAGS)

.PHONY: all deps deps-pdf grade test book bench preload clean grader grade-batch reference-pack gradescope autolab
all: grader

deps:
	@grader/deps.sh $(DEPS)

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

test: deps
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
