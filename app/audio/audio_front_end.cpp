#include "audio/audio_front_end.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>
#include <algorithm>
#include <cmath>

#include "logging/logging.h"

namespace peregrine::audio {

namespace {
double frameDb(const int16_t* frame) {
    double sum = 0;
    for (int i = 0; i < kFrameSamples; ++i) sum += static_cast<double>(frame[i]) * frame[i];
    const double rms = std::sqrt(sum / kFrameSamples) / 32768.0;
    return 20 * std::log10(std::max(rms, 1e-5));
}
}  // namespace

struct AudioFrontEnd::Impl {
    std::unique_ptr<webrtc::AudioProcessing> apm;
    webrtc::AudioFrame capture;
    webrtc::AudioFrame render;
    QString error;
    bool vadEnabled = false;
};

AudioFrontEnd::AudioFrontEnd(const FrontEndOptions& options)
    : m_impl(std::make_unique<Impl>()), m_options(options) {
    webrtc::Config config;
    config.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
    config.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(true));
    m_impl->apm.reset(webrtc::AudioProcessing::Create(config));
    if (!m_impl->apm) {
        m_impl->error =
            QStringLiteral("webrtc-audio-processing could not be created; using a plain energy detector");
        qCWarning(lcAudio) << m_impl->error;
        return;
    }
    auto* apm = m_impl->apm.get();
    if (options.echoCancellation) {
        apm->echo_cancellation()->enable_drift_compensation(false);
        apm->echo_cancellation()->set_suppression_level(webrtc::EchoCancellation::kHighSuppression);
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
    m_floorDb = -60;
}

bool AudioFrontEnd::process(int16_t* frame) {
    m_levelDb = frameDb(frame);
    // Noise floor: fast to fall, slow to rise (about 3 dB per second), so speech does not lift it.
    m_floorDb = m_levelDb < m_floorDb ? m_levelDb : m_floorDb + 0.03;
    const bool loudEnough = m_levelDb > std::max(m_floorDb + m_options.energyMarginDb, -60.0);

    auto* apm = m_impl->apm.get();
    if (!apm) return loudEnough;
    if (m_renderTap && m_options.echoCancellation) {
        while (m_renderTap->available() >= static_cast<size_t>(kFrameSamples)) {
            m_renderTap->read(m_impl->render.data_, kFrameSamples);
            m_impl->render.samples_per_channel_ = kFrameSamples;
            apm->ProcessReverseStream(&m_impl->render);
        }
        apm->set_stream_delay_ms(m_options.echoDelayMs);
    }
    auto& cap = m_impl->capture;
    std::copy_n(frame, kFrameSamples, cap.data_);
    cap.samples_per_channel_ = kFrameSamples;
    cap.sample_rate_hz_ = kSampleRate;
    cap.num_channels_ = 1;
    if (apm->ProcessStream(&cap) != webrtc::AudioProcessing::kNoError) return loudEnough;
    std::copy_n(cap.data_, kFrameSamples, frame);
    const bool voice = m_impl->vadEnabled ? apm->voice_detection()->stream_has_voice() : true;
    return voice && loudEnough;
}

}  // namespace peregrine::audio
