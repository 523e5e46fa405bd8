// Block formats: one scalar reference per format for dequantize and quantize. Layouts follow ggml
// (ggml-common.h) bit for bit, so files written by llama.cpp's quantizer read correctly and ours load in llama.cpp.
#pragma once

#include <cstdint>

#include "quant/ggml_type.h"

namespace peregrine {

// n: number of elements, a multiple of the type's block size. src points at packed blocks.
// Supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K.
void dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n);

// Quantizes n floats into packed blocks (dst must hold ggmlRowBytes(type, n) bytes). Same types as above.
// Returns false for a type it cannot write.
bool quantizeRow(GgmlType type, const float* src, void* dst, int64_t n);

// Scalar reference dot product of one packed weight row with float activations.
float dotRowRef(GgmlType type, const void* row, const float* x, int64_t n);

float fp16ToFloat(uint16_t h);
uint16_t floatToFp16(float f);
float bf16ToFloat(uint16_t h);
uint16_t floatToBf16(float f);

}  // namespace peregrine
