#include "speech/flite_tts.h"

#include <flite/flite.h>

#include <algorithm>
#include <mutex>

#include "audio/resampler.h"
#include "speech/speech_logging.h"

extern "C" {
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
}

namespace peregrine::speech {

namespace {
std::mutex& fliteMutex() {  // flite_init and voice registration touch global tables
    static std::mutex m;
    return m;
}

cst_voice* registerVoice(const QString& name) {
    if (name == QLatin1String("slt")) return register_cmu_us_slt(nullptr);
    if (name == QLatin1String("rms")) return register_cmu_us_rms(nullptr);
    if (name == QLatin1String("awb")) return register_cmu_us_awb(nullptr);
    if (name == QLatin1String("kal")) return register_cmu_us_kal(nullptr);
    if (name == QLatin1String("kal16")) return register_cmu_us_kal16(nullptr);
    return nullptr;
}
}  // namespace

FliteTts::FliteTts(const QString& voice, double rate) {
    const QString name = voice.isEmpty() ? QStringLiteral("slt") : voice;
    std::lock_guard lock(fliteMutex());
    static const bool initialised = [] {
        flite_init();
        return true;
    }();
    (void)initialised;
    m_voice = registerVoice(name);
    if (!m_voice) {
        m_error = QStringLiteral("Unknown flite voice \"%1\" (voices: %2)").arg(name, voices().join(", "));
        qCWarning(lcSpeech) << m_error;
        return;
    }
    m_stretch = static_cast<float>(1.0 / std::clamp(rate > 0 ? rate : 1.0, 0.5, 2.0));
}

FliteTts::~FliteTts() = default;  // registered voices live for the process (flite keeps them in global lists)

QStringList FliteTts::voices() const {
    return {QStringLiteral("slt"), QStringLiteral("rms"), QStringLiteral("awb"), QStringLiteral("kal"),
            QStringLiteral("kal16")};
}

audio::Pcm FliteTts::synthesize(const QString& text) {
    if (!m_voice || text.trimmed().isEmpty()) return {};
    const QByteArray utf8 = text.toUtf8();
    std::lock_guard lock(fliteMutex());
    // flite returns the same voice object to every caller: apply this instance's rate each time.
    feat_set_float(m_voice->features, "duration_stretch", m_stretch);
    cst_wave* wave = flite_text_to_wave(utf8.constData(), m_voice);
    if (!wave) return {};
    audio::Pcm out =
        audio::resampleTo16k(wave->samples, static_cast<size_t>(wave->num_samples), wave->sample_rate);
    delete_wave(wave);
    return out;
}

}  // namespace peregrine::speech
