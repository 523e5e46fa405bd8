// Packed block layouts of the ggml quantized formats, bit for bit as in ggml-common.h (QK_K = 256).
// Half-precision fields are raw IEEE binary16 bits (fp16ToFloat in quant.h). Blocks are read in place from
// mapped files: every struct has alignment <= 2 except BlockQ8K (an activation format, never in files).
//
// Element order inside a block (what dequantize produces):
//   Q4_0/Q4_1/Q5_x: qs[j] low nibble = element j, high nibble = element j + 16.
//   Q5_x: bit j of qh (little endian u32) = 5th bit of element j.
//   Q2_K: 16 groups of 16; qs byte 32*h + l holds elements 128*h + l + 32*s at bits 2s..2s+1.
//   Q3_K: low 2 bits as Q2_K; hmask bit s of byte l: 3rd bit of element 32*s + l; 16 6-bit signed scales.
//   Q4_K/Q5_K: 8 groups of 32; qs byte 32*c + l: low nibble element 64*c + l, high nibble element 64*c + 32 +
//   l;
//              Q5_K qh bit (2c) / (2c+1) of byte l holds the 5th bit of those.
//   Q6_K: per 128-half h: ql[64h + l] low = e(l), ql[64h+32+l] low = e(l+32), ql[64h+l] high = e(l+64),
//         ql[64h+32+l] high = e(l+96); qh[32h + l] bits 0-1,2-3,4-5,6-7 = high 2 bits of e(l), e(l+32),
//         e(l+64), e(l+96).
#pragma once

#include <cstdint>

namespace peregrine {

constexpr int kQK = 32;    // legacy block size
constexpr int kQKK = 256;  // K-quant super-block size

struct BlockQ4_0 {
    uint16_t d;
    uint8_t qs[kQK / 2];
};
struct BlockQ4_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qs[kQK / 2];
};
struct BlockQ5_0 {
    uint16_t d;
    uint8_t qh[4];
    uint8_t qs[kQK / 2];
};
struct BlockQ5_1 {
    uint16_t d;
    uint16_t m;
    uint8_t qh[4];
    uint8_t qs[kQK / 2];
};
struct BlockQ8_0 {
    uint16_t d;
    int8_t qs[kQK];
};
struct BlockQ8_1 {
    uint16_t d;
    uint16_t s;  // d * sum(qs)
    int8_t qs[kQK];
};
struct BlockQ2K {
    uint8_t scales[kQKK / 16];  // low nibble scale, high nibble min
    uint8_t qs[kQKK / 4];
    uint16_t d;
    uint16_t dmin;
};
struct BlockQ3K {
    uint8_t hmask[kQKK / 8];
    uint8_t qs[kQKK / 4];
    uint8_t scales[12];  // 16 x 6-bit, stored biased by 32
    uint16_t d;
};
struct BlockQ4K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];  // 8 x (6-bit scale, 6-bit min), see unpackScaleMinK4
    uint8_t qs[kQKK / 2];
};
struct BlockQ5K {
    uint16_t d;
    uint16_t dmin;
    uint8_t scales[12];
    uint8_t qh[kQKK / 8];
    uint8_t qs[kQKK / 2];
};
struct BlockQ6K {
    uint8_t ql[kQKK / 2];
    uint8_t qh[kQKK / 4];
    int8_t scales[kQKK / 16];
    uint16_t d;
};
struct BlockQ8K {
    float d;
    int8_t qs[kQKK];
    int16_t bsums[kQKK / 16];  // sums of each 16 quants
};

static_assert(sizeof(BlockQ4_0) == 18 && sizeof(BlockQ4_1) == 20 && sizeof(BlockQ5_0) == 22 &&
              sizeof(BlockQ5_1) == 24 && sizeof(BlockQ8_0) == 34 && sizeof(BlockQ8_1) == 36);
static_assert(sizeof(BlockQ2K) == 84 && sizeof(BlockQ3K) == 110 && sizeof(BlockQ4K) == 144 &&
              sizeof(BlockQ5K) == 176 && sizeof(BlockQ6K) == 210 && sizeof(BlockQ8K) == 292);

// Q4_K / Q5_K: 6-bit scale and min of group j (0..7) from the 12 packed bytes.
inline void unpackScaleMinK4(int j, const uint8_t* q, uint8_t* scale, uint8_t* min) {
    if (j < 4) {
        *scale = q[j] & 63;
        *min = q[j + 4] & 63;
    } else {
        *scale = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

// Q3_K: the 16 signed scales (already minus 32) from the 12 packed bytes.
inline void unpackScalesQ3K(const uint8_t* packed, int8_t out[16]) {
    for (int j = 0; j < 16; ++j) {
        const int low = j < 8 ? (packed[j] & 0xF) : (packed[j - 8] >> 4);
        const int high = (packed[8 + j % 4] >> (2 * (j / 4))) & 3;
        out[j] = static_cast<int8_t>((low | (high << 4)) - 32);
    }
}

}  // namespace peregrine
