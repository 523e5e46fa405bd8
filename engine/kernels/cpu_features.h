// What the running CPU can execute, read from the CPU itself (cpuid + xgetbv on x86, AT_HWCAP on aarch64).
// These checks are the guarantee behind the tables that are not Highway targets (AVX3_VNNI, NEON_DOTPROD):
// each asks for every extension its translation unit enables, so a table never runs an instruction the CPU
// lacks (tests/isa checks the machine code against the same lists).
#pragma once

#include <string>

namespace peregrine {

// x86: SSE2..SSE4.2, POPCNT, PCLMUL, AES, AVX, AVX2, BMI1, BMI2, FMA, F16C, AVX512F/VL/DQ/BW and AVX512_VNNI,
// with XCR0 enabling SSE, AVX, opmask and ZMM state. False on other architectures.
bool cpuRunsAvx3Vnni();
// aarch64: Advanced SIMD dot product with Armv8.1's LSE atomics, RDM and CRC32 (the armv8.2-a+dotprod
// unit's flags). False elsewhere.
bool cpuRunsNeonDotprod();
// One line for logs, --version and inspect: CPU model and the SIMD extensions that matter to the kernels,
// e.g. "AMD EPYC 9R14 (x86-64: avx2 fma f16c avx512f avx512bw avx512vl avx512dq avx512_vnni)".
std::string cpuDescription();

}  // namespace peregrine
