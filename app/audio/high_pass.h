// HighPass: a second-order Butterworth high-pass filter (RBJ biquad) for 16-bit frames, in place.
//
// The front end runs the microphone and the loudspeaker reference through the same filter before the echo
// canceller: the cab's rumble (tyres, engine, wind: mostly below 150 Hz) is removed before it can mask the
// driver or pass for speech, and because the same linear filter is on both sides the echo path the canceller
// learns is unchanged. Speech recognisers ignore this band (pocketsphinx's filter bank starts at 130 Hz).
//
// Plain value type; one thread. Cost: 5 multiply-adds per sample.
#pragma once

#include <cstdint>

namespace peregrine::audio {

class HighPass {
public:
    explicit HighPass(double cutoffHz = 150, double sampleRate = 16000);

    void process(int16_t* samples, int count);
    void reset() { m_x1 = m_x2 = m_y1 = m_y2 = 0; }

private:
    double m_b0 = 1, m_b1 = 0, m_b2 = 0, m_a1 = 0, m_a2 = 0;
    double m_x1 = 0, m_x2 = 0, m_y1 = 0, m_y2 = 0;
};

}  // namespace peregrine::audio
