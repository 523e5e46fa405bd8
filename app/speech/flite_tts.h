// FliteTts: TextToSpeech on CMU flite (Debian flite1-dev) with its built-in US English voices: slt (default,
// female, the most natural), rms, awb, kal, kal16. Rate via the voice's duration_stretch. Streaming through
// flite's audio streaming callback: text analysis runs for the whole sentence first, then the waveform comes
// in pieces, so the first piece is ready after about a third of the sentence's synthesis time.
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
    // 16 kHz voices (slt, rms, awb, kal16) stream as the waveform is generated: the first 100 ms, then pieces
    // of half a second; kal (8 kHz) comes in one piece, resampled.
    bool synthesizeStreaming(const QString& text, const PcmChunk& chunk) override;

private:
    cst_voice_struct* m_voice = nullptr;
    float m_stretch = 1.0f;
    QString m_error;
};

}  // namespace peregrine::speech
