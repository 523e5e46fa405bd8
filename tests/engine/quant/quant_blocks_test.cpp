// Hand-built blocks with known values, one per format: pins the bit layout of each ggml block (which byte and
// bit holds which element, how scales and mins are packed).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "quant/blocks.h"
#include "quant/quant.h"

namespace peregrine {
namespace {

template <typename Block>
std::vector<float> dequantize(GgmlType type, const Block& b, int n) {
    std::vector<float> out(n, -999.0f);
    dequantizeRow(type, &b, out.data(), n);
    return out;
}

TEST(QuantBlocksTest, TypeTable) {
    EXPECT_EQ(ggmlRowBytes(GgmlType::Q4_K, 512), 288u);
    EXPECT_EQ(ggmlRowBytes(GgmlType::Q8_K, 256), 292u);
    EXPECT_EQ(ggmlRowBytes(GgmlType::Q8_1, 64), 72u);
    EXPECT_EQ(ggmlRowBytes(GgmlType::Q4_0, 33), 0u);  // not a whole number of blocks
    for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q4_1,
                       GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q8_1, GgmlType::Q2_K,
                       GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K})
        EXPECT_TRUE(quantSupported(t)) << ggmlTypeName(t);
    EXPECT_FALSE(quantSupported(GgmlType::IQ2_XXS));
    float dummy = 0;
    EXPECT_FALSE(quantizeRow(GgmlType::IQ4_NL, &dummy, &dummy, 32));
}

TEST(QuantBlocksTest, Q4_0) {
    BlockQ4_0 b{};
    b.d = floatToFp16(0.5f);
    for (int j = 0; j < 16; ++j) b.qs[j] = static_cast<uint8_t>(j | ((15 - j) << 4));
    const auto y = dequantize(GgmlType::Q4_0, b, 32);
    for (int j = 0; j < 16; ++j) {
        EXPECT_EQ(y[j], (j - 8) * 0.5f);
        EXPECT_EQ(y[j + 16], (7 - j) * 0.5f);
    }
}

TEST(QuantBlocksTest, Q4_1) {
    BlockQ4_1 b{};
    b.d = floatToFp16(0.25f);
    b.m = floatToFp16(-1.0f);
    b.qs[0] = 0xF3;  // element 0 = 3, element 16 = 15
    const auto y = dequantize(GgmlType::Q4_1, b, 32);
    EXPECT_EQ(y[0], 3 * 0.25f - 1.0f);
    EXPECT_EQ(y[16], 15 * 0.25f - 1.0f);
    EXPECT_EQ(y[1], -1.0f);
}

TEST(QuantBlocksTest, Q5_0AndQ5_1) {
    BlockQ5_0 b{};
    b.d = floatToFp16(1.0f);
    b.qs[2] = 0x4A;  // element 2 low nibble 10, element 18 low nibble 4
    b.qh[0] = 0x04;  // 5th bit of element 2
    b.qh[2] = 0x04;  // bit 18: 5th bit of element 18
    auto y = dequantize(GgmlType::Q5_0, b, 32);
    EXPECT_EQ(y[2], (10 + 16) - 16.0f);
    EXPECT_EQ(y[18], (4 + 16) - 16.0f);
    EXPECT_EQ(y[0], -16.0f);

    BlockQ5_1 c{};
    c.d = floatToFp16(2.0f);
    c.m = floatToFp16(0.5f);
    c.qs[15] = 0x01;  // element 15 = 1 (+16 from qh bit 15)
    c.qh[1] = 0x80;
    c.qh[3] = 0x80;  // bit 31: element 31 = 16
    y = dequantize(GgmlType::Q5_1, c, 32);
    EXPECT_EQ(y[15], 17 * 2.0f + 0.5f);
    EXPECT_EQ(y[31], 16 * 2.0f + 0.5f);
    EXPECT_EQ(y[0], 0.5f);
}

TEST(QuantBlocksTest, Q8_0AndQ8_1AndQ8_K) {
    BlockQ8_0 b{};
    b.d = floatToFp16(0.125f);
    b.qs[5] = -128;
    b.qs[31] = 127;
    auto y = dequantize(GgmlType::Q8_0, b, 32);
    EXPECT_EQ(y[5], -16.0f);
    EXPECT_EQ(y[31], 15.875f);

    BlockQ8_1 c{};
    c.d = floatToFp16(2.0f);
    c.qs[0] = -3;
    y = dequantize(GgmlType::Q8_1, c, 32);
    EXPECT_EQ(y[0], -6.0f);

    BlockQ8K k{};
    k.d = 0.5f;
    k.qs[255] = -7;
    y = dequantize(GgmlType::Q8_K, k, 256);
    EXPECT_EQ(y[255], -3.5f);
    EXPECT_EQ(y[0], 0.0f);
}

TEST(QuantBlocksTest, Q2_K) {
    BlockQ2K b{};
    b.d = floatToFp16(2.0f);
    b.dmin = floatToFp16(0.25f);
    b.qs[0] = 0xE4;       // elements 0, 32, 64, 96 = levels 0, 1, 2, 3
    b.qs[32] = 0x1B;      // elements 128, 160, 192, 224 = levels 3, 2, 1, 0
    b.scales[0] = 0x21;   // elements 0..15: scale 1, min 2
    b.scales[2] = 0x03;   // 32..47
    b.scales[4] = 0x01;   // 64..79
    b.scales[6] = 0x05;   // 96..111
    b.scales[8] = 0x07;   // 128..143
    b.scales[10] = 0x10;  // 160..175: scale 0, min 1
    const auto y = dequantize(GgmlType::Q2_K, b, 256);
    EXPECT_EQ(y[0], -0.5f);
    EXPECT_EQ(y[1], -0.5f);  // level 0, same group
    EXPECT_EQ(y[32], 6.0f);
    EXPECT_EQ(y[64], 4.0f);
    EXPECT_EQ(y[96], 30.0f);
    EXPECT_EQ(y[128], 42.0f);
    EXPECT_EQ(y[160], -0.25f);
    EXPECT_EQ(y[200], 0.0f);
}

TEST(QuantBlocksTest, Q3_K) {
    BlockQ3K b{};
    b.d = floatToFp16(1.0f);
    // Scales are 6-bit values biased by 32: group 0 = 33 (+1), group 5 = 30 (-2), every other group 32 (0).
    // Low nibbles: groups 0..7 in bytes 0..7, groups 8..15 in the high nibbles; high 2 bits of group j in
    // byte 8 + j % 4 at bit 2 * (j / 4).
    std::memset(b.scales + 8, 0xAA, 4);
    b.scales[0] = 0x01;
    b.scales[5] = 0x0E;
    b.scales[9] = 0xA6;
    b.qs[0] = 0x03;      // element 0: low bits 3
    b.hmask[0] = 0x01;   // element 0: high bit set -> level 3
    b.qs[16] = 0x10;     // element 80 (h 0, s 2, l 16): low bits 1
    b.hmask[16] = 0x04;  // element 80: high bit -> level 1
    const auto y = dequantize(GgmlType::Q3_K, b, 256);
    EXPECT_EQ(y[0], 3.0f);
    EXPECT_EQ(y[1], -4.0f);  // high bit clear: level -4
    EXPECT_EQ(y[80], -2.0f);
    EXPECT_EQ(y[81], 8.0f);
    EXPECT_EQ(y[200], 0.0f);  // scale 0
}

TEST(QuantBlocksTest, Q4_KAndQ5_K) {
    BlockQ4K b{};
    b.d = floatToFp16(1.0f);
    b.dmin = floatToFp16(1.0f);
    b.scales[0] = 2;  // group 0 scale
    b.scales[4] = 1;  // group 0 min
    // Group 5: scale 37 = 0b100101 (low nibble in byte 9, top 2 bits in byte 1 bits 6-7), min 3 (byte 9
    // high).
    b.scales[9] = 0x35;
    b.scales[1] = 0x80;
    b.qs[0] = 0x07;   // element 0 (group 0) = 7
    b.qs[64] = 0xA0;  // element 160 (chunk 2 high nibble, group 5) = 10; element 128 (group 4) = 0
    auto y = dequantize(GgmlType::Q4_K, b, 256);
    EXPECT_EQ(y[0], 2 * 7 - 1.0f);
    EXPECT_EQ(y[1], -1.0f);
    EXPECT_EQ(y[160], 37 * 10 - 3.0f);
    EXPECT_EQ(y[128], 0.0f);

    BlockQ5K c{};
    c.d = b.d;
    c.dmin = b.dmin;
    std::memcpy(c.scales, b.scales, 12);
    std::memcpy(c.qs, b.qs, 128);
    c.qh[0] = 0x21;  // bit 0: element 0 +16; bit 5 (chunk 2, high half): element 160 +16
    y = dequantize(GgmlType::Q5_K, c, 256);
    EXPECT_EQ(y[0], 2 * 23 - 1.0f);
    EXPECT_EQ(y[160], 37 * 26 - 3.0f);
    EXPECT_EQ(y[32], 0.0f);  // group 1: scale 0 and min 0
}

TEST(QuantBlocksTest, Q6_K) {
    BlockQ6K b{};
    b.d = floatToFp16(0.5f);
    b.scales[0] = 2;
    b.scales[4] = -3;  // elements 64..79
    b.scales[8] = 1;   // elements 128..143
    b.ql[0] = 0x05;    // element 0 low 4 bits = 5; element 64 low 4 bits = 0
    b.qh[0] = 0x12;    // element 0 high bits 2 -> 37; element 64 high bits 1 -> 16
    b.ql[64] = 0xF0;   // element 128 low 0 ; element 192 low 15
    b.qh[32] = 0x03;   // element 128 high bits 3 -> 48
    const auto y = dequantize(GgmlType::Q6_K, b, 256);
    EXPECT_EQ(y[0], 0.5f * 2 * (37 - 32));
    EXPECT_EQ(y[64], 0.5f * -3 * (16 - 32));
    EXPECT_EQ(y[1], 0.5f * 2 * -32);
    EXPECT_EQ(y[128], 0.5f * 1 * (48 - 32));
    EXPECT_EQ(y[32], 0.0f);  // scale 0
}

TEST(QuantBlocksTest, FloatFormats) {
    const float f[2] = {1.5f, -3.25f};
    std::vector<float> y(2);
    dequantizeRow(GgmlType::F32, f, y.data(), 2);
    EXPECT_EQ(y[1], -3.25f);
    const uint16_t h[2] = {0x3E00, 0xC000};
    dequantizeRow(GgmlType::F16, h, y.data(), 2);
    EXPECT_EQ(y[0], 1.5f);
    EXPECT_EQ(y[1], -2.0f);
    const uint16_t bf[2] = {0x3FC0, 0xC050};
    dequantizeRow(GgmlType::BF16, bf, y.data(), 2);
    EXPECT_EQ(y[0], 1.5f);
    EXPECT_EQ(y[1], -3.25f);
}

TEST(QuantBlocksTest, QuantizeKnownValues) {
    // Q8_0: the absmax maps to +-127, d = absmax / 127.
    std::vector<float> x(32, 0.0f);
    x[3] = -2.54f;
    x[4] = 1.2827f;  // 64.1 steps of d
    BlockQ8_0 q{};
    ASSERT_TRUE(quantizeRow(GgmlType::Q8_0, x.data(), &q, 32));
    EXPECT_EQ(q.qs[3], -127);
    EXPECT_EQ(q.qs[4], 64);
    EXPECT_EQ(q.d, floatToFp16(2.54f / 127.0f));
    // Q4_0: the signed extreme maps to level -8 (quant 0).
    BlockQ4_0 q4{};
    ASSERT_TRUE(quantizeRow(GgmlType::Q4_0, x.data(), &q4, 32));
    EXPECT_EQ(q4.qs[3] & 0xF, 0);
    EXPECT_EQ(q4.qs[0] & 0xF, 8);  // zero maps to level 8
    // Q8_K: bsums are the sums of each 16 quants.
    std::vector<float> k(256);
    for (int i = 0; i < 256; ++i) k[i] = static_cast<float>((i * 37) % 19) - 9.0f;
    BlockQ8K q8{};
    ASSERT_TRUE(quantizeRow(GgmlType::Q8_K, k.data(), &q8, 256));
    for (int g = 0; g < 16; ++g) {
        int s = 0;
        for (int l = 0; l < 16; ++l) s += q8.qs[16 * g + l];
        EXPECT_EQ(q8.bsums[g], s);
    }
    EXPECT_FLOAT_EQ(q8.d, -9.0f / -127.0f);
}

}  // namespace
}  // namespace peregrine
