// WAV (RIFF) reading and writing. Reading accepts PCM 8/16/24/32-bit and IEEE float 32/64 at any rate and
// channel count (WAVE_FORMAT_EXTENSIBLE included) and returns float samples, interleaved; readWav16kMono()
// also mixes down and resamples to the app format. Writing produces 16-bit PCM. Errors are data: a bad or
// truncated file returns a Status with a message, never a crash. Cost: whole file in memory (voice clips are
// small).
#pragma once

#include <string>
#include <vector>

#include "audio/pcm.h"
#include "core/status.h"

namespace peregrine::audio {

struct WavData {
    int sampleRate = 0;
    int channels = 0;
    std::vector<float> samples;  // interleaved, in [-1, 1]
};

Result<WavData> readWav(const std::string& path);
// readWav + mono mix + resample to kSampleRate + conversion to int16.
Result<Pcm> readWav16kMono(const std::string& path);

Status writeWav(const std::string& path, const int16_t* samples, size_t count, int sampleRate = kSampleRate,
                int channels = 1);
inline Status writeWav(const std::string& path, const Pcm& pcm, int sampleRate = kSampleRate) {
    return writeWav(path, pcm.data(), pcm.size(), sampleRate, 1);
}

}  // namespace peregrine::audio
