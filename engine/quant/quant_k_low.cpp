// Q2_K and Q3_K: 256-element super-blocks of 16 groups of 16. Quantizers follow ggml's reference versions
// (what llama-quantize uses without an importance matrix).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/quant_impl.h"

namespace peregrine::quant_detail {

namespace {

// Packs 256 two-bit levels: byte 32*h + l holds elements 128*h + l + 32*s at bits 2s (s = 0..3).
void packTwoBit(const uint8_t* L, uint8_t* qs) {
    for (int h = 0; h < 2; ++h)
        for (int l = 0; l < 32; ++l) {
            const uint8_t* e = L + 128 * h + l;
            qs[32 * h + l] = static_cast<uint8_t>(e[0] | (e[32] << 2) | (e[64] << 4) | (e[96] << 6));
        }
}

// Inverse of packTwoBit for element index k.
int twoBitAt(const uint8_t* qs, int k) {
    const int h = k / 128, r = k % 128;
    return (qs[32 * h + r % 32] >> (2 * (r / 32))) & 3;
}

}  // namespace

void dequantizeQ2K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ2K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK) {
        const float d = fp16ToFloat(b[i].d), dmin = fp16ToFloat(b[i].dmin);
        for (int k = 0; k < kQKK; ++k) {
            const uint8_t sc = b[i].scales[k / 16];
            dst[k] = d * (sc & 0xF) * twoBitAt(b[i].qs, k) - dmin * (sc >> 4);
        }
    }
}

void quantizeQ2K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ2K*>(dst);
    constexpr float kQ4Scale = 15.0f;
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        uint8_t L[kQKK];
        float scales[16], mins[16], weights[16];
        float maxScale = 0.0f, maxMin = 0.0f;
        for (int j = 0; j < 16; ++j) {
            for (int l = 0; l < 16; ++l) weights[l] = std::fabs(x[16 * j + l]);
            scales[j] =
                makeScaleMinQuants(16, 3, x + 16 * j, weights, L + 16 * j, &mins[j], -0.5f, 0.1f, 15, true);
            maxScale = std::max(maxScale, scales[j]);
            maxMin = std::max(maxMin, mins[j]);
        }
        // Group scales and mins as 4-bit multiples of two super-block fp16 factors.
        if (maxScale > 0) {
            const float iscale = kQ4Scale / maxScale;
            for (int j = 0; j < 16; ++j)
                b[i].scales[j] = static_cast<uint8_t>(nearestInt(iscale * scales[j]));
            b[i].d = floatToFp16(maxScale / kQ4Scale);
        } else {
            std::memset(b[i].scales, 0, 16);
            b[i].d = floatToFp16(0.0f);
        }
        if (maxMin > 0) {
            const float iscale = kQ4Scale / maxMin;
            for (int j = 0; j < 16; ++j)
                b[i].scales[j] |= static_cast<uint8_t>(nearestInt(iscale * mins[j]) << 4);
            b[i].dmin = floatToFp16(maxMin / kQ4Scale);
        } else {
            b[i].dmin = floatToFp16(0.0f);
        }
        // Requantize against the scales actually stored.
        for (int j = 0; j < 16; ++j) {
            const float d = fp16ToFloat(b[i].d) * (b[i].scales[j] & 0xF);
            if (d == 0.0f) continue;
            const float dm = fp16ToFloat(b[i].dmin) * (b[i].scales[j] >> 4);
            for (int l = 0; l < 16; ++l) {
                const int q = nearestInt((x[16 * j + l] + dm) / d);
                L[16 * j + l] = static_cast<uint8_t>(std::max(0, std::min(3, q)));
            }
        }
        packTwoBit(L, b[i].qs);
    }
}

void dequantizeQ3K(const void* src, float* dst, int64_t n) {
    const auto* b = static_cast<const BlockQ3K*>(src);
    for (int64_t i = 0; i < n / kQKK; ++i, dst += kQKK) {
        const float d = fp16ToFloat(b[i].d);
        int8_t scales[16];
        unpackScalesQ3K(b[i].scales, scales);
        for (int k = 0; k < kQKK; ++k) {
            // hmask bit (k / 32) of byte (k % 32) set means the level is in 0..3, clear means -4..-1.
            const int high = (b[i].hmask[k % 32] >> (k / 32)) & 1;
            const int q = twoBitAt(b[i].qs, k) - (high ? 0 : 4);
            dst[k] = d * scales[k / 16] * q;
        }
    }
}

void quantizeQ3K(const float* x, void* dst, int64_t n) {
    auto* b = static_cast<BlockQ3K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        int8_t L[kQKK];
        float scales[16];
        float maxScale = 0.0f, amax = 0.0f;
        for (int j = 0; j < 16; ++j) {
            scales[j] = makeQ3Quants(16, 4, x + 16 * j, L + 16 * j);
            if (std::fabs(scales[j]) > amax) {
                amax = std::fabs(scales[j]);
                maxScale = scales[j];
            }
        }
        std::memset(b[i].scales, 0, 12);
        if (maxScale != 0.0f) {
            const float iscale = -32.0f / maxScale;
            for (int j = 0; j < 16; ++j) {
                const int l = std::max(-32, std::min(31, nearestInt(iscale * scales[j]))) + 32;
                if (j < 8)
                    b[i].scales[j] = static_cast<uint8_t>(l & 0xF);
                else
                    b[i].scales[j - 8] |= static_cast<uint8_t>((l & 0xF) << 4);
                b[i].scales[8 + j % 4] |= static_cast<uint8_t>((l >> 4) << (2 * (j / 4)));
            }
            b[i].d = floatToFp16(1.0f / iscale);
        } else {
            b[i].d = floatToFp16(0.0f);
        }
        int8_t sc[16];
        unpackScalesQ3K(b[i].scales, sc);
        for (int j = 0; j < 16; ++j) {
            const float d = fp16ToFloat(b[i].d) * sc[j];
            if (d == 0.0f) continue;
            for (int l = 0; l < 16; ++l) {
                const int q = nearestInt(x[16 * j + l] / d);
                L[16 * j + l] = static_cast<int8_t>(std::max(-4, std::min(3, q)) + 4);
            }
        }
        // Third bit into hmask, low two bits into qs.
        std::memset(b[i].hmask, 0, 32);
        uint8_t low[kQKK];
        for (int k = 0; k < kQKK; ++k) {
            int q = L[k];
            if (q > 3) {
                b[i].hmask[k % 32] |= static_cast<uint8_t>(1 << (k / 32));
                q -= 4;
            }
            low[k] = static_cast<uint8_t>(q);
        }
        packTwoBit(low, b[i].qs);
    }
}

}  // namespace peregrine::quant_detail
