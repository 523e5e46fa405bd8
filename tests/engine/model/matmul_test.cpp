// MatMul (model/matmul.h): a prefill batch wide enough to be split into several column passes, and every
// small batch (the column-wise path below the packed one, and just past it), gives for every column what the
// decode path (batch 1) gives for that column alone, for the quantized types with and without a packed
// prefill kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "model/decode_layout.h"
#include "model/matmul.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

using namespace peregrine;

namespace {

struct Matrix {
    std::vector<uint8_t> bytes;
    WeightMatrix w;
};

Matrix randomMatrix(GgmlType type, int64_t rows, int64_t cols, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 0.05f);
    std::vector<float> f(static_cast<size_t>(rows * cols));
    for (float& v : f) v = dist(rng);
    Matrix m;
    const size_t rowBytes = ggmlRowBytes(type, cols);
    m.bytes.resize(rowBytes * static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r)
        quantizeRow(type, f.data() + r * cols, m.bytes.data() + r * rowBytes, cols);
    m.w.data = m.bytes.data();
    m.w.type = type;
    m.w.rows = rows;
    m.w.cols = cols;
    m.w.rowBytes = rowBytes;
    return m;
}

std::vector<float> randomActivations(size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> x(count);
    for (float& v : x) v = dist(rng);
    return x;
}

}  // namespace

class MatMulPasses : public ::testing::TestWithParam<GgmlType> {};

TEST_P(MatMulPasses, WideBatchEqualsColumnByColumnDecode) {
    const GgmlType type = GetParam();
    constexpr int64_t kRows = 48, kCols = 4096;  // ~4.6 KiB of activations per column: several passes
    constexpr int kBatch = 200;
    const Matrix m = randomMatrix(type, kRows, kCols, 3);
    const std::vector<float> x = randomActivations(static_cast<size_t>(kBatch * kCols), 5);

    ThreadPool pool(2);
    MatMul batched(kBatch, kCols);
    std::vector<float> y(static_cast<size_t>(kBatch * kRows));
    batched.run(pool, m.w, x.data(), kBatch, kCols, y.data(), kRows);

    MatMul single(1, kCols);
    std::vector<float> one(static_cast<size_t>(kRows));
    for (int b = 0; b < kBatch; ++b) {
        single.invalidate();
        single.run(pool, m.w, x.data() + b * kCols, 1, kCols, one.data(), kRows);
        for (int64_t r = 0; r < kRows; ++r) {
            const float want = one[static_cast<size_t>(r)];
            const float got = y[static_cast<size_t>(b * kRows + r)];
            ASSERT_NEAR(got, want, 2e-3f * (1.0f + std::fabs(want))) << "column " << b << " row " << r;
        }
    }
}

TEST_P(MatMulPasses, SmallBatchesEqualColumnByColumnDecode) {
    const GgmlType type = GetParam();
    // 150 rows: several cache-sized row blocks per work item and a remainder that is not a multiple of 4.
    // Strided input and output (ldx > cols, ldy > rows) as the model's scratch buffers are.
    constexpr int64_t kRows = 150, kCols = 4096, kLdx = kCols + 32, kLdy = kRows + 3;
    constexpr int kMaxBatch = 20;
    const Matrix m = randomMatrix(type, kRows, kCols, 7);
    const std::vector<float> x = randomActivations(static_cast<size_t>(kMaxBatch * kLdx), 9);

    ThreadPool pool(2);
    MatMul single(1, kCols);
    std::vector<float> want(static_cast<size_t>(kMaxBatch * kRows));
    for (int b = 0; b < kMaxBatch; ++b) {
        single.invalidate();
        single.run(pool, m.w, x.data() + b * kLdx, 1, kLdx, want.data() + b * kRows, kRows);
    }
    MatMul batched(kMaxBatch, kCols);
    for (int batch = 2; batch <= kMaxBatch; ++batch) {
        std::vector<float> y(static_cast<size_t>(batch * kLdy), -1.0f);
        batched.invalidate();
        batched.run(pool, m.w, x.data(), batch, kLdx, y.data(), kLdy);
        for (int b = 0; b < batch; ++b)
            for (int64_t r = 0; r < kRows; ++r) {
                const float w = want[static_cast<size_t>(b * kRows + r)];
                ASSERT_NEAR(y[static_cast<size_t>(b * kLdy + r)], w, 2e-3f * (1.0f + std::fabs(w)))
                    << "batch " << batch << " column " << b << " row " << r;
            }
    }
}

INSTANTIATE_TEST_SUITE_P(Types, MatMulPasses,
                         ::testing::Values(GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q8_0, GgmlType::Q4_0),
                         [](const auto& info) { return ggmlTypeName(info.param); });

// runSet (Q/K/V, gate/up): one decode job over several matrices gives each matrix what run() gives it alone,
// for a Q4_K_M-like mix (Q4_K and Q6_K share the Q8_K activation), a set whose formats differ (Q8_0 takes
// Q8_0 activations: run one by one), and a batch (never fused).
TEST(MatMulSet, EqualsOneRunPerMatrix) {
    constexpr int64_t kCols = 2048;
    // Q 1536 rows: several 1 MiB decode items; K/V short.
    const Matrix q = randomMatrix(GgmlType::Q4_K, 1536, kCols, 11);
    const Matrix k = randomMatrix(GgmlType::Q4_K, 100, kCols, 12);
    const Matrix v6 = randomMatrix(GgmlType::Q6_K, 68, kCols, 13);
    const Matrix v8 = randomMatrix(GgmlType::Q8_0, 36, kCols, 14);
    const std::vector<float> x = randomActivations(static_cast<size_t>(3 * kCols), 15);
    ThreadPool pool(2);
    for (const Matrix* third : {&v6, &v8}) {
        for (int batch : {1, 3}) {
            const Matrix* ms[] = {&q, &k, third};
            std::vector<std::vector<float>> want(3), got(3);
            MatMul alone(batch, kCols);
            for (int i = 0; i < 3; ++i) {
                want[i].assign(static_cast<size_t>(batch * ms[i]->w.rows), 0.0f);
                got[i].assign(want[i].size(), -7.0f);
                alone.invalidate();
                alone.run(pool, ms[i]->w, x.data(), batch, kCols, want[i].data(), ms[i]->w.rows);
            }
            const MatMul::Product set[] = {{&q.w, got[0].data(), q.w.rows},
                                           {&k.w, got[1].data(), k.w.rows},
                                           {&third->w, got[2].data(), third->w.rows}};
            MatMul together(batch, kCols);
            together.runSet(pool, set, x.data(), batch, kCols);
            for (int i = 0; i < 3; ++i)
                for (size_t j = 0; j < want[i].size(); ++j)
                    ASSERT_NEAR(got[i][j], want[i][j], 1e-5f * (1.0f + std::fabs(want[i][j])))
                        << ggmlTypeName(third->w.type) << " batch " << batch << " matrix " << i << " at "
                        << j;
        }
    }
}

// Column slabs (model/decode_layout.h): a matrix cut into slabs gives, in decode (slab work items summed
// after the job, also inside a set with a plain matrix), small batches (slab by slab per column) and prefill
// (rows copied back out of the slabs), what the same matrix in plain rows gives, to float rounding; its rows
// copy back out byte for byte. 150 rows: work items that end inside a row group.
TEST(MatMulSlabs, EqualPlainRows) {
    constexpr int64_t kRows = 148, kCols = 3 * kSlabCols;
    for (GgmlType type : {GgmlType::Q4_K, GgmlType::Q6_K}) {
        SCOPED_TRACE(ggmlTypeName(type));
        const Matrix plain = randomMatrix(type, kRows, kCols, 21);
        Matrix cut = randomMatrix(type, kRows, kCols, 21);
        ASSERT_EQ(columnSlabs(kCols), 3);
        std::vector<uint8_t> scratch;
        cutIntoSlabs(type, cut.bytes.data(), kRows, cut.w.rowBytes, 3, scratch);
        cut.w.interleaved = true;
        cut.w.slabs = 3;
        ASSERT_NE(cut.bytes, plain.bytes);
        std::vector<uint8_t> back(plain.bytes.size());
        cut.w.copyRows(0, kRows, back.data());
        EXPECT_EQ(back, plain.bytes);
        std::vector<uint8_t> middle(static_cast<size_t>(7) * plain.w.rowBytes);
        cut.w.copyRows(61, 68, middle.data());
        EXPECT_TRUE(std::equal(middle.begin(), middle.end(), plain.bytes.begin() + 61 * plain.w.rowBytes));

        const Matrix other = randomMatrix(GgmlType::Q4_K, 36, kCols, 22);
        const std::vector<float> x = randomActivations(static_cast<size_t>(40 * kCols), 23);
        ThreadPool pool(2);
        for (int batch : {1, 4, 40}) {
            std::vector<float> want(static_cast<size_t>(batch * kRows)), got(want.size(), -7.0f);
            MatMul a(batch, kCols), b(batch, kCols);
            a.run(pool, plain.w, x.data(), batch, kCols, want.data(), kRows);
            b.run(pool, cut.w, x.data(), batch, kCols, got.data(), kRows);
            for (size_t i = 0; i < want.size(); ++i)
                ASSERT_NEAR(got[i], want[i], 1e-5f * (1.0f + std::fabs(want[i])))
                    << "batch " << batch << " at " << i;
        }
        std::vector<float> want(kRows), got(kRows, -7.0f), wantOther(36), gotOther(36, -7.0f);
        MatMul a(1, kCols), b(1, kCols);
        a.run(pool, plain.w, x.data(), 1, kCols, want.data(), kRows);
        a.invalidate();
        a.run(pool, other.w, x.data(), 1, kCols, wantOther.data(), 36);
        const MatMul::Product set[] = {{&other.w, gotOther.data(), 36}, {&cut.w, got.data(), kRows}};
        b.runSet(pool, set, x.data(), 1, kCols);
        for (int64_t r = 0; r < kRows; ++r)
            ASSERT_NEAR(got[r], want[r], 1e-5f * (1.0f + std::fabs(want[r]))) << r;
        EXPECT_EQ(gotOther, wantOther);
    }
}
