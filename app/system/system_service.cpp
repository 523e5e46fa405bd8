#include "system/system_service.h"

#include <algorithm>

#include "logging/logging.h"

namespace peregrine {

SystemService::SystemService(const ThermalConfig& config, StorageService* storage, QObject* parent)
    : QObject(parent), m_config(config) {
    m_thread.setObjectName(QStringLiteral("system"));
    m_monitor = new ThermalMonitor(config);
    m_governor = new GovernorController(m_monitor, storage);  // asks storage for the last hour here
    // Snapshots and states cross to the UI thread as copies (queued: the receiver lives here).
    connect(m_monitor, &ThermalMonitor::snapshotTaken, &m_status, &SystemStatus::setSnapshot,
            Qt::QueuedConnection);
    connect(m_governor, &GovernorController::stateChanged, &m_status, &SystemStatus::setGovernorState,
            Qt::QueuedConnection);
    connect(&m_status, &SystemStatus::underLoadRequested, m_monitor, &ThermalMonitor::setUnderLoad,
            Qt::QueuedConnection);
    m_status.setGovernorState(m_governor->state());  // nominal until the first poll says otherwise
}

SystemService::~SystemService() {
    if (!m_started) {  // never moved: still ours to delete here
        delete m_governor;
        delete m_monitor;
        return;
    }
    // The finished thread deletes both objects there (the monitor's timer stops on its own thread).
    m_thread.quit();
    m_thread.wait();
}

void SystemService::setProcRoot(const QString& procRoot) {
    if (!m_started) m_monitor->setProcRoot(procRoot);
}

void SystemService::configureGovernorForBoard(bool warmSet, bool hotSet) {
    if (!m_started) m_governor->configureForBoard(m_config, warmSet, hotSet);
}

void SystemService::start() {
    if (m_started) return;
    m_started = true;
    m_monitor->moveToThread(&m_thread);
    m_governor->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_governor, &QObject::deleteLater);
    connect(&m_thread, &QThread::finished, m_monitor, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_monitor, &ThermalMonitor::start, Qt::QueuedConnection);
    qCInfo(lcSystem) << "thermal monitor and governor on the system thread, every"
                     << std::max(200, m_config.pollMs) << "ms";
}

void SystemService::setDecodeTokPerSec(double tokPerSec) {
    QMetaObject::invokeMethod(
        m_governor, [g = m_governor, tokPerSec] { g->setDecodeTokPerSec(tokPerSec); }, Qt::QueuedConnection);
}

void SystemService::setLevers(const GovernorLevers& levers) {
    QMetaObject::invokeMethod(
        m_governor, [g = m_governor, levers] { g->setLevers(levers); }, Qt::QueuedConnection);
}

}  // namespace peregrine
