#include "audio/audio_front_end.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>
#include <algorithm>
#include <cmath>

#include "audio/double_talk.h"
#include "audio/echo_aligner.h"
#include "audio/high_pass.h"
#include "audio/noise_floor.h"
#include "logging/logging.h"

namespace peregrine::audio {

namespace {
double frameEnergy(const int16_t* frame, size_t n = kFrameSamples) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += static_cast<double>(frame[i]) * frame[i];
    return sum;
}
// dBFS of a frame whose sum of squares is known.
double energyDb(double energy) {
    const double rms = std::sqrt(energy / kFrameSamples) / 32768.0;
    return 20 * std::log10(std::max(rms, 1e-5));
}
double frameDb(const int16_t* frame) {
    return energyDb(frameEnergy(frame));
}
constexpr double kFarEndDb = -55;       // a reference frame above this is the speaker playing
constexpr double kLoudEchoDb = -40;     // microphone frames above this tell how much the canceller removes
constexpr double kUpperEchoDb = 10;     // echo frames this close to the loud echo level keep it current
constexpr int kAwaitMarginFrames = 10;  // 100 ms past the expected echo of a starting answer
}  // namespace

struct AudioFrontEnd::Impl {
    std::unique_ptr<webrtc::AudioProcessing> apm;
    webrtc::AudioFrame capture;
    webrtc::AudioFrame render;
    std::unique_ptr<EchoAligner> aligner;            // null: fixed delay hint
    std::unique_ptr<HighPass> micFilter, refFilter;  // null: no rumble filter
    NoiseFloor floor;                                // of the filtered microphone
    DoubleTalkDetector doubleTalk;
    double typicalRemovalDb = 0;  // what the canceller takes off loud echo frames (average, dB)
    // The filtered microphone on the loud part of echo-only frames: an average over the frames within
    // kUpperEchoDb of it (so the quiet tails of words do not pull it down). Unset until the first loud frame.
    double loudEchoDb = 0;
    bool loudEchoKnown = false;
    double refDb = -120;         // the reference handed over for the current frame (after the rumble filter)
    int awaitingEchoFrames = 0;  // the speaker has started and its echo is not due yet (see process())
    QString error;
    bool vadEnabled = false;
};

AudioFrontEnd::AudioFrontEnd(const FrontEndOptions& options)
    : m_impl(std::make_unique<Impl>()), m_options(options) {
    webrtc::Config config;
    config.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
    config.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(options.delayAgnostic));
    m_impl->apm.reset(webrtc::AudioProcessing::Create(config));
    if (options.highPassHz > 0) {
        m_impl->micFilter = std::make_unique<HighPass>(options.highPassHz, kSampleRate);
        m_impl->refFilter = std::make_unique<HighPass>(options.highPassHz, kSampleRate);
    }
    if (!m_impl->apm) {
        m_impl->error =
            QStringLiteral("webrtc-audio-processing could not be created; using a plain energy detector");
        qCWarning(lcAudio) << m_impl->error;
        return;
    }
    auto* apm = m_impl->apm.get();
    if (options.echoCancellation) {
        apm->echo_cancellation()->enable_drift_compensation(false);
        apm->echo_cancellation()->set_suppression_level(
            static_cast<webrtc::EchoCancellation::SuppressionLevel>(
                std::clamp(options.echoSuppression, 0, 2)));
        if (options.estimateEchoDelay) m_impl->aligner = std::make_unique<EchoAligner>(options.echoDelayMs);
        apm->echo_cancellation()->Enable(true);
    }
    if (options.noiseSuppression) {
        const int level = std::clamp(options.noiseSuppressionLevel, 0, 3);
        apm->noise_suppression()->set_level(static_cast<webrtc::NoiseSuppression::Level>(level));
        apm->noise_suppression()->Enable(true);
    }
    if (options.gainControl) {
        apm->gain_control()->set_mode(webrtc::GainControl::kAdaptiveDigital);
        apm->gain_control()->set_target_level_dbfs(6);
        apm->gain_control()->set_compression_gain_db(9);
        apm->gain_control()->enable_limiter(true);
        apm->gain_control()->Enable(true);
    }
    apm->voice_detection()->set_likelihood(
        static_cast<webrtc::VoiceDetection::Likelihood>(std::clamp(options.vadLikelihood, 0, 3)));
    apm->voice_detection()->set_frame_size_ms(kFrameMs);
    m_impl->vadEnabled = apm->voice_detection()->Enable(true) == webrtc::AudioProcessing::kNoError;
    for (auto* f : {&m_impl->capture, &m_impl->render}) {
        f->sample_rate_hz_ = kSampleRate;
        f->num_channels_ = 1;
        f->samples_per_channel_ = kFrameSamples;
    }
}

AudioFrontEnd::~AudioFrontEnd() = default;

bool AudioFrontEnd::hasWebRtc() const {
    return m_impl->apm != nullptr;
}
QString AudioFrontEnd::errorString() const {
    return m_impl->error;
}

void AudioFrontEnd::reset() {
    m_impl->floor.reset();
    m_floorDb = m_impl->floor.floorDb();
}

int AudioFrontEnd::echoDelayMs() const {
    return m_impl->aligner ? m_impl->aligner->delayMs() : m_options.echoDelayMs;
}

int AudioFrontEnd::echoDelayEstimates() const {
    return m_impl->aligner ? m_impl->aligner->estimates() : 0;
}

double AudioFrontEnd::EchoStats::erleDb() const {
    if (frames == 0 || micEnergy <= 0) return 0;
    return 10 * std::log10(micEnergy / std::max(outEnergy, 1.0));
}

bool AudioFrontEnd::process(int16_t* frame) {
    ++m_frames;
    m_levelDb = frameDb(frame);
    // What the detectors and the canceller work on: the microphone without the cab's rumble.
    int16_t filtered[kFrameSamples];
    std::copy_n(frame, kFrameSamples, filtered);
    if (m_impl->micFilter) m_impl->micFilter->process(filtered, kFrameSamples);
    const double filteredEnergy = frameEnergy(filtered);
    const double filteredDb = energyDb(filteredEnergy);
    m_floorDb = m_impl->floor.push(filteredEnergy / kFrameSamples);
    const bool loudEnough = filteredDb > std::max(m_floorDb + m_options.energyMarginDb, -60.0);

    auto* apm = m_impl->apm.get();
    if (!apm) return loudEnough;
    bool farEnd = false;  // a played frame was handed to the canceller for this capture frame
    if (m_renderTap && m_options.echoCancellation) {
        auto& render = m_impl->render;
        if (auto* aligner = m_impl->aligner.get()) {
            // Drain what was played, then hand over the one frame whose echo is due echoLeadMs from now.
            int16_t chunk[kFrameSamples];
            bool played = false;  // sound left for the loudspeaker since the last capture frame
            while (const size_t n = m_renderTap->read(chunk, kFrameSamples)) {
                aligner->pushRender(chunk, static_cast<int>(n));
                const double perFrame = frameEnergy(chunk, n) * kFrameSamples / static_cast<double>(n);
                played = played || energyDb(perFrame) > kFarEndDb;
            }
            aligner->pushCapture(frame);
            aligner->reference(render.data_, m_options.echoLeadMs);
            render.samples_per_channel_ = kFrameSamples;
            farEnd = frameDb(render.data_) > kFarEndDb;
            // The speaker starts after a silence: until the reference says its echo is due (at most the
            // current delay estimate and a margin), a loud microphone frame may be that echo arriving early.
            if (farEnd)
                m_impl->awaitingEchoFrames = 0;
            else if (played && m_farEndFrames == 0 && m_impl->awaitingEchoFrames == 0)
                m_impl->awaitingEchoFrames =
                    (aligner->delayMs() + m_options.echoLeadMs) / kFrameMs + kAwaitMarginFrames;
            if (m_impl->refFilter) m_impl->refFilter->process(render.data_, kFrameSamples);
            m_impl->refDb = frameDb(render.data_);
            apm->ProcessReverseStream(&render);
            apm->set_stream_delay_ms(m_options.echoLeadMs);
        } else {
            while (m_renderTap->available() >= static_cast<size_t>(kFrameSamples)) {
                m_renderTap->read(render.data_, kFrameSamples);
                render.samples_per_channel_ = kFrameSamples;
                farEnd = farEnd || frameDb(render.data_) > kFarEndDb;
                if (m_impl->refFilter) m_impl->refFilter->process(render.data_, kFrameSamples);
                apm->ProcessReverseStream(&render);
            }
            apm->set_stream_delay_ms(m_options.echoDelayMs);
        }
    }
    if (farEnd) {
        m_farEndFrames = (m_options.echoLeadMs + m_options.echoTailMs) / kFrameMs;
    } else if (m_farEndFrames > 0) {
        --m_farEndFrames;
    }
    auto& cap = m_impl->capture;
    std::copy_n(filtered, kFrameSamples, cap.data_);
    cap.samples_per_channel_ = kFrameSamples;
    cap.sample_rate_hz_ = kSampleRate;
    cap.num_channels_ = 1;
    if (apm->ProcessStream(&cap) != webrtc::AudioProcessing::kNoError) return loudEnough;
    const double micEnergy = frameEnergy(frame);
    std::copy_n(cap.data_, kFrameSamples, frame);
    if (m_impl->aligner && m_renderTap && m_options.echoCancellation) m_impl->aligner->pushOutput(frame);
    const double outEnergy = frameEnergy(frame);
    m_outDb = energyDb(outEnergy);
    const bool voice = m_impl->vadEnabled ? apm->voice_detection()->stream_has_voice() : true;
    if (m_impl->awaitingEchoFrames > 0) {
        // Echo and driver cannot be told apart yet: nothing counts. Otherwise an answer's first echo arriving
        // ahead of a delay estimate that has grown too long is plain voice to the caller and barges in as the
        // answer starts (the likely cause of the quick echo check's rare failure: two barge-ins, each about
        // 1 s before the driver's first word, which is when the answer's echo began).
        --m_impl->awaitingEchoFrames;
        return false;
    }
    if (!farEndActive()) return voice && loudEnough;
    // The speaker is playing: only what the canceller could not explain as echo is the driver.
    m_echoStats.micEnergy += micEnergy;
    m_echoStats.outEnergy += outEnergy;
    ++m_echoStats.frames;
    // Until the delay is known (first answer, a changed echo path) the canceller cannot tell: no barge-in.
    const bool aligned = !m_impl->aligner || m_impl->aligner->aligned();
    // Double talk: the microphone is louder than the echo explains (not while the aligner is unsure: the
    // reference may be off), or the canceller let the frame through: it removed less than nearEndRatioDb,
    // and clearly less than it takes off the echo on loud frames these days (an unconverged canceller
    // removes little from its own echo too).
    const bool louderThanEcho =
        m_impl->aligner && m_impl->doubleTalk.push(m_impl->refDb, filteredDb, m_floorDb, aligned) && aligned;
    const double removedDb = filteredDb - m_outDb;
    if (aligned && !louderThanEcho && filteredDb > kLoudEchoDb) {
        m_impl->typicalRemovalDb += 0.02 * (std::min(removedDb, 80.0) - m_impl->typicalRemovalDb);
        if (!m_impl->loudEchoKnown) {
            m_impl->loudEchoDb = filteredDb;
            m_impl->loudEchoKnown = true;
        } else if (filteredDb > m_impl->loudEchoDb - kUpperEchoDb) {
            m_impl->loudEchoDb += 0.02 * (filteredDb - m_impl->loudEchoDb);
        }
    }
    const double passLimitDb =
        std::min(m_options.nearEndRatioDb, m_impl->typicalRemovalDb - m_options.nearEndBelowTypicalDb);
    double outLimitDb = std::max(m_floorDb + m_options.nearEndMarginDb, m_options.nearEndMinDb);
    if (m_impl->loudEchoKnown)
        outLimitDb = std::max(outLimitDb, m_impl->loudEchoDb - m_options.nearEndBelowEchoDb);
    bool passed = removedDb < passLimitDb && m_outDb > outLimitDb;
    // Crushed double talk: in road noise the canceller's non-linear stage takes 25-45 dB off a driver who
    // talks over the answer, so the rule above misses their first words; but what it lets out then stands
    // above the microphone's noise floor and does not look like the loudspeaker's signal. Only with a noise
    // floor to stand above: in a quiet cab the echo's own residue after a capture glitch looks like that too
    // (echo bench run 12: one false barge-in, 20 ms clean), and there the other rules hear the driver.
    bool crushed = voice && aligned && m_impl->loudEchoKnown && m_floorDb > m_options.crushedMinFloorDb &&
                   m_outDb > std::max({m_floorDb + m_options.crushedMarginDb, m_options.nearEndMinDb,
                                       m_impl->loudEchoDb - m_options.crushedBelowEchoDb});
    double residual = -1;
    if ((passed || crushed || lcAudio().isDebugEnabled()) && m_impl->aligner) {
        residual = m_impl->aligner->residualEcho();
        passed = passed && residual < m_options.residualEchoMax;
        crushed = crushed && residual < m_options.crushedResidualMax;
    } else {
        crushed = false;
    }
    const bool nearEnd = aligned && (passed || crushed || louderThanEcho);
    if (lcAudio().isDebugEnabled())
        qCDebug(lcAudio,
                "far end: #%lld mic %.1f filtered %.1f out %.1f floor %.1f expected %.1f dB vad %d aligned "
                "%d -> %d (delay %d "
                "pending %d settle %d peak %.2f) loud echo %.1f residual %.2f crushed %d",
                static_cast<long long>(m_frames), m_levelDb, filteredDb, m_outDb, m_floorDb,
                m_impl->doubleTalk.expectedEchoDb(), voice, aligned, voice && nearEnd, echoDelayMs(),
                m_impl->aligner ? m_impl->aligner->pendingDelayMs() : -1,
                m_impl->aligner ? m_impl->aligner->settleFrames() : 0,
                m_impl->aligner ? m_impl->aligner->lastPeak() : 0.0, m_impl->loudEchoDb, residual, crushed);
    return voice && nearEnd;
}

}  // namespace peregrine::audio
