#include "audio/endpointer.h"

#include <algorithm>

#include "audio/pcm.h"

namespace peregrine::audio {

Endpointer::Event Endpointer::push(bool voiced) {
    const int64_t frame = m_frame++;
    const int windowFrames = std::max(1, m_options.startWindowMs / kFrameMs);
    m_window.push_back(voiced);
    m_windowVoiced += voiced;
    if (static_cast<int>(m_window.size()) > windowFrames) {
        m_windowVoiced -= m_window.front();
        m_window.pop_front();
    }
    if (voiced) m_lastVoiced = frame;

    if (!m_inSpeech) {
        if (m_windowVoiced * kFrameMs >= m_options.startVoicedMs) {
            m_inSpeech = true;
            m_startFrame = frame - static_cast<int64_t>(m_window.size()) + 1;
            for (bool v : m_window) {  // first voiced frame of the window
                if (v) break;
                ++m_startFrame;
            }
            return Event::SpeechStarted;
        }
        return Event::None;
    }
    const bool silentLongEnough = (frame - m_lastVoiced) * kFrameMs >= m_options.silenceEndMs;
    const bool tooLong = (frame - m_startFrame) * kFrameMs >= m_options.maxUtteranceMs;
    if (silentLongEnough || tooLong) {
        m_inSpeech = false;
        m_window.clear();
        m_windowVoiced = 0;
        return Event::SpeechEnded;
    }
    return Event::None;
}

void Endpointer::endNow() {
    m_inSpeech = false;
    m_window.clear();
    m_windowVoiced = 0;
}

void Endpointer::reset() {
    m_window.clear();
    m_windowVoiced = 0;
    m_inSpeech = false;
    m_frame = 0;
    m_startFrame = -1;
    m_lastVoiced = -1;
}

}  // namespace peregrine::audio
