// SystemStatus: the UI thread's copy of what the system thread found: the latest thermal snapshot (hottest
// zone, level, throttling, memory) and the governor's state (level, pause, actions, levers, recent actions,
// the temperature / tok/s history). StatusController (and through it QML) reads these; nothing here reads
// sysfs or decides anything.
// Thread: UI thread. Fed by queued signals from SystemService's thread (setSnapshot, setGovernorState);
// setUnderLoad() goes the other way as the underLoadRequested signal. Cost: a copy per poll.
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantList>

#include "system/governor_controller.h"
#include "system/thermal_monitor.h"

namespace peregrine {

class SystemStatus : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool hasSensor READ hasSensor NOTIFY updated)
    Q_PROPERTY(double temperatureC READ temperatureC NOTIFY updated)
    Q_PROPERTY(QString zoneType READ zoneType NOTIFY updated)
    Q_PROPERTY(int level READ level NOTIFY updated)  // ThermalLevel as int: 0 no sensor .. 4 critical
    Q_PROPERTY(QString levelName READ levelName NOTIFY updated)
    Q_PROPERTY(bool throttled READ throttled NOTIFY updated)
    Q_PROPERTY(QString throttleReason READ throttleReason NOTIFY updated)
    Q_PROPERTY(int governorLevel READ governorLevel NOTIFY governorChanged)  // 0 nominal .. 3 critical
    Q_PROPERTY(bool governorPaused READ governorPaused NOTIFY governorChanged)
    Q_PROPERTY(QString governorLevers READ governorLevers NOTIFY governorChanged)

public:
    explicit SystemStatus(QObject* parent = nullptr);

    const ThermalSnapshot& snapshot() const { return m_snapshot; }
    int snapshotCount() const { return m_snapshots; }  // snapshots received so far
    bool hasSensor() const { return m_snapshot.hasSensor(); }
    double temperatureC() const { return m_snapshot.temperatureC(); }
    QString zoneType() const { return m_snapshot.zoneType(); }
    int level() const { return static_cast<int>(m_snapshot.level); }
    QString levelName() const { return thermalLevelName(m_snapshot.level); }
    bool throttled() const { return m_snapshot.throttled; }
    QString throttleReason() const { return m_snapshot.throttleReason; }
    qint64 rssBytes() const { return m_snapshot.memory.rssBytes; }
    qint64 memAvailableBytes() const { return m_snapshot.memory.availableBytes; }

    const GovernorState& governor() const { return m_governor; }
    int governorLevel() const { return m_governor.level; }
    QString governorLevelName() const { return m_governor.levelName; }
    bool governorPaused() const { return m_governor.paused; }
    QString governorActions() const { return m_governor.actionsText; }
    QString governorLevers() const { return m_governor.leversText; }
    QStringList recentActions() const { return m_governor.recent; }
    QVariantList history() const { return m_governor.history; }

    // Inference running or not: forwarded to the monitor (low clocks under load count as throttling).
    void setUnderLoad(bool underLoad);

public slots:
    void setSnapshot(const peregrine::ThermalSnapshot& snapshot);
    void setGovernorState(const peregrine::GovernorState& state);

signals:
    void updated();          // a new snapshot
    void governorChanged();  // level, pause, actions, levers or recent actions changed
    void historyChanged();
    void underLoadRequested(bool underLoad);

private:
    ThermalSnapshot m_snapshot;
    int m_snapshots = 0;
    GovernorState m_governor;
    bool m_underLoad = false;
};

}  // namespace peregrine
