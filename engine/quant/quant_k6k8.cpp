// Q6_K (16 groups of 16, signed 8-bit group scales, 6-bit levels) and Q8_K (the activation format of the
// K-quant dot products: float scale, 8-bit quants, per-16 sums).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/quant_impl.h"

namespace peregrine::quant_detail {

void dequantizeQ6K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ6K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK) {
        const float d = fp16ToFloat(b[i].d);
        for (int h = 0; h < 2; ++h) {
            const uint8_t* ql = b[i].ql + 64 * h;
            const uint8_t* qh = b[i].qh + 32 * h;
            const int8_t* sc = b[i].scales + 8 * h;
            float* y = dst + 128 * h;
            for (int l = 0; l < 32; ++l) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * sc[is] * q1;
                y[l + 32] = d * sc[is + 2] * q2;
                y[l + 64] = d * sc[is + 4] * q3;
                y[l + 96] = d * sc[is + 6] * q4;
            }
        }
    }
}

void quantizeQ6K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ6K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        int8_t L[kQKK];
        float scales[16];
        float maxScale = 0.0f, maxAbsScale = 0.0f;
        for (int g = 0; g < 16; ++g) {
            scales[g] = makeSymmetricQuants(16, 32, x + 16 * g, L + 16 * g, nullptr);
            if (std::fabs(scales[g]) > maxAbsScale) {
                maxAbsScale = std::fabs(scales[g]);
                maxScale = scales[g];
            }
        }
        if (maxAbsScale < 1e-15f) {
            std::memset(&b[i], 0, sizeof b[i]);
            continue;
        }
        const float iscale = -128.0f / maxScale;
        b[i].d = floatToFp16(1.0f / iscale);
        for (int g = 0; g < 16; ++g)
            b[i].scales[g] = static_cast<int8_t>(std::min(127, nearestInt(iscale * scales[g])));
        for (int g = 0; g < 16; ++g) {
            const float d = fp16ToFloat(b[i].d) * b[i].scales[g];
            if (d == 0.0f) continue;
            for (int l = 0; l < 16; ++l) {
                const int q = nearestInt(x[16 * g + l] / d);
                L[16 * g + l] = static_cast<int8_t>(std::max(-32, std::min(31, q)) + 32);
            }
        }
        for (int h = 0; h < 2; ++h) {
            uint8_t* ql = b[i].ql + 64 * h;
            uint8_t* qh = b[i].qh + 32 * h;
            const int8_t* e = L + 128 * h;
            for (int l = 0; l < 32; ++l) {
                ql[l] = static_cast<uint8_t>((e[l] & 0xF) | ((e[l + 64] & 0xF) << 4));
                ql[l + 32] = static_cast<uint8_t>((e[l + 32] & 0xF) | ((e[l + 96] & 0xF) << 4));
                qh[l] = static_cast<uint8_t>((e[l] >> 4) | ((e[l + 32] >> 4) << 2) | ((e[l + 64] >> 4) << 4) |
                                             ((e[l + 96] >> 4) << 6));
            }
        }
    }
}

void dequantizeQ8K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ8K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK)
        for (int k = 0; k < kQKK; ++k) dst[k] = b[i].d * b[i].qs[k];
}

void quantizeQ8K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ8K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        float amax = 0.0f, max = 0.0f;
        for (int k = 0; k < kQKK; ++k) {
            if (std::fabs(x[k]) > amax) {
                amax = std::fabs(x[k]);
                max = x[k];
            }
        }
        if (amax == 0.0f) {
            b[i].d = 0.0f;
            std::memset(b[i].qs, 0, sizeof b[i].qs);
            std::memset(b[i].bsums, 0, sizeof b[i].bsums);
            continue;
        }
        const float iscale = -127.0f / max;
        for (int k = 0; k < kQKK; ++k)
            b[i].qs[k] = static_cast<int8_t>(std::min(127, nearestInt(iscale * x[k])));
        for (int g = 0; g < 16; ++g) {
            int sum = 0;
            for (int l = 0; l < 16; ++l) sum += b[i].qs[16 * g + l];
            b[i].bsums[g] = static_cast<int16_t>(sum);
        }
        b[i].d = 1.0f / iscale;
    }
}

}  // namespace peregrine::quant_detail
