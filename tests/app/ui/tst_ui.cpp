// Qt Quick Test runner for the views (tests in qml/tst_*.qml). The setup gives every run a fresh data and
// config home: a user config that points the models folder at the conformance models (stories260K.gguf is
// loaded), keeps answers short, uses the day theme and a fake sysfs tree with one hot, throttled CPU zone.
// Built a second time as tst_ui_storage (PEREGRINE_UI_BROKEN_DATABASE) with a history file that is not a
// database, for the views' storage error tests in qml_storage/.
#include <QtQml/qqmlextensionplugin.h>
#include <QDir>
#include <QFile>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(PeregrinePlugin)

namespace {

void writeFile(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(text);
}

}  // namespace

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() {
        const QString root = m_home.path();
        qputenv("XDG_DATA_HOME", QFile::encodeName(root + "/data"));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(root + "/config"));
        qputenv("PEREGRINE_SYSTEM_CONFIG", QFile::encodeName(root + "/no-system.yaml"));
        const QString sys = root + "/sys";
        writeFile(sys + "/class/thermal/thermal_zone0/type", "cpu-thermal\n");
        writeFile(sys + "/class/thermal/thermal_zone0/temp", "88000\n");
        writeFile(sys + "/class/thermal/cooling_device0/type", "cpufreq-cpu0\n");
        writeFile(sys + "/class/thermal/cooling_device0/cur_state", "2\n");
        writeFile(sys + "/class/thermal/cooling_device0/max_state", "10\n");
        const QByteArray config =
            "models:\n"
            "  dirs: [\"" PEREGRINE_CONFORMANCE_DIR
            "/models\"]\n"
            "  current: stories260K.gguf\n"
            "inference:\n"
            "  max_tokens: 48\n"
            "  context_length: 512\n"
            "  temperature: 0\n"
            "display:\n"
            "  theme: day\n"
            "thermal:\n"
            "  sysfs_root: \"" +
            QFile::encodeName(sys) +
            "\"\n"
            "  poll_ms: 500\n";
        writeFile(root + "/config/peregrine/peregrine.yaml", config);
        // A --config layer for tst_conversation_deep_think.qml: deep think on, with an endpoint where nothing
        // listens (loopback port 1: connection refused at once).
        writeFile(deepThinkConfig(),
                  "deep_think:\n  enabled: true\n  endpoint: http://127.0.0.1:1/v1\n  model: big-model\n");
#ifdef PEREGRINE_UI_BROKEN_DATABASE
        // tst_ui_storage: the history database is a file that is not SQLite (a bad copy, a corrupt card).
        writeFile(root + "/data/peregrine/peregrine.db", QByteArray("not a database, ").repeated(512));
#endif
    }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("deepThinkConfigFile"), deepThinkConfig());
    }

private:
    QString deepThinkConfig() const {
        return m_home.filePath(QStringLiteral("deep-think.yaml"));
    }

    QTemporaryDir m_home;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_ui, Setup)

#include "tst_ui.moc"
