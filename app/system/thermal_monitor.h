// ThermalMonitor: polls thermal zones, cooling devices, cpufreq and memory on a timer and publishes the
// hottest relevant temperature, its level, a throttling flag and memory in use.
//
// Sources (all under ThermalConfig::sysfsRoot, "/sys" in production):
//   class/thermal/thermal_zone*/{type,temp,trip_point_*_temp,trip_point_*_type}
//   class/thermal/cooling_device*/{type,cur_state,max_state}
//   devices/system/cpu/cpu*/cpufreq/{scaling_cur_freq,cpuinfo_max_freq,scaling_max_freq}
// A machine without thermal zones reports hasSensor = false ("no sensor"), never an error.
// Thread: lives on the UI thread; a poll reads a few dozen small sysfs files (well under a millisecond on the
// supported boards). Cost is bounded: at most 64 zones, 64 cooling devices and 64 CPUs are read.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include "config/app_config.h"
#include "system/memory_info.h"
#include "system/thermal_zones.h"

namespace peregrine {

struct CpuFreq {
    int cpu = 0;
    qint64 curKHz = 0, maxKHz = 0, scalingMaxKHz = 0;
};

struct CoolingDevice {
    QString type;
    int curState = 0, maxState = 0;
};

struct ThermalSnapshot {
    ThermalBoard board = ThermalBoard::Unknown;
    QList<ZoneReading> zones;
    QList<CoolingDevice> coolingDevices;
    QList<CpuFreq> cpus;
    int hottestZone = -1;  // index into zones among the relevant ones; -1: no sensor
    ThermalLevel level = ThermalLevel::NoSensor;
    bool throttled = false;
    QString throttleReason;  // "cpufreq-cpu4 at 3/10", "CPU capped at 1.2 of 2.4 GHz", ...
    MemoryInfo memory;
};

// Reads one snapshot. underLoad: inference is running, so a current frequency well below the maximum
// (< 70%) counts as throttling too (at idle the governor lowers clocks by itself).
ThermalSnapshot readThermalSnapshot(const QString& sysfsRoot, const QString& procRoot,
                                    const LevelThresholds& thresholds, bool underLoad);

class ThermalMonitor : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool hasSensor READ hasSensor NOTIFY updated)
    Q_PROPERTY(double temperatureC READ temperatureC NOTIFY updated)
    Q_PROPERTY(QString zoneType READ zoneType NOTIFY updated)
    Q_PROPERTY(int level READ level NOTIFY updated)  // ThermalLevel as int: 0 no sensor .. 4 critical
    Q_PROPERTY(QString levelName READ levelName NOTIFY updated)
    Q_PROPERTY(bool throttled READ throttled NOTIFY updated)
    Q_PROPERTY(QString throttleReason READ throttleReason NOTIFY updated)
    Q_PROPERTY(QString boardName READ boardName NOTIFY updated)
    Q_PROPERTY(qint64 rssBytes READ rssBytes NOTIFY updated)
    Q_PROPERTY(qint64 memAvailableBytes READ memAvailableBytes NOTIFY updated)

public:
    explicit ThermalMonitor(const ThermalConfig& config, QObject* parent = nullptr);

    void setProcRoot(const QString& procRoot) { m_procRoot = procRoot; }  // tests
    void start();                                                         // polls now, then every pollMs
    void stop();
    void setUnderLoad(bool underLoad);

    const ThermalSnapshot& snapshot() const { return m_snapshot; }
    bool hasSensor() const { return m_snapshot.hottestZone >= 0; }
    double temperatureC() const;
    QString zoneType() const;
    int level() const { return static_cast<int>(m_snapshot.level); }
    QString levelName() const { return thermalLevelName(m_snapshot.level); }
    bool throttled() const { return m_snapshot.throttled; }
    QString throttleReason() const { return m_snapshot.throttleReason; }
    QString boardName() const { return thermalBoardName(m_snapshot.board); }
    qint64 rssBytes() const { return m_snapshot.memory.rssBytes; }
    qint64 memAvailableBytes() const { return m_snapshot.memory.availableBytes; }

public slots:
    void poll();

signals:
    void updated();

private:
    ThermalConfig m_config;
    QString m_procRoot = QStringLiteral("/proc");
    QTimer m_timer;
    bool m_underLoad = false;
    ThermalSnapshot m_snapshot;
};

}  // namespace peregrine
