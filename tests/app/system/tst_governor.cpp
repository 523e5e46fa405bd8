// ThermalGovernor: levels with hysteresis, throttling, per-level actions and the stepwise restore, driven
// directly and on the simulated QCS6490, Jetson Orin and RK3588 trees in fixtures/ (no timers: the tests
// pass the time).
#include <QTest>

#include "config/app_config.h"
#include "governor_fixtures.h"
#include "system/governor.h"
#include "system/governor_controller.h"
#include "system/thermal_monitor.h"

using namespace peregrine;
using peregrine::test::BoardTree;

namespace {

GovernorInput at(double tempC, bool throttled = false) {
    GovernorInput in;
    in.valid = true;
    in.tempC = tempC;
    in.throttled = throttled;
    if (throttled) in.throttleReason = QStringLiteral("test");
    return in;
}

QList<GovernorAction::Kind> kinds(const QList<GovernorAction>& actions) {
    QList<GovernorAction::Kind> k;
    for (const auto& a : actions) k << a.kind;
    return k;
}

const GovernorAction* find(const QList<GovernorAction>& actions, GovernorAction::Kind kind) {
    for (const auto& a : actions)
        if (a.kind == kind) return &a;
    return nullptr;
}

GovernorConfig testConfig() {
    GovernorConfig c = governorDefaults(ThermalBoard::Pc);  // 70 / 85 / 95
    c.fallbackModel = QStringLiteral("small.gguf");
    c.restoreStepS = 30;
    c.hysteresisC = 5;
    return c;
}

}  // namespace

class TestGovernor : public QObject {
    Q_OBJECT

private slots:
    void boardDefaults() {
        QCOMPARE(governorDefaults(ThermalBoard::Qcs6490).hotC, 90.0);
        QCOMPARE(governorDefaults(ThermalBoard::Qcs6490).criticalC, 105.0);
        QCOMPARE(governorDefaults(ThermalBoard::JetsonOrin).hotC, 85.0);
        QCOMPARE(governorDefaults(ThermalBoard::JetsonOrin).criticalC, 93.0);
        QCOMPARE(governorDefaults(ThermalBoard::Rk3588).hotC, 85.0);
        QCOMPARE(governorDefaults(ThermalBoard::Unknown).warmC, 70.0);
    }

    void configFromAppConfig() {
        ThermalConfig t;
        GovernorConfig g = governorConfigFrom(t, ThermalBoard::Qcs6490, false, false);
        QCOMPARE(g.warmC, 80.0);  // board values when warm_c/hot_c are defaults
        QCOMPARE(g.levels[2].threads, 2);
        QVERIFY(!g.levels[2].fallbackModel);  // no fallback model configured
        QVERIFY(g.levels[3].pause);
        t.warmC = 60;
        t.criticalC = 99;
        t.fallbackModel = QStringLiteral("small.gguf");
        t.fallbackAt = QStringLiteral("warm");
        t.pauseAtCritical = false;
        g = governorConfigFrom(t, ThermalBoard::Qcs6490, true, false);
        QCOMPARE(g.warmC, 60.0);
        QCOMPARE(g.hotC, 90.0);
        QCOMPARE(g.criticalC, 99.0);
        QVERIFY(g.levels[1].fallbackModel && g.levels[3].fallbackModel);
        QVERIFY(!g.levels[3].pause);
    }

    void climbsImmediatelyWithActions() {
        ThermalGovernor g(testConfig());
        QVERIFY(g.update(0, at(60)).isEmpty());
        QCOMPARE(g.level(), GovernorLevel::Nominal);

        QList<GovernorAction> a = g.update(2000, at(72));
        QCOMPARE(g.level(), GovernorLevel::Warm);
        QCOMPARE(kinds(a), (QList{GovernorAction::Kind::LevelChanged, GovernorAction::Kind::SetMaxTokens}));
        QCOMPARE(a[1].value, 192);

        a = g.update(4000, at(86));
        QCOMPARE(g.level(), GovernorLevel::Hot);
        QCOMPARE(find(a, GovernorAction::Kind::SetThreads)->value, 2);
        QCOMPARE(find(a, GovernorAction::Kind::SetMaxTokens)->value, 128);
        QCOMPARE(find(a, GovernorAction::Kind::SwitchModel)->model, QStringLiteral("small.gguf"));
        QVERIFY(!g.paused());

        a = g.update(6000, at(96));
        QCOMPARE(g.level(), GovernorLevel::Critical);
        QCOMPARE(find(a, GovernorAction::Kind::Pause)->value, 1);
        QVERIFY(g.paused());
        QVERIFY(!find(a, GovernorAction::Kind::SwitchModel));  // already on the fallback

        // Straight from nominal to critical: every action of the critical level at once.
        ThermalGovernor g2(testConfig());
        a = g2.update(0, at(99));
        QCOMPARE(g2.level(), GovernorLevel::Critical);
        QCOMPARE(a.size(), 5);
    }

    void hysteresisHoldsTheLevel() {
        ThermalGovernor g(testConfig());
        g.update(0, at(86));
        QCOMPARE(g.level(), GovernorLevel::Hot);
        // 81..84 °C: below 85 but within the 5 °C hysteresis: stays hot however long.
        for (int s = 1; s < 200; ++s) QVERIFY(g.update(s * 1000, at(81 + s % 4)).isEmpty());
        QCOMPARE(g.level(), GovernorLevel::Hot);
    }

    void restoresOneStepPerInterval() {
        ThermalGovernor g(testConfig());
        g.update(0, at(97));
        QCOMPARE(g.level(), GovernorLevel::Critical);
        // Cold at once (50 °C): one level per 30 s, never two at a time.
        QList<qint64> stepsAt;
        QList<GovernorAction> all;
        for (int s = 1; s <= 200; ++s) {
            const QList<GovernorAction> a = g.update(s * 1000, at(50));
            if (!a.isEmpty()) stepsAt << s;
            all += a;
        }
        QCOMPARE(stepsAt, (QList<qint64>{31, 62, 93}));
        QCOMPARE(g.level(), GovernorLevel::Nominal);
        QCOMPARE(find(all, GovernorAction::Kind::Pause)->value, 0);  // resume at critical -> hot
        QCOMPARE(find(all, GovernorAction::Kind::SwitchModel)->model, QString());  // hot -> warm: back
        QCOMPARE(all.last().kind, GovernorAction::Kind::SetMaxTokens);             // warm -> nominal
        QCOMPARE(all.last().value, 0);
        const GovernorAction* threads = find(all, GovernorAction::Kind::SetThreads);
        QCOMPARE(threads->value, 2);  // critical (1 thread) -> hot (2 threads)
    }

    void warmingInterruptsTheRestore() {
        ThermalGovernor g(testConfig());
        g.update(0, at(86));
        for (int s = 1; s <= 20; ++s) g.update(s * 1000, at(70));   // cool for 20 s
        g.update(21000, at(82));                                    // back within the hysteresis
        for (int s = 22; s <= 50; ++s) g.update(s * 1000, at(70));  // 29 s: not yet
        QCOMPARE(g.level(), GovernorLevel::Hot);
        g.update(52000, at(70));
        QCOMPARE(g.level(), GovernorLevel::Warm);
    }

    void throttlingCountsAsWarm() {
        ThermalGovernor g(testConfig());
        g.update(0, at(50, true));
        QCOMPARE(g.level(), GovernorLevel::Warm);
        for (int s = 1; s <= 100; ++s) g.update(s * 1000, at(50, true));
        QCOMPARE(g.level(), GovernorLevel::Warm);  // still throttled: stays
        for (int s = 101; s <= 140; ++s) g.update(s * 1000, at(50, false));
        QCOMPARE(g.level(), GovernorLevel::Nominal);
    }

    void noSensorChangesNothing() {
        ThermalGovernor g(testConfig());
        g.update(0, at(90));
        for (int s = 1; s <= 100; ++s) QVERIFY(g.update(s * 1000, GovernorInput{}).isEmpty());
        QCOMPARE(g.level(), GovernorLevel::Hot);
    }

    void disabledDoesNothing() {
        GovernorConfig c = testConfig();
        c.enabled = false;
        ThermalGovernor g(c);
        QVERIFY(g.update(0, at(120)).isEmpty());
        QCOMPARE(g.level(), GovernorLevel::Nominal);
    }

    void zoneTripsLowerThresholds() {
        ThermalGovernor g(testConfig());
        GovernorInput in = at(80);
        in.tripHotC = 78;  // the zone's own passive trip is below hot_c
        g.update(0, in);
        QCOMPARE(g.level(), GovernorLevel::Hot);
    }

    // Levers by capability: a backend without a thread lever (a server) gets the other levers only, at every
    // level and on the way back down.
    void withoutThreadLeverUsesTheOthers() {
        ThermalGovernor g(testConfig());
        QVERIFY(
            g.setLevers(0, GovernorLevers{false, QStringLiteral("llama-server at http://x/v1")}).isEmpty());
        QList<GovernorAction> all = g.update(0, at(96));
        QCOMPARE(g.level(), GovernorLevel::Critical);
        QCOMPARE(kinds(all), (QList{GovernorAction::Kind::LevelChanged, GovernorAction::Kind::SetMaxTokens,
                                    GovernorAction::Kind::SwitchModel, GovernorAction::Kind::Pause}));
        QCOMPARE(find(all, GovernorAction::Kind::SetMaxTokens)->value, 64);
        QCOMPARE(find(all, GovernorAction::Kind::SwitchModel)->model, QStringLiteral("small.gguf"));
        for (int s = 1; s <= 120; ++s) all += g.update(s * 1000, at(50));
        QCOMPARE(g.level(), GovernorLevel::Nominal);
        QVERIFY(!find(all, GovernorAction::Kind::SetThreads));
        QCOMPARE(g.leversText(), QStringLiteral("levers: answer length, fallback model, pause · threads: not "
                                                "adjustable on llama-server at http://x/v1"));
    }

    void withThreadLeverUsesThreads() {
        ThermalGovernor g(testConfig());
        QVERIFY(g.setLevers(0, GovernorLevers{true, QStringLiteral("Peregrine engine")}).isEmpty());
        QCOMPARE(g.leversText(), QStringLiteral("levers: threads, answer length, fallback model, pause"));
        const QList<GovernorAction> a = g.update(0, at(86));
        QCOMPARE(find(a, GovernorAction::Kind::SetThreads)->value, 2);
        // A server model loaded while hot, then the engine again: its threads are limited at once.
        QVERIFY(g.setLevers(1000, GovernorLevers{false, QStringLiteral("Ollama")}).isEmpty());
        const QList<GovernorAction> back = g.setLevers(2000, GovernorLevers{true, QStringLiteral("engine")});
        QCOMPARE(kinds(back), QList{GovernorAction::Kind::SetThreads});
        QCOMPARE(back[0].value, 2);
        // At nominal a regained lever needs no action (the configured count applies).
        ThermalGovernor cool(testConfig());
        cool.setLevers(0, GovernorLevers{false, {}});
        QVERIFY(cool.setLevers(1, GovernorLevers{true, {}}).isEmpty());
        QVERIFY(cool.leversText().contains(QStringLiteral("levers: threads")));
    }

    // Every level on each simulated board, read through ThermalMonitor's reader, then the restore.
    void everyLevelOnEachBoard_data() {
        QTest::addColumn<QString>("board");
        QTest::addColumn<int>("boardId");
        QTest::addColumn<int>("initialLevel");     // the fixture as shipped
        QTest::addColumn<QList<double>>("temps");  // nominal, warm, hot, critical
        QTest::newRow("qcs6490") << "qcs6490" << int(ThermalBoard::Qcs6490) << int(GovernorLevel::Hot)
                                 << QList<double>{60, 82, 91, 106};
        QTest::newRow("jetson-orin") << "jetson-orin" << int(ThermalBoard::JetsonOrin)
                                     << int(GovernorLevel::Warm) << QList<double>{60, 77, 86, 94};
        QTest::newRow("rk3588") << "rk3588" << int(ThermalBoard::Rk3588) << int(GovernorLevel::Nominal)
                                << QList<double>{50, 76, 86, 101};
    }
    void everyLevelOnEachBoard() {
        QFETCH(QString, board);
        QFETCH(int, boardId);
        QFETCH(int, initialLevel);
        QFETCH(QList<double>, temps);
        BoardTree tree(board);
        auto read = [&] {
            return readThermalSnapshot(tree.root(), tree.root() + "/proc", LevelThresholds{70, 85}, false);
        };
        ThermalSnapshot snap = read();
        QCOMPARE(int(snap.board), boardId);
        ThermalConfig tc;
        tc.fallbackModel = QStringLiteral("small.gguf");
        ThermalGovernor g(governorConfigFrom(tc, snap.board, false, false));
        g.update(0, governorInputFromSnapshot(snap));
        QCOMPARE(int(g.level()), initialLevel);

        tree.unthrottle();
        ThermalGovernor up(governorConfigFrom(tc, snap.board, false, false));
        qint64 t = 0;
        for (int l = 0; l < 4; ++l) {
            tree.setAllTemps(temps[l]);
            snap = read();
            up.update(t += 2000, governorInputFromSnapshot(snap));
            QVERIFY2(
                int(up.level()) == l,
                qPrintable(QStringLiteral("%1 °C gave %2").arg(temps[l]).arg(governorLevelName(up.level()))));
        }
        QVERIFY(up.paused());
        QCOMPARE(up.currentActions().threads, 1);
        // Cooling: back to nominal one level per restore step (30 s), resuming on the way.
        tree.setAllTemps(temps[0]);
        QList<int> levels;
        for (int s = 0; s < 120; s += 2) {
            snap = read();
            for (const auto& a : up.update(t += 2000, governorInputFromSnapshot(snap)))
                if (a.kind == GovernorAction::Kind::LevelChanged) levels << a.value;
        }
        QCOMPARE(levels, (QList<int>{2, 1, 0}));
        QVERIFY(!up.paused());
        QCOMPARE(up.currentActions().threads, 0);
    }
};

QTEST_GUILESS_MAIN(TestGovernor)
#include "tst_governor.moc"
