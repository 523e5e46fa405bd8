#!/usr/bin/env bash
# Makes an arm64 sysroot for cross-building the whole app (peregrine, peregrine-cli) from Debian 12's own arm64
# packages, without touching the host's dpkg database: a private apt state resolves the dependencies of the
# -dev packages below for arm64 against the host's sources (the Debian registry only), downloads the .debs and
# unpacks them (dpkg-deb -x) into a merged-/usr tree. Multiarch on the host is not used for Qt because
# libyaml-cpp-dev (and other -dev packages) are not co-installable across architectures.
# Idempotent: a finished sysroot (stamp file) is left as it is unless the package list changed.
# Usage: scripts/arm64-sysroot.sh [dir]   (default build/arm64-sysroot; the .debs are kept in dir.apt/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sysroot="${1:-$root/build/arm64-sysroot}"
state="$sysroot.apt"

PACKAGES=(
  qt6-base-dev qt6-declarative-dev qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev
  libsqlite3-dev libyaml-cpp-dev libhwy-dev libpocketsphinx-dev flite1-dev libespeak-ng-dev
  libwebrtc-audio-processing-dev libmosquitto-dev
  # run time of the app under qemu (offscreen screenshot): QML modules, the SQL driver, fonts
  qml6-module-qtquick qml6-module-qtqml qml6-module-qtqml-models qml6-module-qtquick-controls
  qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-templates
  qml6-module-qtqml-workerscript qml6-module-qtcharts qt6-virtualkeyboard-plugin
  qml6-module-qtquick-virtualkeyboard qml6-module-qt-labs-folderlistmodel libqt6svg6
)
stamp="$sysroot/.peregrine-sysroot"
want="$(printf '%s\n' "${PACKAGES[@]}" | sort | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "arm64-sysroot: $sysroot is up to date"; exit 0
fi

mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/preferences.d"
: > "$state/status"
# Same sources as the host (Debian's registry), arm64 only, nothing installed: apt resolves the full closure.
APT=(apt-get -q -o APT::Architecture=arm64 -o APT::Architectures::=arm64
     -o Dir::State="$state" -o Dir::State::Lists="$state/lists" -o Dir::State::status="$state/status"
     -o Dir::Cache="$state" -o Dir::Cache::Archives="$state/archives" -o Dir::Etc::Preferences="$state/etc/none"
     -o Dir::Etc::PreferencesParts="$state/etc/preferences.d" -o Debug::NoLocking=1
     -o APT::Install-Recommends=0 -o APT::Sandbox::User=root)
echo "arm64-sysroot: resolving and downloading (${#PACKAGES[@]} packages and their dependencies)"
"${APT[@]}" update >"$state/update.log" 2>&1 || { cat "$state/update.log" >&2; exit 1; }
"${APT[@]}" install -y --download-only "${PACKAGES[@]}" >"$state/download.log" 2>&1 \
  || { tail -40 "$state/download.log" >&2; exit 1; }

rm -rf "$sysroot"
mkdir -p "$sysroot/usr/lib" "$sysroot/usr/bin" "$sysroot/usr/sbin"
for d in lib bin sbin; do ln -s "usr/$d" "$sysroot/$d"; done
n=0
for deb in "$state"/archives/*.deb; do
  dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$sysroot"
  n=$((n + 1))
done
# The cross compiler brings its own libc/libstdc++ development files (/usr/aarch64-linux-gnu, the same Debian
# versions); the sysroot's copies would shadow them with linker scripts naming host paths: drop them.
for pkg in libc6-dev libstdc++-12-dev libgcc-12-dev libcrypt-dev linux-libc-dev; do
  for deb in "$state"/archives/"${pkg}"_*.deb; do
    [ -f "$deb" ] || continue
    dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | while read -r f; do
      rm -f "$sysroot$f"
    done
  done
done
# Absolute symlinks (e.g. lib*.so -> /lib/...) would point at the host: make them relative to the sysroot.
find "$sysroot" -type l -lname '/*' | while read -r link; do
  target="$(readlink "$link")"
  ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link"
done
# update-alternatives would link the reference BLAS/LAPACK (sphinxbase needs them) into the library folder.
lib="$sysroot/usr/lib/aarch64-linux-gnu"
for alt in blas/libblas.so.3 lapack/liblapack.so.3; do
  [ -e "$lib/$alt" ] && [ ! -e "$lib/$(basename "$alt")" ] && ln -s "$alt" "$lib/$(basename "$alt")"
done
echo "$want" > "$stamp"
echo "arm64-sysroot: $n packages unpacked into $sysroot ($(du -sh "$sysroot" | cut -f1))"
