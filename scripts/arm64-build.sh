#!/usr/bin/env bash
# Cross-builds the app for arm64 (peregrine, peregrine-cli) against Debian 12's arm64 packages: makes the sysroot
# (scripts/arm64-sysroot.sh), configures build/arm64 with cmake/aarch64-debian-sysroot.cmake (no tests, no
# benchmarks) and builds the two executables. Needs g++-aarch64-linux-gnu (scripts/setup.sh installs it).
# Usage: scripts/arm64-build.sh [build-dir]   (default build/arm64; JOBS=n, default 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/arm64}"
sysroot="${PEREGRINE_ARM64_SYSROOT:-$root/build/arm64-sysroot}"
jobs="${JOBS:-2}"

command -v aarch64-linux-gnu-g++ >/dev/null || { echo "arm64-build: aarch64-linux-gnu-g++ not found (scripts/setup.sh)" >&2; exit 2; }
"$root/scripts/arm64-sysroot.sh" "$sysroot"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-debian-sysroot.cmake" \
    -DPEREGRINE_ARM64_SYSROOT="$sysroot" -DCMAKE_BUILD_TYPE=Release \
    -DPEREGRINE_BUILD_TESTS=OFF -DPEREGRINE_BUILD_BENCH=OFF >"$build.configure.log" 2>&1 \
    || { cat "$build.configure.log" >&2; exit 1; }
fi
nice cmake --build "$build" -j"$jobs" --target peregrine-cli peregrine
echo "arm64-build: $(file -b "$build/app/cli/peregrine-cli" | cut -d, -f1-2)"
