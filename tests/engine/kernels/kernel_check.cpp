#include "kernel_check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "kernels/attention_kernels.h"
#include "kernels/ffn_kernels.h"
#include "kernels/vec_dot.h"
#include "kernels/vec_dot_ref.h"
#include "quant/blocks.h"
#include "quant/quant.h"
#include "quant/row_interleave.h"

namespace peregrine::test {

namespace {

constexpr GgmlType kTypes[] = {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::F16,
                               GgmlType::Q5_K, GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::Q4_1, GgmlType::Q5_0,
                               GgmlType::Q5_1, GgmlType::BF16, GgmlType::F32,  GgmlType::Q8_1};

std::vector<float> randomRow(std::mt19937& rng, int64_t n, float scale) {
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(static_cast<size_t>(n));
    for (auto& x : v) x = dist(rng);
    // Outliers, so block maxima (and Q8_K's -128 level) show up.
    v[static_cast<size_t>(n / 3)] = 6.0f * scale;
    v[static_cast<size_t>(n / 2)] = -5.0f * scale;
    return v;
}

// sum |w_i a_i| over dequantized operands: the scale of the allowed rounding difference.
double absDot(GgmlType wt, const uint8_t* w, GgmlType at, const uint8_t* a, int64_t n) {
    std::vector<float> wf(static_cast<size_t>(n)), af(static_cast<size_t>(n));
    dequantizeRow(wt, w, wf.data(), n);
    dequantizeRow(at, a, af.data(), n);
    double s = 0.0;
    for (int64_t i = 0; i < n; ++i) s += std::fabs(static_cast<double>(wf[i]) * af[i]);
    return s;
}

float referenceDot(GgmlType wt, const uint8_t* w, const uint8_t* a, int64_t n, bool matMulFormat) {
    if (matMulFormat && matMulActivationType(wt) == GgmlType::F32)
        return dotRowRef(wt, w, reinterpret_cast<const float*>(a), n);
    using namespace kernels_ref;
    switch (wt) {
        case GgmlType::F32:
            return dotF32(w, a, n);
        case GgmlType::F16:
            return dotF16(w, a, n);
        case GgmlType::BF16:
            return dotBF16(w, a, n);
        case GgmlType::Q4_0:
            return dotQ4_0(w, a, n);
        case GgmlType::Q4_1:
            return dotQ4_1(w, a, n);
        case GgmlType::Q5_0:
            return dotQ5_0(w, a, n);
        case GgmlType::Q5_1:
            return dotQ5_1(w, a, n);
        case GgmlType::Q8_0:
            return dotQ8_0(w, a, n);
        case GgmlType::Q8_1:
            return dotQ8_1(w, a, n);
        case GgmlType::Q2_K:
            return dotQ2K(w, a, n);
        case GgmlType::Q3_K:
            return dotQ3K(w, a, n);
        case GgmlType::Q4_K:
            return dotQ4K(w, a, n);
        case GgmlType::Q5_K:
            return dotQ5K(w, a, n);
        case GgmlType::Q6_K:
            return dotQ6K(w, a, n);
        default:
            return 0.0f;
    }
}

void checkType(const KernelTable& table, GgmlType wt, std::mt19937& rng) {
    const int slot = static_cast<int>(wt);
    const int64_t n = 512;
    const int rows = 5, cols = 7;  // partial tiles in both directions
    const size_t rowBytes = ggmlRowBytes(wt, n);
    std::vector<uint8_t> w(rowBytes * rows);
    for (int r = 0; r < rows; ++r) {
        const auto f = randomRow(rng, n, 0.02f * (r + 1));
        if (wt == GgmlType::Q8_1) {
            // No quantizer for Q8_1 weights: Q8_0 blocks with the sum field.
            std::vector<uint8_t> q8(ggmlRowBytes(GgmlType::Q8_0, n));
            quantizeRow(GgmlType::Q8_0, f.data(), q8.data(), n);
            for (int64_t b = 0; b < n / 32; ++b) {
                uint8_t* dst = w.data() + r * rowBytes + b * 36;
                std::memcpy(dst, q8.data() + b * 34, 2);
                dst[2] = dst[3] = 0;
                std::memcpy(dst + 4, q8.data() + b * 34 + 2, 32);
            }
        } else {
            ASSERT_TRUE(quantizeRow(wt, f.data(), w.data() + r * rowBytes, n)) << ggmlTypeName(wt);
        }
    }
    const GgmlType vt = vecDotActivationType(wt), mt = matMulActivationType(wt);
    const size_t vBytes = ggmlRowBytes(vt, n), mBytes = ggmlRowBytes(mt, n);
    std::vector<uint8_t> va(vBytes * cols), ma(mBytes * cols);
    for (int c = 0; c < cols; ++c) {
        const auto x = randomRow(rng, n, 1.0f + c);
        quantizeActivations(wt, x.data(), va.data() + c * vBytes, n);
        prepareMatMulActivations(wt, x.data(), ma.data() + c * mBytes, n);
    }
    if (table.dot[slot]) {
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const uint8_t* wr = w.data() + r * rowBytes;
                const uint8_t* ac = va.data() + c * vBytes;
                const float ref = referenceDot(wt, wr, ac, n, false);
                const float got = table.dot[slot](wr, ac, n);
                const double tol = 2e-5 * absDot(wt, wr, vt, ac, n) + 1e-6;
                EXPECT_NEAR(got, ref, tol)
                    << table.target << " dot " << ggmlTypeName(wt) << " r" << r << " c" << c;
            }
    }
    if (table.tile[slot]) {
        const int64_t ldy = rows + 3;
        std::vector<float> y(static_cast<size_t>(ldy * cols), -1.0f);
        table.tile[slot](w.data(), rowBytes, rows, ma.data(), mBytes, cols, n, y.data(), ldy);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const uint8_t* wr = w.data() + r * rowBytes;
                const uint8_t* ac = ma.data() + c * mBytes;
                const float ref = referenceDot(wt, wr, ac, n, true);
                const double tol = 2e-5 * absDot(wt, wr, mt, ac, n) + 1e-6;
                EXPECT_NEAR(y[c * ldy + r], ref, tol)
                    << table.target << " tile " << ggmlTypeName(wt) << " r" << r << " c" << c;
            }
        for (int c = 0; c < cols; ++c)  // padding between rows untouched
            for (int64_t r = rows; r < ldy; ++r) EXPECT_EQ(y[c * ldy + r], -1.0f);
    }
}

// Multi-row decode kernel (KernelTable::rows): 11 rows (groups of 4, 2 and 1), 3 super-blocks, against the
// scalar reference and against the same table's one-row kernel; rows outside the range stay untouched.
void checkRows(const KernelTable& table, GgmlType wt, std::mt19937& rng) {
    const int slot = static_cast<int>(wt);
    const int64_t n = 768, rows = 11;
    const size_t rowBytes = ggmlRowBytes(wt, n);
    std::vector<uint8_t> w(rowBytes * rows);
    for (int r = 0; r < rows; ++r) {
        const auto f = randomRow(rng, n, 0.02f * (r + 1));
        ASSERT_TRUE(quantizeRow(wt, f.data(), w.data() + r * rowBytes, n));
    }
    const size_t aBytes = activationBytes(wt, n);
    std::vector<uint8_t> a(aBytes);
    quantizeActivations(wt, randomRow(rng, n, 1.5f).data(), a.data(), n);
    for (const auto [r0, r1] : {std::pair<int64_t, int64_t>{0, rows}, {1, 4}, {3, 10}, {5, 5}}) {
        std::vector<float> y(static_cast<size_t>(rows), -1.0f);
        table.rows[slot](w.data(), rowBytes, a.data(), n, y.data(), r0, r1);
        for (int64_t r = 0; r < rows; ++r) {
            const uint8_t* wr = w.data() + r * rowBytes;
            if (r < r0 || r >= r1) {
                EXPECT_EQ(y[r], -1.0f) << table.target << " rows " << ggmlTypeName(wt) << " wrote row " << r;
                continue;
            }
            const double tol = 2e-5 * absDot(wt, wr, vecDotActivationType(wt), a.data(), n) + 1e-6;
            EXPECT_NEAR(y[r], referenceDot(wt, wr, a.data(), n, false), tol)
                << table.target << " rows " << ggmlTypeName(wt) << " r" << r << " of [" << r0 << "," << r1
                << ")";
            if (table.dot[slot])
                EXPECT_NEAR(y[r], table.dot[slot](wr, a.data(), n), tol)
                    << table.target << " rows vs dot " << ggmlTypeName(wt) << " r" << r;
        }
    }
}

// Decode over interleaved row groups (KernelTable::rowsInterleaved): 12 rows rearranged in place, whole-group
// ranges, against the same table's plain-row kernel on the original rows, bit for bit (same arithmetic in the
// same order); the layout copies back out to the original bytes.
void checkRowsInterleaved(const KernelTable& table, GgmlType wt, std::mt19937& rng) {
    const int slot = static_cast<int>(wt);
    const int64_t n = 768, rows = 12;
    const size_t rowBytes = ggmlRowBytes(wt, n);
    std::vector<uint8_t> plain(rowBytes * rows);
    for (int r = 0; r < rows; ++r) {
        const auto f = randomRow(rng, n, 0.02f * (r + 1));
        ASSERT_TRUE(quantizeRow(wt, f.data(), plain.data() + r * rowBytes, n));
    }
    std::vector<uint8_t> grouped = plain, scratch(rowBytes * kInterleaveRows);
    interleaveRowGroups(wt, grouped.data(), rowBytes, 0, rows, scratch.data());
    EXPECT_NE(grouped, plain);
    std::vector<uint8_t> back(plain.size());
    copyInterleavedRows(wt, grouped.data(), rowBytes, 0, rows, back.data());
    EXPECT_EQ(back, plain) << "interleaved rows do not copy back out";

    std::vector<uint8_t> a(activationBytes(wt, n));
    quantizeActivations(wt, randomRow(rng, n, 1.5f).data(), a.data(), n);
    for (const auto& [r0, r1] : {std::pair<int64_t, int64_t>{0, rows}, {4, 8}, {8, 12}, {4, 4}}) {
        std::vector<float> expected(static_cast<size_t>(rows), -1.0f), got(expected);
        table.rows[slot](plain.data(), rowBytes, a.data(), n, expected.data(), r0, r1);
        table.rowsInterleaved[slot](grouped.data(), rowBytes, a.data(), n, got.data(), r0, r1);
        for (int64_t r = 0; r < rows; ++r)
            EXPECT_EQ(got[r], expected[r]) << table.target << " interleaved " << ggmlTypeName(wt) << " r" << r
                                           << " of [" << r0 << "," << r1 << ")";
    }
}

// Packed path: activations packed in two column ranges (as two threads would), a partial last panel.
void checkPacked(const KernelTable& table, GgmlType wt, std::mt19937& rng) {
    const int slot = static_cast<int>(wt);
    const int64_t n = 512, rows = 6, cols = table.panelCols * 2 + 5;
    const size_t rowBytes = ggmlRowBytes(wt, n);
    std::vector<uint8_t> w(rowBytes * rows);
    for (int r = 0; r < rows; ++r) {
        const auto f = randomRow(rng, n, 0.02f * (r + 1));
        ASSERT_TRUE(quantizeRow(wt, f.data(), w.data() + r * rowBytes, n));
    }
    std::vector<float> x(static_cast<size_t>(n * cols));
    for (int c = 0; c < cols; ++c) {
        const auto row = randomRow(rng, n, 1.0f + c % 5);
        std::copy(row.begin(), row.end(), x.begin() + c * n);
    }
    std::vector<uint8_t> packed(table.packBytes[slot](n, cols) + 64);
    uint8_t* aligned = packed.data() + (64 - reinterpret_cast<uintptr_t>(packed.data()) % 64) % 64;
    table.pack[slot](x.data(), n, n, 0, table.panelCols, cols, aligned);
    table.pack[slot](x.data(), n, n, table.panelCols, cols, cols, aligned);
    const int64_t ldy = rows + 1;
    std::vector<float> y(static_cast<size_t>(ldy * cols), -1.0f);
    table.packedTile[slot](w.data(), rowBytes, rows, aligned, cols, n, y.data(), ldy);
    const size_t aBytes = activationBytes(wt, n);
    std::vector<uint8_t> a(aBytes);
    for (int c = 0; c < cols; ++c) {
        quantizeActivations(wt, x.data() + c * n, a.data(), n);
        for (int r = 0; r < rows; ++r) {
            const uint8_t* wr = w.data() + r * rowBytes;
            const float ref = referenceDot(wt, wr, a.data(), n, false);
            const double tol = 2e-5 * absDot(wt, wr, vecDotActivationType(wt), a.data(), n) + 1e-6;
            EXPECT_NEAR(y[c * ldy + r], ref, tol)
                << table.target << " packed " << ggmlTypeName(wt) << " r" << r << " c" << c;
        }
        EXPECT_EQ(y[c * ldy + rows], -1.0f);
    }
}

}  // namespace

// Attention kernels: tolerance 1e-5 * sum |k q| (float vs double accumulation), exact-ish axpy.
void checkAttention(const KernelTable& table, std::mt19937& rng) {
    if (!table.dotHalfFloat || !table.axpyHalf) return;
    for (int64_t n : {64, 100, 128}) {
        const auto kf = randomRow(rng, n, 1.0f), q = randomRow(rng, n, 1.0f);
        std::vector<uint16_t> k(static_cast<size_t>(n));
        double absSum = 0.0;
        for (int64_t i = 0; i < n; ++i) {
            k[i] = floatToFp16(kf[i]);
            absSum += std::fabs(fp16ToFloat(k[i]) * q[i]);
        }
        EXPECT_NEAR(table.dotHalfFloat(k.data(), q.data(), n), dotHalfFloatRef(k.data(), q.data(), n),
                    1e-5 * absSum + 1e-6)
            << table.target << " dotHalfFloat n" << n;
        std::vector<float> y1(q), y2(q);
        table.axpyHalf(0.37f, k.data(), y1.data(), n);
        axpyHalfRef(0.37f, k.data(), y2.data(), n);
        for (int64_t i = 0; i < n; ++i)
            EXPECT_NEAR(y1[i], y2[i], 1e-6f * (1.0f + std::fabs(y2[i]))) << table.target;
    }
}

// Block attention kernels against their references: partial key tiles, strided rows, several queries.
// F16 rounding: bit-exact against the scalar converter, normals, subnormals, zeros, overflow, ties.
void checkRoundToHalf(const KernelTable& table, std::mt19937& rng) {
    if (!table.roundRowToHalf) return;
    std::vector<float> x = randomRow(rng, 203, 1.0f);
    for (size_t i = 0; i < 60; ++i) x[i] *= std::ldexp(1.0f, -14 - static_cast<int>(i % 14));  // subnormal
    x[60] = 0.0f;
    x[61] = -0.0f;
    x[62] = 70000.0f;
    x[63] = -65520.0f;
    x[64] = 1.0f + std::ldexp(1.0f, -11);  // a tie: rounds to even (1.0)
    x[65] = 1.0f + 3 * std::ldexp(1.0f, -11);
    auto a = x, b = x;
    table.roundRowToHalf(a.data(), static_cast<int64_t>(a.size()));
    roundRowToHalfRef(b.data(), static_cast<int64_t>(b.size()));
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(std::memcmp(&a[i], &b[i], sizeof(float)), 0)
            << table.target << " roundRowToHalf(" << x[i] << "): " << a[i] << " vs " << b[i];
    // The same values stored as F16 (the KV cache store), every length's tail included.
    if (!table.floatRowToHalf) return;
    for (int64_t n : {int64_t{203}, int64_t{7}, int64_t{64}}) {
        std::vector<uint16_t> h(x.size(), 0xAAAA), r(x.size(), 0xAAAA);
        table.floatRowToHalf(x.data(), h.data(), n);
        floatRowToHalfRef(x.data(), r.data(), n);
        for (size_t i = 0; i < x.size(); ++i)
            EXPECT_EQ(h[i], r[i]) << table.target << " floatRowToHalf(" << x[i] << ") n=" << n << " at " << i;
    }
}

// Q8_K activation quantizer: byte-identical blocks to the scalar one (scale, quants, group sums) on random
// rows, a negative largest value, a tie for the largest magnitude (the first one sets the sign), values that
// round half-way, an all-zero block and a block of one repeated value.
void checkQuantizeQ8K(const KernelTable& table, std::mt19937& rng) {
    if (!table.quantizeQ8K) return;
    constexpr int64_t n = 6 * 256;
    std::vector<float> x = randomRow(rng, n, 0.8f);
    x[256 + 7] = -9.0f;  // block 1: negative max
    x[512 + 3] = 4.0f;   // block 2: +4 first, then -4
    x[512 + 200] = -4.0f;
    for (int k = 0; k < 255; ++k) x[768 + k] = static_cast<float>(k % 200 - 100) + 0.5f;  // block 3: ties
    x[768 + 255] = 127.0f;  // scale -1: every other value lies half-way between two quants
    for (int k = 0; k < 256; ++k) x[1024 + k] = 0.0f;     // block 4: zero
    for (int k = 0; k < 256; ++k) x[1280 + k] = -0.125f;  // block 5: one value
    std::vector<BlockQ8K> a(n / 256), b(n / 256);
    std::memset(a.data(), 0x5A, a.size() * sizeof(BlockQ8K));
    std::memset(b.data(), 0xA5, b.size() * sizeof(BlockQ8K));
    table.quantizeQ8K(x.data(), a.data(), n);
    quantizeRow(GgmlType::Q8_K, x.data(), b.data(), n);
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(std::memcmp(&a[i].d, &b[i].d, sizeof(float)), 0) << table.target << " block " << i;
        EXPECT_EQ(std::memcmp(a[i].qs, b[i].qs, sizeof a[i].qs), 0) << table.target << " block " << i;
        EXPECT_EQ(std::memcmp(a[i].bsums, b[i].bsums, sizeof a[i].bsums), 0)
            << table.target << " block " << i;
    }
}

// silu(gate) * up against the scalar reference: within a few ulp, over the range activations take, with the
// extremes (exp overflow on either side) and a length that leaves a scalar tail.
void checkSiluMul(const KernelTable& table, std::mt19937& rng) {
    if (!table.siluMul) return;
    std::vector<float> g = randomRow(rng, 1000 + 13, 4.0f), u = randomRow(rng, 1000 + 13, 1.0f);
    g[0] = -120.0f;
    g[1] = 120.0f;
    g[2] = -87.0f;
    g[3] = 0.0f;
    g[4] = -0.0f;
    auto a = g, b = g;
    table.siluMul(a.data(), u.data(), static_cast<int64_t>(a.size()));
    siluMulRef(b.data(), u.data(), static_cast<int64_t>(b.size()));
    for (size_t i = 0; i < a.size(); ++i)
        EXPECT_NEAR(a[i], b[i], 4e-7f * std::fabs(b[i]) + 1e-30f)
            << table.target << " siluMul(" << g[i] << ", " << u[i] << ")";
}

void checkAttentionBlock(const KernelTable& table, std::mt19937& rng) {
    if (!table.scoresHalfBlock || !table.weightedSumHalfBlock) return;
    for (int64_t d : {64, 80, 128}) {
        for (int64_t nKeys : {1, 17, 40}) {
            for (int64_t nq : {2, 5}) {  // 2: the few-query path on AVX2 / AVX-512
                const int64_t stride = 3 * d;
                const auto kvf = randomRow(rng, nKeys * stride, 1.0f);
                std::vector<uint16_t> kv(kvf.size());
                for (size_t i = 0; i < kv.size(); ++i) kv[i] = floatToFp16(kvf[i]);
                const auto x = randomRow(rng, nq * d, 1.0f);
                std::vector<float> s1(static_cast<size_t>(nq * nKeys)), s2(s1.size());
                table.scoresHalfBlock(kv.data() + d, stride, nKeys, x.data(), d, nq, d, s1.data(), nKeys);
                scoresHalfBlockRef(kv.data() + d, stride, nKeys, x.data(), d, nq, d, s2.data(), nKeys);
                for (size_t i = 0; i < s1.size(); ++i)
                    EXPECT_NEAR(s1[i], s2[i], 1e-5 * static_cast<double>(d))
                        << table.target << " scores d" << d;
                const auto p = randomRow(rng, nq * nKeys, 1.0f);
                auto o1 = randomRow(rng, nq * d, 1.0f);
                auto o2 = o1;
                table.weightedSumHalfBlock(kv.data(), stride, nKeys, p.data(), nKeys, nq, d, o1.data(), d);
                weightedSumHalfBlockRef(kv.data(), stride, nKeys, p.data(), nKeys, nq, d, o2.data(), d);
                for (size_t i = 0; i < o1.size(); ++i)
                    EXPECT_NEAR(o1[i], o2[i], 1e-5f * (static_cast<float>(nKeys) + std::fabs(o2[i])))
                        << table.target << " weighted sum d" << d << " keys " << nKeys;
            }
        }
    }
}

int checkKernelTable(const KernelTable& table) {
    std::mt19937 rng(1234);
    checkAttention(table, rng);
    checkAttentionBlock(table, rng);
    checkRoundToHalf(table, rng);
    checkQuantizeQ8K(table, rng);
    checkSiluMul(table, rng);
    int checked = 0;
    for (GgmlType t : kTypes) {
        const int slot = static_cast<int>(t);
        if (!table.dot[slot] && !table.tile[slot]) continue;
        checkType(table, t, rng);
        if (table.rows[slot]) checkRows(table, t, rng);
        if (table.rowsInterleaved[slot]) {
            EXPECT_TRUE(table.rows[slot]) << table.target << ": an interleaved kernel needs the plain one";
            if (table.rows[slot]) checkRowsInterleaved(table, t, rng);
        }
        if (table.panelCols > 0 && table.pack[slot] && table.packedTile[slot]) checkPacked(table, t, rng);
        ++checked;
    }
    return checked;
}

}  // namespace peregrine::test
