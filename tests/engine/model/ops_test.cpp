// RMSNorm, RoPE (norm, neox, frequency factors, linear scaling), SiLU and softmax against naive double
// references written from the formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/ffn_kernels.h"
#include "model/ops.h"

using namespace peregrine;

namespace {

std::vector<float> randomVector(size_t n, uint32_t seed, float scale = 1.0f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

// Rotation of pair (a, b) by angle pos * base^(-2i/nRot) / factor[i] * freqScale, in double.
std::vector<double> ropeReference(const std::vector<float>& x, int nHeads, int headDim, int nRot, double base,
                                  int64_t pos, RopeType type, const float* factors, double freqScale) {
    std::vector<double> y(x.begin(), x.end());
    for (int h = 0; h < nHeads; ++h) {
        for (int i = 0; i < nRot / 2; ++i) {
            double theta = static_cast<double>(pos) * std::pow(base, -2.0 * i / nRot) * freqScale;
            if (factors) theta /= factors[i];
            const int a = type == RopeType::Norm ? 2 * i : i;
            const int b = type == RopeType::Norm ? 2 * i + 1 : i + nRot / 2;
            const double x0 = x[h * headDim + a], x1 = x[h * headDim + b];
            y[h * headDim + a] = x0 * std::cos(theta) - x1 * std::sin(theta);
            y[h * headDim + b] = x0 * std::sin(theta) + x1 * std::cos(theta);
        }
    }
    return y;
}

}  // namespace

TEST(RmsNorm, MatchesFormula) {
    const auto x = randomVector(257, 1, 3.0f);
    const auto w = randomVector(257, 2);
    std::vector<float> y(x.size());
    rmsNorm(x.data(), w.data(), y.data(), static_cast<int64_t>(x.size()), 1e-5f);
    double ss = 0;
    for (float v : x) ss += static_cast<double>(v) * v;
    const double scale = 1.0 / std::sqrt(ss / x.size() + 1e-5);
    for (size_t i = 0; i < x.size(); ++i)
        EXPECT_NEAR(y[i], x[i] * scale * w[i], 1e-5 * (1 + std::fabs(y[i])));
}

TEST(RmsNorm, InPlaceAndZeroInput) {
    std::vector<float> x(64, 0.0f), w(64, 1.0f);
    rmsNorm(x.data(), w.data(), x.data(), 64, 1e-6f);
    for (float v : x) EXPECT_EQ(v, 0.0f);
}

struct RopeCase {
    RopeType type;
    int headDim;
    int nRot;
    bool factors;
    float freqScale;
};

class RopeTest : public ::testing::TestWithParam<RopeCase> {};

TEST_P(RopeTest, MatchesRotationFormula) {
    const RopeCase c = GetParam();
    const int nHeads = 3;
    const auto factorsVec = randomVector(static_cast<size_t>(c.nRot / 2), 9, 0.0f);
    std::vector<float> factors(static_cast<size_t>(c.nRot / 2));
    for (size_t i = 0; i < factors.size(); ++i) factors[i] = 1.0f + static_cast<float>(i % 5);
    RopeParams p;
    p.type = c.type;
    p.nRot = c.nRot;
    p.freqBase = 10000.0f;
    p.freqScale = c.freqScale;
    p.freqFactors = c.factors ? factors.data() : nullptr;
    for (int64_t pos : {0, 1, 7, 100, 1000}) {
        auto x = randomVector(static_cast<size_t>(nHeads * c.headDim), 3 + static_cast<uint32_t>(pos));
        const auto ref =
            ropeReference(x, nHeads, c.headDim, c.nRot, 10000.0, pos, c.type, p.freqFactors, c.freqScale);
        std::vector<float> cs(static_cast<size_t>(c.nRot));
        ropeAngles(p, pos, cs.data());
        applyRope(p, cs.data(), x.data(), nHeads, c.headDim);
        // Angles accumulate in float like ggml: allow ~1e-6 relative error per unit of angle.
        const double tol = 2e-6 * (1.0 + static_cast<double>(pos));
        for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], ref[i], tol) << "pos " << pos << " i " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Variants, RopeTest,
                         ::testing::Values(RopeCase{RopeType::Norm, 16, 16, false, 1.0f},
                                           RopeCase{RopeType::Neox, 16, 16, false, 1.0f},
                                           RopeCase{RopeType::Norm, 32, 16, false, 1.0f},  // partial rotation
                                           RopeCase{RopeType::Neox, 32, 16, false, 1.0f},
                                           RopeCase{RopeType::Norm, 16, 16, true, 1.0f},  // llama3 factors
                                           RopeCase{RopeType::Norm, 16, 16, false, 0.25f}));  // linear x4

TEST(Rope, NeoxAndNormDifferForSamePairAngles) {
    RopeParams norm;
    norm.nRot = 4;
    RopeParams neox = norm;
    neox.type = RopeType::Neox;
    std::vector<float> cs(4);
    ropeAngles(norm, 3, cs.data());
    std::vector<float> a = {1, 2, 3, 4}, b = a;
    applyRope(norm, cs.data(), a.data(), 1, 4);
    applyRope(neox, cs.data(), b.data(), 1, 4);
    // Norm rotates (1,2) by the first angle; neox rotates (1,3).
    EXPECT_NEAR(a[0], 1 * cs[0] - 2 * cs[1], 1e-6);
    EXPECT_NEAR(b[0], 1 * cs[0] - 3 * cs[1], 1e-6);
}

TEST(SiluMul, MatchesFormula) {
    std::vector<float> g = {-3.0f, -0.5f, 0.0f, 0.5f, 4.0f};
    std::vector<float> u = {1.0f, 2.0f, 3.0f, -1.0f, 0.5f};
    auto expected = g;
    for (size_t i = 0; i < g.size(); ++i) expected[i] = g[i] / (1.0f + std::exp(-g[i])) * u[i];
    siluMul(g.data(), u.data(), static_cast<int64_t>(g.size()));
    for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], expected[i], 1e-6);
}

TEST(Softmax, SumsToOneAndScales) {
    std::vector<float> x = {1.0f, 2.0f, 3.0f};
    softmaxScaled(x.data(), 3, 0.5f);
    const double e0 = std::exp(0.5), e1 = std::exp(1.0), e2 = std::exp(1.5), s = e0 + e1 + e2;
    EXPECT_NEAR(x[0], e0 / s, 1e-6);
    EXPECT_NEAR(x[1], e1 / s, 1e-6);
    EXPECT_NEAR(x[2], e2 / s, 1e-6);
}

TEST(RoundToHalf, IsIeeeHalf) {
    EXPECT_EQ(roundToHalf(1.0f), 1.0f);
    EXPECT_EQ(roundToHalf(1.0f + 1.0f / 4096.0f), 1.0f);  // below half an ulp (2^-11)
    EXPECT_EQ(roundToHalf(65504.0f), 65504.0f);
}
