#!/usr/bin/env python3
"""End-to-end through real audio devices: the peregrine app, voice on, on a private PulseAudio server.

The test starts its own PulseAudio server (socket, runtime dir and HOME under a temporary folder; every process
it starts is killed at the end, pass or fail) with two null sinks:
  cabmic  the cab: the test plays the driver's words into it (paplay); its monitor, remapped as the source
          "PeregrineMic", is the app's microphone (Qt 6.4 hides .monitor sources, hence the remap)
  cabspk  "PeregrineSpeaker", the app's loudspeaker; parec records its monitor
Separate sinks: the app does not hear its own answers. The app runs headless (QT_QPA_PLATFORM=offscreen) with
stories260K.gguf, the wake phrase on and a simulated RK3588 sysfs tree, exactly as on a board: Qt Multimedia
capture (QAudioSource) and playback (QAudioSink), the voice loop, the conversation and the database.

  1. "hey peregrine ... tell me a story about a little dog" (flite slt) is played into the cab; the app must
     hear the wake phrase, transcribe the question (log), answer it (stored user + assistant messages with the
     voice timings) and speak the answer: the recording of the loudspeaker has sound (sox stat).
  2. The simulated board is heated to 101 °C: the governor pauses answers at critical and the notice is spoken
     through the same loudspeaker (log, recording), without a new stored message.

Exit 77 (ctest SKIP_RETURN_CODE) when pulseaudio, pulseaudio-utils, flite, sox or the model are missing.
PulseAudio works in blocks of up to ~2 s without a low-latency reader, so every wait is generous and the spoken
question is repeated (up to 3 times) if the wake phrase is missed.
"""
import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import wave

SKIP = 77
RATE = 16000
QUESTION = "tell me a story about a little dog"


class Failure(Exception):
    pass


class Processes:
    """Every process the test starts; stop_all() ends them (terminate, then kill) in reverse order."""

    def __init__(self):
        self.procs = []

    def start(self, name, cmd, env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT):
        proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        self.procs.append((name, proc))
        return proc

    def stop(self, proc, grace=3.0):
        if proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def stop_all(self):
        for _, proc in reversed(self.procs):
            try:
                self.stop(proc)
            except Exception as e:  # keep stopping the others
                print(f"cleanup: {e}", file=sys.stderr)


def wait_for(what, predicate, timeout, interval=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def sox_stat(wav_path):
    """sox stat of a file: {'Length (seconds)': ..., 'RMS amplitude': ..., 'Maximum amplitude': ...}."""
    proc = subprocess.run(["sox", wav_path, "-n", "stat"], capture_output=True, text=True, timeout=30)
    stats = {}
    for line in proc.stderr.splitlines():
        key, _, value = line.partition(":")
        try:
            stats[" ".join(key.split())] = float(value.strip())
        except ValueError:
            pass
    if "RMS amplitude" not in stats:
        raise Failure(f"sox stat failed on {wav_path}: {proc.stderr.strip()}")
    return stats


def sounding_seconds(pcm, threshold=0.01):
    """Seconds of 20 ms windows whose RMS is above threshold (full scale 1.0)."""
    import array
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) // 2 * 2])
    window = RATE // 50
    loud = 0
    for i in range(0, len(samples) - window + 1, window):
        chunk = samples[i:i + window]
        rms = (sum(s * s for s in chunk) / window) ** 0.5 / 32768.0
        if rms > threshold:
            loud += 1
    return loud * 0.02


def write_wav(path, pcm):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm)


def set_temps(root, temp_c):
    thermal = os.path.join(root, "class", "thermal")
    for zone in os.listdir(thermal):
        path = os.path.join(thermal, zone, "temp")
        if not os.path.isfile(path):
            continue
        try:
            old = int(open(path).read().strip() or "0")
        except ValueError:
            continue
        if old > 0:  # offline zones stay offline
            with open(path, "w") as f:
                f.write(f"{int(temp_c * 1000)}\n")


def run(args, tmp, procs, report):
    pulse_dir = os.path.join(tmp, "pulse")
    os.makedirs(os.path.join(pulse_dir, "runtime"), mode=0o700)
    sock = os.path.join(pulse_dir, "pulse.sock")
    # Nothing of the caller's session: own HOME, runtime and config dirs, own socket.
    penv = dict(os.environ, HOME=pulse_dir, XDG_RUNTIME_DIR=os.path.join(pulse_dir, "runtime"),
                XDG_CONFIG_HOME=os.path.join(pulse_dir, "config"), PULSE_SERVER=f"unix:{sock}")
    penv.pop("DISPLAY", None)
    penv.pop("DBUS_SESSION_BUS_ADDRESS", None)
    pulse_log = os.path.join(pulse_dir, "pulse.log")
    procs.start("pulseaudio", [
        "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
        "--disable-shm=yes", f"--log-target=file:{pulse_log}",
        "-L", f"module-native-protocol-unix socket={sock} auth-anonymous=1",
        "-L", "module-null-sink sink_name=cabmic sink_properties=device.description=CabMicFeed",
        "-L", "module-remap-source source_name=peregrine_mic master=cabmic.monitor "
              "source_properties=device.description=PeregrineMic",
        "-L", "module-null-sink sink_name=cabspk sink_properties=device.description=PeregrineSpeaker",
    ], penv)

    def pulse_up():
        return subprocess.run(["pactl", "info"], env=penv, capture_output=True, timeout=10).returncode == 0
    try:
        wait_for("the PulseAudio server", pulse_up, 15, 0.2)
    except Failure:
        raise Failure("PulseAudio did not start:\n" + read_text(pulse_log)[-2000:])
    # Low-latency readers on both monitors: without them a null sink works in ~2 s blocks.
    procs.start("keeper", ["parec", "-d", "cabmic.monitor", "--latency-msec=20", "--raw"], penv)
    rec_path = os.path.join(tmp, "speaker.raw")
    rec_file = open(rec_path, "wb")
    recorder = procs.start("recorder", ["parec", "-d", "cabspk.monitor", "--latency-msec=20", "--raw",
                                        f"--rate={RATE}", "--channels=1", "--format=s16le"],
                           penv, stdout=rec_file, stderr=subprocess.DEVNULL)

    # The driver's words.
    wake = os.path.join(tmp, "wake.wav")
    question = os.path.join(tmp, "question.wav")
    turn = os.path.join(tmp, "turn.wav")
    subprocess.run(["flite", "-voice", "slt", "-t", "hey peregrine", "-o", wake], check=True, timeout=30)
    subprocess.run(["flite", "-voice", "slt", "-t", QUESTION, "-o", question], check=True, timeout=30)
    padded = os.path.join(tmp, "wake-padded.wav")
    subprocess.run(["sox", wake, padded, "pad", "0.3", "0.7"], check=True, timeout=30)
    subprocess.run(["sox", padded, question, turn, "pad", "0", "1.0"], check=True, timeout=30)

    # The app: voice on the named devices, wake phrase on, short answers, a simulated board.
    board = os.path.join(tmp, "sys")
    shutil.copytree(args.thermal_fixture, board)
    data = os.path.join(tmp, "data")
    config_home = os.path.join(tmp, "config")
    os.makedirs(os.path.join(config_home, "peregrine"))
    config = os.path.join(tmp, "peregrine.yaml")
    with open(config, "w") as f:
        f.write("voice:\n  enabled: true\n  input_device: PeregrineMic\n  output_device: PeregrineSpeaker\n"
                "  wake_enabled: true\n"
                "inference:\n  max_tokens: 24\n  temperature: 0\n  context_length: 512\n"
                f"thermal:\n  sysfs_root: \"{board}\"\n  poll_ms: 500\n")
    aenv = dict(penv, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=data, XDG_CONFIG_HOME=config_home,
                PEREGRINE_SYSTEM_CONFIG=os.path.join(tmp, "no-system.yaml"))
    aenv.pop("QT_QUICK_CONTROLS_STYLE", None)
    app_log = os.path.join(tmp, "app.log")
    report["app_log"] = app_log
    app = procs.start("peregrine", [args.app, "--config", config, "--model", args.model],
                      aenv, stdout=open(app_log, "w"))

    def log():
        if app.poll() is not None:
            raise Failure(f"the app exited with code {app.returncode}")
        return read_text(app_log)

    wait_for("the model", lambda: "switched to" in log(), 30)
    wait_for("voice ready", lambda: "voice ready" in log() or "voice unavailable" in log(), 30)
    if "voice unavailable" in log():
        raise Failure("voice did not start on the PulseAudio devices")
    time.sleep(1.0)

    # 1. The spoken question, repeated if the wake phrase was missed.
    heard = None
    for attempt in range(1, 4):
        mark = len(log())
        subprocess.run(["paplay", "-d", "cabmic", turn], env=penv, check=True, timeout=30)

        def transcript():
            m = re.search(r'turn (\d+) heard "([^"]*)"', log()[mark:])
            return m if m and m.group(2).strip() else None
        try:
            heard = wait_for("the transcript", transcript, 10)
            report["attempts"] = attempt
            break
        except Failure:
            print(f"attempt {attempt}: no transcript (wake phrase heard: {'wake phrase heard' in log()[mark:]})",
                  flush=True)
    if not heard:
        raise Failure("the question was never transcribed")
    report["transcript"] = heard.group(2)
    words = set(heard.group(2).split())
    if not words & {"story", "little", "dog", "tell"}:
        raise Failure(f"transcript does not resemble the question: {heard.group(2)!r}")

    db_path = os.path.join(data, "peregrine", "peregrine.db")

    def messages():
        if not os.path.exists(db_path):
            return []
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT role, text, stt_ms, first_audio_ms FROM messages ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []
        finally:
            db.close()

    # first_audio_ms is stored once the spoken answer has played out.
    rows = wait_for("the stored, spoken answer",
                    lambda: (lambda r: r if len(r) >= 2 and r[-1][0] == "assistant" and r[-1][3] else None)(
                        messages()), 40, 0.25)
    user, answer = rows[-2], rows[-1]
    if user[0] != "user" or not user[1].strip() or not answer[1].strip():
        raise Failure(f"unexpected stored messages: {rows}")
    report["answer"] = answer[1]
    report["stt_ms"] = user[2]
    report["speech_end_to_first_audio_ms"] = answer[3]
    time.sleep(1.5)  # the server's buffer and the recorder's latency
    rec_file.flush()
    answer_end = os.path.getsize(rec_path) // 2 * 2

    # 2. Critical heat: the governor's pause notice is spoken.
    mark = len(log())
    set_temps(board, 101)
    wait_for("the spoken pause notice", lambda: "announcement played" in log()[mark:], 30, 0.2)
    if "announcement: The system is too hot" not in log()[mark:]:
        raise Failure("the spoken notice is not the governor's pause notice")
    time.sleep(1.5)
    procs.stop(recorder)
    rec_file.close()
    if len(messages()) != len(rows):
        raise Failure("the notice was stored as a message")

    with open(rec_path, "rb") as f:
        pcm = f.read()
    answer_pcm, notice_pcm = pcm[:answer_end], pcm[answer_end:]
    os.makedirs(args.out, exist_ok=True)
    answer_wav = os.path.join(args.out, "e2e-pulse-answer.wav")
    notice_wav = os.path.join(args.out, "e2e-pulse-notice.wav")
    write_wav(answer_wav, answer_pcm)
    write_wav(notice_wav, notice_pcm)
    for name, path, part in (("answer", answer_wav, answer_pcm), ("notice", notice_wav, notice_pcm)):
        stats = sox_stat(path)
        loud = sounding_seconds(part)
        report[f"{name}_recorded_s"] = stats.get("Length (seconds)")
        report[f"{name}_rms"] = stats["RMS amplitude"]
        report[f"{name}_max"] = stats.get("Maximum amplitude")
        report[f"{name}_sounding_s"] = round(loud, 2)
        # The answer is a few words at least; the notice is about 4 s of speech.
        need = 0.5 if name == "answer" else 2.0
        if stats["RMS amplitude"] < 0.002 or loud < need:
            raise Failure(f"the {name} is silent on the loudspeaker: RMS {stats['RMS amplitude']}, "
                          f"{loud:.2f} s above -40 dBFS (want >= {need} s)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--app", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--thermal-fixture", required=True, help="a simulated sysfs tree (tests/app/system/fixtures)")
    p.add_argument("--out", required=True, help="folder for the recordings and the report")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = p.parse_args()

    missing = [t for t in ("pulseaudio", "pactl", "parec", "paplay", "flite", "sox") if not shutil.which(t)]
    if missing:
        print(f"SKIP: not installed: {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils flite sox)")
        return SKIP
    if not os.path.exists(args.model):
        print(f"SKIP: model not found: {args.model}")
        return SKIP

    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="peregrine-pulse-")
    procs = Processes()
    report = {}
    code = 0
    try:
        run(args, tmp, procs, report)
    except (Failure, subprocess.SubprocessError, OSError) as e:
        print(f"FAIL: {e}", flush=True)
        code = 1
    finally:
        procs.stop_all()
        report["wall_s"] = round(time.monotonic() - started, 1)
        app_log = report.pop("app_log", None)
        if code and app_log:
            print("--- app log (tail) ---")
            print(read_text(app_log)[-4000:])
        if app_log and os.path.isdir(args.out):
            shutil.copy(app_log, os.path.join(args.out, "e2e-pulse-app.log"))
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if code == 0:
        print("PASS: question heard through the microphone, answer and notice heard on the loudspeaker")
    return code


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # ctest timeout: still clean up (finally)
    sys.exit(main())
