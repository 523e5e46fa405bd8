#!/usr/bin/env python3
"""`peregrine-cli run --json-schema FILE` on a conformance model: stdout holds only the JSON value and a newline
(statistics on stderr), the value validates, for several seeds and both a plain and a --chat prompt; a schema
outside the subset and a missing file are exit 2 with a message naming the problem and nothing on stdout; a
value cut by -n is exit 1 with a message.
Usage: e2e_cli_json_schema.py --cli PATH --model GGUF --work DIR
"""
import argparse
import json
import os
import subprocess
import sys

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"const": "set_timer"},
        "minutes": {"type": "integer", "minimum": 1, "maximum": 600},
        "label": {"type": "string", "maxLength": 12},
        "loud": {"type": "boolean"},
        "tags": {"type": "array", "items": {"enum": ["load", "straps", "rest"]}, "maxItems": 2},
    },
    "required": ["name", "minutes"],
}


def check(value):
    """The schema above, checked by hand (no jsonschema dependency); returns what is wrong or ''."""
    if not isinstance(value, dict):
        return "not an object"
    if set(value) - set(SCHEMA["properties"]):
        return "unexpected keys"
    order = [k for k in SCHEMA["properties"] if k in value]
    if list(value) != order:
        return "keys out of the schema's order"
    if value.get("name") != "set_timer":
        return "name"
    m = value.get("minutes")
    if not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= 600:
        return "minutes"
    if "label" in value and (not isinstance(value["label"], str) or len(value["label"]) > 12):
        return "label"
    if "loud" in value and not isinstance(value["loud"], bool):
        return "loud"
    if "tags" in value and (not isinstance(value["tags"], list) or len(value["tags"]) > 2 or
                            any(t not in ("load", "straps", "rest") for t in value["tags"])):
        return "tags"
    return ""


def run(cli, args):
    return subprocess.run([cli, "run"] + args, capture_output=True, text=True, timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    schema_path = os.path.join(args.work, "timer.json")
    with open(schema_path, "w") as f:
        json.dump(SCHEMA, f)
    failures = []
    for seed in range(6):
        extra = ["--chat"] if seed % 2 else []
        proc = run(args.cli, ["-m", args.model, "-p", "Set a timer for forty minutes", "-n", "200", "--temp",
                              "0.9", "--seed", str(seed), "-t", "1", "--json-schema", schema_path] + extra)
        if proc.returncode != 0:
            failures.append(f"seed {seed}: exit {proc.returncode}: {proc.stderr[-500:]}")
            continue
        if not proc.stdout.endswith("\n") or "decode:" not in proc.stderr:
            failures.append(f"seed {seed}: stdout/stderr split wrong: {proc.stdout!r}")
            continue
        try:
            value = json.loads(proc.stdout)
        except ValueError as e:
            failures.append(f"seed {seed}: not JSON ({e}): {proc.stdout!r}")
            continue
        if proc.stdout.strip() != proc.stdout.rstrip("\n"):
            failures.append(f"seed {seed}: extra text around the JSON: {proc.stdout!r}")
        if err := check(value):
            failures.append(f"seed {seed}: does not validate ({err}): {proc.stdout!r}")
        print(f"seed {seed}: {proc.stdout.strip()}")

    bad = os.path.join(args.work, "bad.json")
    with open(bad, "w") as f:
        f.write('{"type":"object","properties":{"city":{"type":"string","pattern":"^a"}}}')
    proc = run(args.cli, ["-m", args.model, "-p", "x", "--json-schema", bad])
    if proc.returncode != 2 or proc.stdout or "unsupported keyword 'pattern' at /properties/city" not in proc.stderr:
        failures.append(f"bad schema: exit {proc.returncode}, stdout {proc.stdout!r}, stderr {proc.stderr!r}")
    proc = run(args.cli, ["-m", args.model, "-p", "x", "--json-schema", os.path.join(args.work, "missing.json")])
    if proc.returncode != 2 or "cannot read" not in proc.stderr:
        failures.append(f"missing schema: exit {proc.returncode}, stderr {proc.stderr!r}")

    proc = run(args.cli, ["-m", args.model, "-p", "x", "-n", "3", "--json-schema", schema_path])
    if proc.returncode != 1 or "JSON value is incomplete" not in proc.stderr:
        failures.append(f"cut value: exit {proc.returncode}, stderr {proc.stderr!r}")

    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
