// AppController: the root of the app's Qt layer, handed to Main.qml as its required property `app`. Owns the
// config, the database, the inference thread with its worker, the system thread (thermal monitor and
// governor, SystemService) and the controllers the views use. Views get the sub-controllers as properties;
// nothing here is global.
//
// Start-up never blocks on the model: start() opens the config and database, starts the inference thread and
// asks it to load the model (the explicit one, else models.current, else models.last_good, else the first
// model found); a model that fails to load falls back once to last_good. With no model the view shows how to
// add one. Thread: UI thread. Destruction cancels any answer and joins the inference thread.
#pragma once

#include <QObject>
#include <QThread>
#include <memory>

#include "config/app_config.h"
#include "config/config_loader.h"
#include "inference/benchmark_controller.h"
#include "conversation/conversation_controller.h"
#include "models/model_file_watch.h"
#include "storage/storage_service.h"
#include "system/system_service.h"
#include "tools/tool_set.h"
#include "ui/settings_controller.h"
#include "ui/status_controller.h"
#include "ui/voice_controller.h"

namespace peregrine {

class InferenceWorker;

class AppController : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString configFile READ configFile WRITE setConfigFile NOTIFY optionsChanged)
    Q_PROPERTY(QString modelOverride READ modelOverride WRITE setModelOverride NOTIFY optionsChanged)
    Q_PROPERTY(bool kiosk READ kiosk WRITE setKiosk NOTIFY optionsChanged)
    Q_PROPERTY(bool started READ started NOTIFY startedChanged)
    Q_PROPERTY(peregrine::ConversationController* conversation READ conversation NOTIFY startedChanged)
    Q_PROPERTY(peregrine::BenchmarkController* benchmarks READ benchmarks NOTIFY startedChanged)
    Q_PROPERTY(peregrine::SettingsController* settings READ settings NOTIFY startedChanged)
    Q_PROPERTY(peregrine::StatusController* status READ status NOTIFY startedChanged)
    Q_PROPERTY(peregrine::VoiceController* voice READ voice NOTIFY startedChanged)
    Q_PROPERTY(bool talkAvailable READ talkAvailable NOTIFY talkChanged)
    Q_PROPERTY(QString talkUnavailableReason READ talkUnavailableReason NOTIFY talkChanged)
    Q_PROPERTY(QString startupError READ startupError NOTIFY startupErrorChanged)
    Q_PROPERTY(QString recommendedModels READ recommendedModels CONSTANT)
    Q_PROPERTY(int exitHoldMs READ exitHoldMs NOTIFY startedChanged)
    Q_PROPERTY(QString version READ version CONSTANT)

public:
    explicit AppController(QObject* parent = nullptr);
    ~AppController() override;

    QString configFile() const { return m_configFile; }
    void setConfigFile(const QString& file);
    QString modelOverride() const { return m_modelOverride; }
    void setModelOverride(const QString& path);
    bool kiosk() const { return m_kiosk; }
    void setKiosk(bool kiosk);
    // --thermal-root: read thermal zones from this tree instead of thermal.sysfs_root (simulated boards).
    void setThermalRoot(const QString& root) { m_thermalRoot = root; }

    bool started() const { return m_started; }
    ConversationController* conversation() const { return m_conversation.get(); }
    BenchmarkController* benchmarks() const { return m_benchmarks.get(); }
    SettingsController* settings() const { return m_settings.get(); }
    StatusController* status() const { return m_status.get(); }
    // The system thread: its monitor and governor are used only through queued signals; system()->status()
    // is the UI-thread copy of their findings.
    SystemService* system() const { return m_system.get(); }
    // The storage thread's door; the UI thread never calls SQLite itself.
    StorageService* storage() const { return m_storage.get(); }
    const AppConfig& config() const { return m_config; }
    QStringList configMessages() const { return m_configMessages; }

    VoiceController* voice() const { return m_voice.get(); }
    bool talkAvailable() const { return m_voice && m_voice->available(); }
    QString talkUnavailableReason() const { return m_voice ? m_voice->reason() : QString(); }
    QString startupError() const { return m_startupError; }
    QString recommendedModels() const;
    int exitHoldMs() const { return m_config.kiosk.exitHoldMs; }
    QString version() const;

    // Loads config and database, starts the inference thread, thermal polling and the model scan. Idempotent.
    Q_INVOKABLE void start();
    // Kiosk exit: true when pin matches kiosk.exit_pin (then the app quits).
    Q_INVOKABLE bool tryExit(const QString& pin);

signals:
    void optionsChanged();
    void startedChanged();
    void startupErrorChanged();
    void talkChanged();
    void exitRequested();

private:
    void loadStartupModel();
    void startGovernor(bool warmSet, bool hotSet);
    void startVoice();            // voice loop on the configured devices; failures leave text mode working
    void createTools();           // timers, notes, ...: the registry, runner and scheduler (tools thread)
    void startTools();            // once voice is up: missed timers are announced, timers fire
    void applyInferenceConfig();  // the settings' inference config to the conversation
    void watchModelFile();        // reload (verified) or fall back when the model's file changes on disk

    QString m_configFile, m_modelOverride, m_thermalRoot;
    bool m_kiosk = false;
    bool m_started = false;
    bool m_startupModelRequested = false;
    QString m_startupError;
    QStringList m_configMessages;
    std::unique_ptr<ConfigLoader> m_loader;
    AppConfig m_config;
    std::unique_ptr<StorageService> m_storage;  // destroyed last: its destructor flushes pending writes
    QThread m_inferenceThread;
    InferenceWorker* m_worker = nullptr;      // lives on m_inferenceThread; deleted when it finishes
    std::unique_ptr<SystemService> m_system;  // before storage goes: its governor posts thermal samples
    std::unique_ptr<ConversationController> m_conversation;
    std::unique_ptr<BenchmarkController> m_benchmarks;
    std::unique_ptr<SettingsController> m_settings;
    std::unique_ptr<StatusController> m_status;
    std::unique_ptr<ModelFileWatch> m_modelFile;
    std::shared_ptr<tools::BoardStateCache> m_boardState;  // written here (UI thread), read by board_state
    std::unique_ptr<tools::ToolService> m_tools;  // after the voice loop goes: it talks to the runner
    std::unique_ptr<VoiceController> m_voice;     // destroyed first: its loop talks to m_conversation
};

}  // namespace peregrine
