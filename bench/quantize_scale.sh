#!/usr/bin/env bash
# Quantization at LLaMA-2-7B layer shapes on random weights: per-layer seconds (owq_diagnostics.json) and
# peak RSS (/usr/bin/time -v) of `owq quantize` for models of 1, 4, 8 ... 7B-shaped decoder layers, to show
# what a layer costs and that memory stays bounded as layers are added (docs/BENCHMARKS.md).
#
#   bash bench/quantize_scale.sh BUILD [WORK]
#   env: LAYERS="1 4 8"  NSAMPLES=1  SEQLEN=2048  METHOD=gptq  WBITS=3  SPILL=  (1: force the activation
#        spill)  THREADS=0  PRESET=llama2-7b
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
WORK=${2:-/tmp/owq-scale}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${OWQ_SHARED:-$ROOT/../shared}
LAYERS=${LAYERS:-1 4 8}
NSAMPLES=${NSAMPLES:-1}
SEQLEN=${SEQLEN:-2048}
METHOD=${METHOD:-gptq}
WBITS=${WBITS:-3}
THREADS=${THREADS:-0}
PRESET=${PRESET:-llama2-7b}
mkdir -p "$WORK"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
# One random checkpoint with the most layers (one shard per layer); the smaller models link its first shards.
MAX=$(printf '%s\n' $LAYERS | sort -n | tail -1)
BIG=$WORK/$PRESET-L$MAX
[ -f "$BIG/model.safetensors.index.json" ] ||
    "$BUILD/bench/make_random_model" "$BIG" --tokenizer "$SHARED/tokenizers/llama2/tokenizer.model" \
        --preset "$PRESET" --layers "$MAX" >/dev/null
for L in $LAYERS; do
    M=$WORK/$PRESET-L$L
    if [ ! -f "$M/model.safetensors.index.json" ]; then
        mkdir -p "$M"
        python3 - "$BIG" "$M" "$L" <<'PY'
import json, os, sys
big, small, layers = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = json.load(open(f"{big}/config.json"))
cfg["num_hidden_layers"] = layers
json.dump(cfg, open(f"{small}/config.json", "w"), indent=2)
idx = json.load(open(f"{big}/model.safetensors.index.json"))
keep = lambda n: not n.startswith("model.layers.") or int(n.split(".")[2]) < layers
idx["weight_map"] = {n: f for n, f in idx["weight_map"].items() if keep(n)}
json.dump(idx, open(f"{small}/model.safetensors.index.json", "w"), indent=2)
for f in set(idx["weight_map"].values()) | {"tokenizer.model"}:
    os.symlink(f"{big}/{f}", f"{small}/{f}")
PY
    fi
    OUT=$WORK/q-$PRESET-L$L-$METHOD$WBITS-n$NSAMPLES-s$SEQLEN${SPILL:+-spill}
    rm -rf "$OUT" "$OUT.partial"
    env ${SPILL:+OWQ_ACTIVATION_SPILL=1 OWQ_SPILL_DIR=$WORK} /usr/bin/time -v "$BUILD/app/cli/owq" -q --json \
        --threads "$THREADS" quantize "$M" --method "$METHOD" --wbits "$WBITS" --nsamples "$NSAMPLES" \
        --seqlen "$SEQLEN" --calib "$SHARED/data/calib.txt" --out "$OUT" >"$OUT.json" 2>"$OUT.time" &
    TIMEPID=$!
    # RSS (total, anonymous, file-backed: the mapped checkpoint) every 2 s against the number of finished
    # layers (files in OUT.partial), to see growth per layer.
    : >"$OUT.rss"
    while kill -0 $TIMEPID 2>/dev/null; do
        P=$(pgrep -P $TIMEPID | head -1 || true)
        [ -n "$P" ] && echo "$(ls "$OUT.partial" 2>/dev/null | grep -c '^layer-') $(awk '/VmRSS|RssAnon|RssFile/ {printf "%s ", $2}' /proc/$P/status 2>/dev/null)" >>"$OUT.rss"
        sleep 2
    done
    wait $TIMEPID
    python3 - "$OUT" "$L" <<'PY'
import json, re, sys
out, layers = sys.argv[1], sys.argv[2]
peak = {}
for line in open(out + ".rss"):
    f = line.split()
    if len(f) == 4:
        k, v = int(f[0]), [int(x) for x in f[1:]]
        peak[k] = [max(a, b) for a, b in zip(peak.get(k, [0, 0, 0]), v)]
print("peak RSS / anonymous / file-backed GiB while k layers were finished: " +
      ", ".join(f"k={k}: {v[0] / 1048576:.2f} / {v[1] / 1048576:.2f} / {v[2] / 1048576:.2f}" for k, v in sorted(peak.items())))
d = json.load(open(out + "/owq_diagnostics.json"))
t = open(out + ".time").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
per = [round(l["seconds"], 1) for l in d["layers"]]
lin = {}
for x in d["linears"]:
    lin.setdefault(x["kind"], []).append(x["seconds"])
print(f"layers {layers}: wall {wall}, quantize {d['seconds']:.1f} s, per layer {per} s, "
      f"peak RSS {rss / 1048576:.2f} GiB; mean linear s: "
      + ", ".join(f"{k} {sum(v) / len(v):.1f}" for k, v in lin.items()))
# Each layer's time split: passes over the calibration windows, Hessian accumulation within them, solves
# (the rest is packing and hand-over).
for l in d["layers"]:
    print(f"  layer {l['layer']}: {l['seconds']:.2f} s = passes {l.get('pass_seconds', 0):.2f} + Hessians "
          f"{l.get('hessian_seconds', 0):.2f} + solves {l.get('solve_seconds', 0):.2f} + other "
          f"{l['seconds'] - l.get('pass_seconds', 0) - l.get('hessian_seconds', 0) - l.get('solve_seconds', 0):.2f}")
PY
done
