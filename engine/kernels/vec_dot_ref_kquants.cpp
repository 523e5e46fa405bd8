// Scalar reference dot products of the K-quants with Q8_K activations. Per super-block: the weight levels are
// unpacked to int8, multiplied with the activation quants in integer per group, weighted by the integer group
// scale; d_w * d_x (and dmin_w * d_x times the bsums for the min term) are applied once in float.
#include "kernels/vec_dot_ref.h"
#include "quant/blocks.h"
#include "quant/quant.h"

namespace peregrine::kernels_ref {

namespace {

// Integer dot of `count` weight levels with activation quants.
int dotInt(const int8_t* q, const int8_t* y, int count) {
    int s = 0;
    for (int k = 0; k < count; ++k) s += q[k] * y[k];
    return s;
}

int twoBitAt(const uint8_t* qs, int k) {
    const int h = k / 128, r = k % 128;
    return (qs[32 * h + r % 32] >> (2 * (r / 32))) & 3;
}

}  // namespace

float dotQ2K(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ2K*>(w);
    const auto* y = static_cast<const BlockQ8K*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQKK; ++i) {
        int8_t q[kQKK];
        for (int k = 0; k < kQKK; ++k) q[k] = static_cast<int8_t>(twoBitAt(x[i].qs, k));
        int isum = 0, summs = 0;
        for (int g = 0; g < 16; ++g) {
            isum += (x[i].scales[g] & 0xF) * dotInt(q + 16 * g, y[i].qs + 16 * g, 16);
            summs += (x[i].scales[g] >> 4) * y[i].bsums[g];
        }
        sum += y[i].d * fp16ToFloat(x[i].d) * isum - y[i].d * fp16ToFloat(x[i].dmin) * summs;
    }
    return sum;
}

float dotQ3K(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ3K*>(w);
    const auto* y = static_cast<const BlockQ8K*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQKK; ++i) {
        int8_t q[kQKK];
        for (int k = 0; k < kQKK; ++k) {
            const int high = (x[i].hmask[k % 32] >> (k / 32)) & 1;
            q[k] = static_cast<int8_t>(twoBitAt(x[i].qs, k) - (high ? 0 : 4));
        }
        int8_t scales[16];
        unpackScalesQ3K(x[i].scales, scales);
        int isum = 0;
        for (int g = 0; g < 16; ++g) isum += scales[g] * dotInt(q + 16 * g, y[i].qs + 16 * g, 16);
        sum += fp16ToFloat(x[i].d) * y[i].d * isum;
    }
    return sum;
}

namespace {

// Shared by Q4_K and Q5_K once the levels are unpacked.
float scaleMinSuperBlock(const int8_t* q, const uint8_t* packedScales, uint16_t d, uint16_t dmin,
                         const BlockQ8K& y) {
    int isum = 0, summ = 0;
    for (int g = 0; g < 8; ++g) {
        uint8_t sc, m;
        unpackScaleMinK4(g, packedScales, &sc, &m);
        isum += sc * dotInt(q + 32 * g, y.qs + 32 * g, 32);
        summ += m * (y.bsums[2 * g] + y.bsums[2 * g + 1]);
    }
    return y.d * fp16ToFloat(d) * isum - y.d * fp16ToFloat(dmin) * summ;
}

}  // namespace

float dotQ4K(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ4K*>(w);
    const auto* y = static_cast<const BlockQ8K*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQKK; ++i) {
        int8_t q[kQKK];
        for (int c = 0; c < 4; ++c)
            for (int l = 0; l < 32; ++l) {
                q[64 * c + l] = static_cast<int8_t>(x[i].qs[32 * c + l] & 0xF);
                q[64 * c + 32 + l] = static_cast<int8_t>(x[i].qs[32 * c + l] >> 4);
            }
        sum += scaleMinSuperBlock(q, x[i].scales, x[i].d, x[i].dmin, y[i]);
    }
    return sum;
}

float dotQ5K(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ5K*>(w);
    const auto* y = static_cast<const BlockQ8K*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQKK; ++i) {
        int8_t q[kQKK];
        for (int c = 0; c < 4; ++c)
            for (int l = 0; l < 32; ++l) {
                const uint8_t b = x[i].qs[32 * c + l], h = x[i].qh[l];
                q[64 * c + l] = static_cast<int8_t>((b & 0xF) | (((h >> (2 * c)) & 1) << 4));
                q[64 * c + 32 + l] = static_cast<int8_t>((b >> 4) | (((h >> (2 * c + 1)) & 1) << 4));
            }
        sum += scaleMinSuperBlock(q, x[i].scales, x[i].d, x[i].dmin, y[i]);
    }
    return sum;
}

float dotQ6K(const void* w, const void* a, int64_t n) {
    const auto* x = static_cast<const BlockQ6K*>(w);
    const auto* y = static_cast<const BlockQ8K*>(a);
    float sum = 0.0f;
    for (int64_t i = 0; i < n / kQKK; ++i) {
        int8_t q[kQKK];
        for (int h = 0; h < 2; ++h) {
            const uint8_t* ql = x[i].ql + 64 * h;
            const uint8_t* qh = x[i].qh + 32 * h;
            int8_t* e = q + 128 * h;
            for (int l = 0; l < 32; ++l) {
                e[l] = static_cast<int8_t>(((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
                e[l + 32] = static_cast<int8_t>(((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
                e[l + 64] = static_cast<int8_t>(((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
                e[l + 96] = static_cast<int8_t>(((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
            }
        }
        int isum = 0;
        for (int g = 0; g < 16; ++g) isum += x[i].scales[g] * dotInt(q + 16 * g, y[i].qs + 16 * g, 16);
        sum += fp16ToFloat(x[i].d) * y[i].d * isum;
    }
    return sum;
}

}  // namespace peregrine::kernels_ref
