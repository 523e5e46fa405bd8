#!/usr/bin/env python3
"""End-to-end: run the peregrine app headless on a real model, one exchange per window size.

For each size the app runs with --model/--ask/--screenshot/--quit-after-answer/--frame-stats under
QT_QPA_PLATFORM=offscreen with its own XDG data/config homes. The test checks the exit code, the stored user
and assistant messages with their timings (SQLite), the screenshot, and that the 99th percentile of the frame
intervals measured during the answer stays under the limit. Prints the figures.

The README screenshots come from a short answer (both bubbles visible):
  e2e_headless.py --app build/release/app/peregrine --model ../shared/conformance/models/stories260K.gguf \
      --out docs/screenshots --max-tokens 60 --min-frames 0
"""
import argparse
import os
import re
import sqlite3
import struct
import subprocess
import sys
import tempfile


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def run_one(args, size, theme, workdir):
    data = os.path.join(workdir, f"data-{size}")
    config = os.path.join(workdir, f"config-{size}")
    os.makedirs(os.path.join(config, "peregrine"), exist_ok=True)
    with open(os.path.join(config, "peregrine", "peregrine.yaml"), "w") as f:
        f.write(f"display:\n  theme: {theme}\ninference:\n  max_tokens: {args.max_tokens}\n  temperature: 0\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=data, XDG_CONFIG_HOME=config,
               PEREGRINE_SYSTEM_CONFIG=os.path.join(workdir, "no-system.yaml"))
    env.pop("QT_QUICK_CONTROLS_STYLE", None)
    shot = os.path.join(args.out, f"e2e-{size}.png")
    if os.path.exists(shot):
        os.remove(shot)
    cmd = [args.app, "--model", args.model, "--ask", args.ask, "--screenshot", shot, "--quit-after-answer",
           "--size", size, "--frame-stats", "--timeout", str(args.timeout)]
    print("$", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout + 30)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        sys.stdout.write(proc.stderr)
        raise AssertionError(f"{size}: exit code {proc.returncode}")

    m = re.search(r"frame-stats: frames=(\d+) p50=([\d.]+) ms p90=([\d.]+) ms p99=([\d.]+) ms max=([\d.]+) ms",
                  proc.stdout)
    if not m:
        raise AssertionError(f"{size}: no frame-stats line")
    frames, p50, p99, fmax = int(m.group(1)), float(m.group(2)), float(m.group(4)), float(m.group(5))

    db = sqlite3.connect(os.path.join(data, "peregrine", "peregrine.db"))
    rows = db.execute("SELECT role, text, ttft_ms, prompt_tokens, generated_tokens, prompt_tok_s, decode_tok_s, "
                      "stop_reason, finished_at FROM messages ORDER BY id").fetchall()
    db.close()
    if len(rows) != 2:
        raise AssertionError(f"{size}: expected 2 stored messages, found {len(rows)}")
    user, answer = rows
    if user[0] != "user" or user[1] != args.ask:
        raise AssertionError(f"{size}: user message not stored: {user}")
    role, text, ttft, ptok, gtok, ptps, dtps, stop, finished = answer
    if role != "assistant" or not text.strip():
        raise AssertionError(f"{size}: no assistant answer stored")
    for name, value in (("ttft_ms", ttft), ("prompt_tokens", ptok), ("generated_tokens", gtok),
                        ("prompt_tok_s", ptps), ("finished_at", finished)):
        if value is None or value <= 0:
            raise AssertionError(f"{size}: {name} missing ({value})")
    if dtps is None or not stop:
        raise AssertionError(f"{size}: decode_tok_s / stop_reason missing")

    w, h = png_size(shot)
    want_w, want_h = (int(x) for x in size.split("x"))
    if (w, h) != (want_w, want_h):
        raise AssertionError(f"{size}: screenshot is {w}x{h}")
    print(f"e2e {size}: answer {gtok} tokens, ttft {ttft:.0f} ms, prompt {ptps:.0f} tok/s, decode {dtps:.1f} tok/s, "
          f"stop {stop}; frames {frames}, p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {fmax:.1f} ms; {shot}", flush=True)
    if frames < args.min_frames:
        raise AssertionError(f"{size}: only {frames} frame intervals measured")
    if p99 >= args.p99_limit:
        raise AssertionError(f"{size}: frame interval p99 {p99:.1f} ms >= {args.p99_limit} ms")
    return p99


def settings_shot(args, workdir):
    """The Settings page with the model list (every GGUF beside the test model, plus a broken download)."""
    models = os.path.dirname(os.path.abspath(args.model))
    broken = os.path.join(workdir, "broken")
    os.makedirs(broken, exist_ok=True)
    with open(os.path.join(broken, "half-downloaded-3b.gguf"), "wb") as f:
        f.write(b"GGUF\x03\x00\x00\x00" + b"\x00" * 40)
    config = os.path.join(workdir, "config-settings")
    os.makedirs(os.path.join(config, "peregrine"), exist_ok=True)
    with open(os.path.join(config, "peregrine", "peregrine.yaml"), "w") as f:
        f.write(f'models:\n  dirs: ["{models}", "{broken}"]\ndisplay:\n  theme: day\n')
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=os.path.join(workdir, "data-settings"),
               XDG_CONFIG_HOME=config, PEREGRINE_SYSTEM_CONFIG=os.path.join(workdir, "no-system.yaml"))
    shot = os.path.join(args.out, "settings-1280x800.png")
    cmd = [args.app, "--model", args.model, "--page", "settings", "--screenshot", shot, "--size", "1280x800",
           "--timeout", "60"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=90)
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0 or png_size(shot) != (1280, 800):
        sys.stdout.write(proc.stderr)
        raise AssertionError(f"settings screenshot failed (exit {proc.returncode})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ask", default="Once upon a time")
    ap.add_argument("--sizes", default="800x480,1280x800,1920x1080")
    ap.add_argument("--max-tokens", type=int, default=1500)
    ap.add_argument("--timeout", type=int, default=240)
    ap.add_argument("--p99-limit", type=float, default=50.0)
    ap.add_argument("--min-frames", type=int, default=50)
    args = ap.parse_args()
    if not os.path.exists(args.model):
        print(f"SKIP: {args.model} not present")
        return 77
    os.makedirs(args.out, exist_ok=True)
    themes = {"1280x800": "night"}
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="peregrine-e2e-") as workdir:
        for size in args.sizes.split(","):
            worst = max(worst, run_one(args, size, themes.get(size, "day"), workdir))
        settings_shot(args, workdir)
    print(f"frame interval p99 (worst size): {worst:.1f} ms (limit {args.p99_limit} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
