// SettingsController: the inference and display settings shown on the Settings page, and the model list.
// Every change is applied at once and persisted to the user config layer (ConfigLoader::saveUserSetting);
// a failed save is reported in saveError and the setting still applies for this run.
// Thread: UI thread. The ConfigLoader is not owned.
#pragma once

#include <QObject>

#include "config/app_config.h"
#include "models/model_switcher.h"
#include "ui/model_list_model.h"

namespace peregrine {

class ConfigLoader;

class SettingsController : public QObject {
    Q_OBJECT
    Q_PROPERTY(int threads READ threads WRITE setThreads NOTIFY inferenceChanged)
    Q_PROPERTY(int maxThreads READ maxThreads CONSTANT)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY inferenceChanged)
    Q_PROPERTY(int maxTokens READ maxTokens WRITE setMaxTokens NOTIFY inferenceChanged)
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY inferenceChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY displayChanged)  // day | night | auto
    Q_PROPERTY(bool night READ night NOTIFY displayChanged)                    // the theme in effect
    Q_PROPERTY(double textScale READ textScale WRITE setTextScale NOTIFY displayChanged)
    Q_PROPERTY(peregrine::ModelListModel* models READ models CONSTANT)
    Q_PROPERTY(QString modelsDir READ modelsDir NOTIFY modelsDirChanged)  // where to put a GGUF
    Q_PROPERTY(QString saveError READ saveError NOTIFY saveErrorChanged)
    // Safe switching: tapping a model goes through it (verify, load beside the current one, commit);
    // switcher.lastError is the reason + fix of the latest failed switch, switcher.canRevert / revert().
    Q_PROPERTY(peregrine::ModelSwitcher* switcher READ switcher CONSTANT)
    // Voice devices and on/off (voice.enabled, voice.input_device, voice.output_device; "" = system default).
    // They are saved at once and take effect at the next start (voiceRestartNeeded).
    Q_PROPERTY(bool voiceEnabled READ voiceEnabled WRITE setVoiceEnabled NOTIFY voiceChanged)
    Q_PROPERTY(QString inputDevice READ inputDevice WRITE setInputDevice NOTIFY voiceChanged)
    Q_PROPERTY(QString outputDevice READ outputDevice WRITE setOutputDevice NOTIFY voiceChanged)
    Q_PROPERTY(QStringList inputDevices READ inputDevices NOTIFY devicesChanged)
    Q_PROPERTY(QStringList outputDevices READ outputDevices NOTIFY devicesChanged)
    Q_PROPERTY(bool voiceRestartNeeded READ voiceRestartNeeded NOTIFY voiceChanged)

public:
    SettingsController(const AppConfig& config, const ConfigLoader* loader, QObject* parent = nullptr);

    const AppConfig& config() const { return m_config; }

    int threads() const { return m_config.inference.threads; }
    int maxThreads() const;
    int contextLength() const { return m_config.inference.contextLength; }
    int maxTokens() const { return m_config.inference.maxTokens; }
    double temperature() const { return m_config.inference.temperature; }
    QString theme() const { return m_config.display.theme; }
    bool night() const;
    double textScale() const { return m_config.display.textScale; }
    ModelListModel* models() const { return m_models; }
    ModelSwitcher* switcher() const { return m_switcher; }
    // What the verifier checks against: context length, models.memory_limit_mb, the board's runtimes
    // (detected once; runtimes.*.version and PEREGRINE_*_VERSION override the libraries).
    VerifyOptions verifyOptions() const;
    QString modelsDir() const { return m_config.models.dirs.value(0); }
    QString saveError() const { return m_saveError; }
    bool voiceEnabled() const { return m_config.voice.enabled; }
    QString inputDevice() const { return m_config.voice.inputDevice; }
    QString outputDevice() const { return m_config.voice.outputDevice; }
    // "" (system default) first, then the devices the audio server lists, then a configured device that is
    // not present now (so it stays selectable and visible).
    QStringList inputDevices() const;
    QStringList outputDevices() const;
    bool voiceRestartNeeded() const { return m_voiceRestartNeeded; }
    void setVoiceEnabled(bool enabled);
    void setInputDevice(const QString& name);
    void setOutputDevice(const QString& name);

    void setThreads(int threads);
    void setContextLength(int tokens);
    void setMaxTokens(int tokens);
    void setTemperature(double temperature);
    void setTheme(const QString& theme);
    void setTextScale(double scale);

    // Records the model that loaded (models.last_good) or was picked (models.current).
    void rememberCurrentModel(const QString& path);
    void rememberLastGoodModel(const QString& path);
    // The model to load at start: explicit path, else models.current, else last_good, else the first valid
    // model found (after a scan). Empty when none.
    QString startupModel() const;
    // For "auto": the hour (0-23) decides day (7-18) or night; tests set it.
    void setHourForAuto(int hour);

public slots:
    void rescanModels();
    void refreshDevices();  // asks the audio server again (a USB microphone plugged in)
    // Asks the switcher for the model (modelSelected); the current model stays until it has loaded.
    void selectModel(const QString& path);

signals:
    void inferenceChanged();
    void contextLengthChanged();  // the model must be reloaded for it to apply
    void threadsChanged(int threads);
    void displayChanged();
    void modelsDirChanged();
    void saveErrorChanged();
    void voiceChanged();
    void devicesChanged();
    void modelSelected(const QString& path);

private:
    void save(const QString& key, const QVariant& value);

    AppConfig m_config;
    const ConfigLoader* m_loader;
    ModelListModel* m_models;
    ModelSwitcher* m_switcher;
    BoardRuntimes m_board;
    QString m_saveError;
    int m_hourOverride = -1;
    QStringList m_inputDevices;
    QStringList m_outputDevices;
    bool m_voiceRestartNeeded = false;
};

}  // namespace peregrine
