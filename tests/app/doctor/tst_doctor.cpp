// runDoctor on fixture trees: the simulated QCS6490 sysfs (zones and their types, cpufreq, throttling), a
// bare tree (no zones, no cpufreq: warnings, not problems), a fake /proc (memory), models folders that are
// missing, empty, hold a good model, a truncated one beside it, or only a broken one; audio lists; config
// errors; the text report (fix lines, summary). No real sysfs, audio server or runtime library is read.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "doctor/doctor.h"
#include "model_fixtures.h"

using namespace peregrine;

namespace {

QString sysfsFixture(const QString& board) {
    return QStringLiteral(PEREGRINE_SOURCE_DIR "/tests/app/system/fixtures/") + board;
}

bool has(const DoctorReport& r, DoctorStatus status, const QString& section, const QString& text) {
    for (const DoctorCheck& c : r.checks)
        if (c.status == status && c.section == section && c.text.contains(text)) return true;
    return false;
}

}  // namespace

class TestDoctor : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_good;

    DoctorOptions options(const QString& modelsDir) {
        DoctorOptions o;
        o.sysfsRoot = sysfsFixture(QStringLiteral("qcs6490"));
        o.procRoot = m_tmp.path() + QStringLiteral("/proc");
        o.modelDirs = {modelsDir};
        o.checksum = false;
        o.cpuLine = QStringLiteral("Test CPU (aarch64: asimd asimddp)");
        o.kernelLine = QStringLiteral("NEON_DOTPROD on Test CPU");
        o.libraries = {{QStringLiteral("libGenie.so"), {}},
                       {QStringLiteral("librkllmrt.so"), {}},
                       {QStringLiteral("libllama.so"), QStringLiteral("/usr/lib/libllama.so")}};
        o.audio = {true, {QStringLiteral("Mic")}, {QStringLiteral("Speaker")}};
        return o;
    }
    QString modelsDir(const QString& name) {
        const QString dir = m_tmp.path() + QLatin1Char('/') + name;
        QDir().mkpath(dir);
        return dir;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        QDir().mkpath(m_tmp.path() + "/proc/self");
        QFile meminfo(m_tmp.path() + "/proc/meminfo");
        QVERIFY(meminfo.open(QIODevice::WriteOnly));
        meminfo.write("MemTotal:        7864320 kB\nMemFree:  1000000 kB\nMemAvailable:    6291456 kB\n");
        meminfo.close();
        QFile status(m_tmp.path() + "/proc/self/status");
        QVERIFY(status.open(QIODevice::WriteOnly));
        status.write("VmRSS:     20480 kB\n");
        status.close();
        m_good = fixtures::goodModel(modelsDir(QStringLiteral("src")));
        QVERIFY(QFileInfo::exists(m_good));
    }

    void qcs6490BoardWithAGoodModel() {
        const QString dir = modelsDir(QStringLiteral("good"));
        QVERIFY(QFile::copy(m_good, dir + QStringLiteral("/good.gguf")));
        const DoctorReport r = runDoctor(options(dir));
        const QString text = formatDoctorReport(r);
        QVERIFY2(r.ok(), qPrintable(text));
        QVERIFY(has(r, DoctorStatus::Ok, "cpu", "kernels: NEON_DOTPROD"));
        QVERIFY(has(r, DoctorStatus::Ok, "memory", "7.5 GB total"));
        QVERIFY(has(r, DoctorStatus::Ok, "thermal", "board Qualcomm QCS6490"));
        QVERIFY(has(r, DoctorStatus::Info, "thermal", "cpu4-thermal 91.5 °C (hottest)"));
        QVERIFY(has(r, DoctorStatus::Info, "cpufreq", "cpu4 1996 MHz (limit 1996, max 2400)"));
        QVERIFY(has(r, DoctorStatus::Warning, "cpufreq", "throttled now: cpufreq-cpu4 at 3/20"));
        QVERIFY(has(r, DoctorStatus::Warning, "thermal", "the board is hot now"));
        QVERIFY(has(r, DoctorStatus::Info, "runtimes", "libGenie.so: not found"));
        QVERIFY(has(r, DoctorStatus::Info, "runtimes", "libllama.so: /usr/lib/libllama.so"));
        QVERIFY(has(r, DoctorStatus::Info, "runtimes", "QAIRT: unknown"));
        QVERIFY(has(r, DoctorStatus::Info, "audio", "microphones: Mic"));
        QVERIFY(has(r, DoctorStatus::Ok, "models", dir + ": 1 models"));
        QVERIFY(has(r, DoctorStatus::Ok, "models", "good.gguf, GGUF): verified"));
        QVERIFY(text.contains("fix: let the board cool"));
        QVERIFY(text.endsWith("0 problems, 2 warnings: it will run\n"));
    }

    void bareBoardIsWarningsOnly() {
        const QString dir = modelsDir(QStringLiteral("bare"));
        QVERIFY(QFile::copy(m_good, dir + QStringLiteral("/good.gguf")));
        DoctorOptions o = options(dir);
        o.sysfsRoot = modelsDir(QStringLiteral("empty-sysfs"));
        o.audio = {true, {}, {}};
        const DoctorReport r = runDoctor(o);
        QVERIFY2(r.ok(), qPrintable(formatDoctorReport(r)));
        QVERIFY(has(r, DoctorStatus::Warning, "thermal", "no thermal zones under"));
        QVERIFY(has(r, DoctorStatus::Warning, "cpufreq", "no cpufreq under"));
        QVERIFY(has(r, DoctorStatus::Warning, "audio", "no microphone"));
        QVERIFY(has(r, DoctorStatus::Warning, "audio", "no loudspeaker"));
        o.voiceEnabled = false;  // text only: no audio warning
        QVERIFY(!has(runDoctor(o), DoctorStatus::Warning, "audio", "no microphone"));
    }

    void missingAndEmptyFoldersAreProblems() {
        DoctorReport r = runDoctor(options(m_tmp.path() + QStringLiteral("/nowhere")));
        QVERIFY(!r.ok());
        QVERIFY(has(r, DoctorStatus::Problem, "models", "none of the models folders exists"));
        QVERIFY(formatDoctorReport(r).contains("fix: sudo install -d -o peregrine -g peregrine"));
        r = runDoctor(options(modelsDir(QStringLiteral("empty"))));
        QVERIFY(has(r, DoctorStatus::Problem, "models", "no model in the models folders"));
        QVERIFY(formatDoctorReport(r).contains("fix: copy a .gguf model into"));
        QVERIFY(formatDoctorReport(r).contains("1 problem,"));
    }

    void brokenModelBesideAGoodOneIsAWarning() {
        const QString dir = modelsDir(QStringLiteral("mixed"));
        QVERIFY(QFile::copy(m_good, dir + QStringLiteral("/good.gguf")));
        QVERIFY(fixtures::truncatedCopy(m_good, dir + QStringLiteral("/cut.gguf")));
        DoctorOptions o = options(dir);
        DoctorReport r = runDoctor(o);
        QVERIFY2(r.ok(), qPrintable(formatDoctorReport(r)));
        QVERIFY(has(r, DoctorStatus::Warning, "models", "cut.gguf"));
        o.currentModel = QStringLiteral("cut.gguf");  // the configured model is the broken one
        r = runDoctor(o);
        QVERIFY(!r.ok());
        QVERIFY(has(r, DoctorStatus::Problem, "models", "[truncated]"));
        o.currentModel = QStringLiteral("gone.gguf");
        QVERIFY(has(runDoctor(o), DoctorStatus::Problem, "models", "models.current is gone.gguf"));
    }

    void onlyBrokenModelsIsAProblem() {
        const QString dir = modelsDir(QStringLiteral("broken"));
        QVERIFY(fixtures::truncatedCopy(m_good, dir + QStringLiteral("/cut.gguf")));
        const DoctorReport r = runDoctor(options(dir));
        QVERIFY(!r.ok());
        QVERIFY(has(r, DoctorStatus::Problem, "models", "[truncated]"));
    }

    void configErrorsAreProblems() {
        const QString dir = modelsDir(QStringLiteral("cfg"));
        QVERIFY(QFile::copy(m_good, dir + QStringLiteral("/good.gguf")));
        DoctorOptions o = options(dir);
        o.configErrors = {
            QStringLiteral("/etc/peregrine/peregrine.yaml:3: inference.temperature: expected a number")};
        const DoctorReport r = runDoctor(o);
        QVERIFY(!r.ok());
        QVERIFY(has(r, DoctorStatus::Problem, "config", "peregrine.yaml:3"));
    }
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
