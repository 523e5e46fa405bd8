// InferenceWorker + ConversationController + BenchmarkController with the real engine on stories260K.gguf:
// answers stream, stop cancels at once, messages are stored with their timings, benchmarks are stored.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "inference/benchmark_controller.h"
#include "conversation/conversation_controller.h"
#include "inference/inference_worker.h"
#include "load_through_worker.h"
#include "storage/database.h"
#include "storage/storage_service.h"

using namespace peregrine;

namespace {
const QString kModel = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");
}

class TestInference : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Database m_db;             // reads back what the storage thread wrote (WAL: a second connection)
    StorageService m_storage;  // the app's writer
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    ConversationController* m_conversation = nullptr;

    static InferenceConfig config(int maxTokens) { return testing::testInferenceConfig(maxTokens); }

private slots:
    void initTestCase() {
        if (!QFile::exists(kModel)) QSKIP("stories260K.gguf not present");
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_db.open(m_dir.filePath("test.db")), qPrintable(m_db.lastError()));
        m_storage.open(m_dir.filePath("test.db"));
        QTRY_VERIFY(m_storage.isOpen());
        m_worker = new InferenceWorker;
        m_worker->moveToThread(&m_thread);
        m_thread.start();
        m_conversation = new ConversationController(&m_storage, this);
        m_conversation->connectWorker(m_worker);
        m_conversation->setInferenceConfig(config(48));
        QVERIFY(!m_conversation->modelReady());
        QVERIFY(testing::loadThroughWorker(m_worker, m_conversation, kModel, 512));
        QVERIFY(m_conversation->modelReady());
        QVERIFY(!m_conversation->modelName().isEmpty());
    }

    void cleanupTestCase() {
        if (m_conversation) m_conversation->stop();
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }

    void answerStreamsAndIsStoredWithTimings() {
        QSignalSpy tokens(m_worker, &InferenceWorker::tokens);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QSignalSpy generating(m_conversation, &ConversationController::generatingChanged);
        QSignalSpy inserted(m_conversation->messages(), &QAbstractItemModel::rowsInserted);
        QVERIFY(!m_conversation->send("   "));  // empty: refused
        QVERIFY(m_conversation->send("Once upon a time"));
        QVERIFY(done.wait(60000));
        QVERIFY(testing::settle(m_conversation));
        QVERIFY(!m_conversation->generating());
        QVERIFY(generating.count() >= 2);  // on, then off
        QCOMPARE(inserted.count(), 2);     // the question, then the answer's bubble
        QCOMPARE(m_conversation->messages()->rowCount(), 2);
        QVERIFY(done[0][1].toBool());  // stored
        const qint64 id = done[0][0].toLongLong();
        QVERIFY(id > 0);

        const auto rows = m_db.messages(m_conversation->conversationId());
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].role, QStringLiteral("user"));
        QCOMPARE(rows[0].text, QStringLiteral("Once upon a time"));
        const MessageRecord& a = rows[1];
        QCOMPARE(a.id, id);
        QCOMPARE(a.role, QStringLiteral("assistant"));
        QVERIFY(!a.text.isEmpty());
        QVERIFY(a.ttftMs && *a.ttftMs > 0);
        QVERIFY(a.promptTokens && *a.promptTokens > 0);
        QVERIFY(a.generatedTokens && *a.generatedTokens > 0 && *a.generatedTokens <= 48);
        QVERIFY(a.promptTokPerSec && *a.promptTokPerSec > 0);
        QVERIFY(a.decodeTokPerSec.has_value());
        QVERIFY(a.stopReason == StopReason::EndOfText || a.stopReason == StopReason::Length);
        QVERIFY(a.finishedAt.isValid());

        // The streamed batches add up to the stored answer; coalescing never sends more batches than tokens.
        QString streamed;
        for (const auto& args : tokens) streamed += args[1].toString();
        QCOMPARE(streamed, a.text);
        QVERIFY(tokens.count() >= 1);
        QVERIFY(tokens.count() <= *a.generatedTokens);
        QCOMPARE(m_conversation->messages()->at(1).text, a.text);
        QVERIFY(!m_conversation->messages()->isStreaming(1));
        QVERIFY(m_conversation->lastTtftMs() > 0);
        QCOMPARE(m_conversation->conversations()->rowCount(), 1);
        QCOMPARE(m_conversation->conversations()->currentId(), m_conversation->conversationId());
    }

    void stopCancelsAtOnce() {
        m_conversation->setInferenceConfig(config(400));
        QSignalSpy tokens(m_conversation->messages(), &QAbstractItemModel::dataChanged);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("Tell me a long story"));
        QVERIFY(tokens.wait(30000));  // the answer started streaming
        const int row = m_conversation->messages()->rowCount() - 1;
        m_conversation->stop();
        QVERIFY(!m_conversation->generating());  // at once, without waiting for the worker
        QVERIFY(!m_conversation->messages()->isStreaming(row));
        const QString shown = m_conversation->messages()->at(row).text;
        QVERIFY(done.wait(30000));
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(done[0][2].value<StopReason>(), StopReason::Cancelled);
        const auto rows = m_db.messages(m_conversation->conversationId());
        const MessageRecord& a = rows.last();
        QCOMPARE(a.stopReason, StopReason::Cancelled);
        QVERIFY(a.generatedTokens && *a.generatedTokens < 400);
        QCOMPARE(m_conversation->messages()->at(row).text, a.text);
        QVERIFY(a.text.startsWith(shown));
        m_conversation->setInferenceConfig(config(48));
    }

    void pausedRefusesQuestionsUntilResumed() {
        const int rows = m_conversation->messages()->rowCount();
        m_conversation->setPaused(true, QStringLiteral("too hot"));
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->error(), QStringLiteral("too hot"));
        QSignalSpy refused(m_conversation, &ConversationController::sendRefused);
        QVERIFY(m_conversation->send("Are we there yet?"));
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(m_conversation->messages()->rowCount(), rows);  // nothing stored or shown
        m_conversation->setPaused(false);
        QVERIFY(testing::settle(m_conversation));
        QVERIFY(m_conversation->error().isEmpty());
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("Are we there yet?"));
        QVERIFY(done.wait(60000));
        QCOMPARE(m_conversation->messages()->rowCount(), rows + 2);
    }

    void newAndReopenConversation() {
        const qint64 first = m_conversation->conversationId();
        const int rows = m_conversation->messages()->rowCount();
        m_conversation->newConversation();
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->conversationId(), 0);
        QCOMPARE(m_conversation->messages()->rowCount(), 0);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("Hi"));
        QVERIFY(done.wait(60000));
        QVERIFY(testing::settle(m_conversation));
        QVERIFY(m_conversation->conversationId() != first);
        QCOMPARE(m_conversation->conversations()->rowCount(), 2);
        m_conversation->openConversation(first);
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->conversationId(), first);
        QTRY_COMPARE(m_conversation->messages()->rowCount(),
                     rows);  // the rows arrive from the storage thread
        QCOMPARE(m_conversation->conversations()->currentId(), first);
        QCOMPARE(m_conversation->conversations()->rowCount(), 2);  // updated in place, never reloaded
    }

    void benchmarkIsStored() {
        BenchmarkController bench(&m_storage);
        bench.connectWorker(m_worker);
        bench.setRequest(BenchmarkRequest{32, 16, 2});
        QSignalSpy completed(&bench, &BenchmarkController::completed);
        bench.run();
        QVERIFY(bench.running());
        QVERIFY(completed.wait(60000));
        QVERIFY2(completed[0][0].toBool(), qPrintable(bench.status()));
        QVERIFY(!bench.running());
        const auto runs = m_db.benchmarkRuns();
        QCOMPARE(runs.size(), 1);
        QVERIFY(runs[0].decodeTokPerSec > 0);
        QVERIFY(runs[0].promptTokPerSec > 0);
        QVERIFY(runs[0].ttftMs && *runs[0].ttftMs > 0);
        QVERIFY(runs[0].nPrompt >= 32);
        QTRY_COMPARE(bench.runs()->rowCount(), 1);  // the mirror is fed by the storage thread
    }

    // A model that does not load is reported and the loaded one keeps answering (models load only beside
    // the current session).
    void loadFailureKeepsTheModelAnswering() {
        QSignalSpy failed(m_worker, &InferenceWorker::candidateFailed);
        QVERIFY(!testing::loadThroughWorker(m_worker, m_conversation, m_dir.filePath("missing.gguf")));
        QCOMPARE(failed.size(), 1);
        QVERIFY(!failed[0][1].toString().isEmpty());
        QVERIFY(m_conversation->modelReady());
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("Hello"));
        QVERIFY(done.wait(30000));
        QVERIFY(done[0][2].value<StopReason>() != StopReason::Error);
    }
};

QTEST_GUILESS_MAIN(TestInference)
#include "tst_inference.moc"
