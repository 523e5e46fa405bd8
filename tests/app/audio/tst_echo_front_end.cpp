// Echo canceller in the front end, on a simulated cab: the assistant's answers (flite slt) are consumed by a
// "device" in 20 ms bursts 60 ms before they sound, reach the microphone after a delay through a short
// multi-path echo, with or without road noise, and a driver (flite rms) talks over the second answer. Checks
// the measured delay, the echo return loss enhancement, that the assistant's own voice never counts as
// speech, and that the driver's does (double talk). No audio device; runs in a few seconds.
#include <QTest>
#include <cmath>
#include <random>

#include "audio/audio_front_end.h"
#include "audio/endpointer.h"
#include "audio/ring_buffer.h"
#include "speech/flite_tts.h"

using namespace peregrine;
using namespace peregrine::audio;

namespace {

struct SimResult {
    double erleDb = 0;
    int delayMs = 0;
    int echoVoicedFrames = 0;  // frames called speech while only the assistant spoke
    int falseStarts = 0;       // ... that the voice loop's endpointer would take as speech (barge-in)
    // Barge-ins on frames where the echo sounds but the front end does not expect it yet.
    int earlyStarts = 0;
    int driverVoicedFrames = 0;  // frames called speech while the driver spoke
    int driverFrames = 0;
    int bargeInFrame = -1;  // frames from the driver's first voiced frame to the barge-in decision
};

// Two answers 1 s apart (the first one teaches the aligner the delay; ERLE is that of the second); the echo
// path: delayMs plus reflections 3 and 8 ms later; noiseDb: road noise (brown) relative to the echo's RMS (0:
// none); driver: talks over the second answer from 1 s into it; secondDelayMs: the second answer's echo path
// (a loopback or device that changed its latency between answers; -1: delayMs); midDelayMs: the path from
// the middle of the second answer on (a device buffer running late while it plays; -1: no change).
SimResult simulate(const Pcm& answer, const Pcm& driver, int delayMs, double noiseDb, bool withDriver,
                   const FrontEndOptions& options = {}, int secondDelayMs = -1, int midDelayMs = -1) {
    const int64_t gap = msToSamples(1000);
    const int64_t start1 = msToSamples(500), start2 = start1 + static_cast<int64_t>(answer.size()) + gap;
    const int64_t total = start2 + static_cast<int64_t>(answer.size()) + msToSamples(1500);
    std::vector<double> speaker(static_cast<size_t>(total), 0.0);
    for (size_t k = 0; k < answer.size(); ++k) {
        speaker[start1 + k] = answer[k];
        speaker[start2 + k] = answer[k];
    }
    const int64_t d1 = msToSamples(delayMs);
    const int64_t d2 = secondDelayMs < 0 ? d1 : msToSamples(secondDelayMs);
    const int64_t d3 = midDelayMs < 0 ? d2 : msToSamples(midDelayMs);
    const int64_t middle = start2 + static_cast<int64_t>(answer.size()) / 2;
    std::vector<double> echo(static_cast<size_t>(total), 0.0);
    for (int64_t t = 0; t < total; ++t) {
        const auto at = [&](int64_t i) { return i >= 0 ? speaker[static_cast<size_t>(i)] : 0.0; };
        // The gap between the answers is longer than either path.
        const int64_t d = t >= middle ? d3 : t >= start2 ? d2 : d1;
        echo[t] = 0.6 * at(t - d) + 0.25 * at(t - d - 48) + 0.1 * at(t - d - 128);
    }
    double echoRms = 0;
    for (double v : echo) echoRms += v * v;
    echoRms = std::sqrt(echoRms / total);
    std::mt19937 rng(3);
    std::normal_distribution<double> gauss(0, 1);
    std::vector<double> noise(static_cast<size_t>(total), 0.0);
    if (noiseDb != 0) {
        double v = 0, nrms = 0;
        for (auto& n : noise) {
            v = 0.995 * v + gauss(rng);
            n = v;
            nrms += v * v;
        }
        const double g = echoRms * std::pow(10.0, noiseDb / 20) / std::sqrt(nrms / total);
        for (auto& n : noise) n *= g;
    }
    const int64_t driverStart = start2 + msToSamples(1000);
    SpscRingBuffer<int16_t> tap(kSampleRate * 2);
    AudioFrontEnd fe(options);
    fe.setRenderTap(&tap);
    SimResult r;
    Endpointer bargeIn;        // the voice loop's barge-in rule, on the frames without the driver
    Endpointer earlyBargeIn;   // the same, on echo frames the front end does not take for echo
    Endpointer driverBargeIn;  // the same rule, from the driver's first word on
    int64_t driverFirst = -1;
    int64_t consumed = 0;  // speaker samples handed to the tap: 20 ms bursts, 60 ms before they sound
    for (int64_t f = 0; f + kFrameSamples <= total; f += kFrameSamples) {
        while (consumed < total && consumed - msToSamples(60) <= f) {
            int16_t chunk[320];
            for (int i = 0; i < 320; ++i)
                chunk[i] = consumed + i < total ? static_cast<int16_t>(speaker[consumed + i]) : 0;
            const bool playing = (consumed >= start1 && consumed < start1 + (int64_t)answer.size()) ||
                                 (consumed >= start2 && consumed < start2 + (int64_t)answer.size());
            if (playing) tap.write(chunk, 320);  // an idle device pulls nothing
            consumed += 320;
        }
        int16_t frame[kFrameSamples];
        bool driverNow = false;
        double echoEnergy = 0;
        for (int i = 0; i < kFrameSamples; ++i) {
            const int64_t t = f + i;
            echoEnergy += echo[t] * echo[t];
            double v = echo[t] + noise[t];
            const int64_t k = t - driverStart;
            if (withDriver && k >= 0 && k < static_cast<int64_t>(driver.size())) {
                v += driver[k];
                driverNow = driverNow || std::abs(driver[k]) > 300;
            }
            frame[i] = static_cast<int16_t>(std::clamp(v, -32768.0, 32767.0));
        }
        if (f >= start2 - gap / 2 && f < start2 - gap / 2 + kFrameSamples)
            fe.resetEchoStats();  // ERLE: the second answer, once the path is learnt
        const bool voiced = fe.process(frame);
        if (driverNow && driverFirst < 0) driverFirst = f;
        if (driverFirst >= 0 && r.bargeInFrame < 0 &&
            driverBargeIn.push(voiced) == Endpointer::Event::SpeechStarted)
            r.bargeInFrame = static_cast<int>((f - driverFirst) / kFrameSamples);
        if (driverNow) {
            ++r.driverFrames;
            r.driverVoicedFrames += voiced;
        } else if (fe.farEndActive()) {
            r.echoVoicedFrames += voiced;
            r.falseStarts += bargeIn.push(voiced) == Endpointer::Event::SpeechStarted;
        } else if (echoEnergy > 300.0 * 300.0 * kFrameSamples) {
            r.earlyStarts += earlyBargeIn.push(voiced) == Endpointer::Event::SpeechStarted;
        }
    }
    r.erleDb = fe.echoStats().erleDb();
    r.delayMs = fe.echoDelayMs();
    return r;
}

}  // namespace

class TestEchoFrontEnd : public QObject {
    Q_OBJECT
    Pcm m_answer, m_driver;

private slots:
    void initTestCase() {
        speech::FliteTts slt(QStringLiteral("slt")), rms(QStringLiteral("rms"));
        if (!slt.isReady() || !rms.isReady()) QSKIP("flite voices slt/rms are not available");
        m_answer = slt.synthesize(QStringLiteral(
            "The next town is twelve kilometres ahead. There is a fuel station at the second exit, and "
            "the road is clear all the way."));
        m_driver = rms.synthesize(QStringLiteral("what is the weather like today"));
        QVERIFY(m_answer.size() > static_cast<size_t>(kSampleRate * 3));
    }

    void echoCancelledAtEveryDelay_data() {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<double>("noiseDb");
        QTest::addColumn<double>("minErleDb");
        for (int d : {20, 60, 120, 200}) {
            QTest::addRow("%d ms, clean", d) << d << 0.0 << 25.0;
            QTest::addRow("%d ms, road noise", d) << d << -10.0 << 18.0;
        }
    }
    void echoCancelledAtEveryDelay() {
        QFETCH(int, delayMs);
        QFETCH(double, noiseDb);
        QFETCH(double, minErleDb);
        const SimResult r = simulate(m_answer, m_driver, delayMs, noiseDb, false);
        qInfo("delay %d ms, noise %.0f dB: estimated %d ms, ERLE %.1f dB, echo frames called speech %d",
              delayMs, noiseDb, r.delayMs, r.erleDb, r.echoVoicedFrames);
        // The render history idles 100 ms behind the capture clock and the device takes each sample 60 ms
        // before it sounds: measured delay = acoustic delay + 160 ms.
        QVERIFY2(std::abs(r.delayMs - (delayMs + 160)) <= 25, qPrintable(QString::number(r.delayMs)));
        QVERIFY2(r.erleDb >= minErleDb, qPrintable(QString::number(r.erleDb)));
        QCOMPARE(r.falseStarts, 0);
    }

    void driverHeardOverTheAnswer() {
        const SimResult r = simulate(m_answer, m_driver, 120, -10, true);
        qInfo(
            "double talk: %d of %d driver frames called speech, %d echo-only frames, barge-in %d ms after "
            "the "
            "first word",
            r.driverVoicedFrames, r.driverFrames, r.echoVoicedFrames, r.bargeInFrame * kFrameMs);
        QVERIFY(r.driverVoicedFrames >= r.driverFrames / 4);
        QVERIFY(r.bargeInFrame >= 0 && r.bargeInFrame * kFrameMs <= 300);
        QCOMPARE(r.falseStarts, 0);
    }

    // In road noise the canceller's non-linear stage crushes much of the driver's speech while the answer
    // plays; what it lets out still stands above the noise floor and does not look like the answer, and
    // counts (crushed double talk). Without that rule about 40% of the driver's frames count here, with it
    // about 65%; the echo alone still never does.
    void crushedDriverHeardInRoadNoise() {
        const SimResult r = simulate(m_answer, m_driver, 120, -10, true);
        qInfo("road noise: %d of %d driver frames called speech, %d echo-only frames", r.driverVoicedFrames,
              r.driverFrames, r.echoVoicedFrames);
        QVERIFY2(r.driverVoicedFrames * 2 >= r.driverFrames,
                 qPrintable(QString::number(r.driverVoicedFrames)));
        QCOMPARE(r.falseStarts, 0);
        FrontEndOptions off;
        off.crushedMinFloorDb = 1000;  // rule off: the same driver is heard far less
        const SimResult without = simulate(m_answer, m_driver, 120, -10, true, off);
        QVERIFY(without.driverVoicedFrames < r.driverVoicedFrames);
    }

    // The echo path shortens between two answers (200 ms, then 20 ms), so the second answer's echo reaches
    // the microphone before the delay the front end has learnt: its first frames are not yet expected as
    // echo. They must not count as the driver (the front end waits for the echo it expects before judging).
    void earlierEchoAtAnswerStartIsNotTheDriver() {
        const SimResult r = simulate(m_answer, m_driver, 200, 0, false, {}, 20);
        qInfo("path 200 -> 20 ms: %d barge-ins before the echo was expected, %d after", r.earlyStarts,
              r.falseStarts);
        QCOMPARE(r.earlyStarts, 0);
    }

    // The echo path moves while an answer plays (a device buffer running late): by more than the few
    // milliseconds the delay estimate jitters by, but within what is taken without confirmation. The
    // canceller needs a moment to follow; until it has, the echo it lets through is not the driver.
    void echoPathMovingMidAnswerIsNotTheDriver_data() {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("midDelayMs");
        for (int move : {-20, -16, -12, 12, 16, 20})
            QTest::addRow("120 -> %d ms", 120 + move) << 120 << 120 + move;
    }
    void echoPathMovingMidAnswerIsNotTheDriver() {
        QFETCH(int, delayMs);
        QFETCH(int, midDelayMs);
        const SimResult r = simulate(m_answer, m_driver, delayMs, 0, false, {}, -1, midDelayMs);
        qInfo("path %d -> %d ms mid-answer: estimated %d ms, %d echo frames called speech, %d barge-ins",
              delayMs, midDelayMs, r.delayMs, r.echoVoicedFrames, r.falseStarts);
        QCOMPARE(r.falseStarts, 0);
    }
};

QTEST_GUILESS_MAIN(TestEchoFrontEnd)
#include "tst_echo_front_end.moc"
