// fp16 / bf16 conversions: exact round trips, round-to-nearest-even, subnormals, overflow, inf and NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "quant/quant.h"

namespace peregrine {
namespace {

float fromBits(uint32_t u) {
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

TEST(Fp16Test, KnownValues) {
    EXPECT_EQ(floatToFp16(0.0f), 0x0000);
    EXPECT_EQ(floatToFp16(-0.0f), 0x8000);
    EXPECT_EQ(floatToFp16(1.0f), 0x3C00);
    EXPECT_EQ(floatToFp16(-2.0f), 0xC000);
    EXPECT_EQ(floatToFp16(0.5f), 0x3800);
    EXPECT_EQ(floatToFp16(65504.0f), 0x7BFF);                 // largest finite
    EXPECT_EQ(floatToFp16(6.103515625e-05f), 0x0400);         // smallest normal 2^-14
    EXPECT_EQ(floatToFp16(5.9604644775390625e-08f), 0x0001);  // smallest subnormal 2^-24
    EXPECT_FLOAT_EQ(fp16ToFloat(0x3555), 0.333251953125f);
    EXPECT_EQ(fp16ToFloat(0x0001), 5.9604644775390625e-08f);
    EXPECT_EQ(fp16ToFloat(0x03FF), 6.097555160522461e-05f);  // largest subnormal
}

TEST(Fp16Test, RoundsToNearestEven) {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to the even mantissa (1.0).
    EXPECT_EQ(floatToFp16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
    // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    EXPECT_EQ(floatToFp16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
    // Just above the halfway point rounds up.
    EXPECT_EQ(floatToFp16(std::nextafter(1.0f + std::ldexp(1.0f, -11), 2.0f)), 0x3C01);
    // Subnormal ties: 2^-25 (half the smallest subnormal) -> 0; 3 * 2^-25 -> 2 * 2^-24 (even).
    EXPECT_EQ(floatToFp16(std::ldexp(1.0f, -25)), 0x0000);
    EXPECT_EQ(floatToFp16(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
    EXPECT_EQ(floatToFp16(3 * std::ldexp(1.0f, -25)), 0x0002);
    // The largest subnormal rounding up into the smallest normal.
    EXPECT_EQ(floatToFp16(std::ldexp(1.0f, -14) - std::ldexp(1.0f, -26)), 0x0400);
}

TEST(Fp16Test, OverflowInfNan) {
    EXPECT_EQ(floatToFp16(65519.996f), 0x7BFF);  // below the rounding boundary 65520
    EXPECT_EQ(floatToFp16(65520.0f), 0x7C00);    // ties to even: rounds to infinity
    EXPECT_EQ(floatToFp16(1e10f), 0x7C00);
    EXPECT_EQ(floatToFp16(-1e10f), 0xFC00);
    EXPECT_EQ(floatToFp16(std::numeric_limits<float>::infinity()), 0x7C00);
    EXPECT_EQ(floatToFp16(-std::numeric_limits<float>::infinity()), 0xFC00);
    const uint16_t nan = floatToFp16(std::numeric_limits<float>::quiet_NaN());
    EXPECT_EQ(nan & 0x7C00, 0x7C00);
    EXPECT_NE(nan & 0x03FF, 0);
    // A signalling NaN whose payload lives only in the low bits must stay a NaN.
    EXPECT_NE(floatToFp16(fromBits(0x7F800001)) & 0x03FF, 0);
    EXPECT_TRUE(std::isinf(fp16ToFloat(0x7C00)));
    EXPECT_TRUE(std::isnan(fp16ToFloat(0x7E00)));
    EXPECT_TRUE(std::signbit(fp16ToFloat(0x8000)));
}

TEST(Fp16Test, EveryHalfRoundTrips) {
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const float f = fp16ToFloat(static_cast<uint16_t>(h));
        if (std::isnan(f)) {
            EXPECT_TRUE(std::isnan(fp16ToFloat(floatToFp16(f)))) << h;
            continue;
        }
        ASSERT_EQ(floatToFp16(f), h) << "half 0x" << std::hex << h;
    }
}

TEST(Fp16Test, RandomFloatsRoundCorrectly) {
    // Against the definition: the chosen half is the nearest (ties even) of its two neighbours.
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
    for (int i = 0; i < 200000; ++i) {
        const float f = fromBits(bits(rng));
        if (!std::isfinite(f) || std::fabs(f) >= 65504.0f) continue;
        const uint16_t h = floatToFp16(f);
        const double got = fp16ToFloat(h);
        const double up = fp16ToFloat(static_cast<uint16_t>(h + 1));
        const double down = (h & 0x7FFF) == 0 ? -got : fp16ToFloat(static_cast<uint16_t>(h - 1));
        const double err = std::fabs(static_cast<double>(f) - got);
        ASSERT_LE(err, std::fabs(static_cast<double>(f) - up)) << f;
        ASSERT_LE(err, std::fabs(static_cast<double>(f) - down)) << f;
    }
#if defined(__FLT16_MAX__) && defined(__x86_64__)
    // And against the compiler's own conversion where it has one.
    for (int i = 0; i < 200000; ++i) {
        const float f = fromBits(bits(rng));
        if (std::isnan(f)) continue;
        const _Float16 c = static_cast<_Float16>(f);
        uint16_t cb;
        std::memcpy(&cb, &c, 2);
        ASSERT_EQ(floatToFp16(f), cb) << f;
    }
#endif
}

TEST(Bf16Test, Conversions) {
    EXPECT_EQ(floatToBf16(1.0f), 0x3F80);
    EXPECT_EQ(floatToBf16(-2.0f), 0xC000);
    EXPECT_EQ(bf16ToFloat(0x3F80), 1.0f);
    // Ties to even on the dropped 16 bits.
    EXPECT_EQ(floatToBf16(fromBits(0x3F808000)), 0x3F80);
    EXPECT_EQ(floatToBf16(fromBits(0x3F818000)), 0x3F82);
    EXPECT_EQ(floatToBf16(fromBits(0x3F808001)), 0x3F81);
    // Subnormals are kept and rounded, not flushed.
    EXPECT_EQ(floatToBf16(fromBits(0x00010000)), 0x0001);
    EXPECT_EQ(floatToBf16(fromBits(0x00018000)), 0x0002);
    // Overflow to infinity; inf and NaN preserved.
    EXPECT_EQ(floatToBf16(fromBits(0x7F7FFFFF)), 0x7F80);
    EXPECT_EQ(floatToBf16(std::numeric_limits<float>::infinity()), 0x7F80);
    EXPECT_EQ(floatToBf16(-std::numeric_limits<float>::infinity()), 0xFF80);
    EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_TRUE(std::isnan(bf16ToFloat(floatToBf16(fromBits(0x7F800001)))));
    for (uint32_t h = 0; h < 0x10000; ++h) {
        const float f = bf16ToFloat(static_cast<uint16_t>(h));
        if (!std::isnan(f)) {
            ASSERT_EQ(floatToBf16(f), h);
        }
    }
}

}  // namespace
}  // namespace peregrine
