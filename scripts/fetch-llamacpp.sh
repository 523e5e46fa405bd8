#!/usr/bin/env bash
# Fetches the llama.cpp the llamacpp backend is tested against into build/llamacpp/ (nothing committed):
#   lib/      the prebuilt CPU libraries of the npm package @node-llama-cpp/linux-x64 (libllama, libggml and
#             the libggml-cpu-*.so variants that ggml picks at run time), plus a libllama.so link
#   include/  llama.h and the ggml headers of the same llama.cpp release, from node-llama-cpp's git bundle
# Idempotent: does nothing when build/llamacpp/.complete names this version. Needs Debian's npm and git
# (and the npm registry). x86-64 only (the package is built for linux-x64); elsewhere it says so and exits 0.
#   ./scripts/fetch-llamacpp.sh           fetch if missing
#   ./scripts/fetch-llamacpp.sh --force   fetch again
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=3.21.1
DEST=build/llamacpp
STAMP="$DEST/.complete"

if [ "$(uname -m)" != "x86_64" ]; then
  echo "fetch-llamacpp: the npm package is built for x86-64 only; skipped on $(uname -m)"
  exit 0
fi
if [ "${1:-}" != "--force" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$VERSION" ]; then
  echo "fetch-llamacpp: $DEST holds node-llama-cpp $VERSION"
  exit 0
fi
for tool in npm git tar; do
  command -v "$tool" >/dev/null || { echo "fetch-llamacpp: $tool is missing (scripts/setup.sh --deps)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-llamacpp: npm pack @node-llama-cpp/linux-x64@$VERSION and node-llama-cpp@$VERSION"
(cd "$work" && npm pack --silent "@node-llama-cpp/linux-x64@$VERSION" "node-llama-cpp@$VERSION" >/dev/null)

rm -rf "$DEST"
mkdir -p "$DEST/lib" "$DEST/include"
mkdir "$work/bins" "$work/src"
tar -xzf "$work/node-llama-cpp-linux-x64-$VERSION.tgz" -C "$work/bins"
cp "$work"/bins/package/bins/linux-x64/*.so "$DEST/lib/"
lib="$(cd "$DEST/lib" && ls libllama.v*.so | head -n1)"
ln -sf "$lib" "$DEST/lib/libllama.so"

# Only the git bundle of llama.cpp's source is needed from the 35 MB package, and only its headers.
tar -xzf "$work/node-llama-cpp-$VERSION.tgz" -C "$work/src" package/llama/gitRelease.bundle \
  package/llama/llama.cpp.info.json
git clone -q --no-checkout "$work/src/package/llama/gitRelease.bundle" "$work/llama.cpp"
for header in $(git -C "$work/llama.cpp" ls-tree --name-only HEAD include/ ggml/include/ | grep '\.h$'); do
  git -C "$work/llama.cpp" show "HEAD:$header" >"$DEST/include/$(basename "$header")"
done
cp "$work/src/package/llama/llama.cpp.info.json" "$DEST/"
echo "$VERSION" >"$STAMP"
echo "fetch-llamacpp: $DEST/lib/libllama.so -> $lib, headers in $DEST/include"
