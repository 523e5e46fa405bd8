// IEEE binary16 and bfloat16 conversions, exact: round-to-nearest-even, subnormals kept, inf and NaN
// preserved (NaN stays NaN with its sign; the payload is truncated with the quiet bit set).
#include <cstring>

#include "quant/quant.h"

namespace peregrine {

namespace {

uint32_t floatBits(float f) {
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

float bitsFloat(uint32_t u) {
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

// m >> shift rounded to nearest, ties to even (shift in 1..31).
uint32_t shiftRoundEven(uint32_t m, int shift) {
    const uint32_t half = 1u << (shift - 1);
    const uint32_t rem = m & ((1u << shift) - 1);
    uint32_t r = m >> shift;
    if (rem > half || (rem == half && (r & 1))) ++r;
    return r;
}

}  // namespace

float fp16ToFloat(uint16_t h) {
    const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
    const uint32_t exp = (h >> 10) & 0x1F;
    uint32_t mant = h & 0x3FF;
    if (exp == 0x1F) return bitsFloat(sign | 0x7F800000 | (mant << 13));  // inf / NaN
    if (exp != 0) return bitsFloat(sign | ((exp + 112) << 23) | (mant << 13));
    if (mant == 0) return bitsFloat(sign);
    // Subnormal: normalise into a float exponent.
    int e = 113;
    while ((mant & 0x400) == 0) {
        mant <<= 1;
        --e;
    }
    return bitsFloat(sign | (static_cast<uint32_t>(e) << 23) | ((mant & 0x3FF) << 13));
}

uint16_t floatToFp16(float f) {
    const uint32_t u = floatBits(f);
    const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000);
    const int exp = static_cast<int>((u >> 23) & 0xFF);
    const uint32_t mant = u & 0x7FFFFF;
    if (exp == 0xFF) {
        if (mant == 0) return sign | 0x7C00;
        return static_cast<uint16_t>(sign | 0x7E00 | (mant >> 13));  // quiet NaN
    }
    const int e = exp - 127 + 15;  // biased half exponent
    if (e >= 31) return sign | 0x7C00;
    if (e >= 1) {
        // Normal: rounding may carry into the exponent, up to infinity (0x7C00), which is the right answer.
        const uint32_t combined =
            (static_cast<uint32_t>(e) << 23) | mant;  // exponent and mantissa, 13 extra bits
        return static_cast<uint16_t>(sign | shiftRoundEven(combined, 13));
    }
    if (e < -10) return sign;  // below half the smallest subnormal: rounds to zero
    // Subnormal half: value / 2^-24 = (1.mant) * 2^(e - 1 + 10) with the implicit bit made explicit.
    const uint32_t m = mant | 0x800000;
    return static_cast<uint16_t>(sign | shiftRoundEven(m, 14 - e));
}

float bf16ToFloat(uint16_t h) {
    return bitsFloat(static_cast<uint32_t>(h) << 16);
}

uint16_t floatToBf16(float f) {
    const uint32_t u = floatBits(f);
    if ((u & 0x7FFFFFFF) > 0x7F800000) return static_cast<uint16_t>((u >> 16) | 0x40);  // quiet NaN
    // Round to nearest even on the low 16 bits; overflow past the largest finite rounds to infinity.
    return static_cast<uint16_t>((u + 0x7FFF + ((u >> 16) & 1)) >> 16);
}

}  // namespace peregrine
