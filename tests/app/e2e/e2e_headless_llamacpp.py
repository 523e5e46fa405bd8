#!/usr/bin/env python3
"""End-to-end: the app answers headless through the llamacpp backend (inference.backend: llamacpp, the
fixture's libllama through PEREGRINE_LLAMACPP_LIB).

1. The app (--model --ask --quit-after-answer, offscreen) answers greedily; the stored answer must equal what
   `peregrine-cli run --backend llamacpp --chat` prints for the same system prompt and question.
2. The same run with PEREGRINE_LLAMACPP_LIB pointing at a file that is not a library: no answer is stored and
   the app exits (non-zero, no crash): proof that the first answer came through llama.cpp, and that a broken
   runtime is an error, not a crash.
Fixture missing: fails (PEREGRINE_SKIP_LLAMACPP=1 skips, exit 77), like llamacpp_conformance.
"""
import argparse
import os
import subprocess
import sys
import tempfile

from app_db import stored_messages

SYSTEM = "You are a storyteller."
ASK = "Once upon a time"
TOKENS = 24


def run_app(args, workdir, name, lib):
    data = os.path.join(workdir, f"data-{name}")
    config = os.path.join(workdir, f"config-{name}")
    os.makedirs(os.path.join(config, "peregrine"), exist_ok=True)
    with open(os.path.join(config, "peregrine", "peregrine.yaml"), "w") as f:
        f.write(f"inference:\n  backend: llamacpp\n  max_tokens: {TOKENS}\n  temperature: 0\n"
                f"  repeat_penalty: 1\n  system_prompt: \"{SYSTEM}\"\nvoice:\n  enabled: false\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=data, XDG_CONFIG_HOME=config,
               PEREGRINE_SYSTEM_CONFIG=os.path.join(workdir, "no-system.yaml"), PEREGRINE_LLAMACPP_LIB=lib)
    cmd = [args.app, "--model", args.model, "--ask", ASK, "--quit-after-answer", "--size", "800x480",
           "--timeout", str(args.timeout)]
    print("$", " ".join(cmd), f"(PEREGRINE_LLAMACPP_LIB={lib})", flush=True)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout + 30)
    rows = stored_messages(data)
    return proc, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--lib", required=True)
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()
    if not os.path.exists(args.model):
        print(f"SKIP: {args.model} not present")
        return 77
    if not os.path.exists(args.lib):
        why = f"the llama.cpp fixture is missing ({args.lib}): run scripts/fetch-llamacpp.sh"
        if os.environ.get("PEREGRINE_SKIP_LLAMACPP") == "1":
            print(why + "; skipped (PEREGRINE_SKIP_LLAMACPP=1)")
            return 77
        print("FAIL: " + why + " (or set PEREGRINE_SKIP_LLAMACPP=1 to skip)")
        return 1

    env = dict(os.environ, PEREGRINE_LLAMACPP_LIB=args.lib)
    cli = subprocess.run([args.cli, "run", "--backend", "llamacpp", "--chat", "--system", SYSTEM, "-m", args.model,
                          "-p", ASK, "-n", str(TOKENS), "--temp", "0", "--repeat-penalty", "1"],
                         env=env, capture_output=True, text=True, timeout=120)
    if cli.returncode != 0:
        print(cli.stderr)
        raise AssertionError(f"peregrine-cli run --backend llamacpp exited {cli.returncode}")
    expected = cli.stdout.strip()

    with tempfile.TemporaryDirectory(prefix="peregrine-e2e-llamacpp-") as workdir:
        proc, rows = run_app(args, workdir, "ok", args.lib)
        if proc.returncode != 0:
            sys.stdout.write(proc.stdout + proc.stderr)
            raise AssertionError(f"app exit code {proc.returncode}")
        answers = [text for role, text in rows if role == "assistant"]
        if len(answers) != 1 or answers[0].strip() != expected:
            raise AssertionError(f"stored answer {answers!r} differs from llama.cpp's {expected!r}")
        print(f"answer through llama.cpp: {expected!r}")

        bogus = os.path.join(workdir, "not-a-library.so")
        with open(bogus, "w") as f:
            f.write("not ELF")
        proc, rows = run_app(args, workdir, "broken", bogus)
        if proc.returncode == 0 or proc.returncode < 0:
            sys.stdout.write(proc.stdout + proc.stderr)
            raise AssertionError(f"broken library: exit code {proc.returncode} (want an error exit, no crash)")
        if any(role == "assistant" for role, _ in rows):
            raise AssertionError("broken library: an answer was stored")
        print(f"broken library: no answer, exit {proc.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
