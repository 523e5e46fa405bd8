// Compiles the kernels once per Highway target (foreach_target.h) and exports each target's KernelTable.
// HWY_DYNAMIC_DISPATCH(targetKernelTable) picks the best table the CPU supports (vec_dot.cpp).
#define PEREGRINE_KERNELS_NS kernels_simd

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/kernels_simd.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/kernel_table-inl.h"

#if HWY_ONCE
#include <vector>
#endif

HWY_BEFORE_NAMESPACE();
namespace peregrine::kernels_simd::HWY_NAMESPACE {

const KernelTable* targetKernelTable() {
    static const KernelTable table = buildTable(hwy::TargetName(HWY_TARGET), HWY_TARGET);
    return &table;
}

}  // namespace peregrine::kernels_simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace peregrine::kernels_simd {
HWY_EXPORT(targetKernelTable);

const KernelTable* dispatchedKernelTable() {
    return HWY_DYNAMIC_DISPATCH(targetKernelTable)();
}

// Every compiled target's table, best first, with whether this CPU runs it.
std::vector<CompiledKernelTable> highwayKernelTables() {
    dispatchedKernelTable();  // dispatch before SupportedTargets(): 1.0.3 otherwise loses SVE_256/SVE2_128
    const int64_t supported = hwy::SupportedTargets();
    std::vector<CompiledKernelTable> out;
    auto add = [&](int64_t target, const KernelTable* (*get)()) {
        out.push_back({get(), (supported & target) != 0});
    };
#define PEREGRINE_ADD_TARGET(T) add(HWY_##T, &N_##T::targetKernelTable)
#if HWY_TARGETS & HWY_AVX3
    PEREGRINE_ADD_TARGET(AVX3);
#endif
#if HWY_TARGETS & HWY_AVX2
    PEREGRINE_ADD_TARGET(AVX2);
#endif
#if HWY_TARGETS & HWY_SSE4
    PEREGRINE_ADD_TARGET(SSE4);
#endif
#if HWY_TARGETS & HWY_SSSE3
    PEREGRINE_ADD_TARGET(SSSE3);
#endif
#if HWY_TARGETS & HWY_SVE2_128
    PEREGRINE_ADD_TARGET(SVE2_128);
#endif
#if HWY_TARGETS & HWY_SVE_256
    PEREGRINE_ADD_TARGET(SVE_256);
#endif
#if HWY_TARGETS & HWY_SVE2
    PEREGRINE_ADD_TARGET(SVE2);
#endif
#if HWY_TARGETS & HWY_SVE
    PEREGRINE_ADD_TARGET(SVE);
#endif
#if HWY_TARGETS & HWY_NEON
    PEREGRINE_ADD_TARGET(NEON);
#endif
#if HWY_TARGETS & HWY_EMU128
    PEREGRINE_ADD_TARGET(EMU128);
#endif
#if HWY_TARGETS & HWY_SCALAR
    PEREGRINE_ADD_TARGET(SCALAR);
#endif
#undef PEREGRINE_ADD_TARGET
    return out;
}
}  // namespace peregrine::kernels_simd
#endif
