// ConversationService on its thread, with the real engine on stories260K.gguf and a real storage thread: the
// UI thread is not on the path of a question (it answers and stores while the UI thread sleeps), the mirror
// catches up afterwards, and the governor's policy (answer-length cap, fallback model and the way back) lives
// in the service.
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "../inference/load_through_worker.h"
#include "conversation/conversation_controller.h"
#include "conversation/conversation_service.h"
#include "inference/inference_worker.h"
#include "storage/database.h"
#include "storage/storage_service.h"

using namespace peregrine;

namespace {
const QString kModel = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");
}

class TestConversationService : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Database m_db;  // reads back what the storage thread wrote (a second connection)
    StorageService m_storage;
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    ConversationController* m_conversation = nullptr;

    static InferenceConfig config(int maxTokens) { return testing::testInferenceConfig(maxTokens); }

private slots:
    void initTestCase() {
        if (!QFile::exists(kModel)) QSKIP("stories260K.gguf not present");
        QVERIFY(m_dir.isValid());
        QVERIFY(testing::startStorageAndWorker(m_dir.filePath("c.db"), m_db, m_storage, m_thread, m_worker));
        m_conversation = new ConversationController(&m_storage, this);
        m_conversation->connectWorker(m_worker);
        m_conversation->setInferenceConfig(config(32));
        QVERIFY(testing::loadThroughWorker(m_worker, m_conversation, kModel, 512));
        QCOMPARE(m_conversation->service()->thread()->objectName(), QStringLiteral("conversation"));
        QVERIFY(m_conversation->service()->thread() != QThread::currentThread());
    }

    void cleanupTestCase() {
        delete m_conversation;  // joins the conversation thread
        m_conversation = nullptr;
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }

    // The question is asked, answered and both messages are written while this (UI) thread sleeps and handles
    // no event at all; the mirror shows them once the UI thread runs again.
    void answersAndStoresWhileTheUiThreadIsBlocked() {
        QSignalSpy completed(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send(QStringLiteral("Once upon a time")));
        QElapsedTimer blocked;
        blocked.start();
        QList<MessageRecord> rows;
        while (blocked.elapsed() < 20000) {  // no event processing here
            QThread::msleep(50);
            const auto conversations = m_db.conversations(10);
            if (conversations.isEmpty()) continue;
            rows = m_db.messages(conversations.first().id);
            if (rows.size() == 2) break;
        }
        const qint64 ms = blocked.elapsed();
        qInfo("question answered and stored %lld ms into the block", ms);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].text, QStringLiteral("Once upon a time"));
        QVERIFY(!rows[1].text.isEmpty());
        QVERIFY(rows[1].stopReason != StopReason::None);
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->messages()->rowCount(), 2);
        QCOMPARE(m_conversation->messages()->at(1).text, rows[1].text);
        QVERIFY(!m_conversation->generating());
        // The database id comes from the storage thread by way of the (now running) UI thread and the
        // service.
        QTRY_VERIFY(m_conversation->conversationId() > 0);
        // answerCompleted follows the storage thread's word to the service, which can come after the
        // settle() round trip above: wait for it here, or the next test's spy would take it for its own
        // answer (seen under a loaded ctest -j2: the governor test then read this 32-token answer).
        QTRY_COMPARE(completed.count(), 1);
    }

    void governorCapsTheAnswerLength() {
        m_conversation->setInferenceConfig(config(64));
        m_conversation->setGovernorMaxTokens(5);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send(QStringLiteral("Tell me a story")));
        QVERIFY(done.wait(30000));
        const auto rows = m_db.messages(m_conversation->conversationId());
        QVERIFY(rows.last().generatedTokens.has_value());
        QVERIFY2(*rows.last().generatedTokens <= 5,
                 qPrintable(QString::number(*rows.last().generatedTokens)));
        m_conversation->setGovernorMaxTokens(0);
        QVERIFY(m_conversation->send(QStringLiteral("Tell me another story")));
        QVERIFY(done.wait(30000));
        const auto after = m_db.messages(m_conversation->conversationId());
        QVERIFY(*after.last().generatedTokens > 5);  // the cap is lifted
    }

    // Heat: the fallback model is asked for, and the user's model (the one loaded before) comes back after.
    void governorFallbackRemembersTheUsersModel() {
        QSignalSpy switches(m_conversation, &ConversationController::switchRequested);
        m_conversation->setFallbackModel(QStringLiteral("/models/small.gguf"));
        QTRY_COMPARE(switches.count(), 1);
        QCOMPARE(switches[0][0].toString(), QStringLiteral("/models/small.gguf"));
        m_conversation->setFallbackModel(
            QStringLiteral("/models/smaller.gguf"));  // still the user's to return to
        QTRY_COMPARE(switches.count(), 2);
        m_conversation->setFallbackModel(QString());
        QTRY_COMPARE(switches.count(), 3);
        QCOMPARE(QFileInfo(switches[2][0].toString()).canonicalFilePath(),
                 QFileInfo(kModel).canonicalFilePath());
        m_conversation->setFallbackModel(QString());  // nothing to return to
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(switches.count(), 3);
    }

    void pauseStopsTheAnswerAndRefusesUntilResumed() {
        m_conversation->setInferenceConfig(config(400));
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QSignalSpy refused(m_conversation, &ConversationController::sendRefused);
        QVERIFY(m_conversation->send(QStringLiteral("Tell me a long story")));
        QTRY_VERIFY(m_conversation->generating());
        m_conversation->setPaused(true, QStringLiteral("The board is too hot."));
        QVERIFY(done.wait(30000));
        QCOMPARE(done[0][2].value<StopReason>(), StopReason::Cancelled);
        QVERIFY(m_conversation->send(QStringLiteral("Are we there yet?")));
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(m_conversation->error(), QStringLiteral("The board is too hot."));
        m_conversation->setPaused(false);
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->error(), QString());
    }
};

QTEST_GUILESS_MAIN(TestConversationService)
#include "tst_conversation_service.moc"
