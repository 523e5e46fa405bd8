// Logging: one Qt logging category per subsystem. Use qCDebug(lcConfig) << ...; debug output is off unless
// setupLogging(true) (the --verbose option) or PEREGRINE_VERBOSE=1 or QT_LOGGING_RULES enables it.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcApp)        // "peregrine.app": startup, command line, main window
Q_DECLARE_LOGGING_CATEGORY(lcConfig)     // "peregrine.config": YAML layers, validation, saved settings
Q_DECLARE_LOGGING_CATEGORY(lcStorage)    // "peregrine.storage": SQLite, migrations
Q_DECLARE_LOGGING_CATEGORY(lcInference)  // "peregrine.inference": worker, backend sessions
Q_DECLARE_LOGGING_CATEGORY(lcAudio)      // "peregrine.audio": capture, playback, VAD
Q_DECLARE_LOGGING_CATEGORY(lcSystem)     // "peregrine.system": thermal, cpufreq, memory, governor
Q_DECLARE_LOGGING_CATEGORY(lcUi)         // "peregrine.ui": controllers and models exposed to QML
Q_DECLARE_LOGGING_CATEGORY(lcModels)     // "peregrine.models": catalog, verification, switching

namespace peregrine {

// Installs the message pattern ("hh:mm:ss.zzz W peregrine.config: text", to stderr) and the filter rules:
// info and above for every peregrine.* category; debug too when verbose is true or the environment has
// PEREGRINE_VERBOSE=1. QT_LOGGING_RULES still overrides. Call once, early in main(), before other threads.
void setupLogging(bool verbose);

// True after setupLogging() enabled debug output.
bool verboseLogging();

}  // namespace peregrine
