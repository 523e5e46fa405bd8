// NPU load readings: the rknpu debugfs/procfs line and the NPU devfreq node (RK3588), their parsers, the
// order they are tried in, and the "not readable" answer of a board without them (Qualcomm, a PC).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "governor_fixtures.h"
#include "system/npu_load.h"
#include "system/thermal_monitor.h"

using namespace peregrine;
using peregrine::test::fixturePath;

namespace {

void write(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

}  // namespace

class TestNpuLoad : public QObject {
    Q_OBJECT

private slots:
    void parsesRknpuLines() {
        QList<int> cores;
        QVERIFY(parseRknpuLoad("NPU load:  Core0: 37%, Core1:  0%, Core2:  5%,", &cores));
        QCOMPARE(cores, (QList<int>{37, 0, 5}));
        QVERIFY(parseRknpuLoad("NPU load: 12%", &cores));  // RK3566/RK3568: one core, no core names
        QCOMPARE(cores, QList<int>{12});
        QVERIFY(!parseRknpuLoad("", &cores));
        QVERIFY(!parseRknpuLoad("rknpu: no such device", &cores));
    }

    void parsesDevfreqLoad() {
        int percent = -1;
        qint64 hz = -1;
        QVERIFY(parseDevfreqLoad("37@1000000000Hz", &percent, &hz));
        QCOMPARE(percent, 37);
        QCOMPARE(hz, 1000000000LL);
        QVERIFY(parseDevfreqLoad("8\n", &percent, &hz));
        QCOMPARE(percent, 8);
        QCOMPARE(hz, 0LL);
        QVERIFY(!parseDevfreqLoad("busy", &percent, &hz));
        QVERIFY(!parseDevfreqLoad("140@100Hz", &percent, &hz));  // not a percentage
    }

    void readsTheRk3588Tree() {
        const NpuLoad npu = readNpuLoad(fixturePath("rk3588"), fixturePath("rk3588") + "/no-proc");
        QVERIFY(npu.readable);
        QCOMPARE(npu.percent, 37);  // the busiest core
        QCOMPARE(npu.corePercents, (QList<int>{37, 0, 5}));
        QCOMPARE(npu.curFreqHz, 1000000000LL);
        QVERIFY(npu.source.endsWith("/kernel/debug/rknpu/load"));
        QCOMPARE(npu.text(), QStringLiteral("37% (cores 37/0/5%, 1.0 GHz)"));
    }

    void fallsBackToProcThenDevfreq() {
        QTemporaryDir dir;
        const QString sys = dir.path() + "/sys", proc = dir.path() + "/proc";
        write(sys + "/class/devfreq/npu-devfreq/load", "21@800000000Hz\n");
        NpuLoad npu = readNpuLoad(sys, proc);
        QVERIFY(npu.readable);
        QCOMPARE(npu.percent, 21);
        QCOMPARE(npu.text(), QStringLiteral("21% (800 MHz)"));
        QVERIFY(npu.source.endsWith("/class/devfreq/npu-devfreq/load"));
        write(proc + "/rknpu/load", "NPU load:  Core0: 64%, Core1: 70%, Core2: 3%,\n");
        npu = readNpuLoad(sys, proc);  // the per-core line wins over devfreq
        QCOMPARE(npu.percent, 70);
        QVERIFY(npu.source.endsWith("/proc/rknpu/load"));
    }

    void saysNotReadableWithoutThem() {
        const NpuLoad npu = readNpuLoad(fixturePath("qcs6490"), fixturePath("qcs6490") + "/no-proc");
        QVERIFY(!npu.readable);
        QCOMPARE(npu.percent, -1);
        QCOMPARE(npu.text(), QStringLiteral("not readable (no rknpu load file or NPU devfreq node)"));
        // A GPU devfreq node is not the NPU.
        QTemporaryDir dir;
        write(dir.path() + "/class/devfreq/fb000000.gpu/load", "50@800000000Hz\n");
        write(dir.path() + "/class/devfreq/fb000000.gpu/name", "fb000000.gpu\n");
        QVERIFY(!readNpuLoad(dir.path(), dir.path()).readable);
    }

    void isPartOfTheThermalSnapshot() {
        const ThermalSnapshot s =
            readThermalSnapshot(fixturePath("rk3588"), fixturePath("rk3588") + "/no-proc", {}, false);
        QVERIFY(s.npu.readable);
        QCOMPARE(s.npu.percent, 37);
    }
};

QTEST_GUILESS_MAIN(TestNpuLoad)
#include "tst_npu_load.moc"
