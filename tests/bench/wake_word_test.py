#!/usr/bin/env python3
"""End-to-end check of bench/wake_word on a small subset (well under 60 s on 2 cores).

  wake_word_test.py --exe PATH

--tune over two thresholds on slt (15 s of talk radio in all, 2 wake phrases per noise condition), then the chosen
threshold on the held-out rms (15 s, 3 wake phrases per condition), clean and brown noise at 10 dB, with --db:
the table and the tuned threshold are printed, wake_word_runs holds one 'tune' row per threshold and one
'held-out' row per noise condition plus 'all', with the audio durations and counts adding up, and the low
threshold hears at least one wake phrase. Exit 0 on success, 77 when flite's voices or sox are missing
(skipped, with the reason), 1 on a failed check.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exe", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "peregrine.db")
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   PEREGRINE_SYSTEM_CONFIG=os.path.join(tmp, "no-system.yaml"))
        cmd = [args.exe, "--tune", "--thresholds", "1e-10,1e-30", "--tune-voices", "slt@1.0",
               "--tune-minutes", "0.25", "--tune-positives", "2", "--voices", "rms@1.0", "--minutes", "0.25",
               "--positives", "3", "--noises", "clean,brown:10", "--db", db]
        print("$", " ".join(cmd), flush=True)
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        sys.stdout.write(p.stdout[-4000:])
        sys.stdout.write(p.stderr[-2000:])
        if p.returncode == SKIP:
            print("skipped:", p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "no reason given")
            return SKIP
        failures = []

        def check(cond, what):
            if not cond:
                failures.append(what)

        check(p.returncode == 0, f"exit {p.returncode}")
        check("tuned threshold:" in p.stdout, "no tuned threshold line")
        check("false accepts per hour over" in p.stdout, "no summary line")
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute("SELECT * FROM wake_word_runs ORDER BY id")]
        con.close()
        tune = [r for r in rows if r["phase"] == "tune"]
        held = [r for r in rows if r["phase"] == "held-out"]
        check(len(tune) == 2 and {r["threshold"] for r in tune} == {1e-10, 1e-30}, f"tune rows: {tune}")
        check(all(r["noise"] == "all" and r["voices"] == "slt@1" for r in tune), "tune rows: set")
        check(all(r["positives"] == 4 and 12 <= r["negative_s"] <= 18 for r in tune), "tune rows: counts")
        check(len(held) == 3 and {r["noise"] for r in held} == {"clean", "brown 10 dB", "all"},
              f"held-out rows: {held}")
        total = next((r for r in held if r["noise"] == "all"), None)
        if total:
            check(total["positives"] == 6 and 12 <= total["negative_s"] <= 18, "held-out: counts")
            check(total["voices"] == "rms@1" and total["threshold"] in (1e-10, 1e-30), "held-out: set")
            check(total["fa_per_hour"] is not None and total["miss_rate"] is not None, "held-out: rates")
            check(abs(total["fa_per_hour"] - total["false_accepts"] * 3600 / total["negative_s"]) < 1e-6,
                  "held-out: FA/h")
        low = next((r for r in tune if r["threshold"] == 1e-30), None)
        check(low is not None and low["misses"] < low["positives"], "1e-30 heard no wake phrase")
        for f in failures:
            print("FAILED:", f)
        print("ok" if not failures else "failed")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
