#include "kernels/cpu_features.h"

#include <cstdint>
#include <fstream>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define PEREGRINE_CPU_X86 1
#else
#define PEREGRINE_CPU_X86 0
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif
#ifndef HWCAP_ATOMICS
#define HWCAP_ATOMICS (1 << 8)
#endif
#ifndef HWCAP_ASIMDRDM
#define HWCAP_ASIMDRDM (1 << 12)
#endif
#ifndef HWCAP_SVE
#define HWCAP_SVE (1 << 22)
#endif
#ifndef HWCAP_ASIMDHP
#define HWCAP_ASIMDHP (1 << 10)
#endif
#endif

namespace peregrine {

namespace {

#if PEREGRINE_CPU_X86
struct X86Regs {
    uint32_t a = 0, b = 0, c = 0, d = 0;
};

X86Regs cpuid(uint32_t leaf, uint32_t sub) {
    X86Regs r;
    if (__get_cpuid_max(leaf & 0x80000000u, nullptr) < leaf) return r;
    __cpuid_count(leaf, sub, r.a, r.b, r.c, r.d);
    return r;
}

uint64_t xcr0() {
    uint32_t lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (static_cast<uint64_t>(hi) << 32) | lo;
}

constexpr bool bit(uint32_t reg, int n) {
    return ((reg >> n) & 1u) != 0;
}

struct X86Features {
    bool sse2, sse3, ssse3, sse41, sse42, popcnt, pclmul, aes, avx, avx2, bmi1, bmi2, fma, f16c;
    bool avx512f, avx512vl, avx512dq, avx512bw, avx512vnni, avxvnni, osAvx, osAvx512;
};

X86Features readX86() {
    const X86Regs l1 = cpuid(1, 0);
    const X86Regs l7 = cpuid(7, 0);
    const X86Regs l71 = cpuid(7, 1);
    X86Features f{};
    f.sse2 = bit(l1.d, 26);
    f.sse3 = bit(l1.c, 0);
    f.pclmul = bit(l1.c, 1);
    f.ssse3 = bit(l1.c, 9);
    f.fma = bit(l1.c, 12);
    f.sse41 = bit(l1.c, 19);
    f.sse42 = bit(l1.c, 20);
    f.popcnt = bit(l1.c, 23);
    f.aes = bit(l1.c, 25);
    const bool osxsave = bit(l1.c, 27);
    f.avx = bit(l1.c, 28);
    f.f16c = bit(l1.c, 29);
    f.bmi1 = bit(l7.b, 3);
    f.avx2 = bit(l7.b, 5);
    f.bmi2 = bit(l7.b, 8);
    f.avx512f = bit(l7.b, 16);
    f.avx512dq = bit(l7.b, 17);
    f.avx512bw = bit(l7.b, 30);
    f.avx512vl = bit(l7.b, 31);
    f.avx512vnni = bit(l7.c, 11);
    f.avxvnni = bit(l71.a, 4);
    const uint64_t x = osxsave ? xcr0() : 0;
    f.osAvx = (x & 0x6) == 0x6;       // SSE and AVX state
    f.osAvx512 = (x & 0xE6) == 0xE6;  // + opmask, ZMM_Hi256, Hi16_ZMM
    return f;
}

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
        }
    return "unknown CPU";
}
#endif

}  // namespace

bool cpuRunsAvx3Vnni() {
#if PEREGRINE_CPU_X86
    static const bool ok = [] {
        const X86Features f = readX86();
        return f.sse2 && f.sse3 && f.ssse3 && f.sse41 && f.sse42 && f.popcnt && f.pclmul && f.aes && f.avx &&
               f.avx2 && f.bmi1 && f.bmi2 && f.fma && f.f16c && f.avx512f && f.avx512vl && f.avx512dq &&
               f.avx512bw && f.avx512vnni && f.osAvx && f.osAvx512;
    }();
    return ok;
#else
    return false;
#endif
}

bool cpuRunsNeonDotprod() {
#if defined(__aarch64__) && defined(__linux__)
    // The dotprod unit is built for armv8.2-a+dotprod: dot product plus what Armv8.1/8.2 make mandatory and
    // GCC may use (LSE atomics, RDM, CRC32). Every dotprod CPU has them; asking keeps the promise explicit.
    constexpr unsigned long kNeed = HWCAP_ASIMDDP | HWCAP_ATOMICS | HWCAP_ASIMDRDM | HWCAP_CRC32;
    return (getauxval(AT_HWCAP) & kNeed) == kNeed;
#else
    return false;
#endif
}

std::string cpuDescription() {
#if PEREGRINE_CPU_X86
    const X86Features f = readX86();
    std::string s = cpuModelName() + " (x86-64:";
    const std::pair<bool, const char*> names[] = {{f.avx2 && f.osAvx, "avx2"},
                                                  {f.fma, "fma"},
                                                  {f.f16c, "f16c"},
                                                  {f.avx512f && f.osAvx512, "avx512f"},
                                                  {f.avx512bw, "avx512bw"},
                                                  {f.avx512vl, "avx512vl"},
                                                  {f.avx512dq, "avx512dq"},
                                                  {f.avx512vnni, "avx512_vnni"},
                                                  {f.avxvnni, "avx_vnni"}};
    for (const auto& [has, name] : names)
        if (has) s += std::string(" ") + name;
    return s + ")";
#elif defined(__aarch64__) && defined(__linux__)
    std::string s = "aarch64 (neon";
    const unsigned long hw = getauxval(AT_HWCAP);
    if (hw & HWCAP_ASIMDDP) s += " dotprod";
    if (hw & HWCAP_ASIMDHP) s += " fp16";
    if (hw & HWCAP_SVE) s += " sve";
    return s + ")";
#else
    return "unknown architecture";
#endif
}

}  // namespace peregrine
