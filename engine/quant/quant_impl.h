// Internal to peregrine_quant: per-format scalar routines behind the dispatch in quant.cpp, and the scale
// search helpers the K-quant quantizers share. n is always a multiple of the format's block size.
#pragma once

#include <cstdint>
#include <cstring>

namespace peregrine::quant_detail {

// Round to nearest, ties to even, for |x| < 2^22 (the range every caller stays in). Matches ggml's rounding
// so identical inputs pick identical quants.
inline int nearestInt(float x) {
    const float shifted = x + 12582912.0f;  // 1.5 * 2^23: the float addition does the rounding
    int32_t i;
    std::memcpy(&i, &shifted, sizeof i);
    return (i & 0x007FFFFF) - 0x00400000;
}

// Symmetric search: n values into levels [-nmax, nmax-1]; L gets level + nmax. Tries the max-magnitude scale
// and 18 perturbations, weighting errors by x^2 (weights == nullptr) or by weights; returns the best scale.
float makeSymmetricQuants(int n, int nmax, const float* x, int8_t* L, const float* weights);
// Q3_K's variant: x^2-weighted least squares with coordinate-descent refinement of individual levels.
float makeQ3Quants(int n, int nmax, const float* x, int8_t* L);
// Asymmetric (scale, min) search over levels [0, nmax]: weighted least squares over nstep + 1 candidate
// scales around nmax / (max - min). Returns the scale; *negMin gets -min (>= 0). useMad: absolute errors.
float makeScaleMinQuants(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* negMin,
                         float rmin, float rdelta, int nstep, bool useMad);

void dequantizeQ4_0(const void* src, float* dst, int64_t n);
void dequantizeQ4_1(const void* src, float* dst, int64_t n);
void dequantizeQ5_0(const void* src, float* dst, int64_t n);
void dequantizeQ5_1(const void* src, float* dst, int64_t n);
void dequantizeQ8_0(const void* src, float* dst, int64_t n);
void dequantizeQ8_1(const void* src, float* dst, int64_t n);
void dequantizeQ2K(const void* src, float* dst, int64_t n);
void dequantizeQ3K(const void* src, float* dst, int64_t n);
void dequantizeQ4K(const void* src, float* dst, int64_t n);
void dequantizeQ5K(const void* src, float* dst, int64_t n);
void dequantizeQ6K(const void* src, float* dst, int64_t n);
void dequantizeQ8K(const void* src, float* dst, int64_t n);

void quantizeQ4_0(const float* src, void* dst, int64_t n);
void quantizeQ4_1(const float* src, void* dst, int64_t n);
void quantizeQ5_0(const float* src, void* dst, int64_t n);
void quantizeQ5_1(const float* src, void* dst, int64_t n);
void quantizeQ8_0(const float* src, void* dst, int64_t n);
void quantizeQ8_1(const float* src, void* dst, int64_t n);
void quantizeQ2K(const float* src, void* dst, int64_t n);
void quantizeQ3K(const float* src, void* dst, int64_t n);
void quantizeQ4K(const float* src, void* dst, int64_t n);
void quantizeQ5K(const float* src, void* dst, int64_t n);
void quantizeQ6K(const float* src, void* dst, int64_t n);
void quantizeQ8K(const float* src, void* dst, int64_t n);

}  // namespace peregrine::quant_detail
