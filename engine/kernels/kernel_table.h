// Internal to peregrine_kernels: the table of kernels one SIMD target provides. vec_dot.cpp picks one table
// at first use (Highway dynamic dispatch, or NEON+dotprod on aarch64 CPUs that have it) and routes the public
// functions of vec_dot.h through it. Tests walk every compiled table (compiledKernelTables()).
//
// Slots are indexed by the raw GgmlType id; a null slot means "use the scalar reference".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace peregrine {

constexpr int kKernelTypeSlots = 40;

// Dot of one packed weight row with prepared activations (vecDotActivationType format), n elements.
using KernelDotFn = float (*)(const void* w, const void* a, int64_t n);
// Matrix tile: y[c * ldy + r] = dot(row r, activation c) for r < rows, c < cols. Weight rows are rowBytes
// apart; activation rows (matMulActivationType format) are actStride bytes apart. n: elements per row.
using KernelTileFn = void (*)(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* act,
                              size_t actStride, int64_t cols, int64_t n, float* y, int64_t ldy);

// Decode over a row range (optional per type): y[r] = dot(row r, act) for r in [rowBegin, rowEnd), rows
// rowBytes apart from w; act in vecDotActivationType format. Several rows per step share the activation
// loads (AVX3 / AVX3_VNNI for Q4_K / Q6_K today); a null slot means one dot per row.
using KernelRowsFn = void (*)(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y,
                              int64_t rowBegin, int64_t rowEnd);

// Packed prefill path (optional per type): activations quantized and interleaved into panels of panelCols
// columns (layout private to the target), multiplied by weight rows with column-broadcast dot products.
// pack: quantizes activation rows [colBegin, colEnd) of x (ldx floats apart; colBegin a multiple of
// panelCols) into `packed`, which holds packedBytes(n, cols); lanes past `cols` in the last panel are zeroed.
using KernelPackBytesFn = size_t (*)(int64_t n, int64_t cols);
using KernelPackFn = void (*)(const float* x, int64_t ldx, int64_t n, int64_t colBegin, int64_t colEnd,
                              int64_t cols, uint8_t* packed);
// y[c * ldy + r] = dot(row r, activation c) for r < rows, c < cols, from packed activations.
using KernelPackedTileFn = void (*)(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* packed,
                                    int64_t cols, int64_t n, float* y, int64_t ldy);

struct KernelTable {
    const char* target = "reference";  // "AVX3_VNNI", "NEON_DOTPROD", ...
    int64_t hwyTarget = 0;             // HWY_* bit of the target (0: not a Highway target)
    KernelDotFn dot[kKernelTypeSlots] = {};
    KernelTileFn tile[kKernelTypeSlots] = {};
    KernelRowsFn rows[kKernelTypeSlots] = {};
    // As rows, over a matrix stored in interleaved row groups (quant/row_interleave.h); rowBegin and rowEnd
    // are multiples of kInterleaveRows. A type with this slot set is interleaved at load
    // (model/decode_layout.h).
    KernelRowsFn rowsInterleaved[kKernelTypeSlots] = {};
    int panelCols = 0;  // columns per packed panel (0: no packed path)
    KernelPackBytesFn packBytes[kKernelTypeSlots] = {};
    KernelPackFn pack[kKernelTypeSlots] = {};
    KernelPackedTileFn packedTile[kKernelTypeSlots] = {};
    // Attention over the F16 KV cache (kernels/attention_kernels.h).
    float (*dotHalfFloat)(const uint16_t* k, const float* q, int64_t n) = nullptr;
    void (*axpyHalf)(float alpha, const uint16_t* v, float* y, int64_t n) = nullptr;
    void (*scoresHalfBlock)(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                            int64_t nq, int64_t d, float* s, int64_t lds) = nullptr;
    void (*weightedSumHalfBlock)(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p,
                                 int64_t ldp, int64_t nq, int64_t d, float* out, int64_t ldo) = nullptr;
    void (*roundRowToHalf)(float* x, int64_t n) = nullptr;
    void (*floatRowToHalf)(const float* x, uint16_t* h, int64_t n) = nullptr;
    // Activation rows to Q8_K (n a multiple of 256), identical to the scalar quantizer's blocks.
    void (*quantizeQ8K)(const float* x, void* dst, int64_t n) = nullptr;
    // Feed-forward gate (kernels/ffn_kernels.h).
    void (*siluMul)(float* gate, const float* up, int64_t n) = nullptr;
};

struct CompiledKernelTable {
    const KernelTable* table;
    bool supported;  // the running CPU can execute it
};

// Every table compiled into this binary (NEON+dotprod on aarch64, AVX3_VNNI on x86, then the Highway
// targets), best first.
std::vector<CompiledKernelTable> compiledKernelTables();
// The table the public functions use. PEREGRINE_KERNELS=<target name> in the environment picks another
// supported table (for benchmarks and tests); "reference" routes everything to the scalar references.
const KernelTable& activeKernelTable();

// Defined by the dotprod translation unit on aarch64 (nullptr elsewhere).
const KernelTable* neonDotprodKernelTable();
// Defined by kernels_vnni.cpp on x86 (nullptr elsewhere).
const KernelTable* avx3VnniKernelTable();

}  // namespace peregrine
