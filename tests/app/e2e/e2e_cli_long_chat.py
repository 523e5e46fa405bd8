#!/usr/bin/env python3
"""A 200-turn `peregrine-cli chat --ctx 512` on a conformance model (a long drive, compressed).

Once the context is full, every turn must reuse the cached history: the turns that fill the context drop a step
of the oldest messages at once and shift the cache (the stats line says how many messages were dropped and how
many cached tokens were shifted out), and on every turn from the first fill on the prompt tokens computed stay
those of the new question (at most a quarter of the prompt), not the whole history.
Prints the TTFT p95 of the first and last 50 turns and their ratio (the bench `long_chat` is the place for
speed goals; this test checks the mechanism that keeps TTFT flat).
Usage: e2e_cli_long_chat.py --cli PATH --model GGUF
"""
import argparse
import re
import subprocess
import sys

STATS = re.compile(r"^\[(\d+) prompt tokens \((\d+) reused\), TTFT ([\d.]+) ms.*?(?:context full: (\d+) oldest "
                   r"messages dropped, (\d+) cached tokens shifted out)?\]$")
QUESTIONS = ["How far is the next rest area", "What pressure for a loaded trailer",
             "When does the delivery window open", "How long until my next break",
             "What does the amber light mean", "Will it rain on the pass tonight"]


def p95(values):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--turns", type=int, default=200)
    args = ap.parse_args()
    questions = "".join(f"{QUESTIONS[i % len(QUESTIONS)]}, question {i + 1}?\n" for i in range(args.turns))
    proc = subprocess.run([args.cli, "chat", "-m", args.model, "--ctx", "512", "-n", "16", "--temp", "0",
                           "-t", "2", "--system", "Answer in one short sentence."],
                          input=questions, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        print(f"FAIL: exit {proc.returncode}")
        return 1
    turns = [STATS.match(line) for line in proc.stderr.splitlines() if line.startswith("[")]
    turns = [m for m in turns if m]
    if len(turns) != args.turns:
        print(proc.stderr[-2000:], file=sys.stderr)
        print(f"FAIL: {len(turns)} stats lines for {args.turns} turns")
        return 1
    full = [m for m in turns if m.group(4)]
    failures = []
    if len(full) < 5:
        failures.append(f"the context filled on only {len(full)} turns (the test needs a full context)")
    if len(full) > args.turns // 3:
        failures.append(f"the context filled on {len(full)} of {args.turns} turns: dropped turns must drop in steps")
    first_fill = next((i for i, m in enumerate(turns) if m.group(4)), len(turns))
    for i, m in enumerate(turns[first_fill:], start=first_fill):
        prompt, reused = int(m.group(1)), int(m.group(2))
        shifted = int(m.group(5)) if m.group(4) else None
        if shifted == 0 or prompt - reused > prompt // 4:
            failures.append(f"turn {i + 1}: {prompt} prompt tokens, {reused} reused, {shifted} shifted out")
    ttft = [float(m.group(3)) for m in turns]
    first, last = p95(ttft[:50]), p95(ttft[-50:])
    print(f"{args.turns} turns, context full on {len(full)}; TTFT p95 first 50 {first:.1f} ms, "
          f"last 50 {last:.1f} ms, ratio {last / first:.2f}")
    for f in failures[:10]:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
