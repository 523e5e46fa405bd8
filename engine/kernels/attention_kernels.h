// Vector kernels for attention over the F16 KV cache, dispatched like vec_dot.h (scalar references when the
// active target has none). Pure and thread-safe. Cost: n multiply-adds; reads 2n bytes of cache.
#pragma once

#include <cstdint>

namespace peregrine {

// sum_i k[i] * q[i]; k: n F16 values, q: n floats. Float accumulation (the reference: double).
float dotHalfFloat(const uint16_t* k, const float* q, int64_t n);
// y[i] += alpha * v[i]; v: n F16 values.
void axpyHalf(float alpha, const uint16_t* v, float* y, int64_t n);

// Block forms for many query vectors against the same F16 rows (a GQA group times a prefill batch); each
// cached row is converted once per call instead of once per query. d <= kAttentionBlockMaxHeadDim.
constexpr int64_t kAttentionBlockMaxHeadDim = 256;
// s[q * lds + j] = dot(k row j, x row q) for q < nq, j < nKeys; rows kStride / ldx apart.
void scoresHalfBlock(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                     int64_t nq, int64_t d, float* s, int64_t lds);
// out[q * ldo + i] += sum_j p[q * ldp + j] * v row j [i], j ascending, for q < nq, i < d.
void weightedSumHalfBlock(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p, int64_t ldp,
                          int64_t nq, int64_t d, float* out, int64_t ldo);

// x[i] = nearest F16 value of x[i] (ggml's F16 rounding of queries and attention weights), n values.
void roundRowToHalf(float* x, int64_t n);
// h[i] = F16 of x[i] (round to nearest even), n values: the KV cache store.
void floatRowToHalf(const float* x, uint16_t* h, int64_t n);

// Scalar references.
float dotHalfFloatRef(const uint16_t* k, const float* q, int64_t n);
void axpyHalfRef(float alpha, const uint16_t* v, float* y, int64_t n);
void roundRowToHalfRef(float* x, int64_t n);
void floatRowToHalfRef(const float* x, uint16_t* h, int64_t n);
void scoresHalfBlockRef(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                        int64_t nq, int64_t d, float* s, int64_t lds);
void weightedSumHalfBlockRef(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p, int64_t ldp,
                             int64_t nq, int64_t d, float* out, int64_t ldo);

}  // namespace peregrine
