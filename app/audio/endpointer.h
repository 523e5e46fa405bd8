// Endpointer: turns per-frame voice decisions (10 ms) into utterance boundaries. Speech starts when enough
// voiced frames fall in a short window; it ends after a configurable run of silence (the main knob between
// cutting the driver off and answering late); an utterance longer than maxUtteranceMs is ended by force.
// Plain value type; one thread. Cost: O(1) per frame.
#pragma once

#include <cstdint>
#include <deque>

namespace peregrine::audio {

struct EndpointerOptions {
    int startWindowMs = 100;  // look-back window for the start decision
    int startVoicedMs = 60;   // voiced time within the window that starts an utterance
    int silenceEndMs = 400;   // trailing silence that ends it
    int maxUtteranceMs = 15000;
};

class Endpointer {
public:
    enum class Event { None, SpeechStarted, SpeechEnded };

    explicit Endpointer(const EndpointerOptions& options = {}) : m_options(options) {}
    void setOptions(const EndpointerOptions& options) { m_options = options; }
    const EndpointerOptions& options() const { return m_options; }

    Event push(bool voiced);
    void reset();

    bool inSpeech() const { return m_inSpeech; }
    int64_t frames() const { return m_frame; }                 // frames pushed since reset
    int64_t speechStartFrame() const { return m_startFrame; }  // first voiced frame of the utterance
    int64_t lastVoicedFrame() const { return m_lastVoiced; }   // end of speech (valid after SpeechEnded)
    // Frames since the last voiced one, while in speech (0 right after a voiced frame).
    int64_t silentFrames() const { return m_inSpeech && m_lastVoiced >= 0 ? m_frame - 1 - m_lastVoiced : 0; }
    // Ends the utterance now, as if the end-of-speech silence had elapsed (the caller knows it is complete).
    void endNow();

private:
    EndpointerOptions m_options;
    std::deque<bool> m_window;
    int m_windowVoiced = 0;
    bool m_inSpeech = false;
    int64_t m_frame = 0;
    int64_t m_startFrame = -1;
    int64_t m_lastVoiced = -1;
};

}  // namespace peregrine::audio
