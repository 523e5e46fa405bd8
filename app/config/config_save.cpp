// ConfigLoader::saveUserSetting: one key into the user layer file, atomically.
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include "config/config_loader.h"
#include "config/config_schema.h"
#include "config/yaml_file.h"
#include "logging/logging.h"

namespace peregrine {

using config_detail::readYamlFile;

namespace {

ConfigRawValue rawFromVariant(const QVariant& value) {
    ConfigRawValue raw;
    if (!value.isValid() || value.isNull()) return raw;
    if (value.metaType().id() == QMetaType::QStringList || value.metaType().id() == QMetaType::QVariantList) {
        raw.kind = ConfigRawValue::Kind::List;
        raw.items = value.toStringList();
        return raw;
    }
    raw.kind = ConfigRawValue::Kind::Scalar;
    if (value.metaType().id() == QMetaType::Double || value.metaType().id() == QMetaType::Float)
        raw.text = QString::number(value.toDouble(), 'g', 10);
    else
        raw.text = value.toString();
    return raw;
}

YAML::Node yamlFromRaw(const ConfigRawValue& raw) {
    if (raw.kind == ConfigRawValue::Kind::List) {
        YAML::Node seq(YAML::NodeType::Sequence);
        for (const QString& item : raw.items) seq.push_back(item.toStdString());
        return seq;
    }
    return YAML::Node(raw.text.toStdString());
}

}  // namespace

bool ConfigLoader::saveUserSetting(const QString& key, const QVariant& value, QString* error) const {
    const QString path = userConfigPath();
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        if (m_logDiagnostics) qCWarning(lcConfig).noquote() << message;
        return false;
    };
    const QString prefix = QStringLiteral("cannot save ") + key + QStringLiteral(": ");
    if (!isConfigKey(key)) {
        const QString suggestion = suggestConfigKey(key);
        return fail(
            prefix + QStringLiteral("unknown key") +
            (suggestion.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(suggestion)));
    }
    const ConfigRawValue raw = rawFromVariant(value);
    AppConfig scratch = defaultAppConfig(m_kiosk);
    QString why;
    if (!applyConfigValue(scratch, key, raw, QString(), &why)) return fail(prefix + why);

    try {
        YAML::Node root(YAML::NodeType::Map);
        if (QFileInfo::exists(path)) {
            QString readError;
            YAML::Node existing;
            if (!readYamlFile(path, &existing, &readError))
                return fail(prefix + readError +
                            QStringLiteral(" (fix or remove the file; it was left as it is)"));
            if (existing.IsMap()) root = existing;
            // A non-map root (a stray scalar or list) is not valid config; it is replaced.
        }
        const std::string section = key.section(QLatin1Char('.'), 0, 0).toStdString();
        const std::string leaf = key.section(QLatin1Char('.'), 1).toStdString();
        if (!root[section].IsMap()) root[section] = YAML::Node(YAML::NodeType::Map);
        root[section][leaf] = yamlFromRaw(raw);

        YAML::Emitter out;
        out << root;
        if (!out.good()) return fail(prefix + QString::fromStdString(out.GetLastError()));
        QByteArray bytes(
            "# Peregrine user settings. Written by Peregrine when a setting changes; edits are kept,\n"
            "# comments are not.\n");
        bytes += QByteArray(out.c_str(), static_cast<qsizetype>(out.size()));
        bytes += '\n';

        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir)) return fail(prefix + QStringLiteral("cannot create the folder ") + dir);
        QSaveFile file(path);
        // Unbuffered: a short write (disk full) shows in write()'s result. With Qt 6.4's buffered QSaveFile a
        // short write during the flush in commit() goes unnoticed and a truncated file replaces the old one.
        if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return fail(prefix + QStringLiteral("cannot write ") + path + QStringLiteral(" (") +
                        file.errorString() + QLatin1Char(')'));
        if (file.write(bytes) != bytes.size() ||
            !file.commit())  // on failure ~QSaveFile discards the temp file
            return fail(prefix + QStringLiteral("cannot write ") + path + QStringLiteral(" (") +
                        file.errorString() + QStringLiteral("; the previous file is unchanged)"));
    } catch (const std::exception& e) {
        return fail(prefix + QString::fromLocal8Bit(e.what()));
    }
    qCDebug(lcConfig).noquote() << "saved" << key << "to" << path;
    return true;
}

}  // namespace peregrine
