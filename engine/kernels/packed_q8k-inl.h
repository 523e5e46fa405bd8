// Packed prefill kernels for Q4_K and Q6_K weights on AVX3_VNNI (AVX-512 VNNI, vpdpbusd) and NEON with
// dotprod (vdotq_laneq_s32), one target's copy.
//
// Why: the per-row kernels (kquant_dot-inl.h) spend two multiply uops (pmaddubsw + pmaddwd/vpdpwssd) per 32
// products because the group scale must be applied inside every chunk. Here the 16 lanes of a vector are 16
// activation columns instead: one vpdpbusd multiplies 4 weight bytes (broadcast) with 4 bytes of each of
// 16 columns (64 products per uop), and the group scale is applied once per group for all 16 columns.
//
// Packed activation layout, per panel of 16 columns and per super-block (5184 bytes; 64-byte alignment of
// the buffer is best but not required):
//   qs   [64 k-quads][16 columns][4 bytes]  Q8_K quants, k-quad q = elements 4q..4q+3
//   d    [16] float                          Q8_K scale per column (0 for padding columns)
//   bsum [16 groups of 16][16] float         bsums[h] * d per column (min / offset terms)
// Panels follow each other, super-blocks inside a panel: offset (panel * nb + sb) * 5184.
//
// NEON reads the same layout as 4 sub-panels of 4 columns.
// Cost: 64 vpdpbusd per (4 rows x 16 columns x super-block); weight unpacking once per (row, super-block)
// for all panels. Packed activations take 1.27 bytes per element (n = 2048, 128 columns: 330 KiB), so all
// columns stay in L2 while a block of rows streams past them.

#if defined(PEREGRINE_KERNELS_PACKED_Q8K_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_PACKED_Q8K_INL_H_
#undef PEREGRINE_KERNELS_PACKED_Q8K_INL_H_
#else
#define PEREGRINE_KERNELS_PACKED_Q8K_INL_H_
#endif

#include "kernels/kquant_dot-inl.h"
#include "kernels/quantize_q8k-inl.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

#undef PEREGRINE_HAVE_PACKED_Q8K
#if PEREGRINE_AVX512VNNI || (PEREGRINE_NEON && defined(__ARM_FEATURE_DOTPROD))
#define PEREGRINE_HAVE_PACKED_Q8K 1

constexpr int kPanel = 16;
constexpr size_t kPanelQsBytes = 64 * kPanel * 4;
constexpr size_t kPanelSbBytes = kPanelQsBytes + kPanel * 4 + 16 * kPanel * 4;
inline size_t packedQ8KBytes(int64_t n, int64_t cols) {
    const int64_t panels = (cols + kPanel - 1) / kPanel;
    return static_cast<size_t>(panels * (n / kQKK)) * kPanelSbBytes;
}

#if PEREGRINE_AVX512VNNI
// Q8_K quantization of one super-block of column j straight into its panel slot. Same arithmetic as the
// scalar quantizer (quant_k6k8.cpp): iscale = -127 / (first value of largest magnitude), q = min(127,
// round-half-even(iscale * x)), d = 1 / iscale, so packed and row paths see identical quants.
inline void packQ8KBlock(const float* x, uint8_t* base, int j) {
    auto* d = reinterpret_cast<float*>(base + kPanelQsBytes);
    float* bs = d + kPanel;
    const __m512 absMask = _mm512_castsi512_ps(_mm512_set1_epi32(0x7FFFFFFF));
    __m512 vmax = _mm512_setzero_ps();
    for (int k = 0; k < kQKK; k += 16)
        vmax = _mm512_max_ps(vmax, _mm512_and_ps(_mm512_loadu_ps(x + k), absMask));
    const float amax = _mm512_reduce_max_ps(vmax);
    const __m512i quadIndex = _mm512_mullo_epi32(
        _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), _mm512_set1_epi32(kPanel));
    if (amax == 0.0f) {
        for (int v = 0; v < 4; ++v)
            _mm512_i32scatter_epi32(base + (16 * v * kPanel + j) * 4, quadIndex, _mm512_setzero_si512(), 4);
        d[j] = 0.0f;
        for (int h = 0; h < 16; ++h) bs[h * kPanel + j] = 0.0f;
        return;
    }
    float max = 0.0f;
    for (int k = 0; k < kQKK; k += 16) {
        const __mmask16 m = _mm512_cmp_ps_mask(_mm512_and_ps(_mm512_loadu_ps(x + k), absMask),
                                               _mm512_set1_ps(amax), _CMP_EQ_OQ);
        if (m) {
            max = x[k + __builtin_ctz(m)];
            break;
        }
    }
    const float iscale = -127.0f / max;
    const float dq = 1.0f / iscale;
    const __m512 vs = _mm512_set1_ps(iscale);
    alignas(64) int8_t q[kQKK];
    for (int h = 0; h < 16; ++h) {
        __m512i qi = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + 16 * h), vs));  // round half even
        qi = _mm512_min_epi32(qi, _mm512_set1_epi32(127));
        _mm_store_si128(reinterpret_cast<__m128i*>(q + 16 * h), _mm512_cvtepi32_epi8(qi));
        bs[h * kPanel + j] = static_cast<float>(_mm512_reduce_add_epi32(qi)) * dq;
    }
    // 64 k-quads of this column: quad 16v + i goes to panel offset ((16v + i) * kPanel + j) * 4.
    for (int v = 0; v < 4; ++v)
        _mm512_i32scatter_epi32(base + (16 * v * kPanel + j) * 4, quadIndex,
                                _mm512_load_si512(reinterpret_cast<const __m512i*>(q + 64 * v)), 4);
    d[j] = dq;
}
#else
// Portable: the target's row quantizer, then the quads scattered into the panel.
inline void packQ8KBlock(const float* x, uint8_t* base, int j) {
    auto* d = reinterpret_cast<float*>(base + kPanelQsBytes);
    float* bs = d + kPanel;
    BlockQ8K b;
    quantizeQ8K(x, &b, kQKK);
    for (int q = 0; q < 64; ++q) std::memcpy(base + (q * kPanel + j) * 4, b.qs + 4 * q, 4);
    d[j] = b.d;
    for (int h = 0; h < 16; ++h) bs[h * kPanel + j] = static_cast<float>(b.bsums[h]) * b.d;
}
#endif

inline void packQ8K(const float* x, int64_t ldx, int64_t n, int64_t colBegin, int64_t colEnd, int64_t cols,
                    uint8_t* packed) {
    const int64_t nb = n / kQKK;
    const int64_t lastPanel = colEnd >= cols ? (cols + kPanel - 1) / kPanel : colEnd / kPanel;
    alignas(64) static const float kZeros[kQKK] = {};
    for (int64_t p = colBegin / kPanel; p < lastPanel; ++p) {
        for (int j = 0; j < kPanel; ++j) {
            const int64_t c = p * kPanel + j;
            if (c < colBegin || (c >= colEnd && c < cols)) continue;  // another caller packs it
            for (int64_t sb = 0; sb < nb; ++sb)
                packQ8KBlock(c < cols ? x + c * ldx + sb * kQKK : kZeros,
                             packed + static_cast<size_t>(p * nb + sb) * kPanelSbBytes, j);
        }
    }
}

// Per (row, super-block): unsigned levels in element order and float factors.
struct PackedRowBlock {
    alignas(64) uint8_t q[kQKK];
    float scale[16];  // d * group scale, per group (8 groups of 32 for Q4_K, 16 of 16 for Q6_K)
    float corr[16];   // per 16-element group h: factor of bsum[h] * dy subtracted
};

// The unpacks write levels and float factors only (not the generic kernel's per-chunk scale vectors and
// correction coefficients, which this path never reads).
struct PackedQ4K {
    using Block = BlockQ4K;
    static constexpr int kGroups = 8;
    static void unpack(const BlockQ4K& b, PackedRowBlock& out) {
        for (int c = 0; c < 4; ++c) {
            const Chunk raw = loadChunk(b.qs + 32 * c);
            storeChunk(out.q + 64 * c, andMask(raw, 0x0F));
            storeChunk(out.q + 64 * c + 32, shr<4>(raw));
        }
        uint8_t sc[8], mn[8];
        scaleMinK4(b.scales, sc, mn);
        const float d = halfToFloat(b.d), m = halfToFloat(b.dmin);
        for (int g = 0; g < 8; ++g) out.scale[g] = d * sc[g];
        for (int h = 0; h < 16; ++h) out.corr[h] = m * mn[h / 2];
    }
};

struct PackedQ6K {
    using Block = BlockQ6K;
    static constexpr int kGroups = 16;
    static void unpack(const BlockQ6K& b, PackedRowBlock& out) {
        for (int h = 0; h < 2; ++h) {
            const Chunk ql0 = loadChunk(b.ql + 64 * h), ql1 = loadChunk(b.ql + 64 * h + 32);
            const Chunk qh = loadChunk(b.qh + 32 * h);
            uint8_t* q = out.q + 128 * h;
            storeChunk(q, orChunk(andMask(ql0, 0x0F), shl<4>(andMask(qh, 0x03))));
            storeChunk(q + 32, orChunk(andMask(ql1, 0x0F), shl<2>(andMask(qh, 0x0C))));
            storeChunk(q + 64, orChunk(shr<4>(ql0), andMask(qh, 0x30)));
            storeChunk(q + 96, orChunk(shr<4>(ql1), shr<2>(andMask(qh, 0xC0))));
        }
        const float d = halfToFloat(b.d);
        for (int h = 0; h < 16; ++h) {
            out.scale[h] = d * b.scales[h];
            out.corr[h] = 32.0f * d * b.scales[h];
        }
    }
};

inline int32_t load32(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

#if PEREGRINE_AVX512VNNI
constexpr int kPackedRows = 4;

// acc[r][16p + lane] += dot of weight row r with the columns of panels p0..p0+NP-1, super-block sb. NP
// panels x R rows give NP * R independent vpdpbusd chains (latency 5, so 8 chains keep the unit busy).
// The loops over panels, rows and quads are unrolled explicitly: GCC otherwise keeps the gi / t arrays in
// memory, a store-to-load round trip per vpdpbusd that made this kernel 3x slower.
template <class T, int R, int NP>
inline void packedPanels(const PackedRowBlock* rb, const uint8_t* packed, int64_t nb, int64_t sb, int64_t p0,
                         float* acc, int64_t accStride) {
    constexpr int kQuadsPerGroup = 64 / T::kGroups;
    const __m512i* a[NP];
#pragma GCC unroll 16
    for (int p = 0; p < NP; ++p)
        a[p] = reinterpret_cast<const __m512i*>(packed +
                                                static_cast<size_t>((p0 + p) * nb + sb) * kPanelSbBytes);
    __m512 t[NP][R];
#pragma GCC unroll 16
    for (int p = 0; p < NP; ++p)
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) t[p][r] = _mm512_setzero_ps();
    for (int g = 0; g < T::kGroups; ++g) {
        __m512i gi[NP][R];
#pragma GCC unroll 16
        for (int p = 0; p < NP; ++p)
#pragma GCC unroll 16
            for (int r = 0; r < R; ++r) gi[p][r] = _mm512_setzero_si512();
#pragma GCC unroll 16
        for (int q = 0; q < kQuadsPerGroup; ++q) {
            const int kq = g * kQuadsPerGroup + q;
            __m512i av[NP];
#pragma GCC unroll 16
            for (int p = 0; p < NP; ++p) av[p] = _mm512_loadu_si512(a[p] + kq);
#pragma GCC unroll 16
            for (int r = 0; r < R; ++r) {
                const __m512i wv = _mm512_set1_epi32(load32(rb[r].q + 4 * kq));
#pragma GCC unroll 16
                for (int p = 0; p < NP; ++p) gi[p][r] = _mm512_dpbusd_epi32(gi[p][r], wv, av[p]);
            }
        }
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
            const __m512 sc = _mm512_set1_ps(rb[r].scale[g]);
#pragma GCC unroll 16
            for (int p = 0; p < NP; ++p) t[p][r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(gi[p][r]), sc, t[p][r]);
        }
    }
#pragma GCC unroll 16
    for (int p = 0; p < NP; ++p) {
        const auto* df =
            reinterpret_cast<const float*>(reinterpret_cast<const uint8_t*>(a[p]) + kPanelQsBytes);
        const __m512 dy = _mm512_loadu_ps(df);
        const float* bs = df + kPanel;
#pragma GCC unroll 16
        for (int r = 0; r < R; ++r) {
            __m512 m = _mm512_setzero_ps();
#pragma GCC unroll 16
            for (int h = 0; h < 16; ++h)
                m = _mm512_fmadd_ps(_mm512_set1_ps(rb[r].corr[h]), _mm512_loadu_ps(bs + h * kPanel), m);
            float* out = acc + r * accStride + (p0 + p) * kPanel;
            const __m512 v = _mm512_fmadd_ps(t[p][r], dy, _mm512_loadu_ps(out));
            _mm512_storeu_ps(out, _mm512_sub_ps(v, m));
        }
    }
}

#else  // NEON + dotprod
constexpr int kPackedRows = 2;

// NEON: a 16-byte vector of the panel is 4 columns x 4 bytes (one k-quad); vdotq_laneq_s32 multiplies it with
// one quad of a weight register (16 weight bytes = 4 quads) for 4 columns at once. One panel = 4 such
// sub-panels; R = 2 rows x 4 sub-panels = 8 accumulator chains.
template <int L, int R>
inline void neonQuadStep(int32x4_t (&gi)[4][R], const int8_t* qs, const int8x16_t (&w)[R]) {
    for (int sp = 0; sp < 4; ++sp) {
        const int8x16_t a = vld1q_s8(qs + 4 * 4 * sp);
        for (int r = 0; r < R; ++r) gi[sp][r] = vdotq_laneq_s32(gi[sp][r], a, w[r], L);
    }
}

template <class T, int R, int NP>
inline void packedPanels(const PackedRowBlock* rb, const uint8_t* packed, int64_t nb, int64_t sb, int64_t p0,
                         float* acc, int64_t accStride) {
    static_assert(NP == 1 || NP == 2);
    for (int pp = 0; pp < NP; ++pp) {
        const int64_t p = p0 + pp;
        const uint8_t* base = packed + static_cast<size_t>(p * nb + sb) * kPanelSbBytes;
        const auto* qs = reinterpret_cast<const int8_t*>(base);
        float32x4_t t[4][R];
        for (int sp = 0; sp < 4; ++sp)
            for (int r = 0; r < R; ++r) t[sp][r] = vdupq_n_f32(0.0f);
        constexpr int kQuadsPerGroup = 64 / T::kGroups;
        for (int g = 0; g < T::kGroups; ++g) {
            int32x4_t gi[4][R];
            for (int sp = 0; sp < 4; ++sp)
                for (int r = 0; r < R; ++r) gi[sp][r] = vdupq_n_s32(0);
            for (int q = 0; q < kQuadsPerGroup; q += 4) {
                const int kq = g * kQuadsPerGroup + q;
                int8x16_t w[R];
                for (int r = 0; r < R; ++r)
                    w[r] = vld1q_s8(reinterpret_cast<const int8_t*>(rb[r].q + 4 * kq));
                const int8_t* row = qs + static_cast<size_t>(kq) * kPanel * 4;
                neonQuadStep<0, R>(gi, row, w);
                neonQuadStep<1, R>(gi, row + kPanel * 4, w);
                neonQuadStep<2, R>(gi, row + 2 * kPanel * 4, w);
                neonQuadStep<3, R>(gi, row + 3 * kPanel * 4, w);
            }
            for (int r = 0; r < R; ++r)
                for (int sp = 0; sp < 4; ++sp)
                    t[sp][r] = vfmaq_n_f32(t[sp][r], vcvtq_f32_s32(gi[sp][r]), rb[r].scale[g]);
        }
        const auto* df = reinterpret_cast<const float*>(base + kPanelQsBytes);
        const float* bs = df + kPanel;
        for (int sp = 0; sp < 4; ++sp) {
            const float32x4_t dy = vld1q_f32(df + 4 * sp);
            for (int r = 0; r < R; ++r) {
                float32x4_t m = vdupq_n_f32(0.0f);
                for (int h = 0; h < 16; ++h)
                    m = vfmaq_n_f32(m, vld1q_f32(bs + h * kPanel + 4 * sp), rb[r].corr[h]);
                float* out = acc + r * accStride + p * kPanel + 4 * sp;
                vst1q_f32(out, vsubq_f32(vfmaq_f32(vld1q_f32(out), t[sp][r], dy), m));
            }
        }
    }
}
#endif

// acc[r][c] (r < R, c < panels * 16) += dot of R weight rows with every packed column.
template <class T, int R>
inline void packedRows(const typename T::Block* const* x, const uint8_t* packed, int64_t nb, int64_t panels,
                       float* acc, int64_t accStride) {
    PackedRowBlock rb[R];
    for (int64_t sb = 0; sb < nb; ++sb) {
        for (int r = 0; r < R; ++r) T::unpack(x[r][sb], rb[r]);
        int64_t p = 0;
        for (; p + 2 <= panels; p += 2) packedPanels<T, R, 2>(rb, packed, nb, sb, p, acc, accStride);
        if (p < panels) packedPanels<T, R, 1>(rb, packed, nb, sb, p, acc, accStride);
    }
}

// Output is written column by column (rows contiguous within a column: one cache line per 16 rows), after
// all row groups of the call are done; scattered per-row writes across 128 columns cost more TLB misses
// than the products of a small row block.
template <class T>
void packedTile(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* packed, int64_t cols,
                int64_t n, float* y, int64_t ldy) {
    const int64_t nb = n / kQKK;
    const int64_t panels = (cols + kPanel - 1) / kPanel;
    const int64_t stride = panels * kPanel;
    thread_local std::vector<float> accBuffer;  // grows to the largest row block once, then reused
    if (accBuffer.size() < static_cast<size_t>(rows * stride))
        accBuffer.resize(static_cast<size_t>(rows * stride));
    float* acc = accBuffer.data();
    std::fill(acc, acc + rows * stride, 0.0f);
    using B = typename T::Block;
    for (int64_t r0 = 0; r0 < rows; r0 += kPackedRows) {
        const int nr = static_cast<int>(std::min<int64_t>(kPackedRows, rows - r0));
        const B* x[kPackedRows];
        for (int r = 0; r < nr; ++r) x[r] = reinterpret_cast<const B*>(w + (r0 + r) * rowBytes);
        float* a = acc + r0 * stride;
        if (nr == kPackedRows)
            packedRows<T, kPackedRows>(x, packed, nb, panels, a, stride);
        else if (kPackedRows > 2 && nr == 3)
            packedRows<T, (kPackedRows > 2 ? 3 : 1)>(x, packed, nb, panels, a, stride);
        else if (kPackedRows > 2 && nr == 2)
            packedRows<T, (kPackedRows > 2 ? 2 : 1)>(x, packed, nb, panels, a, stride);
        else
            packedRows<T, 1>(x, packed, nb, panels, a, stride);
    }
    for (int64_t c = 0; c < cols; ++c)
        for (int64_t r = 0; r < rows; ++r) y[c * ldy + r] = acc[r * stride + c];
}

#else
#define PEREGRINE_HAVE_PACKED_Q8K 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
