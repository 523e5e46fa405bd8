// Float-format kernels for one target (portable Highway code): F32 / F16 / BF16 weights times F32
// activations (the prefill and decode path for float weights), and the same-format dots of the vecDot API
// (F16 x F16, BF16 x BF16). Accumulates in float with 4 independent vectors per column; the scalar
// references accumulate in double, so results agree to about 1e-6 relative to sum |w x|.

#if defined(PEREGRINE_KERNELS_FLOAT_DOT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_FLOAT_DOT_INL_H_
#undef PEREGRINE_KERNELS_FLOAT_DOT_INL_H_
#else
#define PEREGRINE_KERNELS_FLOAT_DOT_INL_H_
#endif

#include <cstring>
#include <type_traits>

#include "hwy/highway.h"
#include "quant/quant.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Loads Lanes(df) elements of a float-format row as F32. Storage types: float, hwy::float16_t,
// hwy::bfloat16_t (raw uint16 bits in the files).
template <typename Storage>
struct FloatLoader {
    template <class DF>
    static HWY_INLINE hn::Vec<DF> load(DF df, const Storage* p) {
        if constexpr (std::is_same_v<Storage, float>) {
            return hn::LoadU(df, p);
        } else {
            const hn::Rebind<Storage, DF> dh;
            return hn::PromoteTo(df, hn::LoadU(dh, p));
        }
    }
    static float scalar(const Storage* p) {
        if constexpr (std::is_same_v<Storage, float>)
            return *p;
        else if constexpr (std::is_same_v<Storage, hwy::float16_t>) {
            uint16_t b;
            std::memcpy(&b, p, 2);
            return fp16ToFloat(b);
        } else {
            uint16_t b;
            std::memcpy(&b, p, 2);
            return bf16ToFloat(b);
        }
    }
};

// sum_i w[i] * x[i], one F32 activation row.
template <typename W>
inline float floatRow1(const W* HWY_RESTRICT w, const float* HWY_RESTRICT x, int64_t n) {
    const hn::ScalableTag<float> df;
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    auto a0 = hn::Zero(df), a1 = hn::Zero(df);
    int64_t i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
        a0 = hn::MulAdd(FloatLoader<W>::load(df, w + i), hn::LoadU(df, x + i), a0);
        a1 = hn::MulAdd(FloatLoader<W>::load(df, w + i + L), hn::LoadU(df, x + i + L), a1);
    }
    float s = hn::GetLane(hn::SumOfLanes(df, hn::Add(a0, a1)));
    for (; i < n; ++i) s += FloatLoader<W>::scalar(w + i) * x[i];
    return s;
}

// out[c] = sum_i w[i] * x_c[i] for C activation rows x[c] (F32), weight row w of type W: each converted
// weight vector is used for C columns.
template <typename W, int C>
inline void floatRow(const W* HWY_RESTRICT w, const float* const* x, int64_t n, float* out) {
#if HWY_HAVE_SCALABLE
    for (int c = 0; c < C; ++c) out[c] = floatRow1(w, x[c], n);  // sizeless SVE vectors form no arrays
#else
    if constexpr (C == 1) {
        out[0] = floatRow1(w, x[0], n);
    } else {
        const hn::ScalableTag<float> df;
        const int64_t L = static_cast<int64_t>(hn::Lanes(df));
        hn::Vec<decltype(df)> a0[C], a1[C];
        for (int c = 0; c < C; ++c) a0[c] = a1[c] = hn::Zero(df);
        int64_t i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            const auto w0 = FloatLoader<W>::load(df, w + i), w1 = FloatLoader<W>::load(df, w + i + L);
            for (int c = 0; c < C; ++c) {
                a0[c] = hn::MulAdd(w0, hn::LoadU(df, x[c] + i), a0[c]);
                a1[c] = hn::MulAdd(w1, hn::LoadU(df, x[c] + i + L), a1[c]);
            }
        }
        for (int c = 0; c < C; ++c) {
            float s = hn::GetLane(hn::SumOfLanes(df, hn::Add(a0[c], a1[c])));
            for (int64_t j = i; j < n; ++j) s += FloatLoader<W>::scalar(w + j) * x[c][j];
            out[c] = s;
        }
    }
#endif
}

// Same-format dot (both operands of type W), for vecDot's F32/F16/BF16 pairs.
template <typename W>
float floatSameDot(const void* wp, const void* ap, int64_t n) {
    const W* w = static_cast<const W*>(wp);
    const W* a = static_cast<const W*>(ap);
    const hn::ScalableTag<float> df;
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    auto s0 = hn::Zero(df), s1 = hn::Zero(df);
    int64_t i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
        s0 = hn::MulAdd(FloatLoader<W>::load(df, w + i), FloatLoader<W>::load(df, a + i), s0);
        s1 = hn::MulAdd(FloatLoader<W>::load(df, w + i + L), FloatLoader<W>::load(df, a + i + L), s1);
    }
    float s = hn::GetLane(hn::SumOfLanes(df, hn::Add(s0, s1)));
    for (; i < n; ++i) s += FloatLoader<W>::scalar(w + i) * FloatLoader<W>::scalar(a + i);
    return s;
}

// Attention over the F16 KV cache: sum_i k[i] * q[i] (k F16, q F32), and y += alpha * v (v F16).
inline float dotHalfFloat(const uint16_t* k, const float* q, int64_t n) {
    const hn::ScalableTag<float> df;
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    const auto* kh = reinterpret_cast<const hwy::float16_t*>(k);
    auto s0 = hn::Zero(df), s1 = hn::Zero(df);
    int64_t i = 0;
    for (; i + 2 * L <= n; i += 2 * L) {
        s0 = hn::MulAdd(FloatLoader<hwy::float16_t>::load(df, kh + i), hn::LoadU(df, q + i), s0);
        s1 = hn::MulAdd(FloatLoader<hwy::float16_t>::load(df, kh + i + L), hn::LoadU(df, q + i + L), s1);
    }
    float s = hn::GetLane(hn::SumOfLanes(df, hn::Add(s0, s1)));
    for (; i < n; ++i) s += FloatLoader<hwy::float16_t>::scalar(kh + i) * q[i];
    return s;
}

inline void axpyHalf(float alpha, const uint16_t* v, float* y, int64_t n) {
    const hn::ScalableTag<float> df;
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    const auto* vh = reinterpret_cast<const hwy::float16_t*>(v);
    const auto a = hn::Set(df, alpha);
    int64_t i = 0;
    for (; i + L <= n; i += L)
        hn::StoreU(hn::MulAdd(a, FloatLoader<hwy::float16_t>::load(df, vh + i), hn::LoadU(df, y + i)), df,
                   y + i);
    for (; i < n; ++i) y[i] += alpha * FloatLoader<hwy::float16_t>::scalar(vh + i);
}

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
