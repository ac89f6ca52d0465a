#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# setup.sh - Gradescope runs this once, as root, when it builds the
# autograder's image (Ubuntu 22.04): the packages grading needs, as
# grader/packages lists them (libcriterion-dev there is 2.4.0-rc; the labs
# use only what it has), then the grader itself.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates
# The project beside this script (/autograder/source/memlabs on Gradescope).
cd "$(dirname "$0")/memlabs"
# What grading needs, and bubblewrap (Gradescope grades as root): grader/packages.
bash grader/deps.sh grade sandbox
make -s build/grader
