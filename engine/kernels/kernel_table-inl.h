// Builds the KernelTable of one target: vec dots (decode) and matrix tiles (prefill) for every weight type.
// Included once per Highway target by kernels_simd.cpp, and once (NEON + dotprod) by kernels_dotprod.cpp.
//
// Tile loop order: weight rows in pairs (outer), activation rows in fours (inner). The caller hands a block
// of rows small enough to stay in L1/L2 (see MatMul); each pair of unpacked weight blocks is reused for 4
// activation rows and each activation chunk for 2 weight rows.

#if defined(PEREGRINE_KERNELS_KERNEL_TABLE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_KERNEL_TABLE_INL_H_
#undef PEREGRINE_KERNELS_KERNEL_TABLE_INL_H_
#else
#define PEREGRINE_KERNELS_KERNEL_TABLE_INL_H_
#endif

#include <algorithm>
#include <vector>

#include "kernels/attention_block-inl.h"
#include "kernels/ffn_kernels-inl.h"
#include "kernels/float_dot-inl.h"
#include "kernels/kernel_table.h"
#include "kernels/kquant_dot-inl.h"
#include "kernels/kquant_dot_neon-inl.h"
#include "kernels/kquant_dot_x86-inl.h"
#include "kernels/kquant_rows_avx512-inl.h"
#include "kernels/legacy_dot-inl.h"
#include "kernels/packed_q8k-inl.h"
#include "kernels/quantize_q8k-inl.h"
#include "quant/ggml_type.h"

#include "kernels/x86_vnni.h"

HWY_BEFORE_NAMESPACE();
#if PEREGRINE_AVX512VNNI
#pragma GCC target("avx512vnni")
#endif
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

constexpr int kTileRows = 2;
constexpr int kTileCols = 4;

// Runs Kernel::template run<R, C>(rowPtrs, colPtrs, out) over the whole rows x cols tile.
template <class Kernel>
void tileDriver(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* act, size_t actStride,
                int64_t cols, int64_t n, float* y, int64_t ldy) {
    using WB = typename Kernel::WeightBlock;
    using AB = typename Kernel::ActBlock;
    for (int64_t r0 = 0; r0 < rows; r0 += kTileRows) {
        const int nr = static_cast<int>(std::min<int64_t>(kTileRows, rows - r0));
        const WB* x[kTileRows];
        for (int r = 0; r < nr; ++r) x[r] = reinterpret_cast<const WB*>(w + (r0 + r) * rowBytes);
        for (int64_t c0 = 0; c0 < cols; c0 += kTileCols) {
            const int nc = static_cast<int>(std::min<int64_t>(kTileCols, cols - c0));
            const AB* a[kTileCols];
            for (int c = 0; c < nc; ++c) a[c] = reinterpret_cast<const AB*>(act + (c0 + c) * actStride);
            float out[kTileRows * kTileCols];
            if (nr == kTileRows) {
                switch (nc) {
                    case 4:
                        Kernel::template run<2, 4>(x, a, n, out);
                        break;
                    case 3:
                        Kernel::template run<2, 3>(x, a, n, out);
                        break;
                    case 2:
                        Kernel::template run<2, 2>(x, a, n, out);
                        break;
                    default:
                        Kernel::template run<2, 1>(x, a, n, out);
                        break;
                }
            } else {
                switch (nc) {
                    case 4:
                        Kernel::template run<1, 4>(x, a, n, out);
                        break;
                    case 3:
                        Kernel::template run<1, 3>(x, a, n, out);
                        break;
                    case 2:
                        Kernel::template run<1, 2>(x, a, n, out);
                        break;
                    default:
                        Kernel::template run<1, 1>(x, a, n, out);
                        break;
                }
            }
            for (int r = 0; r < nr; ++r)
                for (int c = 0; c < nc; ++c) y[(c0 + c) * ldy + r0 + r] = out[r * nc + c];
        }
    }
}

template <class T>
struct KQuantKernel {
    using WeightBlock = typename T::Block;
    using ActBlock = BlockQ8K;
    template <int R, int C>
    static void run(const WeightBlock* const* x, const ActBlock* const* a, int64_t n, float* out) {
        kquantTile<T, R, C>(x, a, n / kQKK, out);
    }
};

template <class T>
struct LegacyKernel {
    using WeightBlock = typename T::Block;
    using ActBlock = BlockQ8_0;
    template <int R, int C>
    static void run(const WeightBlock* const* x, const ActBlock* const* a, int64_t n, float* out) {
        legacyTile<T, R, C>(x, a, n / kQK, out);
    }
};

template <typename W>
struct FloatKernel {
    using WeightBlock = W;
    using ActBlock = float;
    template <int R, int C>
    static void run(const WeightBlock* const* x, const ActBlock* const* a, int64_t n, float* out) {
        for (int r = 0; r < R; ++r) floatRow<W, C>(x[r], a, n, out + r * C);
    }
};

template <class Kernel>
void tile(const uint8_t* w, size_t rowBytes, int64_t rows, const uint8_t* act, size_t actStride, int64_t cols,
          int64_t n, float* y, int64_t ldy) {
    tileDriver<Kernel>(w, rowBytes, rows, act, actStride, cols, n, y, ldy);
}

inline KernelTable buildTable(const char* name, int64_t hwyTarget) {
    KernelTable t;
    t.target = name;
    t.hwyTarget = hwyTarget;
    auto set = [&t](GgmlType type, KernelDotFn dot, KernelTileFn tileFn) {
        t.dot[static_cast<int>(type)] = dot;
        t.tile[static_cast<int>(type)] = tileFn;
    };
    set(GgmlType::Q4_K, kquantDot<Q4KTraits>, tile<KQuantKernel<Q4KTraits>>);
    set(GgmlType::Q5_K, kquantDot<Q5KTraits>, tile<KQuantKernel<Q5KTraits>>);
    set(GgmlType::Q6_K, kquantDot<Q6KTraits>, tile<KQuantKernel<Q6KTraits>>);
    set(GgmlType::Q2_K, kquantDot<Q2KTraits>, tile<KQuantKernel<Q2KTraits>>);
    set(GgmlType::Q3_K, kquantDot<Q3KTraits>, tile<KQuantKernel<Q3KTraits>>);
    set(GgmlType::Q4_0, legacyDot<Q4_0Traits>, tile<LegacyKernel<Q4_0Traits>>);
    set(GgmlType::Q4_1, legacyDot<Q4_1Traits>, tile<LegacyKernel<Q4_1Traits>>);
    set(GgmlType::Q5_0, legacyDot<Q5_0Traits>, tile<LegacyKernel<Q5_0Traits>>);
    set(GgmlType::Q5_1, legacyDot<Q5_1Traits>, tile<LegacyKernel<Q5_1Traits>>);
    set(GgmlType::Q8_0, legacyDot<Q8_0Traits>, tile<LegacyKernel<Q8_0Traits>>);
    set(GgmlType::Q8_1, legacyDot<Q8_1Traits>, tile<LegacyKernel<Q8_1Traits>>);
    set(GgmlType::F32, floatSameDot<float>, tile<FloatKernel<float>>);
    set(GgmlType::F16, floatSameDot<hwy::float16_t>, tile<FloatKernel<hwy::float16_t>>);
    set(GgmlType::BF16, floatSameDot<hwy::bfloat16_t>, tile<FloatKernel<hwy::bfloat16_t>>);
#if PEREGRINE_HAVE_X86_DECODE
    t.dot[static_cast<int>(GgmlType::Q4_K)] = q4kDotX86;
    t.dot[static_cast<int>(GgmlType::Q6_K)] = q6kDotX86;
#endif
#if PEREGRINE_HAVE_AVX512_DECODE
    t.rows[static_cast<int>(GgmlType::Q4_K)] = q4kRowsAvx512;
    t.rows[static_cast<int>(GgmlType::Q6_K)] = q6kRowsAvx512;
    t.rowsInterleaved[static_cast<int>(GgmlType::Q4_K)] = q4kRowsInterleaved;
    t.rowsInterleaved[static_cast<int>(GgmlType::Q6_K)] = q6kRowsInterleaved;
#endif
#if PEREGRINE_HAVE_NEON_DECODE
    t.dot[static_cast<int>(GgmlType::Q4_K)] = q4kDotNeon;
    t.dot[static_cast<int>(GgmlType::Q6_K)] = q6kDotNeon;
#endif
    t.dotHalfFloat = dotHalfFloat;
    t.axpyHalf = axpyHalf;
    t.scoresHalfBlock = scoresHalfBlock;
    t.weightedSumHalfBlock = weightedSumHalfBlock;
#if PEREGRINE_HAVE_ROUND_HALF
    t.roundRowToHalf = roundRowToHalf;
    t.floatRowToHalf = floatRowToHalf;
#endif
    t.quantizeQ8K = quantizeQ8K;
    t.siluMul = siluMul;
#if PEREGRINE_HAVE_PACKED_Q8K
    t.panelCols = kPanel;
    for (GgmlType k : {GgmlType::Q4_K, GgmlType::Q6_K}) {
        t.packBytes[static_cast<int>(k)] = packedQ8KBytes;
        t.pack[static_cast<int>(k)] = packQ8K;
    }
    t.packedTile[static_cast<int>(GgmlType::Q4_K)] = packedTile<PackedQ4K>;
    t.packedTile[static_cast<int>(GgmlType::Q6_K)] = packedTile<PackedQ6K>;
#endif
    return t;
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
