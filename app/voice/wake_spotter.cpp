#include "voice/wake_spotter.h"

namespace peregrine::voice {

void WakeSpotter::setRecognizer(speech::SpeechToText* stt) {
    stop();
    m_stt = stt;
}

bool WakeSpotter::push(const int16_t* frame, int samples) {
    if (!m_stt || !m_stt->isReady()) return false;
    if (!m_active || ++m_frames > m_restartFrames) {
        m_active = m_stt->begin(speech::SpeechToText::Mode::WakeWord);
        m_frames = 0;
        if (!m_active) return false;
    }
    m_stt->feed(frame, static_cast<size_t>(samples));
    if (!m_stt->wakeWordHeard()) return false;
    stop();
    return true;
}

void WakeSpotter::stop() {
    if (m_active && m_stt) m_stt->cancel();
    m_active = false;
    m_frames = 0;
}

}  // namespace peregrine::voice
