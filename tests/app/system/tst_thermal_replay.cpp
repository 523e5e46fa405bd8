// Trace replay (fixtures/*_sustained.csv), the trace parser's errors, the thermal time series in SQLite
// (schema v2) and GovernorController on a simulated tree: signals, log, stored samples.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "governor_fixtures.h"
#include "storage/database.h"
#include "storage/storage_service.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"
#include "system/thermal_trace.h"

using namespace peregrine;
using peregrine::test::BoardTree;
using peregrine::test::fixturePath;

class TestThermalReplay : public QObject {
    Q_OBJECT

private slots:
    void replaysSustainedTraces_data() {
        QTest::addColumn<QString>("trace");
        QTest::addColumn<int>("board");
        QTest::newRow("qcs6490") << "qcs6490_sustained.csv" << int(ThermalBoard::Qcs6490);
        QTest::newRow("jetson-orin") << "jetson_orin_sustained.csv" << int(ThermalBoard::JetsonOrin);
        QTest::newRow("rk3588") << "rk3588_sustained.csv" << int(ThermalBoard::Rk3588);
    }
    void replaysSustainedTraces() {
        QFETCH(QString, trace);
        QFETCH(int, board);
        QList<ThermalTraceSample> samples;
        QString error;
        QVERIFY2(loadThermalTrace(fixturePath(trace), &samples, &error), qPrintable(error));
        QCOMPARE(samples.size(), 451);
        ThermalConfig tc;
        tc.fallbackModel = QStringLiteral("small.gguf");
        ThermalGovernor g(governorConfigFrom(tc, ThermalBoard(board), false, false));
        const QList<GovernorAction> actions = replayThermalTrace(g, samples);

        QList<int> levels;
        QList<qint64> downAt;
        int pauses = 0, resumes = 0, switches = 0, restores = 0;
        for (const auto& a : actions) {
            if (a.kind == GovernorAction::Kind::LevelChanged) {
                if (!levels.isEmpty() && a.value < levels.last()) downAt << a.atMs;
                levels << a.value;
            }
            if (a.kind == GovernorAction::Kind::Pause) (a.value ? pauses : resumes)++;
            if (a.kind == GovernorAction::Kind::SwitchModel) (a.model.isEmpty() ? restores : switches)++;
        }
        QCOMPARE(levels, (QList<int>{1, 2, 3, 2, 1, 0}));  // up through every level, down step by step
        QCOMPARE(pauses, 1);
        QCOMPARE(resumes, 1);
        QCOMPARE(switches, 1);
        QCOMPARE(restores, 1);
        for (int i = 1; i < downAt.size(); ++i) QVERIFY(downAt[i] - downAt[i - 1] >= 30000);
        QCOMPARE(g.level(), GovernorLevel::Nominal);
        // The pause comes before the peak (360 s) and is lifted only while cooling.
        for (const auto& a : actions)
            if (a.kind == GovernorAction::Kind::Pause) QVERIFY(a.value ? a.atMs < 360000 : a.atMs > 360000);
    }

    void traceErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("no header") << "1,2\n"
                                   << "t.csv:1: the header needs the columns t_s and temp_c";
        QTest::newRow("bad number") << "t_s,temp_c\n0,hot\n"
                                    << "t.csv:2: expected a number in temp_c, got 'hot'";
        QTest::newRow("columns") << "t_s,temp_c\n0\n"
                                 << "t.csv:2: expected 2 columns, got 1";
        QTest::newRow("backwards") << "t_s,temp_c\n5,50\n4,50\n"
                                   << "t.csv:3: time goes backwards (4 after 5)";
        QTest::newRow("empty") << "# nothing\n"
                               << "t.csv:1: empty trace";
    }
    void traceErrors() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QList<ThermalTraceSample> samples;
        QString why;
        QVERIFY(!parseThermalTrace(text, "t.csv", &samples, &why));
        QCOMPARE(why, error);
    }

    void traceColumnsInAnyOrder() {
        QList<ThermalTraceSample> samples;
        QString why;
        QVERIFY(parseThermalTrace("temp_c,cooling_state,t_s\n50,2,1.5\n", "t.csv", &samples, &why));
        QCOMPARE(samples.size(), 1);
        QCOMPARE(samples[0].tS, 1.5);
        QVERIFY(governorInputFromSample(samples[0]).throttled);
    }

    void databaseSeries() {
        QTemporaryDir tmp;
        Database db;
        QVERIFY2(db.open(tmp.filePath("p.db")), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 10; ++i) {
            ThermalSampleRecord r;
            r.at = now.addDays(-9 + i);
            r.tempC = 50 + i;
            r.level = i % 4;
            r.throttled = i > 5;
            if (i % 2) r.decodeTokPerSec = 10.5;
            QVERIFY(db.addThermalSample(r) > 0);
        }
        QList<ThermalSampleRecord> rows = db.thermalSamples(now.addDays(-3));
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.first().tempC, 56.0);  // oldest first
        QVERIFY(rows.last().throttled);
        QCOMPARE(rows.last().decodeTokPerSec.value_or(0), 10.5);
        QCOMPARE(db.thermalSamples({}, 2).last().tempC, 59.0);  // newest two
        QCOMPARE(db.pruneThermalSamples(now.addDays(-7)), qint64(2));
        QCOMPARE(db.thermalSamples({}).size(), 8);
    }

    void upgradesAVersion1Database() {
        QTemporaryDir tmp;
        {
            Database v1(QList<Migration>{schemaMigrations().first()});
            QVERIFY(v1.open(tmp.filePath("p.db")));
            QCOMPARE(v1.schemaVersion(), 1);
            QVERIFY(v1.createConversation("kept", "m") > 0);
        }
        Database db;
        QVERIFY2(db.open(tmp.filePath("p.db")), qPrintable(db.lastError()));
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(db.conversations().size(), 1);
        ThermalSampleRecord r;
        r.tempC = 71.5;
        QVERIFY(db.addThermalSample(r) > 0);
        QCOMPARE(db.thermalSamples({}).size(), 1);
    }

    void controllerActsAndRecords() {
        QTemporaryDir tmp;
        Database db;  // reads back what the storage thread wrote
        QVERIFY(db.open(tmp.filePath("p.db")));
        StorageService storage;
        storage.open(tmp.filePath("p.db"));
        QTRY_VERIFY(storage.isOpen());
        BoardTree tree("rk3588");
        ThermalConfig tc;
        tc.sysfsRoot = tree.root();
        tc.pollMs = 100000;  // polled by hand
        ThermalMonitor monitor(tc);
        monitor.setProcRoot(tree.root() + "/proc");
        GovernorController gov(&monitor, &storage);
        tc.fallbackModel = QStringLiteral("small.gguf");
        gov.setConfig(governorConfigFrom(tc, ThermalBoard::Rk3588, false, false));
        QSignalSpy threads(&gov, &GovernorController::threadsRequested);
        QSignalSpy model(&gov, &GovernorController::fallbackModelRequested);
        QSignalSpy paused(&gov, &GovernorController::pausedChanged);
        QSignalSpy notice(&gov, &GovernorController::noticeRequested);

        monitor.poll();
        QCOMPARE(gov.levelName(), QStringLiteral("nominal"));
        QCOMPARE(gov.actionsText(), QStringLiteral("full speed"));
        gov.setDecodeTokPerSec(8.5);
        tree.setAllTemps(86);
        monitor.poll();
        QCOMPARE(gov.levelName(), QStringLiteral("hot"));
        QCOMPARE(threads.size(), 1);
        QCOMPARE(threads[0][0].toInt(), 2);
        QCOMPARE(model.size(), 1);
        QCOMPARE(model[0][0].toString(), QStringLiteral("small.gguf"));
        QCOMPARE(gov.actionsText(), QStringLiteral("2 threads · max 128 tokens · fallback model"));
        tree.setAllTemps(101);
        monitor.poll();
        QVERIFY(gov.paused());
        QCOMPARE(paused.size(), 1);
        QCOMPARE(notice.size(), 1);
        QVERIFY(gov.recentActions().first().contains("pause"));

        storage.flush();  // the samples are queued writes
        const QList<ThermalSampleRecord> rows = db.thermalSamples({});
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[1].tempC, 86.0);
        QCOMPARE(rows[1].level, 2);
        QCOMPARE(rows[1].decodeTokPerSec.value_or(0), 8.5);
        QCOMPARE(rows[2].level, 3);
        QCOMPARE(rows[2].maxKHz, qint64(2256000));
        QCOMPARE(gov.history().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestThermalReplay)
#include "tst_thermal_replay.moc"
