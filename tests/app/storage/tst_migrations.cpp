// Migrations: from an empty file, from an older (version 0) database, a v1 -> v2 upgrade through an injected
// migration list, a failing migration that must roll back, and the refusal of a newer schema that must leave
// the file byte-identical.
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

// The built-in migrations plus a test migration numbered one past the latest (kNext).
constexpr int kNext = 3;
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
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(queryInt(path(),
                          "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                          "('conversations', 'messages', 'benchmark_runs')"),
                 qint64(3));
        QCOMPARE(queryInt(path(),
                          "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                          "('conversations_updated', 'messages_conversation', 'benchmark_runs_model')"),
                 qint64(3));
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

    void upgradeV1ToV2() {
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
        QCOMPARE(v1again.lastError(),
                 path() +
                     " has schema version 3 but this Peregrine knows up to 2: use a newer "
                     "Peregrine (the file is left untouched)");
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
        QVERIFY2(
            broken.lastError().startsWith("cannot migrate " + path() +
                                          " to schema version 3 (test: pinned conversations): no such table: "
                                          "no_such_table"),
            qPrintable(broken.lastError()));
        QVERIFY(broken.lastError().endsWith("; the file stays at version 2"));
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

    void newerSchemaRefusedByteIdentical_data() {
        QTest::addColumn<bool>("wal");
        QTest::newRow("rollback journal") << false;
        QTest::newRow("wal") << true;
    }
    void newerSchemaRefusedByteIdentical() {
        QFETCH(bool, wal);
        QVERIFY(execSql(path(), wal ? "PRAGMA journal_mode = WAL; CREATE TABLE future (x); "
                                      "INSERT INTO future VALUES (42); PRAGMA user_version = 5;"
                                    : "CREATE TABLE future (x); INSERT INTO future VALUES (42); "
                                      "PRAGMA user_version = 5;"));
        const QByteArray before = readAll(path());
        QVERIFY(!before.isEmpty());
        const QFileInfo infoBefore(path());

        Database db;
        QVERIFY(!db.open(path()));
        QVERIFY(!db.isOpen());
        QCOMPARE(db.lastError(), path() +
                                     " has schema version 5 but this Peregrine knows up to 2: use a newer "
                                     "Peregrine (the file is left untouched)");
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
