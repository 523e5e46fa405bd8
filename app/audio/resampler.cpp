#include "audio/resampler.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace peregrine::audio {

namespace {
constexpr int kZeroCrossings = 16;

double sinc(double x) {
    if (std::abs(x) < 1e-9) return 1.0;
    const double px = std::numbers::pi * x;
    return std::sin(px) / px;
}

double blackman(double x, double halfWidth) {      // x in [-halfWidth, halfWidth]
    const double t = (x / halfWidth + 1.0) * 0.5;  // 0..1
    return 0.42 - 0.5 * std::cos(2 * std::numbers::pi * t) + 0.08 * std::cos(4 * std::numbers::pi * t);
}
}  // namespace

std::vector<float> resample(const std::vector<float>& in, int inRate, int outRate) {
    if (inRate == outRate || in.empty() || inRate <= 0 || outRate <= 0) return in;
    const double ratio = static_cast<double>(outRate) / inRate;
    const double cutoff = std::min(1.0, ratio);        // relative to the input Nyquist
    const double halfWidth = kZeroCrossings / cutoff;  // filter half-length in input samples
    const size_t outLen = static_cast<size_t>(std::ceil(in.size() * ratio));
    std::vector<float> out(outLen);
    const long n = static_cast<long>(in.size());
    for (size_t i = 0; i < outLen; ++i) {
        const double center = i / ratio;
        const long lo = std::max(0L, static_cast<long>(std::ceil(center - halfWidth)));
        const long hi = std::min(n - 1, static_cast<long>(std::floor(center + halfWidth)));
        double acc = 0;
        for (long j = lo; j <= hi; ++j) {
            const double x = j - center;
            acc += in[j] * cutoff * sinc(x * cutoff) * blackman(x, halfWidth);
        }
        out[i] = static_cast<float>(acc);
    }
    return out;
}

std::vector<float> mixToMono(const std::vector<float>& interleaved, int channels) {
    if (channels <= 1) return interleaved;
    std::vector<float> mono(interleaved.size() / channels);
    for (size_t i = 0; i < mono.size(); ++i) {
        float sum = 0;
        for (int c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
        mono[i] = sum / channels;
    }
    return mono;
}

std::vector<float> toFloat(const int16_t* samples, size_t count) {
    std::vector<float> out(count);
    for (size_t i = 0; i < count; ++i) out[i] = samples[i] / 32768.0f;
    return out;
}

Pcm toInt16(const std::vector<float>& samples) {
    Pcm out(samples.size());
    for (size_t i = 0; i < samples.size(); ++i) {
        const float v = std::clamp(samples[i], -1.0f, 1.0f);
        out[i] = static_cast<int16_t>(std::lround(v * 32767.0f));
    }
    return out;
}

Pcm resampleTo16k(const int16_t* samples, size_t count, int inRate) {
    if (inRate == kSampleRate) return Pcm(samples, samples + count);
    return toInt16(resample(toFloat(samples, count), inRate, kSampleRate));
}

}  // namespace peregrine::audio
