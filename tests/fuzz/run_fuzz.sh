#!/usr/bin/env bash
# Builds the fuzz preset, writes the seed corpus and fuzzes the GGUF reader for SECONDS (default 60).
# Exits non-zero when libFuzzer reports a finding (crash, sanitizer error, leak, timeout, OOM); the input is
# saved under build/fuzz/gguf-fuzz/artifacts/.
# Env: PEREGRINE_CONFORMANCE_DIR (default ../shared/conformance) adds the small vocab GGUF to the seeds.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target gguf_fuzz make_gguf_corpus

bin="$root/build/fuzz/tests/fuzz"
work="$root/build/fuzz/gguf-fuzz"
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
"$bin/make_gguf_corpus" "$work/seeds"
kit="${PEREGRINE_CONFORMANCE_DIR:-$root/../shared/conformance}"
if [[ -f "$kit/vocab/ggml-vocab-llama-spm.gguf" ]]; then
  cp "$kit/vocab/ggml-vocab-llama-spm.gguf" "$work/seeds/vocab-llama-spm.gguf"
fi

# New inputs go to corpus/ (kept between runs); seeds/ is read only. 64 KiB covers every seed but the vocab
# file, which libFuzzer then uses as a truncated input.
touch "$work/.start"
set +e
"$bin/gguf_fuzz" "$work/corpus" "$work/seeds" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$root/tests/fuzz/gguf.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  2>&1 | tee "$work/fuzz.log"
rc=${PIPESTATUS[0]}
set -e
echo "corpus: $(find "$work/corpus" -type f | wc -l) files; artifacts: $(find "$work/artifacts" -type f | wc -l)"
if [[ $rc -ne 0 ]] || [[ -n "$(find "$work/artifacts" -type f -newer "$work/.start")" ]]; then
  echo "gguf_fuzz: finding (exit code $rc); see $work/artifacts/ and $work/fuzz.log" >&2
  exit 1
fi
echo "gguf_fuzz: no findings in ${seconds}s"
