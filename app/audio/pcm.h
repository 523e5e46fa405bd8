// The app's one internal audio format: 16 kHz, mono, signed 16-bit samples, processed in 10 ms frames.
// Everything that enters (microphone, files, synthesised speech) is converted to it at the edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace peregrine::audio {

inline constexpr int kSampleRate = 16000;
inline constexpr int kFrameSamples = 160;  // 10 ms: the unit of the front end, VAD and endpointer
inline constexpr int kFrameMs = 10;

using Pcm = std::vector<int16_t>;

inline double samplesToMs(int64_t samples) {
    return samples * 1000.0 / kSampleRate;
}
inline int64_t msToSamples(double ms) {
    return static_cast<int64_t>(ms * kSampleRate / 1000.0);
}

}  // namespace peregrine::audio
