// SystemService: the app's "system" thread. It owns a QThread on which the ThermalMonitor polls sysfs and the
// GovernorController decides (and posts the thermal time series to StorageService), and the UI-thread mirror
// (SystemStatus) that the status bar reads. The UI thread never reads sysfs and never runs the governor: it
// receives snapshots and governor states as queued signals, and the governor's levers (threads, max tokens,
// fallback model, pause, notices) as queued signals that AppController connects.
//
// Thread: create, call and destroy on the UI thread. monitor() and governor() live on the system thread once
// start() has run: connect to their signals (queued by Qt's automatic connection to a UI-thread receiver) and
// invoke their slots queued; never call their methods directly. Destruction stops polling and joins the
// thread (the objects are deleted on it); StorageService must outlive this object.
#pragma once

#include <QObject>
#include <QThread>

#include "config/app_config.h"
#include "system/governor_controller.h"
#include "system/system_status.h"
#include "system/thermal_monitor.h"

namespace peregrine {

class StorageService;

class SystemService : public QObject {
    Q_OBJECT

public:
    // storage may be null (nothing recorded).
    SystemService(const ThermalConfig& config, StorageService* storage, QObject* parent = nullptr);
    ~SystemService() override;

    // Before start(): where /proc is (tests), and the board thresholds the governor takes at its first poll
    // (warmSet/hotSet: thermal.warm_c / hot_c given explicitly, else the board's values).
    void setProcRoot(const QString& procRoot);
    void configureGovernorForBoard(bool warmSet, bool hotSet);

    // Starts the thread and the polling (first poll at once, then every thermal.poll_ms). Idempotent.
    void start();

    SystemStatus* status() { return &m_status; }
    const SystemStatus* status() const { return &m_status; }
    ThermalMonitor* monitor() const { return m_monitor; }
    GovernorController* governor() const { return m_governor; }
    QThread* thread() { return &m_thread; }

    // Queued to the governor: the latest decode tok/s (recorded with the samples) and the loaded backend's
    // levers (a model on a backend without a thread lever: the governor stops asking for threads).
    void setDecodeTokPerSec(double tokPerSec);
    void setLevers(const GovernorLevers& levers);

private:
    ThermalConfig m_config;
    QThread m_thread;
    ThermalMonitor* m_monitor;       // lives on m_thread after start(); deleted there when it finishes
    GovernorController* m_governor;  // same
    SystemStatus m_status;           // UI thread
    bool m_started = false;
};

}  // namespace peregrine
