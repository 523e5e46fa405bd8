// Quantized dot products and matrix tiles: the decode (matrix x vector) and prefill (matrix x matrix) hot
// paths. The public functions are the dispatch point: each routes through the kernel table chosen once per
// process (Highway dynamic dispatch over AVX3 / AVX2 / SSE4 / NEON / SVE / scalar targets, or
// NEON+dotprod on aarch64 CPUs that have it); types without a SIMD kernel use the scalar references.
// All functions are pure and thread-safe; callers split rows across threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

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
// Uses the target's multi-row kernel where it has one (KernelTable::rows); PEREGRINE_DECODE=single in the
// environment forces one dot per row (A/B benchmarks).
void matVecRows(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations, int64_t n,
                float* y, int64_t rowBegin, int64_t rowEnd);

// Decode over a matrix stored in interleaved row groups (quant/row_interleave.h). interleavedDecode says
// whether this process reads weightType that way: the kernel target has a kernel for it, PEREGRINE_DECODE
// is not "single" and PEREGRINE_LAYOUT is not "plain". matVecRowsInterleaved takes any row range: whole groups go to the target's kernel, rows of
// a group cut by the range are copied out plain first (same arithmetic, per row).
bool interleavedDecode(GgmlType weightType);
void matVecRowsInterleaved(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations,
                           int64_t n, float* y, int64_t rowBegin, int64_t rowEnd);

// Matrix products (prefill and decode through MatMul). Float weights (F32, F16, BF16) take F32 activations
// unrounded (as llama.cpp's prompt path does); quantized weights take vecDotActivationType's format.
GgmlType matMulActivationType(GgmlType weightType);
size_t matMulActivationBytes(GgmlType weightType, int64_t n);
// Converts n floats into matMulActivationType's format (dst: matMulActivationBytes bytes).
void prepareMatMulActivations(GgmlType weightType, const float* x, void* dst, int64_t n);
// y[c * ldy + r] = dot(W row r, activation row c) for r < rows, c < cols. w points at the first row (rowBytes
// apart); activation rows are actStride bytes apart. Cost: rows * cols * n multiply-adds; the weight rows are
// reused across the activation rows in registers and L1, so callers pass a block of rows (tens of KiB) and
// all activation rows at once. Thread-safe: disjoint row blocks may run concurrently.
void matMulTile(GgmlType weightType, const uint8_t* w, size_t rowBytes, int64_t rows, const void* activations,
                size_t actStride, int64_t cols, int64_t n, float* y, int64_t ldy);

// Prefill with packed activations: the quantized activation rows interleaved into column panels for the
// target's column-broadcast kernel (AVX-512 VNNI for Q4_K / Q6_K today). Where the active target has no
// packed kernel for the type, the packed form is plain rows (matMulActivationBytes apart) and matMulPacked is
// matMulTile. Callers may pack column ranges in parallel; colBegin must be a multiple of
// packedActivationGrain. Sizes: packedActivationBytes(type, n, cols); the columns from c0 on (c0 a multiple
// of the grain) start packedActivationBytes(type, n, c0) bytes in and form a packed buffer of their own, so a
// caller may multiply column ranges separately.
int64_t packedActivationGrain(GgmlType weightType);
size_t packedActivationBytes(GgmlType weightType, int64_t n, int64_t cols);
void packActivations(GgmlType weightType, const float* x, int64_t ldx, int64_t n, int64_t colBegin,
                     int64_t colEnd, int64_t cols, void* packed);
// y[c * ldy + r] = dot(W row r, activation c), r < rows, c < cols, from packActivations' output.
void matMulPacked(GgmlType weightType, const uint8_t* w, size_t rowBytes, int64_t rows, const void* packed,
                  int64_t cols, int64_t n, float* y, int64_t ldy);

// Name of the kernel target in use ("AVX3_VNNI", "NEON_DOTPROD", "reference", ...).
const char* kernelTargetName();
// "AVX3_VNNI on AMD EPYC 9R14 (x86-64: avx2 ... avx512_vnni)": the target in use and the CPU it was chosen
// for, for logs, --version and inspect.
std::string kernelDescription();

}  // namespace peregrine
