// Dispatch point of the quantized dot products. One table row per weight type: the activation format and the
// dot routine. Today every row points at the scalar reference (vec_dot_ref.h); SIMD targets replace the
// routine here without changing callers.
#include "kernels/vec_dot.h"

#include "kernels/vec_dot_ref.h"
#include "quant/quant.h"

namespace peregrine {

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

}  // namespace

GgmlType vecDotActivationType(GgmlType weightType) {
    return pairFor(weightType).activation;
}

size_t activationBytes(GgmlType weightType, int64_t n) {
    return ggmlRowBytes(vecDotActivationType(weightType), n);
}

void quantizeActivations(GgmlType weightType, const float* x, void* dst, int64_t n) {
    quantizeRow(vecDotActivationType(weightType), x, dst, n);
}

float vecDot(GgmlType weightType, const void* row, const void* activations, int64_t n) {
    const DotFn dot = pairFor(weightType).dot;
    return dot ? dot(row, activations, n) : 0.0f;
}

void matVecRows(GgmlType weightType, const uint8_t* w, size_t rowBytes, const void* activations, int64_t n,
                float* y, int64_t rowBegin, int64_t rowEnd) {
    const DotFn dot = pairFor(weightType).dot;
    for (int64_t r = rowBegin; r < rowEnd; ++r) y[r] = dot ? dot(w + r * rowBytes, activations, n) : 0.0f;
}

}  // namespace peregrine
