// DoubleTalkDetector: tells the driver's voice from the assistant's echo by energy, independently of the
// echo canceller's output. webrtc's canceller suppresses everything it is not sure of while the speaker plays
// (its non-linear stage takes 15-25 dB off the driver, even between the assistant's words), so the driver
// must also be found before it: a microphone frame that is marginDb louder than the echo the loudspeaker can
// explain is double talk.
//
// The echo that can be explained is the loudest reference frame of the last few (the echo path's spread)
// plus the echo gain (loudspeaker to microphone, dB). The gain is the upper edge of microphone minus
// reference over the last kBlocks * blockFrames loud frames (maximum statistics), learnt only while the
// reference is known to be aligned and not within holdFrames of double talk: the driver talking over an
// answer must not teach it that the echo got louder, and a louder echo path is learnt within seconds.
//
// Plain value type; one thread (the front end's). Cost: O(historyFrames) per frame.
#pragma once

#include <array>

namespace peregrine::audio {

class DoubleTalkDetector {
public:
    struct Options {
        double marginDb = 6;        // microphone above the explained echo by this much: the driver
        double floorMarginDb = 12;  // ... and this far above the background
        double loudRefDb = -45;     // reference frames above this teach the echo gain
        int holdFrames = 30;        // no learning this soon after double talk
        int blockFrames = 100;      // loud frames per block of the maximum statistics
        int learnFrames = 30;       // loud frames before the gain is trusted
    };

    DoubleTalkDetector() = default;
    explicit DoubleTalkDetector(const Options& options) : m_options(options) {}

    // One capture frame: refDb, the reference handed to the canceller for it; micDb, the microphone (after
    // the rumble filter); floorDb, the background's level; canLearn, the reference is known to be aligned.
    // True: more than the echo, and above the road.
    bool push(double refDb, double micDb, double floorDb, bool canLearn);

    bool learnt() const { return m_learnt >= m_options.learnFrames; }
    double echoGainDb() const { return m_gainDb; }
    double expectedEchoDb() const { return m_expectedDb; }  // of the last frame

private:
    // 40 ms: the reference leads its echo by ~16 ms, plus the echo path's spread; longer would hide the
    // short gaps between the assistant's words where the driver is heard.
    static constexpr int kHistory = 4;
    Options m_options;
    std::array<double, kHistory> m_ref{-120, -120, -120, -120};
    int m_next = 0;
    static constexpr int kBlocks = 3;
    static constexpr double kUnknown = -120;
    std::array<double, kBlocks> m_blockMax{kUnknown, kUnknown, kUnknown};
    int m_block = 0;
    int m_inBlock = 0;
    double m_gainDb = -120;
    int m_learnt = 0;
    int m_sinceDoubleTalk = 1 << 20;
    double m_expectedDb = -120;
};

}  // namespace peregrine::audio
