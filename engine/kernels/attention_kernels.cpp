#include "kernels/attention_kernels.h"

#include "kernels/kernel_table.h"
#include "quant/quant.h"

namespace peregrine {

float dotHalfFloatRef(const uint16_t* k, const float* q, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; ++i) s += static_cast<double>(fp16ToFloat(k[i]) * q[i]);
    return static_cast<float>(s);
}

void axpyHalfRef(float alpha, const uint16_t* v, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i) y[i] += alpha * fp16ToFloat(v[i]);
}

void roundRowToHalfRef(float* x, int64_t n) {
    for (int64_t i = 0; i < n; ++i) x[i] = fp16ToFloat(floatToFp16(x[i]));
}

void roundRowToHalf(float* x, int64_t n) {
    const auto fn = activeKernelTable().roundRowToHalf;
    if (fn)
        fn(x, n);
    else
        roundRowToHalfRef(x, n);
}

void floatRowToHalfRef(const float* x, uint16_t* h, int64_t n) {
    for (int64_t i = 0; i < n; ++i) h[i] = floatToFp16(x[i]);
}

void floatRowToHalf(const float* x, uint16_t* h, int64_t n) {
    const auto fn = activeKernelTable().floatRowToHalf;
    if (fn)
        fn(x, h, n);
    else
        floatRowToHalfRef(x, h, n);
}

void scoresHalfBlockRef(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                        int64_t nq, int64_t d, float* s, int64_t lds) {
    for (int64_t q = 0; q < nq; ++q)
        for (int64_t j = 0; j < nKeys; ++j) s[q * lds + j] = dotHalfFloatRef(k + j * kStride, x + q * ldx, d);
}

void weightedSumHalfBlockRef(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p, int64_t ldp,
                             int64_t nq, int64_t d, float* out, int64_t ldo) {
    for (int64_t q = 0; q < nq; ++q)
        for (int64_t j = 0; j < nKeys; ++j) axpyHalfRef(p[q * ldp + j], v + j * vStride, out + q * ldo, d);
}

void scoresHalfBlock(const uint16_t* k, int64_t kStride, int64_t nKeys, const float* x, int64_t ldx,
                     int64_t nq, int64_t d, float* s, int64_t lds) {
    const auto fn = activeKernelTable().scoresHalfBlock;
    if (fn && d <= kAttentionBlockMaxHeadDim)
        fn(k, kStride, nKeys, x, ldx, nq, d, s, lds);
    else
        scoresHalfBlockRef(k, kStride, nKeys, x, ldx, nq, d, s, lds);
}

void weightedSumHalfBlock(const uint16_t* v, int64_t vStride, int64_t nKeys, const float* p, int64_t ldp,
                          int64_t nq, int64_t d, float* out, int64_t ldo) {
    const auto fn = activeKernelTable().weightedSumHalfBlock;
    if (fn && d <= kAttentionBlockMaxHeadDim)
        fn(v, vStride, nKeys, p, ldp, nq, d, out, ldo);
    else
        weightedSumHalfBlockRef(v, vStride, nKeys, p, ldp, nq, d, out, ldo);
}

float dotHalfFloat(const uint16_t* k, const float* q, int64_t n) {
    const auto fn = activeKernelTable().dotHalfFloat;
    return fn ? fn(k, q, n) : dotHalfFloatRef(k, q, n);
}

void axpyHalf(float alpha, const uint16_t* v, float* y, int64_t n) {
    const auto fn = activeKernelTable().axpyHalf;
    if (fn)
        fn(alpha, v, y, n);
    else
        axpyHalfRef(alpha, v, y, n);
}

}  // namespace peregrine
