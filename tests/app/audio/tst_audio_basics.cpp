// Audio building blocks: lock-free ring (wrap-around, two threads), WAV round trip and formats, resampling,
// endpointer, front end VAD, file source/sink pacing, and devices that are missing.
#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <fstream>
#include <numbers>
#include <thread>

#include "audio/audio_front_end.h"
#include "audio/device_capture.h"
#include "audio/device_playback.h"
#include "audio/endpointer.h"
#include "audio/file_sink.h"
#include "audio/file_source.h"
#include "audio/resampler.h"
#include "audio/ring_buffer.h"
#include "audio/wav_file.h"

using namespace peregrine::audio;

namespace {
std::vector<float> sine(double freq, int rate, double seconds, int channels = 1) {
    std::vector<float> out(static_cast<size_t>(rate * seconds) * channels);
    for (size_t i = 0; i < out.size() / channels; ++i)
        for (int c = 0; c < channels; ++c)
            out[i * channels + c] =
                0.5f * static_cast<float>(std::sin(2 * std::numbers::pi * freq * i / rate));
    return out;
}
// Zero crossings per second -> frequency estimate.
double estimateFrequency(const std::vector<float>& x, int rate) {
    int crossings = 0;
    for (size_t i = 1; i < x.size(); ++i) crossings += (x[i - 1] < 0) != (x[i] < 0);
    return crossings / 2.0 / (static_cast<double>(x.size()) / rate);
}
double rms(const std::vector<float>& x, size_t from, size_t to) {
    double s = 0;
    for (size_t i = from; i < to; ++i) s += x[i] * x[i];
    return std::sqrt(s / (to - from));
}
}  // namespace

class TestAudioBasics : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void ringWrapsAround() {
        SpscRingBuffer<int16_t> ring(10);
        QCOMPARE(ring.capacity(), size_t(16));
        int16_t in[12], out[12];
        for (int round = 0; round < 5; ++round) {
            for (int i = 0; i < 12; ++i) in[i] = static_cast<int16_t>(round * 100 + i);
            QCOMPARE(ring.write(in, 12), size_t(12));
            QCOMPARE(ring.write(in, 12), size_t(4));  // only 4 fit
            QCOMPARE(ring.read(out, 12), size_t(12));
            for (int i = 0; i < 12; ++i) QCOMPARE(out[i], in[i]);
            ring.clear();
            QCOMPARE(ring.available(), size_t(0));
        }
    }
    void ringTwoThreads() {
        SpscRingBuffer<int32_t> ring(256);
        constexpr int32_t kCount = 200000;
        std::thread producer([&] {
            int32_t next = 0;
            while (next < kCount) {
                int32_t chunk[37];
                const int n = std::min<int32_t>(37, kCount - next);
                for (int i = 0; i < n; ++i) chunk[i] = next + i;
                next += static_cast<int32_t>(ring.write(chunk, n));
            }
        });
        int32_t expected = 0;
        bool ordered = true;
        while (expected < kCount) {
            int32_t buf[53];
            const size_t n = ring.read(buf, 53);
            for (size_t i = 0; i < n; ++i) ordered &= buf[i] == expected++;
        }
        producer.join();
        QVERIFY(ordered);
    }

    void wavRoundTrip() {
        Pcm pcm(1600);
        for (size_t i = 0; i < pcm.size(); ++i) pcm[i] = static_cast<int16_t>(i * 37 - 20000);
        const QString path = m_dir.filePath("rt.wav");
        QVERIFY(writeWav(path.toStdString(), pcm).isOk());
        auto back = readWav16kMono(path.toStdString());
        QVERIFY(back.isOk());
        QCOMPARE(back->size(), pcm.size());
        for (size_t i = 0; i < pcm.size(); ++i) QVERIFY(std::abs(back.value()[i] - pcm[i]) <= 1);
    }
    void wavStereo44kIsResampled() {
        const auto stereo = sine(440, 44100, 1.0, 2);
        Pcm s16 = toInt16(stereo);
        const QString path = m_dir.filePath("st.wav");
        QVERIFY(writeWav(path.toStdString(), s16.data(), s16.size(), 44100, 2).isOk());
        auto mono = readWav16kMono(path.toStdString());
        QVERIFY(mono.isOk());
        QVERIFY(std::abs(static_cast<long>(mono->size()) - 16000) <= 2);
        const auto f = toFloat(mono->data(), mono->size());
        QVERIFY(std::abs(estimateFrequency(f, 16000) - 440) < 3);
        QVERIFY(std::abs(rms(f, 1000, 15000) - 0.5 / std::sqrt(2.0)) < 0.02);
    }
    void resampleRemovesAliases() {
        // 7 kHz at 48 kHz is below the 8 kHz Nyquist of 16 kHz: kept. 10 kHz is above: removed, not folded.
        const auto keep = resample(sine(7000, 48000, 0.5), 48000, 16000);
        const auto drop = resample(sine(10000, 48000, 0.5), 48000, 16000);
        QVERIFY(rms(keep, 500, 7500) > 0.3);
        QVERIFY(rms(drop, 500, 7500) < 0.01);
        const auto up = resample(sine(300, 8000, 0.5), 8000, 16000);
        QVERIFY(std::abs(estimateFrequency(up, 16000) - 300) < 3);
    }
    void badWavIsAMessage() {
        QVERIFY(!readWav("/nonexistent.wav").isOk());
        const QString path = m_dir.filePath("bad.wav");
        std::ofstream(path.toStdString()) << "RIFF\x10\0\0\0WAVEfmt \xff\xff\xff\x7f";
        auto r = readWav(path.toStdString());
        QVERIFY(!r.isOk());
        QVERIFY(!r.message().empty());
    }

    void endpointerFindsStartAndEnd() {
        EndpointerOptions o;
        o.silenceEndMs = 300;
        Endpointer ep(o);
        std::vector<Endpointer::Event> events;
        const auto feed = [&](bool voiced, int frames) {
            for (int i = 0; i < frames; ++i) events.push_back(ep.push(voiced));
        };
        feed(false, 50);
        feed(true, 3);  // a click: not speech
        feed(false, 20);
        QVERIFY(std::count(events.begin(), events.end(), Endpointer::Event::SpeechStarted) == 0);
        feed(true, 100);  // 1 s of speech with a short pause inside
        feed(false, 15);
        feed(true, 50);
        QVERIFY(ep.inSpeech());
        feed(false, 29);
        QVERIFY(ep.inSpeech());
        feed(false, 1);
        QCOMPARE(events.back(), Endpointer::Event::SpeechEnded);
        QCOMPARE(ep.speechStartFrame(), 73);
        QCOMPARE(ep.lastVoicedFrame(), 73 + 165 - 1);
    }
    void frontEndDetectsVoiceNotSilenceOrSteadyNoise() {
        AudioFrontEnd fe;
        QVERIFY(fe.hasWebRtc());
        int16_t frame[kFrameSamples];
        int voicedSilence = 0, voicedTone = 0;
        for (int f = 0; f < 100; ++f) {
            std::fill_n(frame, kFrameSamples, 0);
            voicedSilence += fe.process(frame);
        }
        // A harmonic-rich buzz standing in for a voiced vowel.
        for (int f = 0; f < 100; ++f) {
            for (int i = 0; i < kFrameSamples; ++i) {
                const double t = (f * kFrameSamples + i) / 16000.0;
                double v = 0;
                for (int h = 1; h < 10; ++h) v += std::sin(2 * std::numbers::pi * 140 * h * t) / h;
                frame[i] =
                    static_cast<int16_t>(6000 * v * (0.6 + 0.4 * std::sin(2 * std::numbers::pi * 4 * t)));
            }
            voicedTone += fe.process(frame);
        }
        QCOMPARE(voicedSilence, 0);
        QVERIFY2(voicedTone > 30, qPrintable(QString::number(voicedTone)));
    }

    void fileSourceDeliversAllFast() {
        FileSource src;
        Pcm pcm(48000, 7);
        src.setSamples(pcm);
        src.setPace(FileSource::Pace::Fast);
        src.setTrailingSilenceMs(100);
        size_t got = 0;
        connect(&src, &AudioSource::dataAvailable, this, [&] {
            int16_t buf[4096];
            while (size_t n = src.read(buf, 4096)) got += n;
        });
        QSignalSpy finished(&src, &AudioSource::finished);
        QVERIFY(src.start());
        QVERIFY(finished.wait(5000));
        QCoreApplication::processEvents();
        QCOMPARE(got, size_t(48000 + 1600));
    }
    void fileSourceRealTimePace() {
        FileSource src;
        src.setSamples(Pcm(8000, 1));  // 0.5 s
        QSignalSpy finished(&src, &AudioSource::finished);
        QElapsedTimer t;
        t.start();
        QVERIFY(src.start());
        QVERIFY(finished.wait(5000));
        QVERIFY2(t.elapsed() >= 480 && t.elapsed() < 900, qPrintable(QString::number(t.elapsed())));
    }
    void fileSinkPlaysInRealTimeAndDiscards() {
        FileSink sink;
        QVERIFY(sink.start());
        QSignalSpy first(&sink, &AudioSink::firstSamplePlayed);
        QSignalSpy drained(&sink, &AudioSink::drained);
        sink.armFirstSample();
        sink.enqueue(Pcm(4800, 100));  // 0.3 s
        QElapsedTimer t;
        t.start();
        QVERIFY(first.wait(1000));
        QVERIFY(drained.wait(2000));
        QVERIFY(t.elapsed() >= 250);
        QCOMPARE(sink.recorded().size(), size_t(4800));
        sink.enqueue(Pcm(64000, 5));  // 4 s, more than the ring holds
        QTest::qWait(100);
        sink.discard();
        QTest::qWait(50);
        QVERIFY(sink.isIdle());
        QVERIFY(sink.recorded().size() < 4800 + 16000);
        sink.setVolume(0.5f);
        sink.enqueue(Pcm(160, 1000));
        QTest::qWait(50);
        QCOMPARE(sink.recorded().back(), int16_t(500));
        QVERIFY(sink.save(m_dir.filePath("out.wav")));
    }

    void missingDevicesGiveMessages() {
        // No such device name, whether or not an audio server runs here.
        DeviceCapture mic;
        mic.setDeviceName(QStringLiteral("No Such Microphone 42"));
        QSignalSpy micError(&mic, &AudioSource::errorOccurred);
        QVERIFY(!mic.start());
        QCOMPARE(micError.count(), 1);
        QVERIFY(micError.first().first().toString().contains("not found"));
        DevicePlayback speaker;
        speaker.setDeviceName(QStringLiteral("No Such Speaker 42"));
        QSignalSpy spkError(&speaker, &AudioSink::errorOccurred);
        QVERIFY(!speaker.start());
        QCOMPARE(spkError.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestAudioBasics)
#include "tst_audio_basics.moc"
