# SPDX-License-Identifier: MIT
# driver.mk - builds the trace driver (build/mdriver) for an allocator lab, and
# links memlib into the lab's tests and programs. A lab's Makefile includes it
# after lab.mk:
#
#   LAB            := 04-toy
#   STUDENT        := toy.c placement.txt
#   DRIVER_ADAPTER := alloc_api.c        names the allocator's functions
#   DRIVER_POINTS  := 24                 points of all traces together
#   include ../common/lab.mk
#   include $(MEMLABS)/labs/driver/driver.mk
#
# Optional:
#   DRIVER_TRACES  directories of the traces the lab is graded on, separated
#                  by ':' (default: the project's traces, labs/traces)
#   DRIVER_PACKED  a directory of gzipped traces (NAME.rep.gz, lab 05's
#                  labs/traces/real): unpacked into build/traces-DIR at
#                  build time and graded as the lab's own, beside
#                  DRIVER_TRACES
#   DRIVER_SCORE   the formula a trace is scored with, "C U S k" (default
#                  "0.5 0.3 0.2 0.5", lab 04's) or "C U S B u0 u1 s0 s1"
#                  (lab 05's); README.md, "The score of a trace"
#   DRIVER_ALIGN   payload alignment the driver checks (default 16)
#   DRIVER_REF_CFLAGS  extra flags for the reference's sources (for example
#                  -DMM_SLABS=0: lab 05's reference without slabs)
#   DRIVER_OPT     how the allocators the driver replays are optimised
#                  (default -O2, as the C library they are timed against is;
#                  the lab's tests and programs keep its CFLAGS). For gdb:
#                  make clean; make DRIVER_OPT=-O0
#
# The student's objects come from this lab's sources (LIB_C, compiled again
# with DRIVER_OPT); the reference's from $(REFERENCE)/$(LAB)/, compiled
# against this lab's headers. `mdriver --bench` is lab 05's make bench.
# See README.md.

DRIVER_DIR    ?= $(MEMLABS)/labs/driver
DRIVER_TRACES ?= $(MEMLABS)/labs/traces
DRIVER_POINTS ?= 0
DRIVER_SCORE  ?= 0.5 0.3 0.2 0.5
DRIVER_ALIGN  ?= 16
OBJCOPY       ?= objcopy

# The driver is the judge: it links the reference, never the submission,
# which answers its calls from build/driver-worker (alloc_remote.h); the
# reference's own worker, build/driver-worker-ref, times it and the C
# library the same way.
DRIVER_CORE_C := $(DRIVER_DIR)/mdriver.c $(DRIVER_DIR)/bench.c $(DRIVER_DIR)/tracelist.c \
                 $(DRIVER_DIR)/trace_child.c $(DRIVER_DIR)/tracefile.c \
                 $(DRIVER_DIR)/replay_checked.c $(DRIVER_DIR)/replay_timed.c \
                 $(DRIVER_DIR)/replay.c $(DRIVER_DIR)/variant.c $(DRIVER_DIR)/playback.c \
                 $(DRIVER_DIR)/alloc_remote.c $(DRIVER_DIR)/count.c
DRIVER_WORKER_C := $(DRIVER_DIR)/alloc_worker.c $(DRIVER_DIR)/replay.c $(DRIVER_DIR)/libc_alloc.c
DRIVER_HDR    := $(wildcard $(DRIVER_DIR)/*.h) $(COMMON)/memlib.h $(FLAGS_STAMP)
DBUILD        := $(BUILD)/driver
DRIVER_CORE_O  = $(DRIVER_CORE_C:$(DRIVER_DIR)/%.c=$(DBUILD)/%.o) $(BUILD)/labproto.o \
                 $(BUILD)/heapcall_judge.o $(BUILD)/remote.o $(BUILD)/remote_msg.o
DRIVER_WORKER_O  = $(DBUILD)/replay.o $(DBUILD)/libc_alloc.o $(MEMLIB_O) \
                 $(BUILD)/heapcall_worker.o $(BUILD)/remote_worker.o $(BUILD)/remote_msg.o
REF_C         := $(addprefix $(REFERENCE)/$(LAB)/,$(filter-out $(MAINS),$(filter %.c,$(STUDENT))))
DRIVER_OPT    ?= -O2
# The lab's sources (LIB_C) once more, for the driver: the submission's own
# and the fixed ones the reference links too.
SUB_O         := $(LIB_C:%.c=$(DBUILD)/sub/%.o)
REF_O         := $(REF_C:$(REFERENCE)/$(LAB)/%.c=$(DBUILD)/ref/%.o) \
                 $(filter-out $(STUDENT:%.c=$(DBUILD)/sub/%.o),$(SUB_O))
MEMLIB_O      := $(BUILD)/memlib.o

# Gzipped traces, unpacked where the driver reads them: the repository
# keeps them small, the driver reads plain text.
ifneq ($(strip $(DRIVER_PACKED)),)
DRIVER_UNPACKED := $(abspath $(BUILD))/traces-$(notdir $(DRIVER_PACKED))
DRIVER_TRACES   := $(DRIVER_TRACES):$(DRIVER_UNPACKED)
UNPACKED_REPS   := $(patsubst $(DRIVER_PACKED)/%.gz,$(DRIVER_UNPACKED)/%,$(wildcard $(DRIVER_PACKED)/*.rep.gz))
$(UNPACKED_REPS): $(DRIVER_UNPACKED)/%: $(DRIVER_PACKED)/%.gz
	@mkdir -p $(@D)
	gzip -dc $< > $@.tmp && mv $@.tmp $@
all: $(UNPACKED_REPS)
$(BUILD)/mdriver: | $(UNPACKED_REPS)
endif

DRIVER_DEFS = -DDRIVER_LAB='"$(LAB)"' -DDRIVER_TRACES='"$(DRIVER_TRACES)"' \
              -DDRIVER_ROOT='"$(abspath $(MEMLABS))"' \
              -DDRIVER_POINTS=$(DRIVER_POINTS) -DDRIVER_ALIGN=$(DRIVER_ALIGN) \
              -DDRIVER_SCORE='"$(DRIVER_SCORE)"'
DRIVER_CFLAGS = $(ALL_CFLAGS) -I$(DRIVER_DIR) -I$(COMMON)

# The grader runs the driver as the lab's driver tests, and gives the build
# the reference's objects (labs/common/README.md).
DRIVER_TESTS = $(BUILD)/mdriver
NEEDS_REFERENCE := yes
DRIVER_PROGS := $(BUILD)/mdriver $(BUILD)/driver-worker $(BUILD)/driver-worker-ref

all: $(DRIVER_PROGS)
$(BUILD)/run-tests $(PROGS): $(MEMLIB_O)

$(MEMLIB_O): $(COMMON)/memlib.c $(COMMON)/memlib.h $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The tests run the allocator in their worker, on a heap both map
# (labs/common/heapcall.h): each side links memlib and its half of the calls.
HEAPCALL_O := $(BUILD)/heapcall_judge.o $(BUILD)/heapcall_worker.o
$(BUILD)/run-tests: $(BUILD)/heapcall_judge.o
$(BUILD)/worker: $(MEMLIB_O) $(BUILD)/heapcall_worker.o
$(HEAPCALL_O): $(BUILD)/%.o: $(COMMON)/%.c $(COMMON)/heapcall.h $(COMMON)/memlib.h \
		$(wildcard $(COMMON)/remote*.h) $(FLAGS_STAMP) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(DBUILD) $(DBUILD)/ref $(DBUILD)/sub:
	mkdir -p $@

# The lab's Makefile holds the DRIVER_* settings compiled into mdriver.o.
$(DBUILD)/%.o: $(DRIVER_DIR)/%.c $(DRIVER_HDR) $(firstword $(MAKEFILE_LIST)) | $(DBUILD)
	$(CC) $(DRIVER_CFLAGS) $(DRIVER_DEFS) -c $< -o $@

$(DBUILD)/adapter-student.o: $(DRIVER_ADAPTER) $(DRIVER_HDR) $(HEADERS) | $(DBUILD)
	$(CC) $(DRIVER_CFLAGS) -DALLOCATOR_VAR=student_allocator -DALLOCATOR_STUDENT -c $< -o $@

$(DBUILD)/adapter-reference.o: $(DRIVER_ADAPTER) $(DRIVER_HDR) $(HEADERS) | $(DBUILD)
	$(CC) $(DRIVER_CFLAGS) -DALLOCATOR_VAR=reference_allocator -c $< -o $@

$(DBUILD)/sub/%.o: %.c $(HEADERS) | $(DBUILD)/sub
	$(CC) $(ALL_CFLAGS) $(DRIVER_OPT) -c $< -o $@

# Not on the flags' stamp: the grader installs these objects prebuilt, with
# no sources to rebuild them from.
$(DBUILD)/ref/%.o: $(REFERENCE)/$(LAB)/%.c $(filter-out $(FLAGS_STAMP),$(HEADERS)) | $(DBUILD)/ref
	$(CC) $(ALL_CFLAGS) $(DRIVER_OPT) $(DRIVER_REF_CFLAGS) -c $< -o $@

# One relocatable object per allocator, with only its struct left global.
$(DBUILD)/student.o: $(DBUILD)/adapter-student.o $(SUB_O)
	$(CC) -r -nostdlib $^ -o $@.tmp
	$(OBJCOPY) --keep-global-symbol=student_allocator $@.tmp $@
	rm -f $@.tmp

$(DBUILD)/reference.o: $(DBUILD)/adapter-reference.o $(REF_O)
	$(CC) -r -nostdlib $^ -o $@.tmp
	$(OBJCOPY) --keep-global-symbol=reference_allocator $@.tmp $@
	rm -f $@.tmp

# Building the driver builds its workers: it cannot run without them.
$(BUILD)/mdriver: $(DRIVER_CORE_O) $(DBUILD)/reference.o $(MEMLIB_O) \
		| $(BUILD)/driver-worker $(BUILD)/driver-worker-ref
	$(CC) $(ALL_LDFLAGS) $(filter %.o,$^) -lm -o $@

$(DBUILD)/alloc_worker-ref.o: $(DRIVER_DIR)/alloc_worker.c $(DRIVER_HDR) | $(DBUILD)
	$(CC) $(DRIVER_CFLAGS) -DWORKER_ALLOCATOR=reference_allocator -c $< -o $@

$(BUILD)/driver-worker: $(DBUILD)/alloc_worker.o $(DBUILD)/student.o $(DRIVER_WORKER_O)
	$(CC) $(ALL_LDFLAGS) $^ -lm -o $@

$(BUILD)/driver-worker-ref: $(DBUILD)/alloc_worker-ref.o $(DBUILD)/reference.o $(DRIVER_WORKER_O)
	$(CC) $(ALL_LDFLAGS) $^ -lm -o $@

# make traces [MDRIVER_FLAGS=-V]: run the driver by hand on the lab's traces.
.PHONY: traces
traces: $(DRIVER_PROGS)
	./$(BUILD)/mdriver $(MDRIVER_FLAGS)
