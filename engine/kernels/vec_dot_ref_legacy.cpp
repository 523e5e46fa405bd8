// Scalar reference dot products for the float formats and the 32-element legacy quants (with Q8_0
// activations). Per block: integer dot of the quants, then d_w * d_x applied in float.
#include <cstring>

#include "kernels/vec_dot_ref.h"
#include "quant/blocks.h"
#include "quant/quant.h"

namespace peregrine::kernels_ref {

namespace {

uint32_t loadU32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// Sum of the activation quants of one block (for the min term of Q4_1 / Q5_1).
int quantSum(const BlockQ8_0& y) {
    int s = 0;
    for (int j = 0; j < kQK; ++j) s += y.qs[j];
    return s;
}

}  // namespace

float dotF32(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const float*>(w);
    const auto* y = static_cast<const float*>(a);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i]) * y[i];
    return static_cast<float>(sum);
}

float dotF16(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const uint16_t*>(w);
    const auto* y = static_cast<const uint16_t*>(a);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(fp16ToFloat(x[i]) * fp16ToFloat(y[i]));
    return static_cast<float>(sum);
}

float dotBF16(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const uint16_t*>(w);
    const auto* y = static_cast<const uint16_t*>(a);
    double sum = 0.0;
    for (int64_t i = 0; i < n; ++i) sum += static_cast<double>(bf16ToFloat(x[i]) * bf16ToFloat(y[i]));
    return static_cast<float>(sum);
}

float dotQ4_0(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ4_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        int sumi = 0;
        for (int j = 0; j < kQK / 2; ++j)
            sumi += ((x[i].qs[j] & 0xF) - 8) * y[i].qs[j] + ((x[i].qs[j] >> 4) - 8) * y[i].qs[j + 16];
        sum += sumi * (fp16ToFloat(x[i].d) * fp16ToFloat(y[i].d));
    }
    return sum;
}

float dotQ4_1(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ4_1*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        int sumi = 0;
        for (int j = 0; j < kQK / 2; ++j)
            sumi += (x[i].qs[j] & 0xF) * y[i].qs[j] + (x[i].qs[j] >> 4) * y[i].qs[j + 16];
        const float dy = fp16ToFloat(y[i].d);
        sum += sumi * (fp16ToFloat(x[i].d) * dy) + fp16ToFloat(x[i].m) * (dy * quantSum(y[i]));
    }
    return sum;
}

float dotQ5_0(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ5_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        const uint32_t qh = loadU32(x[i].qh);
        int sumi = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = ((x[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4)) - 16;
            const int hi = ((x[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4)) - 16;
            sumi += lo * y[i].qs[j] + hi * y[i].qs[j + 16];
        }
        sum += sumi * (fp16ToFloat(x[i].d) * fp16ToFloat(y[i].d));
    }
    return sum;
}

float dotQ5_1(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ5_1*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        const uint32_t qh = loadU32(x[i].qh);
        int sumi = 0;
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = (x[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4);
            const int hi = (x[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            sumi += lo * y[i].qs[j] + hi * y[i].qs[j + 16];
        }
        const float dy = fp16ToFloat(y[i].d);
        sum += sumi * (fp16ToFloat(x[i].d) * dy) + fp16ToFloat(x[i].m) * (dy * quantSum(y[i]));
    }
    return sum;
}

float dotQ8_0(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ8_0*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        int sumi = 0;
        for (int j = 0; j < kQK; ++j) sumi += x[i].qs[j] * y[i].qs[j];
        sum += sumi * (fp16ToFloat(x[i].d) * fp16ToFloat(y[i].d));
    }
    return sum;
}

float dotQ8_1(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ8_1*>(w);
    const auto* y = static_cast<const BlockQ8_0*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQK; ++i) {
        int sumi = 0;
        for (int j = 0; j < kQK; ++j) sumi += x[i].qs[j] * y[i].qs[j];
        sum += sumi * (fp16ToFloat(x[i].d) * fp16ToFloat(y[i].d));
    }
    return sum;
}

}  // namespace peregrine::kernels_ref
