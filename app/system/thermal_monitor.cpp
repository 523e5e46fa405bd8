#include "system/thermal_monitor.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>

#include "logging/logging.h"
#include "system/sysfs_guard.h"

namespace peregrine {

namespace {

constexpr int kMaxEntries = 64;

QString readText(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(f.read(256)).trimmed();  // EIO reads as empty
}

qint64 readNumber(const QString& path, qint64 fallback = -1) {
    bool ok = false;
    const qint64 v = readText(path).toLongLong(&ok);
    return ok ? v : fallback;
}

// Entries "prefix<N>" of dir sorted by N (thermal_zone2 before thermal_zone10).
QStringList numberedEntries(const QString& dir, const QString& prefix) {
    QStringList names = QDir(dir).entryList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot);
    const QRegularExpression re(QStringLiteral("^%1(\\d+)$").arg(prefix));
    names.erase(
        std::remove_if(names.begin(), names.end(), [&](const QString& n) { return !re.match(n).hasMatch(); }),
        names.end());
    std::sort(names.begin(), names.end(), [&](const QString& a, const QString& b) {
        return a.mid(prefix.size()).toInt() < b.mid(prefix.size()).toInt();
    });
    if (names.size() > kMaxEntries) names = names.mid(0, kMaxEntries);
    return names;
}

ZoneReading readZone(const QString& dir, const QString& name) {
    ZoneReading z;
    z.name = name;
    z.type = readText(dir + QStringLiteral("/type"));
    z.cls = classifyZone(z.type);
    z.valid = parseMilliCelsius(readText(dir + QStringLiteral("/temp")), &z.tempC);
    for (int k = 0; k < 32; ++k) {
        const QString base = dir + QStringLiteral("/trip_point_%1_").arg(k);
        if (!QFile::exists(base + QStringLiteral("temp"))) break;
        TripPoint trip;
        trip.type = readText(base + QStringLiteral("type"));
        if (!parseMilliCelsius(readText(base + QStringLiteral("temp")), &trip.tempC)) continue;
        z.trips.append(trip);
    }
    return z;
}

bool isFan(const QString& type) {
    return type.contains(QLatin1String("fan"), Qt::CaseInsensitive);
}

void detectThrottling(ThermalSnapshot& s, bool underLoad) {
    for (const auto& cd : s.coolingDevices) {
        if (cd.curState > 0 && !isFan(cd.type)) {
            s.throttled = true;
            s.throttleReason = QStringLiteral("%1 at %2/%3").arg(cd.type).arg(cd.curState).arg(cd.maxState);
            return;
        }
    }
    for (const auto& c : s.cpus) {
        if (c.maxKHz <= 0) continue;
        if (c.scalingMaxKHz > 0 && c.scalingMaxKHz < c.maxKHz * 9 / 10) {
            s.throttled = true;
            s.throttleReason = QStringLiteral("cpu%1 capped at %2 of %3 MHz")
                                   .arg(c.cpu)
                                   .arg(c.scalingMaxKHz / 1000)
                                   .arg(c.maxKHz / 1000);
            return;
        }
        if (underLoad && c.curKHz > 0 && c.curKHz < c.maxKHz * 7 / 10) {
            s.throttled = true;
            s.throttleReason =
                QStringLiteral("cpu%1 at %2 of %3 MHz").arg(c.cpu).arg(c.curKHz / 1000).arg(c.maxKHz / 1000);
            return;
        }
    }
    for (int i : relevantZones(s.zones)) {
        const ZoneReading& z = s.zones[i];
        for (const auto& trip : z.trips) {
            if ((trip.type == QLatin1String("passive") || trip.type == QLatin1String("hot")) &&
                z.tempC >= trip.tempC) {
                s.throttled = true;
                s.throttleReason = QStringLiteral("%1 at %2 °C (%3 trip %4 °C)")
                                       .arg(z.type)
                                       .arg(z.tempC, 0, 'f', 1)
                                       .arg(trip.type)
                                       .arg(trip.tempC, 0, 'f', 0);
                return;
            }
        }
    }
}

}  // namespace

ThermalSnapshot readThermalSnapshot(const QString& sysfsRoot, const QString& procRoot,
                                    const LevelThresholds& thresholds, bool underLoad) {
    system_detail::noteSysfsRead(sysfsRoot);
    ThermalSnapshot s;
    const QString thermal = sysfsRoot + QStringLiteral("/class/thermal");
    for (const QString& name : numberedEntries(thermal, QStringLiteral("thermal_zone")))
        s.zones.append(readZone(thermal + QLatin1Char('/') + name, name));
    for (const QString& name : numberedEntries(thermal, QStringLiteral("cooling_device"))) {
        const QString dir = thermal + QLatin1Char('/') + name;
        CoolingDevice cd;
        cd.type = readText(dir + QStringLiteral("/type"));
        cd.curState = static_cast<int>(readNumber(dir + QStringLiteral("/cur_state"), 0));
        cd.maxState = static_cast<int>(readNumber(dir + QStringLiteral("/max_state"), 0));
        s.coolingDevices.append(cd);
    }
    const QString cpuDir = sysfsRoot + QStringLiteral("/devices/system/cpu");
    for (const QString& name : numberedEntries(cpuDir, QStringLiteral("cpu"))) {
        const QString dir = cpuDir + QLatin1Char('/') + name + QStringLiteral("/cpufreq");
        CpuFreq c;
        c.cpu = name.mid(3).toInt();
        c.curKHz = readNumber(dir + QStringLiteral("/scaling_cur_freq"), 0);
        c.maxKHz = readNumber(dir + QStringLiteral("/cpuinfo_max_freq"), 0);
        c.scalingMaxKHz = readNumber(dir + QStringLiteral("/scaling_max_freq"), 0);
        if (c.maxKHz > 0) s.cpus.append(c);
    }

    s.board = detectBoard(s.zones);
    for (int i : relevantZones(s.zones)) {
        const ThermalLevel level = zoneLevel(s.zones[i], thresholds);
        if (s.hottestZone < 0 || s.zones[i].tempC > s.zones[s.hottestZone].tempC) s.hottestZone = i;
        s.level = std::max(s.level, level);
    }
    detectThrottling(s, underLoad);
    s.memory = readMemoryInfo(procRoot);
    s.npu = readNpuLoad(sysfsRoot, procRoot);
    return s;
}

ThermalMonitor::ThermalMonitor(const ThermalConfig& config, QObject* parent)
    : QObject(parent), m_config(config), m_timer(this) {  // a child: moves with the monitor to its thread
    qRegisterMetaType<ThermalSnapshot>();
    m_timer.setInterval(std::max(200, config.pollMs));
    connect(&m_timer, &QTimer::timeout, this, &ThermalMonitor::poll);
}

void ThermalMonitor::start() {
    poll();
    m_timer.start();
    if (!m_snapshot.hasSensor())
        qCInfo(lcSystem) << "no thermal sensor under" << m_config.sysfsRoot
                         << "(temperature shown as 'no sensor')";
    else
        qCInfo(lcSystem) << "thermal:" << thermalBoardName(m_snapshot.board) << "zone"
                         << m_snapshot.zoneType() << m_snapshot.temperatureC() << "°C";
}

void ThermalMonitor::stop() {
    m_timer.stop();
}

void ThermalMonitor::setUnderLoad(bool underLoad) {
    if (m_underLoad == underLoad) return;
    m_underLoad = underLoad;
    if (m_timer.isActive()) poll();
}

void ThermalMonitor::poll() {
    const LevelThresholds thresholds{m_config.warmC, m_config.hotC};
    m_snapshot = readThermalSnapshot(m_config.sysfsRoot, m_procRoot, thresholds, m_underLoad);
    emit updated();
    emit snapshotTaken(m_snapshot);
}

}  // namespace peregrine
