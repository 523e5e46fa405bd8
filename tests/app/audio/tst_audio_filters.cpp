// The front end's small signal helpers: the rumble high-pass (what it passes and what it stops), the
// minimum-statistics noise floor (stays at the noise under speech, follows a road that gets louder) and the
// energy double-talk detector (learns the echo gain, hears the driver in the answer's gaps, is not taught by
// the driver).
#include <QTest>
#include <cmath>
#include <random>

#include "audio/double_talk.h"
#include "audio/high_pass.h"
#include "audio/noise_floor.h"
#include "audio/pcm.h"

using namespace peregrine::audio;

namespace {
// RMS gain of the filter on a steady sine, measured after the first 100 ms.
double sineGainDb(double hz) {
    HighPass hp(150, kSampleRate);
    std::vector<int16_t> x(kSampleRate / 2);
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = static_cast<int16_t>(10000 * std::sin(2 * M_PI * hz * i / kSampleRate));
    std::vector<int16_t> y = x;
    hp.process(y.data(), static_cast<int>(y.size()));
    double in = 0, out = 0;
    for (size_t i = kSampleRate / 10; i < x.size(); ++i) {
        in += double(x[i]) * x[i];
        out += double(y[i]) * y[i];
    }
    return 10 * std::log10(out / in);
}
double meanSquareOfDb(double db) {
    return std::pow(10.0, db / 10) * 32768.0 * 32768.0;
}
}  // namespace

class TestAudioFilters : public QObject {
    Q_OBJECT
private slots:
    void highPassStopsRumbleAndPassesSpeech() {
        QVERIFY(sineGainDb(40) < -20);                 // engine rumble
        QVERIFY(std::abs(sineGainDb(150) + 3) < 0.5);  // the corner: -3 dB
        QVERIFY(std::abs(sineGainDb(500)) < 0.5);      // first formant
        QVERIFY(std::abs(sineGainDb(3000)) < 0.2);
    }

    void highPassKeepsStateAcrossFrames() {
        // Frame by frame or all at once: the same output.
        std::mt19937 rng(1);
        std::uniform_int_distribution<int> u(-8000, 8000);
        std::vector<int16_t> x(1600);
        for (auto& v : x) v = static_cast<int16_t>(u(rng));
        std::vector<int16_t> whole = x, framed = x;
        HighPass a, b;
        a.process(whole.data(), static_cast<int>(whole.size()));
        for (size_t i = 0; i < framed.size(); i += kFrameSamples) b.process(framed.data() + i, kFrameSamples);
        QCOMPARE(whole, framed);
    }

    void floorStaysAtTheNoiseUnderSpeech() {
        NoiseFloor floor(120, 8);
        // Noise at -50 dBFS with speech at -20 dBFS in bursts of 300 ms and gaps of 100 ms, for 3 s.
        for (int f = 0; f < 300; ++f) floor.push(meanSquareOfDb(f % 40 < 30 ? -20 : -50));
        QVERIFY2(std::abs(floor.floorDb() + 50) < 1, qPrintable(QString::number(floor.floorDb())));
    }

    void floorFollowsALouderRoadWithinAWindow() {
        NoiseFloor floor(120, 8);
        for (int f = 0; f < 200; ++f) floor.push(meanSquareOfDb(-50));
        for (int f = 0; f < 100; ++f) floor.push(meanSquareOfDb(-38));  // 1 s after the road got louder
        QVERIFY(floor.floorDb() < -49);                                 // still within the window
        for (int f = 0; f < 40; ++f) floor.push(meanSquareOfDb(-38));
        QVERIFY2(std::abs(floor.floorDb() + 38) < 1, qPrintable(QString::number(floor.floorDb())));
    }

    void floorFallsAtOnce() {
        NoiseFloor floor(120, 8);
        for (int f = 0; f < 200; ++f) floor.push(meanSquareOfDb(-30));
        for (int f = 0; f < 3; ++f) floor.push(meanSquareOfDb(-60));
        QVERIFY(floor.floorDb() < -59);
    }

    void doubleTalkLearnsTheEchoGainAndHearsTheDriver() {
        DoubleTalkDetector dt;
        // An answer whose echo comes back 4 dB quieter than the reference, in a quiet cab (floor -70 dBFS):
        // syllables of 80 ms at -20 dBFS with 40 ms gaps at -50.
        const auto refAt = [](int f) { return f % 12 < 8 ? -20.0 : -50.0; };
        int echoCalledDriver = 0;
        for (int f = 0; f < 300; ++f) echoCalledDriver += dt.push(refAt(f), refAt(f) - 4, -70, true);
        QVERIFY(dt.learnt());
        QVERIFY2(std::abs(dt.echoGainDb() + 4) < 0.5, qPrintable(QString::number(dt.echoGainDb())));
        QCOMPARE(echoCalledDriver, 0);
        // The driver at -30 dBFS over the same answer: heard where the answer's echo is quieter than that.
        int heard = 0, gapFrames = 0;
        for (int f = 300; f < 600; ++f) {
            const double echo = refAt(f) - 4;
            const double mic = 10 * std::log10(std::pow(10.0, echo / 10) + std::pow(10.0, -3.0));
            const bool driver = dt.push(refAt(f), mic, -70, true);
            const bool gap = f % 12 >= 8 + 3;  // the reference history (40 ms) has left the syllable
            gapFrames += gap;
            heard += driver && gap;
            QVERIFY(!driver || gap || f % 12 < 3);  // not over a loud syllable
        }
        QVERIFY2(heard >= gapFrames * 9 / 10,
                 qPrintable(QStringLiteral("%1 of %2").arg(heard).arg(gapFrames)));
        // ... and the driver taught it no louder echo path than the mix of its first words and the echo (-23
        // dBFS over -24) before the first gap.
        QVERIFY2(dt.echoGainDb() < -2.5, qPrintable(QString::number(dt.echoGainDb())));
    }

    void doubleTalkNeedsTheRoadBelow() {
        DoubleTalkDetector dt;
        for (int f = 0; f < 300; ++f) dt.push(-20, -24, -70, true);
        // Road noise at -45 dBFS with the speaker idle: more than the (absent) echo, but it is the road.
        int called = 0;
        for (int f = 0; f < 100; ++f) called += dt.push(-120, -45, -46, true);
        QCOMPARE(called, 0);
    }

    void doubleTalkDoesNotLearnUnaligned() {
        DoubleTalkDetector dt;
        for (int f = 0; f < 300; ++f) dt.push(-20, -24, -70, false);
        QVERIFY(!dt.learnt());
        QVERIFY(!dt.push(-120, -10, -70, false));  // nothing is called double talk before the gain is known
    }
};

QTEST_GUILESS_MAIN(TestAudioFilters)
#include "tst_audio_filters.moc"
