// AudioFrontEnd: the microphone path before speech recognition, on webrtc-audio-processing 0.3 (Debian
// libwebrtc-audio-processing-dev): noise suppression (cab noise), automatic gain control, echo cancellation
// with the loudspeaker signal as reference (the assistant must not hear itself), and voice activity
// detection. Each 10 ms frame is processed in place; process() also returns the VAD decision, gated by an
// adaptive energy floor so steady road noise does not count as speech.
//
// Rumble: the microphone and the loudspeaker reference both pass the same high-pass filter (highPassHz)
// before the canceller, so road rumble neither masks the driver nor passes for speech, and the echo path the
// canceller learns stays the same.
//
// Echo path: the played samples are lined up with the microphone by an EchoAligner (measured delay, not a
// fixed hint) and handed to the canceller one frame per capture frame, echoLeadMs before their echo. While
// the loudspeaker plays (and echoTailMs after), a frame counts as speech only when it is also double talk,
// seen one of three ways: the canceller let it through (removed less than nearEndRatioDb, and
// nearEndBelowTypicalDb less than it removes from loud echo frames at present, with what is left above
// nearEndMinDb, nearEndMarginDb above the noise floor and within nearEndBelowEchoDb of the loud echo level,
// and what passed does not correlate with the loudspeaker's signal), or what it let out stands above the
// noise floor and does not look like the loudspeaker at all however much it removed (crushed double talk),
// or the microphone is louder than the reference can
// explain (DoubleTalkDetector). When the loudspeaker starts after a silence, no frame counts at all until the
// reference says its echo is due (at most the delay estimate and 100 ms): an echo path that got shorter would
// otherwise bring the answer's first echo in as plain voice. The noise floor is found by minimum statistics
// over about a second, so a road getting louder is not taken for a voice. The voice loop's barge-in hears the
// driver and not the assistant or the road. echoStats() sums microphone and output energy over those frames:
// their ratio is the echo return loss enhancement (ERLE).
//
// Thread: one thread (the voice thread). The render reference is read from a lock-free tap ring that the
// playback consumer fills. Cost: ~0.1-0.3 ms per frame on a desktop core with everything on.
#pragma once

#include <QString>
#include <memory>

#include "audio/pcm.h"
#include "audio/ring_buffer.h"

namespace peregrine::audio {

struct FrontEndOptions {
    bool noiseSuppression = true;
    int noiseSuppressionLevel = 2;  // 0 low .. 3 very high
    bool gainControl = false;       // adaptive digital AGC; off by default: it pumps road noise between words
    bool echoCancellation = true;
    bool estimateEchoDelay = true;  // false: the old fixed hint, every played frame fed as it arrives
    int echoDelayMs = 250;          // playback-to-capture delay before the first estimate (or fixed hint)
    int echoLeadMs = 16;            // reference fed this long before its echo (the canceller's slack)
    int echoSuppression = 0;        // non-linear processor: 0 low, 1 moderate, 2 high (mutes the driver)
    bool delayAgnostic = true;      // the canceller's own fine delay tracking on top of the aligner
    int echoTailMs = 300;           // the speaker counts as playing this long after its last sound
    // Double talk: at most this much removed by the canceller. Its non-linear stage takes 10-20 dB off the
    // driver talking over an answer; an aligned echo loses 30 dB and more (echo bench, 60 ms rig).
    double nearEndRatioDb = 20;
    double nearEndMarginDb = 12;  // ... and its output at least this far above the noise floor
    double nearEndMinDb = -50;  // ... and never below this (a quiet stretch of the answer, barely cancelled)
    double nearEndBelowTypicalDb = 15;  // ... and this much less than it takes off loud echo frames
    // ... and at most this far below the microphone's level on loud echo frames. The canceller's residue
    // on the quiet tail of a word (a microphone 20 dB under the answer's loud frames, 12-18 dB removed) is
    // 22-34 dB under that level; a driver at the answer's level comes through 3-20 dB under it (echo bench
    // with the per-frame debug line, 56 answers and 24 interruptions).
    double nearEndBelowEchoDb = 21;
    // ... and what the canceller let through does not look like the loudspeaker's signal: at most this
    // normalised correlation (EchoAligner::residualEcho). Echo leaking while the canceller follows a path
    // that moved by 12-20 ms scores 0.41-0.60; the driver's voice over an answer 0.01-0.27 once they talk
    // (tst_echo_front_end, per-frame debug line).
    double residualEchoMax = 0.35;
    // Crushed double talk (road noise): a voiced frame whose output lies at least crushedMarginDb above the
    // microphone's noise floor (and nearEndMinDb), within crushedBelowEchoDb of the loud echo level, and
    // correlates with the loudspeaker's signal at most crushedResidualMax, whatever the canceller removed.
    // Echo bench run 11 (56 answers, debug line): echo-only frames pass this at most 2 in any 10 (5 barge
    // in); the first words of interruptions in road noise pass it 100-300 ms before the other rules.
    // Only where the microphone's noise floor lies above crushedMinFloorDb (road noise): in a quiet cab the
    // echo's residue after a capture glitch passed it (run 12, 20 ms clean: one false barge-in).
    double crushedMinFloorDb = -60;
    double crushedMarginDb = 0;
    double crushedBelowEchoDb = 27;
    double crushedResidualMax = 0.2;
    double highPassHz = 150;    // rumble filter on microphone and reference; 0: off
    int vadLikelihood = 1;      // 0 very low .. 3 high likelihood required to call a frame speech
    double energyMarginDb = 9;  // a voiced frame must also be this far above the noise floor
};

class AudioFrontEnd {
public:
    explicit AudioFrontEnd(const FrontEndOptions& options = {});
    ~AudioFrontEnd();
    AudioFrontEnd(const AudioFrontEnd&) = delete;
    AudioFrontEnd& operator=(const AudioFrontEnd&) = delete;

    // False when webrtc-audio-processing could not be created; process() then uses the energy detector alone.
    bool hasWebRtc() const;
    QString errorString() const;

    // Echo reference (not owned): played samples, read in 10 ms frames before each capture frame.
    void setRenderTap(SpscRingBuffer<int16_t>* tap) { m_renderTap = tap; }

    // Processes one frame of kFrameSamples in place; returns true when the frame holds speech.
    bool process(int16_t* frame);

    double levelDb() const { return m_levelDb; }  // last frame, dBFS (before processing)
    double outputDb() const { return m_outDb; }   // last frame, dBFS (after processing)
    // The background's level after the rumble filter (minimum statistics, about a second), dBFS.
    double noiseFloorDb() const { return m_floorDb; }
    void reset();

    // Echo: the speaker played within echoTailMs of this frame's echo; the current delay estimate (ms).
    bool farEndActive() const { return m_farEndFrames > 0; }
    int echoDelayMs() const;
    int echoDelayEstimates() const;
    struct EchoStats {
        double micEnergy = 0;  // sum of squares before the front end, frames with the speaker playing
        double outEnergy = 0;  // the same frames after it
        int64_t frames = 0;
        double erleDb() const;  // 10 log10(mic / out); 0 without frames
    };
    const EchoStats& echoStats() const { return m_echoStats; }
    void resetEchoStats() { m_echoStats = {}; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    FrontEndOptions m_options;
    SpscRingBuffer<int16_t>* m_renderTap = nullptr;
    double m_levelDb = -96;
    double m_outDb = -96;
    double m_floorDb = -96;
    int m_farEndFrames = 0;
    int64_t m_frames = 0;  // processed since construction (debug log)
    EchoStats m_echoStats;
};

}  // namespace peregrine::audio
