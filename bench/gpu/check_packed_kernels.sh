#!/usr/bin/env bash
# Builds and runs the packed CUDA kernels' checks and GEMV benchmark on a GPU machine, in one go (docs/GPU.md,
# "Packed kernels"). Run from the repository root. Results go to $OUT (default /tmp/owq-gpu-kernels):
#   summary.txt   GPU, nvcc, commit, how it was built, the check's and the benchmark's result lines
#   cmake.log, build.log
#   check.txt     check_packed_cuda: tests/gpu/test_packed_cuda.cpp without Qt (GPU machines have none)
#   memcheck.txt  the GEMV and dequantize checks again under compute-sanitizer memcheck
#   bench.txt     bench_packed_cuda: us/call, GB/s and % of peak bandwidth, against cuBLAS fp16
#   ncu.txt       Nsight Compute: DRAM throughput of one m = 1 GEMV (4096 x 11008, 3-bit)
# Build: CMake as check_core_on_cuda_libtorch.sh does it (the machine's PyTorch LibTorch, the small
# dependencies from .devdeps/ when present, no GUI, no Qt tests), but only the targets that need neither
# LibTorch nor Qt. If configuring the whole project fails there (no .devdeps, say), the same three sources are
# compiled directly with nvcc and g++ instead (OWQ_GPU_DIRECT=1: that way only). OWQ_MEMCHECK_TIMEOUT and
# OWQ_NCU_TIMEOUT (seconds, default 300 and 180) bound the two tool runs. Exit status: that of the check.
set -u
OUT=${OUT:-/tmp/owq-gpu-kernels}
B=${OWQ_GPU_BUILD:-/tmp/owq-kernels-build}
mkdir -p "$OUT" "$B"
S="$OUT/summary.txt"
: > "$S"
say() { echo "$*" | tee -a "$S"; }

NVCC=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
CUDA_HOME=${CUDA_HOME:-$(dirname "$(dirname "$NVCC")")}
export PATH="$CUDA_HOME/bin:$PATH"
say "commit: $(git rev-parse --short HEAD 2>/dev/null) $(git status --porcelain 2>/dev/null | wc -l) changed files"
say "gpu: $(nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv,noheader 2>&1)"
say "nvcc: $("$NVCC" --version 2>&1 | tail -1)"

BIN=""
# ---- 1. CMake ----
TP=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)
D=$PWD/.devdeps
if [ -d "$D" ]; then
  export PKG_CONFIG_PATH=$D/lib/pkgconfig LD_LIBRARY_PATH=$D/lib:${LD_LIBRARY_PATH:-}
  sed -i "s|/usr/include|$D/include|g" "$D"/share/cmake/nlohmann_json/*.cmake 2>/dev/null || true
fi
if [ "${OWQ_GPU_DIRECT:-0}" != 1 ] &&
   cmake -S . -B "$B/cmake" -DCMAKE_BUILD_TYPE=Release -DOWQ_BUILD_GUI=OFF -DOWQ_BUILD_TESTS=OFF -DOWQ_WITH_CUDA=ON \
     -DCMAKE_CUDA_COMPILER="$NVCC" -DCMAKE_PREFIX_PATH="$TP;$D/share/cmake" -DCMAKE_CXX_FLAGS="-I$D/include" \
     > "$OUT/cmake.log" 2>&1 &&
   cmake --build "$B/cmake" -j"$(nproc)" --target check_packed_cuda bench_packed_cuda > "$OUT/build.log" 2>&1; then
  BIN=$B/cmake/bench/gpu
  say "build: CMake (owq_kernels with CUDA, check_packed_cuda, bench_packed_cuda)"
else
  if [ "${OWQ_GPU_DIRECT:-0}" = 1 ]; then
    say "build: directly with nvcc and g++ (OWQ_GPU_DIRECT=1)"
  else
    say "build: CMake failed (tail of its logs below); compiling directly with nvcc and g++"
    tail -15 "$OUT/cmake.log" "$OUT/build.log" 2>/dev/null | tee -a "$S"
  fi
  # ---- 2. fallback: the kernels, the CPU reference, the check and the bench, nothing else ----
  F=$B/direct
  mkdir -p "$F"
  INC="-Ikernels/include -I$CUDA_HOME/include"
  LIB="-L$CUDA_HOME/lib64 -L$CUDA_HOME/lib -Wl,-rpath,$CUDA_HOME/lib64:$CUDA_HOME/lib"
  {
    set -x
    "$NVCC" -O3 -std=c++17 -Xcompiler -fPIC -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
      -Ikernels/include -c kernels/src/cuda/packed_cuda.cu -o "$F/packed_cuda.o" &&
    g++ -O2 -std=c++20 -fopenmp $INC -c kernels/src/packed_reference.cpp -o "$F/packed_reference.o" &&
    g++ -O2 -std=c++20 -fopenmp $INC -DOWQ_GPU_TEST_STANDALONE tests/gpu/test_packed_cuda.cpp \
      "$F/packed_reference.o" "$F/packed_cuda.o" $LIB -lcudart -o "$F/check_packed_cuda"
    g++ -O2 -std=c++20 -fopenmp $INC bench/gpu/bench_packed_cuda.cpp "$F/packed_reference.o" "$F/packed_cuda.o" \
      $LIB -lcublas -lcudart -o "$F/bench_packed_cuda"
    set +x
  } >> "$OUT/build.log" 2>&1
  [ -x "$F/check_packed_cuda" ] && BIN=$F
fi
if [ -z "$BIN" ]; then
  say "BUILD FAILED"
  grep -E "error" "$OUT/build.log" | head -30 | tee -a "$S"
  exit 1
fi

# ---- 3. the check ----
"$BIN/check_packed_cuda" > "$OUT/check.txt" 2>&1
RC=$?
say "check (exit $RC):"
grep -E "^(PASS|FAIL|device|skipped)|passed, .* failed" "$OUT/check.txt" | tee -a "$S"

# ---- 4. memory errors: the kernels under compute-sanitizer ----
if command -v compute-sanitizer > /dev/null; then
  timeout "${OWQ_MEMCHECK_TIMEOUT:-300}" compute-sanitizer --tool memcheck --leak-check no "$BIN/check_packed_cuda" gemmMatchesReference \
    gemmRaggedGroupsAndMisaligned dequantizeMatchesReference > "$OUT/memcheck.txt" 2>&1
  say "memcheck (exit $?): $(grep -E 'ERROR SUMMARY|passed, .* failed' "$OUT/memcheck.txt" | tr '\n' ' ')"
fi

# ---- 5. the benchmark ----
"$BIN/bench_packed_cuda" > "$OUT/bench.txt" 2>&1
say "bench (exit $?):"
tee -a "$S" < "$OUT/bench.txt"

# ---- 6. one GEMV through Nsight Compute: achieved DRAM bandwidth ----
if command -v ncu > /dev/null; then
  timeout "${OWQ_NCU_TIMEOUT:-180}" ncu --kernel-name regex:gemvKernel --launch-skip 2 --launch-count 1 --section SpeedOfLight \
    --section MemoryWorkloadAnalysis "$BIN/bench_packed_cuda" --quick --shape 4096x11008 > "$OUT/ncu.txt" 2>&1
  say "ncu (exit $?): $(grep -E 'DRAM Throughput|Memory Throughput|Duration' "$OUT/ncu.txt" | head -4 | tr -s ' ' | tr '\n' ';')"
fi
exit $RC
