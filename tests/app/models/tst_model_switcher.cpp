// ModelSwitcher + the app's InferenceWorker on its own thread (the host the app runs): a switch to a failing
// model keeps the old one answering; a good switch swaps and persists models.current, the first answer makes
// it models.last_good; revert() goes back in one call; at start-up a failing model falls back to the last
// good one. Good model: stories260K.gguf from the conformance set when present, else a tiny synthetic model.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "model_fixtures.h"
#include "inference/inference_worker.h"
#include "models/model_switcher.h"

using namespace peregrine;

class TestModelSwitcher : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_good, m_other, m_truncated;
    QThread m_answerThread;
    InferenceWorker* m_host = nullptr;
    QString m_loaded;                // the worker's current model (modelLoaded)
    QMap<QString, QString> m_saved;  // what the switcher persisted
    qint64 m_nextRequest = 1;

    void wire(ModelSwitcher& s) {
        connect(&s, &ModelSwitcher::loadCandidate, m_host, &InferenceWorker::loadCandidate);
        connect(&s, &ModelSwitcher::commitCandidate, m_host, &InferenceWorker::commitCandidate);
        connect(&s, &ModelSwitcher::discardCandidate, m_host, &InferenceWorker::discardCandidate);
        connect(m_host, &InferenceWorker::candidateLoaded, &s, &ModelSwitcher::onCandidateLoaded);
        connect(m_host, &InferenceWorker::candidateFailed, &s, &ModelSwitcher::onCandidateFailed);
        connect(m_host, &InferenceWorker::finished, &s,
                [this, &s](qint64, const GenerationResult&) { s.noteAnswered(m_loaded); });
        s.setSaveSetting([this](const QString& key, const QString& value, QString*) {
            m_saved[key] = value;
            return true;
        });
        VerifyOptions o;
        o.contextLength = 256;
        o.memoryLimitBytes = 8ll << 30;
        s.setVerifyOptions(o);
        s.setThreads(2);
    }
    // Asks the host and returns the path of the model that answered ("" on failure).
    QString ask() {
        QSignalSpy answered(m_host, &InferenceWorker::finished);
        QSignalSpy failed(m_host, &InferenceWorker::failed);
        GenerationRequest request;
        request.requestId = m_nextRequest++;
        request.conversation = {{QStringLiteral("user"), QStringLiteral("Hello")}};
        request.sampling.maxTokens = 4;
        QMetaObject::invokeMethod(
            m_host, [this, request] { m_host->generate(request); }, Qt::QueuedConnection);
        QDeadlineTimer deadline(60000);
        while (answered.isEmpty() && failed.isEmpty() && !deadline.hasExpired()) QTest::qWait(5);
        if (!failed.isEmpty()) qWarning() << "answer failed:" << failed.first().at(1).toString();
        // The spies record on the answer thread; modelLoaded() (queued here before the answer) may still
        // wait.
        QCoreApplication::sendPostedEvents();
        return answered.isEmpty() ? QString() : m_loaded;
    }
    bool switchTo(ModelSwitcher& s, const QString& path) {
        QSignalSpy switched(&s, &ModelSwitcher::switched);
        QSignalSpy failed(&s, &ModelSwitcher::switchFailed);
        s.requestSwitch(path);
        QDeadlineTimer deadline(60000);
        while (switched.isEmpty() && failed.isEmpty() && !deadline.hasExpired()) QTest::qWait(10);
        return !switched.isEmpty();
    }

    // An NPU model passes verification, loads on its backend (a runtime double, selected by libVar) and
    // answers; in the double's failure mode `failMode` the switch fails with `runtimeLine` and the GGUF keeps
    // answering.
    void checkNpuSwitch(const QString& model, const char* libVar, const char* library, const char* modeVar,
                        const char* failMode, const QString& runtimeLine) {
        qputenv(libVar, library);
        ModelSwitcher s;
        wire(s);
        QVERIFY(switchTo(s, m_good));
        qputenv(modeVar, failMode);
        QSignalSpy failed(&s, &ModelSwitcher::switchFailed);
        QVERIFY(!switchTo(s, model));
        QVERIFY2(failed.first().at(1).toString().contains(runtimeLine),
                 qPrintable(failed.first().at(1).toString()));
        QCOMPARE(ask(), m_good);
        qunsetenv(modeVar);
        QVERIFY(switchTo(s, model));
        QCOMPARE(ask(), QFileInfo(model).absoluteFilePath());
        QVERIFY(switchTo(s, m_good));  // the runtime's handles are freed on unload (the doubles check)
        qunsetenv(libVar);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_good = QFileInfo(fixtures::goodModel(m_tmp.path())).absoluteFilePath();
        QVERIFY2(!m_good.isEmpty(), "no good model");
        if (!m_good.contains(QLatin1String("stories260K")))
            qInfo("stories260K.gguf absent: using a tiny synthetic model as the good model");
        m_other = m_tmp.filePath(QStringLiteral("other.gguf"));
        QString error;
        QVERIFY2(fixtures::writeTinyModel(m_other, &error), qPrintable(error));
        m_truncated = m_tmp.filePath(QStringLiteral("truncated.gguf"));
        QVERIFY(fixtures::truncatedCopy(m_good, m_truncated, 100));
        m_host = new InferenceWorker;
        m_host->moveToThread(&m_answerThread);
        connect(m_host, &InferenceWorker::modelLoaded, this,
                [this](const LoadedModel& model) { m_loaded = model.path; });
        connect(&m_answerThread, &QThread::finished, m_host, &QObject::deleteLater);
        m_answerThread.start();
    }
    void cleanupTestCase() {
        m_answerThread.quit();
        m_answerThread.wait();
    }

    void failingSwitchKeepsTheOldModelAnswering() {
        ModelSwitcher s;
        wire(s);
        QVERIFY(switchTo(s, m_good));
        QCOMPARE(s.currentPath(), m_good);
        QCOMPARE(m_saved.value("models.current"), m_good);
        QCOMPARE(ask(), m_good);                 // loaded AND answered: the last good model now
        QTRY_COMPARE(s.lastGoodPath(), m_good);  // noteAnswered() arrives queued from the answer thread
        QCOMPARE(m_saved.value("models.last_good"), m_good);

        // Verification failure: never loaded, the good model stays and keeps answering.
        QSignalSpy failed(&s, &ModelSwitcher::switchFailed);
        QVERIFY(!switchTo(s, m_truncated));
        QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("truncated file")),
                 qPrintable(failed.first().at(1).toString()));
        QVERIFY(s.lastError().contains(QStringLiteral("truncated.gguf")));
        QCOMPARE(s.currentPath(), m_good);
        QCOMPARE(s.state(), ModelSwitcher::State::Idle);
        QCOMPARE(ask(), m_good);
        QCOMPARE(m_saved.value("models.current"), m_good);
    }

    void oneOffSwitchSavesNothing() {
        ModelSwitcher s;
        wire(s);
        m_saved.clear();
        QSignalSpy switched(&s, &ModelSwitcher::switched);
        s.requestOneOffSwitch(m_good);
        QTRY_VERIFY_WITH_TIMEOUT(!switched.isEmpty(), 60000);
        QCOMPARE(s.currentPath(), m_good);
        QCOMPARE(ask(), m_good);
        QTRY_COMPARE(s.lastGoodPath(), m_good);  // in memory: revert and fallback still work this run
        QVERIFY2(m_saved.isEmpty(), qPrintable(QStringList(m_saved.keys()).join(", ")));
        // A switch the user makes afterwards is saved as usual.
        QVERIFY(switchTo(s, m_other));
        QCOMPARE(m_saved.value("models.current"), m_other);
    }

    void loadFailureKeepsTheOldModel() {
        ModelSwitcher s;
        wire(s);
        QVERIFY(switchTo(s, m_good));
        // A worker that cannot load the candidate (here: pretends to run out of memory).
        disconnect(&s, &ModelSwitcher::loadCandidate, m_host, &InferenceWorker::loadCandidate);
        connect(&s, &ModelSwitcher::loadCandidate, &s, [&s](const QString& path) {
            QMetaObject::invokeMethod(
                &s, [&s, path] { s.onCandidateFailed(path, QStringLiteral("out of memory")); },
                Qt::QueuedConnection);
        });
        QSignalSpy failed(&s, &ModelSwitcher::switchFailed);
        QVERIFY(!switchTo(s, m_other));
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("out of memory"));
        QCOMPARE(s.currentPath(), m_good);
        QCOMPARE(ask(), m_good);
    }

    void revertGoesBackInOneCall() {
        ModelSwitcher s;
        wire(s);
        QVERIFY(switchTo(s, m_good));
        QCOMPARE(ask(), m_good);
        QTRY_COMPARE(s.lastGoodPath(), m_good);
        QVERIFY(!s.canRevert());
        QVERIFY(switchTo(s, m_other));  // loads, but has not answered yet
        QCOMPARE(s.currentPath(), m_other);
        QCOMPARE(s.lastGoodPath(), m_good);
        QVERIFY(s.canRevert());
        QSignalSpy switched(&s, &ModelSwitcher::switched);
        QVERIFY(s.revert());
        QTRY_COMPARE_WITH_TIMEOUT(switched.size(), 1, 60000);
        QCOMPARE(s.currentPath(), m_good);
        QCOMPARE(ask(), m_good);
        QCOMPARE(m_saved.value("models.current"), m_good);
    }

    void genieBundleAnswersAndAFailedOneKeepsTheOldModel() {
        const QString bundle = m_tmp.filePath(QStringLiteral("genie/llama-genie"));
        QVERIFY(fixtures::writeGenieBundle(bundle, {}));
        checkNpuSwitch(bundle, "PEREGRINE_GENIE_LIB", PEREGRINE_GENIE_DOUBLE_LIB, "PEREGRINE_GENIE_DOUBLE",
                       "create_fail", QStringLiteral("runtime log: Failed to create device: 14001"));
    }

    void rkllmModelAnswersAndAFailedOneKeepsTheOldModel() {
        const QString model = m_tmp.filePath(QStringLiteral("qwen2.5-0.5b_w8a8_rk3588.rkllm"));
        QFile file(model);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("RKLLM model stand-in") > 0);
        file.close();
        checkNpuSwitch(model, "PEREGRINE_RKLLM_LIB", PEREGRINE_RKLLM_DOUBLE_LIB, "PEREGRINE_RKLLM_DOUBLE",
                       "init_fail", QStringLiteral("runtime log: E rkllm: invalid rkllm model!"));
    }

    void startupFallsBackToLastGood() {
        QCOMPARE(ModelSwitcher::startupModel(m_truncated, m_good), m_good);
        QCOMPARE(ModelSwitcher::startupModel(m_good, m_good), m_good);
        QCOMPARE(ModelSwitcher::startupModel(m_other, QStringLiteral("/gone.gguf")), m_other);
        QCOMPARE(ModelSwitcher::startupModel(QString(), QString()), QString());

        ModelSwitcher s;
        wire(s);
        s.restore(m_good);
        QSignalSpy failed(&s, &ModelSwitcher::switchFailed);
        QSignalSpy switched(&s, &ModelSwitcher::switched);
        s.requestSwitch(m_truncated);  // e.g. models.current edited by hand
        QTRY_COMPARE_WITH_TIMEOUT(switched.size(), 1, 60000);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(s.currentPath(), m_good);
    }
};

QTEST_GUILESS_MAIN(TestModelSwitcher)
#include "tst_model_switcher.moc"
