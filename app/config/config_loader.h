// ConfigLoader: reads the YAML layers into an AppConfig, lowest first, each overriding the keys it sets:
//   1. system:   /etc/peregrine/peregrine.yaml (or $PEREGRINE_SYSTEM_CONFIG, or the constructor argument)
//   2. user:     $XDG_CONFIG_HOME/peregrine/peregrine.yaml (default ~/.config/peregrine/peregrine.yaml)
//   3. explicit: --config FILE (must exist)
// Missing system/user files are skipped silently. Problems never stop loading: an unknown key is a warning,
// an invalid value (or a YAML syntax error, or an unreadable file) is an error and the key keeps its
// lower-layer value. Messages read "FILE:LINE: ..." (LINE 1-based). Not thread-safe; cheap (a few small
// files).
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "config/app_config.h"

namespace peregrine {

struct ConfigResult {
    AppConfig config;
    QMap<QString, QString> sources;  // every key in configKeys() -> "default" or "FILE:LINE"
    QStringList warnings;  // "FILE:LINE: unknown key 'inference.temprature' (ignored; did you mean ...)"
    QStringList errors;    // "FILE:LINE: inference.temperature: expected a number between 0 and 2, got 'hot'"
    QStringList files;     // the layer files that were read, lowest first
    bool ok() const { return errors.isEmpty(); }
    QString source(const QString& key) const { return sources.value(key, QStringLiteral("default")); }
};

class ConfigLoader {
public:
    // System layer: $PEREGRINE_SYSTEM_CONFIG if set, else /etc/peregrine/peregrine.yaml.
    ConfigLoader();
    // System layer at systemConfigPath (tests); an empty path means "no system layer".
    explicit ConfigLoader(const QString& systemConfigPath);

    // kiosk = true: defaults for a kiosk install (models in /var/lib/peregrine/models). Default false.
    void setKiosk(bool kiosk) { m_kiosk = kiosk; }
    // logDiagnostics = true (default): load() and saveUserSetting() also log their warnings and errors to
    // peregrine.config. Tools that print them themselves turn it off.
    void setLogDiagnostics(bool log) { m_logDiagnostics = log; }

    QString systemConfigPath() const { return m_systemPath; }
    // $XDG_CONFIG_HOME/peregrine/peregrine.yaml (default ~/.config/peregrine/peregrine.yaml); may not exist.
    static QString userConfigPath();

    // Loads the layers; explicitConfigPath is the --config FILE (empty = none; a missing file is an error).
    ConfigResult load(const QString& explicitConfigPath = {}) const;

    // Writes one key (e.g. "display.theme", "models.dirs") into the user layer file, keeping the other keys,
    // atomically (QSaveFile: the old file stays intact on any failure). The value is validated like a value
    // read from a file (QStringList for models.dirs; numbers may be int/double/string). Creates the folder.
    // Returns false with *error set ("cannot save display.theme to FILE: ...") on an unknown key, an invalid
    // value, a user file with a YAML syntax error (left untouched), or a write failure (read-only, disk
    // full). Comments in the user file are not preserved (the file is re-emitted by yaml-cpp).
    bool saveUserSetting(const QString& key, const QVariant& value, QString* error = nullptr) const;

private:
    QString m_systemPath;
    bool m_kiosk = false;
    bool m_logDiagnostics = true;
};

}  // namespace peregrine
