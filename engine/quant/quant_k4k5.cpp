// Q4_K and Q5_K: 256-element super-blocks of 8 groups of 32, each group with a 6-bit scale and a 6-bit min
// relative to fp16 super-block factors d and dmin: x = d * scale * q - dmin * min.
// Quantizers follow ggml's reference versions (llama-quantize without an importance matrix).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/quant_impl.h"

namespace peregrine::quant_detail {

namespace {

// Searches (scale, min) per group of 32, stores the 6-bit packed scales and d/dmin, then requantizes every
// element against the stored values. L receives levels 0..nmax. nstep/rmin: the search width per format.
template <typename Block>
void quantizeScaleMinSuperBlock(const float* x, Block& b, uint8_t* L, int nmax, float rmin, int nstep) {
    float scales[8], mins[8], weights[32];
    float maxScale = 0.0f, maxMin = 0.0f;
    for (int j = 0; j < 8; ++j) {
        const float* xg = x + 32 * j;
        float sumX2 = 0.0f;
        for (int l = 0; l < 32; ++l) sumX2 += xg[l] * xg[l];
        const float avX = std::sqrt(sumX2 / 32);
        for (int l = 0; l < 32; ++l) weights[l] = avX + std::fabs(xg[l]);
        scales[j] = makeScaleMinQuants(32, nmax, xg, weights, L + 32 * j, &mins[j], rmin, 0.1f, nstep, false);
        maxScale = std::max(maxScale, scales[j]);
        maxMin = std::max(maxMin, mins[j]);
    }
    const float invScale = maxScale > 0 ? 63.0f / maxScale : 0.0f;
    const float invMin = maxMin > 0 ? 63.0f / maxMin : 0.0f;
    for (int j = 0; j < 8; ++j) {
        const uint8_t ls = static_cast<uint8_t>(std::min(63, nearestInt(invScale * scales[j])));
        const uint8_t lm = static_cast<uint8_t>(std::min(63, nearestInt(invMin * mins[j])));
        if (j < 4) {
            b.scales[j] = ls;
            b.scales[j + 4] = lm;
        } else {
            b.scales[j + 4] = static_cast<uint8_t>((ls & 0xF) | ((lm & 0xF) << 4));
            b.scales[j - 4] |= static_cast<uint8_t>((ls >> 4) << 6);
            b.scales[j] |= static_cast<uint8_t>((lm >> 4) << 6);
        }
    }
    b.d = floatToFp16(maxScale / 63.0f);
    b.dmin = floatToFp16(maxMin / 63.0f);
    for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        unpackScaleMinK4(j, b.scales, &sc, &m);
        const float d = fp16ToFloat(b.d) * sc;
        if (d == 0.0f) continue;
        const float dm = fp16ToFloat(b.dmin) * m;
        for (int l = 0; l < 32; ++l) {
            const int q = nearestInt((x[32 * j + l] + dm) / d);
            L[32 * j + l] = static_cast<uint8_t>(std::max(0, std::min(nmax, q)));
        }
    }
}

}  // namespace

void dequantizeQ4K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ4K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK) {
        const float d = fp16ToFloat(b[i].d), dmin = fp16ToFloat(b[i].dmin);
        for (int c = 0; c < 4; ++c) {  // 64-element chunk c: groups 2c (low nibbles) and 2c+1 (high nibbles)
            uint8_t sc0, m0, sc1, m1;
            unpackScaleMinK4(2 * c, b[i].scales, &sc0, &m0);
            unpackScaleMinK4(2 * c + 1, b[i].scales, &sc1, &m1);
            const uint8_t* q = b[i].qs + 32 * c;
            for (int l = 0; l < 32; ++l) {
                dst[64 * c + l] = d * sc0 * (q[l] & 0xF) - dmin * m0;
                dst[64 * c + 32 + l] = d * sc1 * (q[l] >> 4) - dmin * m1;
            }
        }
    }
}

void quantizeQ4K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ4K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        uint8_t L[kQKK];
        quantizeScaleMinSuperBlock(x, b[i], L, 15, -1.0f, 20);
        for (int c = 0; c < 4; ++c)
            for (int l = 0; l < 32; ++l)
                b[i].qs[32 * c + l] = static_cast<uint8_t>(L[64 * c + l] | (L[64 * c + 32 + l] << 4));
    }
}

void dequantizeQ5K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ5K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK) {
        const float d = fp16ToFloat(b[i].d), dmin = fp16ToFloat(b[i].dmin);
        for (int c = 0; c < 4; ++c) {
            uint8_t sc0, m0, sc1, m1;
            unpackScaleMinK4(2 * c, b[i].scales, &sc0, &m0);
            unpackScaleMinK4(2 * c + 1, b[i].scales, &sc1, &m1);
            const uint8_t* q = b[i].qs + 32 * c;
            for (int l = 0; l < 32; ++l) {
                const int lo = (q[l] & 0xF) | (((b[i].qh[l] >> (2 * c)) & 1) << 4);
                const int hi = (q[l] >> 4) | (((b[i].qh[l] >> (2 * c + 1)) & 1) << 4);
                dst[64 * c + l] = d * sc0 * lo - dmin * m0;
                dst[64 * c + 32 + l] = d * sc1 * hi - dmin * m1;
            }
        }
    }
}

void quantizeQ5K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ5K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        uint8_t L[kQKK];
        quantizeScaleMinSuperBlock(x, b[i], L, 31, -0.5f, 15);
        std::memset(b[i].qh, 0, sizeof b[i].qh);
        for (int c = 0; c < 4; ++c)
            for (int l = 0; l < 32; ++l) {
                const int lo = L[64 * c + l], hi = L[64 * c + 32 + l];
                b[i].qs[32 * c + l] = static_cast<uint8_t>((lo & 0xF) | ((hi & 0xF) << 4));
                b[i].qh[l] |= static_cast<uint8_t>(((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1)));
            }
    }
}

}  // namespace peregrine::quant_detail
