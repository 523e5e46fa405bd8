#!/usr/bin/env python3
"""Runs `peregrine-cli logits` on every case of the conformance goldens and checks it the way the kit's README
says (tokens identical; last-logit cosine >= 0.999, and max |diff| <= 0.02 for F32/F16 files; top-1 agreement
>= 95% of positions, 100% for F32/F16; greedy32 identical for stories260K). Made for binaries that run through an
emulator (the arm64 build under qemu-aarch64): --emulator is put in front of the command line.

  compare_golden.py --cli build/arm64/app/cli/peregrine-cli --kit ../shared/conformance \
      --emulator "qemu-aarch64 -L build/arm64-sysroot" [--only stories260K,tiny-spm-q4_0]

Prints one line per case and a closing 'N passed, N failed' line; exit 1 on any failure, 77 when the kit is
absent (ctest SKIP_RETURN_CODE)."""
import argparse, json, math, os, shlex, subprocess, sys, tempfile, time


def exact_format(name):
    return name.startswith("stories260K") or name.endswith("-f16")


def check_case(name, gold, ours):
    errors = []
    if ours["tokens"] != gold["tokens"]:
        errors.append(f"tokens differ: {ours['tokens'][:8]}... vs {gold['tokens'][:8]}...")
    a, b = ours["last_logits"], gold["last_logits"]
    if len(a) != len(b):
        return errors + [f"{len(a)} logits, golden has {len(b)}"]
    dot = sum(x * y for x, y in zip(a, b))
    cos = dot / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    diff = max(abs(x - y) for x, y in zip(a, b))
    exact = exact_format(name)
    if cos < 0.999:
        errors.append(f"last-logit cosine {cos:.6f} < 0.999")
    if exact and diff > 0.02:
        errors.append(f"max |diff| {diff:.4f} > 0.02")
    tops = [p[0][0] == q[0][0] for p, q in zip(ours["top5_per_position"], gold["top5_per_position"])]
    agree = sum(tops) / max(1, len(tops))
    if agree < (1.0 if exact else 0.95):
        errors.append(f"top-1 agreement {agree:.0%}")
    if name.startswith("stories260K") and ours["greedy32"] != gold["greedy32"]:
        errors.append("greedy32 differs")
    return errors, f"cosine {cos:.6f}, max|diff| {diff:.4f}, top-1 {agree:.0%}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--kit", required=True)
    ap.add_argument("--emulator", default="")
    ap.add_argument("--only", default="", help="comma-separated golden names (without .json)")
    ap.add_argument("--threads", default="2")
    args = ap.parse_args()
    golden_dir = os.path.join(args.kit, "golden")
    if not os.path.isdir(golden_dir):
        print(f"compare_golden: no conformance kit at {args.kit}: skipped")
        return 77
    names = sorted(f[:-5] for f in os.listdir(golden_dir) if f.endswith(".json"))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            model = os.path.join(args.kit, "models", name.removesuffix(".chat") + ".gguf")
            gold = json.load(open(os.path.join(golden_dir, name + ".json")))
            for i, case in enumerate(gold["cases"]):
                out = os.path.join(tmp, f"{name}-{i}.json")
                cmd = shlex.split(args.emulator) + [args.cli, "logits", "-m", model, "-p", case["prompt"],
                                                    "-t", args.threads, "--out", out]
                if case.get("chat") in (True, "true", "True"):
                    cmd.append("--chat")
                start = time.time()
                run = subprocess.run(cmd, capture_output=True, text=True)
                took = time.time() - start
                if run.returncode != 0:
                    print(f"FAIL {name} #{i}: exit {run.returncode}: {run.stderr.strip()[-300:]}")
                    failed += 1
                    continue
                ours = json.load(open(out))["cases"][0]
                errors, summary = check_case(name, case, ours)
                if errors:
                    print(f"FAIL {name} #{i} ({took:.1f} s): {'; '.join(errors)}")
                    failed += 1
                else:
                    print(f"ok   {name} #{i} ({took:.1f} s): {summary}")
                    passed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
