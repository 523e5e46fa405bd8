// PocketsphinxStt: SpeechToText on CMU pocketsphinx (Debian 12 ships 5prealpha: the cmd_ln/ps_set_search API)
// with the Debian en-us acoustic model, language model and dictionary (package pocketsphinx-en-us).
// Dictation uses the n-gram language model; WakeWord a keyphrase search for the configured phrase;
// spotCommand() a keyphrase list search of the cab commands over the last short Dictation utterance (kept,
// up to commandMaxMs, while it is fed).
//
// Cost: loading takes about 0.5 s and 40 MB (the 27 MB language model); construct once, off the UI thread.
// Thread: one thread at a time.
#pragma once

#include <QList>
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
    // Cab command phrases for spotCommand(), each with its keyphrase threshold (lower fires more easily).
    // Short phrases need a stricter threshold than long ones: a one-syllable word is easy to find by chance.
    struct KeyPhrase {
        QString phrase;
        double threshold;
    };
    QList<KeyPhrase> commandPhrases = defaultCommandPhrases();
    int commandMaxMs = 3000;  // longer utterances are not spotted (commands are short)
    // A spotted phrase must span this share of the words the dictation heard (from its first to its last,
    // when it heard more than one): "stop" inside "stop the car" or "top speed" covers a quarter to a half.
    double commandMinCoverage = 0.5;
    static QList<KeyPhrase> defaultCommandPhrases();
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
    QString spotCommand() override;
    // Spots a command phrase in the given audio (16 kHz mono); the same search as spotCommand(), measured
    // against the words of the last finish() (pass that utterance's audio).
    QString spotCommand(const int16_t* samples, size_t count);
    // The share of the dictation's words the last spotted detection spans (0..1; for tuning and tests).
    double lastSpotCoverage() const;
    // Replaces the command phrases and their thresholds (tuning); false when none can be spotted.
    bool setCommandPhrases(const QList<PocketsphinxOptions::KeyPhrase>& phrases, double minCoverage);

    // Words the dictionary knows (a wake phrase must consist of them).
    bool knowsWord(const QString& word) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    QString m_error;
};

}  // namespace peregrine::speech
