// PocketsphinxStt: SpeechToText on CMU pocketsphinx (Debian 12 ships 5prealpha: the cmd_ln/ps_set_search API)
// with the Debian en-us acoustic model, language model and dictionary (package pocketsphinx-en-us).
// Dictation uses the n-gram language model; WakeWord a keyphrase search for the configured phrase.
//
// Cost: loading takes about 0.5 s and 40 MB (the 27 MB language model); construct once, off the UI thread.
// Thread: one thread at a time.
#pragma once

#include <memory>

#include "speech/speech_to_text.h"

namespace peregrine::speech {

struct PocketsphinxOptions {
    QString modelDir =
        QStringLiteral("/usr/share/pocketsphinx/model/en-us");  // holds en-us/, *.lm.bin, *.dict
    QString wakePhrase = QStringLiteral("hey peregrine");
    double wakeThreshold = 1e-20;  // keyphrase threshold: lower fires more easily (and falsely)
    // Second passes (flat lexicon, best path) improve accuracy a little and cost time at the end of speech.
    bool secondPass = true;
};

class PocketsphinxStt : public SpeechToText {
public:
    explicit PocketsphinxStt(const PocketsphinxOptions& options = {});
    ~PocketsphinxStt() override;

    bool isReady() const override;
    QString errorString() const override { return m_error; }
    bool begin(Mode mode) override;
    void feed(const int16_t* samples, size_t count) override;
    QString partial() override;
    bool wakeWordHeard() override;
    QString finish() override;
    void cancel() override;

    // Words the dictionary knows (a wake phrase must consist of them).
    bool knowsWord(const QString& word) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    QString m_error;
};

}  // namespace peregrine::speech
