// AppController: the cab's tools in the app. The registry (tools/tool_set.h, plus the vehicle's devices,
// whose commands are logged through the storage thread) with the tools' own database
// connection, the runner and timer scheduler on the "tools" thread; typed direct commands through the
// ConversationController, spoken ones through the voice loop; timer alerts spoken and shown on the banner
// (StatusController::alertText); board_state reads a cache this (UI) thread keeps current. Thread: UI.
#include "ui/app_controller.h"

#include <QTimer>

#include "inference/inference_worker.h"
#include "logging/logging.h"
#include "system/system_status.h"
#include "vehicle/vehicle_tools.h"

namespace peregrine {

void AppController::createTools() {
    m_boardState = std::make_shared<tools::BoardStateCache>();
    auto registry = std::make_unique<tools::ToolRegistry>();
    const tools::ToolEnvironment env = tools::toolEnvironment(m_config.storage.databasePath, m_boardState);
    tools::buildToolRegistry(*registry, env);
    vehicle::addVehicleTools(*registry, m_config.vehicle, m_storage.get());  // nothing without devices
    m_tools = std::make_unique<tools::ToolService>(std::move(registry), env.context);
    m_conversation->connectTools(m_tools->runner(), m_tools->registry());
    // The model's own tool calls (InferenceWorker's tool loop) use the same registry, read-only, on the
    // inference thread; set there so the pointer is published to that thread before its first answer.
    InferenceWorker* worker = m_worker;
    const tools::ToolRegistry* shared = m_tools->registry();
    QMetaObject::invokeMethod(worker, [worker, shared] { worker->setTools(shared); }, Qt::QueuedConnection);
    connect(m_tools->scheduler(), &tools::TimerScheduler::alert, m_status.get(), &StatusController::showAlert,
            Qt::QueuedConnection);

    // Cheap copies on every change, so the tools thread never waits on this one.
    std::shared_ptr<tools::BoardStateCache> cache = m_boardState;
    ConversationController* conversation = m_conversation.get();
    SystemStatus* system = m_system->status();
    connect(conversation, &ConversationController::modelChanged, this,
            [cache, conversation] { cache->setModel(conversation->modelName()); });
    connect(conversation, &ConversationController::statsChanged, this, [cache, conversation] {
        if (conversation->lastDecodeTokPerSec() > 0)
            cache->setDecodeSpeed(conversation->lastDecodeTokPerSec());
    });
    connect(system, &SystemStatus::updated, this, [cache, system] {
        if (system->hasSensor()) cache->setTemperature(system->temperatureC(), system->levelName());
    });
}

void AppController::startTools() {
    if (!m_tools) return;
    tools::ToolService* service = m_tools.get();
    // Missed timers are announced once the loudspeaker works: when voice comes up (or right away without
    // voice; they are shown on the banner either way). start() runs once.
    if (m_voice && m_voice->loop()) {
        connect(m_voice.get(), &VoiceController::availableChanged, service, [service] { service->start(); });
        QTimer::singleShot(10000, service, [service] { service->start(); });  // voice never came up
    } else {
        service->start();
    }
    qCInfo(lcApp) << "tools:" << m_tools->registry()->tools().size() << "registered";
}

}  // namespace peregrine
