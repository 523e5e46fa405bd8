#!/usr/bin/env python3
"""Smoke test of bench/tools (peregrine-tools-bench) on tiny random-weight models (each run a few seconds).

  tool_eval_smoke.py --bench EXE --cli PEREGRINE_CLI

Synthesizes two random-weight models with `peregrine-cli synth` (tiny: Llama 3 template, tool format
llama3-json; qwen3-tiny: Hermes), writes small case files (two tools, two cases per category: the tiny models'
2048-token context holds that prompt; the real cases/ folder is checked by loading it), runs them with
--tool-choice required and --db, and checks:
the four categories are reported and stored (one tool_eval_runs row each, cases 2, constrained, tool_choice
required); the constrained decoder (engine/sampling) makes every answer a call valid against the schema
(schema validity and call rate 100%); --tool-choice auto on Llama 3 is
reported unconstrained; a case folder without case files, a bad --tool-choice and a newer database schema are
refused with their exit codes (2, 2, 3). Exit 0 on success, 77 when a tool is missing, 1 on a failed check.
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77
CATEGORIES = ["simple", "multiple", "parallel", "irrelevance"]


def check(ok, what):
    if not ok:
        print("FAILED:", what)
        sys.exit(1)


TOOLS = [
    {"name": "set_timer", "description": "Start a countdown timer.",
     "parameters": {"type": "object", "properties": {"minutes": {"type": "integer", "minimum": 1, "maximum": 600},
                                                     "label": {"type": "string", "maxLength": 20}},
                    "required": ["minutes"]}},
    {"name": "set_lights", "description": "Switch the lights.",
     "parameters": {"type": "object", "properties": {"zone": {"type": "string", "enum": ["cabin", "bunk"]},
                                                     "on": {"type": "boolean"}}, "required": ["zone", "on"]}},
]
CASES = {
    "simple": [("Timer for 5 minutes.", [{"name": "set_timer", "arguments": {"minutes": 5}}]),
               ("Cabin lights on.", [{"name": "set_lights", "arguments": {"zone": "cabin", "on": True}}])],
    "multiple": [("Bunk light off.", [{"name": "set_lights", "arguments": {"zone": "bunk", "on": False}}]),
                 ("Timer 10 minutes.", [{"name": "set_timer", "arguments": {"minutes": 10}}])],
    "parallel": [("Timers for 5 and 9 minutes.", [{"name": "set_timer", "arguments": {"minutes": 5}},
                                                  {"name": "set_timer", "arguments": {"minutes": 9}}]),
                 ("Both lights on.", [{"name": "set_lights", "arguments": {"zone": "cabin", "on": True}},
                                      {"name": "set_lights", "arguments": {"zone": "bunk", "on": True}}])],
    "irrelevance": [("Why is the sky blue?", []), ("Tell me a joke.", [])],
}


def write_cases(folder):
    os.mkdir(folder)
    for category, cases in CASES.items():
        with open(os.path.join(folder, category + ".json"), "w") as f:
            json.dump({"category": category, "tools": TOOLS,
                       "cases": [{"id": f"{category}-{i}", "question": q, "expected": e}
                                 for i, (q, e) in enumerate(cases, 1)]}, f)


def run(cmd, env):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--cli", required=True)
    args = ap.parse_args()
    for exe in (args.bench, args.cli):
        if not os.access(exe, os.X_OK):
            print("skipped: not built:", exe)
            return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_DATA_HOME=os.path.join(tmp, "data"))
        db = os.path.join(tmp, "peregrine.db")
        cases = os.path.join(tmp, "cases")
        write_cases(cases)
        for shape in ("tiny", "qwen3-tiny"):
            model = os.path.join(tmp, shape + ".gguf")
            p = run([args.cli, "synth", "--shape", shape, "--type", "q8_0", "-o", model, "--seed", "7"], env)
            check(p.returncode == 0, f"synth {shape}: {p.stderr}")
            p = run([args.bench, "-m", model, "--cases", cases, "-n", "160", "-t", "2", "--tool-choice", "required",
                     "--db", db], env)
            print(p.stdout)
            check(p.returncode == 0, f"{shape}: exit {p.returncode}: {p.stderr}")
            check("decoding constrained" in p.stdout, f"{shape}: required is constrained")
            for c in CATEGORIES:
                check(f"| {c}" in p.stdout, f"{shape}: category {c} reported")
            con = sqlite3.connect(db)
            con.row_factory = sqlite3.Row
            rows = con.execute("SELECT * FROM tool_eval_runs WHERE model_path = ? ORDER BY id", (model,)).fetchall()
            con.close()
            check([r["category"] for r in rows] == CATEGORIES, f"{shape}: one row per category, got {len(rows)}")
            for r in rows:
                check(r["cases"] == 2 and r["tool_choice"] == "required" and r["constrained"] == 1,
                      f"{shape}: {r['category']} row columns")
                # required + the constrained decoder: every answer is a call, and every call is valid.
                check(r["schema_validity"] == 1.0 and r["call_rate"] == 1.0,
                      f"{shape}: {r['category']} schema validity {r['schema_validity']}, call rate {r['call_rate']}")
                check(r["accuracy"] is not None and 0 <= r["accuracy"] <= 1, f"{shape}: accuracy")
        llama = os.path.join(tmp, "tiny.gguf")
        p = run([args.bench, "-m", llama, "--cases", cases, "--limit", "1", "-n", "8", "-t", "2"], env)
        check(p.returncode == 0 and "tool format llama3-json" in p.stdout and "decoding free" in p.stdout,
              f"llama auto is free: {p.stdout} {p.stderr}")
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        p = run([args.bench, "-m", llama, "--cases", empty], env)
        check(p.returncode == 2 and "no case files" in p.stderr, f"empty case folder: {p.returncode} {p.stderr}")
        p = run([args.bench, "-m", llama, "--tool-choice", "sometimes"], env)
        check(p.returncode == 2, "bad --tool-choice")
        # The shipped cases load (a broken file would exit 2 before the model is used): -m of a missing file
        # then fails the load with exit 1.
        p = run([args.bench, "-m", os.path.join(tmp, "missing.gguf")], env)
        check(p.returncode == 1, f"shipped cases load: exit {p.returncode} {p.stderr}")
        newer = os.path.join(tmp, "newer.db")
        con = sqlite3.connect(newer)
        con.executescript("CREATE TABLE future (x); PRAGMA user_version = 99;")
        con.close()
        p = run([args.bench, "-m", llama, "--cases", cases, "--limit", "1", "-n", "8", "--db", newer], env)
        check(p.returncode == 3 and "has schema version 99" in p.stderr, f"newer schema: {p.returncode} {p.stderr}")
    print("bench/tools smoke passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
