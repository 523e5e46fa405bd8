// Q8_K quantization of activation rows for one target (portable Highway code): the decode path quantizes
// every matrix input this way on the calling thread while the other threads wait, 2% of a 1B token with
// the scalar loop. Same arithmetic as the scalar quantizer (quant_k6k8.cpp): iscale = -127 / (first value
// of largest magnitude), q = min(127, round-half-even(iscale * x)), d = 1 / iscale, bsums the sums of each
// 16 quants, so every target and the reference produce identical blocks.

#if defined(PEREGRINE_KERNELS_QUANTIZE_Q8K_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_QUANTIZE_Q8K_INL_H_
#undef PEREGRINE_KERNELS_QUANTIZE_Q8K_INL_H_
#else
#define PEREGRINE_KERNELS_QUANTIZE_Q8K_INL_H_
#endif

#include <cstring>

#include "hwy/highway.h"
#include "quant/blocks.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// n: a multiple of 256 (kQKK); dst holds n / 256 BlockQ8K.
inline void quantizeQ8K(const float* x, void* dst, int64_t n) {
    const hn::CappedTag<float, 16> df;  // at most one 16-quant group per vector
    const hn::RebindToSigned<decltype(df)> di;
    const hn::Rebind<int8_t, decltype(di)> d8;
    const int N = static_cast<int>(hn::Lanes(df));
    auto* b = static_cast<BlockQ8K*>(dst);
    for (int64_t i = 0; i < n / kQKK; ++i, x += kQKK) {
        auto vmax = hn::Zero(df);
        for (int k = 0; k < kQKK; k += N) vmax = hn::Max(vmax, hn::Abs(hn::LoadU(df, x + k)));
        const float amax = hn::GetLane(hn::MaxOfLanes(df, vmax));
        if (!(amax > 0.0f)) {  // all zero (or NaN: nothing meaningful to scale by)
            b[i].d = 0.0f;
            std::memset(b[i].qs, 0, sizeof b[i].qs);
            std::memset(b[i].bsums, 0, sizeof b[i].bsums);
            continue;
        }
        // The scalar loop keeps the first value of largest magnitude: its sign sets the scale's.
        float max = amax;
        const auto vamax = hn::Set(df, amax);
        for (int k = 0; k < kQKK; k += N) {
            const intptr_t at = hn::FindFirstTrue(df, hn::Eq(hn::Abs(hn::LoadU(df, x + k)), vamax));
            if (at >= 0) {
                max = x[k + at];
                break;
            }
        }
        const float iscale = -127.0f / max;
        const auto vs = hn::Set(df, iscale);
        const auto top = hn::Set(di, 127);
        for (int g = 0; g < kQKK / 16; ++g) {
            auto sum = hn::Zero(di);
            for (int k = 16 * g; k < 16 * g + 16; k += N) {
                const auto q = hn::Min(hn::NearestInt(hn::Mul(hn::LoadU(df, x + k), vs)), top);
                sum = hn::Add(sum, q);
                hn::StoreU(hn::DemoteTo(d8, q), d8, b[i].qs + k);
            }
            b[i].bsums[g] = static_cast<int16_t>(hn::GetLane(hn::SumOfLanes(di, sum)));
        }
        b[i].d = 1.0f / iscale;
    }
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
