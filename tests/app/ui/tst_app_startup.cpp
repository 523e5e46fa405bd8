// AppController as the app runs it (storage thread, switcher, inference thread; no QML), on stories260K:
// - a one-off `--model FILE` run answers without changing one byte of the user's config file (models.current
//   and models.last_good stay as they were);
// - the whole exchange makes no SQLite call on the UI thread (the app arms the storage guard at start-up);
// - `--model BAD_FILE` shows that file's failure reason on the conversation page (modelError), not "no
// model";
// - a models folder that does not exist is reported (ModelListModel::missingDirs, shown on the models page).
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "storage/thread_guard.h"
#include "system/sysfs_guard.h"
#include "ui/app_controller.h"
#include "ui/model_list_model.h"

using namespace peregrine;

namespace {

const QString kModel = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestAppStartup : public QObject {
    Q_OBJECT
    QTemporaryDir m_home;

    // A user config whose models folder holds main.gguf (models.current and last_good).
    QString writeConfig(const QString& modelsDir) {
        const QString path = m_home.filePath("peregrine.yaml");
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return {};
        f.write("# my settings\nmodels:\n  dirs: [\"" + QFile::encodeName(modelsDir) +
                "\"]\n  current: main.gguf\n  last_good: main.gguf\n"
                "inference:\n  max_tokens: 8\n  context_length: 256\n  temperature: 0\n"
                "voice:\n  enabled: false\n"
                "storage:\n  database: \"" +
                QFile::encodeName(m_home.filePath("data/peregrine.db")) + "\"\nthermal:\n  sysfs_root: \"" +
                QFile::encodeName(m_home.filePath("no-sys")) + "\"\n");
        return path;
    }

private slots:
    void initTestCase() {
        if (!QFile::exists(kModel)) QSKIP("stories260K.gguf not present");
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath("xdg-data")));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath("xdg-config")));
        qputenv("PEREGRINE_SYSTEM_CONFIG", QFile::encodeName(m_home.filePath("no-system.yaml")));
        QDir().mkpath(m_home.filePath("models"));
        QVERIFY(QFile::copy(kModel, m_home.filePath("models/main.gguf")));
        QVERIFY(QFile::copy(kModel, m_home.filePath("oneoff.gguf")));
    }

    void oneOffModelLeavesConfigUntouched() {
        const QString config = writeConfig(m_home.filePath("models"));
        const QByteArray before = readAll(config);
        AppController app;
        app.setConfigFile(config);
        app.setModelOverride(m_home.filePath("oneoff.gguf"));
        app.start();
        QVERIFY(storageThreadGuardArmed());
        ConversationController* c = app.conversation();
        QTRY_VERIFY_WITH_TIMEOUT(c->modelReady(), 30000);
        QVERIFY2(c->modelPath().endsWith("oneoff.gguf"), qPrintable(c->modelPath()));
        QSignalSpy done(c, &ConversationController::answerCompleted);
        QVERIFY2(c->send(QStringLiteral("Once upon a time")), qPrintable(c->error()));
        QVERIFY(done.wait(60000));
        QVERIFY(done[0][1].toBool());
        QTest::qWait(200);  // anything the switcher would persist after the answer
        QCOMPARE(readAll(config), before);
        app.storage()->flush();
        QCOMPARE(storageMainThreadCalls(), 0);
        QCOMPARE(app.system()->status()->snapshotCount() > 0, true);  // polled, on the system thread
        QCOMPARE(sysfsMainThreadReads(), 0);
    }

    void badModelShowsItsReason() {
        const QString bad = m_home.filePath("broken.gguf");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("GGUF but not really a model file");
        f.close();
        const QString config = writeConfig(m_home.filePath("empty-models"));
        QDir().mkpath(m_home.filePath("empty-models"));
        AppController app;
        app.setConfigFile(config);
        app.setModelOverride(bad);
        app.start();
        ConversationController* c = app.conversation();
        QTRY_VERIFY_WITH_TIMEOUT(!c->modelError().isEmpty(), 30000);
        QVERIFY2(c->modelError().startsWith(QStringLiteral("broken.gguf: ")), qPrintable(c->modelError()));
        QVERIFY(!c->modelReady());
    }

    void missingModelsFolderIsReported() {
        const QString missing = m_home.filePath("no-such-folder");
        AppController app;
        app.setConfigFile(writeConfig(missing));
        app.start();
        ModelListModel* models = app.settings()->models();
        QTRY_VERIFY_WITH_TIMEOUT(!models->missingDirs().isEmpty(), 10000);
        QCOMPARE(models->missingDirs(), QStringList{missing});
    }
};

QTEST_GUILESS_MAIN(TestAppStartup)
#include "tst_app_startup.moc"
