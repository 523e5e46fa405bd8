#include "speech/speech_to_text.h"

#include "speech/pocketsphinx_stt.h"

namespace peregrine::speech {

namespace {
// What the loop gets for an engine it cannot run: never ready, with the reason; typing keeps working.
class UnavailableStt : public SpeechToText {
public:
    explicit UnavailableStt(QString error) : m_error(std::move(error)) {}
    bool isReady() const override { return false; }
    QString errorString() const override { return m_error; }
    bool begin(Mode) override { return false; }
    void feed(const int16_t*, size_t) override {}
    QString partial() override { return {}; }
    bool wakeWordHeard() override { return false; }
    QString finish() override { return {}; }
    void cancel() override {}

private:
    QString m_error;
};
}  // namespace

QStringList speechToTextEngines() {
    return {QStringLiteral("pocketsphinx")};
}

std::unique_ptr<SpeechToText> createSpeechToText(const QString& engine, const PocketsphinxOptions& options) {
    if (engine.isEmpty() || engine == QLatin1String("pocketsphinx"))
        return std::make_unique<PocketsphinxStt>(options);
    return std::make_unique<UnavailableStt>(
        QStringLiteral("Unknown speech recognition engine \"%1\" (%2)")
            .arg(engine, speechToTextEngines().join(QStringLiteral(", "))));
}

}  // namespace peregrine::speech
