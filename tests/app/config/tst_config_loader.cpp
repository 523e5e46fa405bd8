// ConfigLoader: defaults, layering with per-key sources, and every warning and error message.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "config/config_loader.h"
#include "config/config_schema.h"

using namespace peregrine;

class TestConfigLoader : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_system, m_user, m_explicit;

    QString write(const QString& path, const QByteArray& text) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(text);
        return path;
    }
    ConfigResult loadExplicit(const QByteArray& text) {
        write(m_explicit, text);
        return ConfigLoader(m_system).load(m_explicit);
    }

private slots:
    void init() {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        const QString root = m_tmp->path();
        qputenv("HOME", QFile::encodeName(root + "/home"));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(root + "/config"));
        qputenv("XDG_DATA_HOME", QFile::encodeName(root + "/data"));
        qunsetenv("PEREGRINE_SYSTEM_CONFIG");
        m_system = root + "/etc/peregrine.yaml";
        m_user = root + "/config/peregrine/peregrine.yaml";
        m_explicit = root + "/explicit.yaml";
    }

    void defaultsWhenNoFiles() {
        const ConfigResult r = ConfigLoader(m_system).load();
        QVERIFY(r.ok());
        QVERIFY(r.warnings.isEmpty());
        QVERIFY(r.files.isEmpty());
        QCOMPARE(ConfigLoader::userConfigPath(), m_user);
        QCOMPARE(r.config.models.dirs, QStringList{m_tmp->path() + "/data/peregrine/models"});
        QCOMPARE(r.config.storage.databasePath, m_tmp->path() + "/data/peregrine/peregrine.db");
        QCOMPARE(r.config.inference.contextLength, 4096);
        QCOMPARE(r.config.inference.temperature, 0.7);
        QCOMPARE(r.config.inference.backend, QStringLiteral("native"));
        QCOMPARE(r.config.runtimes.llamacppLibrary, QString());
        QCOMPARE(r.config.display.theme, QStringLiteral("auto"));
        QCOMPARE(r.config.kiosk.exitPin, QStringLiteral("0000"));
        QCOMPARE(r.config.thermal.sysfsRoot, QStringLiteral("/sys"));
        QCOMPARE(r.sources.size(), configKeys().size());
        for (const ConfigKeyInfo& k : configKeys()) QCOMPARE(r.source(k.key), QStringLiteral("default"));
    }

    void xdgFallbacksAndKiosk() {
        qunsetenv("XDG_DATA_HOME");
        qunsetenv("XDG_CONFIG_HOME");
        QCOMPARE(ConfigLoader::userConfigPath(), m_tmp->path() + "/home/.config/peregrine/peregrine.yaml");
        QCOMPARE(defaultAppConfig().models.dirs,
                 QStringList{m_tmp->path() + "/home/.local/share/peregrine/models"});
        QCOMPARE(defaultAppConfig(true).models.dirs, QStringList{"/var/lib/peregrine/models"});
        ConfigLoader kiosk(m_system);
        kiosk.setKiosk(true);
        QCOMPARE(kiosk.load().config.models.dirs, QStringList{"/var/lib/peregrine/models"});
    }

    void layering() {
        write(m_system,
              "inference:\n"
              "  temperature: 0.1\n"
              "  top_k: 10\n"
              "display:\n"
              "  theme: night\n");
        write(m_user,
              "# user layer\n"
              "inference:\n"
              "  temperature: 0.2\n"
              "display:\n"
              "  theme: day\n"
              "  text_scale: 1.5\n");
        write(m_explicit, "display:\n  theme: auto\n");
        const ConfigResult r = ConfigLoader(m_system).load(m_explicit);
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QVERIFY(r.warnings.isEmpty());
        QCOMPARE(r.files, (QStringList{m_system, m_user, m_explicit}));
        QCOMPARE(r.config.inference.temperature, 0.2);
        QCOMPARE(r.source("inference.temperature"), m_user + ":3");
        QCOMPARE(r.config.inference.topK, 10);
        QCOMPARE(r.source("inference.top_k"), m_system + ":3");
        QCOMPARE(r.config.display.theme, QStringLiteral("auto"));
        QCOMPARE(r.source("display.theme"), m_explicit + ":2");
        QCOMPARE(r.config.display.textScale, 1.5);
        QCOMPARE(r.source("display.text_scale"), m_user + ":6");
        QCOMPARE(r.source("inference.top_p"), QStringLiteral("default"));
    }

    void systemPathFromEnvironment() {
        write(m_system, "kiosk:\n  exit_pin: \"1234\"\n");
        qputenv("PEREGRINE_SYSTEM_CONFIG", QFile::encodeName(m_system));
        ConfigLoader loader;
        QCOMPARE(loader.systemConfigPath(), m_system);
        const ConfigResult r = loader.load();
        QCOMPARE(r.config.kiosk.exitPin, QStringLiteral("1234"));
        QCOMPARE(r.source("kiosk.exit_pin"), m_system + ":2");
        qunsetenv("PEREGRINE_SYSTEM_CONFIG");
        QCOMPARE(ConfigLoader().systemConfigPath(), QStringLiteral("/etc/peregrine/peregrine.yaml"));
    }

    void everyKeyParses() {
        const ConfigResult r = loadExplicit(
            "models:\n"
            "  dirs: [/opt/models, relative/models, ~/models]\n"
            "  current: qwen2.5-0.5b-instruct-q4_k_m.gguf\n"
            "  last_good: llama-3.2-1b.gguf\n"
            "  memory_limit_mb: 6144\n"
            "inference:\n"
            "  backend: llamacpp\n"
            "  threads: 4\n"
            "  context_length: 2048\n"
            "  max_tokens: 128\n"
            "  temperature: 0\n"
            "  top_p: 0.9\n"
            "  top_k: 0\n"
            "  min_p: 0.1\n"
            "  repeat_penalty: 1.1\n"
            "  endpoint: http://127.0.0.1:8080/v1\n"
            "  endpoint_model: llama3.2:3b\n"
            "  api_key_file: keys/server.key\n"
            "  system_prompt: |\n"
            "    Be short.\n"
            "display: {theme: night, text_scale: 1.25}\n"
            "kiosk:\n"
            "  exit_pin: 0042\n"
            "  exit_hold_ms: 5000\n"
            "thermal:\n"
            "  sysfs_root: fake-sys\n"
            "  poll_ms: 500\n"
            "  warm_c: 60\n"
            "  hot_c: 80.5\n"
            "  governor: off\n"
            "  critical_c: 99\n"
            "  hysteresis_c: 3\n"
            "  restore_step_s: 10\n"
            "  warm_threads: 3\n"
            "  hot_threads: 2\n"
            "  critical_threads: 1\n"
            "  warm_max_tokens: 100\n"
            "  hot_max_tokens: 80\n"
            "  critical_max_tokens: 40\n"
            "  fallback_model: small.gguf\n"
            "  fallback_at: warm\n"
            "  pause_at_critical: no\n"
            "storage:\n"
            "  database: /var/lib/peregrine/peregrine.db\n"
            "voice:\n"
            "  enabled: off\n"
            "  input_device: Cab Mic\n"
            "  output_device: Cab Speaker\n"
            "  wake_word: hello truck\n"
            "  wake_enabled: yes\n"
            "  wake_threshold: 1e-25\n"
            "  end_silence_ms: 600\n"
            "  quick_end_ms: 250\n"
            "  first_clause_chars: 0\n"
            "  follow_up_ms: 2500\n"
            "  stt_engine: pocketsphinx\n"
            "  tts_engine: espeak-ng\n"
            "  tts_voice: en-gb\n"
            "  tts_rate: 1.2\n"
            "runtimes:\n"
            "  qairt: {version: \"2.40.1\", root: /opt/qairt}\n"
            "  rkllm:\n"
            "    version: 1.2.1\n"
            "    library: /usr/lib/librkllmrt.so\n"
            "  llamacpp: {library: /opt/llama.cpp/libllama.so}\n"
            "  genie: {library: /opt/qairt/lib/libGenie.so}\n"
            "deep_think:\n"
            "  enabled: true\n"
            "  endpoint: https://think.example/v1\n"
            "  model: big-model\n"
            "  api_key_file: keys/deep.key\n"
            "mqtt:\n"
            "  host: 192.168.1.5\n"
            "  port: 8883\n"
            "  client_id: cab\n"
            "  username: driver\n"
            "  password_file: keys/mqtt.pw\n"
            "  timeout_ms: 1500\n"
            "devices:\n"
            "  - {name: cabin lights, kind: light, mqtt: {topic: rv/lights/set}}\n");
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QVERIFY2(r.warnings.isEmpty(), qPrintable(r.warnings.join('\n')));
        const AppConfig& c = r.config;
        QCOMPARE(c.models.memoryLimitMb, 6144);
        QCOMPARE(c.runtimes.qairtVersion, QStringLiteral("2.40.1"));
        QCOMPARE(c.runtimes.rkllmVersion, QStringLiteral("1.2.1"));
        QCOMPARE(c.runtimes.llamacppLibrary, QStringLiteral("/opt/llama.cpp/libllama.so"));
        QCOMPARE(c.runtimes.genieLibrary, QStringLiteral("/opt/qairt/lib/libGenie.so"));
        QCOMPARE(c.runtimes.qairtRoot, QStringLiteral("/opt/qairt"));
        QCOMPARE(c.runtimes.rkllmLibrary, QStringLiteral("/usr/lib/librkllmrt.so"));
        QCOMPARE(c.inference.backend, QStringLiteral("llamacpp"));
        QCOMPARE(c.models.dirs, (QStringList{"/opt/models", m_tmp->path() + "/relative/models",
                                             m_tmp->path() + "/home/models"}));
        QCOMPARE(c.models.current, QStringLiteral("qwen2.5-0.5b-instruct-q4_k_m.gguf"));
        QCOMPARE(c.models.lastGood, QStringLiteral("llama-3.2-1b.gguf"));
        QCOMPARE(c.inference.threads, 4);
        QCOMPARE(c.inference.contextLength, 2048);
        QCOMPARE(c.inference.maxTokens, 128);
        QCOMPARE(c.inference.temperature, 0.0);
        QCOMPARE(c.inference.topP, 0.9);
        QCOMPARE(c.inference.topK, 0);
        QCOMPARE(c.inference.minP, 0.1);
        QCOMPARE(c.inference.repeatPenalty, 1.1);
        QCOMPARE(c.inference.systemPrompt, QStringLiteral("Be short.\n"));
        QCOMPARE(c.inference.endpoint, QStringLiteral("http://127.0.0.1:8080/v1"));
        QCOMPARE(c.inference.endpointModel, QStringLiteral("llama3.2:3b"));
        QCOMPARE(c.inference.apiKeyFile, m_tmp->path() + "/keys/server.key");
        QCOMPARE(c.display.theme, QStringLiteral("night"));
        QCOMPARE(c.display.textScale, 1.25);
        QCOMPARE(c.kiosk.exitPin, QStringLiteral("0042"));
        QCOMPARE(c.kiosk.exitHoldMs, 5000);
        QCOMPARE(c.thermal.sysfsRoot, m_tmp->path() + "/fake-sys");
        QCOMPARE(c.thermal.pollMs, 500);
        QCOMPARE(c.thermal.warmC, 60.0);
        QCOMPARE(c.thermal.hotC, 80.5);
        QCOMPARE(c.thermal.governor, false);
        QCOMPARE(c.thermal.criticalC, 99.0);
        QCOMPARE(c.thermal.hysteresisC, 3.0);
        QCOMPARE(c.thermal.restoreStepS, 10);
        QCOMPARE(c.thermal.warmThreads, 3);
        QCOMPARE(c.thermal.criticalMaxTokens, 40);
        QCOMPARE(c.thermal.fallbackModel, QStringLiteral("small.gguf"));
        QCOMPARE(c.thermal.fallbackAt, QStringLiteral("warm"));
        QCOMPARE(c.thermal.pauseAtCritical, false);
        QCOMPARE(c.storage.databasePath, QStringLiteral("/var/lib/peregrine/peregrine.db"));
        QCOMPARE(c.voice.enabled, false);
        QCOMPARE(c.voice.inputDevice, QStringLiteral("Cab Mic"));
        QCOMPARE(c.voice.outputDevice, QStringLiteral("Cab Speaker"));
        QCOMPARE(c.voice.wakeWord, QStringLiteral("hello truck"));
        QCOMPARE(c.voice.wakeEnabled, true);
        QCOMPARE(c.voice.wakeThreshold, 1e-25);
        QCOMPARE(c.voice.endSilenceMs, 600);
        QCOMPARE(c.voice.quickEndMs, 250);
        QCOMPARE(c.voice.firstClauseChars, 0);
        QCOMPARE(c.voice.followUpMs, 2500);
        QCOMPARE(c.voice.sttEngine, QStringLiteral("pocketsphinx"));
        QCOMPARE(c.voice.ttsEngine, QStringLiteral("espeak-ng"));
        QCOMPARE(c.voice.ttsVoice, QStringLiteral("en-gb"));
        QCOMPARE(c.voice.ttsRate, 1.2);
        QCOMPARE(c.deepThink.enabled, true);
        QCOMPARE(c.deepThink.endpoint, QStringLiteral("https://think.example/v1"));
        QCOMPARE(c.deepThink.model, QStringLiteral("big-model"));
        QCOMPARE(c.deepThink.apiKeyFile, m_tmp->path() + "/keys/deep.key");
        QCOMPARE(c.vehicle.mqtt.host, QStringLiteral("192.168.1.5"));
        QCOMPARE(c.vehicle.mqtt.port, 8883);
        QCOMPARE(c.vehicle.mqtt.clientId, QStringLiteral("cab"));
        QCOMPARE(c.vehicle.mqtt.username, QStringLiteral("driver"));
        QCOMPARE(c.vehicle.mqtt.passwordFile, m_tmp->path() + "/keys/mqtt.pw");
        QCOMPARE(c.vehicle.mqtt.timeoutMs, 1500);
        QCOMPARE(c.vehicle.devices.size(), 1);
        for (const ConfigKeyInfo& k : configKeys())
            QVERIFY2(r.source(k.key).startsWith(m_explicit + ":"), qPrintable(k.key));
        QCOMPARE(r.source("display.theme"), m_explicit + ":21");
    }

    void singleFolderWithoutListSyntax() {
        const ConfigResult r = loadExplicit("models:\n  dirs: /srv/models\n");
        QVERIFY(r.ok());
        QCOMPARE(r.config.models.dirs, QStringList{"/srv/models"});
    }

    void emptyFileAndEmptySection() {
        QVERIFY(loadExplicit("").ok());
        QVERIFY(loadExplicit("# only a comment\n").ok());
        const ConfigResult r = loadExplicit("display:\ninference:\n  top_k: 7\n");
        QVERIFY(r.ok());
        QCOMPARE(r.config.inference.topK, 7);
    }

    void unknownKeys_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("warning");
        QTest::newRow("typo") << QByteArray("inference:\n  top_k: 5\n  temprature: 0.5\n")
                              << "%1:3: unknown key 'inference.temprature' (ignored; did you mean "
                                 "'inference.temperature'?)";
        QTest::newRow("section typo") << QByteArray("inferense:\n  temperature: 0.5\n")
                                      << "%1:1: unknown key 'inferense' (ignored; did you mean 'inference'?)";
        QTest::newRow("wrong section") << QByteArray("\ndisplay:\n  exit_pin: 1234\n")
                                       << "%1:3: unknown key 'display.exit_pin' (ignored; did you mean "
                                          "'kiosk.exit_pin'?)";
        QTest::newRow("no suggestion")
            << QByteArray("audio:\n  device: default\n") << "%1:1: unknown key 'audio' (ignored)";
        QTest::newRow("unknown leaf")
            << QByteArray("models:\n  colour: blue\n") << "%1:2: unknown key 'models.colour' (ignored)";
    }
    void unknownKeys() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, warning);
        const ConfigResult r = loadExplicit(yaml);
        QVERIFY2(r.ok(), qPrintable(r.errors.join('\n')));
        QCOMPARE(r.warnings, QStringList{warning.arg(m_explicit)});
    }

    void duplicateKey() {
        const ConfigResult r = loadExplicit("inference:\n  top_k: 5\n  top_k: 6\n");
        QCOMPARE(r.warnings,
                 QStringList{m_explicit + ":3: duplicate key 'inference.top_k' (this later value is used)"});
        QCOMPARE(r.config.inference.topK, 6);
        QCOMPARE(r.source("inference.top_k"), m_explicit + ":3");
    }

    void invalidValues_data() {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("number")
            << QByteArray("inference:\n  temperature: hot\n")
            << "%1:2: inference.temperature: expected a number between 0 and 2, got 'hot'";
        QTest::newRow("number range")
            << QByteArray("inference:\n  top_p: 1.5\n")
            << "%1:2: inference.top_p: expected a number between 0 and 1, got '1.5'";
        QTest::newRow("number nan")
            << QByteArray("display:\n  text_scale: .nan\n")
            << "%1:2: display.text_scale: expected a number between 0.5 and 3, got '.nan'";
        QTest::newRow("whole number")
            << QByteArray("inference:\n  threads: four\n")
            << "%1:2: inference.threads: expected a whole number between 0 and 256, got "
               "'four'";
        QTest::newRow("fraction")
            << QByteArray("inference:\n  max_tokens: 1.5\n")
            << "%1:2: inference.max_tokens: expected a whole number between 1 and 32768, got "
               "'1.5'";
        QTest::newRow("int range")
            << QByteArray("inference:\n  context_length: 64\n")
            << "%1:2: inference.context_length: expected a whole number between 128 and "
               "262144, got '64'";
        QTest::newRow("empty number")
            << QByteArray("thermal:\n  poll_ms:\n")
            << "%1:2: thermal.poll_ms: expected a whole number between 100 and 60000, got "
               "nothing";
        QTest::newRow("choice") << QByteArray("display:\n  theme: dusk\n")
                                << "%1:2: display.theme: expected one of day, night, auto, got 'dusk'";
        QTest::newRow("backend")
            << QByteArray("inference:\n  backend: vulkan\n")
            << "%1:2: inference.backend: expected one of native, llamacpp, openai, got 'vulkan'";
        QTest::newRow("pin") << QByteArray("kiosk:\n  exit_pin: 12a4\n")
                             << "%1:2: kiosk.exit_pin: expected 4 to 8 digits, got '12a4'";
        QTest::newRow("path") << QByteArray("storage:\n  database: \"\"\n")
                              << "%1:2: storage.database: expected a path, got ''";
        QTest::newRow("text list") << QByteArray("inference:\n  system_prompt: [a, b]\n")
                                   << "%1:2: inference.system_prompt: expected text, got a list";
        QTest::newRow("number map")
            << QByteArray("inference:\n  top_k: {a: 1}\n")
            << "%1:2: inference.top_k: expected a whole number between 0 and 1000, got a "
               "mapping";
        QTest::newRow("dirs map") << QByteArray("models:\n  dirs: {a: 1}\n")
                                  << "%1:2: models.dirs: expected a list of folders, got a mapping";
        QTest::newRow("dirs nested")
            << QByteArray("models:\n  dirs:\n    - [a]\n")
            << "%1:2: models.dirs: expected a list of folders, got a list containing a list "
               "or mapping";
        QTest::newRow("dirs empty item")
            << QByteArray("models:\n  dirs: [\"\"]\n")
            << "%1:2: models.dirs: expected a list of folders, got an empty folder name";
        QTest::newRow("section scalar")
            << QByteArray("inference: fast\n")
            << "%1:1: inference: expected a mapping of keys (indented 'key: value' "
               "lines), got 'fast'";
        QTest::newRow("section list")
            << QByteArray("display:\n  - night\n")
            << "%1:1: display: expected a mapping of keys (indented 'key: value' lines), "
               "got a list";
        QTest::newRow("top level")
            << QByteArray("- inference\n")
            << "%1:1: expected a mapping of sections (models:, inference:, ...) at the top "
               "level, got a list";
        QTest::newRow("hot below warm")
            << QByteArray("thermal:\n  warm_c: 80\n  hot_c: 75\n")
            << "%1:3: thermal.hot_c: expected a temperature above thermal.warm_c (80), "
               "got '75' (both reset to their defaults)";
    }
    void invalidValues() {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, error);
        // The system layer sets a valid value for some keys: an invalid explicit value keeps it.
        write(m_system, "inference:\n  temperature: 0.3\n");
        const ConfigResult r = loadExplicit(yaml);
        QCOMPARE(r.errors, QStringList{error.arg(m_explicit)});
        QVERIFY(!r.ok());
        QCOMPARE(r.config.inference.temperature, 0.3);
        QCOMPARE(r.source("inference.temperature"), m_system + ":2");
        const AppConfig defaults = defaultAppConfig();
        QCOMPARE(r.config.thermal.hotC, defaults.thermal.hotC);
        QCOMPARE(r.config.thermal.warmC, defaults.thermal.warmC);
        QCOMPARE(r.config.display.theme, defaults.display.theme);
        QCOMPARE(r.config.models.dirs, defaults.models.dirs);
    }

    void invalidValueKeepsOtherKeysOfTheFile() {
        const ConfigResult r = loadExplicit("inference:\n  top_k: lots\n  top_p: 0.5\n");
        QCOMPARE(r.errors.size(), 1);
        QCOMPARE(r.config.inference.topK, 40);
        QCOMPARE(r.source("inference.top_k"), QStringLiteral("default"));
        QCOMPARE(r.config.inference.topP, 0.5);
    }

    void yamlSyntaxError() {
        write(m_user, "display:\n  theme: night\n");
        const ConfigResult r = loadExplicit("inference:\n  temperature: 0.5\n  top_k: [1, 2\n");
        QCOMPARE(r.errors.size(), 1);
        QVERIFY2(r.errors[0].startsWith(m_explicit + ":4: YAML syntax error: "), qPrintable(r.errors[0]));
        // The broken layer is skipped as a whole; the others still apply.
        QCOMPARE(r.config.inference.temperature, 0.7);
        QCOMPARE(r.config.display.theme, QStringLiteral("night"));
        QCOMPARE(r.files, QStringList{m_user});

        const ConfigResult tab = loadExplicit("inference:\n\ttemperature: 0.5\n");
        QCOMPARE(tab.errors.size(), 1);
        QVERIFY2(tab.errors[0].startsWith(m_explicit + ":2: YAML syntax error: "), qPrintable(tab.errors[0]));
    }

    void missingExplicitFile() {
        const QString missing = m_tmp->path() + "/nope.yaml";
        const ConfigResult r = ConfigLoader(m_system).load(missing);
        QCOMPARE(r.errors, QStringList{missing + ": no such file (given with --config)"});
        QCOMPARE(r.config.inference.temperature, 0.7);
    }

    void unreadableFile() {
        const ConfigResult r = ConfigLoader(m_system).load(m_tmp->path());
        QCOMPARE(r.errors, QStringList{m_tmp->path() + ": cannot read (it is a folder)"});
    }

    void suggestions() {
        QCOMPARE(suggestConfigKey("inference.temprature"), QStringLiteral("inference.temperature"));
        QCOMPARE(suggestConfigKey("inference.topk"), QStringLiteral("inference.top_k"));
        QCOMPARE(suggestConfigKey("dispaly"), QStringLiteral("display"));
        QCOMPARE(suggestConfigKey("storage.db_path"), QString());
        QCOMPARE(suggestConfigKey("zzz"), QString());
    }

    void valueText() {
        AppConfig c = defaultAppConfig();
        c.models.dirs = {"/a", "/b"};
        QCOMPARE(configValueText(c, "models.dirs"), QStringLiteral("/a, /b"));
        QCOMPARE(configValueText(c, "inference.temperature"), QStringLiteral("0.7"));
        QCOMPARE(configValueText(c, "inference.context_length"), QStringLiteral("4096"));
        QCOMPARE(configValueText(c, "thermal.hot_c"), QStringLiteral("85"));
        QCOMPARE(configValueText(c, "nope"), QString());
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_config_loader.moc"
