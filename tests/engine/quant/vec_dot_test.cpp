// vecDot for every weight type against two references:
//  1. exact arithmetic: float dot of dequantized weights with dequantized activations. Only float rounding
//     separates the two (the integer block sums are exact), so the bound is 1e-5 relative to sum |w_k x_k|.
//  2. accuracy: dotRowRef (dequantized weights with unquantized float activations). The gap is the activation
//     quantization: bound 1e-2 relative to ||w|| ||x|| for 8-bit activations, 2e-3 for F16, 1e-2 for BF16.
#include <algorithm>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/vec_dot.h"
#include "quant/quant.h"

namespace peregrine {
namespace {

struct DotCase {
    GgmlType weight;
    GgmlType activation;
    double accuracyTol;
};

class VecDotTest : public ::testing::TestWithParam<DotCase> {};

std::vector<float> gaussian(size_t n, unsigned seed, float mean = 0.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(mean, 1.0f);
    std::vector<float> v(n);
    for (float& x : v) x = normal(rng);
    return v;
}

TEST_P(VecDotTest, MatchesReferences) {
    const DotCase c = GetParam();
    ASSERT_EQ(vecDotActivationType(c.weight), c.activation);
    constexpr int64_t kN = 2048;
    for (unsigned seed = 1; seed <= 8; ++seed) {
        // Offset weights exercise the min terms of Q4_1 / Q5_1 / K-quants.
        const std::vector<float> w = gaussian(kN, seed, seed % 2 ? 0.0f : 0.7f);
        const std::vector<float> x = gaussian(kN, 100 + seed);
        std::vector<uint8_t> row(ggmlRowBytes(c.weight, kN));
        ASSERT_TRUE(quantizeRow(c.weight, w.data(), row.data(), kN));
        std::vector<uint8_t> act(activationBytes(c.weight, kN));
        ASSERT_EQ(act.size(), ggmlRowBytes(c.activation, kN));
        quantizeActivations(c.weight, x.data(), act.data(), kN);

        std::vector<float> wd(kN), xd(kN);
        dequantizeRow(c.weight, row.data(), wd.data(), kN);
        dequantizeRow(c.activation, act.data(), xd.data(), kN);
        double exact = 0.0, absSum = 0.0, wNorm = 0.0, xNorm = 0.0;
        for (int64_t k = 0; k < kN; ++k) {
            exact += static_cast<double>(wd[k]) * xd[k];
            absSum += std::fabs(static_cast<double>(wd[k]) * xd[k]);
            wNorm += static_cast<double>(wd[k]) * wd[k];
            xNorm += static_cast<double>(x[k]) * x[k];
        }
        const float got = vecDot(c.weight, row.data(), act.data(), kN);
        EXPECT_NEAR(got, exact, 1e-5 * absSum) << ggmlTypeName(c.weight) << " seed " << seed;

        const double accurate = dotRowRef(c.weight, row.data(), x.data(), kN);
        EXPECT_NEAR(got, accurate, c.accuracyTol * std::sqrt(wNorm * xNorm))
            << ggmlTypeName(c.weight) << " seed " << seed;
    }
}

TEST_P(VecDotTest, MatVecRowsMatchesVecDot) {
    const DotCase c = GetParam();
    constexpr int64_t kN = 512, kRows = 6;
    const size_t rowBytes = ggmlRowBytes(c.weight, kN);
    const std::vector<float> w = gaussian(kN * kRows, 5);
    const std::vector<float> x = gaussian(kN, 6);
    std::vector<uint8_t> matrix(rowBytes * kRows);
    for (int64_t r = 0; r < kRows; ++r)
        quantizeRow(c.weight, w.data() + r * kN, matrix.data() + r * rowBytes, kN);
    std::vector<uint8_t> act(activationBytes(c.weight, kN));
    quantizeActivations(c.weight, x.data(), act.data(), kN);
    std::vector<float> y(kRows, -1.0f);
    matVecRows(c.weight, matrix.data(), rowBytes, act.data(), kN, y.data(), 2, 5);
    EXPECT_EQ(y[0], -1.0f);
    EXPECT_EQ(y[5], -1.0f);
    // A target's multi-row decode kernel (KernelTable::rows) sums in another order than its one-row dot.
    for (int64_t r = 2; r < 5; ++r) {
        const float want = vecDot(c.weight, matrix.data() + r * rowBytes, act.data(), kN);
        EXPECT_NEAR(y[r], want, 1e-5f * std::max(1.0f, std::fabs(want)));
    }
}

INSTANTIATE_TEST_SUITE_P(
    AllPairs, VecDotTest,
    ::testing::Values(
        DotCase{GgmlType::F32, GgmlType::F32, 1e-6}, DotCase{GgmlType::F16, GgmlType::F16, 2e-3},
        DotCase{GgmlType::BF16, GgmlType::BF16, 1e-2}, DotCase{GgmlType::Q4_0, GgmlType::Q8_0, 1e-2},
        DotCase{GgmlType::Q4_1, GgmlType::Q8_0, 1e-2}, DotCase{GgmlType::Q5_0, GgmlType::Q8_0, 1e-2},
        DotCase{GgmlType::Q5_1, GgmlType::Q8_0, 1e-2}, DotCase{GgmlType::Q8_0, GgmlType::Q8_0, 1e-2},
        DotCase{GgmlType::Q8_1, GgmlType::Q8_0, 1e-2}, DotCase{GgmlType::Q2_K, GgmlType::Q8_K, 1e-2},
        DotCase{GgmlType::Q3_K, GgmlType::Q8_K, 1e-2}, DotCase{GgmlType::Q4_K, GgmlType::Q8_K, 1e-2},
        DotCase{GgmlType::Q5_K, GgmlType::Q8_K, 1e-2}, DotCase{GgmlType::Q6_K, GgmlType::Q8_K, 1e-2}),
    [](const auto& info) { return ggmlTypeName(info.param.weight); });

}  // namespace
}  // namespace peregrine
