// Speech engines on generated speech: pocketsphinx transcribes flite's slt voice (questions, every cab
// command, the wake phrase); flite and espeak-ng synthesise audio. Skips when flite is not installed.
#include <QTemporaryDir>
#include <QTest>

#include "../voice/speech_fixtures.h"
#include "speech/cab_commands.h"
#include "speech/espeak_tts.h"
#include "speech/flite_tts.h"
#include "speech/pocketsphinx_stt.h"

using namespace peregrine;
using speech::CabCommand;
using speech::SpeechToText;

class TestSpeechEngines : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<speech::PocketsphinxStt> m_stt;

    QString transcribe(const audio::Pcm& pcm) {
        m_stt->begin(SpeechToText::Mode::Dictation);
        for (size_t i = 0; i < pcm.size(); i += audio::kFrameSamples)
            m_stt->feed(pcm.data() + i, std::min<size_t>(audio::kFrameSamples, pcm.size() - i));
        return m_stt->finish();
    }

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        m_stt = std::make_unique<speech::PocketsphinxStt>();
        QVERIFY2(m_stt->isReady(), qPrintable(m_stt->errorString()));
    }

    void transcribesQuestions_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("weather") << "what is the weather like today";
        QTest::newRow("story") << "tell me a short story";
        QTest::newRow("distance") << "how far is the next town";
    }
    void transcribesQuestions() {
        QFETCH(QString, text);
        const QString heard = transcribe(testing::speak(m_dir, QTest::currentDataTag(), text));
        qInfo() << text << "->" << heard;
        // At most one word wrong on these short questions.
        const QStringList want = text.split(' '), got = heard.split(' ', Qt::SkipEmptyParts);
        int matches = 0;
        for (const QString& w : want) matches += got.contains(w);
        QVERIFY2(matches >= want.size() - 1, qPrintable(heard));
    }

    void recognisesEveryCabCommand_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("command");
        QTest::newRow("stop") << "stop" << int(CabCommand::Stop);
        QTest::newRow("repeat") << "repeat that" << int(CabCommand::Repeat);
        QTest::newRow("louder") << "louder" << int(CabCommand::Louder);
        QTest::newRow("quieter") << "quieter" << int(CabCommand::Quieter);
        QTest::newRow("new") << "new conversation" << int(CabCommand::NewConversation);
    }
    void recognisesEveryCabCommand() {
        QFETCH(QString, text);
        QFETCH(int, command);
        const QString heard = transcribe(testing::speak(m_dir, "cmd", text));
        qInfo() << text << "->" << heard;
        QCOMPARE(int(speech::CommandMatcher().match(heard)), command);
    }

    void spotsWakePhrase() {
        audio::Pcm wake = testing::speak(m_dir, "wake", "hey peregrine");
        testing::appendSilence(wake, 500);
        QVERIFY(m_stt->begin(SpeechToText::Mode::WakeWord));
        bool heard = false;
        for (size_t i = 0; i + audio::kFrameSamples <= wake.size() && !heard; i += audio::kFrameSamples) {
            m_stt->feed(wake.data() + i, audio::kFrameSamples);
            heard = m_stt->wakeWordHeard();
        }
        m_stt->cancel();
        QVERIFY(heard);
        // Other speech does not fire it.
        const audio::Pcm other = testing::speak(m_dir, "other", "what is the weather like today");
        QVERIFY(m_stt->begin(SpeechToText::Mode::WakeWord));
        m_stt->feed(other.data(), other.size());
        QVERIFY(!m_stt->wakeWordHeard());
        m_stt->cancel();
    }

    void fliteSynthesises() {
        speech::FliteTts tts;
        QVERIFY2(tts.isReady(), qPrintable(tts.errorString()));
        const audio::Pcm pcm = tts.synthesize("Turn left at the next junction.");
        QVERIFY(pcm.size() > audio::kSampleRate / 2);  // more than half a second
        // And what it says is understood.
        audio::Pcm padded(audio::msToSamples(200), 0);
        padded.insert(padded.end(), pcm.begin(), pcm.end());
        QVERIFY(transcribe(padded).contains("left"));
        speech::FliteTts slow(QStringLiteral("slt"), 0.7);
        QVERIFY(slow.synthesize("Turn left at the next junction.").size() > pcm.size());
    }
    void espeakSynthesises() {
        speech::EspeakTts tts;
        if (!tts.isReady()) QSKIP(qPrintable(tts.errorString()));
        const audio::Pcm pcm = tts.synthesize("Turn left at the next junction.");
        QVERIFY(pcm.size() > audio::kSampleRate / 2);
    }
    void unknownEngineIsAMessage() {
        auto tts = speech::createTextToSpeech({QStringLiteral("nope"), {}, 1.0});
        QVERIFY(!tts->isReady());
        QVERIFY(!tts->errorString().isEmpty());
        QVERIFY(tts->synthesize("hello").empty());
        speech::FliteTts bad(QStringLiteral("nosuchvoice"));
        QVERIFY(!bad.isReady());
    }
    void missingModelIsAMessage() {
        speech::PocketsphinxOptions o;
        o.modelDir = QStringLiteral("/nonexistent");
        speech::PocketsphinxStt stt(o);
        QVERIFY(!stt.isReady());
        QVERIFY(stt.errorString().contains("/nonexistent"));
        QVERIFY(!stt.begin(SpeechToText::Mode::Dictation));
        stt.feed(nullptr, 0);
        QVERIFY(stt.finish().isEmpty());
    }
    void commandMatcher() {
        speech::CommandMatcher m;
        QCOMPARE(m.match("peregrine stop please"), CabCommand::Stop);
        QCOMPARE(m.match("new conversations"), CabCommand::NewConversation);
        QCOMPARE(m.match("stop at the next gas station"), CabCommand::None);
        QCOMPARE(m.match(""), CabCommand::None);
    }
};

QTEST_GUILESS_MAIN(TestSpeechEngines)
#include "tst_speech_engines.moc"
