#!/usr/bin/env bash
# The whole CTest suite once more in the OWQ_SANITIZE build (GCC, AddressSanitizer + UndefinedBehaviorSanitizer,
# LeakSanitizer at exit): core, the CLI, the studio and every test, instrumented. Any report fails the test
# that made it (UBSan halts on the first finding, ASan and LSan exit non-zero). The suppression files next to
# this script name only libraries we do not build (LibTorch, OpenBLAS, Qt, fontconfig); each entry says why.
#   bash tests/sanitize/run.sh [BUILD_DIR]   (default build-asan; OWQ_JOBS: build and test jobs, default nproc)
# CI runs it after the normal suite (.ci/run); docs/RELIABILITY.md has the timings and findings.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
build=${1:-${OWQ_ASAN_BUILD_DIR:-build-asan}}
jobs=${OWQ_JOBS:-$(nproc)}
supp="$here/tests/sanitize"

# ccache keys on paths relative to the checkout: a second run (or another clone) reuses the objects.
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
# -O1: the heaviest files compile in 0.55-0.9x their -O3 time (a cold build: 685 s on 2 cores), and the suite
# runs as fast (390 s against 403 s: its time is in LibTorch, OpenBLAS and subprocesses). No benchmarks.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" \
  "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG" -DCMAKE_CXX_FLAGS=-g1 -DOWQ_SANITIZE=ON -DOWQ_WITH_CUDA=OFF \
  -DOWQ_BUILD_BENCH=OFF ${OWQ_CMAKE_ARGS:-} >/dev/null
start=$(date +%s)
cmake --build "$build" -j "$jobs"
built=$(date +%s)

# halt_on_error: the first report ends the test (and fails it). detect_leaks: LSan at exit.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
# The instrumented tests are slower: CTest's timeouts are scaled in tests/CMakeLists.txt (OWQ_SANITIZE).
# One test per core at a time: instrumented, each spends much of its time in its own (single-threaded) code
# and subprocesses, so two jobs on two cores take half the time of one (docs/RELIABILITY.md).
status=0
ctest --test-dir "$build" --output-on-failure -j "${OWQ_SANITIZE_TEST_JOBS:-$jobs}" || status=$?
end=$(date +%s)
echo "sanitize: build $((built - start)) s, tests $((end - built)) s, exit $status"
exit $status
