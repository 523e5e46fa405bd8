#include "speech/espeak_tts.h"

#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "audio/resampler.h"
#include "speech/speech_logging.h"

namespace peregrine::speech {

namespace {
std::mutex& espeakMutex() {
    static std::mutex m;
    return m;
}

int g_sampleRate = 0;                       // set once by espeak_Initialize
std::vector<int16_t>* g_collect = nullptr;  // synthesis target, guarded by espeakMutex()

int collect(short* wav, int numSamples, espeak_EVENT*) {
    if (wav && numSamples > 0 && g_collect) g_collect->insert(g_collect->end(), wav, wav + numSamples);
    return 0;  // continue
}

bool initialiseOnce(QString* error) {
    static bool ok = [] {
        g_sampleRate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
        if (g_sampleRate <= 0) return false;
        espeak_SetSynthCallback(collect);
        return true;
    }();
    if (!ok) *error = QStringLiteral("espeak-ng could not start (is espeak-ng-data installed?)");
    return ok;
}
}  // namespace

EspeakTts::EspeakTts(const QString& voice, double rate)
    : m_voice(voice.isEmpty() ? QStringLiteral("en-us") : voice),
      m_wordsPerMinute(std::clamp(static_cast<int>(175 * (rate > 0 ? rate : 1.0)), 80, 450)) {
    std::lock_guard lock(espeakMutex());
    if (!initialiseOnce(&m_error)) {
        qCWarning(lcSpeech) << m_error;
        return;
    }
    if (espeak_SetVoiceByName(m_voice.toUtf8().constData()) != EE_OK) {
        m_error = QStringLiteral("Unknown espeak-ng voice \"%1\"").arg(m_voice);
        qCWarning(lcSpeech) << m_error;
        return;
    }
    m_ready = true;
}

QStringList EspeakTts::voices() const {
    std::lock_guard lock(espeakMutex());
    QStringList out;
    const espeak_VOICE** list = espeak_ListVoices(nullptr);
    for (int i = 0; list && list[i]; ++i) out << QString::fromUtf8(list[i]->name);
    return out;
}

audio::Pcm EspeakTts::synthesize(const QString& text) {
    if (!m_ready || text.trimmed().isEmpty()) return {};
    std::vector<int16_t> raw;
    {
        std::lock_guard lock(espeakMutex());
        // Settings are global: apply this instance's voice and rate each time.
        espeak_SetVoiceByName(m_voice.toUtf8().constData());
        espeak_SetParameter(espeakRATE, m_wordsPerMinute, 0);
        const QByteArray utf8 = text.toUtf8();
        g_collect = &raw;
        espeak_Synth(utf8.constData(), static_cast<size_t>(utf8.size()) + 1, 0, POS_CHARACTER, 0,
                     espeakCHARS_UTF8, nullptr, nullptr);
        espeak_Synchronize();
        g_collect = nullptr;
    }
    return audio::resampleTo16k(raw.data(), raw.size(), g_sampleRate);
}

}  // namespace peregrine::speech
