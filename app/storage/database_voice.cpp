// Database: voice latency runs (table voice_latency_runs, schema v3), written by bench/voice_latency, and
// wake word runs (table wake_word_runs, schema v5), written by bench/wake_word.
#include <sqlite3.h>

#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

qint64 Database::addVoiceLatencyRun(const VoiceLatencyRunRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a voice latency run: the database is not open"));
    SqlStatement st(m_db,
                    "INSERT INTO voice_latency_runs (created_at, model, model_path, voice, rate, noise,"
                    " questions, p50_ms, p95_ms, command_p50_ms, wer, commands_ok, commands, silence_ms,"
                    " threads, max_tokens, notes)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    st.bind(1, r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc());
    st.bind(2, r.model);
    st.bind(3, r.modelPath);
    st.bind(4, r.voice);
    st.bind(5, r.rate);
    st.bind(6, r.noise);
    st.bind(7, r.questions);
    st.bind(8, r.p50Ms);
    st.bind(9, r.p95Ms);
    st.bind(10, r.commandP50Ms);
    st.bind(11, r.wordErrorRate);
    st.bind(12, r.commandsOk);
    st.bind(13, r.commands);
    st.bind(14, r.silenceMs);
    st.bind(15, r.threads);
    st.bind(16, r.maxTokens);
    st.bind(17, r.notes);
    if (!st.run())
        return failId(
            QStringLiteral("cannot add a voice latency run to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<VoiceLatencyRunRecord> Database::voiceLatencyRuns(int limit) const {
    QList<VoiceLatencyRunRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list voice latency runs: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, created_at, model, model_path, voice, rate, noise, questions, p50_ms, p95_ms,"
                    " command_p50_ms, wer, commands_ok, commands, silence_ms, threads, max_tokens, notes"
                    " FROM voice_latency_runs ORDER BY created_at DESC, id DESC LIMIT ?1");
    st.bind(1, limit < 0 ? qint64(-1) : qint64(limit));
    while (st.next()) {
        VoiceLatencyRunRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.model = st.text(2);
        r.modelPath = st.text(3);
        r.voice = st.text(4);
        r.rate = st.real(5);
        r.noise = st.text(6);
        r.questions = static_cast<int>(st.int64(7));
        r.p50Ms = st.optionalReal(8);
        r.p95Ms = st.optionalReal(9);
        r.commandP50Ms = st.optionalReal(10);
        r.wordErrorRate = st.optionalReal(11);
        r.commandsOk = static_cast<int>(st.int64(12));
        r.commands = static_cast<int>(st.int64(13));
        r.silenceMs = static_cast<int>(st.int64(14));
        r.threads = static_cast<int>(st.int64(15));
        r.maxTokens = static_cast<int>(st.int64(16));
        r.notes = st.text(17);
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list voice latency runs in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

qint64 Database::addWakeWordRun(const WakeWordRunRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a wake word run: the database is not open"));
    SqlStatement st(m_db,
                    "INSERT INTO wake_word_runs (created_at, phase, threshold, voices, noise, negative_s,"
                    " false_accepts, fa_per_hour, positives, misses, miss_rate, notes)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    st.bindAll(r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc(), r.phase, r.threshold,
               r.voices, r.noise, r.negativeSeconds, r.falseAccepts, r.faPerHour, r.positives, r.misses,
               r.missRate, r.notes);
    if (!st.run())
        return failId(QStringLiteral("cannot add a wake word run to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

}  // namespace peregrine
