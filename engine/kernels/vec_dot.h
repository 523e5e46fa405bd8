// Quantized dot products: the decode hot path (matrix x vector). The public functions are the dispatch point;
// today they route to one scalar reference per (weight, activation) pair, later to Highway targets.
// All functions are pure and thread-safe; callers split rows across threads with matVecRows.
#pragma once

#include <cstddef>
#include <cstdint>

#include "quant/ggml_type.h"

namespace peregrine {

// The activation format a weight type is multiplied with, as in ggml: Q8_0 for Q4_0/Q4_1/Q5_0/Q5_1/Q8_0
// (Q8_1 not needed: use Q8_0 arithmetic with the min terms handled), Q8_K for Q2_K..Q6_K, F16 for F16, BF16
// for BF16, F32 for F32.
GgmlType vecDotActivationType(GgmlType weightType);
// Bytes needed to hold n activations in that format.
size_t activationBytes(GgmlType weightType, int64_t n);
// Quantizes/converts n float activations into the format above (dst: activationBytes bytes).
void quantizeActivations(GgmlType weightType, const float* x, void* dst, int64_t n);
// Dot product of one packed weight row with prepared activations, n elements. Same arithmetic as ggml's
// vec_dot for that pair (integer dot of quants, scales applied per block) so results track llama.cpp's.
float vecDot(GgmlType weightType, const void* row, const void* activations, int64_t n);
// y[r] = dot(W row r, x) for rows [rowBegin,rowEnd) of a row-major packed matrix with rowBytes per row.
void matVecRows(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations, int64_t n,
                float* y, int64_t rowBegin, int64_t rowEnd);

}  // namespace peregrine
