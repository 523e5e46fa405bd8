// Deep think through the app's own path: ConversationController + a real InferenceWorker on its QThread (the
// local model is stories260K.gguf) + the StorageService, against fake_llama_server.py. A "deep think: ..."
// question streams the remote answer, is stored with the mark (read back from SQLite) and shows it again when
// the conversation is reopened; the button sends a question without a prefix; with deep think off the reason
// is on screen (and sent to the voice loop) and no request is made; an HTTP 500 names its reason and the
// local model keeps answering; stop ends a remote answer at once, also before its first piece.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "../inference/load_through_worker.h"
#include "fake_server.h"
#include "conversation/conversation_controller.h"
#include "conversation/conversation_service.h"
#include "inference/inference_worker.h"
#include "storage/database.h"
#include "storage/storage_service.h"

using namespace peregrine;

namespace {
const QString kModel = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");
}

class TstDeepThinkConversation : public QObject {
    Q_OBJECT

private:
    FakeLlamaServer m_server;
    QTemporaryDir m_dir;
    Database m_db;  // reads back what the storage thread wrote (WAL: a second connection)
    StorageService m_storage;
    QThread m_thread;
    InferenceWorker* m_worker = nullptr;
    ConversationController* m_conversation = nullptr;

    void useEndpoint(const QString& mode, bool enabled = true) {
        DeepThinkConfig c;
        c.enabled = enabled;
        c.endpoint = QString::fromStdString(m_server.endpoint(mode));
        m_conversation->setDeepThinkConfig(c);
    }
    // Sends text and waits for the answer to end; returns its stop reason (None when refused or on a timeout,
    // logged).
    StopReason askAndWait(const QString& text, bool button = false) {
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QSignalSpy refused(m_conversation, &ConversationController::sendRefused);
        if (!m_conversation->send(text, button)) return StopReason::None;
        if (!QTest::qWaitFor([&] { return done.count() + refused.count() > 0; }, 30000))
            return StopReason::None;
        if (!refused.isEmpty()) {
            qWarning() << "refused:" << m_conversation->error();
            return StopReason::None;
        }
        return done[0][2].value<StopReason>();
    }
    MessageRecord storedRow(int fromEnd) {
        const auto rows = m_db.messages(m_conversation->conversationId());
        return rows.size() > fromEnd ? rows[rows.size() - 1 - fromEnd] : MessageRecord{};
    }
    QVariant shown(int fromEnd, MessageListModel::Role role) {
        MessageListModel* m = m_conversation->messages();
        return m->data(m->index(m->rowCount() - 1 - fromEnd), role);
    }

private slots:
    void initTestCase() {
        if (!QFile::exists(kModel)) QSKIP("stories260K.gguf not present");
        QVERIFY2(m_server.isRunning(), "fake_llama_server.py did not start");
        QVERIFY(m_dir.isValid());
        QVERIFY(
            testing::startStorageAndWorker(m_dir.filePath("test.db"), m_db, m_storage, m_thread, m_worker));
        m_conversation = new ConversationController(&m_storage, this);
        m_conversation->connectWorker(m_worker);
        InferenceConfig c;
        c.maxTokens = 24;
        c.temperature = 0;
        c.systemPrompt = QStringLiteral("You are brief.");
        m_conversation->setInferenceConfig(c);
        QTRY_VERIFY(!m_conversation->deepThinkEnabled());  // off by default
        QVERIFY(testing::loadThroughWorker(m_worker, m_conversation, kModel, 512));
    }

    void cleanupTestCase() {
        if (m_conversation) m_conversation->stop();
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }

    void prefixStreamsTheRemoteAnswerStoredWithTheMark() {
        QSignalSpy changed(m_conversation, &ConversationController::deepThinkChanged);
        useEndpoint("normal");
        QTRY_VERIFY(m_conversation->deepThinkEnabled());
        QCOMPARE(changed.count(), 1);
        QSignalSpy tokens(m_worker, &InferenceWorker::tokens);
        QCOMPARE(askAndWait("Deep think: why is the sky blue?"), StopReason::EndOfText);
        QVERIFY(!tokens.isEmpty());  // streamed through the worker like a local answer
        QCOMPARE(m_conversation->error(), QString());

        // What was sent: text only, the system prompt and the question without its prefix, no history.
        const QJsonObject last = m_server.last();
        QCOMPARE(last["path"].toString(), QStringLiteral("/normal/v1/chat/completions"));
        const QJsonArray sent = last["body"].toObject()["messages"].toArray();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent[0].toObject()["content"].toString(), QStringLiteral("You are brief."));
        QCOMPARE(sent[1].toObject()["content"].toString(), QStringLiteral("why is the sky blue?"));

        const MessageRecord question = storedRow(1), answer = storedRow(0);
        QCOMPARE(question.text, QStringLiteral("why is the sky blue?"));
        QCOMPARE(question.route, QStringLiteral("deep think"));
        QCOMPARE(answer.text, QStringLiteral("Hello, world!"));
        QCOMPARE(answer.route, QStringLiteral("deep think"));
        QCOMPARE(answer.model, QStringLiteral("fake-model.gguf"));  // as the server lists it
        QCOMPARE(answer.generatedTokens, std::optional<int>(4));
        QCOMPARE(shown(0, MessageListModel::BadgeRole).toString(),
                 QStringLiteral("Deep think · fake-model.gguf"));
        QCOMPARE(shown(1, MessageListModel::BadgeRole).toString(), QString());  // the question has no badge

        // Reopened from history, the answer still carries its mark.
        const qint64 id = m_conversation->conversationId();
        m_conversation->newConversation();
        QVERIFY(testing::settle(m_conversation));
        QCOMPARE(m_conversation->messages()->rowCount(), 0);
        m_conversation->openConversation(id);
        QTRY_COMPARE(m_conversation->messages()->rowCount(), 2);  // from the storage thread
        QCOMPARE(shown(0, MessageListModel::RouteRole).toString(), QStringLiteral("deep think"));
        QCOMPARE(shown(0, MessageListModel::BadgeRole).toString(),
                 QStringLiteral("Deep think · fake-model.gguf"));
    }

    void buttonSendsTheTypedQuestion() {
        useEndpoint("normal");
        QCOMPARE(m_conversation->lastDecodeTokPerSec(), 0.0);  // no local answer yet: none measured
        QCOMPARE(askAndWait("What is torque?", true), StopReason::EndOfText);
        const QJsonArray sent = m_server.last()["body"].toObject()["messages"].toArray();
        QCOMPARE(sent.last().toObject()["content"].toString(), QStringLiteral("What is torque?"));
        QCOMPARE(storedRow(0).route, QStringLiteral("deep think"));
        QCOMPARE(storedRow(1).text, QStringLiteral("What is torque?"));
        QCOMPARE(storedRow(0).decodeTokPerSec,
                 std::optional<double>(100.0));  // the server's, under the bubble
        // ... but not the board's speed (status bar, thermal governor).
        QCOMPARE(m_conversation->lastDecodeTokPerSec(), 0.0);
        QCOMPARE(m_conversation->liveTokPerSec(), 0.0);
    }

    // A spoken question ("hey peregrine, deep think ...") is answered remotely and its text goes to the voice
    // loop to be spoken; talking over a remote answer (barge-in) stops it like a local one.
    void spokenQuestionIsAnsweredRemotelyAndBargeInStopsIt() {
        useEndpoint("normal");
        // The worker sends the spoken answer to the voice loop itself (not through the UI thread).
        QSignalSpy said(m_worker, &InferenceWorker::voiceText);
        QSignalSpy saidAll(m_worker, &InferenceWorker::voiceFinished);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(QMetaObject::invokeMethod(m_conversation->service(), "onVoiceQuestion", Qt::QueuedConnection,
                                          Q_ARG(int, 3),
                                          Q_ARG(QString, "hey peregrine deep think why do tyres squeal")));
        QVERIFY(done.wait(10000));
        QString spoken;
        for (const auto& args : said) {
            QCOMPARE(args[0].toInt(), 3);
            spoken += args[1].toString();
        }
        QCOMPARE(spoken, QStringLiteral("Hello, world!"));
        QTRY_COMPARE(saidAll.count(), 1);
        QCOMPARE(saidAll[0][0].toInt(), 3);
        QCOMPARE(storedRow(1).text, QStringLiteral("why do tyres squeal"));
        QCOMPARE(storedRow(0).route, QStringLiteral("deep think"));

        useEndpoint("slow");
        QSignalSpy tokens(m_worker, &InferenceWorker::tokens);
        QVERIFY(QMetaObject::invokeMethod(m_conversation->service(), "onVoiceQuestion", Qt::QueuedConnection,
                                          Q_ARG(int, 4), Q_ARG(QString, "deep think count to two hundred")));
        QVERIFY(tokens.wait(5000));
        const int answered = done.count();  // the first spoken question's answer
        QVERIFY(QMetaObject::invokeMethod(m_conversation->service(), "onVoiceCancel", Qt::QueuedConnection,
                                          Q_ARG(int, 4)));
        QTRY_VERIFY(!m_conversation->generating());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == answered + 1, 3000);
        QCOMPARE(done.last()[2].value<StopReason>(), StopReason::Cancelled);
    }

    void offShowsTheReasonAndSendsNothing() {
        useEndpoint("normal", false);
        QTRY_VERIFY(!m_conversation->deepThinkEnabled());
        const QJsonValue before = m_server.last()["body"];  // the last request that reached the server
        const int rows = m_conversation->messages()->rowCount();
        QSignalSpy refused(m_conversation, &ConversationController::sendRefused);
        QVERIFY(m_conversation->send("deep think: is the bridge high enough?"));
        QTRY_COMPARE(refused.count(), 1);
        QCOMPARE(refused[0][0].toString(), QStringLiteral("deep think: is the bridge high enough?"));
        QVERIFY2(m_conversation->error().contains("deep think is off"), qPrintable(m_conversation->error()));
        QVERIFY(m_conversation->send("Is the bridge high enough?", true));  // the button alike
        QTRY_COMPARE(refused.count(), 2);
        QCOMPARE(m_conversation->messages()->rowCount(), rows);  // not answered locally either
        QVERIFY(!m_conversation->generating());
        // A spoken deep-think question: the reason goes to the voice loop to be said.
        QSignalSpy voiceFailed(m_conversation->service(), &ConversationService::voiceAnswerFailed);
        QVERIFY(QMetaObject::invokeMethod(m_conversation->service(), "onVoiceQuestion", Qt::QueuedConnection,
                                          Q_ARG(int, 7), Q_ARG(QString, "think harder about the bridge")));
        QTRY_COMPARE(voiceFailed.count(), 1);
        QCOMPARE(voiceFailed[0][0].toInt(), 7);
        QVERIFY(voiceFailed[0][1].toString().contains("deep think is off"));
        QTest::qWait(100);
        QCOMPARE(m_server.last()["body"], before);  // no request reached the server since
        QVERIFY(!QJsonDocument(before.toObject()).toJson().contains("bridge"));
    }

    void serverErrorIsNamedThenTheLocalModelAnswers() {
        useEndpoint("error500");
        QCOMPARE(askAndWait("deep think: plan the route"), StopReason::Error);
        QVERIFY2(m_conversation->error().startsWith("Deep think failed: "),
                 qPrintable(m_conversation->error()));
        QVERIFY2(m_conversation->error().contains("answered HTTP 500: failed to load model: out of memory"),
                 qPrintable(m_conversation->error()));
        QCOMPARE(storedRow(0).route, QStringLiteral("deep think"));
        QCOMPARE(storedRow(0).stopReason, StopReason::Error);

        const StopReason stop = askAndWait("Once upon a time");
        QVERIFY2(stop == StopReason::EndOfText || stop == StopReason::Length,
                 qPrintable(stopReasonName(stop)));
        QCOMPARE(m_conversation->error(), QString());
        const MessageRecord local = storedRow(0);
        QCOMPARE(local.route, QString());
        QCOMPARE(local.model, m_conversation->modelName());
        QVERIFY(!local.text.isEmpty());
        QCOMPARE(shown(0, MessageListModel::BadgeRole).toString(), QString());
    }

    // The remote model is still computing (slowstart: 1.5 s before its first piece): stop ends it at once.
    void stopEndsARemoteAnswerBeforeItsFirstPiece() {
        useEndpoint("slowstart");
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("deep think: take your time"));
        QTest::qWait(300);
        QElapsedTimer t;
        t.start();
        m_conversation->stop();
        QVERIFY(done.wait(5000));
        const qint64 ms = t.elapsed();
        QCOMPARE(done[0][2].value<StopReason>(), StopReason::Cancelled);
        qInfo("deep think stopped before its first piece: answer ended %lld ms after stop", ms);
        QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));  // not when the server's 1.5 s were up
        QCOMPARE(storedRow(0).stopReason, StopReason::Cancelled);
    }

    void stopEndsAStreamingRemoteAnswer() {
        useEndpoint("slow");  // 200 pieces, one every 50 ms
        QSignalSpy tokens(m_worker, &InferenceWorker::tokens);
        QSignalSpy done(m_conversation, &ConversationController::answerCompleted);
        QVERIFY(m_conversation->send("deep think: count slowly"));
        QVERIFY(tokens.wait(5000));
        m_conversation->stop();
        QVERIFY(done.wait(3000));
        QCOMPARE(done[0][2].value<StopReason>(), StopReason::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(m_server.last()["disconnected"].toBool(), 5000);  // the stream was closed
        QVERIFY(m_server.last()["pieces_sent"].toInt() < 200);
    }
};

QTEST_MAIN(TstDeepThinkConversation)
#include "tst_deep_think_conversation.moc"
