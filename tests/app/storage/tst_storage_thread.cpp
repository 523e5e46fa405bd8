// The storage thread rule: with the guard armed (as the app arms it at start-up), driving the app's
// controllers (send a message, finish an answer, open a conversation, a thermal poll, a benchmark save)
// makes no SQLite call on the UI thread, while everything still reaches the file; the negative control shows
// the guard does catch a call made on the main thread. Also: the lists are mirrors updated in place, and a
// service destroyed with writes still queued flushes them first.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "../system/governor_fixtures.h"
#include "controller_fixtures.h"
#include "inference/benchmark_controller.h"
#include "conversation/conversation_controller.h"
#include "storage/database.h"
#include "storage/storage_service.h"
#include "storage/thread_guard.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"

using namespace peregrine;

class TestStorageThread : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { armStorageThreadGuard(false); }

    void controllersNeverCallSqliteOnTheUiThread() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("state/peregrine.db");
        armStorageThreadGuard(true);
        StorageService storage;
        storage.open(path);
        QTRY_VERIFY(storage.isOpen());

        ConversationController conversation(&storage);
        conversation.refreshConversations();
        test::fakeModelLoaded(conversation);
        QSignalSpy done(&conversation, &ConversationController::answerCompleted);
        QVERIFY(conversation.send(QStringLiteral("How far is Lyon?")));
        QVERIFY(testing::settle(&conversation));
        QVERIFY(conversation.conversationId() < 0);  // a storage key until the storage thread answers
        test::fakeAnswer(conversation, 1, QStringLiteral("About 460 km."));
        QTRY_COMPARE(done.size(), 1);
        QVERIFY(done[0][1].toBool());
        const qint64 answerId = done[0][0].toLongLong();
        QVERIFY(answerId > 0);
        const qint64 first = conversation.conversationId();
        QVERIFY(first > 0);
        QCOMPARE(conversation.messages()->at(1).id, answerId);
        QVERIFY(conversation.messages()->at(0).id > 0);

        // A second conversation, then the first reopened: rows come back from the storage thread; the
        // conversation list is updated in place (never reset after a message).
        conversation.newConversation();
        QVERIFY(testing::settle(&conversation));
        QSignalSpy resets(conversation.conversations(), &QAbstractItemModel::modelReset);
        QVERIFY(conversation.send(QStringLiteral("Any rain?")));
        test::fakeAnswer(conversation, 2, QStringLiteral("No."));
        QTRY_COMPARE(done.size(), 2);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(conversation.conversations()->rowCount(), 2);
        QVERIFY(conversation.conversations()->at(0).id > 0);
        conversation.openConversation(first);
        QVERIFY(testing::settle(&conversation));
        QCOMPARE(conversation.conversationId(), first);
        QTRY_COMPARE(conversation.messages()->rowCount(), 2);
        QCOMPARE(conversation.messages()->at(1).text, QStringLiteral("About 460 km."));

        // A thermal poll records a sample; a benchmark is saved and the chart's list refreshed.
        test::BoardTree tree("rk3588");
        ThermalConfig tc;
        tc.sysfsRoot = tree.root();
        tc.pollMs = 100000;
        ThermalMonitor monitor(tc);
        monitor.setProcRoot(tree.root() + "/proc");
        GovernorController governor(&monitor, &storage);
        monitor.poll();
        BenchmarkController bench(&storage);
        QSignalSpy benched(&bench, &BenchmarkController::completed);
        BenchmarkResult b;
        b.modelName = QStringLiteral("fake");
        b.promptTokPerSec = 50;
        b.decodeTokPerSec = 10;
        b.ttftMs = 30;
        QVERIFY(QMetaObject::invokeMethod(&bench, "onFinished", Q_ARG(peregrine::BenchmarkResult, b)));
        QTRY_COMPARE(benched.size(), 1);
        QVERIFY2(benched[0][0].toBool(), qPrintable(bench.status()));
        QTRY_COMPARE(bench.runs()->rowCount(), 1);

        storage.flush();
        QCOMPARE(storageMainThreadCalls(), 0);
        QVERIFY2(storageLastMainThreadCall().isEmpty(), qPrintable(storageLastMainThreadCall()));

        // Everything reached the file (read here with the guard off).
        armStorageThreadGuard(false);
        Database db;
        QVERIFY(db.open(path));
        QCOMPARE(db.conversations().size(), 2);
        QCOMPARE(db.messages(first).size(), 2);
        QCOMPARE(db.thermalSamples({}).size(), 1);
        QCOMPARE(db.benchmarkRuns().size(), 1);
    }

    // Negative control: the same guard records a call made on the main thread, and only there.
    void guardCatchesAMainThreadCall() {
        QTemporaryDir tmp;
        armStorageThreadGuard(true);
        QThread* worker = QThread::create([&] {
            Database db;
            db.open(tmp.filePath("worker.db"));
            db.conversations();
        });
        worker->start();
        worker->wait();
        delete worker;
        QCOMPARE(storageMainThreadCalls(), 0);

        Database db;
        QVERIFY(db.open(tmp.filePath("main.db")));
        QVERIFY(storageMainThreadCalls() > 0);
        const int afterOpen = storageMainThreadCalls();
        db.conversations();
        QVERIFY(storageMainThreadCalls() > afterOpen);
        QVERIFY(storageLastMainThreadCall().startsWith(QStringLiteral("SELECT c.id, c.title")));
    }

    // Writes still queued when the service goes (the app quitting) are flushed first: nothing is lost.
    void shutdownFlushesQueuedWrites() {
        QTemporaryDir tmp;
        const QString path = tmp.filePath("p.db");
        {
            StorageService storage;
            storage.open(path);
            const qint64 key = storage.createConversation(QStringLiteral("t"), QStringLiteral("m"));
            for (int i = 0; i < 50; ++i) {
                MessageRecord m;
                m.conversationId = key;
                m.role = QStringLiteral("user");
                m.text = QStringLiteral("message %1").arg(i);
                storage.addMessage(m);
            }
        }  // no event loop ran: every write above is still queued here
        Database db;
        QVERIFY(db.open(path));
        const QList<ConversationRecord> c = db.conversations();
        QCOMPARE(c.size(), 1);
        const QList<MessageRecord> rows = db.messages(c[0].id);
        QCOMPARE(rows.size(), 50);
        QCOMPARE(rows.last().text, QStringLiteral("message 49"));  // in the order they were posted
    }
};

QTEST_GUILESS_MAIN(TestStorageThread)
#include "tst_storage_thread.moc"
