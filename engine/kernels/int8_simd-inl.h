// Per-target int8 primitives shared by the quantized kernels (included by *-inl.h kernels, once per target).
//
// A Chunk is 32 int8 lanes (one legacy block, one eighth of a K-quant super-block). Weights enter the dot
// products either unsigned (levels 0..63, any activation -128..127) or signed (legacy types: |w|, |a| <= 127,
// as Q8_0 activations and legacy weights are). Integer accumulators (IAcc) hold partial sums whose lanes add
// up to the dot; FAcc holds float partial sums. Families:
//   x86 (AVX2, AVX3, AVX3_VNNI): 256-bit; pmaddubsw (u8 x s8 pairs -> s16) then pmaddwd with the group
//                                scale, fused into EVEX vpdpwssd / vpdpbusd on AVX3_VNNI (x86_vnni.h).
//   NEON: two 128-bit halves; sdot (vdotq_s32) when compiled with +dotprod, else vmull/vmlal + pairwise add.
//   other targets (SVE*, SSE4, SSSE3, EMU128, SCALAR): 16-lane Highway code (widen to i16, widening
//   multiply-accumulate), scalar accumulator.
// Cost notes are per chunk of 32 products.

#if defined(PEREGRINE_KERNELS_INT8_SIMD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_INT8_SIMD_INL_H_
#undef PEREGRINE_KERNELS_INT8_SIMD_INL_H_
#else
#define PEREGRINE_KERNELS_INT8_SIMD_INL_H_
#endif

#include <cstring>

#include "hwy/highway.h"
#include "quant/quant.h"

#undef PEREGRINE_X86
#undef PEREGRINE_NEON
#if HWY_TARGET == HWY_AVX2 || HWY_TARGET == HWY_AVX3
#define PEREGRINE_X86 1
#include <immintrin.h>
#else
#define PEREGRINE_X86 0
#endif
#if HWY_TARGET == HWY_NEON
#define PEREGRINE_NEON 1
#include <arm_neon.h>
#else
#define PEREGRINE_NEON 0
#endif

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

inline float halfToFloat(uint16_t h) {
#if PEREGRINE_X86
    return _cvtsh_ss(h);
#elif HWY_ARCH_ARM_A64
    __fp16 f;
    std::memcpy(&f, &h, 2);
    return static_cast<float>(f);
#else
    return peregrine::fp16ToFloat(h);
#endif
}

#if PEREGRINE_X86

using Chunk = __m256i;
using IAcc = __m256i;
using FAcc = __m256;
using ScalePair = __m256i;  // i16 lanes 0-7: scale of elements 0-15, lanes 8-15: elements 16-31

inline Chunk loadChunk(const void* p) {
    return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}
// 16 packed bytes -> 32 lanes: low nibbles then high nibbles (legacy block order).
inline Chunk loadNibbles16(const uint8_t* p) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i m = _mm_set1_epi8(0x0F);
    return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(v, 4), m), _mm_and_si128(v, m));
}
inline void storeChunk(uint8_t* p, Chunk x) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), x);
}
inline Chunk andMask(Chunk x, uint8_t m) {
    return _mm256_and_si256(x, _mm256_set1_epi8(static_cast<char>(m)));
}
inline Chunk orChunk(Chunk a, Chunk b) {
    return _mm256_or_si256(a, b);
}
template <int S>
Chunk shr(Chunk x) {
    return andMask(_mm256_srli_epi16(x, S), static_cast<uint8_t>(0xFF >> S));
}
template <int S>
Chunk shl(Chunk x) {
    return andMask(_mm256_slli_epi16(x, S), static_cast<uint8_t>((0xFF << S) & 0xFF));
}
inline Chunk subConst(Chunk x, int8_t k) {
    return _mm256_sub_epi8(x, _mm256_set1_epi8(k));
}
inline Chunk onesChunk() {
    return _mm256_set1_epi8(1);
}

inline IAcc zeroI() {
    return _mm256_setzero_si256();
}
inline ScalePair makeScales(int lo, int hi) {
    return _mm256_set_m128i(_mm_set1_epi16(static_cast<short>(hi)), _mm_set1_epi16(static_cast<short>(lo)));
}
inline ScalePair makeScale(int s) {
    return _mm256_set1_epi16(static_cast<short>(s));
}
// acc += scale(group) * w * a, w unsigned <= 63.
inline IAcc dotUS(IAcc acc, Chunk w, Chunk a, ScalePair s) {
    const __m256i p = _mm256_maddubs_epi16(w, a);
#if PEREGRINE_AVX512VNNI
    return _mm256_dpwssd_epi32(acc, p, s);
#else
    return _mm256_add_epi32(acc, _mm256_madd_epi16(p, s));
#endif
}
// acc += w * a, w unsigned <= 127.
inline IAcc dotU(IAcc acc, Chunk w, Chunk a) {
#if PEREGRINE_AVX512VNNI
    return _mm256_dpbusd_epi32(acc, w, a);
#else
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(w, a), _mm256_set1_epi16(1)));
#endif
}
// acc += w * a, both signed with |w|, |a| <= 127.
inline IAcc dotS(IAcc acc, Chunk w, Chunk a) {
    return dotU(acc, _mm256_abs_epi8(w), _mm256_sign_epi8(a, w));
}
// Lanes sum to sum_h bsums[h] * coef[h], h < 16.
inline IAcc bsumDot(const int16_t* bsums, const int16_t* coef) {
    return _mm256_madd_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(bsums)),
                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(coef)));
}
inline FAcc zeroF() {
    return _mm256_setzero_ps();
}
inline FAcc fmaI(FAcc acc, IAcc i, float f) {
    return _mm256_fmadd_ps(_mm256_cvtepi32_ps(i), _mm256_set1_ps(f), acc);
}
inline float reduceF(FAcc v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#elif PEREGRINE_NEON

struct Chunk {
    uint8x16_t lo, hi;
};
using IAcc = int32x4_t;
using FAcc = float32x4_t;
struct ScalePair {
    int32_t lo, hi;
};

inline Chunk loadChunk(const void* p) {
    const auto* b = static_cast<const uint8_t*>(p);
    return {vld1q_u8(b), vld1q_u8(b + 16)};
}
inline Chunk loadNibbles16(const uint8_t* p) {
    const uint8x16_t v = vld1q_u8(p);
    return {vandq_u8(v, vdupq_n_u8(0x0F)), vshrq_n_u8(v, 4)};
}
inline void storeChunk(uint8_t* p, Chunk x) {
    vst1q_u8(p, x.lo);
    vst1q_u8(p + 16, x.hi);
}
inline Chunk andMask(Chunk x, uint8_t m) {
    return {vandq_u8(x.lo, vdupq_n_u8(m)), vandq_u8(x.hi, vdupq_n_u8(m))};
}
inline Chunk orChunk(Chunk a, Chunk b) {
    return {vorrq_u8(a.lo, b.lo), vorrq_u8(a.hi, b.hi)};
}
template <int S>
Chunk shr(Chunk x) {
    return {vshrq_n_u8(x.lo, S), vshrq_n_u8(x.hi, S)};
}
template <int S>
Chunk shl(Chunk x) {
    return {vshlq_n_u8(x.lo, S), vshlq_n_u8(x.hi, S)};
}
inline Chunk subConst(Chunk x, int8_t k) {
    const uint8x16_t v = vdupq_n_u8(static_cast<uint8_t>(k));
    return {vsubq_u8(x.lo, v), vsubq_u8(x.hi, v)};
}
inline Chunk onesChunk() {
    return {vdupq_n_u8(1), vdupq_n_u8(1)};
}

inline IAcc zeroI() {
    return vdupq_n_s32(0);
}
inline ScalePair makeScales(int lo, int hi) {
    return {lo, hi};
}
inline ScalePair makeScale(int s) {
    return {s, s};
}

// Sum of 16 products in int32 lanes (|w * a| <= 127 * 128 keeps the i16 pair sums exact).
inline int32x4_t dot16(uint8x16_t w, uint8x16_t a) {
    const int8x16_t ws = vreinterpretq_s8_u8(w), as = vreinterpretq_s8_u8(a);
#if defined(__ARM_FEATURE_DOTPROD)
    return vdotq_s32(vdupq_n_s32(0), ws, as);
#else
    int16x8_t p = vmull_s8(vget_low_s8(ws), vget_low_s8(as));
    p = vmlal_high_s8(p, ws, as);
    return vpaddlq_s16(p);
#endif
}
inline IAcc dotUS(IAcc acc, Chunk w, Chunk a, ScalePair s) {
    acc = vmlaq_n_s32(acc, dot16(w.lo, a.lo), s.lo);
    return vmlaq_n_s32(acc, dot16(w.hi, a.hi), s.hi);
}
inline IAcc dotS(IAcc acc, Chunk w, Chunk a) {
#if defined(__ARM_FEATURE_DOTPROD)
    acc = vdotq_s32(acc, vreinterpretq_s8_u8(w.lo), vreinterpretq_s8_u8(a.lo));
    return vdotq_s32(acc, vreinterpretq_s8_u8(w.hi), vreinterpretq_s8_u8(a.hi));
#else
    return vaddq_s32(acc, vaddq_s32(dot16(w.lo, a.lo), dot16(w.hi, a.hi)));
#endif
}
inline IAcc dotU(IAcc acc, Chunk w, Chunk a) {
    return dotS(acc, w, a);
}  // w <= 127 is a valid int8
inline IAcc bsumDot(const int16_t* bsums, const int16_t* coef) {
    const int16x8_t b0 = vld1q_s16(bsums), b1 = vld1q_s16(bsums + 8);
    const int16x8_t c0 = vld1q_s16(coef), c1 = vld1q_s16(coef + 8);
    int32x4_t s = vmull_s16(vget_low_s16(b0), vget_low_s16(c0));
    s = vmlal_high_s16(s, b0, c0);
    s = vmlal_s16(s, vget_low_s16(b1), vget_low_s16(c1));
    return vmlal_high_s16(s, b1, c1);
}
inline FAcc zeroF() {
    return vdupq_n_f32(0.0f);
}
inline FAcc fmaI(FAcc acc, IAcc i, float f) {
    return vfmaq_n_f32(acc, vcvtq_f32_s32(i), f);
}
inline float reduceF(FAcc v) {
    return vaddvq_f32(v);
}

#else  // generic Highway targets

struct Chunk {
    uint8_t v[32];
};
using IAcc = int32_t;
using FAcc = float;
struct ScalePair {
    int32_t lo, hi;
};

inline Chunk loadChunk(const void* p) {
    Chunk c;
    std::memcpy(c.v, p, 32);
    return c;
}
inline Chunk loadNibbles16(const uint8_t* p) {
    Chunk c;
    for (int j = 0; j < 16; ++j) {
        c.v[j] = p[j] & 0x0F;
        c.v[j + 16] = p[j] >> 4;
    }
    return c;
}
inline void storeChunk(uint8_t* p, const Chunk& x) {
    std::memcpy(p, x.v, 32);
}
inline Chunk andMask(Chunk x, uint8_t m) {
    for (auto& b : x.v) b &= m;
    return x;
}
inline Chunk orChunk(Chunk a, Chunk b) {
    for (int j = 0; j < 32; ++j) a.v[j] |= b.v[j];
    return a;
}
template <int S>
Chunk shr(Chunk x) {
    for (auto& b : x.v) b = static_cast<uint8_t>(b >> S);
    return x;
}
template <int S>
Chunk shl(Chunk x) {
    for (auto& b : x.v) b = static_cast<uint8_t>(b << S);
    return x;
}
inline Chunk subConst(Chunk x, int8_t k) {
    for (auto& b : x.v) b = static_cast<uint8_t>(b - k);
    return x;
}
inline Chunk onesChunk() {
    Chunk c;
    std::memset(c.v, 1, 32);
    return c;
}

// Exact int32 dot of 16 int8 pairs through 16-bit widening multiply-accumulate (any vector length).
inline int32_t dot16(const uint8_t* w, const uint8_t* a) {
    const hn::CappedTag<int16_t, 16> d16;
    const hn::Rebind<int8_t, decltype(d16)> d8;
    const hn::Repartition<int32_t, decltype(d16)> d32;
    auto s0 = hn::Zero(d32), s1 = hn::Zero(d32);
    for (size_t i = 0; i < 16; i += hn::Lanes(d16)) {
        const auto wv = hn::PromoteTo(d16, hn::LoadU(d8, reinterpret_cast<const int8_t*>(w) + i));
        const auto av = hn::PromoteTo(d16, hn::LoadU(d8, reinterpret_cast<const int8_t*>(a) + i));
        s0 = hn::ReorderWidenMulAccumulate(d32, wv, av, s0, s1);
    }
    return hn::GetLane(hn::SumOfLanes(d32, hn::Add(s0, s1)));
}
inline IAcc zeroI() {
    return 0;
}
inline ScalePair makeScales(int lo, int hi) {
    return {lo, hi};
}
inline ScalePair makeScale(int s) {
    return {s, s};
}
inline IAcc dotUS(IAcc acc, const Chunk& w, const Chunk& a, ScalePair s) {
    return acc + s.lo * dot16(w.v, a.v) + s.hi * dot16(w.v + 16, a.v + 16);
}
inline IAcc dotS(IAcc acc, const Chunk& w, const Chunk& a) {
    return acc + dot16(w.v, a.v) + dot16(w.v + 16, a.v + 16);
}
inline IAcc dotU(IAcc acc, const Chunk& w, const Chunk& a) {
    return dotS(acc, w, a);
}
inline IAcc bsumDot(const int16_t* bsums, const int16_t* coef) {
    int32_t s = 0;
    for (int h = 0; h < 16; ++h) s += bsums[h] * coef[h];
    return s;
}
inline FAcc zeroF() {
    return 0.0f;
}
inline FAcc fmaI(FAcc acc, IAcc i, float f) {
    return acc + static_cast<float>(i) * f;
}
inline float reduceF(FAcc v) {
    return v;
}

#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
