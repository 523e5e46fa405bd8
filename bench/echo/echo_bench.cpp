#include "echo_bench.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "../voice_latency/corpus.h"
#include "audio/wav_file.h"
#include "echo_corpus.h"
#include "speech/flite_tts.h"

namespace peregrine::bench {

EchoBench::EchoBench(const voice::VoiceConfig& config, QObject* parent) : QObject(parent), m_config(config) {}

bool EchoBench::waitUntil(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() >= timeoutMs) return false;
        QEventLoop events;
        QTimer::singleShot(5, &events, &QEventLoop::quit);
        events.exec();
    }
    return true;
}

bool EchoBench::initialize() {
    m_loop = new voice::VoiceLoop(m_config, this);
    m_mic = new CabMicrophone(m_config.inputDevice);
    m_speaker = new audio::DevicePlayback;
    m_speaker->setDeviceName(m_config.outputDevice);
    m_loop->setSource(m_mic);
    m_loop->setSink(m_speaker);
    QStringList errors;
    connect(m_loop, &voice::VoiceLoop::errorOccurred, this, [&errors](const QString& m) { errors << m; });
    const bool ok = m_loop->initialize();
    disconnect(m_loop, &voice::VoiceLoop::errorOccurred, this, nullptr);
    if (!ok) {
        m_error = errors.isEmpty() ? QStringLiteral("the voice loop could not start") : errors.join("; ");
        return false;
    }
    connect(m_loop, &voice::VoiceLoop::bargeInDetected, this, [this] {
        ++m_bargeIns;
        m_bargeInAt = m_mic->consumed();
        m_bargeInWall = std::chrono::steady_clock::now();
        m_backlogAtBargeIn = static_cast<int64_t>(m_mic->available());
    });
    connect(m_loop, &voice::VoiceLoop::stateChanged, this, [this](voice::VoiceLoop::State s) {
        if (s == voice::VoiceLoop::State::Listening) ++m_listens;
    });
    connect(m_loop, &voice::VoiceLoop::announcementFinished, this, [this] { ++m_finished; });
    connect(m_loop, &voice::VoiceLoop::transcriptReady, this, [this](int, const QString& text) {
        m_transcript = text;
        m_transcribed = true;
    });
    // No language model here: a question heard ends the turn.
    connect(m_loop, &voice::VoiceLoop::questionReady, m_loop, &voice::VoiceLoop::stop, Qt::QueuedConnection);
    waitUntil([] { return false; }, 1000);  // devices settle
    return true;
}

bool EchoBench::speak(const QString& text, int timeoutMs) {
    const int before = m_finished;
    m_loop->announce(text);
    return waitUntil([&] { return m_finished > before; }, timeoutMs);
}

double EchoBench::calibrate() {
    m_mic->resetEchoEnergy();
    speak(echoAnswers().first(), 30000);
    waitUntil([] { return false; }, 800);
    if (m_loop->state() != voice::VoiceLoop::State::Idle) m_loop->stop();
    const int64_t span = m_mic->lastEchoSample() - m_mic->firstEchoSample();
    return span > 0 ? std::sqrt(m_mic->echoEnergy() / static_cast<double>(span)) : 0;
}

AnswerStats EchoBench::playAnswers(int count) {
    AnswerStats stats;
    m_bargeIns = m_listens = 0;
    m_loop->frontEnd()->resetEchoStats();
    const QStringList answers = echoAnswers();
    for (int i = 0; i < count; ++i) {
        if (!speak(answers[i % answers.size()], 30000)) ++stats.timeouts;
        waitUntil([] { return false; }, 700);  // the echo tail reaches the microphone with the loop idle
        if (m_loop->state() != voice::VoiceLoop::State::Idle) m_loop->stop();
        ++stats.answers;
    }
    stats.falseBargeIns = m_bargeIns;
    stats.falseWakeUps = m_listens - m_bargeIns;
    stats.erleDb = m_loop->frontEnd()->echoStats().erleDb();
    stats.delayEstimateMs = m_loop->frontEnd()->echoDelayMs();
    return stats;
}

InterruptStats EchoBench::interrupt(int count, int rigDelayMs) {
    InterruptStats stats;
    speech::FliteTts driverVoice(QStringLiteral("rms"));
    QStringList questions;
    for (const auto& u : cabCorpus())
        if (!u.command) questions << u.text;
    for (int i = 0; i < count; ++i) {
        const QString question = questions[i % questions.size()];
        audio::Pcm words = driverVoice.synthesize(question);
        // Level: the RMS of the blocks within 30 dB of the loudest is scaled to m_driverLevel.
        std::vector<double> blockRms;
        for (size_t b = 0; b + audio::kFrameSamples <= words.size(); b += audio::kFrameSamples) {
            double s = 0;
            for (int k = 0; k < audio::kFrameSamples; ++k) s += double(words[b + k]) * words[b + k];
            blockRms.push_back(std::sqrt(s / audio::kFrameSamples));
        }
        const double peak = blockRms.empty() ? 0 : *std::max_element(blockRms.begin(), blockRms.end());
        double active = 0;
        int activeBlocks = 0;
        for (double v : blockRms)
            if (v >= peak * 0.0316) active += v * v, ++activeBlocks;
        const double gain = activeBlocks ? m_driverLevel / std::sqrt(active / activeBlocks) : 1;
        for (auto& v : words) v = static_cast<int16_t>(std::clamp(v * gain, -32768.0, 32767.0));
        int64_t onset = 0;  // the first word: the first block within 30 dB of the loudest
        while (onset < static_cast<int64_t>(blockRms.size()) && blockRms[onset] < peak * 0.0316) ++onset;
        onset *= audio::kFrameSamples;

        m_bargeIns = 0;
        m_bargeInAt = -1;
        m_transcribed = false;
        m_transcript.clear();
        const int before = m_finished;
        const int64_t echoBefore = m_mic->lastEchoSample();
        m_loop->announce(echoLongAnswer());
        if (!waitUntil([&] { return m_mic->lastEchoSample() > echoBefore; }, 5000)) continue;
        const int64_t at = m_mic->position() + audio::kSampleRate;
        m_mic->scheduleDriver(words, at);
        const int64_t firstWord = at + onset;
        ++stats.interruptions;
        const QStringList ref = bench::words(question);
        stats.refWords += ref.size();
        waitUntil([&] { return m_bargeIns > 0 || m_finished > before; }, 25000);
        if (m_bargeIns > 0) {
            ++stats.bargeIns;
            stats.decisionMs.push_back(audio::samplesToMs(m_bargeInAt - firstWord));
            waitUntil([&] { return m_transcribed; }, 8000);
            waitUntil([] { return false; }, 800);  // the last echo drains out of the devices
            stats.stoppedMs.push_back(audio::samplesToMs(m_mic->lastEchoSample() - firstWord) - rigDelayMs);
            stats.wordErrors += wordErrors(ref, bench::words(m_transcript));
            if (qEnvironmentVariableIsSet("ECHO_BENCH_DUMP")) {
                const audio::Pcm& raw = m_mic->rawEcho();
                const int64_t from = std::max<int64_t>(0, firstWord - audio::kSampleRate * 2);
                if (from < static_cast<int64_t>(raw.size()))
                    audio::writeWav(QStringLiteral("/tmp/echo-dump-%1.wav").arg(i).toStdString(),
                                    audio::Pcm(raw.begin() + from, raw.end()));
                std::fprintf(stderr,
                             "  dump: first word at %.0f ms, barge-in at %.0f ms, last echo %.0f ms\n",
                             audio::samplesToMs(firstWord - from), audio::samplesToMs(m_bargeInAt - from),
                             audio::samplesToMs(m_mic->lastEchoSample() - from));
            }
            if (qEnvironmentVariableIsSet("ECHO_BENCH_VERBOSE"))
                std::fprintf(
                    stderr, "  wall clock: the last echo arrived %.0f ms after barge-in fired\n",
                    std::chrono::duration<double, std::milli>(m_mic->lastEchoArrival() - m_bargeInWall)
                        .count());
            if (qEnvironmentVariableIsSet("ECHO_BENCH_VERBOSE"))
                std::fprintf(stderr,
                             "  %-32s -> %-32s decision %5.0f ms, silent %5.0f ms, backlog %4.0f ms, "
                             "overruns %llu, first "
                             "word at frame %lld\n",
                             qPrintable(question), qPrintable(m_transcript), stats.decisionMs.back(),
                             stats.stoppedMs.back(), audio::samplesToMs(m_backlogAtBargeIn),
                             static_cast<unsigned long long>(m_mic->overruns()),
                             static_cast<long long>(firstWord / 160));
        } else {
            stats.wordErrors += ref.size();  // the question was never taken
        }
        if (m_loop->state() != voice::VoiceLoop::State::Idle) m_loop->stop();
        waitUntil([] { return false; }, 500);
    }
    return stats;
}

}  // namespace peregrine::bench
