// Each storage failure has its named reason on screen (ConversationController::storageError, shown by the
// conversation page's storage banner) and in the log, and the app keeps what it has: a file from a newer
// Peregrine or one that is not a database -> "the database is not open: ..."; a full disk (SQLite's
// max_page_count gives the same SQLITE_FULL) -> "disk I/O error: the disk is full ..."; a read-only folder ->
// the file is named and called read-only.
#include <unistd.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "controller_fixtures.h"
#include "conversation/conversation_controller.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/storage_service.h"

using namespace peregrine;

namespace {

// One exchange; returns answerCompleted's arguments.
QList<QVariant> exchange(ConversationController& c, qint64 requestId, const QString& answerText) {
    QSignalSpy done(&c, &ConversationController::answerCompleted);
    if (!c.send(QStringLiteral("Where is the next charger?"))) return {};
    test::fakeAnswer(c, requestId, answerText);
    if (!done.wait(10000) && done.isEmpty()) return {};
    return done.first();
}

}  // namespace

class TestStorageErrors : public QObject {
    Q_OBJECT

    // Opens path through the service and checks the on-screen reason; the conversation still works and its
    // messages stay on screen.
    void expectNotOpen(const QString& path, const QString& detail) {
        StorageService storage;
        ConversationController conversation(&storage);
        QSignalSpy shown(&conversation, &ConversationController::storageErrorChanged);
        storage.open(path);
        QVERIFY(shown.wait(10000));
        const QString text = conversation.storageError();
        QVERIFY2(text.startsWith(QStringLiteral("the database is not open: ")), qPrintable(text));
        QVERIFY2(text.contains(detail), qPrintable(text));
        test::fakeModelLoaded(conversation);
        const QList<QVariant> done = exchange(conversation, 1, QStringLiteral("Two km ahead."));
        QCOMPARE(done.size(), 3);
        QVERIFY(!done[1].toBool());                        // not stored ...
        QCOMPARE(conversation.messages()->rowCount(), 2);  // ... but shown
        QCOMPARE(conversation.messages()->at(1).text, QStringLiteral("Two km ahead."));
        QVERIFY(conversation.storageError().startsWith(QStringLiteral("the database is not open: ")));
    }

private slots:
    void newerSchemaIsNotOpen() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("peregrine.db");
        {
            QList<Migration> future = schemaMigrations();
            future.append({Database::latestSchemaVersion() + 1, QStringLiteral("from the future"),
                           QStringLiteral("CREATE TABLE future (x INTEGER)")});
            Database db(future);
            QVERIFY2(db.open(path), qPrintable(db.lastError()));
        }
        const QByteArray before = [&] {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        expectNotOpen(path, QStringLiteral("use a newer Peregrine"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);  // left untouched
    }

    void fileThatIsNotADatabase() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("peregrine.db");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("these are my notes, not a database\n").repeated(200));
        f.close();
        expectNotOpen(path, QStringLiteral("not a database"));
    }

    void readOnlyFolderNamesTheFile() {
        QTemporaryDir tmp;
        QVERIFY(::chmod(QFile::encodeName(tmp.path()).constData(), 0755) == 0);  // others may enter
        const QString dir = tmp.filePath("ro");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::setPermissions(
            dir, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther));
        const QString path = dir + "/peregrine.db";
        StorageService storage;
        // Root may write anywhere: check permissions as an unprivileged user on the storage thread (Linux
        // fsuid is per thread and only affects file access).
        if (geteuid() == 0) storage.post([](Database&) { setfsuid(65534); });
        ConversationController conversation(&storage);
        QSignalSpy shown(&conversation, &ConversationController::storageErrorChanged);
        storage.open(path);
        QVERIFY(shown.wait(10000));
        if (geteuid() == 0) storage.post([](Database&) { setfsuid(0); });
        const QString text = conversation.storageError();
        QVERIFY2(text.startsWith(QStringLiteral("the database is not open: ")), qPrintable(text));
        QVERIFY2(text.contains(path + QStringLiteral(" is read-only")), qPrintable(text));
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }

    void fullDiskIsADiskIoError() {
        QTemporaryDir tmp;
        StorageService storage;
        storage.open(tmp.filePath("peregrine.db"));
        QTRY_VERIFY(storage.isOpen());
        ConversationController conversation(&storage);
        test::fakeModelLoaded(conversation);
        QList<QVariant> done = exchange(conversation, 1, QStringLiteral("Short."));
        QCOMPARE(done.size(), 3);
        QVERIFY(done[1].toBool());
        QVERIFY(conversation.storageError().isEmpty());

        // The file may not grow any more: the next long answer does not fit, as on a full disk.
        storage.post([](Database& db) { db.setMaxPageCount(1); });
        QSignalSpy shown(&conversation, &ConversationController::storageErrorChanged);
        const QString longAnswer = QStringLiteral("A long answer. ").repeated(2000);
        done = exchange(conversation, 2, longAnswer);
        QCOMPARE(done.size(), 3);
        QVERIFY(!done[1].toBool());
        QTRY_VERIFY(!conversation.storageError().isEmpty());
        const QString text = conversation.storageError();
        QVERIFY2(text.startsWith(QStringLiteral("disk I/O error: the disk is full")), qPrintable(text));
        QVERIFY2(text.contains(tmp.filePath("peregrine.db")), qPrintable(text));
        // Nothing already shown is lost: both exchanges stay on screen.
        QCOMPARE(conversation.messages()->rowCount(), 4);
        QCOMPARE(conversation.messages()->at(3).text, longAnswer);
    }

    // A full disk holds the writes instead of dropping them: the banner says how many are kept; when space
    // returns they are stored in order (the question before the answer, later exchanges after them), the
    // answer gets its real id and the banner clears. Nothing said during the outage is lost.
    void fullDiskHoldsWritesUntilSpaceReturns() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("peregrine.db");
        StorageService storage;
        storage.setRetryInterval(200);
        storage.open(path);
        QTRY_VERIFY(storage.isOpen());
        ConversationController conversation(&storage);
        test::fakeModelLoaded(conversation);
        QCOMPARE(exchange(conversation, 1, QStringLiteral("Short.")).value(1).toBool(), true);

        storage.post([](Database& db) { db.setMaxPageCount(1); });  // no write fits any more
        const QString longAnswer = QStringLiteral("A long answer. ").repeated(2000);
        QCOMPARE(exchange(conversation, 2, longAnswer).value(1).toBool(), false);
        QTRY_VERIFY(conversation.storageError().contains(QStringLiteral("unsaved change(s) kept in memory")));
        QVERIFY(storage.heldWrites() >= 1);
        // Another exchange during the outage waits behind them.
        QCOMPARE(exchange(conversation, 3, QStringLiteral("Still full.")).value(1).toBool(), false);
        // Answer 2, question and answer 3 (question 2 may still fit the file's free space).
        QTRY_VERIFY(storage.heldWrites() >= 3);

        QSignalSpy stored(&storage, &StorageService::messageStored);
        storage.post([](Database& db) { db.setMaxPageCount(1 << 30); });
        QTRY_VERIFY_WITH_TIMEOUT(conversation.storageError().isEmpty(), 15000);
        QCOMPARE(storage.heldWrites(), 0);
        QVERIFY(stored.size() >= 3);  // each held message, now with its id
        for (const auto& args : stored) QVERIFY(args.at(1).toLongLong() > 0);

        storage.flush();
        Database check;
        QVERIFY(check.open(path));
        const QList<MessageRecord> rows = check.messages(check.conversations(10).first().id);
        QCOMPARE(rows.size(), 6);
        QCOMPARE(rows[3].text, longAnswer);
        QCOMPARE(rows[4].role, QStringLiteral("user"));
        QCOMPARE(rows[5].text, QStringLiteral("Still full."));
        QCOMPARE(rows[5].stopReason, StopReason::EndOfText);
        // The shown rows carry the database ids now (a later update reaches the stored row).
        // (The ids reach the mirror through the conversation thread after the storage thread reports them.)
        QTRY_VERIFY(conversation.messages()->at(3).id > 0);
    }
};

QTEST_GUILESS_MAIN(TestStorageErrors)
#include "tst_storage_errors.moc"
