#!/usr/bin/env bash
# Cross-builds the kernel tests for aarch64 and runs them under qemu-aarch64 once per emulated CPU:
#   cortex-a53 (NEON), cortex-a76 (NEON + dotprod), a64fx (SVE 512), max with SVE vector length 16 / 32 bytes
#   (SVE2_128 / SVE_256); then the instruction-set check of the aarch64 machine code (tests/isa).
# Needs: g++-aarch64-linux-gnu qemu-user libhwy-dev:arm64 libgtest-dev:arm64 (dpkg --add-architecture arm64).
# Usage: scripts/test-arm.sh [build-dir]   (default build/arm; JOBS=n for parallel compile, default 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/arm}"
jobs="${JOBS:-2}"

for tool in aarch64-linux-gnu-g++ qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "test-arm: $tool not found (see scripts/setup.sh)" >&2; exit 2; }
done

mkdir -p "$build"
cmake -S "$root/tests/engine/kernels/cross" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_BUILD_TYPE=Release >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j"$jobs" --target kernels_test isa_fixture_bad
ctest --test-dir "$build" -L "qemu|isa" --output-on-failure
