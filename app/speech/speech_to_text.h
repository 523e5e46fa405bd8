// SpeechToText: the recognizer interface the voice loop talks to. Audio is fed while the driver speaks
// (streaming), so that at the end of speech only the final pass remains.
//
// Modes: Dictation (free speech, a question or a command), WakeWord (keyphrase spotting: only "hey peregrine"
// or the configured phrase fires). Thread: one thread at a time (the voice thread); engines are not
// thread-safe. Errors are data: a missing model makes isReady() false with errorString(); feeding a
// recognizer that is not ready does nothing.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>

namespace peregrine::speech {

class SpeechToText {
public:
    enum class Mode { Dictation, WakeWord };

    virtual ~SpeechToText() = default;

    virtual bool isReady() const = 0;
    virtual QString errorString() const = 0;

    // Begins an utterance in the given mode (ends an unfinished one first, discarding it).
    virtual bool begin(Mode mode) = 0;
    // 16 kHz mono int16 samples of the current utterance. Cost: about real time / 5 in Dictation.
    virtual void feed(const int16_t* samples, size_t count) = 0;
    // Best hypothesis so far (Dictation; "words heard so far"). Cost: a search pass; call a few times a
    // second.
    virtual QString partial() = 0;
    // WakeWord mode: true once the keyphrase has been heard in this utterance.
    virtual bool wakeWordHeard() = 0;
    // Ends the utterance and returns the final transcript (lower case, words separated by single spaces).
    virtual QString finish() = 0;
    // Ends the utterance without a result.
    virtual void cancel() = 0;
    // After finish() of a short Dictation utterance: the cab command phrase a keyphrase search finds in the
    // same audio, or empty (none found, utterance too long, or the engine cannot spot). The dictation's
    // language model favours ordinary sentences and mishears lone command words in noise ("stop" -> "still");
    // the keyphrase search only weighs the command against a phone loop. Cost: a second pass over at most a
    // few seconds of audio (tens of ms).
    virtual QString spotCommand() { return {}; }
};

struct PocketsphinxOptions;

// The engines createSpeechToText() knows (voice.stt_engine's choices).
QStringList speechToTextEngines();
// Creates the configured recognizer ("" = pocketsphinx); an unknown name gives a never-ready object whose
// errorString() says so. Loading the models costs about 0.5 s (pocketsphinx).
std::unique_ptr<SpeechToText> createSpeechToText(const QString& engine, const PocketsphinxOptions& options);

}  // namespace peregrine::speech
