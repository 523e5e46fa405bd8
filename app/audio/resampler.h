// Sample-rate conversion and format helpers for the edges of the pipeline (files, synthesised speech).
// resample(): windowed-sinc (Blackman, 16 zero crossings) with the cutoff at the lower Nyquist, so
// downsampling does not alias. Cost: O(out * 32 * max(1, in/out)) multiply-adds; whole buffers (not
// streaming).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "audio/pcm.h"

namespace peregrine::audio {

std::vector<float> resample(const std::vector<float>& in, int inRate, int outRate);
// Averages channels of interleaved samples.
std::vector<float> mixToMono(const std::vector<float>& interleaved, int channels);

std::vector<float> toFloat(const int16_t* samples, size_t count);
Pcm toInt16(const std::vector<float>& samples);  // clamps to [-1, 1]
// int16 at any rate -> app format.
Pcm resampleTo16k(const int16_t* samples, size_t count, int inRate);

}  // namespace peregrine::audio
