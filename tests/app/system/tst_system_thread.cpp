// The system thread rule: with the sysfs guard armed (as the app arms it at start-up), SystemService polls
// the thermal zones and runs the governor on its own thread: no sysfs read happens on the UI thread, the
// UI-thread mirror (SystemStatus) receives the snapshots and the governor's state, the levers arrive on the
// UI thread as queued signals, and the thermal time series still reaches the database. The negative control
// shows the guard does catch a read made on the main thread. Also: a backend without a thread lever is shown
// as such and the governor then never asks for threads.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "governor_fixtures.h"
#include "storage/database.h"
#include "storage/storage_service.h"
#include "storage/thread_guard.h"
#include "system/sysfs_guard.h"
#include "system/system_service.h"

using namespace peregrine;
using peregrine::test::BoardTree;

namespace {

ThermalConfig boardConfig(const BoardTree& tree) {
    ThermalConfig tc;
    tc.sysfsRoot = tree.root();
    tc.pollMs = 200;  // the shortest poll the monitor allows
    tc.restoreStepS = 1;
    return tc;
}

}  // namespace

class TestSystemThread : public QObject {
    Q_OBJECT

private slots:
    void cleanup() {
        armSysfsThreadGuard(false);
        armStorageThreadGuard(false);
    }

    // Negative control: a snapshot read on the main thread while armed is counted and named.
    void guardCatchesAReadOnTheUiThread() {
        BoardTree tree(QStringLiteral("rk3588"));
        armSysfsThreadGuard(true);
        QCOMPARE(sysfsMainThreadReads(), 0);
        readThermalSnapshot(tree.root(), tree.root() + "/proc", LevelThresholds{}, false);
        QCOMPARE(sysfsMainThreadReads(), 1);
        QCOMPARE(sysfsLastMainThreadRead(), tree.root());
        armSysfsThreadGuard(false);
        readThermalSnapshot(tree.root(), tree.root() + "/proc", LevelThresholds{}, false);
        QCOMPARE(sysfsMainThreadReads(), 0);  // disarmed (and reset): not counted
    }

    void pollsAndDecidesOffTheUiThread() {
        QTemporaryDir tmp;
        BoardTree tree(QStringLiteral("rk3588"));
        armStorageThreadGuard(true);
        armSysfsThreadGuard(true);
        StorageService storage;
        QSignalSpy opened(&storage, &StorageService::opened);
        storage.open(tmp.filePath("p.db"));
        QVERIFY(opened.wait(10000));

        SystemService service(boardConfig(tree), &storage);
        service.setProcRoot(tree.root() + "/proc");
        service.configureGovernorForBoard(false, false);
        SystemStatus* status = service.status();
        // Where the levers arrive: a receiver on this (UI) thread, as AppController connects them.
        QList<QThread*> pauseThreads;
        connect(service.governor(), &GovernorController::pausedChanged, this,
                [&pauseThreads](bool) { pauseThreads << QThread::currentThread(); });
        service.start();
        QCOMPARE(service.monitor()->thread(), service.thread());
        QCOMPARE(service.governor()->thread(), service.thread());
        QVERIFY(service.thread() != QThread::currentThread());

        QTRY_VERIFY_WITH_TIMEOUT(status->snapshotCount() >= 2, 5000);  // the first poll and a timed one
        QVERIFY(status->hasSensor());
        QCOMPARE(status->snapshot().board, ThermalBoard::Rk3588);
        QCOMPARE(status->governorLevel(), int(GovernorLevel::Nominal));

        // Critical on the simulated board: the pause reaches the mirror and the UI-thread receiver.
        tree.setAllTemps(101);
        QTRY_VERIFY_WITH_TIMEOUT(status->governorPaused(), 5000);
        QCOMPARE(status->governorLevel(), int(GovernorLevel::Critical));
        QTRY_COMPARE_WITH_TIMEOUT(pauseThreads.size(), 1, 5000);
        QCOMPARE(pauseThreads[0], QThread::currentThread());
        QVERIFY(!status->history().isEmpty());
        QCOMPARE(status->history().last().toMap().value("level").toInt(), int(GovernorLevel::Critical));

        // Under load: forwarded to the monitor's thread (it polls again at once).
        const int before = status->snapshotCount();
        status->setUnderLoad(true);
        QTRY_VERIFY_WITH_TIMEOUT(status->snapshotCount() > before, 5000);

        QCOMPARE(sysfsMainThreadReads(), 0);
        QVERIFY2(sysfsLastMainThreadRead().isEmpty(), qPrintable(sysfsLastMainThreadRead()));
        storage.flush();
        QCOMPARE(storageMainThreadCalls(), 0);

        // The samples reached the file (read here with the guards off).
        armStorageThreadGuard(false);
        Database db;
        QVERIFY(db.open(tmp.filePath("p.db")));
        QVERIFY(db.thermalSamples({}).size() >= 2);
    }

    // A model on a server (no thread lever): the panel says so, and heat pulls the other levers only.
    void leversFollowTheBackend() {
        BoardTree tree(QStringLiteral("rk3588"));
        tree.unthrottle();
        tree.setAllTemps(50);
        SystemService service(boardConfig(tree), nullptr);
        service.setProcRoot(tree.root() + "/proc");
        service.configureGovernorForBoard(false, false);
        QList<int> threads, maxTokens;
        connect(service.governor(), &GovernorController::threadsRequested, this,
                [&threads](int n) { threads << n; });
        connect(service.governor(), &GovernorController::maxTokensRequested, this,
                [&maxTokens](int n) { maxTokens << n; });
        SystemStatus* status = service.status();
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(status->snapshotCount() >= 1, 5000);
        QVERIFY2(status->governorLevers().startsWith("levers: threads"),
                 qPrintable(status->governorLevers()));

        service.setLevers(GovernorLevers{false, QStringLiteral("llama-server at http://127.0.0.1:8080/v1")});
        QTRY_VERIFY_WITH_TIMEOUT(
            status->governorLevers().contains("threads: not adjustable on llama-server at http://127.0.0.1"),
            5000);
        tree.setAllTemps(90);  // hot on RK3588: 2 threads and 128 tokens with a thread lever
        QTRY_COMPARE_WITH_TIMEOUT(status->governorLevel(), int(GovernorLevel::Hot), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(maxTokens, QList<int>{128}, 5000);
        QVERIFY(threads.isEmpty());
        QVERIFY2(!status->governorActions().contains("threads"), qPrintable(status->governorActions()));

        // The native engine loaded while hot: the thread lever is pulled at once.
        service.setLevers(GovernorLevers{true, QStringLiteral("Peregrine engine")});
        QTRY_COMPARE_WITH_TIMEOUT(threads, QList<int>{2}, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(status->governorActions().contains("2 threads"), 5000);
        QVERIFY(!status->governorLevers().contains("not adjustable"));
    }
};

QTEST_GUILESS_MAIN(TestSystemThread)
#include "tst_system_thread.moc"
