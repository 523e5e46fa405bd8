// Legacy 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1 weights) x Q8_0 kernels for one target,
// built on int8_simd-inl.h. Per block: an exact integer dot, then d_w * d_x applied in float (and for
// Q4_1 / Q5_1 the min term m_w * d_x * sum(q_x)). legacyTile<T, R, C>: R weight rows against C activation
// rows.

#if defined(PEREGRINE_KERNELS_LEGACY_DOT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_LEGACY_DOT_INL_H_
#undef PEREGRINE_KERNELS_LEGACY_DOT_INL_H_
#else
#define PEREGRINE_KERNELS_LEGACY_DOT_INL_H_
#endif

#include "kernels/int8_simd-inl.h"
#include "quant/blocks.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

// One unpacked block: signed levels (|w| <= 127), or unsigned levels plus a min term.
struct LUnpacked {
    Chunk w;
    float d, m;
};

// 32 bits (little endian) -> 32 bytes holding 0 or `one`.
inline Chunk bitsToBytes(const uint8_t* bits4, uint8_t one) {
    uint8_t b[32];
    for (int j = 0; j < 32; ++j) b[j] = ((bits4[j / 8] >> (j % 8)) & 1) ? one : 0;
    return loadChunk(b);
}

struct Q4_0Traits {
    using Block = BlockQ4_0;
    static constexpr bool kSigned = true;
    static void unpack(const BlockQ4_0& b, LUnpacked& u) {
        u.w = subConst(loadNibbles16(b.qs), 8);
        u.d = halfToFloat(b.d);
    }
};
struct Q4_1Traits {
    using Block = BlockQ4_1;
    static constexpr bool kSigned = false;
    static void unpack(const BlockQ4_1& b, LUnpacked& u) {
        u.w = loadNibbles16(b.qs);
        u.d = halfToFloat(b.d);
        u.m = halfToFloat(b.m);
    }
};
struct Q5_0Traits {
    using Block = BlockQ5_0;
    static constexpr bool kSigned = true;
    static void unpack(const BlockQ5_0& b, LUnpacked& u) {
        u.w = subConst(orChunk(loadNibbles16(b.qs), bitsToBytes(b.qh, 0x10)), 16);
        u.d = halfToFloat(b.d);
    }
};
struct Q5_1Traits {
    using Block = BlockQ5_1;
    static constexpr bool kSigned = false;
    static void unpack(const BlockQ5_1& b, LUnpacked& u) {
        u.w = orChunk(loadNibbles16(b.qs), bitsToBytes(b.qh, 0x10));
        u.d = halfToFloat(b.d);
        u.m = halfToFloat(b.m);
    }
};
struct Q8_0Traits {
    using Block = BlockQ8_0;
    static constexpr bool kSigned = true;
    static void unpack(const BlockQ8_0& b, LUnpacked& u) {
        u.w = loadChunk(b.qs);
        u.d = halfToFloat(b.d);
    }
};
struct Q8_1Traits {
    using Block = BlockQ8_1;
    static constexpr bool kSigned = true;
    static void unpack(const BlockQ8_1& b, LUnpacked& u) {
        u.w = loadChunk(b.qs);
        u.d = halfToFloat(b.d);
    }
};

// out[r * C + c] = dot(weight row x[r], activation row y[c]) for r < R, c < C; nb blocks.
template <class T, int R, int C>
inline void legacyTile(const typename T::Block* const* x, const BlockQ8_0* const* y, int64_t nb, float* out) {
    FAcc acc[R][C];
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) acc[r][c] = zeroF();
    LUnpacked u[R];
    for (int64_t i = 0; i < nb; ++i) {
        for (int r = 0; r < R; ++r) T::unpack(x[r][i], u[r]);
        for (int c = 0; c < C; ++c) {
            const BlockQ8_0& a = y[c][i];
            const float da = halfToFloat(a.d);
            const Chunk q = loadChunk(a.qs);
            IAcc sumA = zeroI();
            if constexpr (!T::kSigned) sumA = dotS(zeroI(), onesChunk(), q);
            for (int r = 0; r < R; ++r) {
                if constexpr (T::kSigned) {
                    acc[r][c] = fmaI(acc[r][c], dotS(zeroI(), u[r].w, q), u[r].d * da);
                } else {
                    acc[r][c] = fmaI(acc[r][c], dotU(zeroI(), u[r].w, q), u[r].d * da);
                    acc[r][c] = fmaI(acc[r][c], sumA, u[r].m * da);
                }
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) out[r * C + c] = reduceF(acc[r][c]);
}

template <class T>
float legacyDot(const void* w, const void* a, int64_t n) {
    const BlockQ8_0* y = static_cast<const BlockQ8_0*>(a);
    const auto* x = static_cast<const typename T::Block*>(w);
    float out;
    legacyTile<T, 1, 1>(&x, &y, n / kQK, &out);
    return out;
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
