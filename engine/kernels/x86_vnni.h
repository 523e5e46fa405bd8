// Which int8 dot instruction the x86 pass being compiled may use. Highway 1.0.3's AVX3_DL target is not used:
// its attribute string enables AVX-VNNI (VEX) while its CPU check asks only for AVX512_VNNI, so GCC emitted
// VEX vpdpwssd that Zen 4 and Ice Lake / Tiger Lake / Cascade Lake fault on. Instead kernels_vnni.cpp
// compiles Highway's AVX3 target once more with `avx512vnni` added (EVEX forms only), under its own CPU check
// (cpu_features.h). Each translation unit that includes the kernels defines PEREGRINE_KERNELS_VNNI 1 to opt
// in; PEREGRINE_AVX512VNNI then holds in that unit's AVX3 pass only.
#pragma once

#ifndef PEREGRINE_KERNELS_VNNI
#define PEREGRINE_KERNELS_VNNI 0
#endif

// Evaluated at each use, against the HWY_TARGET of the pass being compiled.
#define PEREGRINE_AVX512VNNI (HWY_TARGET == HWY_AVX3 && PEREGRINE_KERNELS_VNNI)
