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
// Layout trick inside a block: a 64-byte load of Q4_K quants holds chunks (2c, 2c+2) in its low nibbles and
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

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "kernels/int8_simd-inl.h"
#include "quant/blocks.h"
#include "quant/row_interleave.h"

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
static_assert(kDecodeGroupRows == kInterleaveRows, "an interleaved group is one decode group");

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

#if PEREGRINE_AVX512VNNI
// pshufb control for two chunk-sum vectors packed to int16 (q4kGroup, VNNI): in 128-bit lanes 0-1 words
// 0-3 take scale byte c and words 4-7 byte c + 1; in lanes 2-3 bytes c + 2 and c + 3 (zero-extended).
inline __m256i packedScaleLanes(short a) {
    const short lo = static_cast<short>(0x8000 | a), hi = static_cast<short>(0x8000 | (a + 1));
    return _mm256_broadcastsi128_si256(_mm_setr_epi16(lo, lo, lo, lo, hi, hi, hi, hi));
}
inline __m512i packedScaleCtl(short c) {
    return _mm512_inserti64x4(_mm512_castsi256_si512(packedScaleLanes(c)), packedScaleLanes(c + 2), 1);
}
#endif

inline float reduce512(__m512 v) {
    return _mm512_reduce_add_ps(v);
}

// Software prefetch distance, in row groups (a group is R whole rows, contiguous): to L2 three groups ahead.
// Measured on Zen 5 with the weights on huge pages (1B shape in peregrine-bench, matmul time per token, 3
// alternated rounds): 2 groups 44.9-46.3 GB/s, 3 groups 45.6-47.5, 5 groups 44.3-46.0, none 38.9-40.2. A
// second prefetch one group ahead into L1, which the earlier per-row kernel needed, now cost 1.5-3% (3 of 3
// rounds on the 1B shape, 2 of 3 on the 3B shape): the hardware brings the lines from L2 in time.
constexpr size_t kPrefetchGroupsL2 = 3;
// Ranges from this size up get their first groups prefetched before the loop (rowsDriver).
constexpr size_t kColdRangeBytes = 64 * 1024;

// The 16 bytes at p of each of the R rows (rowBytes apart) in 128-bit lanes 0..R-1 (zero above).
template <int R>
inline __m512i loadLanes(const uint8_t* p, size_t rowBytes) {
    const auto at = [&](int r) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + r * rowBytes));
    };
    __m512i v = _mm512_zextsi128_si512(at(0));
    if constexpr (R > 1) v = _mm512_inserti32x4(v, at(1), 1);
    if constexpr (R > 2) {
        v = _mm512_inserti32x4(v, at(2), 2);
        v = _mm512_inserti32x4(v, at(3), 3);
    }
    return v;
}

// The fp16 values at p of each of the R rows (rowBytes apart), Halves per row (Q4_K: d and dmin; Q6_K: d), as
// floats: row r's in elements [r * Halves, (r + 1) * Halves), zero past R rows. Inserted from registers: 4
// scalar stores read back as one vector stall store forwarding (that version ran at 0.7 of this one's speed).
template <int R, int Halves>
inline __m256 loadRowHalves(const uint8_t* p, size_t rowBytes) {
    static_assert(Halves == 1 || Halves == 2, "one or two fp16 per row");
    using Word = std::conditional_t<Halves == 2, uint32_t, uint16_t>;
    const auto at = [&](int r) {
        Word v;
        std::memcpy(&v, p + r * rowBytes, sizeof(Word));
        return static_cast<int>(v);
    };
    // Immediate lane indices (the intrinsics need constants even in unoptimized builds).
    const auto insert = [&](__m128i v, auto lane) {
        constexpr int r = decltype(lane)::value;
        if constexpr (r >= R)
            return v;
        else if constexpr (Halves == 2)
            return _mm_insert_epi32(v, at(r), r);
        else
            return _mm_insert_epi16(v, at(r), r);
    };
    __m128i v = _mm_cvtsi32_si128(at(0));
    v = insert(v, std::integral_constant<int, 1>{});
    v = insert(v, std::integral_constant<int, 2>{});
    v = insert(v, std::integral_constant<int, 3>{});
    return _mm256_cvtph_ps(v);
}

// 128-bit lane r (0-3) of v in all four lanes. A switch, since the shuffle needs a constant even in
// unoptimized builds; in the unrolled row loops it folds away.
inline __m512i broadcastLane(__m512i v, int r) {
    switch (r) {
        case 0:
            return _mm512_shuffle_i32x4(v, v, 0x00);
        case 1:
            return _mm512_shuffle_i32x4(v, v, 0x55);
        case 2:
            return _mm512_shuffle_i32x4(v, v, 0xAA);
        default:
            return _mm512_shuffle_i32x4(v, v, 0xFF);
    }
}

// Asks for the cache lines of [p, p + Bytes) (whole lines from p; a range that ends mid-line leaves that
// line to the next call, which starts there). Unrolled: a loop cost 3 more instructions per line.
template <_mm_hint Hint, size_t Bytes>
inline void prefetchRange(const uint8_t* p) {
#pragma GCC unroll 16
    for (size_t o = 0; o < Bytes; o += 64) _mm_prefetch(reinterpret_cast<const char*>(p + o), Hint);
}

// Q4_K: R rows (rowBytes apart from x0) against one Q8_K activation, nb super-blocks; out[r] = dot.
// What depends only on a block's small fields is done once for all R rows in one vector (row r in 128-bit
// lane r): the 6-bit scales and mins are unpacked together, the min term goes to one accumulator, and one
// instruction converts the rows' fp16 d and dmin. Per row there remain the 4 multiply steps, the scale
// shuffles they need and the float accumulation. Measured from L1/L2 on Zen 5 (one thread, 512 x 2048):
// 41-44 GB/s of weights, against 30-37 with all of that done per row.
template <int R, bool Interleaved = false>
inline void q4kGroup(const uint8_t* x0, size_t rowBytes, const BlockQ8K* y, int64_t nb, float* out) {
    static_assert(R >= 1 && R <= 4, "one 128-bit lane per row");
    // Plain rows: row r's block i at x0 + r * rowBytes + i * block. Interleaved (R = kInterleaveRows,
    // quant/row_interleave.h): step i at x0 + i * 576 holds the R rows' d, dmin and scales (16 bytes each,
    // one 64-byte line), then their qs (128 bytes each).
    static_assert(!Interleaved || R == kInterleaveRows, "an interleaved step holds kInterleaveRows rows");
    const size_t rowStep = rowBytes;
    constexpr size_t blockStep = Interleaved ? sizeof(BlockQ4K) * R : sizeof(BlockQ4K);
    constexpr size_t kQsOffset = offsetof(BlockQ4K, qs) * R;  // interleaved: after the d/dmin/scales line
    // Where the scale bytes start in a row's 128-bit lane: plain lanes are loaded from `scales`, the
    // interleaved line holds d and dmin before them.
    constexpr char so = Interleaved ? offsetof(BlockQ4K, scales) : 0;
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    // pshufb controls: int16 lanes of the low 256 bits take scale byte a, of the high 256 bits byte b.
#if PEREGRINE_AVX512VNNI
    const __m512i c0123 = packedScaleCtl(0), c4567 = packedScaleCtl(4);
#else
    const __m512i c02 = halves16(0x8000 | 0, 0x8000 | 2), c13 = halves16(0x8000 | 1, 0x8000 | 3);
    const __m512i c46 = halves16(0x8000 | 4, 0x8000 | 6), c57 = halves16(0x8000 | 5, 0x8000 | 7);
#endif
    const __m512i minsCtl =
        _mm512_broadcast_i32x4(_mm_setr_epi8(8, -1, 9, -1, 10, -1, 11, -1, 12, -1, 13, -1, 14, -1, 15, -1));
    // Unpacking the 12 packed bytes into scales 0-7 and mins 0-7 (6 bits each), lane by lane.
    const __m512i shufA = _mm512_broadcast_i32x4(_mm_setr_epi8(so + 0, so + 1, so + 2, so + 3, so + 8, so + 9,
                                                               so + 10, so + 11, so + 4, so + 5, so + 6,
                                                               so + 7, so + 8, so + 9, so + 10, so + 11));
    const __m512i maskA =
        _mm512_broadcast_i32x4(_mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 0, 0, 0, 0));
    const __m512i maskHi =
        _mm512_broadcast_i32x4(_mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 15, 15));
    const __m512i shufB = _mm512_broadcast_i32x4(_mm_setr_epi8(
        -1, -1, -1, -1, so + 0, so + 1, so + 2, so + 3, -1, -1, -1, -1, so + 4, so + 5, so + 6, so + 7));
    const __m512i top2 = _mm512_set1_epi8(0x30);
    // Interleaved: the first dword of each lane (d, dmin of row r) gathered into the low 128 bits.
    const __m512i headDwords = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    // Float lanes of (d0 m0 d1 m1 ...): dmin of row r across 128-bit lane r.
    const __m512i minIdx = _mm512_setr_epi32(1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5, 7, 7, 7, 7);
    __m512 acc[R];
    for (int r = 0; r < R; ++r) acc[r] = _mm512_setzero_ps();
    __m512 accMin = _mm512_setzero_ps();
    const size_t group = rowBytes * R;
    constexpr size_t kBlockGroup = sizeof(BlockQ4K) * R;
    for (int64_t i = 0; i < nb; ++i) {
        const uint8_t* blk = x0 + i * blockStep;
        // The group is R rows of nb blocks, contiguous; R blocks' worth of it per step walks it linearly.
        prefetchRange<_MM_HINT_T1, kBlockGroup>(x0 + kPrefetchGroupsL2 * group + i * kBlockGroup);
        const BlockQ8K& a = y[i];
        const __m512i a0 = _mm512_loadu_si512(a.qs), a1 = _mm512_loadu_si512(a.qs + 64);
        const __m512i a2 = _mm512_loadu_si512(a.qs + 128), a3 = _mm512_loadu_si512(a.qs + 192);
        const __m512i p02 = _mm512_shuffle_i64x2(a0, a1, 0x44), p13 = _mm512_shuffle_i64x2(a0, a1, 0xEE);
        const __m512i p46 = _mm512_shuffle_i64x2(a2, a3, 0x44), p57 = _mm512_shuffle_i64x2(a2, a3, 0xEE);
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const __m512i bsPairs = _mm512_broadcast_i32x4(
            _mm_hadd_epi16(_mm256_castsi256_si128(bs), _mm256_extracti128_si256(bs, 1)));
        // Row r's 12 scale bytes in lane r. Plain: BlockQ4K is d, dmin, the 12 scale bytes, the quants, so
        // the 16 bytes read at `scales` end inside the block. Interleaved: the step's first line, d and dmin
        // first.
        const __m512i u =
            Interleaved ? _mm512_loadu_si512(blk) : loadLanes<R>(blk + offsetof(BlockQ4K, scales), rowStep);
        const __m512i t1 = _mm512_shuffle_epi8(u, shufA);
        const __m512i lo = _mm512_and_si512(t1, maskA);
        const __m512i hi = _mm512_and_si512(_mm512_srli_epi16(t1, 4), maskHi);
        const __m512i t2 = _mm512_shuffle_epi8(u, shufB);
        const __m512i sm =  // lo | hi | ((t2 >> 2) & 0x30)
            _mm512_ternarylogic_epi32(_mm512_or_si512(lo, hi), _mm512_srli_epi16(t2, 2), top2, 0xF8);
        __m256 rowD;
        if constexpr (Interleaved)
            rowD = _mm256_cvtph_ps(_mm512_castsi512_si128(_mm512_permutexvar_epi32(headDwords, u)));
        else
            rowD = loadRowHalves<R, 2>(blk, rowStep);
        const __m512 dd = _mm512_castps256_ps512(_mm256_mul_ps(rowD, _mm256_set1_ps(a.d)));
        const __m512i minProd = _mm512_madd_epi16(_mm512_shuffle_epi8(sm, minsCtl), bsPairs);
        accMin = _mm512_fmadd_ps(_mm512_cvtepi32_ps(minProd), _mm512_permutexvar_ps(minIdx, dd), accMin);
        // Unrolled so that acc[] stays in registers.
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const uint8_t* qs = Interleaved ? blk + kQsOffset + r * sizeof(BlockQ4K::qs)
                                            : blk + r * rowStep + offsetof(BlockQ4K, qs);
            const __m512i sc = broadcastLane(sm, r);
            const __m512i q0 = _mm512_loadu_si512(qs), q1 = _mm512_loadu_si512(qs + 64);
#if PEREGRINE_AVX512VNNI
            // Sums of 4 quant x activation products (|x| <= 4 x 15 x 128, so int16 holds them): one dpbusd
            // per 64 quants, two such vectors packed to int16, then one multiply by the chunks' scales per
            // pair. 6 multiplies per row and block instead of 8; from L2 (one thread) 48.1 against 44.2 GB/s,
            // in the 1B shape's decode 0.9-2.6% faster (3 alternated rounds).
            const __m512i z = _mm512_setzero_si512();
            const __m512i d02 = _mm512_dpbusd_epi32(z, _mm512_and_si512(q0, low4), p02);
            const __m512i d13 = _mm512_dpbusd_epi32(z, _mm512_and_si512(_mm512_srli_epi16(q0, 4), low4), p13);
            const __m512i d46 = _mm512_dpbusd_epi32(z, _mm512_and_si512(q1, low4), p46);
            const __m512i d57 = _mm512_dpbusd_epi32(z, _mm512_and_si512(_mm512_srli_epi16(q1, 4), low4), p57);
            __m512i s = _mm512_madd_epi16(_mm512_packs_epi32(d02, d13), _mm512_shuffle_epi8(sc, c0123));
            s = _mm512_dpwssd_epi32(s, _mm512_packs_epi32(d46, d57), _mm512_shuffle_epi8(sc, c4567));
#else
            // One dependency chain per row: the R rows are the parallelism.
            __m512i s = _mm512_madd_epi16(_mm512_maddubs_epi16(_mm512_and_si512(q0, low4), p02),
                                          _mm512_shuffle_epi8(sc, c02));
            s = dotPairs512(s, _mm512_and_si512(_mm512_srli_epi16(q0, 4), low4), p13,
                            _mm512_shuffle_epi8(sc, c13));
            s = dotPairs512(s, _mm512_and_si512(q1, low4), p46, _mm512_shuffle_epi8(sc, c46));
            s = dotPairs512(s, _mm512_and_si512(_mm512_srli_epi16(q1, 4), low4), p57,
                            _mm512_shuffle_epi8(sc, c57));
#endif
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s),
                                     _mm512_permutexvar_ps(_mm512_set1_epi32(2 * r), dd), acc[r]);
        }
    }
    alignas(64) float mins[16];
    _mm512_store_ps(mins, accMin);
    for (int r = 0; r < R; ++r)
        out[r] = reduce512(acc[r]) - ((mins[4 * r] + mins[4 * r + 1]) + (mins[4 * r + 2] + mins[4 * r + 3]));
}

// Q6_K: as q4kGroup. Levels enter unsigned (0..63); the -32 offset is folded in through the block sums.
template <int R, bool Interleaved = false>
inline void q6kGroup(const uint8_t* x0, size_t rowBytes, const BlockQ8K* y, int64_t nb, float* out) {
    // Plain rows: row r's block i at x0 + r * rowBytes + i * block. Interleaved (quant/row_interleave.h):
    // step i at x0 + i * 832 holds the R rows' ql (128 bytes each), qh (64 each), scales (16 each); the
    // steps' fp16 d (R per step) follow the last step.
    static_assert(!Interleaved || R == kInterleaveRows, "an interleaved step holds kInterleaveRows rows");
    const size_t rowStep = rowBytes;
    constexpr size_t kStepBytes = (sizeof(BlockQ6K) - sizeof(BlockQ6K::d)) * R;
    constexpr size_t blockStep = Interleaved ? kStepBytes : sizeof(BlockQ6K);
    const uint8_t* stepD = x0 + nb * kStepBytes;  // interleaved: the d values
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
    const size_t group = rowBytes * R;
    constexpr size_t kBlockGroup = sizeof(BlockQ6K) * R;
    for (int64_t i = 0; i < nb; ++i) {
        const uint8_t* blk = x0 + i * blockStep;
        prefetchRange<_MM_HINT_T1, kBlockGroup>(x0 + kPrefetchGroupsL2 * group + i * kBlockGroup);
        __m256 rowD;
        if constexpr (Interleaved)
            rowD = _mm256_cvtph_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(stepD + i * 2 * R)));
        else
            rowD = loadRowHalves<R, 1>(blk + offsetof(BlockQ6K, d), rowStep);
        const BlockQ8K& a = y[i];
        const __m512i a01 = _mm512_loadu_si512(a.qs), a23 = _mm512_loadu_si512(a.qs + 64);
        const __m512i a45 = _mm512_loadu_si512(a.qs + 128), a67 = _mm512_loadu_si512(a.qs + 192);
        const __m256i bs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.bsums));
        const __m512 dd = _mm512_castps256_ps512(_mm256_mul_ps(rowD, _mm256_set1_ps(a.d)));
        // Unrolled so that acc[] stays in registers (a rolled loop kept it on the stack: a store and reload
        // per row and block).
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const uint8_t* ql = Interleaved ? blk + r * sizeof(BlockQ6K::ql) : blk + r * rowStep;
            const uint8_t* qhBytes = Interleaved ? blk + R * sizeof(BlockQ6K::ql) + r * sizeof(BlockQ6K::qh)
                                                 : blk + r * rowStep + offsetof(BlockQ6K, qh);
            const uint8_t* scales = Interleaved ? blk + R * (sizeof(BlockQ6K::ql) + sizeof(BlockQ6K::qh)) +
                                                      r * sizeof(BlockQ6K::scales)
                                                : blk + r * rowStep + offsetof(BlockQ6K, scales);
            const __m256i sc16 =
                _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(scales)));
            const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(bs, sc16), 5);  // 32 sum scale*bsum
            __m512i s = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_zextsi256_si512(offset));
            __m512i t = _mm512_setzero_si512();
            for (int h = 0; h < 2; ++h) {
                const __m512i lo = _mm512_loadu_si512(ql + 64 * h);
                const __m512i qh = _mm512_broadcast_i64x4(
                    _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qhBytes + 32 * h)));
                const __m512i hi01 = _mm512_and_si512(_mm512_sllv_epi16(qh, shl01), m30);
                const __m512i hi23 = _mm512_and_si512(_mm512_srlv_epi16(qh, shr23), m30);
                // (x & 0x0F) | hi, one ternary-logic op (A & B) | C.
                const __m512i v01 = _mm512_ternarylogic_epi32(lo, low4, hi01, 0xEA);
                const __m512i v23 = _mm512_ternarylogic_epi32(_mm512_srli_epi16(lo, 4), low4, hi23, 0xEA);
                const __m512i sc = _mm512_broadcast_i32x4(h == 0 ? _mm256_castsi256_si128(sc16)
                                                                 : _mm256_extracti128_si256(sc16, 1));
                s = dotPairs512(s, v01, h == 0 ? a01 : a45, _mm512_shuffle_epi8(sc, ctl0));
                t = dotPairs512(t, v23, h == 0 ? a23 : a67, _mm512_shuffle_epi8(sc, ctl4));
            }
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(s, t)),
                                     _mm512_permutexvar_ps(_mm512_set1_epi32(r), dd), acc[r]);
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
    // The groups' own prefetches run kPrefetchGroupsL2 groups ahead of the one being read, so the first
    // groups of a range would start cold, and every decode work item (128 KiB and more) starts one: ask for
    // them up front. Measured (1B / 3B shapes, Zen 5, 2 threads, alternated): matmul time per token 1-5%
    // lower. Small ranges are the column-wise small-batch path's cache-sized blocks: no.
    const size_t bytes = static_cast<size_t>(r1 - r0) * rowBytes;
    if (bytes >= kColdRangeBytes) {
        const uint8_t* start = w + r0 * rowBytes;
        const size_t head = std::min(bytes, kPrefetchGroupsL2 * kDecodeGroupRows * rowBytes);
        for (size_t o = 0; o < head; o += 64)
            _mm_prefetch(reinterpret_cast<const char*>(start + o), _MM_HINT_T1);
    }
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
// The same over rows stored in interleaved groups (quant/row_interleave.h; r0 and r1 multiples of
// kInterleaveRows, which matVecRowsInterleaved guarantees): each step reads one contiguous run of R blocks,
// so a thread's reads are one sequential stream instead of four streams rowBytes apart. On Zen 5 (2 threads,
// loads alone, no arithmetic) the four-stream pattern read 43-46 GB/s where one stream read 57-62. With the
// kernels (peregrine-decode-kernel-bench, plain read of the same matrix after every pass, 2 alternated
// rounds): Q4_K 2048 columns 1.066-1.069 of that read against 0.978-1.059 plain, Q6_K 1.043-1.066 against
// 0.874-0.900, Q4_K 8192 columns 1.035-1.080 against 0.941-0.988.
// The steps' wide fields start on 64-byte lines (row_interleave.h): two threads reading 64-byte vectors 16
// or 32 bytes off the line streamed at 0.77-0.84 of the aligned rate. Against blocks copied whole, a scratch
// harness (600 MB matrix, 2 threads, 9 alternated passes against 64-byte loads of the same matrix) moved
// Q6_K from 0.73 to 0.89-0.93 of the read and Q4_K from 0.81-0.83 to 0.91-0.94 (with d/dmin/scales first;
// last, 0.85-0.88); the 1B shape decoded at 59.9-62.9 tok/s against 55.2-57.1 (peregrine-bench -t 2 -p 0
// -n 64 -r 3, 3 alternated runs).
inline void q4kRowsInterleaved(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y,
                               int64_t r0, int64_t r1) {
    rowsDriver<q4kGroup<4, true>, q4kGroup<4, true>, q4kGroup<4, true>>(w, rowBytes, act, n, y, r0, r1);
}
inline void q6kRowsInterleaved(const uint8_t* w, size_t rowBytes, const void* act, int64_t n, float* y,
                               int64_t r0, int64_t r1) {
    rowsDriver<q6kGroup<4, true>, q6kGroup<4, true>, q6kGroup<4, true>>(w, rowBytes, act, n, y, r0, r1);
}

#else
#define PEREGRINE_HAVE_AVX512_DECODE 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
