// WakeSpotter: the Idle wake phrase path, shared by VoiceLoop and bench/wake_word so that what the bench
// measures is what the app runs. Feeds 10 ms frames to a recognizer's WakeWord mode and restarts the
// keyphrase utterance every restartFrames (30 s): a long utterance makes pocketsphinx's keyphrase search keep
// history it never needs. After a detection the search is stopped; the next push() starts a new one.
//
// Thread: the recognizer's thread. Cost: one feed() per frame (the keyphrase search, a fraction of real
// time).
#pragma once

#include <cstdint>

#include "speech/speech_to_text.h"

namespace peregrine::voice {

class WakeSpotter {
public:
    static constexpr int kRestartFrames = 3000;  // 30 s of Idle per keyphrase utterance

    explicit WakeSpotter(speech::SpeechToText* stt = nullptr, int restartFrames = kRestartFrames)
        : m_stt(stt), m_restartFrames(restartFrames) {}

    void setRecognizer(speech::SpeechToText* stt);
    // One frame (audio::kFrameSamples samples). True when the wake phrase was heard in it; the search is then
    // stopped (the caller starts a turn).
    bool push(const int16_t* frame, int samples);
    // Stops the current search (a turn starts for another reason); the next push() begins a new one.
    void stop();
    bool isActive() const { return m_active; }

private:
    speech::SpeechToText* m_stt = nullptr;
    int m_restartFrames = kRestartFrames;
    bool m_active = false;
    int64_t m_frames = 0;
};

}  // namespace peregrine::voice
