#!/usr/bin/env python3
"""peregrine-cli chat with its model file changed on disk (what `cp new.gguf model.gguf` and `truncate` do).

Between answers and mid-answer, truncated and copied over: the CLI never dies of a signal, exits 1, and
stderr names the change ("changed on disk"). Also checks that `--version` names the kernel target.
Usage: e2e_cli_model_change.py --cli PATH --work DIR
"""
import argparse
import os
import shutil
import subprocess
import sys
import time


def synth(cli, path, shape="tiny"):
    subprocess.run([cli, "synth", "--shape", shape, "--type", "q8_0", "-o", path], check=True,
                   stdout=subprocess.DEVNULL)


def start_chat(cli, model, n):
    return subprocess.Popen([cli, "chat", "-m", model, "-n", str(n), "--temp", "0", "-t", "2"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            bufsize=1)


def wait_answer(proc, timeout=120):
    """Reads stderr until the per-answer stats line; returns the lines read."""
    lines = []
    end = time.time() + timeout
    while time.time() < end:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("["):
            break
    return lines


def finish(proc, what):
    if proc.stdin and not proc.stdin.closed:
        proc.stdin.close()
    try:
        proc.wait(timeout=120)  # its output is small: the pipes cannot fill up
    except subprocess.TimeoutExpired:
        proc.kill()
        sys.exit(f"FAIL {what}: chat still running after the change")
    proc.stdout.read()
    err = proc.stderr.read()
    if proc.returncode < 0:
        sys.exit(f"FAIL {what}: killed by signal {-proc.returncode}\n{err}")
    if proc.returncode != 1:
        sys.exit(f"FAIL {what}: exit {proc.returncode}, expected 1\n{err}")
    if "changed on disk" not in err:
        sys.exit(f"FAIL {what}: stderr does not name the change:\n{err}")
    print(f"ok {what}: exit 1, '{[l for l in err.splitlines() if 'changed on disk' in l][0].strip()}'")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    version = subprocess.run([a.cli, "--version"], capture_output=True, text=True, check=True).stdout
    if "kernels:" not in version:
        sys.exit(f"FAIL --version does not name the kernel target:\n{version}")
    print("ok", version.strip().replace("\n", " | "))

    original = os.path.join(a.work, "original.gguf")
    other = os.path.join(a.work, "other.gguf")
    synth(a.cli, original)
    synth(a.cli, other)
    model = os.path.join(a.work, "model.gguf")

    # Between answers: truncated, then copied over (same size, new bytes).
    for what, change in (("truncated between answers", lambda: os.truncate(model, 4096)),
                         ("copied over between answers", lambda: shutil.copyfile(other, model))):
        shutil.copyfile(original, model)
        proc = start_chat(a.cli, model, 8)
        proc.stdin.write("hello\n")
        proc.stdin.flush()
        got = wait_answer(proc)
        if not any(l.startswith("[") for l in got):
            sys.exit(f"FAIL {what}: first answer missing: {got}")
        time.sleep(0.05)
        change()
        proc.stdin.write("again\n")
        proc.stdin.close()
        finish(proc, what)

    # Mid-answer: a long answer (the 1B-wide shape decodes a few tokens per second here), the file truncated
    # once the first tokens are out.
    big = os.path.join(a.work, "big.gguf")
    subprocess.run([a.cli, "synth", "--shape", "qwen2.5-0.5b", "--type", "q4_0", "-o", big], check=True,
                   stdout=subprocess.DEVNULL)
    proc = start_chat(a.cli, big, 400)
    proc.stdin.write("tell me a long story\n")
    proc.stdin.close()
    first = proc.stdout.read(1)  # the first token's text is out: the answer is in progress
    if not first:
        sys.exit("FAIL mid-answer: no output")
    os.truncate(big, 1 << 20)
    finish(proc, "truncated mid-answer")
    for f in (original, other, model, big):
        if os.path.exists(f):
            os.remove(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
