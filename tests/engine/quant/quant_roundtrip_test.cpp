// quantize -> dequantize on seeded Gaussian data: relative RMSE (rmse / rms(x)) per type within stated
// bounds. Bounds are the measured values (seed 1234, 64 rows x 4096) with ~15% margin, so a quality
// regression in a scale search shows up here. Measured values are printed for the record.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "quant/quant.h"

namespace peregrine {
namespace {

struct Case {
    GgmlType type;
    double maxRelRmse;
};

double relativeRmse(GgmlType type, const std::vector<float>& x, int64_t rowLen) {
    std::vector<uint8_t> packed(ggmlRowBytes(type, rowLen));
    std::vector<float> back(rowLen);
    double err = 0.0, ref = 0.0;
    for (size_t r = 0; r < x.size() / rowLen; ++r) {
        const float* row = x.data() + r * rowLen;
        EXPECT_TRUE(quantizeRow(type, row, packed.data(), rowLen));
        dequantizeRow(type, packed.data(), back.data(), rowLen);
        for (int64_t k = 0; k < rowLen; ++k) {
            err += (back[k] - row[k]) * static_cast<double>(back[k] - row[k]);
            ref += static_cast<double>(row[k]) * row[k];
        }
    }
    return std::sqrt(err / ref);
}

class QuantRoundTripTest : public ::testing::TestWithParam<Case> {};

TEST_P(QuantRoundTripTest, RelativeRmseWithinBound) {
    const Case c = GetParam();
    constexpr int64_t kRowLen = 4096;
    std::mt19937 rng(1234);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    std::vector<float> x(64 * kRowLen);
    for (float& v : x) v = normal(rng);
    const double rel = relativeRmse(c.type, x, kRowLen);
    std::printf("%-5s relative RMSE %.5f (bound %.5f)\n", ggmlTypeName(c.type).c_str(), rel, c.maxRelRmse);
    EXPECT_LT(rel, c.maxRelRmse) << ggmlTypeName(c.type);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, QuantRoundTripTest,
                         ::testing::Values(Case{GgmlType::F32, 1e-9}, Case{GgmlType::F16, 2.5e-4},
                                           Case{GgmlType::BF16, 1.9e-3}, Case{GgmlType::Q8_0, 0.0062},
                                           Case{GgmlType::Q8_1, 0.0062}, Case{GgmlType::Q8_K, 0.0080},
                                           Case{GgmlType::Q6_K, 0.0205}, Case{GgmlType::Q5_K, 0.0415},
                                           Case{GgmlType::Q5_1, 0.0435}, Case{GgmlType::Q5_0, 0.049},
                                           Case{GgmlType::Q4_K, 0.082}, Case{GgmlType::Q4_1, 0.090},
                                           Case{GgmlType::Q4_0, 0.099}, Case{GgmlType::Q3_K, 0.173},
                                           Case{GgmlType::Q2_K, 0.34}),
                         [](const auto& info) { return ggmlTypeName(info.param.type); });

TEST(QuantRoundTripEdgeTest, ZerosAndConstantsStayExact) {
    for (GgmlType t :
         {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q2_K,
          GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K}) {
        std::vector<float> zeros(256, 0.0f), back(256, 1.0f);
        std::vector<uint8_t> packed(ggmlRowBytes(t, 256));
        ASSERT_TRUE(quantizeRow(t, zeros.data(), packed.data(), 256));
        dequantizeRow(t, packed.data(), back.data(), 256);
        for (float v : back) ASSERT_EQ(v, 0.0f) << ggmlTypeName(t);
    }
}

TEST(QuantRoundTripEdgeTest, OutliersDoNotBreakBlocks) {
    // One huge value per block: the other values lose precision but nothing becomes NaN or inf.
    std::vector<float> x(1024);
    for (size_t i = 0; i < x.size(); ++i) x[i] = (i % 64 == 0) ? 1000.0f : 0.01f * static_cast<float>(i % 7);
    for (GgmlType t : {GgmlType::Q4_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q2_K, GgmlType::Q3_K,
                       GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K}) {
        std::vector<uint8_t> packed(ggmlRowBytes(t, 1024));
        std::vector<float> back(1024);
        ASSERT_TRUE(quantizeRow(t, x.data(), packed.data(), 1024));
        dequantizeRow(t, packed.data(), back.data(), 1024);
        for (size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(std::isfinite(back[i])) << ggmlTypeName(t);
        EXPECT_NEAR(back[0], 1000.0f, 1000.0f * 0.1f) << ggmlTypeName(t);
    }
}

}  // namespace
}  // namespace peregrine
