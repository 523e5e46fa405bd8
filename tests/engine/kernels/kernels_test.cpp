// Every compiled Highway target's kernels against the scalar references (HWY_EXPORT_AND_TEST_P runs the
// body once per target the CPU supports), plus the NEON+dotprod table on aarch64 CPUs that have it and the
// dispatch entry points.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "kernel_check.h"
#include "kernels/cpu_features.h"
#include "kernels/vec_dot.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels_test.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "hwy/tests/hwy_gtest.h"

HWY_BEFORE_NAMESPACE();
namespace peregrine::kernels_simd::HWY_NAMESPACE {

const KernelTable* targetKernelTable();  // engine/kernels/kernels_simd.cpp, same target list

void TestKernelTable() {
    const KernelTable* table = targetKernelTable();
    ASSERT_NE(table, nullptr);
    EXPECT_EQ(table->hwyTarget, HWY_TARGET);
    EXPECT_EQ(peregrine::test::checkKernelTable(*table), 14) << table->target;
}

}  // namespace peregrine::kernels_simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace peregrine::kernels_simd {

// One dynamic dispatch before gtest instantiation calls SupportedTargets() (Highway 1.0.3 would otherwise
// drop SVE_256 / SVE2_128 from the list).
const bool kDispatchedFirst = (std::strlen(kernelTargetName()) > 0);

HWY_BEFORE_TEST(KernelTableTest);
HWY_EXPORT_AND_TEST_P(KernelTableTest, TestKernelTable);

TEST(KernelDispatch, EveryCompiledSupportedTableMatchesReference) {
    int supported = 0;
    for (const auto& t : compiledKernelTables()) {
        if (!t.supported) continue;
        ++supported;
        EXPECT_EQ(peregrine::test::checkKernelTable(*t.table), 14) << t.table->target;
    }
    EXPECT_GE(supported, 1);
    std::printf("active kernel target: %s\n", kernelTargetName());
}

TEST(KernelDispatch, DotprodTableRunsWhereTheCpuHasIt) {
    bool found = false;
    for (const auto& t : compiledKernelTables())
        if (std::strcmp(t.table->target, "NEON_DOTPROD") == 0) {
            found = true;
            if (!t.supported) GTEST_SKIP() << "CPU without dotprod";
            EXPECT_STREQ(kernelTargetName(), "NEON_DOTPROD");
        }
    if (!found) GTEST_SKIP() << "not an aarch64 build";
}

// x86 builds always carry AVX3_VNNI; it is chosen exactly when cpuRunsAvx3Vnni() holds (and is then
// checked above against the references like every supported table).
TEST(KernelDispatch, Avx3VnniTableRunsExactlyWhereTheCpuCheckAllows) {
    bool found = false;
    for (const auto& t : compiledKernelTables())
        if (std::strcmp(t.table->target, "AVX3_VNNI") == 0) {
            found = true;
            EXPECT_EQ(t.supported, cpuRunsAvx3Vnni());
            if (std::getenv("PEREGRINE_KERNELS") == nullptr && t.supported) {
                EXPECT_STREQ(kernelTargetName(), "AVX3_VNNI");
            }
            if (!cpuRunsAvx3Vnni()) {
                EXPECT_STRNE(kernelTargetName(), "AVX3_VNNI");
            }
        }
#if defined(__x86_64__)
    EXPECT_TRUE(found) << "x86-64 builds must carry the AVX3_VNNI table";
#else
    if (!found) GTEST_SKIP() << "not an x86 build";
#endif
}

TEST(KernelDispatch, NoHighwayAvx3DlTable) {
    // Highway 1.0.3's AVX3_DL enables AVX-VNNI (VEX) that its CPU check does not require (x86_vnni.h).
    for (const auto& t : compiledKernelTables()) EXPECT_STRNE(t.table->target, "AVX3_DL");
}

}  // namespace peregrine::kernels_simd
#endif
