// ConversationController + VoiceController/VoiceLoop on the voice thread, with a file as the microphone and
// memory as the loudspeaker, and the real engine on stories260K.gguf: a spoken question becomes a stored
// user message with its speech-to-text time and gets an assistant answer, spoken and stored with its
// end-of-speech-to-first-audio time. Skips without flite (test speech) or the model.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QElapsedTimer>
#include <atomic>

#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "../inference/load_through_worker.h"
#include "conversation/conversation_controller.h"
#include "inference/inference_worker.h"
#include "speech_fixtures.h"
#include "storage/database.h"
#include "storage/storage_service.h"
#include "ui/voice_controller.h"

using namespace peregrine;

namespace {
const QString kModel = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");

// Memory as the loudspeaker and a short silence as the microphone before the driver speaks; run on the voice
// thread, as the devices are created (their timers belong to it).
void useFileDevices(voice::VoiceLoop* l) {
    auto* idle = new audio::FileSource;
    idle->setSamples(audio::Pcm(audio::msToSamples(100), 0));
    idle->setPace(audio::FileSource::Pace::Fast);
    l->setSource(idle);
    auto* sink = new audio::FileSink;
    sink->setPace(audio::FileSink::Pace::Fast);
    l->setSink(sink);
}

// Push-to-talk, then the driver's question at real-time pace, on the voice thread (as FileVoiceRunner does).
void askByVoice(voice::VoiceLoop* loop, const audio::Pcm& question) {
    QMetaObject::invokeMethod(loop, [loop, question] {
        auto* source = new audio::FileSource;
        source->setSamples(question);
        source->setPace(audio::FileSource::Pace::RealTime);
        source->setTrailingSilenceMs(1200);
        loop->startListening();
        loop->replaceSource(source);
    });
}
}  // namespace

class TestVoiceConversation : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Database m_db;             // reads back what the storage thread wrote (WAL: a second connection)
    StorageService m_storage;  // the app's writer
    QThread m_inferenceThread;
    InferenceWorker* m_worker = nullptr;

    // Connects the worker and loads the model with short greedy answers.
    bool startAnswering(ConversationController& conversation) {
        conversation.connectWorker(m_worker);
        InferenceConfig ic;
        ic.maxTokens = 24;
        ic.temperature = 0;
        ic.contextLength = 512;
        conversation.setInferenceConfig(ic);
        return testing::loadThroughWorker(m_worker, &conversation, kModel, ic.contextLength);
    }

    // Starts a voice loop on file devices for conversation; nullptr when it did not become available.
    static voice::VoiceLoop* startVoice(VoiceController& voice, ConversationController& conversation) {
        voice::VoiceConfig vc;
        vc.frontEnd.echoCancellation = false;  // no acoustic path from the sink to the source
        auto* loop = new voice::VoiceLoop(vc);
        QSignalSpy initialized(&voice, &VoiceController::initialized);
        voice.start(loop, useFileDevices);
        conversation.connectVoice(loop);
        if (!initialized.wait(20000) || !voice.available()) return nullptr;
        return loop;
    }

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        if (!QFile::exists(kModel)) QSKIP("stories260K.gguf not present");
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_db.open(m_dir.filePath("test.db")), qPrintable(m_db.lastError()));
        m_storage.open(m_dir.filePath("test.db"));
        QTRY_VERIFY(m_storage.isOpen());
        m_worker = new InferenceWorker;
        m_worker->moveToThread(&m_inferenceThread);
        m_inferenceThread.start();
    }

    void cleanupTestCase() {
        m_inferenceThread.quit();
        m_inferenceThread.wait();
        delete m_worker;
    }

    void spokenQuestionIsAnsweredAndStored() {
        ConversationController conversation(&m_storage);
        QVERIFY(startAnswering(conversation));

        const audio::Pcm question = testing::speak(m_dir, "q", QStringLiteral("What is the weather like"));
        QVERIFY(!question.empty());

        {
            VoiceController voice;
            voice::VoiceLoop* loop = startVoice(voice, conversation);
            QVERIFY2(loop, qPrintable(voice.error()));
            QSignalSpy answered(&conversation, &ConversationController::answerCompleted);
            QList<voice::VoiceLoop::State> states;
            QList<voice::VoiceLoop::State> shown;  // what QML gets
            connect(&voice, &VoiceController::stateChanged, this, [&] {
                states << voice.state();
                shown << voice.property("state").value<voice::VoiceLoop::State>();
            });

            askByVoice(loop, question);
            QVERIFY(answered.wait(60000));
            QCOMPARE(conversation.messages()->rowCount(), 2);
            const qint64 id = conversation.conversationId();
            QVERIFY(id > 0);
            // Timings land once the spoken answer has played.
            QTRY_VERIFY_WITH_TIMEOUT(
                m_db.messages(id).size() == 2 && m_db.messages(id).at(0).sttMs.has_value() &&
                    m_db.messages(id).at(1).firstAudioMs.has_value(),
                30000);  // both rows' timings are written by one update of the conversation service
            const QList<MessageRecord> stored = m_db.messages(id);
            const MessageRecord& user = stored.at(0);
            const MessageRecord& answer = stored.at(1);
            qInfo() << "heard" << user.text << "stt" << *user.sttMs << "ms; answer" << answer.text << "ttft"
                    << answer.ttftMs.value_or(-1) << "first audio" << answer.firstAudioMs.value_or(-1)
                    << "states" << states;
            QCOMPARE(user.role, QStringLiteral("user"));
            QVERIFY(user.text.contains(QStringLiteral("weather"), Qt::CaseInsensitive));
            QVERIFY(*user.sttMs >= 0);
            QCOMPARE(answer.role, QStringLiteral("assistant"));
            QVERIFY(!answer.text.isEmpty());
            QVERIFY(answer.ttftMs.has_value());
            QVERIFY(answer.firstAudioMs.has_value());
            QVERIFY(*answer.firstAudioMs > 0);
            QVERIFY(states.contains(voice::VoiceLoop::State::Listening));
            QVERIFY(states.contains(voice::VoiceLoop::State::Thinking) ||
                    states.contains(voice::VoiceLoop::State::Speaking));
            QCOMPARE(shown.size(), states.size());
            for (int i = 0; i < states.size(); ++i) QCOMPARE(shown[i], states[i]);
            // The model row shows the stored timings too.
            QTRY_VERIFY(conversation.messages()->at(0).sttMs.has_value());
        }  // joins the voice thread; the loop is deleted there
    }

    // The answer goes inference -> voice -> loudspeaker without crossing the UI thread: with the UI thread
    // blocked from just after the question is sent until well after the answer, the voice loop still starts
    // speaking it. (Through the UI thread, Speaking could only begin once the block ends.)
    void answerIsSpokenWhileTheUiThreadIsBlocked() {
        ConversationController conversation(&m_storage);
        QVERIFY(startAnswering(conversation));
        const audio::Pcm question = testing::speak(m_dir, "q2", QStringLiteral("Tell me a story"));
        QVERIFY(!question.empty());

        VoiceController voice;
        voice::VoiceLoop* loop = startVoice(voice, conversation);
        QVERIFY2(loop, qPrintable(voice.error()));

        QElapsedTimer clock;
        clock.start();
        std::atomic<qint64> speakingAt{-1};
        connect(
            loop, &voice::VoiceLoop::stateChanged, loop,
            [&](voice::VoiceLoop::State state) {
                if (state == voice::VoiceLoop::State::Speaking && speakingAt.load() < 0)
                    speakingAt.store(clock.elapsed());
            },
            Qt::DirectConnection);
        // Queued to this thread: runs right after ask() has sent the request to the worker.
        qint64 blockedFrom = -1, blockedUntil = -1;
        connect(
            &conversation, &ConversationController::generatingChanged, this,
            [&] {
                if (!conversation.generating() || blockedFrom >= 0) return;
                blockedFrom = clock.elapsed();
                QThread::msleep(6000);  // the UI thread does nothing: no event, no signal crosses it
                blockedUntil = clock.elapsed();
            },
            Qt::QueuedConnection);
        QSignalSpy answered(&conversation, &ConversationController::answerCompleted);
        askByVoice(loop, question);
        QVERIFY(answered.wait(60000));
        QVERIFY(blockedFrom >= 0);
        qInfo() << "UI thread blocked" << blockedFrom << "-" << blockedUntil << "ms; speaking at"
                << speakingAt.load() << "ms";
        QVERIFY2(speakingAt.load() >= blockedFrom && speakingAt.load() < blockedUntil,
                 "the voice loop did not start speaking while the UI thread was blocked");
    }

    // A question asked while answers are paused (critical heat) is refused aloud: the reason is spoken, no
    // message is stored and the model is never asked.
    void refusedQuestionIsSpoken() {
        ConversationController conversation(&m_storage);
        conversation.connectWorker(m_worker);
        const QString reason =
            QStringLiteral("The board is too hot: answers are paused until it cools down.");
        conversation.setPaused(true, reason);

        const audio::Pcm question = testing::speak(m_dir, "q2", QStringLiteral("What is the weather like"));
        QVERIFY(!question.empty());
        voice::VoiceConfig vc;
        vc.frontEnd.echoCancellation = false;
        auto* loop = new voice::VoiceLoop(vc);
        VoiceController voice;
        QSignalSpy initialized(&voice, &VoiceController::initialized);
        voice.start(loop, useFileDevices);
        conversation.connectVoice(loop);
        QVERIFY(initialized.wait(20000));
        QSignalSpy said(loop, &voice::VoiceLoop::sentenceReady);
        QSignalSpy finished(loop, &voice::VoiceLoop::turnFinished);
        askByVoice(loop, question);
        QVERIFY(finished.wait(60000));
        QCOMPARE(said.count(), 1);
        QCOMPARE(said.at(0).at(1).toString(), reason);
        const auto timings = finished.at(0).at(0).value<voice::VoiceTimings>();
        QVERIFY2(timings.firstAudioMs > 0, "the refusal was not played");
        QCOMPARE(conversation.messages()->rowCount(), 0);
        QCOMPARE(conversation.error(), reason);
    }
};

QTEST_GUILESS_MAIN(TestVoiceConversation)
#include "tst_voice_conversation.moc"
