// Internal to peregrine_kernels: scalar reference dot products, one per (weight, activation) pair. They are
// the arithmetic contract for the SIMD versions: integer dot of quants within a block, block scales applied
// in float, as ggml's vec_dot does. w: packed weight row; a: activations in vecDotActivationType(weight)
// format.
#pragma once

#include <cstdint>

namespace peregrine::kernels_ref {

float dotF32(const void* w, const void* a, int64_t n);   // F32 x F32, double accumulation
float dotF16(const void* w, const void* a, int64_t n);   // F16 x F16
float dotBF16(const void* w, const void* a, int64_t n);  // BF16 x BF16
float dotQ4_0(const void* w, const void* a, int64_t n);  // x Q8_0
float dotQ4_1(const void* w, const void* a, int64_t n);  // x Q8_0, min term m * d_x * sum(q_x)
float dotQ5_0(const void* w, const void* a, int64_t n);  // x Q8_0
float dotQ5_1(const void* w, const void* a, int64_t n);  // x Q8_0, min term as Q4_1
float dotQ8_0(const void* w, const void* a, int64_t n);  // x Q8_0
float dotQ8_1(const void* w, const void* a, int64_t n);  // Q8_1 weights x Q8_0
float dotQ2K(const void* w, const void* a, int64_t n);   // x Q8_K
float dotQ3K(const void* w, const void* a, int64_t n);   // x Q8_K
float dotQ4K(const void* w, const void* a, int64_t n);   // x Q8_K
float dotQ5K(const void* w, const void* a, int64_t n);   // x Q8_K
float dotQ6K(const void* w, const void* a, int64_t n);   // x Q8_K

}  // namespace peregrine::kernels_ref
