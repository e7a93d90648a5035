#!/usr/bin/env bash
# Builds core + CLI against a machine's PyTorch LibTorch (CUDA), with the packed CUDA kernels, and runs the
# engine and the quantizer on the GPU beside the same runs on the CPU (docs/GPU.md). Run from the repository
# root on a GPU machine with PyTorch, cmake, g++ and nvcc. Header-only and small dependencies the machine
# lacks come from .devdeps/ (nlohmann and CLI11 headers and CMake configs, sentencepiece headers, libraries
# and a relocatable .pc file) and the fixtures from .devdeps/models (stories260K, eval.txt, calib.txt,
# stories260K-greedy.txt), copied there from the build machine. Results go to $OUT (default /tmp/owq-gpu):
# cmake.log, build.log, and the runs' output on stdout, each step framed by "== step" and "== exit N".
# A step that crashes is run again under cuda-gdb for a backtrace (after $PRE, when set).
set -u
OUT=${OUT:-/tmp/owq-gpu}
B=${OWQ_CORE_BUILD:-/tmp/owq-core-build}
mkdir -p "$OUT"
NVCC=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
TP=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print("torch", torch.__version__, "cuda", torch.cuda.is_available())'
D=$PWD/.devdeps
export PKG_CONFIG_PATH=$D/lib/pkgconfig LD_LIBRARY_PATH=$D/lib:${LD_LIBRARY_PATH:-}
sed -i "s|/usr/include|$D/include|g" "$D"/share/cmake/nlohmann_json/*.cmake || true
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE="${OWQ_BUILD_TYPE:-RelWithDebInfo}" -DOWQ_BUILD_GUI=OFF -DOWQ_BUILD_TESTS=OFF \
  -DOWQ_WITH_CUDA=ON -DCMAKE_CUDA_COMPILER="$NVCC" -DCMAKE_PREFIX_PATH="$TP;$D/share/cmake" \
  -DCMAKE_CXX_FLAGS="-I$D/include" > "$OUT/cmake.log" 2>&1 || { tail -40 "$OUT/cmake.log"; exit 1; }
cmake --build "$B" -j"$(nproc)" --target owq owq_spm_shim -- -k > "$OUT/build.log" 2>&1 ||
  { grep -E "error" "$OUT/build.log" | head -30; exit 1; }
O=$B/app/cli/owq
M=$D/models/stories260K
E=$D/models/eval.txt
FAILED=0
step() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  local t0=$(date +%s%N)
  "$@"
  local rc=$?
  echo "== exit $rc ($((($(date +%s%N) - t0) / 1000000)) ms)" >&2
  if [ $rc -ge 128 ] && command -v cuda-gdb > /dev/null; then
    echo "== $name crashed: backtrace" >&2
    eval "${PRE:-true}" # e.g. remove the output a crashed quantize left
    timeout "${OWQ_GDB_TIMEOUT:-240}" cuda-gdb -batch -ex run -ex bt --args "$@" 2>&1 | grep -v "^\[New Thread\|^\[Thread" | tail -60 >&2
  fi
  [ $rc -eq 0 ] || FAILED=1
  return $rc
}
Q=(quantize "$M" --method owq --wbits 3 --target-bit 3.1 --calib "$D/models/calib.txt" --seqlen 512 --eval "$E")
step "float ppl cuda" "$O" --device cuda --json ppl "$M" --data "$E" --seqlen 512
step "float ppl cpu" "$O" --json ppl "$M" --data "$E" --seqlen 512
step "float greedy cuda" "$O" -q --device cuda generate "$M" --prompt "" --temperature 0 --max-tokens 256 \
  > "$OUT/greedy_cuda.txt"
cmp "$OUT/greedy_cuda.txt" "$D/models/stories260K-greedy.txt" && echo GREEDY_CUDA_IDENTICAL || FAILED=1
rm -rf /tmp/owq-q-cuda /tmp/owq-q-cpu
step "quantize owq3 cuda" "$O" --device cuda --json "${Q[@]}" --out /tmp/owq-q-cuda
PRE="rm -rf /tmp/owq-q-cpu" step "quantize owq3 cpu" "$O" --json "${Q[@]}" --out /tmp/owq-q-cpu
rm -rf /tmp/owq-q-cpu1
step "quantize owq3 cpu, one solve at a time" env OWQ_GROUP_CONCURRENCY=1 "$O" --json "${Q[@]}" --out /tmp/owq-q-cpu1
for q in /tmp/owq-q-cuda /tmp/owq-q-cpu; do
  [ -f "$q/config.json" ] || continue
  step "packed ppl cuda $q" "$O" --device cuda --json ppl "$q" --data "$E" --seqlen 512
  step "packed ppl cpu $q" "$O" --json ppl "$q" --data "$E" --seqlen 512
  step "packed greedy cuda $q" "$O" -q --device cuda generate "$q" --prompt "" --temperature 0 --max-tokens 64 \
    > "$OUT/packed_cuda.txt"
  step "packed greedy cpu $q" "$O" -q generate "$q" --prompt "" --temperature 0 --max-tokens 64 \
    > "$OUT/packed_cpu.txt"
  cmp "$OUT/packed_cuda.txt" "$OUT/packed_cpu.txt" && echo "PACKED_GREEDY_IDENTICAL $q" || FAILED=1
done
echo "== all steps: $([ $FAILED = 0 ] && echo passed || echo FAILED)"
exit $FAILED
