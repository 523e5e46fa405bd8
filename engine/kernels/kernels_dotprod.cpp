// aarch64 only: the NEON kernels compiled with +dotprod (sdot, vdotq_s32), for CPUs whose AT_HWCAP has
// HWCAP_ASIMDDP (Cortex-A55/A76/A78, the target boards). Built with -march=armv8.2-a+dotprod (CMake sets it
// on this file only), so the code must run only after the runtime check in vec_dot.cpp; its kernels live in
// their own namespace (kernels_dotprod) so nothing here is shared with the baseline NEON build.
#if defined(__aarch64__)

#define PEREGRINE_KERNELS_NS kernels_dotprod
#define HWY_COMPILE_ONLY_STATIC 1
#include "hwy/highway.h"
#include "kernels/kernel_table-inl.h"

#if HWY_TARGET != HWY_NEON || !defined(__ARM_FEATURE_DOTPROD)
#error "kernels_dotprod.cpp must be built for NEON with +dotprod"
#endif

namespace peregrine {

const KernelTable* neonDotprodKernelTable() {
    static const KernelTable table = kernels_dotprod::HWY_NAMESPACE::buildTable("NEON_DOTPROD", 0);
    return &table;
}

}  // namespace peregrine

#endif
