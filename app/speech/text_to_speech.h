// TextToSpeech: the synthesiser interface. One sentence in, 16 kHz mono int16 out (engines that synthesise at
// another rate are resampled), so the first sentence can play while later ones are still being generated.
//
// Thread: engines keep global state (flite's voice tables, espeak-ng's single instance): use each engine from
// one thread (the synthesis worker). Errors are data: isReady() false with errorString(); synthesize()
// returns an empty buffer on failure.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <memory>

#include "audio/pcm.h"

namespace peregrine::speech {

struct TtsOptions {
    QString engine = QStringLiteral("flite");  // "flite" | "espeak-ng"
    QString voice;                             // engine voice; empty: flite "slt", espeak-ng "en-us"
    double rate = 1.0;                         // speaking rate relative to the voice's normal (0.5 .. 2)
};

class TextToSpeech {
public:
    virtual ~TextToSpeech() = default;
    virtual bool isReady() const = 0;
    virtual QString errorString() const = 0;
    virtual QString engineName() const = 0;
    virtual QStringList voices() const = 0;
    // Cost: flite slt about 1/70 of the audio's duration on a desktop core.
    virtual audio::Pcm synthesize(const QString& text) = 0;
    // The same audio in pieces, in order, as it is made (16 kHz mono): the first piece can play while the
    // rest of the sentence is still being synthesised. chunk returns false to stop early (a stopped turn).
    // Returns false when nothing could be synthesised. Default: synthesize(), then one piece.
    using PcmChunk = std::function<bool(const int16_t* samples, size_t count)>;
    virtual bool synthesizeStreaming(const QString& text, const PcmChunk& chunk);
};

// Creates the configured engine; an unknown engine name gives a not-ready object with a message.
std::unique_ptr<TextToSpeech> createTextToSpeech(const TtsOptions& options);

}  // namespace peregrine::speech
