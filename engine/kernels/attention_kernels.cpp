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
