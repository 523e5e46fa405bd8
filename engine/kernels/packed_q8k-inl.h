// Packed prefill kernels for Q4_K and Q6_K weights on AVX3_DL (AVX-512 VNNI), one target's copy.
//
// Why: the per-row kernels (kquant_dot-inl.h) spend two multiply uops (pmaddubsw + pmaddwd/vpdpwssd) per 32
// products because the group scale must be applied inside every chunk. Here the 16 lanes of a vector are 16
// activation columns instead: one vpdpbusd multiplies 4 weight bytes (broadcast) with 4 bytes of each of
// 16 columns (64 products per uop), and the group scale is applied once per group for all 16 columns.
//
// Packed activation layout, per panel of 16 columns and per super-block (5184 bytes, 64-byte aligned):
//   qs   [64 k-quads][16 columns][4 bytes]  Q8_K quants, k-quad q = elements 4q..4q+3
//   d    [16] float                          Q8_K scale per column (0 for padding columns)
//   bsum [16 groups of 16][16] float         bsums[h] * d per column (min / offset terms)
// Panels follow each other, super-blocks inside a panel: offset (panel * nb + sb) * 5184.
//
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

HWY_BEFORE_NAMESPACE();
#if HWY_TARGET == HWY_AVX3_DL
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

#if HWY_TARGET == HWY_AVX3_DL
#define PEREGRINE_HAVE_PACKED_Q8K 1

constexpr int kPanel = 16;
constexpr size_t kPanelQsBytes = 64 * kPanel * 4;
constexpr size_t kPanelSbBytes = kPanelQsBytes + kPanel * 4 + 16 * kPanel * 4;
constexpr int kPackedRows = 4;

inline size_t packedQ8KBytes(int64_t n, int64_t cols) {
    const int64_t panels = (cols + kPanel - 1) / kPanel;
    return static_cast<size_t>(panels * (n / kQKK)) * kPanelSbBytes;
}

inline void packQ8K(const float* x, int64_t ldx, int64_t n, int64_t colBegin, int64_t colEnd, int64_t cols,
                    uint8_t* packed) {
    const int64_t nb = n / kQKK;
    const int64_t lastPanel = colEnd >= cols ? (cols + kPanel - 1) / kPanel : colEnd / kPanel;
    BlockQ8K b;
    for (int64_t p = colBegin / kPanel; p < lastPanel; ++p) {
        for (int64_t sb = 0; sb < nb; ++sb) {
            uint8_t* base = packed + static_cast<size_t>(p * nb + sb) * kPanelSbBytes;
            auto* d = reinterpret_cast<float*>(base + kPanelQsBytes);
            float* bs = d + kPanel;
            for (int j = 0; j < kPanel; ++j) {
                const int64_t c = p * kPanel + j;
                if (c < colBegin || c >= colEnd) {
                    if (c < cols) continue;  // another caller packs it
                    for (int q = 0; q < 64; ++q) std::memset(base + (q * kPanel + j) * 4, 0, 4);
                    d[j] = 0.0f;
                    for (int h = 0; h < 16; ++h) bs[h * kPanel + j] = 0.0f;
                    continue;
                }
                quantizeRow(GgmlType::Q8_K, x + c * ldx + sb * kQKK, &b, kQKK);
                for (int q = 0; q < 64; ++q) std::memcpy(base + (q * kPanel + j) * 4, b.qs + 4 * q, 4);
                d[j] = b.d;
                for (int h = 0; h < 16; ++h) bs[h * kPanel + j] = static_cast<float>(b.bsums[h]) * b.d;
            }
        }
    }
}

// Per (row, super-block): unsigned levels in element order and float factors.
struct PackedRowBlock {
    alignas(64) uint8_t q[kQKK];
    float scale[16];  // d * group scale, per group (8 groups of 32 for Q4_K, 16 of 16 for Q6_K)
    float corr[16];   // per 16-element group h: factor of bsum[h] * dy subtracted
};

struct PackedQ4K {
    using Block = BlockQ4K;
    static constexpr int kGroups = 8;
    static void unpack(const BlockQ4K& b, PackedRowBlock& out) {
        KUnpacked u;
        Q4KTraits::unpack(b, u);
        for (int k = 0; k < 8; ++k) _mm256_store_si256(reinterpret_cast<__m256i*>(out.q + 32 * k), u.w[k]);
        uint8_t sc[8], mn[8];
        scaleMinK4(b.scales, sc, mn);
        for (int g = 0; g < 8; ++g) out.scale[g] = u.d * sc[g];
        for (int h = 0; h < 16; ++h) out.corr[h] = u.m * mn[h / 2];
    }
};

struct PackedQ6K {
    using Block = BlockQ6K;
    static constexpr int kGroups = 16;
    static void unpack(const BlockQ6K& b, PackedRowBlock& out) {
        KUnpacked u;
        Q6KTraits::unpack(b, u);
        for (int k = 0; k < 8; ++k) _mm256_store_si256(reinterpret_cast<__m256i*>(out.q + 32 * k), u.w[k]);
        for (int h = 0; h < 16; ++h) {
            out.scale[h] = u.d * b.scales[h];
            out.corr[h] = 32.0f * u.d * b.scales[h];
        }
    }
};

inline int32_t load32(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// acc[r][c] (r < R, c < panels * 16) += dot of R weight rows with every packed column.
template <class T, int R>
inline void packedRows(const typename T::Block* const* x, const uint8_t* packed, int64_t nb, int64_t panels,
                       float* acc, int64_t accStride) {
    constexpr int kQuadsPerGroup = 64 / T::kGroups;
    PackedRowBlock rb[R];
    for (int64_t sb = 0; sb < nb; ++sb) {
        for (int r = 0; r < R; ++r) T::unpack(x[r][sb], rb[r]);
        for (int64_t p = 0; p < panels; ++p) {
            const uint8_t* base = packed + static_cast<size_t>(p * nb + sb) * kPanelSbBytes;
            const auto* a = reinterpret_cast<const __m512i*>(base);
            __m512 t[R];
            for (int r = 0; r < R; ++r) t[r] = _mm512_setzero_ps();
            for (int g = 0; g < T::kGroups; ++g) {
                __m512i gi[R];
                for (int r = 0; r < R; ++r) gi[r] = _mm512_setzero_si512();
                for (int q = 0; q < kQuadsPerGroup; ++q) {
                    const int kq = g * kQuadsPerGroup + q;
                    const __m512i av = _mm512_load_si512(a + kq);
                    for (int r = 0; r < R; ++r)
                        gi[r] = _mm512_dpbusd_epi32(gi[r], _mm512_set1_epi32(load32(rb[r].q + 4 * kq)), av);
                }
                for (int r = 0; r < R; ++r)
                    t[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(gi[r]), _mm512_set1_ps(rb[r].scale[g]), t[r]);
            }
            const auto* df = reinterpret_cast<const float*>(base + kPanelQsBytes);
            const __m512 dy = _mm512_load_ps(df);
            const float* bs = df + kPanel;
            for (int r = 0; r < R; ++r) {
                __m512 m = _mm512_setzero_ps();
                for (int h = 0; h < 16; ++h)
                    m = _mm512_fmadd_ps(_mm512_set1_ps(rb[r].corr[h]), _mm512_load_ps(bs + h * kPanel), m);
                float* out = acc + r * accStride + p * kPanel;
                __m512 v = _mm512_fmadd_ps(t[r], dy, _mm512_loadu_ps(out));
                _mm512_storeu_ps(out, _mm512_sub_ps(v, m));
            }
        }
    }
}

template <class T>
void packedTile(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* packed, int64_t cols, int64_t n,
                float* y, int64_t ldy) {
    const int64_t nb = n / kQKK;
    const int64_t panels = (cols + kPanel - 1) / kPanel;
    const int64_t stride = panels * kPanel;
    thread_local std::vector<float> accBuffer;
    if (accBuffer.size() < static_cast<size_t>(kPackedRows * stride)) accBuffer.resize(kPackedRows * stride);
    float* acc = accBuffer.data();
    using B = typename T::Block;
    for (int64_t r0 = 0; r0 < rows; r0 += kPackedRows) {
        const int nr = static_cast<int>(std::min<int64_t>(kPackedRows, rows - r0));
        const B* x[kPackedRows];
        for (int r = 0; r < nr; ++r) x[r] = reinterpret_cast<const B*>(w + (r0 + r) * rowBytes);
        std::fill(acc, acc + nr * stride, 0.0f);
        switch (nr) {
            case 4: packedRows<T, 4>(x, packed, nb, panels, acc, stride); break;
            case 3: packedRows<T, 3>(x, packed, nb, panels, acc, stride); break;
            case 2: packedRows<T, 2>(x, packed, nb, panels, acc, stride); break;
            default: packedRows<T, 1>(x, packed, nb, panels, acc, stride); break;
        }
        for (int r = 0; r < nr; ++r)
            for (int64_t c = 0; c < cols; ++c) y[c * ldy + r0 + r] = acc[r * stride + c];
    }
}

#else
#define PEREGRINE_HAVE_PACKED_Q8K 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
