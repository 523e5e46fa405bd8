#include "ui/status_controller.h"

#include "conversation/conversation_controller.h"
#include "lists/backend_name.h"
#include "system/memory_info.h"
#include "system/system_status.h"

namespace peregrine {

StatusController::StatusController(ConversationController* conversation, SystemStatus* system,
                                   QObject* parent)
    : QObject(parent), m_conversation(conversation), m_thermal(system) {
    connect(conversation, &ConversationController::modelChanged, this, &StatusController::changed);
    connect(conversation, &ConversationController::statsChanged, this, &StatusController::changed);
    connect(conversation, &ConversationController::generatingChanged, this, [this] {
        m_thermal->setUnderLoad(m_conversation->generating());
        emit changed();
    });
    connect(system, &SystemStatus::updated, this, &StatusController::changed);
    connect(system, &SystemStatus::governorChanged, this, &StatusController::changed);
    connect(system, &SystemStatus::historyChanged, this, &StatusController::historyChanged);
}

QString StatusController::modelName() const {
    if (m_conversation->modelLoading()) return tr("Loading model…");
    if (!m_conversation->modelReady()) return tr("No model");
    // Another runtime than the engine is named beside the model ("llama-3.2-1b · llama.cpp").
    const QString backend = m_conversation->modelBackend();
    if (backend.isEmpty() || backend == QLatin1String("native")) return m_conversation->modelName();
    return m_conversation->modelName() + QStringLiteral("  ·  ") + backendDisplayName(backend);
}

bool StatusController::generating() const {
    return m_conversation->generating();
}

QString StatusController::speedText() const {
    const double tps = m_conversation->generating() ? m_conversation->liveTokPerSec()
                                                    : m_conversation->lastDecodeTokPerSec();
    if (tps <= 0) return QStringLiteral("– tok/s");
    return QStringLiteral("%1 tok/s").arg(tps, 0, 'f', tps < 100 ? 1 : 0);
}

QString StatusController::latencyText() const {
    if (m_conversation->lastTtftMs() <= 0) return {};
    return tr("first token %1 ms · prompt %2 tok/s")
        .arg(qRound(m_conversation->lastTtftMs()))
        .arg(m_conversation->lastPromptTokPerSec(), 0, 'f', 0);
}

bool StatusController::hasSensor() const {
    return m_thermal->hasSensor();
}

QString StatusController::temperatureText() const {
    if (!m_thermal->hasSensor()) return tr("no sensor");
    return QStringLiteral("%1 °C").arg(qRound(m_thermal->temperatureC()));
}

int StatusController::thermalLevel() const {
    return m_thermal->level();
}

QString StatusController::thermalLevelName() const {
    return m_thermal->levelName();
}

bool StatusController::throttled() const {
    return m_thermal->throttled();
}

QString StatusController::throttleReason() const {
    return m_thermal->throttleReason();
}

QString StatusController::memoryText() const {
    QString text = tr("RAM %1").arg(formatBytes(m_thermal->rssBytes()));
    if (m_thermal->memAvailableBytes() >= 0)
        text += tr(" · %1 free").arg(formatBytes(m_thermal->memAvailableBytes()));
    return text;
}

QString StatusController::npuText() const {
    const NpuLoad& npu = m_thermal->snapshot().npu;
    if (npu.readable) return tr("NPU %1%").arg(npu.percent);
    const QString backend = m_conversation->modelBackend();
    if (backend == QLatin1String("genie") || backend == QLatin1String("rkllm"))
        return tr("NPU load not readable");
    return {};
}

int StatusController::governorLevel() const {
    return m_thermal->governorLevel();
}

QString StatusController::governorText() const {
    if (m_thermal->governorPaused()) return tr("Too hot: answers paused until the system cools down");
    return tr("%1 · %2").arg(m_thermal->governorLevelName(), m_thermal->governorActions());
}

bool StatusController::governorPaused() const {
    return m_thermal->governorPaused();
}

QString StatusController::governorLastAction() const {
    return m_thermal->recentActions().value(0);
}

QString StatusController::governorLevers() const {
    return m_thermal->governorLevers();
}

QVariantList StatusController::thermalHistory() const {
    return m_thermal->history();
}

void StatusController::showAlert(const QString& text) {
    if (text.isEmpty()) return;
    m_alert = m_alert.isEmpty() ? text : text + QLatin1Char('\n') + m_alert;
    emit alertChanged();
}

void StatusController::dismissAlert() {
    if (m_alert.isEmpty()) return;
    m_alert.clear();
    emit alertChanged();
}

}  // namespace peregrine
