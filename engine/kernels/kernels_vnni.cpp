// x86 only: Highway's AVX3 kernels compiled once more with AVX-512 VNNI (EVEX vpdpbusd / vpdpwssd) added, as
// the table "AVX3_VNNI". Chosen at run time only when cpu_features.h says the CPU has every extension enabled
// here (the AVX3 set plus AVX512_VNNI, with the OS saving ZMM state); see x86_vnni.h for why Highway's own
// AVX3_DL target is not used. The kernels live in their own namespace (kernels_vnni) so nothing is shared
// with kernels_simd.cpp's plain AVX3 build; functions outside the HWY_BEFORE_NAMESPACE regions (std
// templates) are compiled for the baseline, so no inline copy with AVX-512 in it can replace another unit's.
#if defined(__x86_64__) || defined(__i386__)

#undef HWY_COMPILE_ALL_ATTAINABLE
#define HWY_BASELINE_TARGETS HWY_AVX3  // one pass, attributes from Highway's AVX3 string
#define HWY_COMPILE_ONLY_STATIC 1
#define PEREGRINE_KERNELS_NS kernels_vnni
#define PEREGRINE_KERNELS_VNNI 1
#include "hwy/highway.h"
#include "kernels/kernel_table-inl.h"

#if HWY_TARGET != HWY_AVX3 || !PEREGRINE_AVX512VNNI
#error "kernels_vnni.cpp must compile Highway's AVX3 target with AVX-512 VNNI"
#endif

namespace peregrine {

const KernelTable* avx3VnniKernelTable() {
    static const KernelTable table = kernels_vnni::HWY_NAMESPACE::buildTable("AVX3_VNNI", 0);
    return &table;
}

}  // namespace peregrine

#endif
