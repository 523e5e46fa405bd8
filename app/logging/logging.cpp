#include "logging/logging.h"

#include <QByteArray>

// Debug is off until setupLogging() decides (QtInfoMsg = lowest type enabled by default).
Q_LOGGING_CATEGORY(lcApp, "peregrine.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "peregrine.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "peregrine.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcInference, "peregrine.inference", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudio, "peregrine.audio", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSystem, "peregrine.system", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "peregrine.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModels, "peregrine.models", QtInfoMsg)

namespace peregrine {

namespace {
bool g_verbose = false;
}

void setupLogging(bool verbose) {
    g_verbose = verbose || qEnvironmentVariableIntValue("PEREGRINE_VERBOSE") != 0;
    qSetMessagePattern(
        QStringLiteral("%{time hh:mm:ss.zzz} "
                       "%{if-debug}D%{endif}%{if-info}I%{endif}%{if-warning}W%{endif}%{if-critical}E%{endif}%"
                       "{if-fatal}F%{endif} "
                       "%{category}: %{message}"));
    // setFilterRules replaces earlier rules; QT_LOGGING_RULES in the environment is applied after these.
    QLoggingCategory::setFilterRules(g_verbose ? QStringLiteral("peregrine.*.debug=true")
                                               : QStringLiteral("peregrine.*.debug=false"));
}

bool verboseLogging() {
    return g_verbose;
}

}  // namespace peregrine
