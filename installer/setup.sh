#!/usr/bin/env bash
# OWQ Studio setup: installs the Debian packages the build and tests need (idempotent, non-interactive,
# as root or through sudo), then configures and builds in Release into build/.
#
#   bash installer/setup.sh              install + build
#   bash installer/setup.sh --run-demo   ... then build the demo model once and open it (studio, or CLI headless)
#   bash installer/setup.sh --test       ... then run the whole test suite (CTest)
# Environment: OWQ_BUILD_DIR (default build), OWQ_CMAKE_ARGS (extra cmake arguments), OWQ_JOBS.
# The Debian package: bash installer/package_test.sh after a build (cpack, apt install, checks, remove).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=${OWQ_BUILD_DIR:-build}
jobs=${OWQ_JOBS:-$(nproc)}
run_demo=0
run_tests=0
for arg in "$@"; do
  case "$arg" in
    --run-demo) run_demo=1 ;;
    --test) run_tests=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake pkg-config ccache git
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev libopenblas0-pthread
  libsentencepiece-dev nlohmann-json3-dev libcli11-dev libpcre2-dev libicu-dev
  xvfb xauth
  libqt6svg6 qt6-svg-dev
  dpkg-dev file desktop-file-utils appstream
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "setup.sh: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# LibTorch uses the system BLAS; make sure it is OpenBLAS (reference BLAS is ~25x slower).
if command -v update-alternatives >/dev/null; then
  blas=$(update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/{print $2}')
  case "$blas" in *openblas*) ;; "") ;; *) echo "setup.sh: note: system BLAS is $blas, not OpenBLAS" >&2 ;; esac
fi

# ccache keys on paths relative to the checkout, so a fresh clone elsewhere reuses earlier compilations.
export CCACHE_BASEDIR="$here" CCACHE_NOHASHDIR=1
# shellcheck disable=SC2086
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release ${OWQ_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"

if [ $run_tests -eq 1 ]; then
  # Tests use every core through LibTorch themselves: run them one at a time.
  ctest --test-dir "$build" --output-on-failure -j 1
fi

if [ $run_demo -eq 1 ]; then
  owq="$build/app/cli/owq"
  demo="${XDG_DATA_HOME:-$HOME/.local/share}/owq-studio/demo-model"
  "$owq" make-demo-model "$demo" --if-missing
  if [ -x "$build/app/studio/owq-studio" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    exec "$build/app/studio/owq-studio" "$demo"
  fi
  echo "No display: showing the demo model with the CLI ($demo)"
  "$owq" info "$demo"
  echo
  "$owq" generate "$demo" --prompt "Once upon a time" --temperature 0.7 --max-tokens 120 --seed 1
fi
