#!/usr/bin/env bash
# Quantization speed side by side with the official OWQ code (github.com/xvyaward/owq), on this machine, in
# one run: stories260K OWQ 3-bit target 3.1 at 128 x 512 calibration tokens (1 thread, then 2), and one
# 1024 x 1024 OWQ-MSE solve (2 threads), each twice, alternating; prints the times and the ratios.
#   bash bench/compare_reference.sh OWQ_GIT_DIR [BUILD_DIR]
# OWQ_BIG_SOLVES=1 adds the 7B-sized solves: one 4096 x 4096 and one 11008 x 4096 OWQ-MSE layer (3-bit per
# channel, 1% weak columns rounded even as main.py does, H from OWQ_BIG_TOKENS=65536 tokens in samples of
# 2048) generated once by `bench_gptq --save-problem`, then the reference's fasterquant (bench/reference_solve.py)
# and `bench_gptq --load-problem` on that same W and H, 2 threads each, twice, alternating; it also prints
# whether both picked the same weak columns and their error traces tr((W-Q) H (W-Q)^T). These take minutes.
# OWQ_BIG_SOLVES=only runs just those (then only bench_gptq needs to be built).
# OWQ_GIT_DIR: a fetched copy of the reference (the git directory the library's `fetch github:xvyaward/owq`
# returns). Its code is materialised in a temporary folder (git archive) and removed afterwards: never
# committed. Needs ../shared (run_ref.py and the fixtures) and Debian's python3-torch and python3-sentencepiece
# (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
git_dir=${1:?usage: compare_reference.sh OWQ_GIT_DIR [BUILD_DIR]}
build=${2:-build}
shared=${OWQ_SHARED_DIR:-../shared}
owq="$build/app/cli/owq"
bench="$build/bench/bench_gptq"
big=${OWQ_BIG_SOLVES:-0}
small=1; [ "$big" = only ] && small=0
if [ "$small" = 1 ]; then
  [ -x "$owq" ] && [ -x "$bench" ] || { echo "compare_reference: build $owq and $bench first" >&2; exit 1; }
else
  [ -x "$bench" ] || { echo "compare_reference: build $bench first" >&2; exit 1; }
fi
if ! /usr/bin/python3 -c 'import torch, sentencepiece' 2>/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y python3-torch python3-sentencepiece >/dev/null
fi
ref=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$ref" "$out"' EXIT
# (a mirror may lack unrelated large blobs; git's complaints about those are dropped, the three paths checked)
git --git-dir="$git_dir" archive HEAD owq main.py model_config.json 2>/dev/null | tar -x -C "$ref" || true
[ -f "$ref/main.py" ] && [ -d "$ref/owq" ] || { echo "compare_reference: no OWQ code in $git_dir" >&2; exit 1; }

M=$shared/models/stories260K C=$shared/data/calib.txt
now() { echo "$EPOCHREALTIME"; }
elapsed() { /usr/bin/python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$1" "$2"; }
declare -A t
for round in 1 2; do
  [ "$small" = 1 ] || break
  for threads in 1 2; do
    s=$(now)
    /usr/bin/python3 "$shared/reference/run_ref.py" "$ref" --wbits 3 --target_bit 3.1 --threads "$threads" \
      >"$out/ref-$threads.json"
    t[ref_$threads]+="$(elapsed "$s" "$(now)") "
    rm -rf "$out/q"
    s=$(now)
    "$owq" -q --threads "$threads" quantize "$M" --method owq --wbits 3 --target-bit 3.1 --calib "$C" \
      --nsamples 128 --seqlen 512 --out "$out/q" >/dev/null
    t[owq_$threads]+="$(elapsed "$s" "$(now)") "
  done
  /usr/bin/python3 "$shared/reference/run_ref.py" "$ref" --anchor --anchor_tunings mse >"$out/anchor.json"
  t[ref_solve]+="$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"]["mse"]["median_s"])' "$out/anchor.json") "
  "$bench" --rows 1024 --cols 1024 --tokens 65536 --seqlen 512 --weak 10 --mse --owq-style --threads 2 \
    --skip-gptq --json "$out/solve.json" >/dev/null
  t[owq_solve]+="$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["results"][0]["solveSeconds"])' "$out/solve.json") "
done
ratio() { # best of each side
  /usr/bin/python3 -c 'import sys; r=min(map(float,sys.argv[1].split())); o=min(map(float,sys.argv[2].split())); print(f"reference {sys.argv[1].strip()}s, owq {sys.argv[2].strip()}s: {r/o:.1f}x")' "$1" "$2"
}
if [ "$small" = 1 ]; then
  echo "stories260K OWQ 3.1, 128x512, 1 thread: $(ratio "${t[ref_1]}" "${t[owq_1]}")"
  echo "stories260K OWQ 3.1, 128x512, 2 threads: $(ratio "${t[ref_2]}" "${t[owq_2]}")"
  echo "1024x1024 OWQ-MSE solve, 2 threads:      $(ratio "${t[ref_solve]}" "${t[owq_solve]}")"
fi
[ "$big" != 0 ] || exit 0

# The 7B-sized solves on one saved problem per shape. Progress and load averages go to stderr.
agree() { # reference JSON, bench_gptq JSON -> weak columns and error traces side by side
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); o = json.load(open(sys.argv[2]))["results"][0]
rw, ow = r["weakColumns"], o["weakColumns"]
same = "identical" if rw == ow else f"{len(set(rw) & set(ow))} of {len(rw)} shared"
e1, e2 = r["errorAfter"], o["errorAfter"]
print(f"weak columns {same}; error trace reference {e1:.6g}, owq {e2:.6g} ({(e2 - e1) / e1:+.2e} relative)")
PY
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
for shape in 4096x4096 11008x4096; do
  rows=${shape%x*} cols=${shape#*x}
  weak=$(/usr/bin/python3 -c 'import sys; n = round(int(sys.argv[1]) * 0.01); print(n + n % 2)' "$cols")
  prob="$out/problem-$shape"
  echo "compare_reference: $shape: generating W and H ($weak weak columns)" >&2
  "$bench" --rows "$rows" --cols "$cols" --tokens "${OWQ_BIG_TOKENS:-65536}" --seqlen 2048 --weak "$weak" \
    --threads 2 --skip-gptq --skip-owq --save-problem "$prob" >/dev/null
  for round in 1 2; do
    echo "compare_reference: $shape round $round: reference, load average $(loadavg)" >&2
    /usr/bin/python3 bench/reference_solve.py "$ref" "$prob" --shared "$shared" --threads 2 \
      --json "$out/ref-$shape.json" >/dev/null
    t[ref_$shape]+="$(/usr/bin/python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["median_s"], 2))' "$out/ref-$shape.json") "
    echo "compare_reference: $shape round $round: owq, load average $(loadavg)" >&2
    "$bench" --load-problem "$prob" --mse --owq-style --skip-gptq --threads 2 --json "$out/owq-$shape.json" \
      >/dev/null
    t[owq_$shape]+="$(/usr/bin/python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["solveSeconds"], 2))' "$out/owq-$shape.json") "
    echo "compare_reference: $shape round $round: $(agree "$out/ref-$shape.json" "$out/owq-$shape.json")" >&2
  done
  printf '%-40s %s\n' "$shape OWQ-MSE solve ($weak weak), 2 threads:" "$(ratio "${t[ref_$shape]}" "${t[owq_$shape]}")"
  echo "  $(agree "$out/ref-$shape.json" "$out/owq-$shape.json")"
  rm -rf "$prob"
done
