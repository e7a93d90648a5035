#!/usr/bin/env bash
# Decode speed of packed models against float32 on the random ~1.1B LLaMA-shaped model of
# generate_baseline.sh: RTN-quantizes it to packed 4-bit and 3-bit (RTN: the speed depends only on the
# shapes, and it skips GPTQ's hours on 2 cores), then times greedy generation of each, next to the roofline:
# the bench's measured read bandwidth / the bytes one decode step must read (every tensor in the form the
# engine keeps in memory: packed linears as stored, everything else float32, one row of the embedding).
#   bash bench/packed_decode.sh [BUILD_DIR]     (needs ../shared for the tokenizer and calibration text)
# OWQ_BENCH_GROUP: group size of the packed models (0, per channel, by default; 128 for issue 22's table);
# OWQ_BENCH_SKIP_FLOAT=1 leaves out the (slow) float32 model; OWQ_BENCH_DIR, OWQ_BENCH_TOKENS as before.
# OWQ_BENCH_BITS: the packed widths to time ("4 3" by default). OWQ_BENCH_HEADS: head formats of owq quantize
# --head (e.g. "f32 bf16 int8"), each a 4-bit model of its own, timed after the others (issue 22's cheaper head).
# OWQ_BENCH_PREFILL=N: prompt processing instead: a prompt of at most N tokens (eval.txt's first words) and
# one generated token per model; prints prefill tokens/s (issue 22's 512-token prefill).
# OWQ_BENCH_MODELS="DIR ...": decode these model folders instead (e.g. a 7B-shaped one: bench/make_random_model
# --preset llama2-7b, then owq quantize --method rtn), next to the same roofline; nothing is generated.
# OWQ_BENCH_FLAGS: global owq flags for the timed runs, e.g. "--int8-activations".
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shared=${OWQ_SHARED_DIR:-../shared}
owq="$build/app/cli/owq"
work=${OWQ_BENCH_DIR:-/tmp/owq-bench}
tokens=${OWQ_BENCH_TOKENS:-32}
group=${OWQ_BENCH_GROUP:-0}
suffix=$([ "$group" = 0 ] && echo "" || echo "-g$group")
bits=${OWQ_BENCH_BITS:-4 3}
heads=${OWQ_BENCH_HEADS:-}
models=${OWQ_BENCH_MODELS:-}
mkdir -p "$work"

if [ -z "$models" ] && [ ! -f "$work/random-1b/model.safetensors.index.json" ]; then
  "$build/bench/make_random_model" "$work/random-1b" --tokenizer "$shared/tokenizers/llama2/tokenizer.model" >/dev/null
fi
quantize() { # bits out [head]
  if [ ! -f "$2/model.safetensors" ]; then
    "$owq" -q quantize "$work/random-1b" --method rtn --wbits "$1" --groupsize "$group" --head "${3:-source}" \
      --calib "$shared/data/calib.txt" --nsamples 1 --seqlen 32 --out "$2" >/dev/null
  fi
}
if [ -z "$models" ]; then
  for b in $bits; do quantize "$b" "$work/random-1b-rtn$b$suffix"; done
  for h in $heads; do quantize 4 "$work/random-1b-rtn4$suffix-head-$h" "$h"; done
fi

# Read bandwidth of this machine now.
readbw=$(bash bench/read_bandwidth.sh "$build")

# Bytes one decode step reads from the model's safetensors headers.
step_bytes() { python3 bench/step_bytes.py "$1"; }

run() { # name model
  local bytes
  bytes=$(step_bytes "$2")
  # shellcheck disable=SC2086 # OWQ_BENCH_FLAGS: zero or more flags
  "$owq" -q --json ${OWQ_BENCH_FLAGS:-} generate "$2" --prompt "Once upon a time" --temperature 0 --max-tokens "$tokens" |
    python3 -c "
import json, sys
j = json.load(sys.stdin); b = $bytes; bw = $readbw
roof = bw * 1e9 / b
print(f'| $1 | {j[\"load_seconds\"]:.2f} | {j[\"prefill_seconds\"]:.3f} | {j[\"tokens_per_second\"]:.2f} | {b / 1e6:.0f} | {roof:.1f} | {100 * j[\"tokens_per_second\"] / roof:.0f}% |')"
}
size() { du -sh --apparent-size "$1" | cut -f1; }

if [ -n "$models" ]; then
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); read bandwidth $readbw GB/s; load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "| model | load s | prefill s (5 tokens) | decode tokens/s | MB read per token | roofline tokens/s | of roofline |"
  echo "|---|---|---|---|---|---|---|"
  for m in $models; do run "$(basename "$m") ($(size "$m"))" "$m"; done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

prefill=${OWQ_BENCH_PREFILL:-0}
run_prefill() { # name model
  "$owq" -q --json generate "$2" --prompt "$prompt" --temperature 0 --max-tokens 1 |
    python3 -c "
import json, sys
j = json.load(sys.stdin)
print(f'| $1 | {j[\"prompt_tokens\"]} | {j[\"prefill_seconds\"]:.2f} | {j[\"prompt_tokens\"] / j[\"prefill_seconds\"]:.1f} |')"
}
if [ "$prefill" != 0 ]; then
  # A prompt of at most N tokens (BOS included): as many of eval.txt's first words as the tokenizer fits.
  prompt=$(python3 - "$shared/data/eval.txt" "$prefill" "$owq" "$work/random-1b" <<'EOF'
import json, subprocess, sys
words = open(sys.argv[1]).read().split()
def count(n):
    out = subprocess.run([sys.argv[3], "-q", "--json", "tokenize", sys.argv[4], "--text", " ".join(words[:n])],
                         capture_output=True, text=True, check=True).stdout
    return len(json.loads(out)["ids"])
lo, hi = 1, min(len(words), 4 * int(sys.argv[2]))
while lo < hi:
    mid = (lo + hi + 1) // 2
    lo, hi = (mid, hi) if count(mid) <= int(sys.argv[2]) else (lo, mid - 1)
print(" ".join(words[:lo]))
EOF
)
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "| model | prompt tokens | prefill s | prefill tokens/s |"
  echo "|---|---|---|---|"
  [ "${OWQ_BENCH_SKIP_FLOAT:-0}" = 1 ] || run_prefill "float32" "$work/random-1b"
  g=$([ "$group" = 0 ] && echo "per channel" || echo "group $group")
  for b in $bits; do run_prefill "packed $b-bit RTN, $g" "$work/random-1b-rtn$b$suffix"; done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); read bandwidth $readbw GB/s; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| model | load s | prefill s (5 tokens) | decode tokens/s | MB read per token | roofline tokens/s | of roofline |"
echo "|---|---|---|---|---|---|---|"
[ "${OWQ_BENCH_SKIP_FLOAT:-0}" = 1 ] || run "float32 (BF16 on disk, $(size "$work/random-1b"))" "$work/random-1b"
g=$([ "$group" = 0 ] && echo "per channel" || echo "group $group")
for b in $bits; do
  run "packed $b-bit RTN, $g ($(size "$work/random-1b-rtn$b$suffix"))" "$work/random-1b-rtn$b$suffix"
done
for h in $heads; do
  m="$work/random-1b-rtn4$suffix-head-$h"
  run "packed 4-bit RTN, $g, head $h ($(size "$m"))" "$m"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
