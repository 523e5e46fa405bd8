// Speech engines on generated speech: pocketsphinx transcribes flite's slt voice (questions, every cab
// command, the wake phrase); flite and espeak-ng synthesise audio. Skips when flite is not installed.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cmath>
#include <random>
#include <QTest>

#include "../voice/speech_fixtures.h"
#include "speech/cab_commands.h"
#include "speech/espeak_tts.h"
#include "speech/flite_tts.h"
#include "speech/pocketsphinx_stt.h"

using namespace peregrine;
using speech::CabCommand;
using speech::SpeechToText;

namespace {
// Brown noise (leaky integrated white noise, fixed seed) mixed in at snrDb below the signal's RMS.
void addBrownNoise(audio::Pcm& pcm, double snrDb, size_t seed) {
    std::mt19937 rng(static_cast<unsigned>(seed));
    std::normal_distribution<double> white(0, 1);
    std::vector<double> noise(pcm.size());
    double v = 0, noiseEnergy = 0, signalEnergy = 0;
    for (size_t i = 0; i < pcm.size(); ++i) {
        v = 0.98 * v + white(rng) * 600;
        noise[i] = v;
        noiseEnergy += v * v;
        signalEnergy += static_cast<double>(pcm[i]) * pcm[i];
    }
    const double gain = std::sqrt(signalEnergy / std::max(1.0, noiseEnergy)) / std::pow(10.0, snrDb / 20);
    for (size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = static_cast<int16_t>(std::clamp(pcm[i] + gain * noise[i], -32768.0, 32767.0));
}
}  // namespace

class TestSpeechEngines : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<speech::PocketsphinxStt> m_stt;

    QString transcribe(const audio::Pcm& pcm) { return testing::transcribePcm(*m_stt, pcm); }

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

    // Road noise (brown noise at 10 dB SNR, as bench/voice_latency mixes it, from a fixed seed): every cab
    // command is acted on, through the dictation or the keyphrase pass the voice loop runs on short
    // utterances (VoiceLoop::transcribe), and short non-commands stay questions.
    void commandsInRoadNoise_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("command");
        QTest::newRow("stop") << "stop" << int(CabCommand::Stop);
        QTest::newRow("repeat") << "repeat that" << int(CabCommand::Repeat);
        QTest::newRow("louder") << "louder" << int(CabCommand::Louder);
        QTest::newRow("quieter") << "quieter" << int(CabCommand::Quieter);
        QTest::newRow("new") << "new conversation" << int(CabCommand::NewConversation);
        QTest::newRow("stop the car") << "stop the car" << int(CabCommand::None);
        QTest::newRow("top speed") << "top speed" << int(CabCommand::None);
        QTest::newRow("yes") << "yes" << int(CabCommand::None);
        QTest::newRow("turn left") << "turn left" << int(CabCommand::None);
    }
    void commandsInRoadNoise() {
        QFETCH(QString, text);
        QFETCH(int, command);
        speech::FliteTts tts;
        audio::Pcm input(audio::msToSamples(300), 0);
        const audio::Pcm words = tts.synthesize(text);
        input.insert(input.end(), words.begin(), words.end());
        testing::appendSilence(input, 400);
        addBrownNoise(input, 10, text.size() * 7919);
        const QString heard = transcribe(input);
        speech::CommandMatcher m;
        CabCommand got = m.match(heard);
        QString spotted;
        QElapsedTimer spotTime;
        spotTime.start();
        if (got == CabCommand::None && m.maySpot(heard)) {
            spotted = m_stt->spotCommand();
            got = m.matchSpotted(heard, spotted);
        }
        qInfo() << text << "->" << heard << "spotted" << spotted << "coverage" << m_stt->lastSpotCoverage()
                << "in" << spotTime.elapsed() << "ms";
        QCOMPARE(int(got), command);
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
    void fliteStreamsTheSameAudioInPieces_data() {
        QTest::addColumn<QString>("voice");
        QTest::addColumn<bool>("streams");  // 16 kHz voices stream; kal (8 kHz) comes whole, resampled
        QTest::newRow("slt") << QStringLiteral("slt") << true;
        QTest::newRow("awb") << QStringLiteral("awb") << true;
        QTest::newRow("kal") << QStringLiteral("kal") << false;
    }
    void fliteStreamsTheSameAudioInPieces() {
        QFETCH(QString, voice);
        QFETCH(bool, streams);
        speech::FliteTts tts(voice);
        QVERIFY2(tts.isReady(), qPrintable(tts.errorString()));
        const QString text = QStringLiteral("The next town is about twenty miles away, so about twenty minutes.");
        const audio::Pcm whole = tts.synthesize(text);
        std::vector<size_t> pieces;
        audio::Pcm joined;
        QVERIFY(tts.synthesizeStreaming(text, [&](const int16_t* s, size_t n) {
            pieces.push_back(n);
            joined.insert(joined.end(), s, s + n);
            return true;
        }));
        // flite's unvoiced excitation is random noise, so no two runs match sample for sample: the same length,
        // the same loudness, the same words.
        QCOMPARE(joined.size(), whole.size());
        const auto rms = [](const audio::Pcm& p) {
            double sum = 0;
            for (int16_t v : p) sum += double(v) * v;
            return std::sqrt(sum / std::max<size_t>(1, p.size()));
        };
        QVERIFY2(std::abs(rms(joined) - rms(whole)) < 0.05 * rms(whole),
                 qPrintable(QStringLiteral("%1 vs %2").arg(rms(joined)).arg(rms(whole))));
        if (voice == QLatin1String("slt")) {
            audio::Pcm padded(audio::msToSamples(200), 0);
            padded.insert(padded.end(), joined.begin(), joined.end());
            const QString heard = transcribe(padded);
            QVERIFY2(heard.contains("miles"), qPrintable(heard));
        }
        if (streams) {
            QVERIFY2(pieces.size() > 3, qPrintable(QString::number(pieces.size())));
            QVERIFY(pieces.front() < static_cast<size_t>(audio::msToSamples(400)));  // the start comes early
        } else {
            QCOMPARE(pieces.size(), size_t{1});
        }
        // A stopped turn stops synthesis at the next piece.
        size_t calls = 0, got = 0;
        QVERIFY(tts.synthesizeStreaming(text, [&](const int16_t*, size_t n) {
            ++calls;
            got += n;
            return false;
        }));
        QCOMPARE(calls, size_t{1});
        if (streams) QVERIFY(got < whole.size() / 2);
        // The voice is shared: plain synthesis afterwards is unchanged.
        QCOMPARE(tts.synthesize(text).size(), whole.size());
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
    // Speech-to-text comes from a factory like synthesis: the configured engine, or a message for a bad name.
    void recognizerFactory() {
        auto unknown = speech::createSpeechToText(QStringLiteral("whisper"), {});
        QVERIFY(!unknown->isReady());
        QVERIFY(unknown->errorString().contains("whisper"));
        QVERIFY(unknown->errorString().contains("pocketsphinx"));
        QVERIFY(!unknown->begin(SpeechToText::Mode::Dictation));
        QVERIFY(unknown->finish().isEmpty());
        auto made = speech::createSpeechToText(QStringLiteral("pocketsphinx"), {});
        QCOMPARE(made->isReady(), m_stt->isReady());
        QCOMPARE(speech::createSpeechToText(QString(), {})->isReady(), m_stt->isReady());
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
        // Slack keeps the command's key word: "new york" is not a new conversation.
        QCOMPARE(m.match("repeat this"), CabCommand::Repeat);
        QCOMPARE(m.match("new york"), CabCommand::None);
        QCOMPARE(m.match("quite nice"), CabCommand::None);
    }
    void spottedCommandsNeedAShortMisheardUtterance() {
        speech::CommandMatcher m;
        // Mishearings of a command: accepted.
        QCOMPARE(m.matchSpotted("the conversation", "new conversation"), CabCommand::NewConversation);
        QCOMPARE(m.matchSpotted("still", "stop"), CabCommand::Stop);
        QCOMPARE(m.matchSpotted("one of her", "louder"), CabCommand::Louder);
        QCOMPARE(m.matchSpotted("eat that", "repeat that"), CabCommand::Repeat);
        // The command's own word heard among other words: what was said, not a command.
        QCOMPARE(m.matchSpotted("stop the car", "stop"), CabCommand::None);
        QCOMPARE(m.matchSpotted("repeat after me", "repeat that"), CabCommand::None);
        // Too long, nothing spotted, or already a command.
        QCOMPARE(m.matchSpotted("how far is the next town", "stop"), CabCommand::None);
        QCOMPARE(m.matchSpotted("still", ""), CabCommand::None);
        QVERIFY(!m.maySpot("stop"));
        QVERIFY(!m.maySpot(""));
        QVERIFY(m.maySpot("live here"));
    }
};

QTEST_GUILESS_MAIN(TestSpeechEngines)
#include "tst_speech_engines.moc"
