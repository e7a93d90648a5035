#!/usr/bin/env bash
# Quantization speed side by side with the official OWQ code (github.com/xvyaward/owq), on this machine, in
# one run: stories260K OWQ 3-bit target 3.1 at 128 x 512 calibration tokens (1 thread, then 2), and one
# 1024 x 1024 OWQ-MSE solve (2 threads), each twice, alternating; prints the times and the ratios.
#   bash bench/compare_reference.sh OWQ_GIT_DIR [BUILD_DIR]
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
[ -x "$owq" ] && [ -x "$bench" ] || { echo "compare_reference: build $owq and $bench first" >&2; exit 1; }
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
echo "stories260K OWQ 3.1, 128x512, 1 thread: $(ratio "${t[ref_1]}" "${t[owq_1]}")"
echo "stories260K OWQ 3.1, 128x512, 2 threads: $(ratio "${t[ref_2]}" "${t[owq_2]}")"
echo "1024x1024 OWQ-MSE solve, 2 threads:      $(ratio "${t[ref_solve]}" "${t[owq_solve]}")"
