#!/usr/bin/env python3
"""End-to-end: the app answers headless through an OpenAI-compatible server (inference.backend: openai,
inference.endpoint at tests/app/backends/fake_llama_server.py, which streams "Hello, world!").

1. The app starts on the endpoint (no --model), answers the question, stores the server's text; the server saw
   the chat request at the configured base URL with the configured model name.
2. A dead endpoint (a port nobody listens on) with a local model as models.last_good: the app names the reason
   ("cannot reach the server at URL: connection refused"), keeps running, falls back to the local model (the
   native engine) and answers with it.
3. A dead endpoint and no local model, and an endpoint that is not set: exit 1 with the reason, no crash.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from app_db import stored_messages

ASK = "Hi there"


def run_app(args, workdir, name, inference, models=""):
    data = os.path.join(workdir, f"data-{name}")
    config = os.path.join(workdir, f"config-{name}")
    os.makedirs(os.path.join(config, "peregrine"), exist_ok=True)
    with open(os.path.join(config, "peregrine", "peregrine.yaml"), "w") as f:
        f.write("inference:\n  backend: openai\n  max_tokens: 16\n  temperature: 0\n" + inference +
                "voice:\n  enabled: false\n" + models)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=data, XDG_CONFIG_HOME=config,
               PEREGRINE_SYSTEM_CONFIG=os.path.join(workdir, "no-system.yaml"))
    cmd = [args.app, "--ask", ASK, "--quit-after-answer", "--size", "800x480", "--timeout", str(args.timeout)]
    print(f"$ {' '.join(cmd)}  ({name})", flush=True)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout + 30)
    rows = stored_messages(data)
    return proc, [text for role, text in rows if role == "assistant"]


def expect(cond, what, proc):
    if not cond:
        sys.stdout.write(proc.stdout + proc.stderr)
        raise AssertionError(what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--model", required=True, help="a local GGUF for the fallback case")
    ap.add_argument("--timeout", type=int, default=60)
    args = ap.parse_args()
    # the fake server's starter and a port nobody listens on, shared with the CLI's network checks
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.server)))
    from e2e_no_network import free_port, start_server

    server, port = start_server(args.server)
    try:
        with tempfile.TemporaryDirectory(prefix="peregrine-e2e-openai-") as workdir:
            # 1. answers through the server
            base = f"http://127.0.0.1:{port}/normal/v1"
            proc, answers = run_app(args, workdir, "ok",
                                    f"  endpoint: {base}\n  endpoint_model: fake-model\n")
            expect(proc.returncode == 0, f"app exit code {proc.returncode}", proc)
            expect(answers == ["Hello, world!"], f"stored answers {answers!r}", proc)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/last", timeout=5) as r:
                last = json.load(r)
            expect(last.get("path") == "/normal/v1/chat/completions", f"server saw {last.get('path')}", proc)
            body = json.loads(last["body"]) if isinstance(last.get("body"), str) else last.get("body", {})
            expect(body.get("model") == "fake-model", f"model asked for: {body.get('model')!r}", proc)
            expect(any(m.get("content") == ASK for m in body.get("messages", [])), "question not sent", proc)
            print(f"ok: answered through {base}: {answers[0]!r}")

            # 2. dead endpoint: the reason is named, the local last-good model answers
            dead = f"http://127.0.0.1:{free_port()}/v1"
            models = os.path.join(workdir, "models")
            os.makedirs(models)
            local = os.path.join(models, os.path.basename(args.model))
            shutil.copyfile(args.model, local)
            proc, answers = run_app(args, workdir, "fallback", f"  endpoint: {dead}\n",
                                    f"models:\n  dirs: [\"{models}\"]\n  last_good: \"{local}\"\n")
            reason = f"cannot reach the server at {dead}: connection refused"
            expect(reason in proc.stderr, f"no '{reason}' on stderr", proc)
            expect(proc.returncode == 0, f"app exit code {proc.returncode} (no fallback answer)", proc)
            expect(len(answers) == 1 and answers[0].strip(), f"fallback answers {answers!r}", proc)
            print(f"ok: dead endpoint named ({reason}); the local model answered")

            # 3. dead endpoint with nothing to fall back to, and an endpoint that is not set: exit 1 with why
            for name, inference, why in (("dead", f"  endpoint: {dead}\n", "connection refused"),
                                         ("unset", "", "inference.endpoint is not set")):
                proc, answers = run_app(args, workdir, name, inference)
                expect(proc.returncode == 1, f"{name}: exit code {proc.returncode} (want 1, no crash)", proc)
                expect(why in proc.stderr, f"{name}: no '{why}' on stderr", proc)
                expect(not answers, f"{name}: stored {answers!r}", proc)
                print(f"ok: {name}: exit 1, '{why}'")
    finally:
        server.kill()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
