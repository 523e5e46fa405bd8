#include "ui/settings_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <QTime>
#include <algorithm>

#include "audio/audio_devices.h"
#include "config/config_loader.h"
#include "logging/logging.h"

namespace peregrine {

namespace {

// A models.current / models.last_good value as an existing absolute path ("" when it does not exist).
QString startupPathOf(const QString& name, const QStringList& dirs) {
    if (name.isEmpty()) return {};
    if (QFileInfo(name).isAbsolute()) return QFileInfo::exists(name) ? name : QString();
    for (const QString& d : dirs) {
        const QString p = QDir(d).filePath(name);
        if (QFileInfo::exists(p)) return QFileInfo(p).absoluteFilePath();
    }
    return {};
}

}  // namespace

SettingsController::SettingsController(const AppConfig& config, const ConfigLoader* loader, QObject* parent)
    : QObject(parent),
      m_config(config),
      m_loader(loader),
      m_models(new ModelListModel(this)),
      m_switcher(new ModelSwitcher(this)),
      m_board(detectBoardRuntimes(config.runtimes.qairtVersion, config.runtimes.rkllmVersion)) {
    m_switcher->setSaveSetting([this](const QString& key, const QString& value, QString* error) {
        if (key == QLatin1String("models.current")) m_config.models.current = value;
        if (key == QLatin1String("models.last_good")) m_config.models.lastGood = value;
        return !m_loader || m_loader->saveUserSetting(key, value, error);
    });
    m_switcher->setVerifyOptions(verifyOptions());
    refreshDevices();
    m_switcher->setThreads(m_config.inference.threads);
    m_switcher->restore(startupPathOf(m_config.models.lastGood, m_config.models.dirs));
    connect(m_switcher, &ModelSwitcher::switchFailed, this, [](const QString& path, const QString& reason) {
        qCWarning(lcUi).noquote() << "switch to" << path << "failed; the current model stays:" << reason;
    });
}

VerifyOptions SettingsController::verifyOptions() const {
    VerifyOptions o;
    o.contextLength = m_config.inference.contextLength;
    o.memoryLimitBytes = qint64(m_config.models.memoryLimitMb) << 20;
    o.board = m_board;
    return o;
}

int SettingsController::maxThreads() const {
    return std::max(1, QThread::idealThreadCount());
}

bool SettingsController::night() const {
    const QString t = m_config.display.theme;
    if (t == QLatin1String("night")) return true;
    if (t == QLatin1String("day")) return false;
    const int hour = m_hourOverride >= 0 ? m_hourOverride : QTime::currentTime().hour();
    return hour < 7 || hour >= 19;
}

void SettingsController::save(const QString& key, const QVariant& value) {
    QString error;
    if (m_loader && !m_loader->saveUserSetting(key, value, &error)) {
        qCWarning(lcUi) << "setting not saved:" << error;
    } else {
        error.clear();
    }
    if (error != m_saveError) {
        m_saveError = error;
        emit saveErrorChanged();
    }
}

void SettingsController::setThreads(int threads) {
    threads = std::clamp(threads, 0, 256);
    if (threads == m_config.inference.threads) return;
    m_config.inference.threads = threads;
    m_switcher->setThreads(threads);
    save(QStringLiteral("inference.threads"), threads);
    emit inferenceChanged();
    emit threadsChanged(threads);
}

void SettingsController::setContextLength(int tokens) {
    tokens = std::clamp(tokens, 128, 262144);
    if (tokens == m_config.inference.contextLength) return;
    m_config.inference.contextLength = tokens;
    save(QStringLiteral("inference.context_length"), tokens);
    m_switcher->setVerifyOptions(verifyOptions());
    emit inferenceChanged();
    emit contextLengthChanged();
    rescanModels();  // the memory estimates depend on the context
}

void SettingsController::setMaxTokens(int tokens) {
    tokens = std::clamp(tokens, 1, 32768);
    if (tokens == m_config.inference.maxTokens) return;
    m_config.inference.maxTokens = tokens;
    save(QStringLiteral("inference.max_tokens"), tokens);
    emit inferenceChanged();
}

void SettingsController::setTemperature(double temperature) {
    temperature = std::clamp(qRound(temperature * 100) / 100.0, 0.0, 2.0);
    if (qFuzzyCompare(temperature + 1, m_config.inference.temperature + 1)) return;
    m_config.inference.temperature = temperature;
    save(QStringLiteral("inference.temperature"), temperature);
    emit inferenceChanged();
}

void SettingsController::setTheme(const QString& theme) {
    if (theme == m_config.display.theme) return;
    if (theme != QLatin1String("day") && theme != QLatin1String("night") && theme != QLatin1String("auto"))
        return;
    m_config.display.theme = theme;
    save(QStringLiteral("display.theme"), theme);
    emit displayChanged();
}

void SettingsController::setTextScale(double scale) {
    scale = std::clamp(qRound(scale * 20) / 20.0, 0.5, 3.0);
    if (qFuzzyCompare(scale, m_config.display.textScale)) return;
    m_config.display.textScale = scale;
    save(QStringLiteral("display.text_scale"), scale);
    emit displayChanged();
}

void SettingsController::setHourForAuto(int hour) {
    m_hourOverride = hour;
    emit displayChanged();
}

void SettingsController::rememberCurrentModel(const QString& path) {
    if (path == m_config.models.current) return;
    m_config.models.current = path;
    save(QStringLiteral("models.current"), path);
}

void SettingsController::rememberLastGoodModel(const QString& path) {
    m_models->setCurrentPath(path);
    if (path == m_config.models.lastGood) return;
    m_config.models.lastGood = path;
    save(QStringLiteral("models.last_good"), path);
}

QString SettingsController::startupModel() const {
    const QString current = startupPathOf(m_config.models.current, m_config.models.dirs);
    const QString lastGood = startupPathOf(m_config.models.lastGood, m_config.models.dirs);
    if (const QString p = ModelSwitcher::startupModel(current, lastGood); !p.isEmpty()) return p;
    for (const CatalogEntry& e : m_models->entries()) {
        const VerifyReport* r = m_models->report(e.path);
        if (e.kind == ModelKind::Gguf && e.status == EntryStatus::Ok && (!r || r->ok())) return e.path;
    }
    return {};
}

void SettingsController::rescanModels() {
    m_models->refresh(m_config.models.dirs, verifyOptions());
}

void SettingsController::selectModel(const QString& path) {
    if (path.isEmpty()) return;
    emit modelSelected(path);
    m_switcher->requestSwitch(path);
}

}  // namespace peregrine

namespace peregrine {

namespace {

QStringList withDefaultAndCurrent(QStringList devices, const QString& current) {
    devices.removeAll(QString());
    devices.prepend(QString());
    if (!current.isEmpty() && !devices.contains(current)) devices.append(current);
    return devices;
}

}  // namespace

void SettingsController::refreshDevices() {
    m_inputDevices = audio::inputDeviceNames();
    m_outputDevices = audio::outputDeviceNames();
    emit devicesChanged();
}

QStringList SettingsController::inputDevices() const {
    return withDefaultAndCurrent(m_inputDevices, m_config.voice.inputDevice);
}

QStringList SettingsController::outputDevices() const {
    return withDefaultAndCurrent(m_outputDevices, m_config.voice.outputDevice);
}

void SettingsController::setVoiceEnabled(bool enabled) {
    if (enabled == m_config.voice.enabled) return;
    m_config.voice.enabled = enabled;
    save(QStringLiteral("voice.enabled"), enabled);
    m_voiceRestartNeeded = true;
    emit voiceChanged();
}

void SettingsController::setInputDevice(const QString& name) {
    if (name == m_config.voice.inputDevice) return;
    m_config.voice.inputDevice = name;
    save(QStringLiteral("voice.input_device"), name);
    m_voiceRestartNeeded = true;
    emit voiceChanged();
}

void SettingsController::setOutputDevice(const QString& name) {
    if (name == m_config.voice.outputDevice) return;
    m_config.voice.outputDevice = name;
    save(QStringLiteral("voice.output_device"), name);
    m_voiceRestartNeeded = true;
    emit voiceChanged();
}

}  // namespace peregrine
