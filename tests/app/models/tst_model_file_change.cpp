// The real AppController (inference thread, switcher, verifier, file watch) with a model file that changes
// on disk while it is loaded: overwritten with another model and truncated, mid-answer and between answers.
// The process never takes a signal; the failed answer names the change; the conversation page says what
// happened; the file is verified and loaded again once it has settled, or the last good model takes over;
// and the next question is answered.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "conversation/conversation_controller.h"
#include "model_fixtures.h"
#include "models/model_switcher.h"
#include "ui/app_controller.h"
#include "ui/settings_controller.h"

using namespace peregrine;

namespace {

bool copyFile(const QString& from, const QString& to) {
    QFile in(from);
    QFile out(to);  // opened with truncation, as `cp` does: the loaded mapping sees the file shrink first
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    return out.write(in.readAll()) == in.size();
}

}  // namespace

class TestModelFileChange : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_models, m_a, m_b, m_spare;

    void writeConfig(const QString& extra = {}) {
        QFile f(m_tmp.filePath(QStringLiteral("peregrine.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(
            QStringLiteral("models:\n  dirs: [\"%1\"]\n%2storage:\n  database: \"%3\"\nvoice:\n  enabled: "
                           "false\ninference:\n  max_tokens: 24\n  context_length: 256\n")
                .arg(m_models, extra, m_tmp.filePath(QStringLiteral("state.db")))
                .toUtf8());
    }

    // Asks and waits; returns the stop reason (Error with the error text in *error; None when the question
    // was refused or no answer came, with why in *error).
    static StopReason ask(ConversationController* c, const QString& text, QString* error,
                          const std::function<void()>& onFirstToken = {}) {
        QSignalSpy done(c, &ConversationController::answerCompleted);
        bool fired = false;
        QMetaObject::Connection tokens;
        if (onFirstToken)
            tokens = QObject::connect(c, &ConversationController::generatingChanged, c, [&] {
                if (!fired && c->generating()) {
                    fired = true;
                    onFirstToken();
                }
            });
        if (!c->send(text)) {
            *error = QStringLiteral("refused: ") + c->error();
            return StopReason::None;
        }
        done.wait(60000);
        QObject::disconnect(tokens);
        if (done.isEmpty()) {
            *error = QStringLiteral("timeout");
            return StopReason::None;
        }
        *error = c->error();
        return done.first().at(2).value<StopReason>();
    }

    // Starts the app on `first` (config: current and last good) and asks one question.
    bool startAnswering(AppController& app, const QString& first, const QString& lastGood) {
        writeConfig(QStringLiteral("  current: \"%1\"\n  last_good: \"%2\"\n").arg(first, lastGood));
        app.setConfigFile(m_tmp.filePath(QStringLiteral("peregrine.yaml")));
        app.start();
        if (!waitReady(app, first)) return false;
        QString error;
        return ask(app.conversation(), QStringLiteral("hello"), &error) == StopReason::Length;
    }

    static bool waitReady(AppController& app, const QString& path, int ms = 60000) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            ConversationController* c = app.conversation();
            if (c && c->modelReady() && c->modelPath() == path && !app.settings()->switcher()->busy())
                return true;
            QTest::qWait(50);
        }
        return false;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        qputenv("XDG_CONFIG_HOME", m_tmp.filePath(QStringLiteral("xdg-config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("xdg-data")).toUtf8());
        m_models = m_tmp.filePath(QStringLiteral("models"));
        QVERIFY(QDir().mkpath(m_models));
        QString error;
        m_spare = m_tmp.filePath(QStringLiteral("spare.gguf"));  // another valid model, outside the folder
        QVERIFY2(fixtures::writeTinyModel(m_spare, &error), qPrintable(error));
        m_a = m_models + QStringLiteral("/a.gguf");
        m_b = m_models + QStringLiteral("/b.gguf");
        QVERIFY(QFile::copy(m_spare, m_a));
        QVERIFY(QFile::copy(m_spare, m_b));
    }

    // Overwritten mid-answer: the answer ends with the reason, the file is reloaded once the copy settled,
    // and the next question is answered by it.
    void overwrittenMidAnswerIsReloaded() {
        AppController app;
        QVERIFY(startAnswering(app, m_a, m_a));
        ConversationController* c = app.conversation();
        QString error;
        QSignalSpy switched(app.settings()->switcher(), &ModelSwitcher::switched);
        const StopReason reason =
            ask(c, QStringLiteral("again"), &error, [this] { QVERIFY(copyFile(m_b, m_a)); });
        // The copy lands between two tokens: either the answer ends with the reason, or it finished first and
        // the watch reports the change; both must say it on screen.
        if (reason == StopReason::Error)
            QVERIFY2(error.contains(QLatin1String("changed on disk")), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(c->error().contains(QLatin1String("changed on disk")) || !switched.isEmpty(),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!switched.isEmpty(), 30000);
        QCOMPARE(switched.last().at(0).toString(), m_a);
        QVERIFY(waitReady(app, m_a));
        QCOMPARE(ask(c, QStringLiteral("and now"), &error), StopReason::Length);
    }

    // Truncated between answers and left broken: the next answer fails with the reason (no signal), the
    // broken file fails verification and the last good model (b.gguf, which answered before the switch to
    // a.gguf) takes over and answers.
    void truncatedBetweenAnswersFallsBackToLastGood() {
        QVERIFY(copyFile(m_spare, m_a));
        AppController app;
        QVERIFY(startAnswering(app, m_b, m_b));
        ConversationController* c = app.conversation();
        QString error;
        app.settings()->switcher()->requestSwitch(m_a);
        QVERIFY(waitReady(app, m_a));
        QCOMPARE(app.settings()->switcher()->lastGoodPath(), m_b);

        QVERIFY(QFile::resize(m_a, 2048));
        const StopReason reason = ask(c, QStringLiteral("are you there"), &error);
        QCOMPARE(reason, StopReason::Error);
        QVERIFY2(error.contains(QLatin1String("changed on disk")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("truncated")), qPrintable(error));
        // Settles (nothing writes it any more), fails verification, falls back to b.gguf and says so.
        QVERIFY(waitReady(app, m_b));
        QVERIFY2(c->error().contains(QLatin1String("Switching to b.gguf")), qPrintable(c->error()));
        QCOMPARE(ask(c, QStringLiteral("and now"), &error), StopReason::Length);
    }

    // A one-off `--model FILE` run answers from FILE but saves neither models.current nor models.last_good;
    // a bad `--model` file says why on the conversation page instead of "No model installed".
    void oneOffModelLeavesTheConfigUntouched() {
        const QString userConfig = m_tmp.filePath(QStringLiteral("xdg-config/peregrine/peregrine.yaml"));
        QFile::remove(userConfig);
        writeConfig();
        {
            AppController app;
            app.setConfigFile(m_tmp.filePath(QStringLiteral("peregrine.yaml")));
            app.setModelOverride(m_b);
            app.start();
            QVERIFY(waitReady(app, m_b));
            QString error;
            QCOMPARE(ask(app.conversation(), QStringLiteral("hello"), &error), StopReason::Length);
            QTest::qWait(200);  // noteAnswered is queued
        }
        QFile saved(userConfig);
        if (saved.open(QIODevice::ReadOnly)) {
            const QByteArray text = saved.readAll();
            QVERIFY2(!text.contains("current") && !text.contains("last_good"), text.constData());
        }

        const QString garbage = m_tmp.filePath(QStringLiteral("garbage.gguf"));
        QVERIFY(fixtures::writeGarbage(garbage));
        AppController app;
        app.setConfigFile(m_tmp.filePath(QStringLiteral("peregrine.yaml")));
        app.setModelOverride(garbage);
        app.start();
        QTRY_VERIFY_WITH_TIMEOUT(!app.conversation()->modelError().isEmpty(), 30000);
        const QString why = app.conversation()->modelError();
        QVERIFY2(why.contains(QLatin1String("garbage.gguf")) && why.contains(QLatin1String("GGUF")),
                 qPrintable(why));
        QVERIFY(!QFileInfo::exists(userConfig) || !QFile(userConfig).open(QIODevice::ReadOnly) ||
                !QFile(userConfig).readAll().contains("garbage"));
    }
};

QTEST_GUILESS_MAIN(TestModelFileChange)
#include "tst_model_file_change.moc"
