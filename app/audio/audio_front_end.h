// AudioFrontEnd: the microphone path before speech recognition, on webrtc-audio-processing 0.3 (Debian
// libwebrtc-audio-processing-dev): noise suppression (cab noise), automatic gain control, echo cancellation
// with the loudspeaker signal as reference (the assistant must not hear itself), and voice activity
// detection. Each 10 ms frame is processed in place; process() also returns the VAD decision, gated by an
// adaptive energy floor so steady road noise does not count as speech.
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
    int echoDelayMs = 60;       // playback-to-capture delay hint (device buffers)
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

    double levelDb() const { return m_levelDb; }       // last frame, dBFS (before processing)
    double noiseFloorDb() const { return m_floorDb; }  // tracked minimum level, dBFS
    void reset();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    FrontEndOptions m_options;
    SpscRingBuffer<int16_t>* m_renderTap = nullptr;
    double m_levelDb = -96;
    double m_floorDb = -60;
};

}  // namespace peregrine::audio
