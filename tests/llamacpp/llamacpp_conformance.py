#!/usr/bin/env python3
"""Conformance of the llamacpp backend: for every model of the conformance kit that llama.cpp loads,
`peregrine-cli run --backend llamacpp -m MODEL -p "Once upon a time" -n 32 --temp 0` must print exactly what
the reference program (llama.cpp driven through its own API, same library, greedy) prints; for stories260K
that is also the kit's golden continuation.

The library is the npm build fetched by scripts/fetch-llamacpp.sh (build/llamacpp/, setup.sh runs it). When it
is missing the test fails and says how to fetch it; a developer without network may set
PEREGRINE_SKIP_LLAMACPP=1 to skip instead (exit 77). A missing conformance kit skips, like the other
conformance tests.
"""
import argparse
import json
import os
import subprocess
import sys

SKIP = 77
PROMPT = "Once upon a time"
N = 32


def run(cmd, env):
    proc = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--reference", default="", help="llamacpp_reference (empty: not built, fixture missing)")
    ap.add_argument("--lib", required=True, help="libllama.so of the fixture")
    ap.add_argument("--kit", required=True)
    args = ap.parse_args()

    if not os.path.isdir(os.path.join(args.kit, "models")):
        print(f"conformance kit not found at {args.kit}: skipping")
        return SKIP
    missing = [p for p in (args.lib, args.reference) if not p or not os.path.exists(p)]
    if missing:
        why = ("the llama.cpp fixture is missing (" + ", ".join(p or "llamacpp_reference not built" for p in missing)
               + "): run scripts/fetch-llamacpp.sh, then cmake --preset release again")
        if os.environ.get("PEREGRINE_SKIP_LLAMACPP") == "1":
            print(why + "; skipped (PEREGRINE_SKIP_LLAMACPP=1)")
            return SKIP
        print("FAIL: " + why + " (or set PEREGRINE_SKIP_LLAMACPP=1 to skip)")
        return 1

    env = dict(os.environ, PEREGRINE_LLAMACPP_LIB=args.lib)
    models = sorted(f for f in os.listdir(os.path.join(args.kit, "models")) if f.endswith(".gguf"))
    failures, compared = [], 0
    for name in models:
        model = os.path.join(args.kit, "models", name)
        rc, ref, err = run([args.reference, model, PROMPT, str(N), "1"], env)
        if rc == 1 and err.startswith("cannot load"):
            print(f"{name}: llama.cpp cannot load it; not compared")
            continue
        if rc != 0:
            failures.append(f"{name}: reference program failed ({rc}): {err.strip()}")
            continue
        rc, ours, err = run([args.cli, "run", "--backend", "llamacpp", "-m", model, "-p", PROMPT, "-n", str(N),
                             "--temp", "0", "-t", "1"], env)
        if rc != 0:
            failures.append(f"{name}: peregrine-cli exited {rc}: {err.strip()}")
            continue
        compared += 1
        if ours != ref:
            failures.append(f"{name}: differs from llama.cpp\n  llama.cpp: {ref!r}\n  peregrine: {ours!r}")
            continue
        print(f"{name}: identical ({ref.strip()[:60]!r})")
        golden = os.path.join(args.kit, "golden", name.replace(".gguf", ".json"))
        if name == "stories260K.gguf":
            cases = json.load(open(golden))["cases"]
            want = next(c["greedy32_text"] for c in cases if c["prompt"] == PROMPT)
            if ours.rstrip("\n") != want:
                failures.append(f"{name}: differs from the kit's golden\n  golden: {want!r}\n  ours:   {ours!r}")
            else:
                print(f"{name}: equals the kit's golden")
    if compared == 0:
        failures.append("no model was compared: llama.cpp loaded none of the kit's models")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
