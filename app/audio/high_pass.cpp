#include "audio/high_pass.h"

#include <algorithm>
#include <cmath>

namespace peregrine::audio {

HighPass::HighPass(double cutoffHz, double sampleRate) {
    // Audio EQ cookbook high-pass, Q = 1/sqrt(2) (Butterworth), normalised by a0.
    const double w0 = 2 * M_PI * cutoffHz / sampleRate;
    const double alpha = std::sin(w0) / (2 * M_SQRT1_2);
    const double c = std::cos(w0);
    const double a0 = 1 + alpha;
    m_b0 = (1 + c) / 2 / a0;
    m_b1 = -(1 + c) / a0;
    m_b2 = (1 + c) / 2 / a0;
    m_a1 = -2 * c / a0;
    m_a2 = (1 - alpha) / a0;
}

void HighPass::process(int16_t* samples, int count) {
    for (int i = 0; i < count; ++i) {
        const double x = samples[i];
        const double y = m_b0 * x + m_b1 * m_x1 + m_b2 * m_x2 - m_a1 * m_y1 - m_a2 * m_y2;
        m_x2 = m_x1;
        m_x1 = x;
        m_y2 = m_y1;
        m_y1 = std::abs(y) < 1e-20 ? 0 : y;  // no denormals in long silences
        samples[i] = static_cast<int16_t>(std::clamp(std::lround(y), -32768L, 32767L));
    }
}

}  // namespace peregrine::audio
