#!/usr/bin/env bash
# Renders every studio page, side-by-side chat, the settings dialog and the Inspect page in dark (--dark) on
# stories260K under Xvfb (a real X server, as users see it) into OUT_DIR, for CI's artifact folder. Skips with
# a message when ../shared is absent.
#   bash tests/gui/screenshots.sh [BUILD_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-$build/artifacts/screenshots}
shared=${OWQ_SHARED_DIR:-../shared}
studio="$build/app/studio/owq-studio"
if [ ! -d "$shared/models/stories260K" ]; then
  echo "screenshots: $shared/models/stories260K is absent: skipped"
  exit 0
fi
mkdir -p "$out"
M=$shared/models/stories260K C=$shared/data/calib.txt E=$shared/data/eval.txt
q=(--nsamples 8 --seqlen 128)
shot_as() { # file name, page, extra args...
  local name=$1 page=$2
  shift 2
  xvfb-run -a -s "-screen 0 1400x900x24" "$studio" "$M" --page "$page" "$@" --screenshot "$out/$name.png"
  [ -s "$out/$name.png" ] || { echo "screenshots: $name.png was not written" >&2; exit 1; }
}
shot() { # page, extra args...
  shot_as "$1" "$@"
}
shot model
shot quantize --quantize "$C" "${q[@]}"
shot inspect --quantize "$C" "${q[@]}"
shot compare --compare "$C,$E" "${q[@]}"
shot chat --generate "Once upon a time"
shot export --quantize "$C" "${q[@]}"
shot_as chat-side-by-side chat --quantize "$C" "${q[@]}" --generate "Once upon a time" --side-by-side
shot_as settings model --settings
shot_as inspect-dark inspect --quantize "$C" "${q[@]}" --dark
# Tune needs a packed model: quantize one with the CLI, then tune it on the TinyStories excerpt.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/app/cli/owq" quantize "$M" --method owq --wbits 3 --target-bit 3.2 --calib "$C" "${q[@]}" \
  --out "$tmp/owq3" >/dev/null
xvfb-run -a -s "-screen 0 1400x900x24" "$studio" "$tmp/owq3" --page tune \
  --tune "$shared/data/tinystories-valid-excerpt.txt,$tmp/tuned" --steps 40 --screenshot "$out/tune.png"
[ -s "$out/tune.png" ] || { echo "screenshots: tune.png was not written" >&2; exit 1; }
# One tiny random model of each newer family (bench/make_random_model --arch): its own linears in the
# Quantize plan, the Inspect charts and Compare.
for fam in qwen3:quantize phi3:inspect gemma2:compare opt:inspect; do
  arch=${fam%%:*} page=${fam#*:}
  "$build/bench/make_random_model" "$tmp/$arch" --arch "$arch" --tokenizer "$M/tokenizer.model" --hidden 128 \
    --intermediate 256 --layers 4 --heads 4 --kv-heads 2 --context 512 --dtype f32 >/dev/null 2>&1
  case $page in
  compare) steps=(--compare "$C,$E") ;;
  *) steps=(--quantize "$C") ;;
  esac
  xvfb-run -a -s "-screen 0 1400x900x24" "$studio" "$tmp/$arch" --page "$page" "${steps[@]}" "${q[@]}" \
    --screenshot "$out/family-$arch-$page.png"
  [ -s "$out/family-$arch-$page.png" ] || { echo "screenshots: family-$arch-$page.png was not written" >&2; exit 1; }
done
echo "screenshots: $(ls "$out" | wc -l) pages in $out"
