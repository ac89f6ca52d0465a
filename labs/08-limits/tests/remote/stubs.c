// SPDX-License-Identifier: MIT
/*
 * stubs.c - lab 08's tests call none of your functions in their own
 * process: your code runs only in the lab's programs (build/memprobe,
 * memprobe32, supervise, chunks), which the tests start as children of
 * their own, under limits (tests/lab08.c). This file is here so that
 * build/run-tests is linked without your code (labs/common/lab.mk links
 * tests/remote/stubs.c in its place): a constructor in your files runs in
 * your programs, never in the judge.
 */
#include "memlimits.h"
