// The table of configuration keys: name, type, allowed values, default, and how each binds to AppConfig.
// ConfigLoader validates with it, `peregrine-cli config` prints with it, the README table mirrors it.
#pragma once

#include <QString>
#include <QStringList>

#include "config/app_config.h"

namespace peregrine {

struct ConfigKeyInfo {
    QString key;          // "inference.temperature"
    QString description;  // one line for help/README
    QString allowed;      // "a number between 0 and 2"
};

// All keys in display order (section by section).
const QList<ConfigKeyInfo>& configKeys();
bool isConfigKey(const QString& key);

// The value of key in config as text (lists joined with ", "; strings as-is). Empty for an unknown key.
QString configValueText(const AppConfig& config, const QString& key);

// A value as read from YAML or handed to ConfigLoader::saveUserSetting().
struct ConfigRawValue {
    enum class Kind { Null, Scalar, List, Map };
    Kind kind = Kind::Null;
    QString text;         // Scalar
    QStringList items;    // List (of scalars; a list containing a list or mapping is Kind::Map-like invalid)
    bool nested = false;  // List with a non-scalar item
};

// Validates raw for key and stores it into config. Relative paths resolve against baseDir (empty = keep),
// "~/" against the home folder. On failure config is unchanged and *why reads e.g.
// "expected a number between 0 and 2, got 'hot'". An unknown key fails with "unknown key".
bool applyConfigValue(AppConfig& config, const QString& key, const ConfigRawValue& raw,
                      const QString& baseDir, QString* why);

// Section names ("models", "inference", ...), in display order.
QStringList configSections();

// The closest known key within a small edit distance ("inference.temprature" -> "inference.temperature"),
// or an empty string.
QString suggestConfigKey(const QString& key);

}  // namespace peregrine
