#include "audio/noise_floor.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace peregrine::audio {

namespace {
double toDb(double meanSquare) {
    return 10 * std::log10(std::max(meanSquare, 1e-10) / (32768.0 * 32768.0));
}
}  // namespace

NoiseFloor::NoiseFloor(int windowFrames, int blocks, double initialDb)
    : m_blockFrames(std::max(1, windowFrames / std::max(1, blocks))),
      m_blockMin(static_cast<size_t>(std::max(1, blocks)), 0.0) {
    reset(initialDb);
}

void NoiseFloor::reset(double initialDb) {
    // Sub-windows not filled yet do not count: the floor is the lowest level heard so far until then.
    std::fill(m_blockMin.begin(), m_blockMin.end(), std::numeric_limits<double>::infinity());
    m_current = std::numeric_limits<double>::infinity();
    m_inBlock = 0;
    m_next = 0;
    m_seen = 0;
    m_floorDb = initialDb;
}

double NoiseFloor::push(double meanSquare) {
    m_smooth[m_seen % 3] = meanSquare;
    ++m_seen;
    const double smoothed = m_seen >= 3 ? (m_smooth[0] + m_smooth[1] + m_smooth[2]) / 3 : meanSquare;
    m_current = std::min(m_current, smoothed);
    if (++m_inBlock == m_blockFrames) {
        m_blockMin[m_next] = m_current;
        m_next = (m_next + 1) % m_blockMin.size();
        m_current = std::numeric_limits<double>::infinity();
        m_inBlock = 0;
    }
    const double low = std::min(m_current, *std::min_element(m_blockMin.begin(), m_blockMin.end()));
    m_floorDb = toDb(low);
    return m_floorDb;
}

}  // namespace peregrine::audio
