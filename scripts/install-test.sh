#!/usr/bin/env bash
# Install test of the amd64 package in a fresh Debian 12 root made by mmdebstrap from the Debian registry:
#   1. mmdebstrap --variant=apt --include=systemd bookworm (a board's base: apt and systemd), file list taken
#   2. apt-get install ./peregrine_VERSION_amd64.deb  (dependencies resolved by apt)
#   3. as root: peregrine-cli --version; as the service user: models verify on stories260K.gguf copied into
#      /var/lib/peregrine/models, doctor --no-audio, a headless answer (peregrine-cli run) and the app headless
#      (--ask, --screenshot, --quit-after-answer, offscreen)
#   4. apt-get purge --autoremove peregrine: no file left that was not there before, no peregrine user/group
# Needs root (chroot, mounts) and mmdebstrap (installed here when missing). Takes about 4 minutes on the
# development machine (scripts/install-test.sh prints its own time); not part of .ci/run.
# Usage: scripts/install-test.sh [DEB]   (default build/packages/peregrine_VERSION_amd64.deb; KEEP=1 keeps the root)
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^project(Peregrine VERSION \([0-9.]*\).*/\1/p' "$root_dir/CMakeLists.txt")"
deb="$(realpath "${1:-$root_dir/build/packages/peregrine_${version}_amd64.deb}")"
model="$root_dir/../shared/conformance/models/stories260K.gguf"
start=$(date +%s)
step() { echo "== install-test: $* ($(( $(date +%s) - start )) s)"; }

[ "$(id -u)" = 0 ] || { echo "install-test: run as root (chroot and mounts)" >&2; exit 2; }
[ -f "$deb" ] || { echo "install-test: $deb not found (scripts/package.sh --arch amd64)" >&2; exit 2; }
[ -f "$model" ] || { echo "install-test: $model not found (the conformance kit)" >&2; exit 2; }
command -v mmdebstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap

target="$(mktemp -d /tmp/peregrine-install-test.XXXXXX)"
cleanup() {
  for m in proc sys dev/pts dev; do umount -l "$target/$m" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "install-test: root kept in $target"; else rm -rf "$target"; fi
}
trap cleanup EXIT

step "mmdebstrap bookworm into $target"
mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mirror="${mirror:-http://deb.debian.org/debian}"
mmdebstrap --variant=apt --mode=root --quiet --include=systemd bookworm "$target" "deb $mirror bookworm main" \
  "deb $mirror bookworm-updates main" "deb ${mirror%/debian}/debian-security bookworm-security main"
mount -t proc proc "$target/proc"
mount --bind /dev "$target/dev"
in_root() { chroot "$target" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
snapshot() {
  in_root sh -c 'find / -xdev \( -path /proc -o -path /dev -o -path /tmp -o -path /var/cache -o -path /var/log \
      -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /run \) -prune -o -print | sort' |
    grep -Ev '^/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$' # backups the shadow tools keep
}
snapshot > "$target.before"

step "apt-get install $(basename "$deb")"
cp "$deb" "$target/tmp/"
in_root apt-get update -q >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" \
  > "$target.install.log" 2>&1 || { tail -30 "$target.install.log" >&2; exit 1; }
grep -E "newly installed" "$target.install.log"
in_root systemctl is-enabled peregrine-kiosk.service 2>/dev/null && { echo "install-test: the unit was enabled" >&2; exit 1; } || true

step "peregrine-cli --version"
in_root peregrine-cli --version
install -o "$(in_root id -u peregrine)" -g "$(in_root id -g peregrine)" -m 644 "$model" "$target/var/lib/peregrine/models/"
as_user() { in_root runuser -u peregrine -- env HOME=/var/lib/peregrine QT_QPA_PLATFORM=offscreen "$@"; }
step "models verify (as peregrine, system config /etc/peregrine/peregrine.yaml)"
as_user peregrine-cli models verify
step "doctor"
as_user peregrine-cli doctor --no-audio || { echo "install-test: doctor found a problem" >&2; exit 1; }
step "a headless answer"
as_user peregrine-cli run -m /var/lib/peregrine/models/stories260K.gguf -p "Once upon a time" -n 24 --temp 0
as_user peregrine --ask "Once upon a time" --quit-after-answer --screenshot /var/lib/peregrine/answer.png --size 800x480
[ -s "$target/var/lib/peregrine/answer.png" ] || { echo "install-test: no screenshot" >&2; exit 1; }
cp "$target/var/lib/peregrine/answer.png" "$root_dir/build/packages/install-test-answer.png" 2>/dev/null || true

step "apt-get purge --autoremove peregrine"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q --autoremove peregrine > "$target.purge.log" 2>&1 \
  || { tail -30 "$target.purge.log" >&2; exit 1; }
snapshot > "$target.after"
left="$(comm -13 "$target.before" "$target.after" || true)"
if [ -n "$left" ]; then
  echo "install-test: FAILED: left behind after purge:" >&2; echo "$left" | head -40 >&2; exit 1
fi
if in_root getent passwd peregrine >/dev/null || in_root getent group peregrine >/dev/null; then
  echo "install-test: FAILED: the peregrine user or group is still there" >&2; exit 1
fi
rm -f "$target.before" "$target.after" "$target.install.log" "$target.purge.log"
step "passed"
