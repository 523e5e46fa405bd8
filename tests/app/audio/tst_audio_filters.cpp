// The front end's small signal helpers: the rumble high-pass (what it passes and what it stops) and the
// minimum-statistics noise floor (stays at the noise under speech, follows a road that gets louder).
#include <QTest>
#include <cmath>
#include <random>

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
};

QTEST_GUILESS_MAIN(TestAudioFilters)
#include "tst_audio_filters.moc"
