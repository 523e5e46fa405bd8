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

}  // namespace

const QList<Migration>& schemaMigrations() {
    static const QList<Migration> list = {
        {1, QStringLiteral("conversations, messages, benchmark runs"), QString::fromLatin1(kSchemaV1)},
        {2, QStringLiteral("thermal time series"), QString::fromLatin1(kSchemaV2)},
    };
    return list;
}

}  // namespace peregrine
