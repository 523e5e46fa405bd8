// Migrations: from an empty file, from an older (version 0) database, the built-in v2 -> v3 upgrade
// (benchmark test columns, voice latency runs) keeping the data, an upgrade through an injected migration
// list, a failing migration that must roll back, and the refusal of a newer schema that must leave the file
// byte-identical.
#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/database.h"

using namespace peregrine;

namespace {

// Runs SQL on a file through a plain connection (to build "old" and "newer" databases by hand).
bool execSql(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    bool ok = sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK &&
              sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

qint64 queryInt(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    qint64 v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString queryText(const QString& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    QString v;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    else
        v = QStringLiteral("<null>");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

// The built-in migrations up to version n.
QList<Migration> builtinUpTo(int n) {
    return schemaMigrations().mid(0, n);
}

// The built-in migrations plus a test migration numbered one past the latest (kNext).
constexpr int kLatest = 9;
constexpr int kNext = kLatest + 1;
QList<Migration> withV2(const QString& sql) {
    QList<Migration> list = schemaMigrations();
    list << Migration{kNext, QStringLiteral("test: pinned conversations"), sql};
    return list;
}

}  // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString path() const { return m_tmp->path() + "/peregrine.db"; }

private slots:
    void init() {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
    }

    void builtinListIsNumbered() {
        const QList<Migration>& list = schemaMigrations();
        QVERIFY(!list.isEmpty());
        for (int i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].version, i + 1);
            QVERIFY(!list[i].description.isEmpty());
            QVERIFY(!list[i].sql.contains("BEGIN", Qt::CaseInsensitive));
        }
        QCOMPARE(Database::latestSchemaVersion(), list.last().version);
    }

    void fromNothing() {
        Database db;
        QVERIFY2(db.open(path()), qPrintable(db.lastError()));
        QCOMPARE(Database::latestSchemaVersion(), kLatest);
        QCOMPARE(db.schemaVersion(), kLatest);
        QCOMPARE(queryInt(path(),
                          "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                          "('conversations', 'messages', 'benchmark_runs', 'thermal_samples', "
                          "'voice_latency_runs')"),
                 qint64(5));
        QCOMPARE(queryInt(path(),
                          "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                          "('conversations_updated', 'messages_conversation', 'benchmark_runs_model', "
                          "'thermal_samples_at', 'voice_latency_runs_at')"),
                 qint64(5));
        QCOMPARE(
            queryInt(path(),
                     "SELECT COUNT(*) FROM pragma_table_info('benchmark_runs') WHERE name IN "
                     "('test', 'stddev_tok_s', 'repetitions', 'kernels', 'bandwidth_gbs', 'efficiency')"),
            qint64(6));
    }

    void upgradeBuiltinV2ToV3KeepsData() {
        {
            Database v2(builtinUpTo(2));
            QVERIFY2(v2.open(path()), qPrintable(v2.lastError()));
            QCOMPARE(v2.schemaVersion(), 2);
            QVERIFY(v2.createConversation("before v3", "m") > 0);
            ThermalSampleRecord t;
            t.tempC = 61.5;
            QVERIFY(v2.addThermalSample(t) > 0);
        }
        // A v2 benchmark row written by v2 code (without the v3 columns).
        QVERIFY(execSql(path(),
                        "INSERT INTO benchmark_runs (created_at, model, threads, prompt_tok_s, decode_tok_s,"
                        " ttft_ms, bandwidth_gbs, efficiency, notes) VALUES (1700000000000, 'old', 4, 300.5,"
                        " 21.25, 95, 9.5, 0.62, 'app benchmark');"));
        QCOMPARE(queryInt(path(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'voice_latency_runs'"),
                 qint64(0));

        Database db;
        QVERIFY2(db.open(path()), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(db.conversations().size(), 1);
        QCOMPARE(db.conversations()[0].title, QStringLiteral("before v3"));
        QCOMPARE(db.thermalSamples(QDateTime::fromMSecsSinceEpoch(0)).size(), 1);
        const QList<BenchmarkRunRecord> runs = db.benchmarkRuns();
        QCOMPARE(runs.size(), 1);
        const BenchmarkRunRecord& old = runs[0];
        QCOMPARE(old.model, QStringLiteral("old"));
        QCOMPARE(old.promptTokPerSec, 300.5);
        QCOMPARE(old.decodeTokPerSec, 21.25);
        QCOMPARE(old.efficiency, std::optional<double>(0.62));
        QCOMPARE(old.notes, QStringLiteral("app benchmark"));
        QVERIFY(old.test.isEmpty() && old.kernels.isEmpty());  // new columns: defaults
        QVERIFY(!old.stddevTokPerSec && !old.repetitions);
        QVERIFY(old.measuresPrompt() && old.measuresDecode());

        // The new columns and table take rows.
        BenchmarkRunRecord tg;
        tg.model = "new";
        tg.test = "tg64";
        tg.stddevTokPerSec = 1.5;
        tg.repetitions = 2;
        tg.kernels = "AVX2";
        QVERIFY2(db.addBenchmarkRun(tg) > 0, qPrintable(db.lastError()));
        VoiceLatencyRunRecord v;
        v.voice = "slt";
        v.p50Ms = 500;
        QVERIFY2(db.addVoiceLatencyRun(v) > 0, qPrintable(db.lastError()));
        WakeWordRunRecord w;
        w.phase = "tune";
        w.threshold = 1e-25;
        w.faPerHour = 0.25;
        QVERIFY2(db.addWakeWordRun(w) > 0, qPrintable(db.lastError()));
        db.close();
        QCOMPARE(queryText(path(),
                           "SELECT test || ' ' || repetitions || ' ' || kernels FROM benchmark_runs "
                           "WHERE model = 'new'"),
                 QStringLiteral("tg64 2 AVX2"));
        QCOMPARE(queryText(path(), "SELECT stddev_tok_s FROM benchmark_runs WHERE model = 'old'"),
                 QStringLiteral("<null>"));
        QCOMPARE(queryInt(path(), "SELECT p50_ms FROM voice_latency_runs WHERE voice = 'slt'"), qint64(500));
        QCOMPARE(queryText(path(), "SELECT phase || ' ' || threshold FROM wake_word_runs"),
                 QStringLiteral("tune 1.0e-25"));  // v4 on the way

        // A v2 build now refuses the upgraded file.
        Database v2again(builtinUpTo(2));
        QVERIFY(!v2again.open(path()));
        QCOMPARE(v2again.lastError(), path() + " has schema version " +
                                          QString::number(Database::latestSchemaVersion()) +
                                          " but this Peregrine knows up to 2: use a "
                                          "newer Peregrine (the file is left untouched)");
    }

    void fromEmptyFile() {
        QFile f(path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Database db;
        QVERIFY2(db.open(path()), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QVERIFY(db.createConversation("t", "m") > 0);
    }

    void fromVersionZeroWithOtherTables() {
        // A version-0 file: a SQLite database that some earlier tool left, user_version 0, unrelated data.
        QVERIFY(execSql(path(),
                        "CREATE TABLE legacy_notes (id INTEGER PRIMARY KEY, body TEXT);"
                        "INSERT INTO legacy_notes (body) VALUES ('keep me');"));
        QCOMPARE(queryInt(path(), "PRAGMA user_version"), qint64(0));
        Database db;
        QVERIFY2(db.open(path()), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QVERIFY(db.createConversation("t", "m") > 0);
        db.close();
        QCOMPARE(queryInt(path(), "SELECT COUNT(*) FROM legacy_notes WHERE body = 'keep me'"), qint64(1));
    }

    void upgradeThroughInjectedMigration() {
        qint64 conv = 0;
        {
            Database v1;
            QVERIFY(v1.open(path()));
            conv = v1.createConversation("before the upgrade", "m");
            MessageRecord m;
            m.conversationId = conv;
            m.role = "user";
            m.text = "hello";
            QVERIFY(v1.addMessage(m) > 0);
        }
        Database v2(
            withV2("ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"
                   "CREATE INDEX conversations_pinned ON conversations (pinned);"));
        QCOMPARE(v2.targetSchemaVersion(), kNext);
        QVERIFY2(v2.open(path()), qPrintable(v2.lastError()));
        QCOMPARE(v2.schemaVersion(), kNext);
        const QList<ConversationRecord> convs = v2.conversations();
        QCOMPARE(convs.size(), 1);
        QCOMPARE(convs[0].title, QStringLiteral("before the upgrade"));
        QCOMPARE(v2.messages(conv).size(), 1);
        v2.close();
        QCOMPARE(queryInt(path(), "SELECT COUNT(*) FROM conversations WHERE pinned = 0"), qint64(1));

        // This build (knowing version kNext - 1) now refuses the upgraded file.
        Database v1again;
        QVERIFY(!v1again.open(path()));
        QCOMPARE(
            v1again.lastError(),
            path() + QStringLiteral(" has schema version %1 but this Peregrine knows up to %2: use a newer "
                                    "Peregrine (the file is left untouched)")
                         .arg(kNext)
                         .arg(kLatest));
    }

    void upgradeFromNothingRunsEveryStep() {
        Database v2(withV2("CREATE TABLE pins (conversation_id INTEGER);"));
        QVERIFY2(v2.open(path()), qPrintable(v2.lastError()));
        QCOMPARE(v2.schemaVersion(), kNext);
        QCOMPARE(queryInt(path(), "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('pins', 'messages')"),
                 qint64(2));
    }

    void failingMigrationRollsBack() {
        {
            Database v1;
            QVERIFY(v1.open(path()));
            QVERIFY(v1.createConversation("safe", "m") > 0);
        }
        Database broken(
            withV2("CREATE TABLE half_done (a);"
                   "INSERT INTO no_such_table VALUES (1);"));
        QVERIFY(!broken.open(path()));
        QVERIFY(!broken.isOpen());
        QVERIFY2(broken.lastError().startsWith(
                     "cannot migrate " + path() +
                     QStringLiteral(" to schema version %1 (test: pinned conversations): no "
                                    "such table: no_such_table")
                         .arg(kNext)),
                 qPrintable(broken.lastError()));
        QVERIFY(broken.lastError().endsWith(QStringLiteral("; the file stays at version %1").arg(kLatest)));
        QCOMPARE(queryInt(path(), "PRAGMA user_version"), qint64(kNext - 1));
        QCOMPARE(queryInt(path(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"), qint64(0));
        Database v1;
        QVERIFY(v1.open(path()));
        QCOMPARE(v1.conversations().size(), 1);
    }

    void misnumberedListRefused() {
        Database db(QList<Migration>{{2, "skips one", "CREATE TABLE x (a);"}});
        QVERIFY(!db.open(path()));
        QCOMPARE(db.lastError(), QStringLiteral("internal error: migration 1 is numbered 2"));
    }

    // v9 (tool use): a v6 database keeps its messages, which get tool_calls ''; tool calls and tool
    // evaluation runs round-trip.
    void upgradeV6ToV9ToolCallsAndToolEvalRuns() {
        qint64 conversation = 0;
        {
            Database v6(builtinUpTo(6));
            QVERIFY2(v6.open(path()), qPrintable(v6.lastError()));
            conversation = v6.createConversation(QStringLiteral("before v9"), QStringLiteral("m"));
            QVERIFY(conversation > 0);
        }
        // A v6 message written by v6 code (without tool_calls).
        const QByteArray insert = "INSERT INTO messages (conversation_id, role, text, created_at) VALUES (" +
                                  QByteArray::number(conversation) +
                                  ", 'assistant', 'old answer', 1700000000000);";
        QVERIFY(execSql(path(), insert.constData()));
        Database db;
        QVERIFY2(db.open(path()), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), 9);
        QList<MessageRecord> messages = db.messages(conversation);
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0].text, QStringLiteral("old answer"));
        QVERIFY(messages[0].toolCalls.isEmpty());
        messages[0].toolCalls =
            QStringLiteral(R"([{"name":"set_timer","arguments":{"minutes":5},"ok":true}])");
        QVERIFY(db.updateMessage(messages[0]));
        QCOMPARE(db.messages(conversation)[0].toolCalls, messages[0].toolCalls);

        ToolEvalRunRecord simple;
        simple.model = QStringLiteral("m");
        simple.modelPath = QStringLiteral("/models/m.gguf");
        simple.category = QStringLiteral("simple");
        simple.cases = 12;
        simple.schemaValidity = 1.0;
        simple.toolChoiceAcc = 0.75;
        simple.argumentAcc = 0.5;
        simple.callRate = 0.9;
        simple.accuracy = 0.5;
        simple.constrained = true;
        ToolEvalRunRecord irrelevance = simple;
        irrelevance.category = QStringLiteral("irrelevance");
        irrelevance.schemaValidity.reset();
        irrelevance.argumentAcc.reset();
        QVERIFY2(db.addToolEvalRuns({simple, irrelevance}), qPrintable(db.lastError()));
        const QList<ToolEvalRunRecord> runs = db.toolEvalRuns();
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].category, QStringLiteral("irrelevance"));  // newest first, then by id
        QVERIFY(!runs[0].argumentAcc);
        QCOMPARE(runs[1].toolChoiceAcc.value_or(0), 0.75);
        QCOMPARE(runs[1].cases, 12);
        QVERIFY(runs[1].constrained);
        QCOMPARE(runs[1].toolChoice, QStringLiteral("auto"));
    }

    void newerSchemaRefusedByteIdentical_data() {
        QTest::addColumn<bool>("wal");
        QTest::newRow("rollback journal") << false;
        QTest::newRow("wal") << true;
    }
    void newerSchemaRefusedByteIdentical() {
        QFETCH(bool, wal);
        QVERIFY(execSql(path(), wal ? "PRAGMA journal_mode = WAL; CREATE TABLE future (x); "
                                      "INSERT INTO future VALUES (42); PRAGMA user_version = 99;"
                                    : "CREATE TABLE future (x); INSERT INTO future VALUES (42); "
                                      "PRAGMA user_version = 99;"));
        const QByteArray before = readAll(path());
        QVERIFY(!before.isEmpty());
        const QFileInfo infoBefore(path());

        Database db;
        QVERIFY(!db.open(path()));
        QVERIFY(!db.isOpen());
        QCOMPARE(db.lastError(),
                 path() + QStringLiteral(" has schema version 99 but this Peregrine knows up to "
                                         "%1: use a newer Peregrine (the file is left untouched)")
                              .arg(kLatest));
        QCOMPARE(readAll(path()), before);
        QCOMPARE(QFileInfo(path()).lastModified(), infoBefore.lastModified());
        QVERIFY(!QFile::exists(path() + "-journal"));
        // And again (nothing changed by the first attempt).
        QVERIFY(!db.open(path()));
        QCOMPARE(readAll(path()), before);
        QCOMPARE(queryInt(path(), "SELECT x FROM future"), qint64(42));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
