// Element-wise and per-row operations of the transformer on F32 activations, written to follow ggml's CPU
// arithmetic (float rounding points, double accumulation where ggml uses ggml_float) so logits track
// llama.cpp's. Scalar code; each function is a reference later SIMD kernels are tested against.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>

#include "model/arch_registry.h"

namespace peregrine {

// y = (x * 1/sqrt(mean(x^2) + eps)) * w, n elements. y may alias x.
void rmsNorm(const float* x, const float* w, float* y, int64_t n, float eps);

struct RopeParams {
    RopeType type = RopeType::Norm;
    int nRot = 0;  // rotated dimensions per head (even, <= headDim)
    float freqBase = 10000.0f;
    float freqScale = 1.0f;              // 1 / linear scaling factor
    const float* freqFactors = nullptr;  // nRot/2 divisors of theta (llama3 rope_freqs), or nullptr
    float attnFactor = 1.0f;             // multiplies cos and sin (ggml's mscale; LongRoPE attn_factor)
};

// cosSin[2i], cosSin[2i+1] = cos, sin of the angle of pair i at position pos (nRot floats).
void ropeAngles(const RopeParams& p, int64_t pos, float* cosSin);
// Rotates the first nRot dimensions of each of nHeads heads of x (headDim floats apart) in place.
void applyRope(const RopeParams& p, const float* cosSin, float* x, int nHeads, int headDim);

// silu(gate) * up: kernels/ffn_kernels.h (vector code per target).
// gate[i] = gelu(gate[i]) * up[i] with ggml's CPU arithmetic: the tanh approximation evaluated on the F16
// value of gate[i] and rounded to F16 (its lookup table), 0 below -10 and the identity above 10.
void geluMul(float* gate, const float* up, int64_t n);
// x[i] = cap * tanh(x[i] / cap) (logit soft-capping), cap > 0.
void softCap(float* x, int64_t n, float cap);
// y[i] += x[i]
void addInPlace(float* y, const float* x, int64_t n);

// In place: x = softmax(x * scale), n >= 1.
void softmaxScaled(float* x, int64_t n, float scale);

// Round-trip through IEEE half precision (ggml converts the query and the attention weights to F16 before
// multiplying with the F16 KV cache).
float roundToHalf(float x);

}  // namespace peregrine
