// EspeakTts: TextToSpeech on espeak-ng (Debian libespeak-ng-dev), the engine for languages flite lacks. Voice
// is an espeak-ng voice name ("en-us", "de", "fr", ...); rate relative to 175 words per minute. Output at
// espeak-ng's rate (22050 Hz) is resampled to 16 kHz.
// Thread: espeak-ng is a process-wide singleton; every instance serialises on one mutex.
#pragma once

#include "speech/text_to_speech.h"

namespace peregrine::speech {

class EspeakTts : public TextToSpeech {
public:
    explicit EspeakTts(const QString& voice = QStringLiteral("en-us"), double rate = 1.0);

    bool isReady() const override { return m_ready; }
    QString errorString() const override { return m_error; }
    QString engineName() const override { return QStringLiteral("espeak-ng"); }
    QStringList voices() const override;
    audio::Pcm synthesize(const QString& text) override;

private:
    QString m_voice;
    int m_wordsPerMinute = 175;
    bool m_ready = false;
    QString m_error;
};

}  // namespace peregrine::speech
