#include "speech/text_to_speech.h"

#include "speech/espeak_tts.h"
#include "speech/flite_tts.h"

namespace peregrine::speech {

namespace {
class UnavailableTts : public TextToSpeech {
public:
    explicit UnavailableTts(QString error) : m_error(std::move(error)) {}
    bool isReady() const override { return false; }
    QString errorString() const override { return m_error; }
    QString engineName() const override { return {}; }
    QStringList voices() const override { return {}; }
    audio::Pcm synthesize(const QString&) override { return {}; }

private:
    QString m_error;
};
}  // namespace

bool TextToSpeech::synthesizeStreaming(const QString& text, const PcmChunk& chunk) {
    const audio::Pcm pcm = synthesize(text);
    if (pcm.empty()) return false;
    chunk(pcm.data(), pcm.size());
    return true;
}

std::unique_ptr<TextToSpeech> createTextToSpeech(const TtsOptions& options) {
    if (options.engine.isEmpty() || options.engine == QLatin1String("flite"))
        return std::make_unique<FliteTts>(options.voice.isEmpty() ? QStringLiteral("slt") : options.voice,
                                          options.rate);
    if (options.engine == QLatin1String("espeak-ng") || options.engine == QLatin1String("espeak"))
        return std::make_unique<EspeakTts>(options.voice.isEmpty() ? QStringLiteral("en-us") : options.voice,
                                           options.rate);
    return std::make_unique<UnavailableTts>(
        QStringLiteral("Unknown speech engine \"%1\" (flite or espeak-ng)").arg(options.engine));
}

}  // namespace peregrine::speech
