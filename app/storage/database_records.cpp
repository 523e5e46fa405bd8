// Database: conversations, messages and benchmark runs.
#include <sqlite3.h>

#include "logging/logging.h"
#include "storage/database.h"
#include "storage/sql_statement.h"

namespace peregrine {

using storage_detail::sqliteError;
using storage_detail::SqlStatement;

namespace {

QDateTime nowUtc() {
    return QDateTime::currentDateTimeUtc();
}

// A stored stop_reason word as the enum; a word this version does not know (a newer version wrote it) is
// Unknown, logged, and kept in the row (updateMessage leaves it).
StopReason storedStopReason(const QString& word, qint64 messageId) {
    const StopReason reason = stopReasonFromName(word);
    if (reason == StopReason::Unknown && word != stopReasonName(StopReason::Unknown))
        qCWarning(lcStorage) << "message" << messageId << "has an unknown stop reason" << word << "(kept)";
    return reason;
}

}  // namespace

bool Database::touchConversation(qint64 id) {
    SqlStatement st(m_db, "UPDATE conversations SET updated_at = ?1 WHERE id = ?2");
    st.bind(1, nowUtc());
    st.bind(2, id);
    return st.run();
}

qint64 Database::createConversation(const QString& title, const QString& model) {
    if (!m_db) return failId(QStringLiteral("cannot create a conversation: the database is not open"));
    SqlStatement st(
        m_db, "INSERT INTO conversations (title, created_at, updated_at, model) VALUES (?1, ?2, ?2, ?3)");
    st.bind(1, title);
    st.bind(2, nowUtc());
    st.bind(3, model);
    if (!st.run())
        return failId(
            QStringLiteral("cannot create a conversation in %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

bool Database::renameConversation(qint64 id, const QString& title) {
    if (!m_db) return fail(QStringLiteral("cannot rename a conversation: the database is not open"));
    SqlStatement st(m_db, "UPDATE conversations SET title = ?1, updated_at = ?2 WHERE id = ?3");
    st.bind(1, title);
    st.bind(2, nowUtc());
    st.bind(3, id);
    if (!st.run())
        return fail(QStringLiteral("cannot rename conversation %1: %2").arg(id).arg(sqliteError(m_db)));
    if (sqlite3_changes(m_db) == 0)
        return fail(QStringLiteral("cannot rename conversation %1: no such conversation").arg(id));
    return true;
}

bool Database::deleteConversation(qint64 id) {
    if (!m_db) return fail(QStringLiteral("cannot delete a conversation: the database is not open"));
    SqlStatement st(m_db, "DELETE FROM conversations WHERE id = ?1");  // messages: ON DELETE CASCADE
    st.bind(1, id);
    if (!st.run())
        return fail(QStringLiteral("cannot delete conversation %1: %2").arg(id).arg(sqliteError(m_db)));
    if (sqlite3_changes(m_db) == 0)
        return fail(QStringLiteral("cannot delete conversation %1: no such conversation").arg(id));
    return true;
}

QList<ConversationRecord> Database::conversations(int limit) const {
    QList<ConversationRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list conversations: the database is not open"));
        return list;
    }
    SqlStatement st(m_db,
                    "SELECT c.id, c.title, c.created_at, c.updated_at, c.model,"
                    " (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id)"
                    " FROM conversations c ORDER BY c.updated_at DESC, c.id DESC LIMIT ?1");
    st.bind(1, limit < 0 ? qint64(-1) : qint64(limit));
    while (st.next()) {
        ConversationRecord r;
        r.id = st.int64(0);
        r.title = st.text(1);
        r.createdAt = st.dateTime(2);
        r.updatedAt = st.dateTime(3);
        r.model = st.text(4);
        r.messageCount = static_cast<int>(st.int64(5));
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list conversations in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

qint64 Database::addMessage(const MessageRecord& m) {
    if (!m_db) return failId(QStringLiteral("cannot add a message: the database is not open"));
    auto failed = [&] {
        const QString why = sqliteError(m_db);
        exec("ROLLBACK");
        return failId(
            QStringLiteral("cannot add a message to conversation %1: %2").arg(m.conversationId).arg(why));
    };
    if (!exec("BEGIN IMMEDIATE")) return failed();
    SqlStatement st(
        m_db,
        "INSERT INTO messages (conversation_id, role, text, model, created_at, finished_at, stt_ms,"
        " prompt_tokens, ttft_ms, prompt_tok_s, decode_tok_s, generated_tokens, first_audio_ms,"
        " stop_reason, route, tool_calls) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
        " ?14, ?15, ?16)");
    st.bind(1, m.conversationId);
    st.bind(2, m.role);
    st.bind(3, m.text);
    st.bind(4, m.model);
    st.bind(5, m.createdAt.isValid() ? m.createdAt : nowUtc());
    st.bind(6, m.finishedAt);
    st.bind(7, m.sttMs);
    st.bind(8, m.promptTokens);
    st.bind(9, m.ttftMs);
    st.bind(10, m.promptTokPerSec);
    st.bind(11, m.decodeTokPerSec);
    st.bind(12, m.generatedTokens);
    st.bind(13, m.firstAudioMs);
    st.bind(14, stopReasonName(m.stopReason));
    st.bind(15, m.route);
    st.bind(16, m.toolCalls);
    if (!st.run()) return failed();
    const qint64 id = sqlite3_last_insert_rowid(m_db);
    if (!touchConversation(m.conversationId) || !exec("COMMIT")) return failed();
    return id;
}

bool Database::updateMessage(const MessageRecord& m) {
    if (!m_db) return fail(QStringLiteral("cannot update a message: the database is not open"));
    auto failed = [&](QString why) {
        exec("ROLLBACK");
        return fail(QStringLiteral("cannot update message %1: %2").arg(m.id).arg(why));
    };
    if (!exec("BEGIN IMMEDIATE")) return failed(m_lastError);
    SqlStatement st(m_db,
                    "UPDATE messages SET role = ?2, text = ?3, model = ?4, finished_at = ?5, stt_ms = ?6,"
                    " prompt_tokens = ?7, ttft_ms = ?8, prompt_tok_s = ?9, decode_tok_s = ?10,"
                    " generated_tokens = ?11, first_audio_ms = ?12, stop_reason = COALESCE(?13, "
                    "stop_reason), route = ?14,"
                    " tool_calls = ?15 WHERE id = ?1");
    st.bind(1, m.id);
    st.bind(2, m.role);
    st.bind(3, m.text);
    st.bind(4, m.model);
    st.bind(5, m.finishedAt);
    st.bind(6, m.sttMs);
    st.bind(7, m.promptTokens);
    st.bind(8, m.ttftMs);
    st.bind(9, m.promptTokPerSec);
    st.bind(10, m.decodeTokPerSec);
    st.bind(11, m.generatedTokens);
    st.bind(12, m.firstAudioMs);
    // Unknown: a word this version does not know was read; NULL keeps it (COALESCE above).
    if (m.stopReason == StopReason::Unknown)
        st.bindNull(13);
    else
        st.bind(13, stopReasonName(m.stopReason));
    st.bind(14, m.route);
    st.bind(15, m.toolCalls);
    if (!st.run()) return failed(sqliteError(m_db));
    if (sqlite3_changes(m_db) == 0) return failed(QStringLiteral("no such message"));
    SqlStatement owner(m_db, "SELECT conversation_id FROM messages WHERE id = ?1");
    owner.bind(1, m.id);
    if (!owner.next() || !touchConversation(owner.int64(0)) || !exec("COMMIT"))
        return failed(sqliteError(m_db));
    return true;
}

QList<MessageRecord> Database::messages(qint64 conversationId) const {
    QList<MessageRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list messages: the database is not open"));
        return list;
    }
    SqlStatement st(
        m_db,
        "SELECT id, conversation_id, role, text, model, created_at, finished_at, stt_ms, prompt_tokens,"
        " ttft_ms, prompt_tok_s, decode_tok_s, generated_tokens, first_audio_ms, stop_reason, route,"
        " tool_calls FROM messages WHERE conversation_id = ?1 ORDER BY id");
    st.bind(1, conversationId);
    while (st.next()) {
        MessageRecord m;
        m.id = st.int64(0);
        m.conversationId = st.int64(1);
        m.role = st.text(2);
        m.text = st.text(3);
        m.model = st.text(4);
        m.createdAt = st.dateTime(5);
        m.finishedAt = st.dateTime(6);
        m.sttMs = st.optionalReal(7);
        m.promptTokens = st.optionalInt(8);
        m.ttftMs = st.optionalReal(9);
        m.promptTokPerSec = st.optionalReal(10);
        m.decodeTokPerSec = st.optionalReal(11);
        m.generatedTokens = st.optionalInt(12);
        m.firstAudioMs = st.optionalReal(13);
        m.stopReason = storedStopReason(st.text(14), m.id);
        m.route = st.text(15);
        m.toolCalls = st.text(16);
        list << m;
    }
    if (st.failed()) fail(QStringLiteral("cannot list messages in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

namespace {

// Binds every column of a benchmark_runs row but id (parameters ?1..?19 of kInsertBenchmarkRun).
constexpr const char* kInsertBenchmarkRun =
    "INSERT INTO benchmark_runs (created_at, model, model_path, backend, threads, n_prompt, n_gen,"
    " prompt_tok_s, decode_tok_s, ttft_ms, load_ms, peak_rss_mb, bandwidth_gbs, efficiency, notes, test,"
    " stddev_tok_s, repetitions, kernels)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

void bindBenchmarkRun(SqlStatement& st, const BenchmarkRunRecord& r) {
    st.bind(1, r.createdAt.isValid() ? r.createdAt : nowUtc());
    st.bind(2, r.model);
    st.bind(3, r.modelPath);
    st.bind(4, r.backend);
    st.bind(5, r.threads);
    st.bind(6, r.nPrompt);
    st.bind(7, r.nGen);
    st.bind(8, r.promptTokPerSec);
    st.bind(9, r.decodeTokPerSec);
    st.bind(10, r.ttftMs);
    st.bind(11, r.loadMs);
    st.bind(12, r.peakRssMb);
    st.bind(13, r.bandwidthGbs);
    st.bind(14, r.efficiency);
    st.bind(15, r.notes);
    st.bind(16, r.test);
    st.bind(17, r.stddevTokPerSec);
    st.bind(18, r.repetitions);
    st.bind(19, r.kernels);
}

}  // namespace

qint64 Database::addBenchmarkRun(const BenchmarkRunRecord& r) {
    if (!m_db) return failId(QStringLiteral("cannot add a benchmark run: the database is not open"));
    SqlStatement st(m_db, kInsertBenchmarkRun);
    bindBenchmarkRun(st, r);
    if (!st.run())
        return failId(QStringLiteral("cannot add a benchmark run to %1: %2").arg(m_path, sqliteError(m_db)));
    return sqlite3_last_insert_rowid(m_db);
}

bool Database::addBenchmarkRuns(const QList<BenchmarkRunRecord>& records) {
    if (!m_db) return fail(QStringLiteral("cannot add benchmark runs: the database is not open"));
    auto failed = [&](QString why) {
        exec("ROLLBACK");
        return fail(QStringLiteral("cannot add benchmark runs to %1: %2").arg(m_path, why));
    };
    if (!exec("BEGIN IMMEDIATE")) return failed(m_lastError);
    for (const BenchmarkRunRecord& r : records) {
        SqlStatement st(m_db, kInsertBenchmarkRun);
        bindBenchmarkRun(st, r);
        if (!st.run()) return failed(sqliteError(m_db));
    }
    if (!exec("COMMIT")) return failed(m_lastError);
    return true;
}

QList<BenchmarkRunRecord> Database::benchmarkRuns(const QString& model) const {
    QList<BenchmarkRunRecord> list;
    if (!m_db) {
        fail(QStringLiteral("cannot list benchmark runs: the database is not open"));
        return list;
    }
    SqlStatement st(
        m_db,
        "SELECT id, created_at, model, model_path, backend, threads, n_prompt, n_gen, prompt_tok_s,"
        " decode_tok_s, ttft_ms, load_ms, peak_rss_mb, bandwidth_gbs, efficiency, notes, test, stddev_tok_s,"
        " repetitions, kernels"
        " FROM benchmark_runs WHERE ?1 = '' OR model = ?1 ORDER BY created_at DESC, id DESC");
    st.bind(1, model);
    while (st.next()) {
        BenchmarkRunRecord r;
        r.id = st.int64(0);
        r.createdAt = st.dateTime(1);
        r.model = st.text(2);
        r.modelPath = st.text(3);
        r.backend = st.text(4);
        r.threads = static_cast<int>(st.int64(5));
        r.nPrompt = static_cast<int>(st.int64(6));
        r.nGen = static_cast<int>(st.int64(7));
        r.promptTokPerSec = st.real(8);
        r.decodeTokPerSec = st.real(9);
        r.ttftMs = st.optionalReal(10);
        r.loadMs = st.optionalReal(11);
        r.peakRssMb = st.optionalReal(12);
        r.bandwidthGbs = st.optionalReal(13);
        r.efficiency = st.optionalReal(14);
        r.notes = st.text(15);
        r.test = st.text(16);
        r.stddevTokPerSec = st.optionalReal(17);
        r.repetitions = st.optionalInt(18);
        r.kernels = st.text(19);
        list << r;
    }
    if (st.failed())
        fail(QStringLiteral("cannot list benchmark runs in %1: %2").arg(m_path, sqliteError(m_db)));
    return list;
}

}  // namespace peregrine
