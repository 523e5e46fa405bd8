// `peregrine-cli thermal` end to end: the simulated QCS6490 tree (zones, trips, cooling devices, cpufreq,
// throttling, level), --watch with a count, --replay of a recorded trace, and its errors. Runs the real
// executable with XDG_* pointing at a temporary folder (no user config).
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "governor_fixtures.h"

using peregrine::test::fixturePath;

class TestThermalCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    struct Run {
        int code = -1;
        QString out, err;
    };
    Run cli(const QStringList& args) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_tmp.path() + "/home");
        env.insert("XDG_CONFIG_HOME", m_tmp.path() + "/config");
        env.insert("XDG_DATA_HOME", m_tmp.path() + "/data");
        env.insert("PEREGRINE_SYSTEM_CONFIG", m_tmp.path() + "/etc.yaml");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(PEREGRINE_CLI), QStringList{"thermal"} + args);
        Run r;
        if (!p.waitForFinished(30000)) return r;
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void printsTheQcs6490Tree() {
        const Run r = cli({"--root", fixturePath("qcs6490")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("board: Qualcomm QCS6490"));
        QVERIFY(
            r.out.contains(QRegularExpression("thermal_zone2 +cpu4-thermal +91.5 °C cpu +trips: hot 90, "
                                              "critical 110  <- hottest")));
        QVERIFY(r.out.contains(QRegularExpression("cpufreq-cpu4 +3/20")));
        QVERIFY(r.out.contains("cpu4 1996 MHz (limit 1996, max 2400)"));
        QVERIFY(r.out.contains("throttling: yes (cpufreq-cpu4 at 3/20)"));
        QVERIFY(r.out.contains("level: hot (governor warm 80, hot 90, critical 105 °C"));
        QVERIFY(r.out.contains("npu load: not readable (no rknpu load file or NPU devfreq node)"));
    }

    void otherBoards() {
        Run r = cli({"--root", fixturePath("jetson-orin")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("board: NVIDIA Jetson Orin"));
        QVERIFY(r.out.contains(QRegularExpression("tj-thermal +offline")));
        QVERIFY(r.out.contains("throttling: no"));  // the fan does not count
        QVERIFY(r.out.contains("level: warm"));
        r = cli({"--root", fixturePath("rk3588")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("level: nominal"));
        QVERIFY2(r.out.contains("npu load: 37% (cores 37/0/5%, 1.0 GHz) from " + fixturePath("rk3588") +
                                "/kernel/debug/rknpu/load"),
                 qPrintable(r.out));
        r = cli({"--root", m_tmp.path() + "/nothing"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("zones: (none)"));
        QVERIFY(r.out.contains("level: no sensor"));
    }

    void watchPrintsEachPoll() {
        QFile cfg(m_tmp.path() + "/fast.yaml");
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write("thermal:\n  poll_ms: 100\n");
        cfg.close();
        const Run r =
            cli({"--root", fixturePath("qcs6490"), "--watch", "--count", "3", "--config", cfg.fileName()});
        QCOMPARE(r.code, 0);
        QVERIFY(
            r.out.contains(QRegularExpression("\\[ +0\\.0 s\\] level +level nominal -> hot \\(91\\.5 °C")));
        QVERIFY(r.out.contains("threads    threads 2"));
        QCOMPARE(r.out.count(QRegularExpression("\\] 91\\.5 °C hot throttled cpufreq-cpu4 at 3/20")), 2);
    }

    void replaysATrace() {
        const Run r = cli({"--replay", fixturePath("qcs6490_sustained.csv"), "--board", "qcs6490"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith("# replay "));
        QVERIFY(r.out.contains("451 samples; warm 80, hot 90, critical 105 °C"));
        const QStringList levels = r.out.split('\n').filter(QRegularExpression("^\\[.*\\] level "));
        QCOMPARE(levels.size(), 6);
        QVERIFY(levels[0].contains("level nominal -> warm"));
        QVERIFY(levels[2].contains("level hot -> critical"));
        QVERIFY(levels[5].contains("level warm -> nominal"));
        QVERIFY(r.out.contains(QRegularExpression("\\] pause +pause: too hot to answer")));
        QVERIFY(r.out.contains(QRegularExpression("\\] pause +resume answering")));
        QVERIFY(r.out.contains("# final level nominal"));
    }

    void replayErrors() {
        Run r = cli({"--replay", m_tmp.path() + "/missing.csv"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.startsWith("peregrine-cli thermal: cannot read "));
        r = cli({"--replay", fixturePath("qcs6490_sustained.csv"), "--board", "vax"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown board 'vax'"));
        r = cli({"--bogus"});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestThermalCli)
#include "tst_thermal_cli.moc"
