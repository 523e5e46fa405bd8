#!/usr/bin/env bash
# Installs every Debian 12 package Peregrine needs (idempotent, non-interactive), then configures and
# builds the release preset. Run as root or as a user with sudo.
#   ./scripts/setup.sh            install packages + build release
#   ./scripts/setup.sh --deps     install packages only
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang clang-format libclang-rt-14-dev
  libsqlite3-dev libyaml-cpp-dev libhwy-dev libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-charts-dev qt6-virtualkeyboard-dev
  qml6-module-qtquick qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qttest qml6-module-qtcharts
  qt6-virtualkeyboard-plugin qml6-module-qtquick-virtualkeyboard qml6-module-qt-labs-folderlistmodel
  fonts-dejavu-core xvfb xauth
  libpocketsphinx-dev pocketsphinx-en-us flite1-dev flite libespeak-ng-dev espeak-ng
  libmosquitto-dev mosquitto mosquitto-clients
  libwebrtc-audio-processing-dev sox pulseaudio pulseaudio-utils libqt6svg6 python3 file strace
)
# npm fetches the llama.cpp test fixture. Debian's npm only where no npm is installed: it conflicts with the
# Node.js packages many machines already have (nodesource's nodejs "Conflicts: npm", and ships its own).
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(npm); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup: not root and sudo is not installed: run as root (su -c ./scripts/setup.sh) or install sudo" >&2
    exit 1
  fi
  SUDO="sudo"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

# aarch64 cross toolchain + arm64 libraries (multiarch) so the NEON/SVE kernel paths are tested under qemu.
if [ "${PEREGRINE_NO_ARM:-0}" != "1" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $SUDO dpkg --add-architecture arm64
  fi
  ARM_PACKAGES=(g++-aarch64-linux-gnu qemu-user libhwy-dev:arm64 libgtest-dev:arm64)
  arm_missing=()
  for p in "${ARM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || arm_missing+=("$p")
  done
  if [ ${#arm_missing[@]} -gt 0 ]; then
    echo "setup: installing ${#arm_missing[@]} arm64 cross packages: ${arm_missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${arm_missing[@]}"
  fi
fi

if [ "${1:-}" = "--deps" ]; then exit 0; fi

# The llama.cpp the llamacpp backend is tested against (npm prebuilt libraries + headers, into build/llamacpp/;
# before configure: CMake builds the reference program only when the headers are there).
./scripts/fetch-llamacpp.sh

# Re-running is cheap: configure is idempotent and the build only redoes what changed.
cmake --preset release
cmake --build --preset release -j"$(nproc)"
echo "setup: built build/release (run: ./build/release/app/peregrine --preview)"
