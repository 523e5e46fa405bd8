// Feed-forward element-wise kernels for one target (portable Highway code): see ffn_kernels.h.

#if defined(PEREGRINE_KERNELS_FFN_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_FFN_KERNELS_INL_H_
#undef PEREGRINE_KERNELS_FFN_KERNELS_INL_H_
#else
#define PEREGRINE_KERNELS_FFN_KERNELS_INL_H_
#endif

#include <cmath>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

inline void siluMul(float* gate, const float* up, int64_t n) {
    const hn::ScalableTag<float> df;
    const int64_t N = static_cast<int64_t>(hn::Lanes(df));
    const auto one = hn::Set(df, 1.0f);
    // Highway's Exp is defined up to 104; exp(88) already makes the result -0 to within 1e-36.
    const auto top = hn::Set(df, 88.0f);
    int64_t i = 0;
    for (; i + N <= n; i += N) {
        const auto g = hn::LoadU(df, gate + i);
        const auto e = hn::Exp(df, hn::Min(hn::Neg(g), top));
        hn::StoreU(hn::Mul(hn::Div(g, hn::Add(one, e)), hn::LoadU(df, up + i)), df, gate + i);
    }
    for (; i < n; ++i) {
        const float g = gate[i];
        gate[i] = (g / (1.0f + std::exp(-g))) * up[i];
    }
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
