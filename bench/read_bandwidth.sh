#!/usr/bin/env bash
# This machine's read-only streaming bandwidth in GB/s (bench_packed_gemv's multi-threaded sum over 1 GiB,
# best of two sweeps), the numerator of the rooflines in packed_decode.sh and compare_llamacpp.sh.
#
#   bash bench/read_bandwidth.sh [OWQ_BUILD_DIR]
set -euo pipefail
build=${1:-build}
"$build/bench/bench_packed_gemv" --shapes 32x64 --bits 4 --groups 0 --weak-frac 0 --isa scalar --modes hot \
  --no-torch --min-time 0.01 --repeat 2 | sed -n 's/.*read-only sum \([0-9.]*\) GB\/s$/\1/p' | tail -1
