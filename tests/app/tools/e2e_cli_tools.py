#!/usr/bin/env python3
"""`peregrine-cli tools` as an installer uses it: list the tools with schemas, call some against a database,
a confirmation that needs --yes, the direct command a phrase maps to."""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    db = os.path.join(a.out, "peregrine.db")
    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(a.out, "config"), XDG_DATA_HOME=os.path.join(a.out, "data"))
    failures = []

    def cli(*args, rc=0):
        r = subprocess.run([a.cli, "tools", *args, "--db", db], capture_output=True, text=True, env=env, timeout=30)
        if r.returncode != rc:
            failures.append("tools %s: rc %d (wanted %d)\n%s%s" % (" ".join(args), r.returncode, rc, r.stdout, r.stderr))
        return r.stdout

    listed = json.loads(cli("list", "--json"))
    names = [t["name"] for t in listed]
    for n in ("set_timer", "cancel_timer", "list_timers", "add_note", "read_notes", "delete_note", "convert_units",
              "date_time", "board_state", "what_can_you_do"):
        if n not in names:
            failures.append("tools list lacks " + n)
    timer = next(t for t in listed if t["name"] == "set_timer")
    if timer["parameters"]["required"] != ["amount", "unit"]:
        failures.append("set_timer schema: %s" % timer["parameters"])

    out = cli("call", "convert_units", '{"value": 30, "from": "gallons", "to": "litres"}')
    if "30 US gallons is 113.6 litres." not in out:
        failures.append("convert_units said: " + out)
    out = cli("call", "set_timer", '{"amount": 5, "unit": "minutes", "label": "the pasta"}')
    if "Timer for the pasta set for 5 minutes." not in out:
        failures.append("set_timer said: " + out)
    con = sqlite3.connect(db)
    if con.execute("SELECT label, state FROM timers").fetchall() != [("the pasta", "pending")]:
        failures.append("timer row missing")
    out = cli("call", "list_timers", "{}")
    if "the timer for the pasta with" not in out:
        failures.append("list_timers said: " + out)
    cli("call", "add_note", '{"text": "reefer alarm at mile 212"}')
    out = cli("call", "delete_note", "{}", rc=1)
    if 'Delete the note "reefer alarm at mile 212"? Say yes to confirm.' not in out:
        failures.append("delete_note asked: " + out)
    if con.execute("SELECT COUNT(*) FROM notes").fetchone()[0] != 1:
        failures.append("delete_note ran without --yes")
    out = cli("call", "delete_note", "{}", "--yes")
    if con.execute("SELECT COUNT(*) FROM notes").fetchone()[0] != 0:
        failures.append("delete_note --yes did not delete: " + out)
    cli("call", "convert_units", '{"value": 1, "from": "litres", "to": "kg"}', rc=1)
    cli("call", "no_such_tool", "{}", rc=1)
    cli("call", "set_timer", "not json", rc=2)
    match = json.loads(cli("match", "set a timer for forty five seconds"))
    if match != {"name": "set_timer", "arguments": {"amount": 45, "unit": "seconds"}}:
        failures.append("match: %s" % match)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
