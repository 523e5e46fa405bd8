// Decode (matrix x vector) dot products for Q4_K and Q6_K on x86 (AVX2, AVX3, AVX3_VNNI), one target's copy.
//
// Why separate from kquant_dot-inl.h: decode reads every weight once, so the per-super-block overhead of the
// generic unpack (scales broadcast one by one from scalar registers, correction coefficients stored to memory
// and reloaded) made the generic kernel compute-bound (about 55 cycles per Q4_K super-block). Here scales
// and mins stay in vector registers: the 12 packed scale bytes become one vector of 8 scales + 8 mins, and
// each chunk's scale pair is a byte shuffle of it. Four independent integer accumulators per super-block
// keep the multiply units busy instead of waiting on one dependency chain.
//
// Same arithmetic as the generic kernel (exact integer sums per super-block, then float scaling), so
// results match the scalar reference up to float summation order.

#if defined(PEREGRINE_KERNELS_KQUANT_DOT_X86_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_KQUANT_DOT_X86_INL_H_
#undef PEREGRINE_KERNELS_KQUANT_DOT_X86_INL_H_
#else
#define PEREGRINE_KERNELS_KQUANT_DOT_X86_INL_H_
#endif

#include "kernels/kquant_dot-inl.h"
#include "quant/blocks.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

#undef PEREGRINE_HAVE_X86_DECODE
#if PEREGRINE_X86
#define PEREGRINE_HAVE_X86_DECODE 1

// pshufb control that spreads int16 lane `lo` of a 128-bit half over the low 128-bit half of the result and
// lane `hi` over the high half (both halves of the source hold the same 8 int16 values).
inline __m256i scalePairShuffle(int lo, int hi) {
    const __m128i l = _mm_set1_epi16(static_cast<short>((2 * lo) | ((2 * lo + 1) << 8)));
    const __m128i h = _mm_set1_epi16(static_cast<short>((2 * hi) | ((2 * hi + 1) << 8)));
    return _mm256_set_m128i(h, l);
}

#ifndef PEREGRINE_PF_DIST
#define PEREGRINE_PF_DIST 2048
#endif
// Weights stream from DRAM once per token: ask for the lines PEREGRINE_PF_DIST bytes ahead (past the end of
// a row is the next row; prefetches never fault).
template <class B>
inline void prefetchAhead(const B* b) {
    const char* p = reinterpret_cast<const char*>(b) + PEREGRINE_PF_DIST;
    for (size_t o = 0; o < sizeof(B); o += 64) _mm_prefetch(p + o, _MM_HINT_T0);
}

// Q4_K x Q8_K over nb super-blocks.
inline float q4kDotX86(const void* wv, const void* av, int64_t n) {
    const auto* x = static_cast<const BlockQ4K*>(wv);
    const auto* y = static_cast<const BlockQ8K*>(av);
    const int64_t nb = n / kQKK;
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i sh0 = scalePairShuffle(0, 0), sh1 = scalePairShuffle(1, 1);
    const __m256i sh2 = scalePairShuffle(2, 2), sh3 = scalePairShuffle(3, 3);
    const __m256i sh4 = scalePairShuffle(4, 4), sh5 = scalePairShuffle(5, 5);
    const __m256i sh6 = scalePairShuffle(6, 6), sh7 = scalePairShuffle(7, 7);
    __m256 acc = _mm256_setzero_ps();
    __m128 accMin = _mm_setzero_ps();
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ4K& b = x[i];
        const BlockQ8K& a = y[i];
        prefetchAhead(&b);
        uint32_t words[4];  // 8 scales (low 8 bytes) and 8 mins (high 8 bytes)
        scaleMinWordsK4(b.scales, words);
        const __m256i sm = _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(words)));
        const __m256i sc = _mm256_permute2x128_si256(sm, sm, 0x00);  // scales in both halves
        // Mins: 8 mins x (pairs of 16-element bsums).
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const __m128i bsPairs = _mm_hadd_epi16(_mm256_castsi256_si128(bs), _mm256_extracti128_si256(bs, 1));
        const __m128i minProd = _mm_madd_epi16(_mm256_extracti128_si256(sm, 1), bsPairs);

        const auto* qs = b.qs;
        const auto* q8 = a.qs;
        const __m256i w0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs));
        const __m256i w1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs + 32));
        const __m256i w2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs + 64));
        const __m256i w3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qs + 96));
        auto load8 = [q8](int k) {
            return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 32 * k));
        };
        __m256i s0a =
            dotUS(_mm256_setzero_si256(), _mm256_and_si256(w0, low4), load8(0), _mm256_shuffle_epi8(sc, sh0));
        __m256i s1a = dotUS(_mm256_setzero_si256(), _mm256_and_si256(_mm256_srli_epi16(w0, 4), low4),
                            load8(1), _mm256_shuffle_epi8(sc, sh1));
        __m256i s2a =
            dotUS(_mm256_setzero_si256(), _mm256_and_si256(w1, low4), load8(2), _mm256_shuffle_epi8(sc, sh2));
        __m256i s3a = dotUS(_mm256_setzero_si256(), _mm256_and_si256(_mm256_srli_epi16(w1, 4), low4),
                            load8(3), _mm256_shuffle_epi8(sc, sh3));
        s0a = dotUS(s0a, _mm256_and_si256(w2, low4), load8(4), _mm256_shuffle_epi8(sc, sh4));
        s1a = dotUS(s1a, _mm256_and_si256(_mm256_srli_epi16(w2, 4), low4), load8(5),
                    _mm256_shuffle_epi8(sc, sh5));
        s2a = dotUS(s2a, _mm256_and_si256(w3, low4), load8(6), _mm256_shuffle_epi8(sc, sh6));
        s3a = dotUS(s3a, _mm256_and_si256(_mm256_srli_epi16(w3, 4), low4), load8(7),
                    _mm256_shuffle_epi8(sc, sh7));
        const __m256i sum = _mm256_add_epi32(_mm256_add_epi32(s0a, s1a), _mm256_add_epi32(s2a, s3a));
        const float dy = a.d;
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(halfToFloat(b.d) * dy), acc);
        accMin = _mm_fmadd_ps(_mm_cvtepi32_ps(minProd), _mm_set1_ps(halfToFloat(b.dmin) * dy), accMin);
    }
    __m128 s = _mm_sub_ps(_mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1)), accMin);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// Q6_K x Q8_K over nb super-blocks. Levels enter unsigned (0..63); the -32 offset is folded in through the
// bsums: sum_h scale_h * (sum_k level_k * q_k - 32 * bsum_h).
inline float q6kDotX86(const void* wv, const void* av, int64_t n) {
    const auto* x = static_cast<const BlockQ6K*>(wv);
    const auto* y = static_cast<const BlockQ8K*>(av);
    const int64_t nb = n / kQKK;
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i m03 = _mm256_set1_epi8(0x03), m0c = _mm256_set1_epi8(0x0C);
    const __m256i m30 = _mm256_set1_epi8(0x30), mc0 = _mm256_set1_epi8(static_cast<char>(0xC0));
    // Chunk k (32 elements) uses scales 2k (low half) and 2k+1 (high half); scales 0-7 in sLo, 8-15 in sHi.
    const __m256i shA = scalePairShuffle(0, 1), shB = scalePairShuffle(2, 3);
    const __m256i shC = scalePairShuffle(4, 5), shD = scalePairShuffle(6, 7);
    __m256 acc = _mm256_setzero_ps();
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ6K& b = x[i];
        const BlockQ8K& a = y[i];
        prefetchAhead(&b);
        const __m256i sc16 =
            _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales)));
        const __m256i sLo = _mm256_permute2x128_si256(sc16, sc16, 0x00);
        const __m256i sHi = _mm256_permute2x128_si256(sc16, sc16, 0x11);
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(bs, sc16), 5);  // 32 * sum scale_h*bsum_h

        const auto* q8 = a.qs;
        auto load8 = [q8](int k) {
            return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 32 * k));
        };
        __m256i acc4[4];
        for (int h = 0; h < 2; ++h) {
            const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * h));
            const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.ql + 64 * h + 32));
            const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qh + 32 * h));
            const __m256i v0 =
                _mm256_or_si256(_mm256_and_si256(ql0, low4), _mm256_slli_epi16(_mm256_and_si256(qh, m03), 4));
            const __m256i v1 =
                _mm256_or_si256(_mm256_and_si256(ql1, low4), _mm256_slli_epi16(_mm256_and_si256(qh, m0c), 2));
            const __m256i v2 =
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low4), _mm256_and_si256(qh, m30));
            const __m256i v3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low4),
                                               _mm256_srli_epi16(_mm256_and_si256(qh, mc0), 2));
            const __m256i s = h == 0 ? sLo : sHi;
            const __m256i z = _mm256_setzero_si256();
            acc4[0] = dotUS(h == 0 ? z : acc4[0], v0, load8(4 * h + 0), _mm256_shuffle_epi8(s, shA));
            acc4[1] = dotUS(h == 0 ? z : acc4[1], v1, load8(4 * h + 1), _mm256_shuffle_epi8(s, shB));
            acc4[2] = dotUS(h == 0 ? z : acc4[2], v2, load8(4 * h + 2), _mm256_shuffle_epi8(s, shC));
            acc4[3] = dotUS(h == 0 ? z : acc4[3], v3, load8(4 * h + 3), _mm256_shuffle_epi8(s, shD));
        }
        const __m256i sum = _mm256_sub_epi32(
            _mm256_add_epi32(_mm256_add_epi32(acc4[0], acc4[1]), _mm256_add_epi32(acc4[2], acc4[3])), offset);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sum), _mm256_set1_ps(halfToFloat(b.d) * a.d), acc);
    }
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#else
#define PEREGRINE_HAVE_X86_DECODE 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
