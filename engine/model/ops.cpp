#include "model/ops.h"

#include <cmath>
#include <vector>

#include "quant/quant.h"

namespace peregrine {

void rmsNorm(const float* x, const float* w, float* y, int64_t n, float eps) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i] * x[i]);  // float product, as ggml
    const float mean = static_cast<float>(sum / static_cast<double>(n));
    const float scale = 1.0f / std::sqrt(mean + eps);
    for (int64_t i = 0; i < n; ++i) {
        const float normed = x[i] * scale;  // ggml: rms_norm, then mul by the weight: two roundings
        y[i] = normed * w[i];
    }
}

void ropeAngles(const RopeParams& p, int64_t pos, float* cosSin) {
    const float thetaScale = std::pow(p.freqBase, -2.0f / static_cast<float>(p.nRot));
    float theta = static_cast<float>(pos);
    for (int i = 0; i < p.nRot; i += 2) {
        const float factor = p.freqFactors ? p.freqFactors[i / 2] : 1.0f;
        const float angle = p.freqScale * (theta / factor);
        cosSin[i] = std::cos(angle) * p.attnFactor;
        cosSin[i + 1] = std::sin(angle) * p.attnFactor;
        theta *= thetaScale;
    }
}

void applyRope(const RopeParams& p, const float* cosSin, float* x, int nHeads, int headDim) {
    const int half = p.nRot / 2;
    for (int h = 0; h < nHeads; ++h) {
        float* v = x + static_cast<int64_t>(h) * headDim;
        for (int i = 0; i < p.nRot; i += 2) {
            const float c = cosSin[i];
            const float s = cosSin[i + 1];
            // Norm pairs adjacent elements; Neox pairs element j with j + nRot/2.
            const int a = p.type == RopeType::Norm ? i : i / 2;
            const int b = p.type == RopeType::Norm ? i + 1 : i / 2 + half;
            const float x0 = v[a];
            const float x1 = v[b];
            v[a] = x0 * c - x1 * s;
            v[b] = x0 * s + x1 * c;
        }
    }
}

namespace {

// gelu(x) of every F16 value, rounded to F16: ggml_table_gelu_f16.
std::vector<uint16_t> buildGeluTable() {
    constexpr float kSqrt2OverPi = 0.79788456080286535587989211986876f;
    constexpr float kCoefA = 0.044715f;
    std::vector<uint16_t> table(65536);
    for (uint32_t i = 0; i < 65536; ++i) {
        const float x = fp16ToFloat(static_cast<uint16_t>(i));
        const float g = 0.5f * x * (1.0f + std::tanh(kSqrt2OverPi * x * (1.0f + kCoefA * x * x)));
        table[i] = floatToFp16(g);
    }
    return table;
}

}  // namespace

void geluMul(float* gate, const float* up, int64_t n) {
    static const std::vector<uint16_t> table = buildGeluTable();  // 128 KiB, built once (thread-safe init)
    for (int64_t i = 0; i < n; ++i) {
        const float x = gate[i];
        if (x <= -10.0f)
            gate[i] = 0.0f;
        else if (x >= 10.0f)
            gate[i] = x * up[i];
        else
            gate[i] = fp16ToFloat(table[floatToFp16(x)]) * up[i];
    }
}

void softCap(float* x, int64_t n, float cap) {
    const float inv = 1.0f / cap;
    for (int64_t i = 0; i < n; ++i) x[i] = std::tanh(x[i] * inv) * cap;
}

void addInPlace(float* y, const float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

void softmaxScaled(float* x, int64_t n, float scale) {
    float maxValue = -INFINITY;
    for (int64_t i = 0; i < n; ++i) {
        x[i] *= scale;
        if (x[i] > maxValue) maxValue = x[i];
    }
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) {
        const float e = std::exp(x[i] - maxValue);
        x[i] = e;
        sum += e;
    }
    const float inv = static_cast<float>(1.0 / sum);
    for (int64_t i = 0; i < n; ++i) x[i] *= inv;
}

float roundToHalf(float x) {
    return fp16ToFloat(floatToFp16(x));
}

}  // namespace peregrine
