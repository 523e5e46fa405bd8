#include "config/app_config.h"

#include <QDir>

namespace peregrine {

namespace {
// An XDG base directory: the variable when set to an absolute path (the spec ignores relative ones),
// else the fallback under the home folder.
QString xdgDir(const char* variable, const char* fallbackUnderHome) {
    const QString value = qEnvironmentVariable(variable);
    if (!value.isEmpty() && QDir::isAbsolutePath(value)) return QDir::cleanPath(value);
    return QDir::homePath() + QLatin1Char('/') + QLatin1String(fallbackUnderHome);
}
}  // namespace

QString peregrineDataDir() {
    return xdgDir("XDG_DATA_HOME", ".local/share") + QStringLiteral("/peregrine");
}

QString peregrineConfigDir() {
    return xdgDir("XDG_CONFIG_HOME", ".config") + QStringLiteral("/peregrine");
}

AppConfig defaultAppConfig(bool kiosk) {
    AppConfig c;
    c.models.dirs = QStringList{kiosk ? QStringLiteral("/var/lib/peregrine/models")
                                      : peregrineDataDir() + QStringLiteral("/models")};
    c.storage.databasePath = peregrineDataDir() + QStringLiteral("/peregrine.db");
    return c;
}

}  // namespace peregrine
