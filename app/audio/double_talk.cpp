#include "audio/double_talk.h"

#include <algorithm>

namespace peregrine::audio {

bool DoubleTalkDetector::push(double refDb, double micDb, double floorDb, bool canLearn) {
    m_ref[m_next] = refDb;
    m_next = (m_next + 1) % kHistory;
    const double refMax = *std::max_element(m_ref.begin(), m_ref.end());
    m_gainDb = *std::max_element(m_blockMax.begin(), m_blockMax.end());
    m_expectedDb = refMax + m_gainDb;
    const bool aboveRoad = micDb > std::max(floorDb + m_options.floorMarginDb, -60.0);
    const bool louder = learnt() && aboveRoad && micDb > m_expectedDb + m_options.marginDb;
    m_sinceDoubleTalk = louder ? 0 : m_sinceDoubleTalk + 1;
    // Then learn from this frame, if it is surely the echo alone.
    if (canLearn && aboveRoad && refMax > m_options.loudRefDb && m_sinceDoubleTalk > m_options.holdFrames) {
        // Maximum statistics: the upper edge of microphone minus reference over the last few seconds.
        m_blockMax[m_block] = std::max(m_blockMax[m_block], micDb - refMax);
        if (++m_inBlock == m_options.blockFrames) {
            m_block = (m_block + 1) % kBlocks;
            m_blockMax[m_block] = kUnknown;
            m_inBlock = 0;
        }
        ++m_learnt;
    }
    return louder;
}

}  // namespace peregrine::audio
