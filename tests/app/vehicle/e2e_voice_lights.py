#!/usr/bin/env python3
""""Turn on the cabin lights", spoken, switches the lights over MQTT without the language model; "heater on"
asks first and switches only after a spoken "yes".

flite speaks the phrase; `peregrine-cli voice` (no -m: no language model at all) hears it through the file
loop, the vehicle's direct command calls switch_device, and the configured payload reaches a real broker:
Debian's mosquitto on a free local port, watched by mosquitto_sub. The command is logged in the database
(device_commands, source voice) and the spoken confirmation is in the output WAV. Then the heater (it heats,
so it asks): "heater on" + "no" publishes nothing ("Cancelled."), "heater on" + "yes" publishes its payload.
(rms voice: pocketsphinx hears slt's "heater" as "air".)
Exit 77 (skipped) without flite, mosquitto or mosquitto_sub.
"""
import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    for tool in ("flite", "sox", "mosquitto", "mosquitto_sub", "stdbuf"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            print(tool + " not installed; skipped")
            return 77
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    port = free_port()
    broker = subprocess.Popen([mosquitto, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sub = None
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        received = os.path.join(a.out, "received.txt")
        with open(received, "w") as f:
            sub = subprocess.Popen(["stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-t",
                                    "rv/#", "-v"], stdout=f, stderr=subprocess.STDOUT)
        time.sleep(0.5)  # subscribed before anything is published
        config = os.path.join(a.out, "peregrine.yaml")
        with open(config, "w") as f:
            f.write("mqtt:\n  host: 127.0.0.1\n  port: %d\n" % port)
            f.write("devices:\n  - name: cabin lights\n    aliases: [lights]\n    kind: light\n"
                    "    mqtt: {topic: rv/cabin/lights/set, payload_on: \"ON\", payload_off: \"OFF\", qos: 1}\n"
                    "  - name: heater\n    kind: heater\n"
                    "    mqtt: {topic: rv/heater/set, payload_on: \"ON\", payload_off: \"OFF\", qos: 1}\n")
        question = os.path.join(a.out, "lights.wav")
        subprocess.run(["flite", "-voice", "slt", "-t", "turn on the cabin lights", "-o", question], check=True)
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(a.out, "config"),
                   XDG_DATA_HOME=os.path.join(a.out, "data"),
                   PEREGRINE_SYSTEM_CONFIG=os.path.join(a.out, "no-system.yaml"))
        db = os.path.join(a.out, "peregrine.db")
        answer = os.path.join(a.out, "answer.wav")
        r = subprocess.run([a.cli, "voice", "--in", question, "--out", answer, "--config", config, "--db", db,
                            "--fast", "--json"], env=env, capture_output=True, text=True, timeout=60)
        print(r.stderr[-2500:])
        if r.returncode != 0:
            print("peregrine-cli voice failed:", r.returncode, r.stdout[-1000:])
            return 1
        result = json.loads(r.stdout)
        print("transcript:", result.get("transcript"), "answer:", result.get("answer"))
        deadline = time.monotonic() + 5
        lines = []
        while time.monotonic() < deadline:
            with open(received) as f:
                lines = [l.strip() for l in f if l.strip()]
            if lines:
                break
            time.sleep(0.1)
        print("broker received:", lines)
        if lines != ["rv/cabin/lights/set ON"]:
            print("the configured payload did not reach the broker")
            return 1
        with sqlite3.connect(db) as c:
            rows = c.execute("SELECT device, state, ok, source FROM device_commands").fetchall()
        print("device_commands:", rows)
        if rows != [("cabin lights", "on", 1, "voice")]:
            print("the command was not logged as a spoken one")
            return 1
        if os.path.getsize(answer) < 16000:  # 0.5 s of 16 kHz mono 16-bit: the spoken confirmation
            print("no spoken confirmation in", answer)
            return 1

        # The heater asks first: "no" leaves it off, "yes" switches it on.
        for reply, expected in (("no", []), ("yes", ["rv/heater/set ON"])):
            clip = os.path.join(a.out, "heater-" + reply + ".wav")
            parts = []
            for i, text in enumerate(("heater on", reply)):
                raw = os.path.join(a.out, "part%d.wav" % i)
                subprocess.run(["flite", "-voice", "rms", "-t", text, "-o", raw], check=True)
                parts.append(raw)
            # The reply 3 s after the request: within the confirmation window, no wake word needed.
            subprocess.run(["sox", parts[0], "-r", "16000", os.path.join(a.out, "p0.wav"), "pad", "0", "3"],
                           check=True)
            subprocess.run(["sox", os.path.join(a.out, "p0.wav"), parts[1], "-r", "16000", clip], check=True)
            r = subprocess.run([a.cli, "voice", "--in", clip, "--out", os.path.join(a.out, "h.wav"), "--config",
                                config, "--db", db, "--fast", "--json"], env=env, capture_output=True, text=True,
                               timeout=60)
            asked = "Turn the heater on? Say yes to confirm." in r.stderr
            time.sleep(1)
            with open(received) as f:
                heater = [l.strip() for l in f if l.startswith("rv/heater")]
            print("heater +", reply, ": asked", asked, "broker", heater)
            if r.returncode != 0 or not asked or heater != expected:
                print(r.stderr[-2500:])
                return 1
        print("ok")
        return 0
    finally:
        for p in (sub, broker):
            if p:
                p.terminate()
                p.wait(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
