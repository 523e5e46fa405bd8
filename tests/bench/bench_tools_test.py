#!/usr/bin/env python3
"""End-to-end checks of the benchmark tools' storage and output, on tiny models (each case well under 30 s).

  bench_tools_test.py peregrine-bench --exe PATH --model GGUF
      --db into a fresh file: one benchmark_runs row per test (pp/tg) with the columns filled; a second run
      adds rows; an unusable path, a newer schema and a full disk (RLIMIT_FSIZE) each print the table, name
      the problem and exit 3, and the newer file is left byte-identical.
  bench_tools_test.py voice_latency --exe PATH --model GGUF
      one condition (slt, 1.0, clean, 2 utterances) stored in voice_latency_runs; a newer schema exits 3.
  bench_tools_test.py sustained --exe PATH --model GGUF --fixture SYSFS_TREE
      a simulated hot QCS6490 tree with the governor on (levels, actions, thermal_samples, summary), then no
      thermal zones with the governor off (temp_c blank, tok/s still recorded).

Every run gets its own XDG folders and no system config. Exit 0 on success, 77 when a tool is unavailable
(skipped), 1 on a failed check.
"""
import argparse
import csv
import io
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77
LATEST_SCHEMA = 9  # app/storage/migrations.cpp: the newest schema version this build writes


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def run(cmd, env, limit_bytes=None, timeout=120):
    def lower_limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    print("$", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=lower_limit if limit_bytes else None)
    sys.stdout.write(proc.stdout[-3000:])
    sys.stdout.write(proc.stderr[-3000:])
    return proc


def rows(db, sql):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def newer_schema_db(path):
    con = sqlite3.connect(path)
    con.executescript("CREATE TABLE future (x); INSERT INTO future VALUES (42); PRAGMA user_version = 99;")
    con.close()
    with open(path, "rb") as f:
        return f.read()


def test_peregrine_bench(args, env, tmp):
    db = os.path.join(tmp, "nested", "peregrine.db")
    base = [args.exe, "-m", args.model, "-t", "1", "-p", "16", "-n", "8", "-r", "2", "--bw-mib", "16"]
    p = run(base + ["--db", db], env)
    check(p.returncode == 0, f"exit {p.returncode}")
    check("| pp16 |" in p.stdout and "| tg8 |" in p.stdout, "table not printed")
    check("stored 2 rows in" in p.stderr, "no 'stored' line")
    check(rows(db, "PRAGMA user_version")[0]["user_version"] == LATEST_SCHEMA, "schema version")
    r = rows(db, "SELECT * FROM benchmark_runs ORDER BY id")
    check(len(r) == 2, f"{len(r)} rows")
    pp, tg = r
    check(pp["test"] == "pp16" and tg["test"] == "tg8", "test column")
    check(pp["created_at"] == tg["created_at"], "one run, one created_at")
    for row in r:
        check(row["model"] != "" and row["model_path"] == os.path.abspath(args.model), "model / path")
        check(row["backend"] == "native" and row["kernels"] != "", "backend / kernels")
        check(row["threads"] == 1 and row["repetitions"] == 2, "threads / repetitions")
        check(row["stddev_tok_s"] is not None and row["stddev_tok_s"] >= 0, "stddev")
        for col in ("load_ms", "peak_rss_mb", "bandwidth_gbs"):
            check(row[col] is not None and row[col] > 0, f"{col} missing: {row[col]}")
        check(row["notes"].startswith("peregrine-bench"), "notes")
    check(pp["n_prompt"] == 16 and pp["n_gen"] == 0, "pp sizes")
    check(pp["prompt_tok_s"] > 0 and pp["decode_tok_s"] == 0, "pp speeds")
    check(pp["ttft_ms"] is not None and pp["ttft_ms"] > 0 and pp["efficiency"] is None, "pp ttft/efficiency")
    check(tg["n_prompt"] == 0 and tg["n_gen"] == 8, "tg sizes")
    check(tg["decode_tok_s"] > 0 and tg["prompt_tok_s"] == 0, "tg speeds")
    check(tg["ttft_ms"] is None and tg["efficiency"] is not None and tg["efficiency"] > 0, "tg ttft/efficiency")

    p = run(base + ["--json", "--db", db], env)  # a second run appends; stdout stays JSON
    check(p.returncode == 0 and p.stdout.lstrip().startswith("{"), "second run")
    check(len(rows(db, "SELECT id FROM benchmark_runs")) == 4, "second run not appended")

    blocker = os.path.join(tmp, "a-file")
    open(blocker, "w").close()
    p = run(base + ["--db", os.path.join(blocker, "p.db")], env)
    check(p.returncode == 3, f"unusable path: exit {p.returncode}")
    check("| pp16 |" in p.stdout, "unusable path: table not printed")
    check("cannot create the folder" in p.stderr and "not stored" in p.stderr, "unusable path: message")

    newer = os.path.join(tmp, "newer.db")
    before = newer_schema_db(newer)
    p = run(base + ["--db", newer], env)
    check(p.returncode == 3, f"newer schema: exit {p.returncode}")
    check("| pp16 |" in p.stdout, "newer schema: table not printed")
    check(f"has schema version 99 but this Peregrine knows up to {LATEST_SCHEMA}" in p.stderr, "newer schema: message")
    with open(newer, "rb") as f:
        check(f.read() == before, "newer schema: file modified")

    p = run(base + ["--db", os.path.join(tmp, "full", "p.db")], env, limit_bytes=8192)
    check(p.returncode == 3, f"full disk: exit {p.returncode}")
    check("| pp16 |" in p.stdout, "full disk: table not printed")
    check("not stored" in p.stderr, "full disk: message")


def test_voice_latency(args, env, tmp):
    db = os.path.join(tmp, "peregrine.db")
    base = [args.exe, "-m", args.model, "--voices", "slt", "--speeds", "1.0", "--noise", "clean", "-n", "8"]
    p = run(base + ["--limit", "2", "--db", db], env)
    if "skipping slt" in p.stderr:
        print("flite voice slt not available: skipped")
        return SKIP
    check(p.returncode == 0, f"exit {p.returncode}")
    check("slt" in p.stdout and "clean" in p.stdout, "table not printed")
    check("stored 1 conditions in" in p.stderr, "no 'stored' line")
    r = rows(db, "SELECT * FROM voice_latency_runs")
    check(len(r) == 1, f"{len(r)} rows")
    v = r[0]
    check(v["voice"] == "slt" and v["rate"] == 1.0 and v["noise"] == "clean", "condition")
    check(v["model_path"] == os.path.abspath(args.model) and v["model"] != "", "model")
    check(v["questions"] == 2 and v["p50_ms"] is not None and v["p95_ms"] >= v["p50_ms"] > 0, "latencies")
    check(v["wer"] is not None and 0 <= v["wer"] <= 1, "wer")
    check(v["commands"] == 0 and v["command_p50_ms"] is None, "no commands in the first two utterances")
    check(v["silence_ms"] == 400 and v["max_tokens"] == 8 and v["threads"] >= 1, "settings")

    newer = os.path.join(tmp, "newer.db")
    before = newer_schema_db(newer)
    p = run(base + ["--limit", "1", "--db", newer], env)
    check(p.returncode == 3, f"newer schema: exit {p.returncode}")
    check("slt" in p.stdout, "newer schema: table not printed")
    check("has schema version 99" in p.stderr, "newer schema: message")
    with open(newer, "rb") as f:
        check(f.read() == before, "newer schema: file modified")
    return 0


def read_csv(text):
    """The sample rows of sustained's CSV output (comment lines skipped)."""
    lines = [l for l in text.splitlines(True) if not l.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines))))


def test_sustained(args, env, tmp):
    hot = os.path.join(tmp, "qcs6490")
    shutil.copytree(args.fixture, hot)
    out, db = os.path.join(tmp, "hot.csv"), os.path.join(tmp, "peregrine.db")
    p = run([args.exe, "-m", args.model, "--minutes", "0.05", "--poll-ms", "500", "--governor", "on",
             "--threads", "2", "--thermal-root", hot, "--out", out, "--db", db], env)
    check(p.returncode == 0, f"exit {p.returncode}")
    with open(out) as f:
        text = f.read()
    samples = read_csv(text)
    check(len(samples) >= 5, f"{len(samples)} samples")
    check(all(float(s["temp_c"]) == 91.5 for s in samples), "temperature")
    check(all(s["level"] == "2" for s in samples), "level hot")
    check(sum(int(s["tokens"]) for s in samples) > 0 and float(samples[-1]["decode_tok_s"]) > 0, "tok/s")
    for want in ("summary: governor on", "last/first", "level changes: 1 (hot at 0.0 s)",
                 "governor actions: 3", "threads 2", "max answer 128 tokens"):
        check(want in text and want in p.stdout, f"summary lacks '{want}'")
    check("\n# summary: governor on" in text, "summary not appended to the CSV as # lines")
    stored = rows(db, "SELECT * FROM thermal_samples")
    check(len(stored) == len(samples), f"{len(stored)} thermal_samples for {len(samples)} samples")
    check(all(r["level"] == 2 and r["temp_c"] == 91.5 for r in stored), "thermal_samples values")

    empty = os.path.join(tmp, "no-zones")
    os.makedirs(empty)
    p = run([args.exe, "-m", args.model, "--minutes", "0.03", "--poll-ms", "500", "--governor", "off",
             "--thermal-root", empty], env)
    check(p.returncode == 0, f"no zones: exit {p.returncode}")
    check("no thermal zones under" in p.stderr, "no zones: not said")
    samples = read_csv(p.stdout)
    check(len(samples) >= 3 and all(s["temp_c"] == "" for s in samples), "no zones: temp_c not blank")
    check(sum(int(s["tokens"]) for s in samples) > 0, "no zones: no tokens recorded")
    check("# temperature: not measured" in p.stdout and "governor off" in p.stdout, "no zones: summary")

    # The same bench through the user's llama.cpp (the backend factory), on the hot tree: the governor's
    # thread lever applies there too (llama_set_n_threads). A server is refused: it heats another machine.
    if args.llamacpp_lib and os.path.exists(args.llamacpp_lib):
        p = run([args.exe, "-m", args.model, "--minutes", "0.03", "--poll-ms", "500", "--threads", "1",
                 "--thermal-root", hot, "--backend", "llamacpp", "--llamacpp-lib", args.llamacpp_lib], env)
        check(p.returncode == 0, f"llamacpp: exit {p.returncode}: {p.stderr[-400:]}")
        check("runtime llama.cpp" in p.stdout, "llamacpp: runtime not named in the header")
        samples = read_csv(p.stdout)
        check(sum(int(s["tokens"]) for s in samples) > 0, "llamacpp: no tokens recorded")
        check("(no thread lever" not in p.stderr, "llamacpp: thread lever reported missing")
    p = run([args.exe, "-m", args.model, "--backend", "openai"], env)
    check(p.returncode == 2 and "heats another machine" in p.stderr, f"openai: exit {p.returncode}")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["peregrine-bench", "voice_latency", "sustained"])
    ap.add_argument("--exe", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--fixture")
    ap.add_argument("--llamacpp-lib", help="libllama.so of the npm fixture (sustained: also run through it)")
    args = ap.parse_args()
    if not os.path.exists(args.model):
        print(f"{args.model} not found: skipped")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   PEREGRINE_SYSTEM_CONFIG=os.path.join(tmp, "no-system.yaml"), QT_QPA_PLATFORM="offscreen")
        try:
            if args.tool == "peregrine-bench":
                rc = test_peregrine_bench(args, env, tmp) or 0
            elif args.tool == "voice_latency":
                rc = test_voice_latency(args, env, tmp)
            else:
                rc = test_sustained(args, env, tmp)
        except Failed as e:
            print(f"FAILED: {e}")
            return 1
    print("skipped" if rc == SKIP else "ok")
    return rc


if __name__ == "__main__":
    sys.exit(main())
