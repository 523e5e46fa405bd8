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
// State of one streamed synthesis, reached from flite's callback through asi->userdata.
struct Stream {
    const TextToSpeech::PcmChunk* chunk = nullptr;
    std::vector<int16_t> pending;  // samples not yet handed on
    bool sentAny = false;
    bool stopped = false;
    int rate = 0;
};

constexpr size_t kFirstPiece = 1600;  // 100 ms at 16 kHz: start playing as soon as this much exists
constexpr size_t kLaterPiece = 8000;  // then half a second at a time (fewer hand-offs)

int onStreamChunk(const cst_wave* w, int start, int size, int last, cst_audio_streaming_info* asi) {
    auto* s = static_cast<Stream*>(asi->userdata);
    if (s->stopped) return CST_AUDIO_STREAM_STOP;
    s->rate = w->sample_rate;
    if (size > 0) s->pending.insert(s->pending.end(), w->samples + start, w->samples + start + size);
    if (s->rate != audio::kSampleRate) return CST_AUDIO_STREAM_CONT;  // resampled whole at the end
    const size_t want = s->sentAny ? kLaterPiece : kFirstPiece;
    if (!s->pending.empty() && (last || s->pending.size() >= want)) {
        s->sentAny = true;
        if (!(*s->chunk)(s->pending.data(), s->pending.size())) s->stopped = true;
        s->pending.clear();
    }
    return s->stopped ? CST_AUDIO_STREAM_STOP : CST_AUDIO_STREAM_CONT;
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

bool FliteTts::synthesizeStreaming(const QString& text, const PcmChunk& chunk) {
    if (!m_voice || text.trimmed().isEmpty()) return false;
    const QByteArray utf8 = text.toUtf8();
    std::lock_guard lock(fliteMutex());
    feat_set_float(m_voice->features, "duration_stretch", m_stretch);
    Stream stream;
    stream.chunk = &chunk;
    cst_audio_streaming_info* asi = new_audio_streaming_info();
    asi->min_buffsize = static_cast<int>(kFirstPiece);
    asi->asc = onStreamChunk;
    asi->userdata = &stream;
    // The feature owns asi (freed by feat_remove); the voice is shared, so it is removed before returning.
    feat_set(m_voice->features, "streaming_info", audio_streaming_info_val(asi));
    cst_wave* wave = flite_text_to_wave(utf8.constData(), m_voice);
    feat_remove(m_voice->features, "streaming_info");
    if (wave) delete_wave(wave);
    if (stream.stopped) return true;
    if (!stream.pending.empty()) {
        // Not 16 kHz (kal), or a tail flite did not flag as last.
        const audio::Pcm out =
            stream.rate == audio::kSampleRate
                ? audio::Pcm(stream.pending.begin(), stream.pending.end())
                : audio::resampleTo16k(stream.pending.data(), stream.pending.size(), stream.rate);
        stream.sentAny = true;
        chunk(out.data(), out.size());
    }
    return stream.sentAny;
}

}  // namespace peregrine::speech
