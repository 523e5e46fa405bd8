// ThermalMonitor: polls thermal zones, cooling devices, cpufreq, memory and NPU load on a timer and publishes
// the hottest relevant temperature, its level, a throttling flag and memory in use.
//
// Sources (all under ThermalConfig::sysfsRoot, "/sys" in production):
//   class/thermal/thermal_zone*/{type,temp,trip_point_*_temp,trip_point_*_type}
//   class/thermal/cooling_device*/{type,cur_state,max_state}
//   devices/system/cpu/cpu*/cpufreq/{scaling_cur_freq,cpuinfo_max_freq,scaling_max_freq}
//   kernel/debug/rknpu/load, class/devfreq/*npu*/{load,cur_freq,max_freq} (and /proc/rknpu/load): npu_load.h
// A machine without thermal zones reports hasSensor = false ("no sensor"), never an error.
// Thread: ThermalMonitor lives on one thread and is used only there; in the app that is the "system" thread
// (SystemService), never the UI thread: a poll reads a few dozen small sysfs files (well under a millisecond
// on the supported boards, but sysfs can stall on a busy I2C sensor). The UI thread gets copies of the
// snapshot through snapshotTaken (queued). Cost is bounded: at most 64 zones, 64 cooling devices and 64 CPUs.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include "config/app_config.h"
#include "system/memory_info.h"
#include "system/npu_load.h"
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
    NpuLoad npu;  // where the board exposes it (npu_load.h); else readable = false with the reason

    bool hasSensor() const { return hottestZone >= 0; }
    double temperatureC() const { return hasSensor() ? zones[hottestZone].tempC : 0.0; }  // hottest zone
    QString zoneType() const { return hasSensor() ? zones[hottestZone].type : QString(); }
};

// Reads one snapshot. underLoad: inference is running, so a current frequency well below the maximum
// (< 70%) counts as throttling too (at idle the governor lowers clocks by itself).
ThermalSnapshot readThermalSnapshot(const QString& sysfsRoot, const QString& procRoot,
                                    const LevelThresholds& thresholds, bool underLoad);

// The poller. Not a QML type: QML binds to the UI-thread mirror (SystemStatus), which the snapshots reach.
class ThermalMonitor : public QObject {
    Q_OBJECT

public:
    explicit ThermalMonitor(const ThermalConfig& config, QObject* parent = nullptr);

    void setProcRoot(const QString& procRoot) { m_procRoot = procRoot; }  // tests

    // The latest poll (on the monitor's thread only; elsewhere use snapshotTaken's copy).
    const ThermalSnapshot& snapshot() const { return m_snapshot; }

public slots:
    void start();  // polls now, then every pollMs (the timer runs on the monitor's thread)
    void stop();
    void setUnderLoad(bool underLoad);  // inference running: low clocks count as throttling (polls again)
    void poll();

signals:
    void updated();                                                  // on the monitor's thread, after a poll
    void snapshotTaken(const peregrine::ThermalSnapshot& snapshot);  // the same poll, as a copy

private:
    ThermalConfig m_config;
    QString m_procRoot = QStringLiteral("/proc");
    QTimer m_timer;
    bool m_underLoad = false;
    ThermalSnapshot m_snapshot;
};

}  // namespace peregrine

Q_DECLARE_METATYPE(peregrine::ThermalSnapshot)
