// The voice loop on generated speech (flite slt) with a scripted stand-in for the language model: a question
// is answered aloud with ordered stage timings; each cab command acts without the model; barge-in during
// playback cancels the answer; the wake phrase opens a turn; stop() works with no model at all.
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "scripted_answerer.h"
#include "speech_fixtures.h"
#include "voice/file_voice_runner.h"

using namespace peregrine;
using voice::FileVoiceRunner;
using voice::VoiceLoop;

namespace {
const QString kShortAnswer = QStringLiteral("The next town is twelve miles ahead. You will be there soon.");

QString longAnswer() {
    QStringList s;
    for (int i = 0; i < 30; ++i)
        s << QStringLiteral("This is sentence number %1 of a very long answer.").arg(i + 1);
    return s.join(' ');
}
}  // namespace

class TestVoiceLoop : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QThread m_modelThread;

    // Runner with a scripted model on its own thread; the answerer is deleted with the test's thread cleanup.
    std::unique_ptr<FileVoiceRunner> makeRunner(testing::ScriptedAnswerer* model, bool fast,
                                                voice::VoiceConfig config = {}) {
        if (model) model->moveToThread(&m_modelThread);
        auto runner = std::make_unique<FileVoiceRunner>(config, model, fast);
        if (!runner->initialize()) qWarning() << runner->errorString();
        return runner;
    }

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        m_modelThread.start();
    }
    void cleanupTestCase() {
        m_modelThread.quit();
        m_modelThread.wait();
    }

    void questionIsAnsweredAloud() {
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        auto runner = makeRunner(model, /*fast=*/false);
        const audio::Pcm q = testing::speak(m_dir, "q", "how far is the next town");
        const auto r = runner->run(q);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.turns.size(), 1);
        const auto& t = r.turns.first();
        qInfo() << "heard" << t.transcript << "speech end" << t.speechEndMs << "endpoint" << t.endpointMs
                << "transcript" << t.transcriptMs << "first token" << t.firstTokenMs << "first sentence"
                << t.firstSentenceMs << "first audio" << t.firstAudioMs;
        QVERIFY(t.transcript.contains("next town"));
        QCOMPARE(t.answer, kShortAnswer);
        QVERIFY(!t.cancelled);
        QCOMPARE(model->asked.load(), 1);
        // Stages in order, all measured from the start of the input.
        QVERIFY(t.speechEndMs > 0);
        QVERIFY(t.endpointMs > t.speechEndMs);
        QVERIFY(t.transcriptMs >= t.endpointMs);
        QVERIFY(t.firstTokenMs > t.transcriptMs);
        QVERIFY(t.firstSentenceMs >= t.firstTokenMs);
        QVERIFY(t.firstAudioMs >= t.firstSentenceMs);
        // The speech ended where the file's speech ends (within the end-of-speech detection granularity).
        QVERIFY(std::abs(t.speechEndMs - audio::samplesToMs(q.size())) < 250);
        // Two sentences spoken: more than a second of audio.
        QVERIFY(r.answerAudio.size() > static_cast<size_t>(audio::kSampleRate));
        model->deleteLater();
    }

    // While the driver speaks, the answerer is told the words heard so far (to compute them ahead); at the
    // end of speech once with the whole question, before the question itself is asked.
    void questionIsComputedAheadWhileSpoken() {
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        auto runner = makeRunner(model, /*fast=*/false);
        const auto r =
            runner->run(testing::speak(m_dir, "q", "what is the weather like in the mountains today"));
        QVERIFY2(r.ok, qPrintable(r.error));
        const QStringList calls = model->calls();
        qInfo() << calls;
        const qsizetype ask = calls.indexOf(QRegularExpression("ask:.*"));  // a whole-string match
        QVERIFY(ask > 0);
        QCOMPARE(calls.first(), QString());  // warm-up: the system prompt at start
        const QStringList partials = calls.mid(0, ask).filter(QRegularExpression("^[a-z]"));
        QVERIFY2(partials.size() >= 2, qPrintable(calls.join(" | ")));  // words heard while speaking
        const QStringList whole = calls.filter(QRegularExpression("^whole:"));
        QCOMPARE(whole.size(), 1);
        QVERIFY(calls.indexOf(whole.first()) < ask);
        model->deleteLater();
    }

    // A complete question ends after quickEndMs of silence instead of the full end-of-speech silence.
    void completeQuestionEndsAfterAShortPause() {
        double endpointDelay[2] = {0, 0};
        for (int quick = 0; quick < 2; ++quick) {
            auto* model = new testing::ScriptedAnswerer(kShortAnswer);
            voice::VoiceConfig config;
            config.endpointer.silenceEndMs = 900;
            config.quickEndMs = quick ? 200 : 0;
            auto runner = makeRunner(model, /*fast=*/false, config);  // real time: the pause is timed
            const auto r = runner->run(testing::speak(m_dir, "q", "how far is the next town"));
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.turns.size(), 1);
            endpointDelay[quick] = r.turns.first().endpointMs - r.turns.first().speechEndMs;
            model->deleteLater();
        }
        qInfo() << "end of speech to endpoint: full silence" << endpointDelay[0] << "ms, quick"
                << endpointDelay[1] << "ms";
        QVERIFY(endpointDelay[0] >= 850);
        QVERIFY(endpointDelay[1] < 400);
    }

    // --first-sentence-after: an answer that never ends a sentence is spoken from its Nth token on.
    void firstSentenceCanBeForcedAfterNTokens() {
        QStringList words;
        for (int i = 0; i < 40; ++i) words << QStringLiteral("road");
        auto* model = new testing::ScriptedAnswerer(words.join(' '), 10);
        voice::VoiceConfig config;
        config.firstSentenceAfterTokens = 6;
        auto runner = makeRunner(model, /*fast=*/true, config);
        QSignalSpy sentences(runner->loop(), &VoiceLoop::sentenceReady);
        const auto r = runner->run(testing::speak(m_dir, "q", "tell me a long story"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(sentences.count() >= 2);
        QCOMPARE(sentences.first().at(1).toString().split(' ').size(), 6);
        QVERIFY(r.turns.first().firstSentenceForced);
        model->deleteLater();
    }

    void cabCommandsActWithoutTheModel_data() {
        QTest::addColumn<QString>("spoken");
        QTest::addColumn<QString>("command");
        QTest::newRow("stop") << "stop"
                              << "stop";
        QTest::newRow("repeat") << "repeat that"
                                << "repeat";
        QTest::newRow("louder") << "louder"
                                << "louder";
        QTest::newRow("quieter") << "quieter"
                                 << "quieter";
        QTest::newRow("new conversation") << "new conversation"
                                          << "new_conversation";
    }
    void cabCommandsActWithoutTheModel() {
        QFETCH(QString, spoken);
        QFETCH(QString, command);
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        auto runner = makeRunner(model, /*fast=*/true);
        // A first question so that "repeat that" has something to repeat.
        auto first = runner->run(testing::speak(m_dir, "q", "tell me a short story"));
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(model->asked.load(), 1);
        QSignalSpy volume(runner->loop(), &VoiceLoop::volumeChanged);
        const double volumeBefore = runner->loop()->sink()->volume();

        const auto r = runner->run(testing::speak(m_dir, "cmd", spoken));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.commands, QStringList{command});
        QCOMPARE(model->asked.load(), 1);  // the model was not asked again
        if (command == "repeat") QCOMPARE(r.answerAudio.size(), first.answerAudio.size());
        if (command == "louder") QVERIFY(runner->loop()->sink()->volume() > volumeBefore);
        if (command == "quieter") QVERIFY(runner->loop()->sink()->volume() < volumeBefore);
        if (command == "louder" || command == "quieter") QCOMPARE(volume.count(), 1);
        if (command == "new_conversation") QTRY_COMPARE(model->resets.load(), 1);
        model->deleteLater();
    }

    void bargeInCancelsTheAnswer() {
        auto* model = new testing::ScriptedAnswerer(longAnswer(), 20);
        auto runner = makeRunner(model, /*fast=*/false);
        // Question, then while the long answer plays the driver says "stop".
        audio::Pcm input = testing::speak(m_dir, "q", "tell me a long story");
        testing::appendSilence(input, 2500);
        const audio::Pcm stop = testing::speak(m_dir, "stop", "stop", 0);
        input.insert(input.end(), stop.begin(), stop.end());
        const auto r = runner->run(input);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.turns.size() >= 2);
        QVERIFY(r.turns.first().cancelled);
        QVERIFY(r.turns.first().firstAudioMs > 0);  // it was speaking when interrupted
        QVERIFY(r.cancelRequests >= 1);
        QCOMPARE(r.commands, QStringList{"stop"});
        QTRY_COMPARE(model->cancelledGenerations.load(), 1);
        // Much less than the whole answer was played (30 sentences are about 90 s).
        QVERIFY(r.answerAudio.size() < static_cast<size_t>(audio::kSampleRate * 10));
        model->deleteLater();
    }

    void hardStopNeedsNoModel() {
        auto runner = makeRunner(nullptr, /*fast=*/false);
        VoiceLoop* loop = runner->loop();
        QSignalSpy states(loop, &VoiceLoop::stateChanged);
        loop->startListening();
        QCOMPARE(loop->state(), VoiceLoop::State::Listening);
        loop->stop();
        QCOMPARE(loop->state(), VoiceLoop::State::Idle);
        QSignalSpy finished(loop, &VoiceLoop::turnFinished);
        loop->startListening();
        loop->stop();
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.first().first().value<voice::VoiceTimings>().cancelled);
    }

    void wakePhraseOpensATurn() {
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        voice::VoiceConfig config;
        config.wakeWord = true;
        auto runner = makeRunner(model, /*fast=*/true, config);
        audio::Pcm input = testing::speak(m_dir, "wake", "hey peregrine");
        testing::appendSilence(input, 400);
        const audio::Pcm q = testing::speak(m_dir, "q", "what is the weather like today", 200);
        input.insert(input.end(), q.begin(), q.end());
        const auto r = runner->run(input, /*pushToTalk=*/false);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(!r.turns.isEmpty());
        QVERIFY2(r.turns.last().transcript.contains("weather"), qPrintable(r.turns.last().transcript));
        QCOMPARE(model->asked.load(), 1);
        model->deleteLater();
    }

    // After a spoken answer the next question is heard without the wake phrase while the follow-up window
    // is open; with the window off (0) the same audio starts no second turn. Real time: the window is timed
    // against the answer's playback.
    void followUpNeedsNoWakePhrase_data() {
        QTest::addColumn<int>("followUpMs");
        QTest::addColumn<int>("questions");
        QTest::newRow("window open") << 6000 << 2;
        QTest::newRow("window off") << 0 << 1;
    }
    void followUpNeedsNoWakePhrase() {
        QFETCH(int, followUpMs);
        QFETCH(int, questions);
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        voice::VoiceConfig config;
        config.wakeWord = true;
        config.followUpMs = followUpMs;
        auto runner = makeRunner(model, /*fast=*/false, config);
        QSignalSpy window(runner->loop(), &VoiceLoop::followUpChanged);
        audio::Pcm input = testing::speak(m_dir, "wake", "hey peregrine");
        testing::appendSilence(input, 400);
        const audio::Pcm q = testing::speak(m_dir, "q", "how far is the next town", 200);
        input.insert(input.end(), q.begin(), q.end());
        testing::appendSilence(input, 5500);  // the answer (about 3.5 s of speech) plays out
        const audio::Pcm f = testing::speak(m_dir, "f", "what is the weather like there", 0);
        input.insert(input.end(), f.begin(), f.end());
        testing::appendSilence(input, 1500);
        const auto r = runner->run(input, /*pushToTalk=*/false);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(model->asked.load(), questions);
        if (followUpMs > 0) {
            QVERIFY2(r.turns.last().transcript.contains("weather"), qPrintable(r.turns.last().transcript));
            QVERIFY(window.count() >= 2);  // opened after the first answer, closed by the follow-up
            QCOMPARE(window.first().at(0).toBool(), true);
            QCOMPARE(window.first().at(1).toInt(), followUpMs);
            QCOMPARE(window.at(1).at(0).toBool(), false);
        } else {
            QCOMPARE(window.count(), 0);
        }
        model->deleteLater();
    }

    // The window closes by itself when nobody speaks.
    void followUpWindowTimesOut() {
        auto* model = new testing::ScriptedAnswerer(kShortAnswer);
        voice::VoiceConfig config;
        config.followUpMs = 1000;
        auto runner = makeRunner(model, /*fast=*/false, config);
        QSignalSpy window(runner->loop(), &VoiceLoop::followUpChanged);
        audio::Pcm input = testing::speak(m_dir, "q", "how far is the next town");
        testing::appendSilence(input, 7000);
        const auto r = runner->run(input);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(model->asked.load(), 1);
        QCOMPARE(window.count(), 2);
        QCOMPARE(window.at(0).at(0).toBool(), true);
        QCOMPARE(window.at(1).at(0).toBool(), false);
        model->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestVoiceLoop)
#include "tst_voice_loop.moc"
