#!/usr/bin/env bash
# Builds core + CLI against a machine's PyTorch LibTorch (CUDA) and runs the engine and the quantizer on the GPU.
# Run from the repository root on a GPU machine with PyTorch, cmake and g++. Header-only and small dependencies
# the machine lacks come from .devdeps/ (nlohmann and CLI11 headers and CMake configs, sentencepiece headers,
# libraries and a relocatable .pc file) and the fixtures from .devdeps/models (stories260K, eval.txt, calib.txt,
# stories260K-greedy.txt), copied there from the build machine. Results go to $OUT (default /tmp/owq-gpu).
set -x
OUT=${OUT:-/tmp/owq-gpu}; mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total --format=csv
TP=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
python3 -c 'import torch;print(torch.__version__, torch.cuda.is_available(), torch._C._GLIBCXX_USE_CXX11_ABI)'
D=$PWD/.devdeps
export PKG_CONFIG_PATH=$D/lib/pkgconfig LD_LIBRARY_PATH=$D/lib:$LD_LIBRARY_PATH
sed -i "s|/usr/include|$D/include|g" $D/share/cmake/nlohmann_json/*.cmake || true
cmake -S . -B /tmp/b -DCMAKE_BUILD_TYPE=Release -DOWQ_BUILD_GUI=OFF -DOWQ_BUILD_TESTS=OFF -DOWQ_WITH_CUDA=OFF \
  -DCMAKE_PREFIX_PATH="$TP;$D/share/cmake" -DCMAKE_CXX_FLAGS="-I$D/include" > $OUT/cmake.log 2>&1 || { tail -40 $OUT/cmake.log; exit 1; }
cmake --build /tmp/b -j16 --target owq owq_spm_shim -- -k > $OUT/build.log 2>&1 || { grep -E "error" $OUT/build.log | head -30; exit 1; }
O=/tmp/b/app/cli/owq
M=$D/models/stories260K
$O --device cuda --json ppl $M --data $D/models/eval.txt --seqlen 512
$O --json ppl $M --data $D/models/eval.txt --seqlen 512
$O -q --device cuda generate $M --prompt "" --temperature 0 --max-tokens 256 > $OUT/greedy_cuda.txt; cmp $OUT/greedy_cuda.txt $D/models/stories260K-greedy.txt && echo GREEDY_CUDA_IDENTICAL
$O -q --device cuda --json quantize $M --method owq --wbits 3 --target-bit 3.1 --calib $D/models/calib.txt --seqlen 512 --out /tmp/q --eval $D/models/eval.txt
