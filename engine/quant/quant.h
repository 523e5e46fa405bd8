// Block formats: one scalar reference per format for dequantize and quantize. Layouts follow ggml
// (ggml-common.h) bit for bit, so files written by llama.cpp's quantizer read correctly and ours load in
// llama.cpp. Block structs: quant/blocks.h. All functions are pure and thread-safe.
#pragma once

#include <cstdint>

#include "quant/ggml_type.h"

namespace peregrine {

// n: number of elements, a multiple of the type's block size. src points at packed blocks.
// Supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_K.
// Unsupported types leave dst untouched.
void dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n);

// Quantizes n floats into packed blocks (dst must hold ggmlRowBytes(type, n) bytes). Same types as above.
// Quantizers reproduce llama-quantize's reference (no importance matrix) search, so quality matches its
// files. Returns false for a type it cannot write.
bool quantizeRow(GgmlType type, const float* src, void* dst, int64_t n);

// True when dequantizeRow / quantizeRow handle the type.
bool quantSupported(GgmlType type);

// Scalar reference dot product of one packed weight row with float activations (dequantize, then a float dot
// accumulated in double). The accuracy reference the kernels are tested against.
float dotRowRef(GgmlType type, const void* row, const float* x, int64_t n);

float fp16ToFloat(uint16_t h);
uint16_t floatToFp16(float f);
float bf16ToFloat(uint16_t h);
uint16_t floatToBf16(float f);

}  // namespace peregrine
