// NoiseFloor: the level of the background under speech, by minimum statistics: the lowest short-time level
// (frames smoothed over 30 ms) within a sliding window of about a second. Speech always has gaps within a
// second, so the minimum stays at the noise; when the noise itself rises (a rougher road, a window opened)
// the floor follows within one window instead of creeping up a few dB per second.
//
// Plain value type; one thread. Cost: O(1) per frame.
#pragma once

#include <cstddef>
#include <vector>

namespace peregrine::audio {

class NoiseFloor {
public:
    // windowFrames: the sliding window (10 ms frames), split into `blocks` sub-windows; initialDb: the floor
    // before the first frame.
    explicit NoiseFloor(int windowFrames = 120, int blocks = 8, double initialDb = -96);

    // One frame's energy as mean square (linear, int16 scale). Returns the floor in dBFS after it.
    double push(double meanSquare);
    double floorDb() const { return m_floorDb; }
    void reset(double initialDb = -96);

private:
    int m_blockFrames;
    std::vector<double> m_blockMin;  // minima of the finished sub-windows (mean square)
    size_t m_next = 0;
    int m_inBlock = 0;
    double m_current;         // minimum of the sub-window being filled
    double m_smooth[3] = {};  // the last three frames
    int m_seen = 0;
    double m_floorDb;
};

}  // namespace peregrine::audio
