#!/usr/bin/env bash
# Whole-model decode side by side with llama.cpp on one CPU: the float model is written as GGUF
# (bench/hf_to_gguf.py), quantized by llama.cpp's llama-quantize to k-quants (Q3_K_S, Q4_K_S by
# default), and timed by llama-bench (tokens generated from an empty context); owq's packed folders of the
# same model are timed by `owq generate` (greedy, from a 5-token prompt). Alternately, in rounds, with the
# same number of threads and tokens; then the tokens/s and the bytes each side streams.
#
#   bash bench/compare_llamacpp.sh OWQ_BUILD_DIR LLAMACPP_GIT_DIR FLOAT_MODEL [OWQ_MODEL...]
#
# LLAMACPP_GIT_DIR: a git directory (bare or not) of github.com/ggml-org/llama.cpp or a fork. Only the
# sources llama-quantize and llama-bench need are exported into a temporary folder ($OWQ_LLAMACPP_WORK,
# default /tmp/owq-llamacpp-<commit>, reused by later runs) and built there, CPU backend only; nothing of
# llama.cpp enters this repository. FLOAT_MODEL: a LLaMA-style folder with float safetensors and a
# sentencepiece tokenizer.model (e.g. bench/make_random_model's); its GGUF keeps Hugging Face's q/k row
# order, so the text differs from owq's while the work per token is the same.
# Settings: OWQ_LLAMACPP_TYPES ("Q3_K_S Q4_K_S"), OWQ_LLAMACPP_ROUNDS (2), OWQ_LLAMACPP_TOKENS (64),
# OWQ_LLAMACPP_THREADS (all cores), OWQ_LLAMACPP_JOBS (make -j, 2), OWQ_LLAMACPP_INT8=1 (each owq model also
# with --int8-activations: 8-bit activations, llama.cpp's own q8 numerics).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
build=$1
git_dir=$2
float_model=$3
shift 3
owq_models=("$@")
types=${OWQ_LLAMACPP_TYPES:-Q3_K_S Q4_K_S}
rounds=${OWQ_LLAMACPP_ROUNDS:-2}
tokens=${OWQ_LLAMACPP_TOKENS:-64}
threads=${OWQ_LLAMACPP_THREADS:-$(nproc)}
jobs=${OWQ_LLAMACPP_JOBS:-2}
variants=("")
[ "${OWQ_LLAMACPP_INT8:-0}" = 1 ] && variants+=("--int8-activations")
owq="$build/app/cli/owq"

[ -x "$owq" ] || { echo "compare_llamacpp.sh: $owq not found: build owq first" >&2; exit 2; }
[ -f "$float_model/config.json" ] || { echo "compare_llamacpp.sh: $float_model has no config.json" >&2; exit 2; }
if ! git --git-dir="$git_dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  if [ -d "$git_dir/.git" ]; then
    git_dir="$git_dir/.git"
  else
    echo "compare_llamacpp.sh: no llama.cpp git directory at '$git_dir'" >&2
    echo "  e.g.  git clone --bare https://github.com/ggml-org/llama.cpp /tmp/llama.cpp.git" >&2
    exit 2
  fi
fi
commit=$(git --git-dir="$git_dir" rev-parse HEAD)
work=${OWQ_LLAMACPP_WORK:-${TMPDIR:-/tmp}/owq-llamacpp-${commit:0:12}}
mkdir -p "$work"

bin="$work/build/bin"
if [ ! -x "$bin/llama-bench" ] || [ ! -x "$bin/llama-quantize" ]; then
  echo "building llama.cpp ${commit:0:12} llama-quantize and llama-bench (CPU backend only) in $work" >&2
  rm -rf "$work/src"
  mkdir -p "$work/src"
  # The build's sources only: large files elsewhere (docs, models) may be absent from a partial mirror.
  wanted=()
  for p in CMakeLists.txt cmake common ggml include src tools vendor licenses LICENSE app; do
    git --git-dir="$git_dir" cat-file -e "HEAD:$p" 2>/dev/null && wanted+=("$p")
  done
  git --git-dir="$git_dir" archive HEAD -- "${wanted[@]}" | tar -x -C "$work/src"
  cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON \
    -DGGML_CUDA=OFF -DGGML_BLAS=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF \
    -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF >"$work/cmake.log" 2>&1 ||
    { tail -20 "$work/cmake.log" >&2; exit 1; }
  nice -n 19 cmake --build "$work/build" --target llama-quantize llama-bench -j "$jobs" >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; exit 1; }
fi

name=$(basename "$(realpath "$float_model")")
float_gguf="$work/$name-float.gguf"
[ -f "$float_gguf" ] || python3 bench/hf_to_gguf.py "$float_model" "$float_gguf" >&2
ggufs=()
for t in $types; do
  q="$work/$name-$t.gguf"
  if [ ! -f "$q" ]; then
    "$bin/llama-quantize" "$float_gguf" "$q.tmp" "$t" "$threads" >"$work/quantize-$t.log" 2>&1 ||
      { tail -20 "$work/quantize-$t.log" >&2; exit 1; }
    mv "$q.tmp" "$q"
  fi
  ggufs+=("$q")
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); llama.cpp ${commit:0:12}; $threads threads, $tokens tokens"
for r in $(seq 1 "$rounds"); do
  echo "round $r (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  bash bench/read_bandwidth.sh "$build" >"$out/bw$r"
  for q in "${ggufs[@]}"; do
    "$bin/llama-bench" -m "$q" -p 0 -n "$tokens" -t "$threads" -r 1 -o json >"$out/$(basename "$q").$r.json" 2>/dev/null
  done
  for m in "${owq_models[@]}"; do
    for v in "${variants[@]}"; do
      # shellcheck disable=SC2086 # $v: no flag or one
      "$owq" -q --json --threads "$threads" $v generate "$m" --prompt "Once upon a time" --temperature 0 \
        --max-tokens "$tokens" >"$out/$(basename "$m")$v.$r.owq.json"
    done
  done
done

python3 - "$out" "$rounds" "${OWQ_LLAMACPP_INT8:-0}" "${ggufs[@]}" -- "${owq_models[@]}" <<'EOF'
import json, os, sys
sys.path.insert(0, "bench")
from step_bytes import gguf_step_bytes, owq_step_bytes
out, rounds, int8 = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
rest = sys.argv[4:]
split = rest.index("--")
ggufs, models = rest[:split], rest[split + 1:]
bws = [float(open(f"{out}/bw{r}").read() or "nan") for r in range(1, rounds + 1)]

rows = []
for q in ggufs:
    ts = [json.load(open(f"{out}/{os.path.basename(q)}.{r}.json"))[0]["avg_ts"] for r in range(1, rounds + 1)]
    rows.append((f"llama.cpp {os.path.basename(q)}", gguf_step_bytes(q), ts))
for m in models:
    for v in ["", "--int8-activations"] if int8 else [""]:
        ts = [json.load(open(f"{out}/{os.path.basename(m)}{v}.{r}.owq.json"))["tokens_per_second"]
              for r in range(1, rounds + 1)]
        rows.append((f"owq {os.path.basename(m)}" + (" (int8 activations)" if v else ""), owq_step_bytes(m), ts))
print("read bandwidth per round: " + " / ".join(f"{b:.1f}" for b in bws) + " GB/s")
print("| model | MB read per token | " + " | ".join(f"round {r} tokens/s" for r in range(1, rounds + 1)) +
      " | best | GB/s at best | best vs roofline (best bw) |")
print("|---|---|" + "---|" * rounds + "---|---|---|")
for name, size, ts in rows:
    best = max(ts)
    roof = max(bws) * 1e9 / size
    print(f"| {name} | {size / 1e6:.0f} | " + " | ".join(f"{t:.2f}" for t in ts) +
          f" | {best:.2f} | {best * size / 1e9:.1f} | {100 * best / roof:.0f}% |")
EOF
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
