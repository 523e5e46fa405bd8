#!/usr/bin/env python3
"""End-to-end checks of the network side of the OpenAI-compatible backend.

--mode tool:    peregrine-cli run --backend openai (OpenAiBackend from a plain main thread) against fake_llama_server.py:
                the streamed answer and its stats; a dead endpoint, HTTP 500 and a stall exit 1 with the reason.
--mode strace:  with deep think disabled (and an endpoint configured, to show "configured" is not "used"), the
                app answers a question headless on a local model and, under strace -f -e trace=socket,connect,
                opens no AF_INET/AF_INET6 socket. Positive control first: the same check on peregrine-cli talking
                to the fake server must see one, so a broken check cannot pass. Exit 77 (skip) without strace.
--mode deepthink: deep think enabled with the fake server as its endpoint. A plain question is answered by the
                local model and, under strace, still opens no inet socket (enabled is not used); "deep think: ..."
                opens one (the same check sees it), is answered by the server and stored with route 'deep think'
                and the server's model name.
"""
import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile

INET = re.compile(r"socket\(AF_INET6?,|connect\(\d+, \{sa_family=AF_INET6?,")


def start_server(script):
    proc = subprocess.Popen([sys.executable, script, "--port", "0"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("PORT "):
        proc.kill()
        raise AssertionError(f"fake server did not start: {line!r}")
    return proc, int(line.split()[1])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_tool(tool, endpoint, *extra, timeout=30):
    cmd = [tool, "run", "--backend", "openai", "--endpoint", endpoint, "--chat", "-p", "Say hello.", *extra]
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def expect(cond, what, proc=None):
    if not cond:
        if proc is not None:
            sys.stdout.write(f"rc={proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}\n")
        raise AssertionError(what)
    print("ok:", what, flush=True)


def inet_sockets(strace_log):
    with open(strace_log, errors="replace") as f:
        return [line.rstrip() for line in f if INET.search(line)]


def traced(cmd, log, env=None, timeout=120):
    strace = ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", log]
    print("$", " ".join(strace + cmd), flush=True)
    return subprocess.run(strace + cmd, capture_output=True, text=True, env=env, timeout=timeout)


def mode_tool(args):
    server, port = start_server(args.server)
    try:
        base = f"http://127.0.0.1:{port}"
        p = run_tool(args.tool, f"{base}/normal/v1")
        expect(p.returncode == 0 and "Hello, world!" in p.stdout, "streamed answer from the fake server", p)
        expect("stop: eog" in p.stderr and "time to first token" in p.stderr and
               "prompt tokens: 12 (reused 3" in p.stderr,
               "stats from timings/usage printed", p)
        dead = f"http://127.0.0.1:{free_port()}/v1"
        p = run_tool(args.tool, dead)
        expect(p.returncode == 1 and f"cannot reach the server at {dead}: connection refused" in p.stderr,
               "dead endpoint: exit 1 with 'connection refused'", p)
        p = run_tool(args.tool, f"{base}/error500/v1")
        expect(p.returncode == 1 and "HTTP 500: failed to load model: out of memory" in p.stderr,
               "HTTP 500: exit 1 with the server's message", p)
        p = run_tool(args.tool, f"{base}/stall/v1", "--stall-ms", "500")
        expect(p.returncode == 1 and "stalled" in p.stderr, "stall: exit 1 with 'stalled'", p)
    finally:
        server.kill()
    return 0


def traced_mode(args, prefix, body):
    """Runs body(work, port) with a scratch folder and the fake server; 77 (skip) without strace."""
    if shutil.which("strace") is None:
        print("SKIP: strace is not installed (scripts/setup.sh installs it)")
        return 77
    work = tempfile.mkdtemp(prefix=prefix)
    server, port = start_server(args.server)
    try:
        body(work, port)
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


def app_env(work, port, enabled):
    """The app's environment: only deep think configured (enabled or not), voice at its default (on)."""
    config = os.path.join(work, "config", "peregrine")
    os.makedirs(config, exist_ok=True)
    with open(os.path.join(config, "peregrine.yaml"), "w") as f:
        f.write("inference:\n  max_tokens: 16\n  temperature: 0\n"
                f"deep_think:\n  enabled: {'true' if enabled else 'false'}\n"
                f"  endpoint: http://127.0.0.1:{port}/normal/v1\n")
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=os.path.join(work, "data"),
                XDG_CONFIG_HOME=os.path.join(work, "config"),
                PEREGRINE_SYSTEM_CONFIG=os.path.join(work, "no-system.yaml"))


def stored_messages(work):
    db = sqlite3.connect(os.path.join(work, "data", "peregrine", "peregrine.db"))
    rows = db.execute("SELECT role, text, model, route FROM messages ORDER BY id").fetchall()
    db.close()
    return rows


def ask_command(args, question):
    return [args.app, "--model", args.model, "--ask", question, "--quit-after-answer", "--timeout", "60"]


def local_answer_opens_no_socket(args, work, port, enabled):
    """The app answers a plain question headless under strace on the local model (stored without a mark) and
    opens no inet socket, with deep think configured and `enabled` or not. Returns the app's environment."""
    env = app_env(work, port, enabled)
    state = "on" if enabled else "off"
    log = os.path.join(work, f"app-{state}.strace")
    p = traced(ask_command(args, "Once upon a time"), log, env=env, timeout=150)
    expect(p.returncode == 0, f"deep think {state}: the app answered headless under strace", p)
    rows = stored_messages(work)
    expect(len(rows) == 2 and rows[1][0] == "assistant" and rows[1][1].strip() and rows[1][3] == "",
           f"the local model answered, no mark: {rows[-1][:2]!r}" if rows else "the local model answered")
    with open(log, errors="replace") as f:
        traced_calls = sum(1 for _ in f)
    hits = inet_sockets(log)
    for h in hits[:10]:
        print("  inet:", h)
    expect(not hits, f"deep think {state}: no AF_INET/AF_INET6 socket in {traced_calls} traced calls")
    return env


def mode_strace(args):
    def body(work, port):
        log = os.path.join(work, "tool.strace")
        p = traced([args.tool, "run", "--backend", "openai", "--endpoint", f"http://127.0.0.1:{port}/normal/v1",
                    "--chat", "-p", "hi"], log)
        expect(p.returncode == 0, "positive control: peregrine-cli answered under strace", p)
        hits = inet_sockets(log)
        expect(len(hits) > 0, f"positive control: the check sees the tool's inet socket ({len(hits)} calls)")

        # An endpoint is configured, to show that "configured" is not "used".
        local_answer_opens_no_socket(args, work, port, enabled=False)

    return traced_mode(args, "peregrine-nonet-", body)


def mode_deepthink(args):
    def body(work, port):
        env = local_answer_opens_no_socket(args, work, port, enabled=True)

        log = os.path.join(work, "deepthink.strace")
        p = traced(ask_command(args, "Deep think: why is the sky blue?"), log, env=env, timeout=150)
        expect(p.returncode == 0, "a deep-think question answered headless under strace", p)
        hits = inet_sockets(log)
        expect(len(hits) > 0, f"asked for: the deep-think request opened an inet socket ({len(hits)} calls)")
        rows = stored_messages(work)
        expect(len(rows) == 4, f"two more messages stored: {rows}")
        expect(rows[2] == ("user", "why is the sky blue?", "", "deep think"),
               f"the question stored without its prefix, marked: {rows[2]}")
        expect(rows[3] == ("assistant", "Hello, world!", "fake-model.gguf", "deep think"),
               f"the server's answer stored with the mark and its model: {rows[3]}")

    return traced_mode(args, "peregrine-deepthink-", body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["tool", "strace", "deepthink"], required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--app")
    ap.add_argument("--model")
    args = ap.parse_args()
    try:
        modes = {"tool": mode_tool, "strace": mode_strace, "deepthink": mode_deepthink}
        return modes[args.mode](args)
    except (AssertionError, subprocess.TimeoutExpired) as e:
        print("FAIL:", e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
