// Database: echo canceller runs (table echo_runs, schema v4), written by bench/echo.
#include <sqlite3.h>

#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

qint64 Database::addEchoRun(const EchoRunRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add an echo run: the database is not open"));
    SqlStatement st(m_db,
                    "INSERT INTO echo_runs (created_at, mode, delay_ms, noise, estimated_delay_ms, erle_db,"
                    " answers, false_barge_ins, false_wake_ups, interruptions, barge_ins, decision_p50_ms,"
                    " stopped_p50_ms, wer, notes)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    st.bind(1, r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc());
    st.bind(2, r.mode);
    st.bind(3, r.delayMs);
    st.bind(4, r.noise);
    st.bind(5, r.estimatedDelayMs);
    st.bind(6, r.erleDb);
    st.bind(7, r.answers);
    st.bind(8, r.falseBargeIns);
    st.bind(9, r.falseWakeUps);
    st.bind(10, r.interruptions);
    st.bind(11, r.bargeIns);
    st.bind(12, r.decisionP50Ms);
    st.bind(13, r.stoppedP50Ms);
    st.bind(14, r.wordErrorRate);
    st.bind(15, r.notes);
    if (!st.run())
        return failId(QStringLiteral("cannot add an echo run to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

QList<EchoRunRecord> Database::echoRuns(int limit) const {
    QList<EchoRunRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list echo runs: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT id, created_at, mode, delay_ms, noise, estimated_delay_ms, erle_db, answers,"
                    " false_barge_ins, false_wake_ups, interruptions, barge_ins, decision_p50_ms,"
                    " stopped_p50_ms, wer, notes FROM echo_runs ORDER BY created_at DESC, id DESC LIMIT ?1");
    st.bind(1, limit < 0 ? qint64(-1) : qint64(limit));
    while (st.next()) {
        EchoRunRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.mode = st.text(2);
        r.delayMs = static_cast<int>(st.int64(3));
        r.noise = st.text(4);
        r.estimatedDelayMs = st.optionalInt(5);
        r.erleDb = st.optionalReal(6);
        r.answers = static_cast<int>(st.int64(7));
        r.falseBargeIns = static_cast<int>(st.int64(8));
        r.falseWakeUps = static_cast<int>(st.int64(9));
        r.interruptions = static_cast<int>(st.int64(10));
        r.bargeIns = static_cast<int>(st.int64(11));
        r.decisionP50Ms = st.optionalReal(12);
        r.stoppedP50Ms = st.optionalReal(13);
        r.wordErrorRate = st.optionalReal(14);
        r.notes = st.text(15);
        list << r;
    }
    if (st.failed()) fail(QStringLiteral("cannot list echo runs in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

}  // namespace peregrine
