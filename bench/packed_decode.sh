#!/usr/bin/env bash
# Decode speed of packed models against float32 on the random ~1.1B LLaMA-shaped model of
# generate_baseline.sh: RTN-quantizes it to packed 4-bit and 3-bit (RTN: the speed depends only on the
# shapes, and it skips GPTQ's hours on 2 cores), then times greedy generation of each.
#   bash bench/packed_decode.sh [BUILD_DIR]     (needs ../shared for the tokenizer and calibration text)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=${OWQ_SHARED_DIR:-../shared}
owq="$build/app/cli/owq"
work=${OWQ_BENCH_DIR:-/tmp/owq-bench}
tokens=${OWQ_BENCH_TOKENS:-32}
mkdir -p "$work"

if [ ! -f "$work/random-1b/model.safetensors.index.json" ]; then
  "$build/bench/make_random_model" "$work/random-1b" --tokenizer "$shared/tokenizers/llama2/tokenizer.model" >/dev/null
fi
for b in 4 3; do
  if [ ! -f "$work/random-1b-rtn$b/model.safetensors" ]; then
    "$owq" -q quantize "$work/random-1b" --method rtn --wbits "$b" --calib "$shared/data/calib.txt" \
      --nsamples 1 --seqlen 32 --out "$work/random-1b-rtn$b" >/dev/null
  fi
done

run() { # name model
  "$owq" -q --json generate "$2" --prompt "Once upon a time" --temperature 0 --max-tokens "$tokens" |
    python3 -c "import json,sys; j=json.load(sys.stdin); print(f'| $1 | {j[\"load_seconds\"]:.2f} | {j[\"prefill_seconds\"]:.3f} | {j[\"tokens_per_second\"]:.2f} |')"
}
size() { du -sh --apparent-size "$1" | cut -f1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "| model | load s | prefill s (5 tokens) | decode tokens/s |"
echo "|---|---|---|---|"
run "float32 (BF16 on disk, $(size "$work/random-1b"))" "$work/random-1b"
run "packed 4-bit RTN ($(size "$work/random-1b-rtn4"))" "$work/random-1b-rtn4"
run "packed 3-bit RTN ($(size "$work/random-1b-rtn3"))" "$work/random-1b-rtn3"
