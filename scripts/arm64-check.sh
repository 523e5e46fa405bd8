#!/usr/bin/env bash
# The arm64 build (scripts/arm64-build.sh) under qemu-aarch64, emulating the boards' Cortex-A76 (NEON + dotprod,
# the kernel table the QCS6490/RK3588/Orin run):
#   1. peregrine-cli --version (names the kernel table chosen)
#   2. peregrine-cli logits on the conformance models, checked against llama.cpp's goldens
#      (tests/conformance/compare_golden.py: the kit README's bounds)
#   3. the app offscreen: a question answered by stories260K.gguf and a screenshot (build/arm64/arm64-800x480.png)
# Usage: scripts/arm64-check.sh [build-dir]   (default build/arm64; QEMU_CPU overrides cortex-a76)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/arm64}"
sysroot="${PEREGRINE_ARM64_SYSROOT:-$root/build/arm64-sysroot}"
kit="$root/../shared/conformance"
export QEMU_CPU="${QEMU_CPU:-cortex-a76}"
emu="qemu-aarch64 -L $sysroot"
start=$(date +%s)
step() { echo "== arm64-check: $* ($(( $(date +%s) - start )) s)"; }

cli="$build/app/cli/peregrine-cli"
app="$build/app/peregrine"
for f in "$cli" "$app"; do [ -x "$f" ] || { echo "arm64-check: $f missing (scripts/arm64-build.sh)" >&2; exit 2; }; done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache"
export PEREGRINE_SYSTEM_CONFIG="$tmp/none.yaml"

step "peregrine-cli --version (QEMU_CPU=$QEMU_CPU)"
$emu "$cli" --version | tee "$tmp/version.txt"
grep -q "kernels: NEON" "$tmp/version.txt" || { echo "arm64-check: expected a NEON kernel table" >&2; exit 1; }

if [ ! -d "$kit/golden" ]; then
  echo "arm64-check: no conformance kit at $kit: golden check and screenshot skipped"
  exit 0
fi
step "goldens under qemu"
python3 "$root/tests/conformance/compare_golden.py" --cli "$cli" --kit "$kit" --emulator "$emu" ${ARM64_GOLDENS:+--only "$ARM64_GOLDENS"}

step "app offscreen under qemu: answer and screenshot"
shot="$build/arm64-800x480.png"
# Qt finds its arm64 plugins and QML modules in the sysroot (qemu's -L does not redirect its directory scans).
export QT_PLUGIN_PATH="$sysroot/usr/lib/aarch64-linux-gnu/qt6/plugins" QML_IMPORT_PATH="$sysroot/usr/lib/aarch64-linux-gnu/qt6/qml"
rm -f "$shot"
QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Basic timeout 600 $emu "$app" --model "$kit/models/stories260K.gguf" \
  --ask "Once upon a time" --quit-after-answer --screenshot "$shot" --size 800x480 --timeout 500
[ -s "$shot" ] || { echo "arm64-check: no screenshot" >&2; exit 1; }
step "passed; screenshot $shot"
