#!/usr/bin/env bash
# Builds the Debian packages build/packages/peregrine_VERSION_{amd64,arm64}.deb with dpkg-deb:
#   usr/bin/peregrine, usr/bin/peregrine-cli (the QML UI is compiled into peregrine), the kiosk unit
#   (lib/systemd/system/peregrine-kiosk.service), the model drop-in template, the example system config as
#   /etc/peregrine/peregrine.yaml (a conffile), sysusers.d/tmpfiles.d for the service user and /var/lib/peregrine,
#   and maintainer scripts that enable and start nothing (packaging/deb/).
# Depends: dpkg-shlibdeps on the amd64 binaries; the arm64 binaries must NEED exactly the same sonames (checked),
# so the same package names apply (Debian names libraries alike on every architecture). The QML modules the UI
# imports at run time are added by hand (no tool can see them).
# Usage: scripts/package.sh [--arch amd64|arm64|both] [--no-build]
#   amd64 comes from build/release (cmake --preset release), arm64 from build/arm64 (scripts/arm64-build.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
arches="amd64 arm64"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) shift; arches="${1/both/amd64 arm64}" ;;
    --no-build) build=0 ;;
    *) echo "usage: scripts/package.sh [--arch amd64|arm64|both] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done
version="$(sed -n 's/^project(Peregrine VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
out="$root/build/packages"
mkdir -p "$out"

QML_DEPENDS="qml6-module-qtquick, qml6-module-qtqml, qml6-module-qtqml-models, qml6-module-qtquick-controls,
 qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtquick-templates,
 qml6-module-qtqml-workerscript, qml6-module-qtcharts, qt6-virtualkeyboard-plugin,
 qml6-module-qtquick-virtualkeyboard, qml6-module-qt-labs-folderlistmodel, fonts-dejavu-core"

bindir() { [ "$1" = amd64 ] && echo "$root/build/release" || echo "$root/build/arm64"; }

if [ "$build" = 1 ]; then
  for a in $arches; do
    if [ "$a" = amd64 ]; then
      [ -f build/release/build.ninja ] || cmake --preset release
      nice cmake --build build/release -j"${JOBS:-2}" --target peregrine peregrine-cli
    else
      scripts/arm64-build.sh
    fi
  done
fi

needed() { objdump -p "$1" | awk '/NEEDED/ { print $2 }' | sort; }

# Depends of the amd64 binaries, computed by dpkg-shlibdeps (it wants a debian/control beside it).
shlibdeps() {
  local tmp; tmp="$(mktemp -d)"
  mkdir -p "$tmp/debian"
  printf 'Source: peregrine\n\nPackage: peregrine\nArchitecture: any\n' > "$tmp/debian/control"
  (cd "$tmp" && dpkg-shlibdeps -O "$@" 2>"$tmp/warnings") | sed -n 's/^shlibs:Depends=//p'
  grep -v "^dpkg-shlibdeps: warning: .*could not find any packages" "$tmp/warnings" >&2 || true
  rm -rf "$tmp"
}
amd64_bin="$(bindir amd64)/app"
[ -x "$amd64_bin/peregrine" ] || { echo "package: $amd64_bin/peregrine is missing (the amd64 build gives the Depends)" >&2; exit 1; }
depends="$(shlibdeps "$amd64_bin/peregrine" "$amd64_bin/cli/peregrine-cli")"
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps gave no dependencies" >&2; exit 1; }

for arch in $arches; do
  bin="$(bindir "$arch")/app"
  case "$arch" in amd64) strip=strip; machine="x86-64" ;; arm64) strip=aarch64-linux-gnu-strip; machine="aarch64" ;; esac
  for exe in "$bin/peregrine" "$bin/cli/peregrine-cli"; do
    [ -x "$exe" ] || { echo "package: $exe is missing (build it first)" >&2; exit 1; }
    file -b "$exe" | grep -q "$machine" || { echo "package: $exe is not $machine: $(file -b "$exe")" >&2; exit 1; }
  done
  if [ "$arch" != amd64 ]; then
    for e in peregrine cli/peregrine-cli; do
      if ! diff <(needed "$amd64_bin/$e") <(needed "$bin/$e") >/dev/null; then
        echo "package: $arch $e needs other libraries than amd64; Depends would be wrong:" >&2
        diff <(needed "$amd64_bin/$e") <(needed "$bin/$e") >&2 || true
        exit 1
      fi
    done
  fi

  stage="$root/build/packages/stage-$arch"
  rm -rf "$stage"
  install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/usr/lib/sysusers.d" \
    "$stage/usr/lib/tmpfiles.d" "$stage/etc/peregrine" "$stage/usr/share/peregrine" "$stage/usr/share/doc/peregrine"
  install -m 755 "$bin/peregrine" "$bin/cli/peregrine-cli" "$stage/usr/bin/"
  "$strip" --strip-unneeded "$stage/usr/bin/peregrine" "$stage/usr/bin/peregrine-cli"
  install -m 644 packaging/systemd/peregrine-kiosk.service "$stage/lib/systemd/system/"
  install -m 644 packaging/systemd/model.conf.example "$stage/usr/share/peregrine/"
  install -m 644 packaging/deb/peregrine.sysusers "$stage/usr/lib/sysusers.d/peregrine.conf"
  install -m 644 packaging/deb/peregrine.tmpfiles "$stage/usr/lib/tmpfiles.d/peregrine.conf"
  install -m 644 packaging/peregrine.yaml.example "$stage/etc/peregrine/peregrine.yaml"
  install -m 644 packaging/peregrine.yaml.example "$stage/usr/share/peregrine/peregrine.yaml.example"
  install -m 644 packaging/README.md "$stage/usr/share/doc/peregrine/README.kiosk.md"
  install -m 755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$stage/DEBIAN/"
  echo /etc/peregrine/peregrine.yaml > "$stage/DEBIAN/conffiles"
  size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
  cat > "$stage/DEBIAN/control" <<CONTROL
Package: peregrine
Version: $version
Architecture: $arch
Maintainer: Peregrine developers <peregrine@localhost>
Installed-Size: $size
Section: sound
Priority: optional
Depends: $depends, passwd,
 $QML_DEPENDS
Recommends: cage, qt6-wayland, flite, pocketsphinx-en-us, systemd
Description: offline voice assistant for vehicle cabs
 Peregrine listens, answers with an on-device language model and speaks the
 answer; no audio or text leaves the cab. peregrine is the touch app (desktop
 window or full-screen kiosk under cage), peregrine-cli the headless tools
 (doctor, models verify, run, chat). The kiosk unit is installed, not enabled.
CONTROL
  deb="$out/peregrine_${version}_${arch}.deb"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
  echo "package: $deb ($(du -h "$deb" | cut -f1))"
done
