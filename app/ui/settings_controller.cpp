#include "ui/settings_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <QTime>
#include <algorithm>

#include "config/config_loader.h"
#include "logging/logging.h"
#include "system/memory_info.h"

namespace peregrine {

SettingsController::SettingsController(const AppConfig& config, const ConfigLoader* loader, QObject* parent)
    : QObject(parent), m_config(config), m_loader(loader), m_models(new ModelListModel(this)) {}

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
    save(QStringLiteral("inference.threads"), threads);
    emit inferenceChanged();
    emit threadsChanged(threads);
}

void SettingsController::setContextLength(int tokens) {
    tokens = std::clamp(tokens, 128, 262144);
    if (tokens == m_config.inference.contextLength) return;
    m_config.inference.contextLength = tokens;
    save(QStringLiteral("inference.context_length"), tokens);
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
    const auto resolve = [&](const QString& name) -> QString {
        if (name.isEmpty()) return {};
        if (QFileInfo(name).isAbsolute()) return QFileInfo::exists(name) ? name : QString();
        for (const QString& d : m_config.models.dirs) {
            const QString p = QDir(d).filePath(name);
            if (QFileInfo::exists(p)) return p;
        }
        return {};
    };
    for (const QString& candidate : {m_config.models.current, m_config.models.lastGood})
        if (const QString p = resolve(candidate); !p.isEmpty()) return p;
    for (const ModelEntry& e : m_models->entries())
        if (e.valid()) return e.path;
    return {};
}

void SettingsController::rescanModels() {
    m_models->refresh(m_config.models.dirs, m_config.inference.contextLength,
                      readMemoryInfo().availableBytes);
}

void SettingsController::selectModel(const QString& path) {
    if (path.isEmpty()) return;
    rememberCurrentModel(path);
    emit modelSelected(path);
}

}  // namespace peregrine
