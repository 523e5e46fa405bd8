// Decode (matrix x vector) dot products for Q4_K and Q6_K on NEON (with or without dotprod), one target's
// copy: the aarch64 counterpart of kquant_dot_x86-inl.h.
//
// Why: the generic kernel applies each 16-element product sum to one accumulator with vmlaq_n_s32 (a scalar
// scale moved from a general register, and a 16-long dependency chain per super-block) and stores / reloads
// the correction coefficients. Here the scales are widened once per super-block into int32 vectors and
// applied with vmlaq_laneq_s32, four accumulators per super-block break the chain, and the min / offset
// terms come straight from the bsums in registers.
//
// Same arithmetic as the generic kernel (exact integer sums per super-block, then float scaling).

#if defined(PEREGRINE_KERNELS_KQUANT_DOT_NEON_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_KQUANT_DOT_NEON_INL_H_
#undef PEREGRINE_KERNELS_KQUANT_DOT_NEON_INL_H_
#else
#define PEREGRINE_KERNELS_KQUANT_DOT_NEON_INL_H_
#endif

#include "kernels/kquant_dot-inl.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

#undef PEREGRINE_HAVE_NEON_DECODE
#if PEREGRINE_NEON
#define PEREGRINE_HAVE_NEON_DECODE 1

// Sum of the 32 products of two 16-byte halves.
inline int32x4_t dot32(uint8x16_t w0, uint8x16_t w1, const int8_t* a) {
    return vaddq_s32(dot16(w0, vreinterpretq_u8_s8(vld1q_s8(a))),
                     dot16(w1, vreinterpretq_u8_s8(vld1q_s8(a + 16))));
}

// Q4_K x Q8_K over n / 256 super-blocks.
inline float q4kDotNeon(const void* wv, const void* av, int64_t n) {
    const auto* x = static_cast<const BlockQ4K*>(wv);
    const auto* y = static_cast<const BlockQ8K*>(av);
    const int64_t nb = n / kQKK;
    const uint8x16_t m4 = vdupq_n_u8(0x0F);
    float32x4_t acc = vdupq_n_f32(0.0f), accMin = vdupq_n_f32(0.0f);
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ4K& b = x[i];
        const BlockQ8K& a = y[i];
        uint8_t sc[8], mn[8];
        scaleMinK4(b.scales, sc, mn);
        const int16x8_t sc16 = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(sc)));
        const int16x8_t mn16 = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(mn)));
        const int32x4_t scA = vmovl_s16(vget_low_s16(sc16)), scB = vmovl_high_s16(sc16);
        // Mins: pairs of 16-element bsums are the 32-element sub-block sums.
        const int16x8_t pairs = vpaddq_s16(vld1q_s16(a.bsums), vld1q_s16(a.bsums + 8));
        int32x4_t minDot = vmull_s16(vget_low_s16(mn16), vget_low_s16(pairs));
        minDot = vmlal_high_s16(minDot, mn16, pairs);

        const uint8_t* qs = b.qs;
        const int8_t* q8 = a.qs;
        uint8x16_t w[8];
        for (int k = 0; k < 8; ++k) w[k] = vld1q_u8(qs + 16 * k);
        // 32-byte group j of qs: low nibbles = sub-block 2j, high nibbles = sub-block 2j + 1.
        int32x4_t s0 = vmulq_laneq_s32(dot32(vandq_u8(w[0], m4), vandq_u8(w[1], m4), q8), scA, 0);
        int32x4_t s1 = vmulq_laneq_s32(dot32(vshrq_n_u8(w[0], 4), vshrq_n_u8(w[1], 4), q8 + 32), scA, 1);
        int32x4_t s2 = vmulq_laneq_s32(dot32(vandq_u8(w[2], m4), vandq_u8(w[3], m4), q8 + 64), scA, 2);
        int32x4_t s3 = vmulq_laneq_s32(dot32(vshrq_n_u8(w[2], 4), vshrq_n_u8(w[3], 4), q8 + 96), scA, 3);
        s0 = vmlaq_laneq_s32(s0, dot32(vandq_u8(w[4], m4), vandq_u8(w[5], m4), q8 + 128), scB, 0);
        s1 = vmlaq_laneq_s32(s1, dot32(vshrq_n_u8(w[4], 4), vshrq_n_u8(w[5], 4), q8 + 160), scB, 1);
        s2 = vmlaq_laneq_s32(s2, dot32(vandq_u8(w[6], m4), vandq_u8(w[7], m4), q8 + 192), scB, 2);
        s3 = vmlaq_laneq_s32(s3, dot32(vshrq_n_u8(w[6], 4), vshrq_n_u8(w[7], 4), q8 + 224), scB, 3);
        const int32x4_t sum = vaddq_s32(vaddq_s32(s0, s1), vaddq_s32(s2, s3));
        acc = vfmaq_n_f32(acc, vcvtq_f32_s32(sum), halfToFloat(b.d) * a.d);
        accMin = vfmaq_n_f32(accMin, vcvtq_f32_s32(minDot), halfToFloat(b.dmin) * a.d);
    }
    return vaddvq_f32(vsubq_f32(acc, accMin));
}

// Q6_K x Q8_K over n / 256 super-blocks; unsigned levels, the -32 offset folded in through the bsums.
inline float q6kDotNeon(const void* wv, const void* av, int64_t n) {
    const auto* x = static_cast<const BlockQ6K*>(wv);
    const auto* y = static_cast<const BlockQ8K*>(av);
    const int64_t nb = n / kQKK;
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m3 = vdupq_n_u8(0x03), mc = vdupq_n_u8(0x0C);
    const uint8x16_t m30 = vdupq_n_u8(0x30), mc0 = vdupq_n_u8(0xC0);
    float32x4_t acc = vdupq_n_f32(0.0f);
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ6K& b = x[i];
        const BlockQ8K& a = y[i];
        const int8x16_t sc8 = vld1q_s8(b.scales);
        const int16x8_t scLo = vmovl_s8(vget_low_s8(sc8)), scHi = vmovl_high_s8(sc8);
        const int32x4_t sc[4] = {vmovl_s16(vget_low_s16(scLo)), vmovl_high_s16(scLo),
                                 vmovl_s16(vget_low_s16(scHi)), vmovl_high_s16(scHi)};
        const int16x8_t bs0 = vld1q_s16(a.bsums), bs1 = vld1q_s16(a.bsums + 8);
        int32x4_t offset = vmull_s16(vget_low_s16(bs0), vget_low_s16(scLo));
        offset = vmlal_high_s16(offset, bs0, scLo);
        offset = vmlal_s16(offset, vget_low_s16(bs1), vget_low_s16(scHi));
        offset = vmlal_high_s16(offset, bs1, scHi);

        int32x4_t s[4] = {vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0), vdupq_n_s32(0)};
        for (int h = 0; h < 2; ++h) {
            const uint8_t* ql = b.ql + 64 * h;
            const uint8_t* qh = b.qh + 32 * h;
            const int8_t* q8 = a.qs + 128 * h;
            const int32x4_t scA = sc[2 * h], scB = sc[2 * h + 1];
            for (int half = 0; half < 2; ++half) {  // 16 of the 32 elements of each chunk
                const uint8x16_t l0 = vld1q_u8(ql + 16 * half), l1 = vld1q_u8(ql + 32 + 16 * half);
                const uint8x16_t hb = vld1q_u8(qh + 16 * half);
                const uint8x16_t v0 = vorrq_u8(vandq_u8(l0, m4), vshlq_n_u8(vandq_u8(hb, m3), 4));
                const uint8x16_t v1 = vorrq_u8(vandq_u8(l1, m4), vshlq_n_u8(vandq_u8(hb, mc), 2));
                const uint8x16_t v2 = vorrq_u8(vshrq_n_u8(l0, 4), vandq_u8(hb, m30));
                const uint8x16_t v3 = vorrq_u8(vshrq_n_u8(l1, 4), vshrq_n_u8(vandq_u8(hb, mc0), 2));
                const int8_t* a0 = q8 + 16 * half;
                // Chunk c covers elements 32c..32c+31 of this half; its two 16-element groups use scales
                // 8h + 2c (first 16) and 8h + 2c + 1 (last 16).
                auto dq = [&](uint8x16_t v, int c) {
                    return dot16(v, vreinterpretq_u8_s8(vld1q_s8(a0 + 32 * c)));
                };
                if (half == 0) {
                    s[0] = vmlaq_laneq_s32(s[0], dq(v0, 0), scA, 0);
                    s[1] = vmlaq_laneq_s32(s[1], dq(v1, 1), scA, 2);
                    s[2] = vmlaq_laneq_s32(s[2], dq(v2, 2), scB, 0);
                    s[3] = vmlaq_laneq_s32(s[3], dq(v3, 3), scB, 2);
                } else {
                    s[0] = vmlaq_laneq_s32(s[0], dq(v0, 0), scA, 1);
                    s[1] = vmlaq_laneq_s32(s[1], dq(v1, 1), scA, 3);
                    s[2] = vmlaq_laneq_s32(s[2], dq(v2, 2), scB, 1);
                    s[3] = vmlaq_laneq_s32(s[3], dq(v3, 3), scB, 3);
                }
            }
        }
        const int32x4_t sum =
            vsubq_s32(vaddq_s32(vaddq_s32(s[0], s[1]), vaddq_s32(s[2], s[3])), vshlq_n_s32(offset, 5));
        acc = vfmaq_n_f32(acc, vcvtq_f32_s32(sum), halfToFloat(b.d) * a.d);
    }
    return vaddvq_f32(acc);
}

#else
#define PEREGRINE_HAVE_NEON_DECODE 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
