#!/usr/bin/env bash
# Debian package check (CI calls it after the tests): builds owq-studio_<version>_<arch>.deb with CPack from a
# built tree, installs it with apt, checks the installed files and runs the installed binaries, then removes
# the package again. Needs root or sudo, and the packages setup.sh installs (dpkg-dev, file,
# desktop-file-utils, appstream).
#
#   bash installer/package_test.sh [BUILD_DIR]     (default: $OWQ_BUILD_DIR or build)
#
# Model fixture for `owq info` / `owq generate`: ../shared/models/stories260K when present, else a tiny demo
# model made by the build tree's `owq make-demo-model --steps 20` in a temporary folder.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
build=$(cd "${1:-${OWQ_BUILD_DIR:-build}}" && pwd)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "package_test.sh: needs root or sudo (apt-get install)" >&2; exit 1; }
  sudo=sudo
fi
apt_get() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"; }

step() { echo; echo "== package_test: $*"; }
fail() { echo "package_test.sh: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
installed_by_us=0
cleanup() {
  if [ $installed_by_us -eq 1 ] && dpkg-query -W -f='${Status}' owq-studio 2>/dev/null | grep -q "ok installed"; then
    apt_get remove owq-studio >/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

step "cpack -G DEB in $build"
(cd "$build" && cpack -G DEB) | tee "$tmp/cpack.log"
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$tmp/cpack.log" | tail -n 1)
[ -f "$deb" ] || fail "cpack reported no .deb"
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
[ "$(basename "$deb")" = "owq-studio_${version}_${arch}.deb" ] || fail "unexpected file name $(basename "$deb")"

step "dpkg -I $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -I "$deb"
dpkg-deb -c "$deb" | tee "$tmp/contents"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libtorch libsentencepiece0 libqt6widgets6 libqt6svg6 libc6; do
  if [ "$dep" = libqt6widgets6 ] || [ "$dep" = libqt6svg6 ]; then
    grep -q '\./usr/bin/owq-studio$' "$tmp/contents" || continue # a build without the GUI
  fi
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
for f in ./usr/bin/owq ./usr/lib/owq-studio/libowq_spm_shim.so ./usr/share/man/man1/owq.1.gz; do
  grep -q " $f\$" "$tmp/contents" || fail "package lacks $f"
done
gui=0
if grep -q ' \./usr/bin/owq-studio$' "$tmp/contents"; then
  gui=1
  for f in ./usr/share/applications/owq-studio.desktop \
           ./usr/share/metainfo/io.github.owqstudio.OwqStudio.metainfo.xml \
           ./usr/share/icons/hicolor/scalable/apps/owq-studio.svg; do
    grep -q " $f\$" "$tmp/contents" || fail "package lacks $f"
  done
fi

step "apt-get install $(basename "$deb")"
# The package's dependencies come from the archive; refresh the lists once if they are stale.
installed_by_us=1
apt_get install --reinstall "$deb" || { apt_get update && apt_get install --reinstall "$deb"; }
dpkg-query -W -f='${Status}\n' owq-studio | grep -q "install ok installed" || fail "owq-studio not installed"

step "installed binaries: no RPATH, every library found (no LD_LIBRARY_PATH)"
bins=(/usr/bin/owq /usr/lib/owq-studio/libowq_spm_shim.so)
[ $gui -eq 1 ] && bins+=(/usr/bin/owq-studio)
for b in "${bins[@]}"; do
  [ -f "$b" ] || fail "$b missing after install"
  if readelf -d "$b" | grep -Eq 'RPATH|RUNPATH'; then fail "$b has an RPATH: $(readelf -d "$b" | grep -E 'RPATH|RUNPATH')"; fi
  if env -u LD_LIBRARY_PATH ldd "$b" | grep -q "not found"; then
    env -u LD_LIBRARY_PATH ldd "$b" | grep "not found" >&2
    fail "$b: unresolved libraries"
  fi
  echo "$b: $(env -u LD_LIBRARY_PATH ldd "$b" | wc -l) libraries, all found, no RPATH"
done

step "owq --version, owq info, owq generate (installed /usr/bin/owq)"
mkdir -m 700 "$tmp/xdg-runtime"
run() { (cd / && env -u LD_LIBRARY_PATH -u OWQ_SPM_SHIM XDG_RUNTIME_DIR="$tmp/xdg-runtime" "$@"); }
out=$(run /usr/bin/owq --version)
echo "$out"
[ "$out" = "owq $version" ] || fail "owq --version says '$out', the package is $version"
model="$here/../shared/models/stories260K"
if [ -f "$model/config.json" ]; then
  echo "fixture: $model"
else
  echo "fixture: ../shared absent; making a tiny demo model with $build/app/cli/owq make-demo-model"
  model="$tmp/demo-model"
  "$build/app/cli/owq" -q make-demo-model "$model" --steps 20 >/dev/null
fi
run /usr/bin/owq info "$model"
# The tokenizer comes through the shim: it must be the installed one, not the build tree's (still present).
shim=$(run env LD_DEBUG=files /usr/bin/owq -q info "$model" 2>&1 >/dev/null |
         grep -o 'file=[^ ]*libowq_spm_shim\.so' | sort -u || true)
[ "$shim" = "file=/usr/lib/owq-studio/libowq_spm_shim.so" ] || fail "owq loaded the shim from '$shim'"
echo "sentencepiece shim loaded from ${shim#file=}"
run /usr/bin/owq --json info "$model" | grep -q '"tokenizer"' || fail "owq --json info has no tokenizer"
text=$(run /usr/bin/owq -q generate "$model" --prompt "Once upon a time" --temperature 0 --max-tokens 16)
echo "generated: $text"
[ -n "$text" ] || fail "owq generate printed nothing"

if [ $gui -eq 1 ]; then
  step "owq-studio --version and the German translation (offscreen)"
  run env QT_QPA_PLATFORM=offscreen /usr/bin/owq-studio --version
  help_de=$(run env QT_QPA_PLATFORM=offscreen LANGUAGE= LC_ALL=de_DE.UTF-8 /usr/bin/owq-studio --help)
  grep -q "große Sprachmodelle" <<<"$help_de" || fail "owq-studio --help is not translated under de_DE"
  echo "de_DE: $(grep -m1 "LLaMA" <<<"$help_de")"

  step "desktop-file-validate, appstreamcli validate, icon"
  desktop-file-validate /usr/share/applications/owq-studio.desktop
  echo "desktop-file-validate: ok"
  appstreamcli validate --no-net /usr/share/metainfo/io.github.owqstudio.OwqStudio.metainfo.xml
  grep -q "<release version=\"$version\"" /usr/share/metainfo/io.github.owqstudio.OwqStudio.metainfo.xml ||
    fail "the metainfo has no <release> for $version"
  grep -q "<svg" /usr/share/icons/hicolor/scalable/apps/owq-studio.svg || fail "icon missing"
fi

step "man page"
# Minimal Debian images tell dpkg to skip /usr/share/man (path-exclude); read it from the package then.
man_page=/usr/share/man/man1/owq.1.gz
if [ ! -f "$man_page" ]; then
  echo "(dpkg excluded $man_page on this system; checking the copy in the package)"
  dpkg-deb -x "$deb" "$tmp/root"
  man_page="$tmp/root/usr/share/man/man1/owq.1.gz"
fi
if command -v man >/dev/null; then
  warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$man_page" 2>&1 >/dev/null)
  [ -z "$warnings" ] || fail "man page warnings: $warnings"
  # Every command of `owq --help` has its own section.
  commands=$(run /usr/bin/owq --help | sed -n '/^Subcommands:/,$s/^  \([a-z][a-z-]*\) .*/\1/p')
  [ -n "$commands" ] || fail "no commands in owq --help"
  for c in $commands; do
    MANWIDTH=200 man -l "$man_page" 2>/dev/null | grep -q "^ *$c " || fail "man page does not document $c"
  done
  echo "$man_page: renders without warnings, documents every command"
else
  gzip -t "$man_page"
  echo "$man_page: valid gzip (man not installed)"
fi

step "apt-get remove owq-studio"
apt_get remove owq-studio
installed_by_us=0
for f in /usr/bin/owq /usr/bin/owq-studio /usr/lib/owq-studio /usr/share/applications/owq-studio.desktop; do
  [ ! -e "$f" ] || fail "$f is still there after apt-get remove"
done
# remove leaves the package in state "rc" (CPack's postrm); purge drops that too.
apt_get purge owq-studio >/dev/null
echo
echo "package_test: OK ($(basename "$deb") built, installed, run, removed)"
