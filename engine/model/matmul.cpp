#include "model/matmul.h"

#include <algorithm>

#include "kernels/vec_dot.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

namespace peregrine {

namespace {
// Output rows per work item: small enough to balance threads, large enough that each weight row block is
// reused across the whole batch while in cache.
constexpr int64_t kRowGrain = 16;
// Minimum multiply-adds per work item: below this a thread hand-off costs more than it saves (tiny models).
constexpr int64_t kMinWorkPerItem = 32768;

int64_t rowGrain(const WeightMatrix& w, int batch) {
    const int64_t perRow = std::max<int64_t>(1, w.cols * batch);
    const int64_t rows = std::max<int64_t>(kRowGrain, (kMinWorkPerItem + perRow - 1) / perRow);
    return (rows + kRowGrain - 1) / kRowGrain * kRowGrain;
}
}  // namespace

bool MatMul::usesFloatActivations(GgmlType weightType) {
    return weightType == GgmlType::F16 || weightType == GgmlType::BF16;
}

MatMul::MatMul(int maxBatch, int64_t maxCols) : m_maxBatch(maxBatch), m_maxCols(maxCols) {
    // The widest activation format is F32 (4 bytes/element); quantized ones are smaller.
    m_actRowBytes = static_cast<size_t>(maxCols) * sizeof(float) + 64;
    m_act.resize(m_actRowBytes * static_cast<size_t>(maxBatch));
}

const uint8_t* MatMul::prepare(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch,
                               int64_t ldx) {
    const GgmlType actType = vecDotActivationType(w.type);
    if (m_preparedFor == x && m_preparedType == actType && m_preparedBatch == batch &&
        m_preparedCols == w.cols)
        return m_act.data();
    if (batch == 1) {
        quantizeActivations(w.type, x, m_act.data(), w.cols);
    } else {
        pool.parallelFor(batch, [&](int64_t b0, int64_t b1) {
            for (int64_t b = b0; b < b1; ++b)
                quantizeActivations(w.type, x + b * ldx,
                                    m_act.data() + static_cast<size_t>(b) * m_actRowBytes, w.cols);
        });
    }
    m_preparedFor = x;
    m_preparedType = actType;
    m_preparedBatch = batch;
    m_preparedCols = w.cols;
    return m_act.data();
}

void MatMul::run(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch, int64_t ldx, float* y,
                 int64_t ldy) {
    if (usesFloatActivations(w.type)) {
        pool.parallelFor(
            w.rows,
            [&](int64_t r0, int64_t r1) {
                for (int64_t rb = r0; rb < r1; rb += kRowGrain) {
                    const int64_t re = std::min(r1, rb + kRowGrain);
                    for (int b = 0; b < batch; ++b)
                        for (int64_t r = rb; r < re; ++r)
                            y[b * ldy + r] = dotRowRef(w.type, w.row(r), x + b * ldx, w.cols);
                }
            },
            rowGrain(w, batch));
        return;
    }
    const uint8_t* act = prepare(pool, w, x, batch, ldx);
    const size_t actRowBytes = m_actRowBytes;
    pool.parallelFor(
        w.rows,
        [&](int64_t r0, int64_t r1) {
            for (int64_t rb = r0; rb < r1; rb += kRowGrain) {
                const int64_t re = std::min(r1, rb + kRowGrain);
                for (int b = 0; b < batch; ++b)
                    matVecRows(w.type, w.data, w.rowBytes, act + static_cast<size_t>(b) * actRowBytes, w.cols,
                               y + b * ldy, rb, re);
            }
        },
        rowGrain(w, batch));
}

}  // namespace peregrine
