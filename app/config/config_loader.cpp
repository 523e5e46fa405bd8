#include "config/config_loader.h"

#include <functional>

#include <QFileInfo>
#include <QSet>

#include "config/config_devices.h"
#include "config/config_schema.h"
#include "config/yaml_file.h"
#include "logging/logging.h"

namespace peregrine {

using config_detail::lineOf;
using config_detail::rawValue;
using config_detail::readYamlFile;

namespace {

QString describe(const ConfigRawValue& raw) {
    if (raw.kind == ConfigRawValue::Kind::List) return QStringLiteral("a list");
    return QLatin1Char('\'') + raw.text + QLatin1Char('\'');
}

QString unknownKeyWarning(const QString& where, const QString& key) {
    QString w = where + QStringLiteral(": unknown key '") + key + QStringLiteral("' (ignored");
    const QString suggestion = suggestConfigKey(key);
    if (!suggestion.isEmpty()) w += QStringLiteral("; did you mean '") + suggestion + QStringLiteral("'?");
    return w + QLatin1Char(')');
}

// Applies one layer file onto result. Every key it sets (validly) takes the file position as its source.
void applyLayer(const QString& path, const YAML::Node& root, ConfigResult& result) {
    const QString baseDir = QFileInfo(path).absolutePath();
    auto where = [&](const YAML::Node& node) {
        return path + QLatin1Char(':') + QString::number(lineOf(node));
    };

    if (root.IsNull()) return;  // empty file
    if (!root.IsMap()) {
        result.errors << where(root) +
                             QStringLiteral(
                                 ": expected a mapping of sections (models:, inference:, ...) at the "
                                 "top level, got ") +
                             describe(rawValue(root));
        return;
    }
    const QStringList sections = configSections();
    QSet<QString> seen;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const YAML::Node keyNode = it->first;
        const YAML::Node valueNode = it->second;
        const QString section = keyNode.IsScalar() ? QString::fromStdString(keyNode.Scalar()) : QString();
        if (!sections.contains(section)) {
            result.warnings << unknownKeyWarning(where(keyNode), section);
            continue;
        }
        if (valueNode.IsNull()) continue;  // "display:" with nothing under it
        if (section == QLatin1String("devices")) {
            // The whole list of this layer replaces the lower layers' list; bad entries are dropped.
            QList<DeviceConfig> devices;
            config_detail::parseDevices(path, valueNode, &devices, &result.errors, &result.warnings);
            if (valueNode.IsSequence()) {
                result.config.vehicle.devices = devices;
                result.sources[section] = where(keyNode);
            }
            continue;
        }
        if (!valueNode.IsMap()) {
            result.errors << where(keyNode) + QStringLiteral(": ") + section +
                                 QStringLiteral(
                                     ": expected a mapping of keys (indented 'key: value' lines), got ") +
                                 describe(rawValue(valueNode));
            continue;
        }
        // Keys may nest deeper than section.leaf (runtimes.qairt.version): a mapping under a prefix of
        // known keys is walked with the prefix.
        std::function<void(const YAML::Node&, const QString&)> walk;
        walk = [&](const YAML::Node& map, const QString& prefix) {
            for (auto kv = map.begin(); kv != map.end(); ++kv) {
                const YAML::Node leafNode = kv->first;
                const QString leaf =
                    leafNode.IsScalar() ? QString::fromStdString(leafNode.Scalar()) : QString();
                const QString key = prefix + QLatin1Char('.') + leaf;
                const QString at = where(leafNode);
                if (!isConfigKey(key) && kv->second.IsMap() && !leaf.isEmpty()) {
                    bool isPrefix = false;
                    for (const ConfigKeyInfo& k : configKeys())
                        isPrefix = isPrefix || k.key.startsWith(key + QLatin1Char('.'));
                    if (isPrefix) {
                        walk(kv->second, key);
                        continue;
                    }
                }
                if (!isConfigKey(key)) {
                    result.warnings << unknownKeyWarning(at, key);
                    continue;
                }
                if (seen.contains(key))
                    result.warnings << at + QStringLiteral(": duplicate key '") + key +
                                           QStringLiteral("' (this later value is used)");
                seen.insert(key);
                QString why;
                if (applyConfigValue(result.config, key, rawValue(kv->second), baseDir, &why)) {
                    result.sources[key] = at;
                } else {
                    result.errors << at + QStringLiteral(": ") + key + QStringLiteral(": ") + why;
                }
            }
        };
        walk(valueNode, section);
    }
}

// Rules across keys, checked on the merged result; a violation restores both keys' defaults.
void checkCrossKeys(ConfigResult& result, const AppConfig& defaults) {
    ThermalConfig& t = result.config.thermal;
    if (t.hotC <= t.warmC) {
        const QString at = result.source(QStringLiteral("thermal.hot_c")) != QLatin1String("default")
                               ? result.source(QStringLiteral("thermal.hot_c"))
                               : result.source(QStringLiteral("thermal.warm_c"));
        result.errors << at + QStringLiteral(
                                  ": thermal.hot_c: expected a temperature above thermal.warm_c (%1), got "
                                  "'%2' (both reset to their defaults)")
                                  .arg(QString::number(t.warmC), QString::number(t.hotC));
        t.warmC = defaults.thermal.warmC;
        t.hotC = defaults.thermal.hotC;
        result.sources[QStringLiteral("thermal.warm_c")] = QStringLiteral("default");
        result.sources[QStringLiteral("thermal.hot_c")] = QStringLiteral("default");
    }
}

}  // namespace

ConfigLoader::ConfigLoader() {
    const QString env = qEnvironmentVariable("PEREGRINE_SYSTEM_CONFIG");
    m_systemPath = env.isEmpty() ? QStringLiteral("/etc/peregrine/peregrine.yaml") : env;
}

ConfigLoader::ConfigLoader(const QString& systemConfigPath) : m_systemPath(systemConfigPath) {}

QString ConfigLoader::userConfigPath() {
    return peregrineConfigDir() + QStringLiteral("/peregrine.yaml");
}

ConfigResult ConfigLoader::load(const QString& explicitConfigPath) const {
    ConfigResult result;
    const AppConfig defaults = defaultAppConfig(m_kiosk);
    result.config = defaults;
    for (const ConfigKeyInfo& k : configKeys()) result.sources[k.key] = QStringLiteral("default");

    struct Layer {
        QString path;
        bool required;
    };
    QList<Layer> layers;
    if (!m_systemPath.isEmpty()) layers << Layer{m_systemPath, false};
    layers << Layer{userConfigPath(), false};
    if (!explicitConfigPath.isEmpty()) layers << Layer{explicitConfigPath, true};

    for (const Layer& layer : layers) {
        if (!QFileInfo::exists(layer.path)) {
            if (layer.required)
                result.errors << layer.path + QStringLiteral(": no such file (given with --config)");
            else
                qCDebug(lcConfig).noquote() << "no config layer at" << layer.path;
            continue;
        }
        YAML::Node root;
        QString error;
        if (!readYamlFile(layer.path, &root, &error)) {
            result.errors << error;
            continue;
        }
        result.files << layer.path;
        qCDebug(lcConfig).noquote() << "reading config layer" << layer.path;
        applyLayer(layer.path, root, result);
    }
    checkCrossKeys(result, defaults);

    if (m_logDiagnostics) {
        for (const QString& w : std::as_const(result.warnings)) qCWarning(lcConfig).noquote() << w;
        for (const QString& e : std::as_const(result.errors)) qCWarning(lcConfig).noquote() << e;
    }
    return result;
}

}  // namespace peregrine
