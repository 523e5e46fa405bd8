// Per-turn timings of the voice loop, in milliseconds from the start of the turn's input (push-to-talk, wake
// word, barge-in, or the start of an input file); -1 when the stage did not happen. The difference
// firstAudioMs - speechEndMs is what the driver lives: from the last word spoken to the first sound of the
// answer.
#pragma once

#include <QMetaType>
#include <QString>

namespace peregrine::voice {

struct VoiceTimings {
    int turn = 0;
    QString transcript;           // what was heard (final)
    QString answer;               // what was said back (the generated text, or a command's name)
    QString command;              // cab command acted on, empty for a question
    bool cancelled = false;       // barge-in or stop ended the turn
    double speechEndMs = -1;      // the last voiced frame of the question was captured
    double endpointMs = -1;       // the end-of-speech silence elapsed (speechEndMs + silence)
    double transcriptMs = -1;     // final transcript ready (and, for a short utterance, command spotting)
    double firstTokenMs = -1;     // first answer token arrived
    double firstSentenceMs = -1;  // first sentence cut from the streamed answer
    bool firstSentenceForced = false;  // cut by VoiceConfig::firstSentenceAfterTokens (a measurement aid)
    double firstAudioMs = -1;          // first sample of the spoken answer handed to the speaker
    double speechToAudioMs() const {
        return speechEndMs >= 0 && firstAudioMs >= 0 ? firstAudioMs - speechEndMs : -1;
    }
};

}  // namespace peregrine::voice

Q_DECLARE_METATYPE(peregrine::voice::VoiceTimings)
