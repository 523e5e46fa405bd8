// Every compiled Highway target's kernels against the scalar references (HWY_EXPORT_AND_TEST_P runs the
// body once per target the CPU supports), plus the NEON+dotprod table on aarch64 CPUs that have it and the
// dispatch entry points.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "kernel_check.h"
#include "kernels/cpu_features.h"
#include "kernels/vec_dot.h"
#include "quant/quant.h"
#include "quant/row_interleave.h"

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

#if HWY_ONCE
// The public entry point over interleaved rows takes any range: whole groups go to the active table's
// kernel, rows of a cut group are copied out plain. Against matVecRows on the plain rows.
TEST(KernelDispatch, InterleavedRowsTakeAnyRange) {
    using namespace peregrine;
    for (GgmlType wt : {GgmlType::Q4_K, GgmlType::Q6_K}) {
        if (!interleavedDecode(wt)) {
            std::printf("%s reads no interleaved %s\n", kernelTargetName(), ggmlTypeName(wt).c_str());
            continue;
        }
        const int64_t n = 512, rows = 16;
        const size_t rowBytes = ggmlRowBytes(wt, n);
        std::vector<uint8_t> plain(rowBytes * rows);
        std::vector<float> f(n);
        for (int64_t r = 0; r < rows; ++r) {
            for (int64_t i = 0; i < n; ++i)
                f[i] = std::sin(0.37f * static_cast<float>(i * (r + 2)) + 0.1f * r);
            ASSERT_TRUE(quantizeRow(wt, f.data(), plain.data() + r * rowBytes, n));
        }
        std::vector<uint8_t> grouped = plain, scratch(rowBytes * kInterleaveRows);
        interleaveRowGroups(wt, grouped.data(), rowBytes, 0, rows, scratch.data());
        for (int64_t i = 0; i < n; ++i) f[i] = std::cos(0.11f * static_cast<float>(i));
        std::vector<uint8_t> a(activationBytes(wt, n));
        quantizeActivations(wt, f.data(), a.data(), n);
        for (const auto& [r0, r1] :
             {std::pair<int64_t, int64_t>{0, 16}, {1, 15}, {3, 6}, {5, 7}, {13, 16}, {9, 9}}) {
            std::vector<float> expected(rows, -1.0f), got(rows, -1.0f);
            matVecRows(wt, plain.data(), rowBytes, a.data(), n, expected.data(), r0, r1);
            matVecRowsInterleaved(wt, grouped.data(), rowBytes, a.data(), n, got.data(), r0, r1);
            for (int64_t r = 0; r < rows; ++r)
                EXPECT_NEAR(got[r], expected[r], 1e-5f * (1.0f + std::fabs(expected[r])))
                    << ggmlTypeName(wt) << " r" << r << " of [" << r0 << "," << r1 << ")";
        }
    }
}
#endif
