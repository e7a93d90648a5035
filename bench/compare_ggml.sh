#!/usr/bin/env bash
# Side by side on one CPU: ggml's MUL_MAT (CPU backend, test-backend-ops perf) for f32, q4_0, q4_K and
# q3_K at m=4096, n=1, k=14336 against bench_packed_gemv on the same 4096x14336 weights (3 and 4 bits, per
# channel and group 128, 1% weak columns), run alternately, twice, then the ratios (owq us / ggml us:
# below 1 means owq is faster).
#
#   bash bench/compare_ggml.sh [OWQ_BUILD_DIR] [GGML_GIT_DIR]
#
# GGML_GIT_DIR (or $OWQ_GGML_GIT): a git directory (bare or not) of github.com/ggml-org/ggml, e.g. the one
# `git clone --bare https://github.com/ggml-org/ggml` makes. Its HEAD is exported into a temporary folder
# ($OWQ_GGML_WORK, default /tmp/owq-ggml-<commit>, reused by later runs) and only test-backend-ops is built
# there, CPU backend only; nothing of ggml enters this repository.
# Other settings: OWQ_GGML_ROUNDS (2), OWQ_GGML_JOBS (make -j, 1), OWQ_GGML_BUILD_ONLY=1 (stop after the
# build), OWQ_GGML_ISA=avx2 (ggml built for AVX2 + FMA + F16C only, against owq's avx2 path; default: native,
# against avx2, avx512, avx512vbmi and avx512vnni), OWQ_GGML_BATCHES (tokens per product, a comma list of
# test-backend-ops' perf sizes 1, 2, 3, 4, 5, 8; default 1), OWQ_GEMV_ARGS (extra bench_packed_gemv
# arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
git_dir=${2:-${OWQ_GGML_GIT:-}}
rounds=${OWQ_GGML_ROUNDS:-2}
jobs=${OWQ_GGML_JOBS:-1}
isa=${OWQ_GGML_ISA:-native}
batches=${OWQ_GGML_BATCHES:-1}
if ! [[ "$batches" =~ ^[1-58](,[1-58])*$ ]]; then
  echo "compare_ggml.sh: OWQ_GGML_BATCHES is a comma list of 1, 2, 3, 4, 5, 8 (test-backend-ops' sizes), not '$batches'" >&2
  exit 2
fi
case "$isa" in
  native) ggml_isa=(-DGGML_NATIVE=ON); owq_isa=avx2,avx512,avx512vbmi,avx512vnni ;; # paths this CPU lacks are skipped
  avx2) ggml_isa=(-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
    -DGGML_AVX512=OFF); owq_isa=avx2 ;;
  *) echo "compare_ggml.sh: OWQ_GGML_ISA is native or avx2, not '$isa'" >&2; exit 2 ;;
esac

if [ -z "$git_dir" ] || ! git --git-dir="$git_dir" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  if [ -n "$git_dir" ] && [ -d "$git_dir/.git" ]; then
    git_dir="$git_dir/.git"
  else
    # shellcheck disable=SC2016 # the quotes are literal, $git_dir expands
    echo "compare_ggml.sh: no ggml git directory${git_dir:+ at '$git_dir'}." >&2
    echo "  Fetch one first, e.g.  git clone --bare https://github.com/ggml-org/ggml /tmp/ggml.git" >&2
    echo "  then run                bash bench/compare_ggml.sh ${build} /tmp/ggml.git" >&2
    echo "  (or set OWQ_GGML_GIT=/tmp/ggml.git)." >&2
    exit 2
  fi
fi

commit=$(git --git-dir="$git_dir" rev-parse HEAD)
work=${OWQ_GGML_WORK:-${TMPDIR:-/tmp}/owq-ggml-${commit:0:12}}$([ "$isa" = native ] || echo "-$isa")
tbo="$work/build/bin/test-backend-ops"
if [ ! -x "$tbo" ]; then
  echo "building ggml ${commit:0:12} test-backend-ops (CPU backend only) in $work" >&2
  rm -rf "$work/src"
  mkdir -p "$work/src"
  git --git-dir="$git_dir" archive "$commit" | tar -x -C "$work/src"
  cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    "${ggml_isa[@]}" -DGGML_CPU=ON -DGGML_BLAS=OFF -DGGML_CUDA=OFF -DGGML_METAL=OFF -DGGML_VULKAN=OFF \
    -DGGML_BUILD_TESTS=ON -DGGML_BUILD_EXAMPLES=OFF -DGGML_CCACHE=OFF >"$work/cmake.log" 2>&1 ||
    { tail -20 "$work/cmake.log" >&2; exit 1; }
  nice -n 19 cmake --build "$work/build" --target test-backend-ops -j "$jobs" >"$work/build.log" 2>&1 ||
    { tail -30 "$work/build.log" >&2; exit 1; }
fi
[ "${OWQ_GGML_BUILD_ONLY:-0}" = 1 ] && { echo "$tbo"; exit 0; }
gemv="$build/bench/bench_packed_gemv"
if [ ! -x "$gemv" ]; then
  echo "compare_ggml.sh: $gemv not found: build it first (make -C $build bench_packed_gemv)" >&2
  exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); ggml ${commit:0:12} ($isa)"
for r in $(seq 1 "$rounds"); do
  echo "round $r: ggml (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$tbo" perf -o MUL_MAT -b CPU -p "type_a=(f32|q4_0|q4_K|q3_K),type_b=f32,m=4096,n=(${batches//,/|}),k=14336," \
    >"$out/ggml$r.txt" 2>&1
  echo "round $r: owq (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  "$gemv" --shapes 4096x14336 --bits 3,4 --groups 0,128 --weak-frac 0.01 --isa "$owq_isa" \
    --modes cold,hot --m "$batches" --no-torch --json "$out/owq$r.json" ${OWQ_GEMV_ARGS:-} >"$out/owq$r.txt"
done

python3 - "$out" "$rounds" <<'EOF'
import json, re, sys
out, rounds = sys.argv[1], int(sys.argv[2])
pat = re.compile(r"MUL_MAT\(type_a=(\w+),type_b=f32,m=4096,n=(\d+),k=14336,.*?\):\s+(\d+) runs -\s+([\d.]+) us/run")
ggml = []   # per round: {(type, n): us}
owq = []    # per round: {(m, bits, group, path, mode): (us, weight bytes)}
bw = []
for r in range(1, rounds + 1):
    g = {}
    for line in open(f"{out}/ggml{r}.txt"):
        m = pat.search(line)
        if m: g[(m.group(1), int(m.group(2)))] = float(m.group(4))
    if not g:
        sys.exit("no MUL_MAT results from test-backend-ops:\n" + open(f"{out}/ggml{r}.txt").read()[-2000:])
    ggml.append(g)
    j = json.load(open(f"{out}/owq{r}.json"))
    bw.append(j["read_GBs"])
    owq.append({(x["m"], x["bits"], x["group"], x["path"], x["mode"]): (x["seconds"] * 1e6, x["weight_bytes"])
                for x in j["results"]})
ns = sorted({n for g in ggml for (_, n) in g})
print(f"read-only bandwidth measured by bench_packed_gemv per round: "
      + " / ".join(f"{b:.1f}" for b in bw) + " GB/s")
for n in ns:
    print(f"\nggml MUL_MAT 4096x14336, n={n} (us per call, round 1 / round 2 ...):")
    for t in ("f32", "q4_0", "q4_K", "q3_K"):
        print(f"  {t:5s} " + " / ".join(f"{g.get((t, n), float('nan')):.0f}" for g in ggml))
print("\nowq bench_packed_gemv 4096x14336, 1% weak columns (us per call; GB/s; % of that round's read bw):")
print("| owq case | m | path | mode | " + " | ".join(f"round {r+1} us (GB/s, % bw)" for r in range(rounds))
      + " | vs q4_0 | vs q4_K | vs q3_K |")
print("|---|---|---|---|" + "---|" * rounds + "---|---|---|")
for key in sorted(owq[0]):
    m, bits, group, path, mode = key
    cells = []
    for r in range(rounds):
        us, nbytes = owq[r][key]
        gbs = nbytes / us / 1e3
        cells.append(f"{us:.0f} ({gbs:.1f}, {100 * gbs / bw[r]:.0f}%)")
    ratios = []
    for t in ("q4_0", "q4_K", "q3_K"):
        ratios.append(" / ".join(f"{owq[r][key][0] / ggml[r][(t, m)]:.2f}" for r in range(rounds)))
    name = f"{bits}-bit {'channel' if group == 0 else 'g' + str(group)}"
    print(f"| {name} | {m} | {path} | {mode} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
print("\nratios are owq us / ggml us of the same round (below 1: owq faster)")
# Best of the rounds (each side its fastest round): what a shared machine's noise hides least.
best = {t: min(g[t] for g in ggml) for t in ggml[0]}
bwb = max(bw)
for n in ns:
    print(f"\nbest of {rounds} rounds (read bw {bwb:.1f} GB/s), n={n}: ggml " +
          ", ".join(f"{t} {best[(t, n)]:.0f} us" for t in ("f32", "q4_0", "q4_K", "q3_K") if (t, n) in best))
print("| owq case | m | path | mode | us | GB/s | % read bw | vs q4_0 | vs q4_K | vs q3_K |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key in sorted(owq[0]):
    m, bits, group, path, mode = key
    us = min(o[key][0] for o in owq)
    gbs = owq[0][key][1] / us / 1e3
    name = f"{bits}-bit {'channel' if group == 0 else 'g' + str(group)}"
    print(f"| {name} | {m} | {path} | {mode} | {us:.0f} | {gbs:.1f} | {100 * gbs / bwb:.0f}% | " +
          " | ".join(f"{us / best[(t, m)]:.2f}" for t in ("q4_0", "q4_K", "q3_K")) + " |")
EOF
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
