#include "kernels/ffn_kernels.h"

#include <cmath>

#include "kernels/kernel_table.h"

namespace peregrine {

void siluMulRef(float* gate, const float* up, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
        const float g = gate[i];
        gate[i] = (g / (1.0f + std::exp(-g))) * up[i];
    }
}

void siluMul(float* gate, const float* up, int64_t n) {
    if (const auto fn = activeKernelTable().siluMul)
        fn(gate, up, n);
    else
        siluMulRef(gate, up, n);
}

}  // namespace peregrine
