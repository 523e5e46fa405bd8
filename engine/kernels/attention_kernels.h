// Vector kernels for attention over the F16 KV cache, dispatched like vec_dot.h (scalar references when the
// active target has none). Pure and thread-safe. Cost: n multiply-adds; reads 2n bytes of cache.
#pragma once

#include <cstdint>

namespace peregrine {

// sum_i k[i] * q[i]; k: n F16 values, q: n floats. Float accumulation (the reference: double).
float dotHalfFloat(const uint16_t* k, const float* q, int64_t n);
// y[i] += alpha * v[i]; v: n F16 values.
void axpyHalf(float alpha, const uint16_t* v, float* y, int64_t n);

// Scalar references.
float dotHalfFloatRef(const uint16_t* k, const float* q, int64_t n);
void axpyHalfRef(float alpha, const uint16_t* v, float* y, int64_t n);

}  // namespace peregrine
