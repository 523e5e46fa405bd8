// Legacy 32-element formats: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1. Quantizers follow ggml's reference
// quantizers (the ones llama-quantize uses without an importance matrix), including their rounding.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/quant_impl.h"

namespace peregrine::quant_detail {

namespace {

// Largest-magnitude value with its sign (the symmetric formats map it to level -2^(bits-1)).
float signedAbsMax(const float* x, int n) {
    float amax = 0.0f, max = 0.0f;
    for (int j = 0; j < n; ++j) {
        if (std::fabs(x[j]) > amax) {
            amax = std::fabs(x[j]);
            max = x[j];
        }
    }
    return max;
}

void minMax(const float* x, int n, float* mn, float* mx) {
    *mn = FLT_MAX;
    *mx = -FLT_MAX;
    for (int j = 0; j < n; ++j) {
        *mn = std::min(*mn, x[j]);
        *mx = std::max(*mx, x[j]);
    }
}

uint32_t loadU32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

}  // namespace

void dequantizeQ4_0(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ4_0*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d);
        for (int j = 0; j < kQK / 2; ++j) {
            dst[j] = ((b[i].qs[j] & 0xF) - 8) * d;
            dst[j + 16] = ((b[i].qs[j] >> 4) - 8) * d;
        }
    }
}

void dequantizeQ4_1(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ4_1*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d), m = fp16ToFloat(b[i].m);
        for (int j = 0; j < kQK / 2; ++j) {
            dst[j] = (b[i].qs[j] & 0xF) * d + m;
            dst[j + 16] = (b[i].qs[j] >> 4) * d + m;
        }
    }
}

void dequantizeQ5_0(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ5_0*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d);
        const uint32_t qh = loadU32(b[i].qh);
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = (b[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4);
            const int hi = (b[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            dst[j] = (lo - 16) * d;
            dst[j + 16] = (hi - 16) * d;
        }
    }
}

void dequantizeQ5_1(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ5_1*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d), m = fp16ToFloat(b[i].m);
        const uint32_t qh = loadU32(b[i].qh);
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = (b[i].qs[j] & 0xF) | (((qh >> j) & 1) << 4);
            const int hi = (b[i].qs[j] >> 4) | (((qh >> (j + 16)) & 1) << 4);
            dst[j] = lo * d + m;
            dst[j + 16] = hi * d + m;
        }
    }
}

void dequantizeQ8_0(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ8_0*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d);
        for (int j = 0; j < kQK; ++j) dst[j] = b[i].qs[j] * d;
    }
}

void dequantizeQ8_1(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ8_1*>(src);
    for (int64_t i = 0; i < n / kQK; ++i, dst += kQK) {
        const float d = fp16ToFloat(b[i].d);
        for (int j = 0; j < kQK; ++j) dst[j] = b[i].qs[j] * d;
    }
}

void quantizeQ4_0(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ4_0*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        const float d = signedAbsMax(x, kQK) / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = floatToFp16(d);
        for (int j = 0; j < kQK / 2; ++j) {
            // Truncation of (v + 8.5) is ggml's rounding; the extreme maps to 16 and is clamped to 15.
            const int lo = std::min(15, static_cast<int>(static_cast<int8_t>(x[j] * id + 8.5f)));
            const int hi = std::min(15, static_cast<int>(static_cast<int8_t>(x[j + 16] * id + 8.5f)));
            b[i].qs[j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

void quantizeQ4_1(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ4_1*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float mn, mx;
        minMax(x, kQK, &mn, &mx);
        const float d = (mx - mn) / 15.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = floatToFp16(d);
        b[i].m = floatToFp16(mn);
        for (int j = 0; j < kQK / 2; ++j) {
            const int lo = std::min(15, static_cast<int>(static_cast<int8_t>((x[j] - mn) * id + 0.5f)));
            const int hi = std::min(15, static_cast<int>(static_cast<int8_t>((x[j + 16] - mn) * id + 0.5f)));
            b[i].qs[j] = static_cast<uint8_t>(lo | (hi << 4));
        }
    }
}

namespace {

// Packs 32 five-bit levels into qs (low nibbles) and the 32-bit qh (5th bits).
void packFiveBit(const int* L, uint8_t* qs, uint8_t* qhBytes) {
    uint32_t qh = 0;
    for (int j = 0; j < kQK / 2; ++j) {
        qs[j] = static_cast<uint8_t>((L[j] & 0xF) | ((L[j + 16] & 0xF) << 4));
        qh |= static_cast<uint32_t>((L[j] >> 4) & 1) << j;
        qh |= static_cast<uint32_t>((L[j + 16] >> 4) & 1) << (j + 16);
    }
    std::memcpy(qhBytes, &qh, 4);
}

}  // namespace

void quantizeQ5_0(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ5_0*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        const float d = signedAbsMax(x, kQK) / -16.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = floatToFp16(d);
        int L[kQK];
        for (int j = 0; j < kQK; ++j)
            L[j] = std::min(31, static_cast<int>(static_cast<int8_t>(x[j] * id + 16.5f)));
        packFiveBit(L, b[i].qs, b[i].qh);
    }
}

void quantizeQ5_1(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ5_1*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float mn, mx;
        minMax(x, kQK, &mn, &mx);
        const float d = (mx - mn) / 31.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        b[i].d = floatToFp16(d);
        b[i].m = floatToFp16(mn);
        int L[kQK];
        for (int j = 0; j < kQK; ++j) L[j] = std::min(31, static_cast<int>((x[j] - mn) * id + 0.5f));
        packFiveBit(L, b[i].qs, b[i].qh);
    }
}

namespace {

// Q8_0 / Q8_1 body: scale = absmax / 127, quants rounded half away from zero. Returns sum of quants.
int quantizeQ8Block(const float* x, uint16_t* dOut, int8_t* qs, float* dFloat) {
    float amax = 0.0f;
    for (int j = 0; j < kQK; ++j) amax = std::max(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    *dOut = floatToFp16(d);
    *dFloat = d;
    int sum = 0;
    for (int j = 0; j < kQK; ++j) {
        qs[j] = static_cast<int8_t>(std::round(x[j] * id));
        sum += qs[j];
    }
    return sum;
}

}  // namespace

void quantizeQ8_0(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ8_0*>(dst);
    float d;
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) quantizeQ8Block(x, &b[i].d, b[i].qs, &d);
}

void quantizeQ8_1(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ8_1*>(dst);
    for (int64_t i = 0; i < n / kQK; ++i, x += kQK) {
        float d;
        const int sum = quantizeQ8Block(x, &b[i].d, b[i].qs, &d);
        b[i].s = floatToFp16(sum * d);
    }
}

}  // namespace peregrine::quant_detail
