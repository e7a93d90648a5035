#!/usr/bin/env bash
# First baseline for docs/BENCHMARKS.md: load time and decode tokens/s of `owq generate` (float32 engine)
# on stories260K and on a random-weight ~1.1B-parameter LLaMA-shaped model made by make_random_model.
#   bash bench/generate_baseline.sh [BUILD_DIR]     (needs ../shared for the tokenizers)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=${OWQ_SHARED_DIR:-../shared}
owq="$build/app/cli/owq"
work=${OWQ_BENCH_DIR:-/tmp/owq-bench}
mkdir -p "$work"

run() { # name model tokens
  "$owq" -q --json generate "$2" --prompt "Once upon a time" --temperature 0 --max-tokens "$3" |
    python3 -c "import json,sys; j=json.load(sys.stdin); print(f'| $1 | {j[\"load_seconds\"]:.2f} | {j[\"prompt_tokens\"]} | {j[\"generated_tokens\"]} | {j[\"prefill_seconds\"]:.3f} | {j[\"tokens_per_second\"]:.1f} |')"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "| model | load s | prompt tokens | generated | prefill s | decode tokens/s |"
echo "|---|---|---|---|---|---|"
run "stories260K (F32)" "$shared/models/stories260K" 200
if [ ! -f "$work/random-1b/model.safetensors.index.json" ]; then
  "$build/bench/make_random_model" "$work/random-1b" --tokenizer "$shared/tokenizers/llama2/tokenizer.model" >/dev/null
fi
run "random 1.1B (BF16 on disk, F32 compute)" "$work/random-1b" 32
