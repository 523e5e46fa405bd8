// MatMul (model/matmul.h): a prefill batch wide enough to be split into several column passes, and every
// small batch (the column-wise path below the packed one, and just past it), gives for every column what the
// decode path (batch 1) gives for that column alone, for the quantized types with and without a packed
// prefill kernel.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

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
