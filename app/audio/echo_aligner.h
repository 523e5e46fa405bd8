// EchoAligner: lines the loudspeaker signal up with the microphone, so the echo canceller sees each
// reference frame just before its echo arrives, whatever the device buffers and the cab add.
//
// The playback side delivers played samples in bursts (the device pulls 10-60 ms at a time) and nothing at
// all between answers; the capture side delivers a steady 16 kHz. The aligner keeps the played samples on the
// capture clock: silence is filled in while the speaker is idle (the render position is held `slack` behind
// the capture position), so a sample played at capture position c sits near history index c - slack. The
// echo delay (history index -> capture index) is then estimated by normalised cross-correlation of the
// last half second of microphone and loudspeaker signals, decimated to 4 kHz and differenced, every 250 ms
// while the speaker plays (every 80 ms until the first estimate or while a jump is pending); an estimate is
// taken when the peak is clear. A move needs a strong peak (0.5: the driver talking over the answer makes
// weak, wandering ones); a small one (up to 24 ms, a device buffer running late) is taken at once (beyond the
// 8 ms jitter, trusted only after 400 ms of playing), a large one only when a second, non-overlapping window
// confirms it (trusted after 1.5 s).
//
// Thread: one thread (the front end's). Cost: about 3 M multiply-adds per estimate (4 per second while
// playing), nothing while the speaker is idle; residualEcho() about 80 k, asked only for frames the canceller
// let through while the speaker plays. Memory: fixed, allocated in the constructor.
#pragma once

#include <cstdint>
#include <vector>

namespace peregrine::audio {

class EchoAligner {
public:
    // initialDelayMs: the delay assumed before the first estimate; maxDelayMs: the longest searched.
    explicit EchoAligner(int initialDelayMs = 250, int maxDelayMs = 600);

    // Played samples, in order, as they leave for the device.
    void pushRender(const int16_t* samples, int count);
    // One capture frame (kFrameSamples) has arrived: advances the capture clock, fills silence when the
    // speaker is idle, records the microphone for the estimator and re-estimates when due.
    void pushCapture(const int16_t* frame);
    // The loudspeaker samples whose echo reaches the microphone `leadMs` after the current capture frame
    // starts (kFrameSamples; zeros where nothing was played).
    void reference(int16_t* out, int leadMs) const;

    // The canceller's output for the frame last given to pushCapture.
    void pushOutput(const int16_t* frame);
    // How much the canceller's output over the last 80 ms looks like the loudspeaker's signal: the largest
    // normalised correlation within 32 ms of the current delay (0-1). Echo the canceller let through while
    // it follows a moved path scores high; the driver's voice, which the loudspeaker never played, low.
    double residualEcho() const;

    int delayMs() const { return static_cast<int>(m_delay / 16); }  // current estimate (or the initial hint)
    int estimates() const { return m_estimates; }                   // accepted estimates so far
    // An estimate was accepted, no large move of the echo is waiting for confirmation (the reference may be
    // off), and after a move beyond the jitter the speaker has played long enough for the canceller to
    // follow.
    bool aligned() const { return m_estimates > 0 && m_pendingDelay < 0 && m_settleFrames == 0; }
    double lastPeak() const { return m_lastPeak; }  // normalised correlation of the last try
    int pendingDelayMs() const { return m_pendingDelay < 0 ? -1 : static_cast<int>(m_pendingDelay / 16); }
    int settleFrames() const { return m_settleFrames; }

private:
    struct Decimator {
        float sum = 0;   // samples of the current 4 kHz sample so far
        float prev = 0;  // last decimated value (the rings hold first differences)
    };

    void estimate();
    // Adds full-rate sample `pos` to a 4 kHz ring of first differences.
    static void decimate(int64_t pos, int16_t sample, Decimator& state, std::vector<float>& ring);
    int16_t renderAt(int64_t index) const;

    static constexpr int kDecimation = 4;
    static constexpr int64_t kHistory = 1 << 15;  // 2 s at 16 kHz
    static constexpr int64_t kSlack = 1600;       // 100 ms: idle render position behind capture

    std::vector<int16_t> m_render;    // ring, full rate, indexed by render position
    std::vector<float> m_renderDec;   // ring, 4 kHz
    std::vector<float> m_captureDec;  // ring, 4 kHz
    std::vector<float> m_outputDec;   // ring, 4 kHz, on the capture clock
    std::vector<float> m_scratch;     // linear copies of the correlation window
    int64_t m_renderPos = 0;          // samples in the render history (played + filled silence)
    int64_t m_capturePos = 0;         // capture samples seen
    int64_t m_delay;                  // samples: echo of render index r arrives at capture index r + m_delay
    int64_t m_maxDelay;
    int64_t m_lastLoudRender = -1;  // render index of the last played frame above the silence floor
    int64_t m_pendingDelay = -1;    // an estimate far from m_delay, waiting for confirmation
    int64_t m_pendingAt = 0;        // capture position when it was proposed
    int m_framesSinceEstimate = 0;
    int m_settleFrames = 0;
    int m_estimates = 0;
    double m_lastPeak = 0;
    Decimator m_decRender, m_decCapture, m_decOutput;
};

}  // namespace peregrine::audio
