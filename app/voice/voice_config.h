// Settings of the voice loop, one plain struct per concern with working defaults. The config helper maps
// these from peregrine.yaml (section "voice"); tests and the CLI set them directly.
#pragma once

#include <QString>

#include "audio/audio_front_end.h"
#include "audio/endpointer.h"
#include "speech/pocketsphinx_stt.h"
#include "speech/text_to_speech.h"

namespace peregrine::voice {

struct VoiceConfig {
    QString inputDevice;   // microphone by name; empty: system default
    QString outputDevice;  // loudspeaker by name; empty: system default
    audio::FrontEndOptions frontEnd;
    audio::EndpointerOptions endpointer;                 // silenceEndMs: the end-of-speech silence
    QString sttEngine = QStringLiteral("pocketsphinx");  // speech::createSpeechToText()
    speech::PocketsphinxOptions stt;                     // wakePhrase: "hey peregrine"
    speech::TtsOptions tts;                              // engine, voice, rate
    bool wakeWord = false;     // while Idle, listen for the wake phrase (push-to-talk always works)
    bool bargeIn = true;       // speech while Thinking/Speaking stops playback and cancels generation
    int bargeInVoicedMs = 50;  // voiced time in the endpointer's start window that barges in
    // Recognize the front end's output (noise suppressed, echo cancelled) rather than the raw microphone.
    // Off by default: the Debian acoustic model is trained on unprocessed speech and does its own noise
    // removal; noise suppression costs it words on clean speech. Voice activity always uses the processed
    // signal.
    bool recognizeProcessedAudio = false;
    int preRollMs = 300;          // audio kept from before the detected start of speech
    int listenTimeoutMs = 8000;   // Listening without any speech returns to Idle
    int partialIntervalMs = 300;  // how often "words heard so far" is refreshed (and computed ahead)
    // End of speech after this much silence (instead of endpointer.silenceEndMs) when the words heard so far
    // form a complete question (speech/utterance_shape.h). 0: always wait the full silence.
    int quickEndMs = 200;
    // The first words are spoken at a clause break (", ; :") once the clause has this many characters,
    // rather than at the end of the first sentence. 0: sentence ends only.
    int firstClauseChars = 30;
    // Measurement aid (bench, CLI): the Nth answer token ends the first sentence, so that random-weight
    // models (which never end one) are timed through the whole loop. 0: off. Counts appendAnswerText()
    // calls, one per token in the headless runs.
    int firstSentenceAfterTokens = 0;
    double volumeStep = 0.25;  // "louder" / "quieter"
    // After a spoken answer, keep listening this long for a follow-up question without the wake word or
    // the talk button (followUpChanged() shows it). Speech that starts in the window begins a turn. 0: off.
    int followUpMs = 4000;
};

}  // namespace peregrine::voice
