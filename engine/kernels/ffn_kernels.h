// Vector kernels for the feed-forward block's element-wise steps, dispatched like vec_dot.h (the scalar
// reference when the active target has none). Pure and thread-safe.
#pragma once

#include <cstdint>

namespace peregrine {

// gate[i] = silu(gate[i]) * up[i] = gate[i] / (1 + exp(-gate[i])) * up[i]. The vector forms use Highway's
// exp (within 1 ulp of the reference's std::exp for |gate| < 88; ggml uses an approximation of its own).
// Cost: one exp per element; a 1B-shaped model runs it on 8192 values per layer and token.
void siluMul(float* gate, const float* up, int64_t n);

// Scalar reference.
void siluMulRef(float* gate, const float* up, int64_t n);

}  // namespace peregrine
