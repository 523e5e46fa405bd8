#include "config/config_schema.h"

#include <QDir>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>
#include <functional>

namespace peregrine {

namespace {

enum class Type { Int, Double, Text, Choice, Pin, Path, PathList, DeviceList };

struct Entry {
    ConfigKeyInfo info;
    Type type = Type::Text;
    double min = 0, max = 0;
    QStringList choices;
    // set: stores an already validated value (int/double/QString/QStringList in a QVariant).
    std::function<void(AppConfig&, const QVariant&)> set;
    std::function<QString(const AppConfig&)> text;
};

QString numberText(double v) {
    return QString::number(v, 'g', 10);
}

// The description part of a whole-number key (set/text are added by the caller).
Entry intEntry(const char* key, const char* desc, int min, int max) {
    Entry e;
    e.info = {QString::fromLatin1(key), QString::fromLatin1(desc),
              QStringLiteral("a whole number between %1 and %2").arg(min).arg(max)};
    e.type = Type::Int;
    e.min = min;
    e.max = max;
    return e;
}

template <typename S>
Entry intKey(const char* key, const char* desc, S AppConfig::*section, int S::*field, int min, int max) {
    Entry e = intEntry(key, desc, min, max);
    e.set = [=](AppConfig& c, const QVariant& v) { (c.*section).*field = v.toInt(); };
    e.text = [=](const AppConfig& c) { return QString::number((c.*section).*field); };
    return e;
}

template <typename S>
Entry doubleKey(const char* key, const char* desc, S AppConfig::*section, double S::*field, double min,
                double max) {
    Entry e;
    e.info = {QString::fromLatin1(key), QString::fromLatin1(desc),
              QStringLiteral("a number between %1 and %2").arg(numberText(min), numberText(max))};
    e.type = Type::Double;
    e.min = min;
    e.max = max;
    e.set = [=](AppConfig& c, const QVariant& v) { (c.*section).*field = v.toDouble(); };
    e.text = [=](const AppConfig& c) { return numberText((c.*section).*field); };
    return e;
}

// The description part of a text key (set/text are added by the caller).
Entry textEntry(const char* key, const char* desc, Type type, QStringList choices) {
    Entry e;
    QString allowed = QStringLiteral("text");
    if (type == Type::Choice) allowed = QStringLiteral("one of ") + choices.join(QStringLiteral(", "));
    if (type == Type::Pin) allowed = QStringLiteral("4 to 8 digits");
    if (type == Type::Path) allowed = QStringLiteral("a path");
    e.info = {QString::fromLatin1(key), QString::fromLatin1(desc), allowed};
    e.type = type;
    e.choices = std::move(choices);
    return e;
}

template <typename S>
Entry textKey(const char* key, const char* desc, S AppConfig::*section, QString S::*field,
              Type type = Type::Text, QStringList choices = {}) {
    Entry e = textEntry(key, desc, type, std::move(choices));
    e.set = [=](AppConfig& c, const QVariant& v) { (c.*section).*field = v.toString(); };
    e.text = [=](const AppConfig& c) { return (c.*section).*field; };
    return e;
}

// A yes/no key; YAML spellings true/false, on/off, yes/no are accepted and printed as true/false.
Entry boolKey(const char* key, const char* desc, bool ThermalConfig::*field) {
    Entry e;
    e.choices = {QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("on"),
                 QStringLiteral("off"),  QStringLiteral("yes"),   QStringLiteral("no")};
    e.info = {QString::fromLatin1(key), QString::fromLatin1(desc), QStringLiteral("true or false")};
    e.type = Type::Choice;
    e.set = [=](AppConfig& c, const QVariant& v) {
        const QString t = v.toString();
        c.thermal.*field =
            t == QLatin1String("true") || t == QLatin1String("on") || t == QLatin1String("yes");
    };
    e.text = [=](const AppConfig& c) {
        return c.thermal.*field ? QStringLiteral("true") : QStringLiteral("false");
    };
    return e;
}

// A yes/no key of any section (same spellings as boolKey above).
template <typename S>
Entry flagKey(const char* key, const char* desc, S AppConfig::*section, bool S::*field) {
    Entry e;
    e.choices = {QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("on"),
                 QStringLiteral("off"),  QStringLiteral("yes"),   QStringLiteral("no")};
    e.info = {QString::fromLatin1(key), QString::fromLatin1(desc), QStringLiteral("true or false")};
    e.type = Type::Choice;
    e.set = [=](AppConfig& c, const QVariant& v) {
        const QString t = v.toString();
        (c.*section).*field =
            t == QLatin1String("true") || t == QLatin1String("on") || t == QLatin1String("yes");
    };
    e.text = [=](const AppConfig& c) {
        return (c.*section).*field ? QStringLiteral("true") : QStringLiteral("false");
    };
    return e;
}

Entry dirsKey() {
    Entry e;
    e.info = {QStringLiteral("models.dirs"),
              QStringLiteral("folders searched for models (GGUF files, bundles)"),
              QStringLiteral("a list of folders")};
    e.type = Type::PathList;
    e.set = [](AppConfig& c, const QVariant& v) { c.models.dirs = v.toStringList(); };
    e.text = [](const AppConfig& c) { return c.models.dirs.join(QStringLiteral(", ")); };
    return e;
}

// mqtt.* keys live in AppConfig::vehicle.mqtt (one level deeper than the other sections).
Entry mqttText(const char* key, const char* desc, QString MqttConfig::*field, Type type = Type::Text) {
    Entry e = textEntry(key, desc, type, {});
    e.set = [=](AppConfig& c, const QVariant& v) { c.vehicle.mqtt.*field = v.toString(); };
    e.text = [=](const AppConfig& c) { return c.vehicle.mqtt.*field; };
    return e;
}

Entry mqttInt(const char* key, const char* desc, int MqttConfig::*field, int min, int max) {
    Entry e = intEntry(key, desc, min, max);
    e.set = [=](AppConfig& c, const QVariant& v) { c.vehicle.mqtt.*field = v.toInt(); };
    e.text = [=](const AppConfig& c) { return QString::number(c.vehicle.mqtt.*field); };
    return e;
}

// "devices": a list of mappings, parsed by ConfigLoader (config_devices.cpp) with its line numbers; the table
// lists it so that `peregrine-cli config` shows it and its source.
Entry devicesKey() {
    Entry e;
    e.info = {
        QStringLiteral("devices"),
        QStringLiteral("the vehicle's named devices (lights, awning, pump, ...) switched over MQTT or CAN"),
        QStringLiteral("a list of devices (name, aliases, kind, mqtt: or can:)")};
    e.type = Type::DeviceList;
    e.text = [](const AppConfig& c) {
        QStringList names;
        for (const DeviceConfig& d : c.vehicle.devices)
            names << d.name + (d.transport == DeviceTransport::Mqtt ? QStringLiteral(" (mqtt)")
                                                                    : QStringLiteral(" (can)"));
        return names.join(QStringLiteral(", "));
    };
    return e;
}

const QList<Entry>& entries() {
    static const QList<Entry> table = [] {
        using A = AppConfig;
        QList<Entry> t;
        t << dirsKey()
          << textKey("models.current", "model to load at start (file name in a models dir, or a path)",
                     &A::models, &ModelsConfig::current)
          << textKey("models.last_good", "last model that loaded (fallback; written by the app)", &A::models,
                     &ModelsConfig::lastGood)
          << intKey("models.memory_limit_mb", "memory a model may use in MB (0 = MemAvailable)", &A::models,
                    &ModelsConfig::memoryLimitMb, 0, 1048576)
          << textKey("runtimes.qairt.version", "QAIRT version of this board (empty = detect)", &A::runtimes,
                     &RuntimesConfig::qairtVersion)
          << textKey("runtimes.rkllm.version", "RKLLM runtime version of this board (empty = unknown)",
                     &A::runtimes, &RuntimesConfig::rkllmVersion)
          << textKey(
                 "runtimes.llamacpp.library",
                 "libllama.so for the llamacpp backend (empty = PEREGRINE_LLAMACPP_LIB, else the system's)",
                 &A::runtimes, &RuntimesConfig::llamacppLibrary)
          << textKey("runtimes.genie.library",
                     "libGenie.so for Genie bundles (empty = PEREGRINE_GENIE_LIB, else the system's)",
                     &A::runtimes, &RuntimesConfig::genieLibrary)
          << textKey("runtimes.qairt.root",
                     "QAIRT install folder: its DSP skels go on ADSP_LIBRARY_PATH (empty = QAIRT_HOME)",
                     &A::runtimes, &RuntimesConfig::qairtRoot)
          << textKey("runtimes.rkllm.library",
                     "librkllmrt.so for .rkllm models (empty = PEREGRINE_RKLLM_LIB, else the system's)",
                     &A::runtimes, &RuntimesConfig::rkllmLibrary)
          << textKey("inference.backend", "runtime that runs the model", &A::inference,
                     &InferenceConfig::backend, Type::Choice,
                     {QStringLiteral("native"), QStringLiteral("llamacpp"), QStringLiteral("openai")})
          << intKey("inference.threads", "compute threads (0 = auto: one per hardware thread)", &A::inference,
                    &InferenceConfig::threads, 0, 256)
          << intKey("inference.context_length", "context window in tokens", &A::inference,
                    &InferenceConfig::contextLength, 128, 262144)
          << intKey("inference.max_tokens", "longest answer in tokens", &A::inference,
                    &InferenceConfig::maxTokens, 1, 32768)
          << doubleKey("inference.temperature", "sampling temperature (0 = greedy)", &A::inference,
                       &InferenceConfig::temperature, 0, 2)
          << doubleKey("inference.top_p", "nucleus sampling (1 = off)", &A::inference, &InferenceConfig::topP,
                       0, 1)
          << intKey("inference.top_k", "top-k sampling (0 = off)", &A::inference, &InferenceConfig::topK, 0,
                    1000)
          << doubleKey("inference.min_p", "min-p sampling (0 = off)", &A::inference, &InferenceConfig::minP,
                       0, 1)
          << doubleKey("inference.repeat_penalty", "repetition penalty (1 = off)", &A::inference,
                       &InferenceConfig::repeatPenalty, 0.5, 2)
          << textKey("inference.system_prompt", "system prompt of every conversation", &A::inference,
                     &InferenceConfig::systemPrompt)
          << textKey("inference.endpoint", "OpenAI-compatible API base the openai backend answers through",
                     &A::inference, &InferenceConfig::endpoint)
          << textKey("inference.endpoint_model",
                     "model asked for at inference.endpoint (empty = the server's)", &A::inference,
                     &InferenceConfig::endpointModel)
          << textKey("inference.api_key_file", "file holding the inference.endpoint API key (mode 0600)",
                     &A::inference, &InferenceConfig::apiKeyFile, Type::Path)
          << textKey("display.theme", "colour theme", &A::display, &DisplayConfig::theme, Type::Choice,
                     {QStringLiteral("day"), QStringLiteral("night"), QStringLiteral("auto")})
          << doubleKey("display.text_scale", "text size factor", &A::display, &DisplayConfig::textScale, 0.5,
                       3)
          << textKey("kiosk.exit_pin", "PIN that leaves kiosk mode", &A::kiosk, &KioskConfig::exitPin,
                     Type::Pin)
          << intKey("kiosk.exit_hold_ms", "long press on the exit corner before the PIN pad", &A::kiosk,
                    &KioskConfig::exitHoldMs, 500, 30000)
          << textKey("thermal.sysfs_root", "root of the sysfs tree (thermal zones, cpufreq)", &A::thermal,
                     &ThermalConfig::sysfsRoot, Type::Path)
          << intKey("thermal.poll_ms", "thermal poll interval", &A::thermal, &ThermalConfig::pollMs, 100,
                    60000)
          << doubleKey("thermal.warm_c", "warm threshold in degrees C", &A::thermal, &ThermalConfig::warmC,
                       20, 150)
          << doubleKey("thermal.hot_c", "hot threshold in degrees C (above warm_c)", &A::thermal,
                       &ThermalConfig::hotC, 20, 150)
          << boolKey("thermal.governor", "react to heat (fewer threads, shorter answers, fallback, pause)",
                     &ThermalConfig::governor)
          << doubleKey("thermal.critical_c", "critical threshold in degrees C (0 = the board's)", &A::thermal,
                       &ThermalConfig::criticalC, 0, 150)
          << doubleKey("thermal.hysteresis_c", "leave a level only this far below its threshold", &A::thermal,
                       &ThermalConfig::hysteresisC, 0, 30)
          << intKey("thermal.restore_step_s", "seconds of staying cooler per level restored", &A::thermal,
                    &ThermalConfig::restoreStepS, 1, 3600)
          << intKey("thermal.warm_threads", "inference threads when warm (0 = as configured)", &A::thermal,
                    &ThermalConfig::warmThreads, 0, 256)
          << intKey("thermal.hot_threads", "inference threads when hot (0 = as configured)", &A::thermal,
                    &ThermalConfig::hotThreads, 0, 256)
          << intKey("thermal.critical_threads", "inference threads when critical (0 = as configured)",
                    &A::thermal, &ThermalConfig::criticalThreads, 0, 256)
          << intKey("thermal.warm_max_tokens", "longest answer when warm (0 = as configured)", &A::thermal,
                    &ThermalConfig::warmMaxTokens, 0, 32768)
          << intKey("thermal.hot_max_tokens", "longest answer when hot (0 = as configured)", &A::thermal,
                    &ThermalConfig::hotMaxTokens, 0, 32768)
          << intKey("thermal.critical_max_tokens", "longest answer when critical (0 = as configured)",
                    &A::thermal, &ThermalConfig::criticalMaxTokens, 0, 32768)
          << textKey("thermal.fallback_model", "smaller model to switch to when hot (empty = none)",
                     &A::thermal, &ThermalConfig::fallbackModel)
          << textKey("thermal.fallback_at", "level from which the fallback model is used", &A::thermal,
                     &ThermalConfig::fallbackAt, Type::Choice,
                     {QStringLiteral("warm"), QStringLiteral("hot"), QStringLiteral("critical"),
                      QStringLiteral("never")})
          << boolKey("thermal.pause_at_critical",
                     "pause answers at critical (spoken and on-screen notice; questions refused aloud)",
                     &ThermalConfig::pauseAtCritical)
          << textKey("storage.database", "SQLite database file", &A::storage, &StorageConfig::databasePath,
                     Type::Path)
          << flagKey("voice.enabled", "talk to the assistant (false = text only, no audio device)", &A::voice,
                     &VoiceSettings::enabled)
          << textKey("voice.input_device", "microphone by name (empty = system default)", &A::voice,
                     &VoiceSettings::inputDevice)
          << textKey("voice.output_device", "loudspeaker by name (empty = system default)", &A::voice,
                     &VoiceSettings::outputDevice)
          << textKey("voice.wake_word", "wake phrase spotted while idle", &A::voice, &VoiceSettings::wakeWord)
          << flagKey("voice.wake_enabled", "listen for the wake phrase (push-to-talk always works)",
                     &A::voice, &VoiceSettings::wakeEnabled)
          << doubleKey("voice.wake_threshold",
                       "wake phrase keyphrase threshold (lower fires more easily, and falsely)", &A::voice,
                       &VoiceSettings::wakeThreshold, 1e-60, 1)
          << intKey("voice.end_silence_ms", "silence that ends a spoken question", &A::voice,
                    &VoiceSettings::endSilenceMs, 100, 3000)
          << intKey(
                 "voice.quick_end_ms",
                 "pause that ends a question sooner when its words are complete (0 = always end_silence_ms)",
                 &A::voice, &VoiceSettings::quickEndMs, 0, 3000)
          << intKey("voice.first_clause_chars",
                    "speak the answer's first clause once it is this long (0 = wait for the first sentence)",
                    &A::voice, &VoiceSettings::firstClauseChars, 0, 400)
          << intKey("voice.follow_up_ms",
                    "after a spoken answer, listen this long for a follow-up without the wake word (0 = off)",
                    &A::voice, &VoiceSettings::followUpMs, 0, 30000)
          << textKey("voice.stt_engine", "speech recognition engine", &A::voice, &VoiceSettings::sttEngine,
                     Type::Choice, {QStringLiteral("pocketsphinx")})
          << textKey("voice.tts_engine", "speech synthesis engine", &A::voice, &VoiceSettings::ttsEngine,
                     Type::Choice, {QStringLiteral("flite"), QStringLiteral("espeak-ng")})
          << textKey("voice.tts_voice", "synthesis voice (empty = the engine's default)", &A::voice,
                     &VoiceSettings::ttsVoice)
          << doubleKey("voice.tts_rate", "speaking rate (1 = the voice's normal)", &A::voice,
                       &VoiceSettings::ttsRate, 0.5, 2)
          << flagKey("deep_think.enabled", "send questions the driver marks \"deep think\" to the endpoint",
                     &A::deepThink, &DeepThinkConfig::enabled)
          << textKey("deep_think.endpoint", "OpenAI-compatible API base for deep think (https://host/v1)",
                     &A::deepThink, &DeepThinkConfig::endpoint)
          << textKey("deep_think.model", "model asked for at the deep think endpoint (empty = the server's)",
                     &A::deepThink, &DeepThinkConfig::model)
          << textKey("deep_think.api_key_file", "file holding the deep think API key (mode 0600)",
                     &A::deepThink, &DeepThinkConfig::apiKeyFile, Type::Path)
          << mqttText("mqtt.host", "MQTT broker the devices are switched through", &MqttConfig::host)
          << mqttInt("mqtt.port", "MQTT broker port", &MqttConfig::port, 1, 65535)
          << mqttText("mqtt.client_id", "MQTT client id of this assistant", &MqttConfig::clientId)
          << mqttText("mqtt.username", "MQTT user name (empty = anonymous)", &MqttConfig::username)
          << mqttText("mqtt.password_file", "file holding the MQTT password (mode 0600)",
                      &MqttConfig::passwordFile, Type::Path)
          << mqttInt("mqtt.timeout_ms", "longest wait for the broker to connect and confirm a command",
                     &MqttConfig::timeoutMs, 100, 30000)
          << devicesKey();
        return t;
    }();
    return table;
}

const Entry* findEntry(const QString& key) {
    for (const Entry& e : entries())
        if (e.info.key == key) return &e;
    return nullptr;
}

QString describe(const ConfigRawValue& raw) {
    switch (raw.kind) {
        case ConfigRawValue::Kind::Null:
            return QStringLiteral("nothing");
        case ConfigRawValue::Kind::Scalar:
            return QLatin1Char('\'') + raw.text + QLatin1Char('\'');
        case ConfigRawValue::Kind::List:
            return QStringLiteral("a list");
        case ConfigRawValue::Kind::Map:
            return QStringLiteral("a mapping");
    }
    return {};
}

QString resolvePath(const QString& p, const QString& baseDir) {
    QString path = p.trimmed();
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        path = QDir::homePath() + path.mid(1);
    if (!baseDir.isEmpty() && QDir::isRelativePath(path)) path = QDir(baseDir).absoluteFilePath(path);
    return QDir::cleanPath(path);
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
int editDistance(const QString& a, const QString& b) {
    const int n = a.size(), m = b.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (int i = 0; i <= n; ++i) d[i][0] = i;
    for (int j = 0; j <= m; ++j) d[0][j] = j;
    for (int i = 1; i <= n; ++i) {
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

}  // namespace

const QList<ConfigKeyInfo>& configKeys() {
    static const QList<ConfigKeyInfo> keys = [] {
        QList<ConfigKeyInfo> k;
        for (const Entry& e : entries()) k << e.info;
        return k;
    }();
    return keys;
}

bool isConfigKey(const QString& key) {
    return findEntry(key) != nullptr;
}

QStringList configSections() {
    QStringList s;
    for (const Entry& e : entries()) {
        const QString section = e.info.key.section(QLatin1Char('.'), 0, 0);
        if (!s.contains(section)) s << section;
    }
    return s;
}

QString configValueText(const AppConfig& config, const QString& key) {
    const Entry* e = findEntry(key);
    return e ? e->text(config) : QString();
}

bool applyConfigValue(AppConfig& config, const QString& key, const ConfigRawValue& raw,
                      const QString& baseDir, QString* why) {
    const Entry* e = findEntry(key);
    auto reject = [&](const QString& message) {
        if (why) *why = message;
        return false;
    };
    if (!e) return reject(QStringLiteral("unknown key"));
    const QString expected = QStringLiteral("expected ") + e->info.allowed + QStringLiteral(", got ");
    if (e->type == Type::DeviceList)
        return reject(
            QStringLiteral("the devices list is written in the YAML file (see the README), not set "
                           "as one value"));

    if (e->type == Type::PathList) {
        QStringList items;
        if (raw.kind == ConfigRawValue::Kind::Scalar && !raw.text.trimmed().isEmpty()) {
            items << raw.text;  // one folder given without list syntax
        } else if (raw.kind == ConfigRawValue::Kind::List && !raw.nested) {
            items = raw.items;
        } else if (raw.kind == ConfigRawValue::Kind::List) {
            return reject(expected + QStringLiteral("a list containing a list or mapping"));
        } else {
            return reject(expected + describe(raw));
        }
        QStringList resolved;
        for (const QString& item : items) {
            if (item.trimmed().isEmpty()) return reject(expected + QStringLiteral("an empty folder name"));
            resolved << resolvePath(item, baseDir);
        }
        e->set(config, resolved);
        return true;
    }

    if (raw.kind == ConfigRawValue::Kind::Null && e->type == Type::Text) {
        e->set(config, QString());
        return true;
    }
    if (raw.kind != ConfigRawValue::Kind::Scalar) return reject(expected + describe(raw));
    const QString text = raw.text.trimmed();

    switch (e->type) {
        case Type::Int: {
            bool ok = false;
            const qlonglong v = text.toLongLong(&ok);
            if (!ok || v < e->min || v > e->max) return reject(expected + describe(raw));
            e->set(config, static_cast<int>(v));
            return true;
        }
        case Type::Double: {
            bool ok = false;
            const double v = text.toDouble(&ok);
            if (!ok || !std::isfinite(v) || v < e->min || v > e->max) return reject(expected + describe(raw));
            e->set(config, v);
            return true;
        }
        case Type::Choice:
            if (!e->choices.contains(text)) return reject(expected + describe(raw));
            e->set(config, text);
            return true;
        case Type::Pin: {
            static const QRegularExpression pin(QStringLiteral("^[0-9]{4,8}$"));
            if (!pin.match(text).hasMatch()) return reject(expected + describe(raw));
            e->set(config, text);
            return true;
        }
        case Type::Path:
            if (text.isEmpty()) return reject(expected + describe(raw));
            e->set(config, resolvePath(text, baseDir));
            return true;
        case Type::Text:
            e->set(config, raw.text);  // untrimmed: prompts keep their spacing
            return true;
        case Type::PathList:
        case Type::DeviceList:
            break;
    }
    return reject(QStringLiteral("unsupported key type"));
}

QString suggestConfigKey(const QString& key) {
    QStringList candidates;
    if (key.contains(QLatin1Char('.'))) {
        for (const Entry& e : entries()) candidates << e.info.key;
    } else {
        candidates = configSections();
    }
    // A known leaf in the wrong section ("display.exit_pin" -> "kiosk.exit_pin").
    const QString leaf = key.section(QLatin1Char('.'), -1);
    if (key.contains(QLatin1Char('.'))) {
        for (const QString& c : candidates)
            if (c.section(QLatin1Char('.'), -1) == leaf) return c;
    }
    QString best;
    int bestDistance = std::max(2, static_cast<int>(key.size()) / 6) + 1;
    for (const QString& c : candidates) {
        const int d = editDistance(key, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

}  // namespace peregrine
