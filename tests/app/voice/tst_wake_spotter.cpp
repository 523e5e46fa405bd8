// WakeSpotter (the Idle wake phrase path shared by VoiceLoop and bench/wake_word) over a scripted recognizer:
// the keyphrase search is started on the first frame, restarted every restartFrames, stopped after a
// detection and started again on the next frame; voice.wake_threshold reaches the recognizer's options.
#include <QTest>

#include "audio/pcm.h"
#include "voice/voice_settings.h"
#include "voice/wake_spotter.h"

using namespace peregrine;

namespace {

// Hears the wake phrase on the frames listed in heardAt (counted from the first frame fed).
class ScriptedWakeRecognizer : public speech::SpeechToText {
public:
    QList<int> heardAt;
    int begins = 0, cancels = 0, fed = 0;
    bool isReady() const override { return true; }
    QString errorString() const override { return {}; }
    bool begin(Mode mode) override {
        if (mode != Mode::WakeWord) return false;
        ++begins;
        m_in = true;
        return true;
    }
    void feed(const int16_t*, size_t count) override {
        if (m_in && count > 0) ++fed;
    }
    QString partial() override { return {}; }
    bool wakeWordHeard() override { return m_in && heardAt.contains(fed); }
    QString finish() override { return {}; }
    void cancel() override {
        if (m_in) ++cancels;
        m_in = false;
    }

private:
    bool m_in = false;
};

}  // namespace

class TestWakeSpotter : public QObject {
    Q_OBJECT
private slots:
    void restartsEveryRestartFrames() {
        ScriptedWakeRecognizer stt;
        voice::WakeSpotter spotter(&stt, /*restartFrames=*/10);
        const int16_t frame[audio::kFrameSamples] = {};
        for (int i = 0; i < 25; ++i) QVERIFY(!spotter.push(frame, audio::kFrameSamples));
        QCOMPARE(stt.fed, 25);
        QCOMPARE(stt.begins, 3);  // frames 1, 12 and 23 begin a search
        QVERIFY(spotter.isActive());
    }

    void stopsAfterADetectionAndStartsAgain() {
        ScriptedWakeRecognizer stt;
        stt.heardAt = {3};
        voice::WakeSpotter spotter(&stt);
        const int16_t frame[audio::kFrameSamples] = {};
        QVERIFY(!spotter.push(frame, audio::kFrameSamples));
        QVERIFY(!spotter.push(frame, audio::kFrameSamples));
        QVERIFY(spotter.push(frame, audio::kFrameSamples));
        QVERIFY(!spotter.isActive());
        QCOMPARE(stt.cancels, 1);
        QVERIFY(!spotter.push(frame, audio::kFrameSamples));
        QCOMPARE(stt.begins, 2);
        spotter.stop();
        QCOMPARE(stt.cancels, 2);
        QVERIFY(!spotter.isActive());
    }

    void noRecognizerHearsNothing() {
        voice::WakeSpotter spotter;
        const int16_t frame[audio::kFrameSamples] = {};
        QVERIFY(!spotter.push(frame, audio::kFrameSamples));
        QVERIFY(!spotter.isActive());
    }

    void thresholdComesFromTheConfig() {
        VoiceSettings s;
        QCOMPARE(s.wakeThreshold, speech::PocketsphinxOptions{}.wakeThreshold);  // one default
        s.wakeThreshold = 1e-30;
        QCOMPARE(voice::voiceConfigFrom(s).stt.wakeThreshold, 1e-30);
    }
};

QTEST_GUILESS_MAIN(TestWakeSpotter)
#include "tst_wake_spotter.moc"
