// ThermalMonitor against fake sysfs trees, one per board family, built in a QTemporaryDir.
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "system/memory_info.h"
#include "system/thermal_monitor.h"

using namespace peregrine;

namespace {

class FakeSysfs {
public:
    FakeSysfs() { QVERIFY(m_dir.isValid()); }
    QString root() const { return m_dir.path(); }

    void write(const QString& rel, const QString& text) {
        const QString path = m_dir.filePath(rel);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toLatin1() + '\n');
    }
    // A zone with millidegree temperature and optional (temp, type) trips.
    void zone(int n, const QString& type, const QString& milli, QList<QPair<int, QString>> trips = {}) {
        const QString d = QStringLiteral("class/thermal/thermal_zone%1/").arg(n);
        write(d + "type", type);
        write(d + "temp", milli);
        for (int k = 0; k < trips.size(); ++k) {
            write(d + QStringLiteral("trip_point_%1_temp").arg(k), QString::number(trips[k].first));
            write(d + QStringLiteral("trip_point_%1_type").arg(k), trips[k].second);
        }
    }
    void cooling(int n, const QString& type, int cur, int max) {
        const QString d = QStringLiteral("class/thermal/cooling_device%1/").arg(n);
        write(d + "type", type);
        write(d + "cur_state", QString::number(cur));
        write(d + "max_state", QString::number(max));
    }
    void cpu(int n, int curKHz, int maxKHz, int scalingMaxKHz) {
        const QString d = QStringLiteral("devices/system/cpu/cpu%1/cpufreq/").arg(n);
        write(d + "scaling_cur_freq", QString::number(curKHz));
        write(d + "cpuinfo_max_freq", QString::number(maxKHz));
        write(d + "scaling_max_freq", QString::number(scalingMaxKHz));
    }

private:
    QTemporaryDir m_dir;
};

ThermalSnapshot read(const FakeSysfs& fs, bool underLoad = false) {
    return readThermalSnapshot(fs.root(), fs.root() + "/proc", LevelThresholds{70, 85}, underLoad);
}

QString hottestType(const ThermalSnapshot& s) {
    return s.hottestZone >= 0 ? s.zones[s.hottestZone].type : QString();
}

}  // namespace

class TestThermalMonitor : public QObject {
    Q_OBJECT

private slots:
    void classifiesBoardZoneNames_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("board");
        QTest::addColumn<int>("role");
        const auto row = [](const char* t, ThermalBoard b, ZoneRole r) {
            QTest::newRow(t) << QString::fromLatin1(t) << int(b) << int(r);
        };
        row("cpu1-thermal", ThermalBoard::Qcs6490, ZoneRole::Cpu);
        row("cpuss0-thermal", ThermalBoard::Qcs6490, ZoneRole::Cpu);
        row("cpu-0-0-usr", ThermalBoard::Qcs6490, ZoneRole::Cpu);
        row("cpuss-0-usr", ThermalBoard::Qcs6490, ZoneRole::Cpu);
        row("nspss0-thermal", ThermalBoard::Qcs6490, ZoneRole::Npu);
        row("nspss-1-usr", ThermalBoard::Qcs6490, ZoneRole::Npu);
        row("gpuss-0-usr", ThermalBoard::Qcs6490, ZoneRole::Gpu);
        row("ddr-thermal", ThermalBoard::Qcs6490, ZoneRole::Other);
        row("cpu-thermal", ThermalBoard::JetsonOrin, ZoneRole::Cpu);
        row("tj-thermal", ThermalBoard::JetsonOrin, ZoneRole::Soc);
        row("soc2-thermal", ThermalBoard::JetsonOrin, ZoneRole::Soc);
        row("cv1-thermal", ThermalBoard::JetsonOrin, ZoneRole::Npu);
        row("bigcore1-thermal", ThermalBoard::Rk3588, ZoneRole::Cpu);
        row("littlecore-thermal", ThermalBoard::Rk3588, ZoneRole::Cpu);
        row("package-thermal", ThermalBoard::Rk3588, ZoneRole::Soc);
        row("npu-thermal", ThermalBoard::Rk3588, ZoneRole::Npu);
        row("x86_pkg_temp", ThermalBoard::Pc, ZoneRole::Cpu);
        row("iwlwifi_1", ThermalBoard::Unknown, ZoneRole::Other);
    }
    void classifiesBoardZoneNames() {
        QFETCH(QString, type);
        QFETCH(int, board);
        QFETCH(int, role);
        const ZoneClass c = classifyZone(type);
        QCOMPARE(int(c.board), board);
        QCOMPARE(int(c.role), role);
    }

    void parsesOfflineSentinels() {
        double c = 0;
        QVERIFY(parseMilliCelsius("48500\n", &c));
        QCOMPARE(c, 48.5);
        QVERIFY(!parseMilliCelsius("", &c));
        QVERIFY(!parseMilliCelsius("0", &c));
        QVERIFY(!parseMilliCelsius("-274000", &c));
        QVERIFY(!parseMilliCelsius("garbage", &c));
    }

    void qcs6490PicksHottestCpuOrNpuZone() {
        FakeSysfs fs;
        fs.zone(0, "aoss0-thermal", "40000");
        fs.zone(1, "cpu0-thermal", "55000", {{90000, "hot"}, {110000, "critical"}});
        fs.zone(2, "cpu4-thermal", "61500", {{90000, "hot"}, {110000, "critical"}});
        fs.zone(3, "nspss0-thermal", "58000", {{100000, "passive"}});
        fs.zone(4, "ddr-thermal", "75000");  // hotter but not relevant to inference
        fs.cooling(0, "cpufreq-cpu0", 0, 10);
        fs.cooling(1, "cpufreq-cpu4", 0, 12);
        fs.cpu(0, 1900800, 1958400, 1958400);
        fs.cpu(4, 2400000, 2400000, 2400000);
        const ThermalSnapshot s = read(fs);
        QCOMPARE(s.board, ThermalBoard::Qcs6490);
        QCOMPARE(hottestType(s), QStringLiteral("cpu4-thermal"));
        QCOMPARE(s.zones[s.hottestZone].tempC, 61.5);
        QCOMPARE(s.level, ThermalLevel::Normal);
        QVERIFY(!s.throttled);
        QCOMPARE(s.cpus.size(), 2);
    }

    void qcs6490DownstreamNamesAndCoolingDeviceThrottle() {
        FakeSysfs fs;
        fs.zone(0, "cpu-0-0-usr", "88000", {{95000, "passive"}, {118000, "critical"}});
        fs.zone(1, "nspss-0-usr", "79000");
        fs.zone(2, "xo-therm-usr", "45000");
        fs.cooling(0, "cpufreq-cpu7", 3, 10);
        const ThermalSnapshot s = read(fs);
        QCOMPARE(s.board, ThermalBoard::Qcs6490);
        QCOMPARE(hottestType(s), QStringLiteral("cpu-0-0-usr"));
        QCOMPARE(s.level, ThermalLevel::Hot);  // >= thermal.hot_c 85
        QVERIFY(s.throttled);
        QVERIFY2(s.throttleReason.contains("cpufreq-cpu7"), qPrintable(s.throttleReason));
    }

    void jetsonOrinToleratesEmptyTjAndUsesTrips() {
        FakeSysfs fs;
        fs.zone(0, "cpu-thermal", "72500", {{99000, "hot"}, {104500, "critical"}});
        fs.zone(1, "gpu-thermal", "80000");  // GPU is not what the CPU engine runs on
        fs.zone(2, "soc0-thermal", "70100");
        fs.zone(3, "tj-thermal", "");  // reads empty on Orin Nano/NX
        fs.zone(4, "cv0-thermal", "-256000");
        fs.cooling(0, "pwm-fan", 2, 3);  // a fan spinning is not throttling
        const ThermalSnapshot s = read(fs);
        QCOMPARE(s.board, ThermalBoard::JetsonOrin);
        QCOMPARE(hottestType(s), QStringLiteral("cpu-thermal"));
        QVERIFY(!s.zones[3].valid);
        QCOMPARE(s.level, ThermalLevel::Warm);  // 72.5 >= warm 70
        QVERIFY(!s.throttled);
    }

    void rk3588CriticalTripAndFrequencyCap() {
        FakeSysfs fs;
        fs.zone(0, "soc-thermal", "96000", {{85000, "passive"}, {95000, "critical"}});
        fs.zone(1, "bigcore0-thermal", "93000", {{85000, "passive"}, {115000, "critical"}});
        fs.zone(2, "npu-thermal", "60000");
        fs.cpu(0, 1800000, 1800000, 1800000);
        fs.cpu(4, 1200000, 2352000, 1200000);  // capped well below cpuinfo_max_freq
        fs.cpu(6, 1200000, 2352000, 1200000);
        const ThermalSnapshot s = read(fs);
        QCOMPARE(s.board, ThermalBoard::Rk3588);
        QCOMPARE(hottestType(s), QStringLiteral("soc-thermal"));
        QCOMPARE(s.level, ThermalLevel::Critical);
        QVERIFY(s.throttled);
        QVERIFY2(s.throttleReason.contains("cpu4 capped"), qPrintable(s.throttleReason));
    }

    void lowClockCountsOnlyUnderLoad() {
        FakeSysfs fs;
        fs.zone(0, "x86_pkg_temp", "51000");
        fs.cpu(0, 800000, 3600000, 3600000);
        QVERIFY(!read(fs, false).throttled);  // idle: the governor lowers clocks by itself
        const ThermalSnapshot s = read(fs, true);
        QVERIFY(s.throttled);
        QCOMPARE(s.board, ThermalBoard::Pc);
    }

    void noZonesMeansNoSensor() {
        FakeSysfs fs;
        fs.write("class/thermal/.keep", "");
        const ThermalSnapshot s = read(fs);
        QCOMPARE(s.hottestZone, -1);
        QCOMPARE(s.level, ThermalLevel::NoSensor);
        QVERIFY(!s.throttled);

        ThermalConfig config;
        config.sysfsRoot = fs.root() + "/does-not-exist";
        ThermalMonitor monitor(config);
        QSignalSpy updated(&monitor, &ThermalMonitor::updated);
        monitor.start();
        QCOMPARE(updated.count(), 1);
        QVERIFY(!monitor.snapshot().hasSensor());
        QCOMPARE(thermalLevelName(monitor.snapshot().level), QStringLiteral("no sensor"));
        monitor.stop();
    }

    void monitorPollsOnTimerAndReadsMemory() {
        FakeSysfs fs;
        fs.zone(0, "cpu-thermal", "50000");
        fs.write("proc/self/status", "Name:\tperegrine\nVmRSS:\t  123456 kB\nThreads:\t4");
        fs.write("proc/meminfo", "MemTotal:        8000000 kB\nMemFree: 100 kB\nMemAvailable:    4000000 kB");
        ThermalConfig config;
        config.sysfsRoot = fs.root();
        config.pollMs = 200;
        ThermalMonitor monitor(config);
        monitor.setProcRoot(fs.root() + "/proc");
        QSignalSpy updated(&monitor, &ThermalMonitor::updated);
        monitor.start();
        QCOMPARE(monitor.snapshot().temperatureC(), 50.0);
        QCOMPARE(monitor.snapshot().memory.rssBytes, 123456LL * 1024);
        QCOMPARE(monitor.snapshot().memory.availableBytes, 4000000LL * 1024);
        fs.zone(0, "cpu-thermal", "91000");
        QTRY_COMPARE_WITH_TIMEOUT(monitor.snapshot().temperatureC(), 91.0, 3000);
        QCOMPARE(thermalLevelName(monitor.snapshot().level), QStringLiteral("hot"));
        QVERIFY(updated.count() >= 2);
    }

    void realProcIsReadable() {
        const MemoryInfo m = readMemoryInfo();
        QVERIFY(m.rssBytes > 0);
        QVERIFY(m.totalBytes > 0);
        QCOMPARE(formatBytes(734LL * 1024 * 1024), QStringLiteral("734 MB"));
        QCOMPARE(formatBytes(3LL * 1024 * 1024 * 1024 / 2), QStringLiteral("1.5 GB"));
    }
};

QTEST_GUILESS_MAIN(TestThermalMonitor)
#include "tst_thermal_monitor.moc"
