#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image (Ubuntu 22.04): the compilers and Criterion from
# Ubuntu's packages (libcriterion-dev there is 2.4.0-rc; the labs use only
# what it has), then the grader itself.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	gcc make pkg-config libcriterion-dev python3 binutils tar valgrind bubblewrap ca-certificates
cd /autograder/source/memlabs
make -s build/grader
