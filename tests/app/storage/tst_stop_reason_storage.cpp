// messages.stop_reason through Database: every StopReason is written as its word and reads back as itself;
// rows an earlier version wrote (the words as text) read back as their reasons; a word this version does
// not know reads as Unknown, is logged, and survives an update of its row.
#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"

using namespace peregrine;

namespace {

// Runs one statement on the file with SQLite directly (as another version of the app would).
bool execRaw(const QString& path, const QString& sql) {
    sqlite3* raw = nullptr;
    if (sqlite3_open(QFile::encodeName(path).constData(), &raw) != SQLITE_OK) return false;
    const bool ok = sqlite3_exec(raw, sql.toUtf8().constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(raw);
    return ok;
}

// The column's text for one message, as stored.
QString storedWord(const QString& path, qint64 messageId) {
    sqlite3* raw = nullptr;
    QString word = QStringLiteral("<no row>");
    if (sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK)
        return word;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(raw, "SELECT stop_reason FROM messages WHERE id = ?1", -1, &st, nullptr) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, messageId);
        if (sqlite3_step(st) == SQLITE_ROW)
            word = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return word;
}

MessageRecord byId(const QList<MessageRecord>& rows, qint64 id) {
    for (const MessageRecord& m : rows)
        if (m.id == id) return m;
    return {};
}

}  // namespace

class TestStopReasonStorage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_path;
    Database m_db;
    qint64 m_conversation = 0;

    qint64 addAnswer(StopReason reason) {
        MessageRecord m;
        m.conversationId = m_conversation;
        m.role = QStringLiteral("assistant");
        m.text = QStringLiteral("an answer");
        m.stopReason = reason;
        return m_db.addMessage(m);
    }

private slots:
    void init() {
        QVERIFY(m_tmp.isValid());
        m_path = m_tmp.filePath(QStringLiteral("stop-%1.db").arg(QTest::currentTestFunction()));
        QVERIFY2(m_db.open(m_path), qPrintable(m_db.lastError()));
        m_conversation = m_db.createConversation(QStringLiteral("Stops"), QStringLiteral("m"));
        QVERIFY(m_conversation > 0);
    }
    void cleanup() { m_db.close(); }

    void everyReasonRoundTripsAsItsWord() {
        for (StopReason reason : kAllStopReasons) {
            const qint64 id = addAnswer(reason);
            QVERIFY2(id > 0, qPrintable(m_db.lastError()));
            QCOMPARE(storedWord(m_path, id), stopReasonName(reason));
            QCOMPARE(byId(m_db.messages(m_conversation), id).stopReason, reason);
        }
        // updateMessage writes the new reason over the old one (a streaming row finishing, a stop).
        const qint64 id = addAnswer(StopReason::None);
        for (StopReason reason : kAllStopReasons) {
            if (reason == StopReason::Unknown) continue;  // keeps the stored word: see unknownWordIsKept
            MessageRecord m = byId(m_db.messages(m_conversation), id);
            m.stopReason = reason;
            QVERIFY2(m_db.updateMessage(m), qPrintable(m_db.lastError()));
            QCOMPARE(storedWord(m_path, id), stopReasonName(reason));
            QCOMPARE(byId(m_db.messages(m_conversation), id).stopReason, reason);
        }
    }

    void rowsOfEarlierVersionsReadBack() {
        const QList<QPair<QString, StopReason>> old = {
            {"", StopReason::None},           {"eog", StopReason::EndOfText},
            {"length", StopReason::Length},   {"cancelled", StopReason::Cancelled},
            {"context", StopReason::Context}, {"error", StopReason::Error},
            {"tool", StopReason::Tool},       {"content_filter", StopReason::ContentFilter},
        };
        for (const auto& [word, reason] : old) {
            QVERIFY(execRaw(m_path,
                            QStringLiteral("INSERT INTO messages (conversation_id, role, text, created_at,"
                                           " stop_reason) VALUES (%1, 'assistant', '%2', 0, '%2')")
                                .arg(m_conversation)
                                .arg(word)));
        }
        const QList<MessageRecord> rows = m_db.messages(m_conversation);
        QCOMPARE(rows.size(), old.size());
        for (int i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].text, old[i].first);
            QCOMPARE(rows[i].stopReason, old[i].second);
        }
    }

    void unknownWordIsKept() {
        // "eos" appeared in early notes; "tool_calls" is a server's reason an earlier version stored as is.
        for (const QString word : {QStringLiteral("eos"), QStringLiteral("tool_calls")}) {
            const qint64 conversation = m_db.createConversation(word, QStringLiteral("m"));
            QVERIFY(execRaw(m_path,
                            QStringLiteral("INSERT INTO messages (conversation_id, role, text, created_at,"
                                           " stop_reason) VALUES (%1, 'assistant', 'old', 0, '%2')")
                                .arg(conversation)
                                .arg(word)));
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression("unknown stop reason \"" + word + "\""));
            const QList<MessageRecord> rows = m_db.messages(conversation);
            QCOMPARE(rows.size(), 1);
            MessageRecord m = rows.first();
            QCOMPARE(m.stopReason, StopReason::Unknown);
            // An update of the row (its voice timings, say) leaves the word this version cannot name.
            m.text = QStringLiteral("old, edited");
            m.firstAudioMs = 640.0;
            QVERIFY2(m_db.updateMessage(m), qPrintable(m_db.lastError()));
            QCOMPARE(storedWord(m_path, m.id), word);
            QTest::ignoreMessage(QtWarningMsg, QRegularExpression("unknown stop reason \"" + word + "\""));
            const MessageRecord again = byId(m_db.messages(conversation), m.id);
            QCOMPARE(again.text, QStringLiteral("old, edited"));
            QCOMPARE(again.stopReason, StopReason::Unknown);
        }
    }
};

QTEST_GUILESS_MAIN(TestStopReasonStorage)
#include "tst_stop_reason_storage.moc"
