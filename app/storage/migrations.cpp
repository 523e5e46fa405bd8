#include "storage/migrations.h"

namespace peregrine {

namespace {

// Version 1: timestamps are INTEGER ms since the epoch (UTC); timings are REAL ms or tok/s, NULL = not
// measured.
const char* const kSchemaV1 = R"sql(
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    model       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX conversations_updated ON conversations (updated_at DESC, id DESC);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    conversation_id   INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role              TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
    text              TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    finished_at       INTEGER,
    stt_ms            REAL,
    prompt_tokens     INTEGER,
    ttft_ms           REAL,
    prompt_tok_s      REAL,
    decode_tok_s      REAL,
    generated_tokens  INTEGER,
    first_audio_ms    REAL,
    stop_reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE benchmark_runs (
    id            INTEGER PRIMARY KEY,
    created_at    INTEGER NOT NULL,
    model         TEXT NOT NULL DEFAULT '',
    model_path    TEXT NOT NULL DEFAULT '',
    backend       TEXT NOT NULL DEFAULT '',
    threads       INTEGER NOT NULL DEFAULT 0,
    n_prompt      INTEGER NOT NULL DEFAULT 0,
    n_gen         INTEGER NOT NULL DEFAULT 0,
    prompt_tok_s  REAL NOT NULL DEFAULT 0,
    decode_tok_s  REAL NOT NULL DEFAULT 0,
    ttft_ms       REAL,
    load_ms       REAL,
    peak_rss_mb   REAL,
    bandwidth_gbs REAL,
    efficiency    REAL,
    notes         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX benchmark_runs_model ON benchmark_runs (model, created_at DESC);
)sql";

// Version 2: the thermal time series written on every poll (bounded by pruning to about 7 days).
const char* const kSchemaV2 = R"sql(
CREATE TABLE thermal_samples (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    temp_c        REAL NOT NULL,
    cur_khz       INTEGER NOT NULL DEFAULT 0,
    max_khz       INTEGER NOT NULL DEFAULT 0,
    level         INTEGER NOT NULL DEFAULT 0,
    throttled     INTEGER NOT NULL DEFAULT 0,
    decode_tok_s  REAL
);
CREATE INDEX thermal_samples_at ON thermal_samples (at);
)sql";

// Version 3: benchmark rows of the command-line tools. peregrine-bench stores one benchmark_runs row per test
// (test = 'pp512': prompt only, decode_tok_s 0; 'tg128': decode only, prompt_tok_s 0; '' = a combined run
// of the app or `models compare`), with the spread over its repetitions and the SIMD kernel target.
// voice_latency stores one voice_latency_runs row per condition (voice, rate, noise); the rows of one
// invocation share created_at. wer is a fraction (0.05 = 5%); latencies are NULL when none was measured.
const char* const kSchemaV3 = R"sql(
ALTER TABLE benchmark_runs ADD COLUMN test TEXT NOT NULL DEFAULT '';
ALTER TABLE benchmark_runs ADD COLUMN stddev_tok_s REAL;
ALTER TABLE benchmark_runs ADD COLUMN repetitions INTEGER;
ALTER TABLE benchmark_runs ADD COLUMN kernels TEXT NOT NULL DEFAULT '';

CREATE TABLE voice_latency_runs (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    model           TEXT NOT NULL DEFAULT '',
    model_path      TEXT NOT NULL DEFAULT '',
    voice           TEXT NOT NULL DEFAULT '',
    rate            REAL NOT NULL DEFAULT 1,
    noise           TEXT NOT NULL DEFAULT '',
    questions       INTEGER NOT NULL DEFAULT 0,
    p50_ms          REAL,
    p95_ms          REAL,
    command_p50_ms  REAL,
    wer             REAL,
    commands_ok     INTEGER NOT NULL DEFAULT 0,
    commands        INTEGER NOT NULL DEFAULT 0,
    silence_ms      INTEGER NOT NULL DEFAULT 0,
    threads         INTEGER NOT NULL DEFAULT 0,
    max_tokens      INTEGER NOT NULL DEFAULT 0,
    notes           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX voice_latency_runs_at ON voice_latency_runs (created_at DESC, id DESC);
)sql";

// Version 4: bench/echo stores one echo_runs row per condition (echo delay of the rig, noise): echo return
// loss enhancement (dB), false barge-ins and wake-ups over the answers played, and the driver's interruptions
// (barge-ins fired, p50 latencies from the first word, word error rate as a fraction).
const char* const kSchemaV4 = R"sql(
CREATE TABLE echo_runs (
    id                  INTEGER PRIMARY KEY,
    created_at          INTEGER NOT NULL,
    mode                TEXT NOT NULL DEFAULT '',
    delay_ms            INTEGER NOT NULL DEFAULT 0,
    noise               TEXT NOT NULL DEFAULT '',
    estimated_delay_ms  INTEGER,
    erle_db             REAL,
    answers             INTEGER NOT NULL DEFAULT 0,
    false_barge_ins     INTEGER NOT NULL DEFAULT 0,
    false_wake_ups      INTEGER NOT NULL DEFAULT 0,
    interruptions       INTEGER NOT NULL DEFAULT 0,
    barge_ins           INTEGER NOT NULL DEFAULT 0,
    decision_p50_ms     REAL,
    stopped_p50_ms      REAL,
    wer                 REAL,
    notes               TEXT NOT NULL DEFAULT ''
);
CREATE INDEX echo_runs_at ON echo_runs (created_at DESC, id DESC);
)sql";

// Version 5: bench/wake_word stores one wake_word_runs row per threshold and voice set (phase 'tune': the
// sweep over the tuning voices; 'held-out': the chosen threshold on voices it was not tuned on; 'default':
// the app's default threshold beside it; 'measure': a plain run), and per noise condition ('all' = the whole
// set). Negative audio is talk radio without the wake phrase; false_accepts counts detections in it; misses
// counts wake phrases not detected.
const char* const kSchemaV5 = R"sql(
CREATE TABLE wake_word_runs (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    phase           TEXT NOT NULL DEFAULT '',
    threshold       REAL NOT NULL,
    voices          TEXT NOT NULL DEFAULT '',
    noise           TEXT NOT NULL DEFAULT '',
    negative_s      REAL NOT NULL DEFAULT 0,
    false_accepts   INTEGER NOT NULL DEFAULT 0,
    fa_per_hour     REAL,
    positives       INTEGER NOT NULL DEFAULT 0,
    misses          INTEGER NOT NULL DEFAULT 0,
    miss_rate       REAL,
    notes           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wake_word_runs_at ON wake_word_runs (created_at DESC, id DESC);
)sql";

// Version 6: messages.route marks where a message went or came from: 'deep think' for a question the driver
// sent to the remote deep-think endpoint and for its answer (model holds the remote model's name); '' = the
// local model (every message before v6).
const char* const kSchemaV6 = R"sql(
ALTER TABLE messages ADD COLUMN route TEXT NOT NULL DEFAULT '';
)sql";

// Version 7: the cab's tools. timers: due_at is wall-clock UTC (ms since the epoch), so a timer survives a
// restart and a power cut and is judged missed against the clock at start; kind 'timer' or 'reminder' (a
// timer with a text); state pending -> fired | missed (due while the app was off) | cancelled. notes: what
// the driver asked to note, newest read first.
const char* const kSchemaV7 = R"sql(
CREATE TABLE timers (
    id           INTEGER PRIMARY KEY,
    created_at   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    label        TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL DEFAULT 'timer' CHECK (kind IN ('timer', 'reminder')),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'missed', 'cancelled')),
    finished_at  INTEGER
);
CREATE INDEX timers_state_due ON timers (state, due_at);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX notes_created ON notes (created_at DESC, id DESC);
)sql";

// Version 8: every command sent to a vehicle device (app/vehicle), successful or not. ok is 0/1; detail is
// what went out ("rv/lights/set ON", "can0 123#01FF"); source is 'voice', 'model' or 'cli'.
const char* const kSchemaV8 = R"sql(
CREATE TABLE device_commands (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    device     TEXT NOT NULL,
    state      TEXT NOT NULL,
    transport  TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    ok         INTEGER NOT NULL DEFAULT 0,
    error      TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX device_commands_at ON device_commands (at DESC, id DESC);
)sql";

// Version 9: tool use. messages.tool_calls holds the calls an assistant answer made and their results (a
// JSON array, '' = none). tool_eval_runs: one row per category of a bench/tools run (simple, multiple,
// parallel, irrelevance): the fractions of cases whose calls were valid against the schema, that chose the
// right tools (for irrelevance: called none), whose arguments matched, that called a tool at all, and that
// were right in every respect (accuracy: the score the Models page shows beside speed).
const char* const kSchemaV9 = R"sql(
ALTER TABLE messages ADD COLUMN tool_calls TEXT NOT NULL DEFAULT '';
CREATE TABLE tool_eval_runs (
    id               INTEGER PRIMARY KEY,
    created_at       INTEGER NOT NULL,
    model            TEXT NOT NULL DEFAULT '',
    model_path       TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    tool_choice      TEXT NOT NULL DEFAULT 'auto',
    cases            INTEGER NOT NULL DEFAULT 0,
    schema_validity  REAL,
    tool_choice_acc  REAL,
    argument_acc     REAL,
    call_rate        REAL,
    accuracy         REAL,
    constrained      INTEGER NOT NULL DEFAULT 0,
    notes            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tool_eval_runs_model ON tool_eval_runs (model_path, created_at DESC, id DESC);
)sql";

}  // namespace

const QList<Migration>& schemaMigrations() {
    static const QList<Migration> list = {
        {1, QStringLiteral("conversations, messages, benchmark runs"), QString::fromLatin1(kSchemaV1)},
        {2, QStringLiteral("thermal time series"), QString::fromLatin1(kSchemaV2)},
        {3, QStringLiteral("benchmark tests (pp/tg), voice latency runs"), QString::fromLatin1(kSchemaV3)},
        {4, QStringLiteral("echo canceller runs"), QString::fromLatin1(kSchemaV4)},
        {5, QStringLiteral("wake word accuracy runs"), QString::fromLatin1(kSchemaV5)},
        {6, QStringLiteral("deep-think mark on messages"), QString::fromLatin1(kSchemaV6)},
        {7, QStringLiteral("timers, reminders and notes"), QString::fromLatin1(kSchemaV7)},
        {8, QStringLiteral("vehicle device command log"), QString::fromLatin1(kSchemaV8)},
        {9, QStringLiteral("tool calls on messages, tool evaluation runs"), QString::fromLatin1(kSchemaV9)},
    };
    return list;
}

}  // namespace peregrine
