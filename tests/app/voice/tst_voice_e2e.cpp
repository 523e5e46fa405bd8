// End to end with a real model: a spoken question (flite slt) through the voice loop with stories260K.gguf at
// real-time pace gives a non-empty spoken answer file, with every stage timed from the start of the input.
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "audio/wav_file.h"
#include "speech_fixtures.h"
#include "voice/file_voice_runner.h"
#include "voice/local_answerer.h"

using namespace peregrine;

class TestVoiceE2e : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QThread m_modelThread;
    voice::LocalAnswerer* m_model = nullptr;

private slots:
    void initTestCase() {
        if (!testing::haveFlite()) QSKIP("flite is not installed: no test speech (apt-get install flite)");
        const QString path = QStringLiteral(PEREGRINE_CONFORMANCE_DIR "/models/stories260K.gguf");
        if (!QFileInfo::exists(path)) QSKIP("stories260K.gguf not found in the conformance kit");
        m_model = new voice::LocalAnswerer;
        QVERIFY2(m_model->load(path), qPrintable(m_model->errorString()));
        GenerateOptions go;
        go.maxTokens = 64;
        go.sampling.seed = 7;
        m_model->setGenerateOptions(go);
        m_model->moveToThread(&m_modelThread);
        connect(&m_modelThread, &QThread::finished, m_model, &QObject::deleteLater);
        m_modelThread.start();
    }
    void cleanupTestCase() {
        if (m_model) m_model->cancel(INT32_MAX);
        m_modelThread.quit();
        m_modelThread.wait();
    }

    void spokenQuestionGetsSpokenAnswer() {
        const QString question =
            testing::speakToFile(m_dir, "question", "tell me a story about a little dog");
        QVERIFY(!question.isEmpty());
        voice::FileVoiceRunner runner({}, m_model, /*fast=*/false);
        QVERIFY2(runner.initialize(), qPrintable(runner.errorString()));
        const auto r = runner.run(question);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.turns.size(), 1);
        const auto& t = r.turns.first();
        qInfo() << "heard:" << t.transcript;
        qInfo() << "answer:" << t.answer.left(200);
        qInfo() << "speech end" << t.speechEndMs << "transcript" << t.transcriptMs << "first token"
                << t.firstTokenMs << "first sentence" << t.firstSentenceMs << "first audio" << t.firstAudioMs
                << "=> end of speech to"
                << "first audio" << t.speechToAudioMs() << "ms";
        QVERIFY(t.transcript.contains("story"));
        QVERIFY(!t.answer.trimmed().isEmpty());
        QVERIFY(t.firstAudioMs > t.speechEndMs);
        QVERIFY(r.answerAudio.size() > static_cast<size_t>(audio::kSampleRate / 2));
        const QString out = m_dir.filePath("answer.wav");
        QVERIFY(audio::writeWav(out.toStdString(), r.answerAudio).isOk());
        auto back = audio::readWav16kMono(out.toStdString());
        QVERIFY(back.isOk() && back->size() == r.answerAudio.size());
    }
};

QTEST_GUILESS_MAIN(TestVoiceE2e)
#include "tst_voice_e2e.moc"
