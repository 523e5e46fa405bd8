// Dispatch point of the kernels. The table is chosen once (first call, thread-safe static): the best
// Highway target, except that on aarch64 a CPU with dotprod takes the NEON+dotprod table and on x86 a CPU
// with AVX-512 VNNI the AVX3_VNNI table (each behind its own check in cpu_features.h). PEREGRINE_KERNELS
// in the environment names another supported table ("reference" = scalar references only). Null slots fall
// back to the scalar references (vec_dot_ref.h, quant.h's dotRowRef).
#include "kernels/vec_dot.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/kernel_table.h"
#include "kernels/vec_dot_ref.h"
#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/row_interleave.h"

namespace peregrine {

namespace kernels_simd {
const KernelTable* dispatchedKernelTable();
std::vector<CompiledKernelTable> highwayKernelTables();
}  // namespace kernels_simd

#if !defined(__aarch64__)
const KernelTable* neonDotprodKernelTable() {
    return nullptr;
}
#endif
#if !defined(__x86_64__) && !defined(__i386__)
const KernelTable* avx3VnniKernelTable() {
    return nullptr;
}
#endif

namespace {

using DotFn = float (*)(const void*, const void*, int64_t);

struct PairEntry {
    GgmlType activation = GgmlType::F32;
    DotFn dot = nullptr;
};

PairEntry pairFor(GgmlType weightType) {
    using namespace kernels_ref;
    switch (weightType) {
        case GgmlType::F32:
            return {GgmlType::F32, dotF32};
        case GgmlType::F16:
            return {GgmlType::F16, dotF16};
        case GgmlType::BF16:
            return {GgmlType::BF16, dotBF16};
        case GgmlType::Q4_0:
            return {GgmlType::Q8_0, dotQ4_0};
        case GgmlType::Q4_1:
            return {GgmlType::Q8_0, dotQ4_1};
        case GgmlType::Q5_0:
            return {GgmlType::Q8_0, dotQ5_0};
        case GgmlType::Q5_1:
            return {GgmlType::Q8_0, dotQ5_1};
        case GgmlType::Q8_0:
            return {GgmlType::Q8_0, dotQ8_0};
        case GgmlType::Q8_1:
            return {GgmlType::Q8_0, dotQ8_1};
        case GgmlType::Q2_K:
            return {GgmlType::Q8_K, dotQ2K};
        case GgmlType::Q3_K:
            return {GgmlType::Q8_K, dotQ3K};
        case GgmlType::Q4_K:
            return {GgmlType::Q8_K, dotQ4K};
        case GgmlType::Q5_K:
            return {GgmlType::Q8_K, dotQ5K};
        case GgmlType::Q6_K:
            return {GgmlType::Q8_K, dotQ6K};
        default:
            return {};
    }
}

bool isFloatWeight(GgmlType t) {
    return t == GgmlType::F32 || t == GgmlType::F16 || t == GgmlType::BF16;
}

const KernelTable& referenceTable() {
    static const KernelTable table;  // all slots null: scalar references
    return table;
}

const KernelTable& chooseTable() {
    const char* forced = std::getenv("PEREGRINE_KERNELS");
    if (forced && *forced) {
        if (std::strcmp(forced, "reference") == 0) return referenceTable();
        for (const auto& t : compiledKernelTables())
            if (t.supported && std::strcmp(t.table->target, forced) == 0) return *t.table;
    }
    // Tables outside Highway's dispatch, each behind its own CPU check: the Highway NEON/SVE kernels widen
    // to 16 bits, sdot is faster where present; AVX3 plus EVEX VNNI beats every Highway x86 target we build.
    if (cpuRunsNeonDotprod() && neonDotprodKernelTable()) return *neonDotprodKernelTable();
    if (cpuRunsAvx3Vnni() && avx3VnniKernelTable()) return *avx3VnniKernelTable();
    return *kernels_simd::dispatchedKernelTable();
}

inline int slot(GgmlType t) {
    const auto i = static_cast<uint32_t>(t);
    return i < kKernelTypeSlots ? static_cast<int>(i) : 0;
}

}  // namespace

std::vector<CompiledKernelTable> compiledKernelTables() {
    std::vector<CompiledKernelTable> out;
    if (const KernelTable* dp = neonDotprodKernelTable()) out.push_back({dp, cpuRunsNeonDotprod()});
    if (const KernelTable* vnni = avx3VnniKernelTable()) out.push_back({vnni, cpuRunsAvx3Vnni()});
    for (const auto& t : kernels_simd::highwayKernelTables()) out.push_back(t);
    return out;
}

const KernelTable& activeKernelTable() {
    static const KernelTable& table = chooseTable();
    return table;
}

const char* kernelTargetName() {
    return activeKernelTable().target;
}

std::string kernelDescription() {
    return std::string(kernelTargetName()) + " on " + cpuDescription();
}

GgmlType vecDotActivationType(GgmlType weightType) {
    return pairFor(weightType).activation;
}

size_t activationBytes(GgmlType weightType, int64_t n) {
    return ggmlRowBytes(vecDotActivationType(weightType), n);
}

void quantizeActivations(GgmlType weightType, const float* x, void* dst, int64_t n) {
    const GgmlType type = vecDotActivationType(weightType);
    if (const auto fast = activeKernelTable().quantizeQ8K; fast && type == GgmlType::Q8_K && n % kQKK == 0) {
        fast(x, dst, n);
        return;
    }
    quantizeRow(type, x, dst, n);
}

float vecDot(GgmlType weightType, const void* row, const void* activations, int64_t n) {
    if (const KernelDotFn fast = activeKernelTable().dot[slot(weightType)]) return fast(row, activations, n);
    const DotFn dot = pairFor(weightType).dot;
    return dot ? dot(row, activations, n) : 0.0f;
}

namespace {
// PEREGRINE_DECODE=single: one dot per row even where the table has a multi-row kernel (A/B benchmarks).
bool multiRowDecode() {
    static const bool enabled = [] {
        const char* v = std::getenv("PEREGRINE_DECODE");
        return !(v && std::strcmp(v, "single") == 0);
    }();
    return enabled;
}
}  // namespace

void matVecRows(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations, int64_t n,
                float* y, int64_t rowBegin, int64_t rowEnd) {
    if (const KernelRowsFn rows = activeKernelTable().rows[slot(weightType)]; rows && multiRowDecode()) {
        rows(w, rowBytes, activations, n, y, rowBegin, rowEnd);
        return;
    }
    DotFn dot = activeKernelTable().dot[slot(weightType)];
    if (!dot) dot = pairFor(weightType).dot;
    for (int64_t r = rowBegin; r < rowEnd; ++r) y[r] = dot ? dot(w + r * rowBytes, activations, n) : 0.0f;
}

bool interleavedDecode(GgmlType weightType) {
    // PEREGRINE_LAYOUT=plain keeps plain rows (A/B benchmarks of the layout).
    static const bool allowed = [] {
        const char* v = std::getenv("PEREGRINE_LAYOUT");
        return !(v && std::strcmp(v, "plain") == 0);
    }();
    return allowed && activeKernelTable().rowsInterleaved[slot(weightType)] != nullptr && multiRowDecode();
}

void matVecRowsInterleaved(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations,
                           int64_t n, float* y, int64_t rowBegin, int64_t rowEnd) {
    // Rows outside whole groups (or all of them without a kernel): copied out plain, one dot each.
    const auto plainRows = [&](int64_t r0, int64_t r1) {
        if (r1 <= r0) return;
        thread_local std::vector<uint8_t> plain;
        plain.resize(static_cast<size_t>(r1 - r0) * rowBytes);
        copyInterleavedRows(weightType, w, rowBytes, r0, r1, plain.data());
        matVecRows(weightType, plain.data(), rowBytes, activations, n, y + r0, 0, r1 - r0);
    };
    const KernelRowsFn rows = activeKernelTable().rowsInterleaved[slot(weightType)];
    const int64_t alignedBegin = (rowBegin + kInterleaveRows - 1) / kInterleaveRows * kInterleaveRows;
    const int64_t alignedEnd = rowEnd / kInterleaveRows * kInterleaveRows;
    if (!rows || alignedEnd <= alignedBegin) {
        plainRows(rowBegin, rowEnd);
        return;
    }
    plainRows(rowBegin, alignedBegin);
    rows(w, rowBytes, activations, n, y, alignedBegin, alignedEnd);
    plainRows(alignedEnd, rowEnd);
}

GgmlType matMulActivationType(GgmlType weightType) {
    return isFloatWeight(weightType) ? GgmlType::F32 : vecDotActivationType(weightType);
}

size_t matMulActivationBytes(GgmlType weightType, int64_t n) {
    return ggmlRowBytes(matMulActivationType(weightType), n);
}

void prepareMatMulActivations(GgmlType weightType, const float* x, void* dst, int64_t n) {
    if (isFloatWeight(weightType))
        std::memcpy(dst, x, static_cast<size_t>(n) * sizeof(float));
    else
        quantizeActivations(weightType, x, dst, n);
}

void matMulTile(GgmlType weightType, const uint8_t* w, size_t rowBytes, int64_t rows, const void* activations,
                size_t actStride, int64_t cols, int64_t n, float* y, int64_t ldy) {
    const auto* act = static_cast<const uint8_t*>(activations);
    if (const KernelTileFn fast = activeKernelTable().tile[slot(weightType)]) {
        fast(w, rowBytes, rows, act, actStride, cols, n, y, ldy);
        return;
    }
    const bool floatPath = isFloatWeight(weightType);
    const DotFn dot = pairFor(weightType).dot;
    for (int64_t c = 0; c < cols; ++c)
        for (int64_t r = 0; r < rows; ++r) {
            const uint8_t* row = w + r * rowBytes;
            const uint8_t* a = act + c * actStride;
            y[c * ldy + r] = floatPath ? dotRowRef(weightType, row, reinterpret_cast<const float*>(a), n)
                                       : (dot ? dot(row, a, n) : 0.0f);
        }
}

namespace {
bool hasPacked(const KernelTable& t, GgmlType type) {
    const int i = slot(type);
    return t.panelCols > 0 && t.pack[i] && t.packedTile[i] && t.packBytes[i];
}
}  // namespace

int64_t packedActivationGrain(GgmlType weightType) {
    const KernelTable& t = activeKernelTable();
    return hasPacked(t, weightType) ? t.panelCols : 1;
}

size_t packedActivationBytes(GgmlType weightType, int64_t n, int64_t cols) {
    const KernelTable& t = activeKernelTable();
    if (hasPacked(t, weightType)) return t.packBytes[slot(weightType)](n, cols);
    return matMulActivationBytes(weightType, n) * static_cast<size_t>(cols);
}

void packActivations(GgmlType weightType, const float* x, int64_t ldx, int64_t n, int64_t colBegin,
                     int64_t colEnd, int64_t cols, void* packed) {
    const KernelTable& t = activeKernelTable();
    auto* out = static_cast<uint8_t*>(packed);
    if (hasPacked(t, weightType)) {
        t.pack[slot(weightType)](x, ldx, n, colBegin, colEnd, cols, out);
        return;
    }
    const size_t stride = matMulActivationBytes(weightType, n);
    for (int64_t c = colBegin; c < colEnd; ++c)
        prepareMatMulActivations(weightType, x + c * ldx, out + c * stride, n);
}

void matMulPacked(GgmlType weightType, const uint8_t* w, size_t rowBytes, int64_t rows, const void* packed,
                  int64_t cols, int64_t n, float* y, int64_t ldy) {
    const KernelTable& t = activeKernelTable();
    if (hasPacked(t, weightType)) {
        t.packedTile[slot(weightType)](w, rowBytes, rows, static_cast<const uint8_t*>(packed), cols, n, y,
                                       ldy);
        return;
    }
    matMulTile(weightType, w, rowBytes, rows, packed, matMulActivationBytes(weightType, n), cols, n, y, ldy);
}

}  // namespace peregrine
