// Block attention kernels over the F16 KV cache for one target (portable Highway code): many query vectors
// (the heads of a GQA group times the tokens of a prefill batch) against the same key / value rows.
//
// Why: the per-(token, head) kernels convert every cached F16 row again for each query and reduce a vector
// per score. Here each key tile of Lanes(float) keys is converted and transposed once (dims x keys floats,
// on the stack) and every query then produces Lanes scores with d broadcast multiply-adds and no reduction;
// each value row is converted once per tile and added into every query's output with d / Lanes FMAs.
// Same rounding as the per-query path (F16 rows, float accumulation), different summation order only.

#if defined(PEREGRINE_KERNELS_ATTENTION_BLOCK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef PEREGRINE_KERNELS_ATTENTION_BLOCK_INL_H_
#undef PEREGRINE_KERNELS_ATTENTION_BLOCK_INL_H_
#else
#define PEREGRINE_KERNELS_ATTENTION_BLOCK_INL_H_
#endif

#include <algorithm>

#include "hwy/highway.h"
#include "kernels/attention_kernels.h"
#include "kernels/float_dot-inl.h"
#include "kernels/int8_simd-inl.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE {

// Largest head dimension the block kernels take (the public wrappers use the references above it).
constexpr int64_t kBlockMaxHeadDim = kAttentionBlockMaxHeadDim;

// s[q * lds + j] = sum_i k[j * kStride + i] * x[q * ldx + i] for q < nq, j < nKeys; d <= kBlockMaxHeadDim.
inline void scoresHalfBlock(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                            int64_t nq, int64_t d, float* s, int64_t lds) {
    const hn::ScalableTag<float> df;
    constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    HWY_ALIGN float kt[kBlockMaxHeadDim * kMaxLanes];  // kt[i * L + lane] = key (j0 + lane), dim i
    HWY_ALIGN float tail[kMaxLanes];
    const auto* kh = reinterpret_cast<const hwy::float16_t*>(k);
#if !HWY_HAVE_SCALABLE  // (sizeless SVE vectors cannot be held in an array)
    if (nq * 2 <= L && d % L == 0 && d <= 8 * L) {
        // Few queries (decode: one token's GQA group): transposing a key tile would cost more than it
        // saves; convert each key row once into registers and reduce one vector per (query, key).
        for (int64_t j = 0; j < nKeys; ++j) {
            const hwy::float16_t* row = kh + j * kStride;
            hn::Vec<decltype(df)> kv[8];
            const int64_t nv = d / L;
            for (int64_t v = 0; v < nv; ++v) kv[v] = FloatLoader<hwy::float16_t>::load(df, row + v * L);
            for (int64_t q = 0; q < nq; ++q) {
                const float* xq = x + q * ldx;
                auto a = hn::Mul(kv[0], hn::LoadU(df, xq));
                for (int64_t v = 1; v < nv; ++v) a = hn::MulAdd(kv[v], hn::LoadU(df, xq + v * L), a);
                s[q * lds + j] = hn::GetLane(hn::SumOfLanes(df, a));
            }
        }
        return;
    }
#endif
    for (int64_t j0 = 0; j0 < nKeys; j0 += L) {
        const int64_t nk = std::min(L, nKeys - j0);
        for (int64_t lane = 0; lane < L; ++lane) {
            if (lane < nk) {
                const hwy::float16_t* row = kh + (j0 + lane) * kStride;
                for (int64_t i = 0; i < d; ++i)
                    kt[i * L + lane] = FloatLoader<hwy::float16_t>::scalar(row + i);
            } else {
                for (int64_t i = 0; i < d; ++i) kt[i * L + lane] = 0.0f;
            }
        }
        for (int64_t q = 0; q < nq; ++q) {
            const float* xq = x + q * ldx;
            auto a0 = hn::Zero(df), a1 = hn::Zero(df);
            int64_t i = 0;
            for (; i + 2 <= d; i += 2) {
                a0 = hn::MulAdd(hn::Set(df, xq[i]), hn::Load(df, kt + i * L), a0);
                a1 = hn::MulAdd(hn::Set(df, xq[i + 1]), hn::Load(df, kt + (i + 1) * L), a1);
            }
            if (i < d) a0 = hn::MulAdd(hn::Set(df, xq[i]), hn::Load(df, kt + i * L), a0);
            const auto sum = hn::Add(a0, a1);
            if (nk == L) {
                hn::StoreU(sum, df, s + q * lds + j0);
            } else {
                hn::Store(sum, df, tail);
                std::copy(tail, tail + nk, s + q * lds + j0);
            }
        }
    }
}

// out[q * ldo + i] += sum_j p[q * ldp + j] * v[j * vStride + i] for q < nq, i < d, j < nKeys (ascending j,
// as the per-query axpy path); d <= kBlockMaxHeadDim.
inline void weightedSumHalfBlock(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p,
                                 int64_t ldp, int64_t nq, int64_t d, float* out, int64_t ldo) {
    const hn::ScalableTag<float> df;
    const int64_t L = static_cast<int64_t>(hn::Lanes(df));
    constexpr int64_t kTileKeys = 32;
    HWY_ALIGN float vf[kTileKeys * kBlockMaxHeadDim];
    const auto* vh = reinterpret_cast<const hwy::float16_t*>(v);
    const int64_t dv = d / L * L;
    for (int64_t j0 = 0; j0 < nKeys; j0 += kTileKeys) {
        const int64_t nk = std::min(kTileKeys, nKeys - j0);
        for (int64_t j = 0; j < nk; ++j) {
            const hwy::float16_t* row = vh + (j0 + j) * vStride;
            float* dst = vf + j * kBlockMaxHeadDim;
            int64_t i = 0;
            for (; i < dv; i += L) hn::Store(FloatLoader<hwy::float16_t>::load(df, row + i), df, dst + i);
            for (; i < d; ++i) dst[i] = FloatLoader<hwy::float16_t>::scalar(row + i);
        }
        for (int64_t q = 0; q < nq; ++q) {
            const float* pq = p + q * ldp + j0;
            float* oq = out + q * ldo;
            int64_t i = 0;
            for (; i + 2 * L <= dv; i += 2 * L) {
                auto o0 = hn::LoadU(df, oq + i), o1 = hn::LoadU(df, oq + i + L);
                for (int64_t j = 0; j < nk; ++j) {
                    const auto w = hn::Set(df, pq[j]);
                    o0 = hn::MulAdd(w, hn::Load(df, vf + j * kBlockMaxHeadDim + i), o0);
                    o1 = hn::MulAdd(w, hn::Load(df, vf + j * kBlockMaxHeadDim + i + L), o1);
                }
                hn::StoreU(o0, df, oq + i);
                hn::StoreU(o1, df, oq + i + L);
            }
            for (; i < dv; i += L) {
                auto o0 = hn::LoadU(df, oq + i);
                for (int64_t j = 0; j < nk; ++j)
                    o0 = hn::MulAdd(hn::Set(df, pq[j]), hn::Load(df, vf + j * kBlockMaxHeadDim + i), o0);
                hn::StoreU(o0, df, oq + i);
            }
            for (; i < d; ++i)
                for (int64_t j = 0; j < nk; ++j) oq[i] += pq[j] * vf[j * kBlockMaxHeadDim + i];
        }
    }
}

// x[i] = nearest F16 value of x[i] (round to nearest even, subnormals included), and the same stored as F16,
// with the CPU's conversion instructions (F16C on x86, fcvtn on NEON); other targets leave the slots empty
// (scalar references).
#undef PEREGRINE_HAVE_ROUND_HALF
#if PEREGRINE_X86 || PEREGRINE_NEON
#define PEREGRINE_HAVE_ROUND_HALF 1
inline void roundRowToHalf(float* x, int64_t n) {
    int64_t i = 0;
#if PEREGRINE_X86
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT);
        _mm256_storeu_ps(x + i, _mm256_cvtph_ps(h));
    }
#else
    for (; i + 4 <= n; i += 4) vst1q_f32(x + i, vcvt_f32_f16(vcvt_f16_f32(vld1q_f32(x + i))));
#endif
    for (; i < n; ++i) x[i] = peregrine::fp16ToFloat(peregrine::floatToFp16(x[i]));
}
// h[i] = F16 of x[i] (round to nearest even): the KV cache store of each new key and value.
inline void floatRowToHalf(const float* x, uint16_t* h, int64_t n) {
    int64_t i = 0;
#if PEREGRINE_X86
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128(reinterpret_cast<__m128i*>(h + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
#else
    for (; i + 4 <= n; i += 4) vst1_u16(h + i, vreinterpret_u16_f16(vcvt_f16_f32(vld1q_f32(x + i))));
#endif
    for (; i < n; ++i) h[i] = peregrine::floatToFp16(x[i]);
}
#else
#define PEREGRINE_HAVE_ROUND_HALF 0
#endif

}  // namespace peregrine::PEREGRINE_KERNELS_NS::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
