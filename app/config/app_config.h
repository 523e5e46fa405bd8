// Plain configuration structs, one per subsystem, with their defaults. Filled by ConfigLoader from the YAML
// layers (see config_loader.h); every field maps to one YAML key, listed in config_schema.h and the README.
#pragma once

#include <QString>
#include <QStringList>

#include "config/vehicle_config.h"
#include "core/defaults.h"

namespace peregrine {

struct ModelsConfig {
    QStringList
        dirs;  // models.dirs; default $XDG_DATA_HOME/peregrine/models (kiosk: /var/lib/peregrine/models)
    QString current;   // models.current: file or folder name (in a dir) or absolute path; empty = pick first
    QString lastGood;  // models.last_good: the last model that loaded; the fallback when current fails
    int memoryLimitMb = 0;  // models.memory_limit_mb: board memory limit for the fit check; 0 = MemAvailable
};

// Vendor runtime versions of this board when the libraries cannot tell (runtime_version.h); "" = detect.
struct RuntimesConfig {
    QString qairtVersion;  // runtimes.qairt.version ("2.40.1"); PEREGRINE_QAIRT_VERSION overrides it
    QString rkllmVersion;  // runtimes.rkllm.version; PEREGRINE_RKLLM_VERSION overrides it
    // runtimes.llamacpp.library: libllama.so for the llamacpp backend; "" = PEREGRINE_LLAMACPP_LIB, else the
    // dynamic linker's search ("libllama.so").
    QString llamacppLibrary;
    // NPU runtimes: libGenie.so / librkllmrt.so ("" = PEREGRINE_GENIE_LIB / PEREGRINE_RKLLM_LIB, else the
    // linker's search), and the QAIRT install whose hexagon-vNN/unsigned skels go on ADSP_LIBRARY_PATH.
    QString genieLibrary;  // runtimes.genie.library
    QString rkllmLibrary;  // runtimes.rkllm.library
    QString qairtRoot;     // runtimes.qairt.root ("" = QAIRT_HOME)
};

struct InferenceConfig {
    QString backend = QStringLiteral("native");  // inference.backend: native | llamacpp | openai
    // Defaults from core/defaults.h, shared with the engine and the CLI.
    int threads = 0;  // 0 = auto: defaults::autoThreads() (one per hardware thread)
    int contextLength = defaults::kContextLength;
    int maxTokens = defaults::kMaxTokens;
    double temperature = defaults::kTemperature;
    double topP = defaults::kTopP;
    int topK = defaults::kTopK;  // 0 = off
    double minP = defaults::kMinP;
    double repeatPenalty = defaults::kRepeatPenalty;  // 1 = off
    QString systemPrompt =
        QStringLiteral("You are Peregrine, a helpful in-cab voice assistant. Answer briefly.");
    // backend openai: the server the app answers through (llama-server, Ollama, GenieAPIService)
    QString endpoint;       // inference.endpoint: API base, e.g. http://127.0.0.1:8080/v1
    QString endpointModel;  // inference.endpoint_model: "model" of each request (empty = the server's)
    QString apiKeyFile;     // inference.api_key_file: file holding its API key (mode 0600); empty = no key
};

struct DisplayConfig {
    QString theme = QStringLiteral("auto");  // day | night | auto
    double textScale = 1.0;
};

struct KioskConfig {
    QString exitPin = QStringLiteral("0000");  // 4 to 8 digits
    int exitHoldMs = 3000;                     // long-press time on the hidden exit corner
};

struct ThermalConfig {
    QString sysfsRoot = QStringLiteral("/sys");  // tests point this at a fake tree
    int pollMs = 2000;
    double warmC = 70;  // above: "warm" (governor starts to back off)
    double hotC = 85;   // above: "hot"; always > warmC
    // Governor (app/system/governor.h). warm_c/hot_c left at their defaults: the board family's values.
    bool governor = true;
    double criticalC = 0;    // 0 = the board family's value
    double hysteresisC = 5;  // leave a level only this far below its threshold
    int restoreStepS = 30;   // one level back per this many seconds of staying cooler
    int warmThreads = 0, hotThreads = 2, criticalThreads = 1;             // 0 = as configured
    int warmMaxTokens = 192, hotMaxTokens = 128, criticalMaxTokens = 64;  // 0 = as configured
    QString fallbackModel;                       // smaller model to switch to; empty = none
    QString fallbackAt = QStringLiteral("hot");  // warm | hot | critical | never
    bool pauseAtCritical = true;
};

// Voice section (peregrine.yaml "voice"); the voice layer maps it onto voice::VoiceConfig
// (voice/voice_settings.h). Empty device names mean the system default.
struct VoiceSettings {
    bool enabled = true;   // voice.enabled: false = text only, no audio device is opened
    QString inputDevice;   // voice.input_device
    QString outputDevice;  // voice.output_device
    QString wakeWord = QStringLiteral("hey peregrine");  // voice.wake_word
    bool wakeEnabled = false;                            // voice.wake_enabled (push-to-talk always works)
    // voice.wake_threshold: keyphrase threshold (lower fires more easily, and falsely); bench/wake_word tunes
    // it
    double wakeThreshold = 1e-20;
    int endSilenceMs = 400;     // voice.end_silence_ms: silence that ends the question
    int quickEndMs = 200;       // pause that ends a complete question sooner (0: always endSilenceMs)
    int firstClauseChars = 30;  // speak the first clause once this long (0: wait for the first sentence)
    int followUpMs = 4000;      // voice.follow_up_ms: after an answer, a question needs no wake word (0: off)
    QString sttEngine = QStringLiteral("pocketsphinx");  // voice.stt_engine (speech::speechToTextEngines())
    QString ttsEngine = QStringLiteral("flite");         // voice.tts_engine: flite | espeak-ng
    QString ttsVoice;                                    // voice.tts_voice; empty = the engine's default
    double ttsRate = 1.0;                                // voice.tts_rate
};

// "Deep think": a larger model on a configured OpenAI-compatible endpoint, used only when the driver asks
// (a cab phrase or a button); text only, audio never leaves. Off by default: with it off the process opens no
// network socket. The API key is read only from a file with 0600 permissions (backends/api_key_file.h).
struct DeepThinkConfig {
    bool enabled = false;  // deep_think.enabled
    QString endpoint;      // deep_think.endpoint: API base, e.g. https://host/v1
    QString model;         // deep_think.model: "model" of each request (empty = the server's)
    QString apiKeyFile;    // deep_think.api_key_file: file holding the key (mode 0600); empty = no key
};

struct StorageConfig {
    QString databasePath;  // storage.database; default $XDG_DATA_HOME/peregrine/peregrine.db
};

struct AppConfig {
    ModelsConfig models;
    InferenceConfig inference;
    DisplayConfig display;
    KioskConfig kiosk;
    ThermalConfig thermal;
    StorageConfig storage;
    VoiceSettings voice;
    RuntimesConfig runtimes;
    DeepThinkConfig deepThink;
    VehicleConfig vehicle;  // mqtt.* keys and the devices list
};

// The defaults with the paths filled in from the environment ($XDG_DATA_HOME, default ~/.local/share).
// kiosk = true puts models in /var/lib/peregrine/models.
AppConfig defaultAppConfig(bool kiosk = false);

// $XDG_DATA_HOME/peregrine (default ~/.local/share/peregrine); not created.
QString peregrineDataDir();

// $XDG_CONFIG_HOME/peregrine (default ~/.config/peregrine); not created.
QString peregrineConfigDir();

}  // namespace peregrine
