// K-quant (Q2_K..Q6_K) x Q8_K kernels for one target, built on int8_simd-inl.h.
//
// Every K-quant super-block (256 weights) is unpacked once into unsigned levels (8 chunks), a scale per
// 16-element group and a correction coefficient per 16-element group, so that
//   dot = dy * (D * sum_g scale_g * sum_k level_k * q_k  -  M * sum_h coef_h * bsum_h)
// (Q4_K/Q5_K/Q2_K: the min term; Q3_K/Q6_K: the level offset 4 / 32 folded in with M = D). Integer arithmetic
// is exact, so results differ from the scalar reference only by float summation order.
//
// kquantTile<T, R, C>: R weight rows against C activation rows (each unpacked block is reused C times and
// each activation chunk R times: the prefill tile). Cost per super-block and column: 8 chunk products + 1
// bsum product + 2 float FMAs.

#if defined(PEREGRINE_KERNELS_KQUANT_DOT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_KQUANT_DOT_INL_H_
#undef PEREGRINE_KERNELS_KQUANT_DOT_INL_H_
#else
#define PEREGRINE_KERNELS_KQUANT_DOT_INL_H_
#endif

#include "kernels/int8_simd-inl.h"
#include "quant/blocks.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

struct KUnpacked {
    Chunk w[8];
    ScalePair scale[8];
    alignas(32) int16_t coef[16];
    float d, m;
};

// Q4_K / Q5_K: the 12 packed bytes as 8 x 6-bit scales (bytes 0-7 of w) then 8 x 6-bit mins (bytes 8-15),
// as unpackScaleMinK4 does.
inline void scaleMinWordsK4(const uint8_t* packed, uint32_t w[4]) {
    uint32_t u[3];
    std::memcpy(u, packed, 12);
    w[0] = u[0] & 0x3F3F3F3Fu;
    w[1] = (u[2] & 0x0F0F0F0Fu) | (((u[0] >> 6) & 0x03030303u) << 4);
    w[2] = u[1] & 0x3F3F3F3Fu;
    w[3] = ((u[2] >> 4) & 0x0F0F0F0Fu) | (((u[1] >> 6) & 0x03030303u) << 4);
}
inline void scaleMinK4(const uint8_t* packed, uint8_t sc[8], uint8_t mn[8]) {
    uint32_t w[4];
    scaleMinWordsK4(packed, w);
    std::memcpy(sc, w, 8);
    std::memcpy(mn, w + 2, 8);
}

struct Q4KTraits {
    using Block = BlockQ4K;
    static void unpack(const BlockQ4K& b, KUnpacked& u) {
        uint8_t sc[8], mn[8];
        scaleMinK4(b.scales, sc, mn);
        for (int c = 0; c < 4; ++c) {
            const Chunk raw = loadChunk(b.qs + 32 * c);
            u.w[2 * c] = andMask(raw, 0x0F);
            u.w[2 * c + 1] = shr<4>(raw);
            u.scale[2 * c] = makeScale(sc[2 * c]);
            u.scale[2 * c + 1] = makeScale(sc[2 * c + 1]);
        }
        for (int h = 0; h < 16; ++h) u.coef[h] = mn[h / 2];
        u.d = halfToFloat(b.d);
        u.m = halfToFloat(b.dmin);
    }
};

struct Q5KTraits {
    using Block = BlockQ5K;
    static void unpack(const BlockQ5K& b, KUnpacked& u) {
        uint8_t sc[8], mn[8];
        scaleMinK4(b.scales, sc, mn);
        Chunk hb = loadChunk(b.qh);
        for (int c = 0; c < 4; ++c) {
            const Chunk raw = loadChunk(b.qs + 32 * c);
            u.w[2 * c] = orChunk(andMask(raw, 0x0F), shl<4>(andMask(hb, 1)));
            u.w[2 * c + 1] = orChunk(shr<4>(raw), shl<3>(andMask(hb, 2)));
            hb = shr<2>(hb);
            u.scale[2 * c] = makeScale(sc[2 * c]);
            u.scale[2 * c + 1] = makeScale(sc[2 * c + 1]);
        }
        for (int h = 0; h < 16; ++h) u.coef[h] = mn[h / 2];
        u.d = halfToFloat(b.d);
        u.m = halfToFloat(b.dmin);
    }
};

struct Q6KTraits {
    using Block = BlockQ6K;
    static void unpack(const BlockQ6K& b, KUnpacked& u) {
        for (int h = 0; h < 2; ++h) {
            const Chunk ql0 = loadChunk(b.ql + 64 * h), ql1 = loadChunk(b.ql + 64 * h + 32);
            const Chunk qh = loadChunk(b.qh + 32 * h);
            u.w[4 * h + 0] = orChunk(andMask(ql0, 0x0F), shl<4>(andMask(qh, 0x03)));
            u.w[4 * h + 1] = orChunk(andMask(ql1, 0x0F), shl<2>(andMask(qh, 0x0C)));
            u.w[4 * h + 2] = orChunk(shr<4>(ql0), andMask(qh, 0x30));
            u.w[4 * h + 3] = orChunk(shr<4>(ql1), shr<2>(andMask(qh, 0xC0)));
        }
        for (int k = 0; k < 8; ++k) u.scale[k] = makeScales(b.scales[2 * k], b.scales[2 * k + 1]);
        for (int h = 0; h < 16; ++h) u.coef[h] = static_cast<int16_t>(32 * b.scales[h]);
        u.d = halfToFloat(b.d);
        u.m = u.d;
    }
};

struct Q2KTraits {
    using Block = BlockQ2K;
    static void unpack(const BlockQ2K& b, KUnpacked& u) {
        for (int h = 0; h < 2; ++h) {
            const Chunk raw = loadChunk(b.qs + 32 * h);
            u.w[4 * h + 0] = andMask(raw, 0x03);
            u.w[4 * h + 1] = andMask(shr<2>(raw), 0x03);
            u.w[4 * h + 2] = andMask(shr<4>(raw), 0x03);
            u.w[4 * h + 3] = shr<6>(raw);
        }
        for (int k = 0; k < 8; ++k) u.scale[k] = makeScales(b.scales[2 * k] & 0xF, b.scales[2 * k + 1] & 0xF);
        for (int h = 0; h < 16; ++h) u.coef[h] = static_cast<int16_t>(b.scales[h] >> 4);
        u.d = halfToFloat(b.d);
        u.m = halfToFloat(b.dmin);
    }
};

struct Q3KTraits {
    using Block = BlockQ3K;
    static void unpack(const BlockQ3K& b, KUnpacked& u) {
        Chunk hm = loadChunk(b.hmask);
        for (int h = 0; h < 2; ++h) {
            const Chunk raw = loadChunk(b.qs + 32 * h);
            const Chunk low[4] = {andMask(raw, 0x03), andMask(shr<2>(raw), 0x03), andMask(shr<4>(raw), 0x03),
                                  shr<6>(raw)};
            for (int s = 0; s < 4; ++s) {
                u.w[4 * h + s] = orChunk(low[s], shl<2>(andMask(hm, 1)));  // level + 4: 0..7
                hm = shr<1>(hm);
            }
        }
        int8_t sc[16];
        unpackScalesQ3K(b.scales, sc);
        for (int k = 0; k < 8; ++k) u.scale[k] = makeScales(sc[2 * k], sc[2 * k + 1]);
        for (int h = 0; h < 16; ++h) u.coef[h] = static_cast<int16_t>(4 * sc[h]);
        u.d = halfToFloat(b.d);
        u.m = u.d;
    }
};

// out[r * C + c] = dot(weight row x[r], activation row y[c]) for r < R, c < C; nb super-blocks. R > 1
// reuses each activation chunk load for R rows (the prefill tile).
template <class T, int R, int C>
inline void kquantTile(const typename T::Block* const* x, const BlockQ8K* const* y, int64_t nb, float* out) {
    FAcc acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = zeroF();
    KUnpacked u[R];
    for (int64_t i = 0; i < nb; ++i) {
        for (int r = 0; r < R; ++r) T::unpack(x[r][i], u[r]);
        for (int c = 0; c < C; ++c) {
            const BlockQ8K& a = y[c][i];
            IAcc s[R];
            for (int r = 0; r < R; ++r) s[r] = zeroI();
            for (int k = 0; k < 8; ++k) {
                const Chunk q = loadChunk(a.qs + 32 * k);
                for (int r = 0; r < R; ++r) s[r] = dotUS(s[r], u[r].w[k], q, u[r].scale[k]);
            }
            for (int r = 0; r < R; ++r) {
                acc[r][c] = fmaI(acc[r][c], s[r], u[r].d * a.d);
                acc[r][c] = fmaI(acc[r][c], bsumDot(a.bsums, u[r].coef), -u[r].m * a.d);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) out[r * C + c] = reduceF(acc[r][c]);
}

template <class T>
float kquantDot(const void* w, const void* a, int64_t n) {
    const BlockQ8K* y = static_cast<const BlockQ8K*>(a);
    const auto* x = static_cast<const typename T::Block*>(w);
    float out;
    kquantTile<T, 1, 1>(&x, &y, n / kQKK, &out);
    return out;
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
