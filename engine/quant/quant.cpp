// Dispatch from a ggml type to its scalar routine, plus the plain float formats (F32, F16, BF16).
#include "quant/quant.h"

#include <algorithm>
#include <cstring>

#include "quant/quant_impl.h"

namespace peregrine {

namespace {

using namespace quant_detail;

using DequantizeFn = void (*)(const void*, float*, int64_t);
using QuantizeFn = void (*)(const float*, void*, int64_t);

void dequantizeF32(const void* src, float* dst, int64_t n) {
    std::memcpy(dst, src, n * sizeof(float));
}
void dequantizeF16(const void* src, float* dst, int64_t n) {
    const auto* h = static_cast<const uint16_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = fp16ToFloat(h[i]);
}
void dequantizeBF16(const void* src, float* dst, int64_t n) {
    const auto* h = static_cast<const uint16_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = bf16ToFloat(h[i]);
}
void quantizeF32(const float* src, void* dst, int64_t n) {
    std::memcpy(dst, src, n * sizeof(float));
}
void quantizeF16(const float* src, void* dst, int64_t n) {
    auto* h = static_cast<uint16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) h[i] = floatToFp16(src[i]);
}
void quantizeBF16(const float* src, void* dst, int64_t n) {
    auto* h = static_cast<uint16_t*>(dst);
    for (int64_t i = 0; i < n; ++i) h[i] = floatToBf16(src[i]);
}

struct Routines {
    DequantizeFn dequantize = nullptr;
    QuantizeFn quantize = nullptr;
};

Routines routinesFor(GgmlType type) {
    switch (type) {
        case GgmlType::F32:
            return {dequantizeF32, quantizeF32};
        case GgmlType::F16:
            return {dequantizeF16, quantizeF16};
        case GgmlType::BF16:
            return {dequantizeBF16, quantizeBF16};
        case GgmlType::Q4_0:
            return {dequantizeQ4_0, quantizeQ4_0};
        case GgmlType::Q4_1:
            return {dequantizeQ4_1, quantizeQ4_1};
        case GgmlType::Q5_0:
            return {dequantizeQ5_0, quantizeQ5_0};
        case GgmlType::Q5_1:
            return {dequantizeQ5_1, quantizeQ5_1};
        case GgmlType::Q8_0:
            return {dequantizeQ8_0, quantizeQ8_0};
        case GgmlType::Q8_1:
            return {dequantizeQ8_1, quantizeQ8_1};
        case GgmlType::Q2_K:
            return {dequantizeQ2K, quantizeQ2K};
        case GgmlType::Q3_K:
            return {dequantizeQ3K, quantizeQ3K};
        case GgmlType::Q4_K:
            return {dequantizeQ4K, quantizeQ4K};
        case GgmlType::Q5_K:
            return {dequantizeQ5K, quantizeQ5K};
        case GgmlType::Q6_K:
            return {dequantizeQ6K, quantizeQ6K};
        case GgmlType::Q8_K:
            return {dequantizeQ8K, quantizeQ8K};
        default:
            return {};
    }
}

}  // namespace

bool quantSupported(GgmlType type) {
    return routinesFor(type).dequantize != nullptr;
}

void dequantizeRow(GgmlType type, const void* src, float* dst, int64_t n) {
    if (auto r = routinesFor(type); r.dequantize) r.dequantize(src, dst, n);
}

bool quantizeRow(GgmlType type, const float* src, void* dst, int64_t n) {
    const Routines r = routinesFor(type);
    if (!r.quantize) return false;
    r.quantize(src, dst, n);
    return true;
}

float dotRowRef(GgmlType type, const void* row, const float* x, int64_t n) {
    const auto traits = ggmlTypeTraits(static_cast<uint32_t>(type));
    const Routines r = routinesFor(type);
    if (!traits || !r.dequantize) return 0.0f;
    // Dequantize a few blocks at a time (at most 256 elements) so no row-sized buffer is needed.
    const int64_t blockElems = traits->blockElems;
    const int64_t chunkBlocks = std::max<int64_t>(1, 256 / blockElems);
    const auto* bytes = static_cast<const uint8_t*>(row);
    float buf[256];
    double sum = 0.0;
    for (int64_t start = 0; start < n; start += chunkBlocks * blockElems) {
        const int64_t count = std::min(n - start, chunkBlocks * blockElems);
        r.dequantize(bytes + (start / blockElems) * traits->blockBytes, buf, count);
        for (int64_t k = 0; k < count; ++k) sum += static_cast<double>(buf[k]) * x[start + k];
    }
    return static_cast<float>(sum);
}

}  // namespace peregrine
