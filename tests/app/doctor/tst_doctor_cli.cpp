// `peregrine-cli doctor` end to end: the real executable on the simulated QCS6490 sysfs tree with a good
// model (exit 0, the sections an installer reads), and with an empty models folder (exit 1, the fix printed).
// XDG_* and the system config point into a temporary folder (no user or system config is read).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_run.h"
#include "model_fixtures.h"

class TestDoctorCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    peregrine::test::CliRun doctor(const QStringList& args) {
        const QStringList common{"doctor", "--no-audio", "--root",
                                 QStringLiteral(PEREGRINE_SOURCE_DIR "/tests/app/system/fixtures/qcs6490")};
        return peregrine::test::runCli(QStringLiteral(PEREGRINE_CLI), common + args, m_tmp.path(), 120000);
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void goodBoard() {
        const QString dir = m_tmp.path() + "/models";
        QDir().mkpath(dir);
        const QString good = fixtures::goodModel(m_tmp.path() + "/src");
        QVERIFY(QFile::copy(good, dir + "/" + QFileInfo(good).fileName()));
        const peregrine::test::CliRun r = doctor({"--dir", dir});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        for (const char* section :
             {"cpu:", "memory:", "thermal:", "cpufreq:", "audio:", "runtimes:", "models:"})
            QVERIFY2(r.out.contains(QLatin1String("\n") + section) || r.out.startsWith(section), section);
        QVERIFY(r.out.contains(QRegularExpression("\\[ok  \\] kernels: [A-Z0-9_]+ on ")));
        QVERIFY(r.out.contains("cpu4-thermal 91.5 °C (hottest)"));
        QVERIFY(r.out.contains("libGenie.so: "));
        QVERIFY(r.out.contains("librkllmrt.so: "));
        QVERIFY(r.out.contains("libllama.so: "));
        QVERIFY(r.out.contains(QRegularExpression("\\[ok  \\] .*: verified")));
        QVERIFY(r.out.contains("0 problems"));
    }

    void emptyModelsFolderFails() {
        const QString dir = m_tmp.path() + "/empty";
        QDir().mkpath(dir);
        const peregrine::test::CliRun r = doctor({"--dir", dir});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("[FAIL] no model in the models folders"));
        QVERIFY(r.out.contains("fix: copy a .gguf model into " + dir));
        QVERIFY(r.out.contains("1 problem,"));
    }

    void usageError() { QCOMPARE(doctor({"--bogus"}).code, 2); }
};

QTEST_GUILESS_MAIN(TestDoctorCli)
#include "tst_doctor_cli.moc"
