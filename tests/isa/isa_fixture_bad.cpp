// Deliberately wrong code for check_isa.py's self-test (never linked into anything): each function uses an
// instruction its namespace's target does not guarantee, as the Highway 1.0.3 AVX3_DL bug did. The test
// passes only if the checker flags every one of them, so the check cannot silently stop working.
#if defined(__x86_64__)
#include <immintrin.h>

namespace peregrine::kernels_simd::N_AVX3 {
// VEX-encoded VNNI (AVX-VNNI) in an AVX-512 target: what faulted on Zen 4 and Ice Lake.
__attribute__((target("avx2,avxvnni"))) __m256i isaFixtureVexVnni(__m256i acc, __m256i a, __m256i b) {
    return _mm256_dpbusd_avx_epi32(acc, a, b);
}
}  // namespace peregrine::kernels_simd::N_AVX3

namespace peregrine::kernels_simd::N_AVX2 {
// An AVX-512 instruction in the AVX2 target.
__attribute__((target("avx512f"))) __m512 isaFixtureZmmInAvx2(__m512 a, __m512 b) {
    return _mm512_add_ps(a, b);
}
}  // namespace peregrine::kernels_simd::N_AVX2

// AVX2 in baseline code (what -march=native in the shipped build would produce).
__attribute__((target("avx2"))) __m256i isaFixtureAvx2InBaseline(__m256i a, __m256i b) {
    return _mm256_add_epi32(a, b);
}

#elif defined(__aarch64__)
#include <arm_neon.h>

namespace peregrine::kernels_simd::N_NEON {
// The Advanced SIMD dot product in the plain NEON target (only NEON_DOTPROD's check guarantees it).
__attribute__((target("arch=armv8.2-a+dotprod"))) int32x4_t isaFixtureDotprodInNeon(int32x4_t acc,
                                                                                    int8x16_t a,
                                                                                    int8x16_t b) {
    return vdotq_s32(acc, a, b);
}
}  // namespace peregrine::kernels_simd::N_NEON

// An SVE instruction in baseline code.
__attribute__((target("+sve"))) void isaFixtureSveInBaseline(float* p) {
    __asm__ volatile("ptrue p0.s\n\tld1w {z0.s}, p0/z, [%0]\n\tst1w {z0.s}, p0, [%0]" : : "r"(p) : "memory");
}
#endif
