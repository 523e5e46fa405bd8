#include "system/system_status.h"

namespace peregrine {

SystemStatus::SystemStatus(QObject* parent) : QObject(parent) {}

void SystemStatus::setUnderLoad(bool underLoad) {
    if (m_underLoad == underLoad) return;
    m_underLoad = underLoad;
    emit underLoadRequested(underLoad);
}

void SystemStatus::setSnapshot(const ThermalSnapshot& snapshot) {
    m_snapshot = snapshot;
    ++m_snapshots;
    emit updated();
}

void SystemStatus::setGovernorState(const GovernorState& state) {
    const bool changed = state.level != m_governor.level || state.paused != m_governor.paused ||
                         state.actionsText != m_governor.actionsText ||
                         state.leversText != m_governor.leversText || state.recent != m_governor.recent;
    const bool historyMoved = state.history != m_governor.history;
    m_governor = state;
    if (changed) emit governorChanged();
    if (historyMoved) emit historyChanged();
}

}  // namespace peregrine
