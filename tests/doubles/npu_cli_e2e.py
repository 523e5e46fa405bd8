#!/usr/bin/env python3
"""peregrine-cli against the NPU runtime doubles, with only a double's folder on LD_LIBRARY_PATH.

Genie (tests/doubles/genie):
- `run -m BUNDLE_DIR -p TEXT --chat` streams the double's answer (the bundle picks the genie backend);
- every failure mode of the double gives its named reason on stderr and exit status 1 (context exceeded is
  an answer that stops with "context");
- a bundle compiled for QAIRT 2.42 on a 2.40.1 board is refused before libGenie is loaded (the double,
  when loaded, creates the file named by PEREGRINE_GENIE_DOUBLE_LOADED);
- the double's own contract check: a relative path in the config and a leaked handle make it exit 86;
- with --app: the app binary, headless, answers from the bundle and stores the exchange; a bundle whose
  dialog cannot be created names the runtime's line and exits 1.
RKLLM (tests/doubles/rkllm): a .rkllm file picks the rkllm backend and streams the double's answer; a load
failure shows the runtime's log line; a board with an RKLLM runtime older than 1.3.0 is refused.
`models compare` runs a bundle and an .rkllm file on their NPU runtimes and refuses a newer-QAIRT bundle.
Usage: npu_cli_e2e.py --cli PEREGRINE_CLI --genie-dir DIR_OF_LIBGENIE --rkllm-dir DIR_OF_LIBRKLLMRT [--app PEREGRINE]
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what, detail=""):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)
        if detail:
            print("     " + detail.replace("\n", "\n     "))


def write_bundle(folder, qairt=None):
    os.makedirs(folder, exist_ok=True)
    htp = {"version": 1, "use-mmap": True, "spill-fill-bufsize": 0, "mmap-budget": 0, "poll": True,
           "cpu-mask": "0xe0", "kv-dim": 128, "allow-async-init": False}
    bins = ["llama_part_1_of_2.bin", "llama_part_2_of_2.bin"]
    dialog = {
        "version": 1, "type": "basic",
        "context": {"version": 1, "size": 4096, "n-vocab": 128256, "bos-token": 128000,
                    "eos-token": [128001, 128008, 128009]},
        "sampler": {"version": 1, "seed": 42, "temp": 0.8, "top-k": 40, "top-p": 0.95},
        "tokenizer": {"version": 1, "path": "tokenizer.json"},
        "engine": {"version": 1, "n-threads": 3,
                   "backend": {"version": 1, "type": "QnnHtp", "QnnHtp": htp,
                               "extensions": "htp_backend_ext_config.json"},
                   "model": {"version": 1, "type": "binary", "binary": {"version": 1, "ctx-bins": bins},
                             "positional-encoding": {"type": "rope", "rope-dim": 64, "rope-theta": 500000}}}}
    ext = {"devices": [{"soc_model": 35, "dsp_arch": "v68",
                        "cores": [{"core_id": 0, "perf_profile": "burst", "rpc_control_latency": 100}]}],
           "memory": {"mem_type": "shared_buffer"}, "context": {"weight_sharing_enabled": True}}
    files = {"genie_config.json": json.dumps({"dialog": dialog}, indent=2),
             "htp_backend_ext_config.json": json.dumps(ext), "tokenizer.json": '{"model": {}}'}
    for name in bins:
        files[name] = "ctx-bin"
    sidecar = "name: Llama 3.2 1B (Genie double)\n"
    if qairt:
        sidecar += 'runtime: {name: qairt, version: "%s"}\n' % qairt
    files["peregrine.yaml"] = sidecar
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    return folder


def run(cli, args, env_extra, library_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEREGRINE_")}
    env["LD_LIBRARY_PATH"] = library_path
    env.update(env_extra)
    return subprocess.run([cli] + args, capture_output=True, text=True, env=env, timeout=30)


def contract_self_test(double_dir, tmp):
    """The double must catch a relative path and a leaked handle (else its checks prove nothing)."""
    code = ("import ctypes,sys\n"
            "g=ctypes.CDLL(sys.argv[1])\n"
            "h=ctypes.c_void_p()\n"
            "print(g.GenieDialogConfig_createFromJson(b'{\"tokenizer\":{\"path\":\"tokenizer.json\"}}',"
            " ctypes.byref(h)))\n"
            "print(g.GenieDialogConfig_createFromJson(b'{}', ctypes.byref(h)))\n")
    r = subprocess.run([sys.executable, "-c", code, os.path.join(double_dir, "libGenie.so")],
                       capture_output=True, text=True, timeout=30, cwd=tmp)
    check(r.returncode == 86 and r.stdout.split() == ["-9", "0"] and
          "genie double: contract: genie_config.json names 'tokenizer.json'" in r.stderr and
          "genie double: contract: 1 dialog config(s) never freed" in r.stderr,
          "the double exits 86 on a relative path and a leaked handle", r.stdout + r.stderr)


def rkllm_checks(cli, lib, tmp):
    model = os.path.join(tmp, "qwen2.5-1.5b_w8a8_rk3588.rkllm")
    with open(model, "w") as f:
        f.write("RKLLM")
    ask = ["run", "-m", model, "-p", "Hi", "--chat"]
    r = run(cli, ask, {}, lib)
    check(r.returncode == 0 and r.stdout == "Hello from the RKLLM double (turn 1).\n" and
          "decode: 100.0 tok/s (7 tokens, stop: eog)" in r.stderr,
          "rkllm: run --chat streams the double's answer with its perf figures", r.stdout + r.stderr)
    r = run(cli, ask, {"PEREGRINE_RKLLM_DOUBLE": "init_fail"}, lib)
    check(r.returncode == 1 and "peregrine-cli run: RKLLM could not load '" + model +
          "' (rkllm_init returned -1) - runtime log: E rkllm: invalid rkllm model!" in r.stderr,
          "rkllm init_fail: named reason with the runtime's line, exit 1", r.stderr)
    r = run(cli, ask, {"PEREGRINE_RKLLM_DOUBLE": "run_error"}, lib)
    check(r.returncode == 1 and "RKLLM's run failed (rkllm_run returned -1" in r.stderr,
          "rkllm run_error: named reason, exit 1", r.stderr)
    r = run(cli, ask, {"PEREGRINE_RKLLM_DOUBLE_VERSION": "1.2.3"}, lib)
    check(r.returncode == 1 and "RKLLM needs runtime 1.3.0 or newer; this board has 1.2.3 (from its log)"
          in r.stderr, "rkllm runtime 1.2.3 (its log line): refused", r.stderr)
    r = run(cli, ask, {"PEREGRINE_RKLLM_VERSION": "1.2.0"}, "/nonexistent")
    check(r.returncode == 1 and "this board has 1.2.0 (runtimes.rkllm.version)" in r.stderr,
          "rkllm runtime 1.2.0 (configured): refused before the library is opened", r.stderr)


def compare_checks(cli, genie_lib, rkllm_lib, tmp):
    """`models compare` measures a bundle and an .rkllm file on their NPU runtimes, once each even with two
    --backends, and refuses a bundle compiled for a newer QAIRT without loading libGenie for it."""
    models = os.path.join(tmp, "compare-models")
    write_bundle(os.path.join(models, "llama-genie"))
    write_bundle(os.path.join(models, "llama-genie-2.42"), qairt="2.42.0")
    with open(os.path.join(models, "qwen2.5-1.5b_w8a8_rk3588.rkllm"), "w") as f:
        f.write("RKLLM")
    args = ["models", "compare", "--dir", models, "--reps", "1", "--prompt", "16", "--gen", "8",
            "--backends", "native,llamacpp"]
    env = {"PEREGRINE_QAIRT_VERSION": "2.40.1", "XDG_CONFIG_HOME": os.path.join(tmp, "cfg"),
           "PEREGRINE_SYSTEM_CONFIG": os.path.join(tmp, "no-system.yaml")}
    r = run(cli, args, env, genie_lib + ":" + rkllm_lib)
    rows = [l for l in r.stdout.splitlines() if l.startswith("|") and "---" not in l]
    genie = [l for l in rows if "genie" in l.lower() and "2.42" not in l and "refused" not in l]
    rkllm = [l for l in rows if "rkllm" in l.lower()]
    refused = [l for l in rows if "refused: compiled with QAIRT 2.42, this board has QAIRT 2.40.1" in l]
    cells = lambda row: [c.strip() for c in row.split("|")[1:-1]]
    # model, backend, size, memory, prompt tok/s, decode tok/s, TTFT, ...: Genie gives no prompt rate ("-").
    check(r.returncode == 1 and len(genie) == 1 and cells(genie[0])[1].startswith("Genie 1.13.0") and
          cells(genie[0])[4] == "-" and float(cells(genie[0])[5]) > 0,
          "compare: the Genie bundle is measured once, on Genie", r.stdout + r.stderr)
    check(len(rkllm) == 1 and cells(rkllm[0])[1] == "RKLLM 1.3.0" and cells(rkllm[0])[5] == "100",
          "compare: the .rkllm file is measured on RKLLM (its perf figures: 100 tok/s decode)",
          r.stdout + r.stderr)
    check(len(refused) == 1, "compare: the QAIRT 2.42 bundle is refused with the verifier's reason",
          r.stdout + r.stderr)


def app_checks(app, lib, bundle, tmp):
    """The app binary, headless, answers from the bundle through the double and stores the answer; a bundle
    whose dialog cannot be created names the runtime's line and exits 1."""
    home = os.path.join(tmp, "app-home")
    env = {"XDG_DATA_HOME": os.path.join(home, "data"), "XDG_CONFIG_HOME": os.path.join(home, "config"),
           "PEREGRINE_SYSTEM_CONFIG": os.path.join(home, "no-system.yaml"), "QT_QPA_PLATFORM": "offscreen",
           "PEREGRINE_QAIRT_VERSION": "2.40.1"}
    ask = ["--model", bundle, "--ask", "Hi there", "--quit-after-answer"]
    r = run(app, ask, env, lib)
    check(r.returncode == 0 and "answer: Hello from the Genie double (turn 1)." in r.stdout + r.stderr,
          "app: answers headless from the bundle", (r.stdout + r.stderr)[-1500:])
    db = os.path.join(home, "data", "peregrine", "peregrine.db")
    rows = []
    if os.path.exists(db):
        with sqlite3.connect(db) as c:
            rows = c.execute("SELECT role, text FROM messages ORDER BY id").fetchall()
    check(rows == [("user", "Hi there"), ("assistant", "Hello from the Genie double (turn 1).")],
          "app: the exchange is stored", str(rows))
    r = run(app, ask, dict(env, PEREGRINE_GENIE_DOUBLE="create_fail"), lib)
    check(r.returncode == 1 and "did not load: Genie could not create the dialog of " + bundle in r.stderr and
          "runtime log: Failed to create device: 14001" in r.stderr,
          "app: create_fail names the runtime's line, exit 1", r.stderr[-1500:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--genie-dir", required=True)
    ap.add_argument("--rkllm-dir", required=True)
    ap.add_argument("--app", help="the peregrine app binary (headless checks)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundle = write_bundle(os.path.join(tmp, "llama-genie"))
        ask = ["run", "-m", bundle, "-p", "Hi", "--chat"]
        lib = a.genie_dir

        r = run(a.cli, ask, {}, lib)
        check(r.returncode == 0 and r.stdout == "Hello from the Genie double (turn 1).\n" and
              "stop: eog" in r.stderr, "run --chat streams the double's answer", r.stdout + r.stderr)

        expected = {
            "create_fail": "peregrine-cli run: Genie could not create the dialog of " + bundle +
                           ": GENIE_STATUS_ERROR_GENERAL (-1): general failure (the cause is in the runtime's "
                           "log) - runtime log: Failed to create device: 14001",
            "config_fail": "peregrine-cli run: Genie refused genie_config.json of " + bundle +
                           ": GENIE_STATUS_ERROR_JSON_SCHEMA (-8)",
            "query_fail": "peregrine-cli run: Genie's query failed: GENIE_STATUS_ERROR_QUERY_FAILED (-6): the "
                          "query failed - runtime log: GenerateFailed: graph execution failed on HTP",
        }
        for mode, message in expected.items():
            r = run(a.cli, ask, {"PEREGRINE_GENIE_DOUBLE": mode}, lib)
            check(r.returncode == 1 and message in r.stderr, mode + ": named reason, exit 1", r.stderr)

        r = run(a.cli, ask, {"PEREGRINE_GENIE_DOUBLE": "context"}, lib)
        check(r.returncode == 0 and r.stdout == "Hello from the\n" and "stop: context" in r.stderr,
              "context: the partial answer stops with 'context'", r.stdout + r.stderr)

        r = run(a.cli, ask, {"PEREGRINE_QAIRT_VERSION": "2.40.1"}, "/nonexistent")
        check(r.returncode == 1 and "peregrine-cli run: cannot open the Genie library 'libGenie.so'" in r.stderr,
              "no libGenie.so on the path: named reason", r.stderr)

        r = run(a.cli, ["run", "-m", tmp, "-p", "Hi", "--chat", "--backend", "genie"], {}, lib)
        check(r.returncode == 1 and "refused before loading: " + tmp + " is not a model (a .gguf or .rkllm "
              "file, or a folder with genie_config.json)" in r.stderr,
              "--backend genie on a folder that is no bundle: named reason", r.stderr)

        marker = os.path.join(tmp, "loaded")
        r = run(a.cli, ask, {"PEREGRINE_QAIRT_VERSION": "2.40.1", "PEREGRINE_GENIE_DOUBLE_LOADED": marker}, lib)
        check(r.returncode == 0 and os.path.exists(marker), "a run loads the double (the marker works)",
              r.stderr)
        os.remove(marker)
        newer = write_bundle(os.path.join(tmp, "llama-genie-2.42"), qairt="2.42.0")
        r = run(a.cli, ["run", "-m", newer, "-p", "Hi", "--chat"],
                {"PEREGRINE_QAIRT_VERSION": "2.40.1", "PEREGRINE_GENIE_DOUBLE_LOADED": marker}, lib)
        check(r.returncode == 1 and "refused before loading: compiled with QAIRT 2.42, this board has QAIRT "
              "2.40.1" in r.stderr and not os.path.exists(marker),
              "QAIRT 2.42 bundle on a 2.40.1 board: refused before libGenie is loaded", r.stderr)

        if a.app:
            app_checks(a.app, lib, bundle, tmp)
        contract_self_test(lib, tmp)
        rkllm_checks(a.cli, a.rkllm_dir, tmp)
        compare_checks(a.cli, lib, a.rkllm_dir, tmp)
    if FAILURES:
        print("%d check(s) failed" % len(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
