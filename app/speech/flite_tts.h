// FliteTts: TextToSpeech on CMU flite (Debian flite1-dev) with its built-in US English voices: slt (default,
// female, the most natural), rms, awb, kal, kal16. Rate via the voice's duration_stretch.
// Thread: flite is not thread-safe; construct and use on one thread.
#pragma once

#include "speech/text_to_speech.h"

struct cst_voice_struct;

namespace peregrine::speech {

class FliteTts : public TextToSpeech {
public:
    explicit FliteTts(const QString& voice = QStringLiteral("slt"), double rate = 1.0);
    ~FliteTts() override;

    bool isReady() const override { return m_voice != nullptr; }
    QString errorString() const override { return m_error; }
    QString engineName() const override { return QStringLiteral("flite"); }
    QStringList voices() const override;
    audio::Pcm synthesize(const QString& text) override;

private:
    cst_voice_struct* m_voice = nullptr;
    float m_stretch = 1.0f;
    QString m_error;
};

}  // namespace peregrine::speech
