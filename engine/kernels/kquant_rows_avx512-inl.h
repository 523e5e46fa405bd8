// Decode (matrix x vector) over several Q4_K / Q6_K weight rows at once with 512-bit vectors: the AVX3 and
// AVX3_VNNI targets' matVecRows kernels (KernelTable::rows). One target's copy.
//
// Why: decode reads every weight once, and on a fast memory system (Zen 5: 45-50 GB/s for two cores) the
// one-row 256-bit kernels (kquant_dot_x86-inl.h) decoded at about 0.65 of the read bandwidth, and one core
// ran them from cache at only about half of that bandwidth (18-25 GB/s), so they could not keep up with DRAM.
// Here each step handles 64 quants per instruction instead of 32, the 4 rows of a group share the activation
// loads, shuffles and block sums, the scales are unpacked with byte shuffles instead of scalar code stored to
// memory and reloaded (a store-forwarding stall per block), and every row keeps its own accumulator (4
// independent chains; one horizontal sum per row at the end instead of per call).
//
// Layout trick (no repacking): a 64-byte load of Q4_K quants holds chunks (2c, 2c+2) in its low nibbles and
// (2c+1, 2c+3) in its high nibbles; the activation is shuffled to match once per block for the whole group.
// Q6_K: a 64-byte load of ql holds chunks (c, c+1) of a half, and the matching qh bits come from one 32-byte
// load broadcast to both halves and shifted by a per-half count, so the activation needs no shuffle.
//
// Same arithmetic as the scalar reference (exact integer sums per super-block, then float scaling); only
// the float summation order differs. Cost: reads rows x rowBytes once; thread-safe (pure).

#if defined(PEREGRINE_KERNELS_KQUANT_ROWS_AVX512_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_KQUANT_ROWS_AVX512_INL_H_
#undef PEREGRINE_KERNELS_KQUANT_ROWS_AVX512_INL_H_
#else
#define PEREGRINE_KERNELS_KQUANT_ROWS_AVX512_INL_H_
#endif

#include "kernels/int8_simd-inl.h"
#include "quant/blocks.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

#undef PEREGRINE_HAVE_AVX512_DECODE
#if PEREGRINE_X86 && HWY_TARGET == HWY_AVX3
#define PEREGRINE_HAVE_AVX512_DECODE 1

constexpr int kDecodeGroupRows = 4;

// acc += sum over byte pairs of w (unsigned, <= 63) * a (signed), each int16 pair sum times its lane of s.
inline __m512i dotPairs512(__m512i acc, __m512i w, __m512i a, __m512i s) {
    const __m512i p = _mm512_maddubs_epi16(w, a);
#if PEREGRINE_AVX512VNNI
    return _mm512_dpwssd_epi32(acc, p, s);
#else
    return _mm512_add_epi32(acc, _mm512_madd_epi16(p, s));
#endif
}

// Low 256 bits lo, high 256 bits hi (each int16 lane = v).
inline __m512i halves16(int lo, int hi) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi16(static_cast<short>(lo))),
                              _mm256_set1_epi16(static_cast<short>(hi)), 1);
}

// The 12 packed Q4_K scale bytes at p as 16 bytes: scales 0-7, then mins 0-7 (6 bits each). Reads 16 bytes
// (the block's quants follow the scales, so the 4 extra bytes are inside the block).
inline __m128i unpackScalesMinsK4(const uint8_t* p) {
    const __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i t1 = _mm_shuffle_epi8(u, _mm_setr_epi8(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11));
    const __m128i lo =
        _mm_and_si128(t1, _mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 0, 0, 0, 0));
    const __m128i highNibbles = _mm_and_si128(
        _mm_srli_epi16(t1, 4), _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 15, 15));
    const __m128i t2 =
        _mm_shuffle_epi8(u, _mm_setr_epi8(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, 4, 5, 6, 7));
    const __m128i top = _mm_and_si128(_mm_srli_epi16(t2, 2), _mm_set1_epi8(0x30));
    return _mm_or_si128(_mm_or_si128(lo, highNibbles), top);
}

inline float reduce512(__m512 v) {
    return _mm512_reduce_add_ps(v);
}

// Asks for the cache lines of block b. The group kernels walk the group of rows two groups ahead linearly,
// one block per row step (rows x blocks of the group = the same bytes as the group), so the prefetches run in
// address order about 2 x group bytes (9-54 KiB) ahead of the reads. Measured on Zen 5 with the weights in
// DRAM (one thread, loaded machine): one group ahead and per-row prefetches (each row's block one group on)
// streamed Q4_K at 17-21 and 8-18 GB/s, this at 21-23 GB/s, no software prefetch at 3 GB/s. Prefetches never
// fault, so past the matrix end is harmless.
template <class B>
inline void prefetchBlock(const B* b) {
    const char* p = reinterpret_cast<const char*>(b);
#pragma GCC unroll 4
    for (size_t o = 0; o < sizeof(B); o += 64) _mm_prefetch(p + o, _MM_HINT_T0);
}

// Q4_K: R rows (rowBytes apart from x0) against one Q8_K activation, nb super-blocks; out[r] = dot.
template <int R>
inline void q4kGroup(const uint8_t* x0, size_t rowBytes, const BlockQ8K* y, int64_t nb, float* out) {
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    // pshufb controls: int16 lanes of the low 256 bits take scale byte a, of the high 256 bits byte b.
    const __m512i c02 = halves16(0x8000 | 0, 0x8000 | 2), c13 = halves16(0x8000 | 1, 0x8000 | 3);
    const __m512i c46 = halves16(0x8000 | 4, 0x8000 | 6), c57 = halves16(0x8000 | 5, 0x8000 | 7);
    const __m128i minsCtl = _mm_setr_epi8(8, -1, 9, -1, 10, -1, 11, -1, 12, -1, 13, -1, 14, -1, 15, -1);
    __m512 acc[R];
    __m128 accMin[R];
    for (int r = 0; r < R; ++r) {
        acc[r] = _mm512_setzero_ps();
        accMin[r] = _mm_setzero_ps();
    }
    const size_t ahead = 2 * rowBytes * R;  // see prefetchBlock
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ8K& a = y[i];
        const __m512i a0 = _mm512_loadu_si512(a.qs), a1 = _mm512_loadu_si512(a.qs + 64);
        const __m512i a2 = _mm512_loadu_si512(a.qs + 128), a3 = _mm512_loadu_si512(a.qs + 192);
        const __m512i p02 = _mm512_shuffle_i64x2(a0, a1, 0x44), p13 = _mm512_shuffle_i64x2(a0, a1, 0xEE);
        const __m512i p46 = _mm512_shuffle_i64x2(a2, a3, 0x44), p57 = _mm512_shuffle_i64x2(a2, a3, 0xEE);
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const __m128i bsPairs = _mm_hadd_epi16(_mm256_castsi256_si128(bs), _mm256_extracti128_si256(bs, 1));
        const float dy = a.d;
        // Unrolled so that acc[] stays in registers (a rolled loop kept it on the stack: a store and reload
        // per row and block).
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const auto& b = reinterpret_cast<const BlockQ4K*>(x0 + r * rowBytes)[i];
            prefetchBlock(reinterpret_cast<decltype(&b)>(x0 + ahead) + i * R + r);
            const __m128i sm = unpackScalesMinsK4(b.scales);
            const __m512i sc = _mm512_broadcast_i32x4(sm);
            const __m128i minProd = _mm_madd_epi16(_mm_shuffle_epi8(sm, minsCtl), bsPairs);
            const __m512i q0 = _mm512_loadu_si512(b.qs), q1 = _mm512_loadu_si512(b.qs + 64);
            __m512i s = dotPairs512(_mm512_setzero_si512(), _mm512_and_si512(q0, low4), p02,
                                    _mm512_shuffle_epi8(sc, c02));
            __m512i t = dotPairs512(_mm512_setzero_si512(), _mm512_and_si512(_mm512_srli_epi16(q0, 4), low4),
                                    p13, _mm512_shuffle_epi8(sc, c13));
            s = dotPairs512(s, _mm512_and_si512(q1, low4), p46, _mm512_shuffle_epi8(sc, c46));
            t = dotPairs512(t, _mm512_and_si512(_mm512_srli_epi16(q1, 4), low4), p57,
                            _mm512_shuffle_epi8(sc, c57));
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(s, t)),
                                     _mm512_set1_ps(halfToFloat(b.d) * dy), acc[r]);
            accMin[r] =
                _mm_fmadd_ps(_mm_cvtepi32_ps(minProd), _mm_set1_ps(halfToFloat(b.dmin) * dy), accMin[r]);
        }
    }
    for (int r = 0; r < R; ++r) {
        __m128 m = _mm_add_ps(accMin[r], _mm_movehl_ps(accMin[r], accMin[r]));
        m = _mm_add_ss(m, _mm_movehdup_ps(m));
        out[r] = reduce512(acc[r]) - _mm_cvtss_f32(m);
    }
}

// Q6_K: as q4kGroup. Levels enter unsigned (0..63); the -32 offset is folded in through the block sums.
template <int R>
inline void q6kGroup(const uint8_t* x0, size_t rowBytes, const BlockQ8K* y, int64_t nb, float* out) {
    const __m512i low4 = _mm512_set1_epi8(0x0F), m30 = _mm512_set1_epi8(0x30);
    const __m512i shl01 = halves16(4, 2);  // chunk c: qh bits 0-1 -> 4-5; chunk c+1: bits 2-3 -> 4-5
    const __m512i shr23 = halves16(0, 2);  // chunk c+2: bits 4-5 stay; chunk c+3: bits 6-7 -> 4-5
    // pshufb controls: 128-bit lane L takes int16 scale (o + L) of the 8 broadcast ones, o = 0 or 4.
    const __m512i ctl0 = _mm512_set_epi64(0x0706070607060706LL, 0x0706070607060706LL, 0x0504050405040504LL,
                                          0x0504050405040504LL, 0x0302030203020302LL, 0x0302030203020302LL,
                                          0x0100010001000100LL, 0x0100010001000100LL);
    const __m512i ctl4 = _mm512_add_epi8(ctl0, _mm512_set1_epi8(8));
    __m512 acc[R];
    for (int r = 0; r < R; ++r) acc[r] = _mm512_setzero_ps();
    const size_t ahead = 2 * rowBytes * R;  // see prefetchBlock
    for (int64_t i = 0; i < nb; ++i) {
        const BlockQ8K& a = y[i];
        const __m512i a01 = _mm512_loadu_si512(a.qs), a23 = _mm512_loadu_si512(a.qs + 64);
        const __m512i a45 = _mm512_loadu_si512(a.qs + 128), a67 = _mm512_loadu_si512(a.qs + 192);
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const float dy = a.d;
        // Unrolled so that acc[] stays in registers (a rolled loop kept it on the stack: a store and reload
        // per row and block).
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const auto& b = reinterpret_cast<const BlockQ6K*>(x0 + r * rowBytes)[i];
            prefetchBlock(reinterpret_cast<decltype(&b)>(x0 + ahead) + i * R + r);
            const __m256i sc16 =
                _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b.scales)));
            const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(bs, sc16), 5);  // 32 sum scale*bsum
            __m512i s = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_zextsi256_si512(offset));
            __m512i t = _mm512_setzero_si512();
            for (int h = 0; h < 2; ++h) {
                const __m512i ql = _mm512_loadu_si512(b.ql + 64 * h);
                const __m512i qh = _mm512_broadcast_i64x4(
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b.qh + 32 * h)));
                const __m512i hi01 = _mm512_and_si512(_mm512_sllv_epi16(qh, shl01), m30);
                const __m512i hi23 = _mm512_and_si512(_mm512_srlv_epi16(qh, shr23), m30);
                // (x & 0x0F) | hi, one ternary-logic op (A & B) | C.
                const __m512i v01 = _mm512_ternarylogic_epi32(ql, low4, hi01, 0xEA);
                const __m512i v23 = _mm512_ternarylogic_epi32(_mm512_srli_epi16(ql, 4), low4, hi23, 0xEA);
                const __m512i sc = _mm512_broadcast_i32x4(h == 0 ? _mm256_castsi256_si128(sc16)
                                                                 : _mm256_extracti128_si256(sc16, 1));
                s = dotPairs512(s, v01, h == 0 ? a01 : a45, _mm512_shuffle_epi8(sc, ctl0));
                t = dotPairs512(t, v23, h == 0 ? a23 : a67, _mm512_shuffle_epi8(sc, ctl4));
            }
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(s, t)),
                                     _mm512_set1_ps(halfToFloat(b.d) * dy), acc[r]);
        }
    }
    for (int r = 0; r < R; ++r) out[r] = reduce512(acc[r]);
}

// y[r] = dot(row r, act) for r in [r0, r1): groups of kDecodeGroupRows rows, then the remainder.
template <void (*G4)(const uint8_t*, size_t, const BlockQ8K*, int64_t, float*),
          void (*G2)(const uint8_t*, size_t, const BlockQ8K*, int64_t, float*),
          void (*G1)(const uint8_t*, size_t, const BlockQ8K*, int64_t, float*)>
inline void rowsDriver(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y, int64_t r0,
                       int64_t r1) {
    const auto* a = static_cast<const BlockQ8K*>(act);
    const int64_t nb = n / kQKK;
    int64_t r = r0;
    for (; r + kDecodeGroupRows <= r1; r += kDecodeGroupRows) G4(w + r * rowBytes, rowBytes, a, nb, y + r);
    for (; r + 2 <= r1; r += 2) G2(w + r * rowBytes, rowBytes, a, nb, y + r);
    if (r < r1) G1(w + r * rowBytes, rowBytes, a, nb, y + r);
}

inline void q4kRowsAvx512(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y, int64_t r0,
                          int64_t r1) {
    rowsDriver<q4kGroup<4>, q4kGroup<2>, q4kGroup<1>>(w, rowBytes, act, n, y, r0, r1);
}
inline void q6kRowsAvx512(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y, int64_t r0,
                          int64_t r1) {
    rowsDriver<q6kGroup<4>, q6kGroup<2>, q6kGroup<1>>(w, rowBytes, act, n, y, r0, r1);
}

#else
#define PEREGRINE_HAVE_AVX512_DECODE 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
