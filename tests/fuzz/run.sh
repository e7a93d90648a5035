#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 60) from a seed corpus made at
# run time (valid inputs written by our own writers, and the shared fixtures when ../shared exists).
# Crashes are saved under $OWQ_FUZZ_DIR/artifacts and fail the run; inputs under tests/fuzz/regressions/TARGET/
# (earlier crashes) are replayed first.
#   bash tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
work=${OWQ_FUZZ_DIR:-build-fuzz}
shared=${OWQ_SHARED_DIR:-../shared}
CXX=clang++ cmake -S tests/fuzz -B "$work" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$work" -j"$(nproc)" >/dev/null
mkdir -p "$work/artifacts"
for t in safetensors config packed tokenizer hf_tokenizer jinja; do mkdir -p "$work/corpus/$t"; done

# Seeds: a valid packed tiny model, the shared checkpoints' configs and headers, tokenizers.
OWQ_FUZZ_WRITE_SEED="$work/corpus/packed/seed-valid" "$work/fuzz_packed" >/dev/null 2>&1 || true
cp "$work/corpus/packed/seed-valid" "$work/corpus/safetensors/seed-packed"
printf '{"model_type":"llama","hidden_size":64,"intermediate_size":172,"num_hidden_layers":5,"num_attention_heads":8,"num_key_value_heads":4,"vocab_size":512}' >"$work/corpus/config/seed-min"
if [ -d "$shared/models" ]; then
  for m in "$shared"/models/*/; do
    n=$(basename "$m")
    cp "$m/config.json" "$work/corpus/config/seed-$n"
    for f in "$m"/*.safetensors; do
      [ -f "$f" ] || continue
      # The header and a little data: big enough to parse, small enough to mutate quickly.
      head -c 65536 "$f" >"$work/corpus/safetensors/seed-$n-$(basename "$f")"
    done
  done
  for tk in "$shared"/models/stories260K/tokenizer.model "$shared"/tokenizers/llama2/tokenizer.model; do
    [ -f "$tk" ] && cp "$tk" "$work/corpus/tokenizer/seed-$(basename "$(dirname "$tk")")"
  done
fi
# tokenizer.json seeds are written by the target itself (small valid files of each kind); chat templates
# of the shapes the Hub's models use.
OWQ_FUZZ_WRITE_SEED="$work/corpus/hf_tokenizer/seed-builtin" "$work/fuzz_hf_tokenizer" >/dev/null 2>&1 || true
cat >"$work/corpus/jinja/seed-chatml" <<'EOT'
{%- for message in messages %}{{- '<|im_start|>' + message.role + '\n' + message.content | trim + '<|im_end|>\n' }}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- endif %}
EOT
cat >"$work/corpus/jinja/seed-ns" <<'EOT'
{% set ns = namespace(i=0, sys='') %}{% for m in messages[::-1] %}{% if loop.first and m['role'] == 'user' %}{% set ns.i = loop.index0 %}{% endif %}{% endfor %}{% macro turn(r, c) %}[{{ r|upper }}] {{ c.split('</think>')[-1].lstrip('\n') }}{% endmacro %}{{ bos_token }}{% for m in messages %}{% if m.role not in ['user', 'assistant', 'system'] %}{{ raise_exception('bad role') }}{% elif m.role == 'system' %}{% set ns.sys = m.content %}{% else %}{{ turn(m.role, m.content) }}{{ eos_token if not loop.last else '' }}{% endif %}{% endfor %}{{ ns.sys | tojson }}
EOT

# Crashes found earlier, kept as regression inputs (tests/fuzz/regressions/TARGET/): each must run clean.
status=0
for t in safetensors config packed tokenizer hf_tokenizer jinja; do
  reg=tests/fuzz/regressions/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    if ! "$work/fuzz_$t" "$reg"/* >"$work/regress_$t.log" 2>&1; then
      echo "fuzz_$t: a regression input fails again: see $work/regress_$t.log"; tail -40 "$work/regress_$t.log"; status=1
    fi
  fi
done

# Each target is one libFuzzer process (one core): OWQ_FUZZ_PARALLEL of them run at once (default: the cores,
# at most 4), so four targets of SECONDS each take 2 x SECONDS on two cores.
parallel=${OWQ_FUZZ_PARALLEL:-$(nproc)}
[ "$parallel" -gt 4 ] && parallel=4
[ "$parallel" -lt 1 ] && parallel=1
fuzz_one() {
  local t=$1 maxlen=65536
  [ "$t" = tokenizer ] && maxlen=600000
  [ "$t" = hf_tokenizer ] && maxlen=262144
  "$work/fuzz_$t" "$work/corpus/$t" -max_total_time="$secs" -max_len=$maxlen -rss_limit_mb=4096 \
    -artifact_prefix="$work/artifacts/$t-" -print_final_stats=1 >"$work/fuzz_$t.log" 2>&1
}
targets=(safetensors config packed tokenizer hf_tokenizer jinja)
echo "fuzzing ${#targets[@]} targets for ${secs}s each, $parallel at a time"
for ((i = 0; i < ${#targets[@]}; i += parallel)); do
  pids=()
  batch=("${targets[@]:i:parallel}")
  for t in "${batch[@]}"; do
    fuzz_one "$t" &
    pids+=($!)
  done
  for k in "${!batch[@]}"; do
    t=${batch[$k]}
    if ! wait "${pids[$k]}"; then
      echo "fuzz_$t FAILED: see $work/fuzz_$t.log and $work/artifacts/"; tail -40 "$work/fuzz_$t.log"; status=1
    else
      echo "fuzz_$t: ${secs}s"
      grep -E "stat::number_of_executed_units|cov:" "$work/fuzz_$t.log" | tail -2
    fi
  done
done
exit $status
