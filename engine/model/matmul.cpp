#include "model/matmul.h"

#include <algorithm>
#include <cstdlib>

#include "kernels/vec_dot.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

namespace peregrine {

namespace {
// Output rows per work item: small enough to balance threads (and let a thread that woke late take fewer
// items), large enough that an item's weight rows (tens of KiB) are reused across the whole batch from cache.
constexpr int64_t kRowGrain = 16;
// Minimum multiply-adds per work item: below this a thread hand-off costs more than it saves (tiny models).
constexpr int64_t kMinWorkPerItem = 32768;

int64_t rowGrain(const WeightMatrix& w, int batch) {
    const int64_t perRow = std::max<int64_t>(1, w.cols * batch);
    const int64_t rows = std::max<int64_t>(kRowGrain, (kMinWorkPerItem + perRow - 1) / perRow);
    return (rows + kRowGrain - 1) / kRowGrain * kRowGrain;
}
// Prefill: columns per pass such that a pass's packed activations (read again by every row block) stay in a
// typical L2 (256 KiB on Cortex-A76, 1-2 MiB on Zen 4 / Sapphire Rapids); each pass then streams the weight
// matrix once. One pass over all columns re-read the activations from L3 for every row block instead, which
// made 512-token prompts a third slower per token than 128-token ones.
constexpr size_t kPrefillPassBytes = 384 * 1024;
constexpr int64_t kMinPassCols = 64;
int64_t prefillPassCols(const WeightMatrix& w, int batch) {
    const int64_t grain = packedActivationGrain(w.type);
    const auto perCol = static_cast<int64_t>(
        std::max<size_t>(1, packedActivationBytes(w.type, w.cols, grain) / static_cast<size_t>(grain)));
    int64_t cols = std::max<int64_t>(kMinPassCols, static_cast<int64_t>(kPrefillPassBytes) / perCol);
    cols = (cols + grain - 1) / grain * grain;
    return std::min<int64_t>(cols, batch);
}

// Small batches (the few words a partial transcript adds, a spoken question's tail): the packed path pads
// every pass to whole panels of columns (16 on AVX3_VNNI), so 2 tokens cost as much as 16 (1B shape, Zen 5,
// 2 threads: pp2 108 ms, pp16 124 ms, decode 24 ms; column-wise pp2 30 ms, pp4 49 ms, pp8 89 ms). Up to this
// many columns each one runs the decode kernel instead, over row blocks small enough that the columns after
// the first read the block from cache: the weights stream from memory once, and each further column costs
// only the kernel's arithmetic. PEREGRINE_SMALL_BATCH=N overrides it (0: always packed; for A/B benchmarks).
// Crossover measured on Zen 5 (AVX3_VNNI, 2 threads), 1B and 3B shapes alike: column-wise 10 tokens 107 vs
// 118 ms packed (3B: 309 vs 328), 11 tokens 115 vs 117, 12 tokens 125 vs 116 (3B: 366 vs 326).
constexpr int kSmallBatchColumns = 10;
int smallBatchColumns() {
    static const int columns = [] {
        const char* v = std::getenv("PEREGRINE_SMALL_BATCH");
        return v ? std::max(0, std::atoi(v)) : kSmallBatchColumns;
    }();
    return columns;
}
// Weight bytes per row block of the column-wise path: about half a typical L1 data cache (32-64 KiB), so
// the block stays there while every column passes over it.
constexpr int64_t kSmallBatchBlockBytes = 24 * 1024;
// Rows per work item of the column-wise path: each item costs batch times the decode arithmetic, so items
// stay smaller than decode's (about 256 KiB of weights, at least 8 per thread) and the threads stay even.
int64_t smallBatchGrain(const WeightMatrix& w, int threads) {
    const int64_t byBytes = 256 * 1024 / std::max<int64_t>(1, static_cast<int64_t>(w.rowBytes));
    const int64_t balanced = w.rows / (8 * std::max(1, threads));
    const int64_t rows = std::max(rowGrain(w, 1), std::min(byBytes, balanced));
    return rows / kRowGrain * kRowGrain;
}
int64_t smallBatchBlockRows(const WeightMatrix& w) {
    const int64_t rows = kSmallBatchBlockBytes / std::max<int64_t>(1, static_cast<int64_t>(w.rowBytes));
    return std::max<int64_t>(4, rows / 4 * 4);
}
}  // namespace

void MatMul::decodeRows(const WeightMatrix& w, const uint8_t* act, float* y, int64_t r0, int64_t r1) {
    if (!w.interleaved) {
        matVecRows(w.type, w.data, w.rowBytes, act, w.cols, y, r0, r1);
        return;
    }
    if (w.slabs == 1) {
        matVecRowsInterleaved(w.type, w.data, w.rowBytes, act, w.cols, y, r0, r1);
        return;
    }
    // Slab by slab, each against its share of the activations (whole blocks), summed in slab order.
    thread_local std::vector<float> part;
    part.resize(static_cast<size_t>(r1));  // indexed by row, as y
    const size_t slabAct = activationBytes(w.type, w.slabCols());
    for (int s = 0; s < w.slabs; ++s) {
        matVecRowsInterleaved(w.type, w.slab(s), w.slabRowBytes(), act + static_cast<size_t>(s) * slabAct,
                              w.slabCols(), s == 0 ? y : part.data(), r0, r1);
        if (s > 0)
            for (int64_t r = r0; r < r1; ++r) y[r] += part[static_cast<size_t>(r)];
    }
}

bool MatMul::columnWise(const WeightMatrix& w, int batch) {
    return batch == 1 || (batch <= smallBatchColumns() && packedActivationGrain(w.type) > 1);
}

bool MatMul::usesFloatActivations(GgmlType weightType) {
    return matMulActivationType(weightType) == GgmlType::F32;
}

MatMul::MatMul(int maxBatch, int64_t maxCols) : m_maxBatch(maxBatch), m_maxCols(maxCols) {
    // Widest prepared form: F32 rows (4 bytes/element) or packed Q8_K panels (batch rounded up to a panel).
    m_actRowBytes = static_cast<size_t>(maxCols) * sizeof(float) + 64;
    const size_t packed = packedActivationBytes(GgmlType::Q4_K, maxCols, maxBatch) + 64;
    m_act.resize(std::max(m_actRowBytes * static_cast<size_t>(maxBatch), packed));
}

const uint8_t* MatMul::prepare(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch,
                               int64_t ldx) {
    const GgmlType actType = vecDotActivationType(w.type);
    // Same format and layout (packed panels vs plain rows) as what the scratch holds: reuse it.
    const int64_t layout = columnWise(w, batch) ? 0 : packedActivationGrain(w.type);
    if (m_preparedFor == x && m_preparedType == actType && m_preparedBatch == batch &&
        m_preparedCols == w.cols && m_preparedLayout == layout)
        return m_act.data();
    if (layout == 0) {
        for (int b = 0; b < batch; ++b)
            quantizeActivations(w.type, x + b * ldx, m_act.data() + static_cast<size_t>(b) * m_actRowBytes,
                                w.cols);
    } else {
        // Packed column panels (or plain rows where the kernel target has no packed path for the type).
        const int64_t grain = packedActivationGrain(w.type);
        pool.parallelFor(
            batch,
            [&](int64_t b0, int64_t b1) {
                packActivations(w.type, x, ldx, w.cols, b0, b1, batch, m_act.data());
            },
            grain);
    }
    m_preparedFor = x;
    m_preparedType = actType;
    m_preparedBatch = batch;
    m_preparedCols = w.cols;
    m_preparedLayout = layout;
    return m_act.data();
}

void MatMul::runDecode(ThreadPool& pool, std::span<const Product> products, const uint8_t* act) {
    // One segment per product, or per column slab of a product with slabs, in storage order.
    m_segments.clear();
    m_segmentRows.clear();
    size_t sumsNeeded = 0;
    for (const Product& p : products)
        if (p.w->interleaved && p.w->slabs > 1)
            sumsNeeded += static_cast<size_t>(p.w->slabs) * static_cast<size_t>(p.w->rows);
    if (m_slabSums.size() < sumsNeeded) m_slabSums.resize(sumsNeeded);
    float* sums = m_slabSums.data();
    for (size_t i = 0; i < products.size(); ++i) {
        const WeightMatrix& w = *products[i].w;
        if (!w.interleaved || w.slabs == 1) {
            m_segments.push_back({static_cast<int>(i), 0, nullptr});
            m_segmentRows.push_back({w.rows, w.rowBytes});
            continue;
        }
        for (int s = 0; s < w.slabs; ++s) {
            m_segments.push_back(
                {static_cast<int>(i), s, sums + static_cast<size_t>(s) * static_cast<size_t>(w.rows)});
            m_segmentRows.push_back({w.rows, w.slabRowBytes()});
        }
        sums += static_cast<size_t>(w.slabs) * static_cast<size_t>(w.rows);
    }
    const int shares = m_shares.plan(m_segmentRows, pool.size());
    pool.parallelFor(shares, [&](int64_t s0, int64_t s1) {
        for (int64_t s = s0; s < s1; ++s) runShare(products, act, static_cast<int>(s));
    });
    // The slab sums of each product with slabs, in slab order (the result does not depend on which thread
    // ran which rows).
    sums = m_slabSums.data();
    for (const Product& p : products) {
        const WeightMatrix& w = *p.w;
        if (!w.interleaved || w.slabs == 1) continue;
        for (int64_t r = 0; r < w.rows; ++r) {
            float v = sums[r];
            for (int s = 1; s < w.slabs; ++s)
                v += sums[static_cast<size_t>(s) * static_cast<size_t>(w.rows) + r];
            p.y[r] = v;
        }
        sums += static_cast<size_t>(w.slabs) * static_cast<size_t>(w.rows);
    }
}

void MatMul::runShare(std::span<const Product> products, const uint8_t* act, int share) {
    const auto run = [&](const DecodeShares::Chunk& c) {
        const DecodeSegment& seg = m_segments[static_cast<size_t>(c.segment)];
        const Product& p = products[static_cast<size_t>(seg.product)];
        const WeightMatrix& w = *p.w;
        if (!seg.sums) {
            decodeRows(w, act, p.y, c.r0, c.r1);
            return;
        }
        const size_t slabAct = activationBytes(w.type, w.slabCols());
        matVecRowsInterleaved(w.type, w.slab(seg.slab), w.slabRowBytes(),
                              act + static_cast<size_t>(seg.slab) * slabAct, w.slabCols(), seg.sums, c.r0,
                              c.r1);
    };
    DecodeShares::Chunk chunk{};
    while (m_shares.claim(share, false, &chunk)) run(chunk);
    const int shares = m_shares.shares();
    for (int k = 1; k < shares; ++k)
        while (m_shares.claim((share + k) % shares, true, &chunk)) run(chunk);
}

void MatMul::runSet(ThreadPool& pool, std::span<const Product> products, const float* x, int batch,
                    int64_t ldx) {
    bool fused = batch == 1 && !products.empty() && !usesFloatActivations(products[0].w->type);
    for (const Product& p : products)
        fused = fused && vecDotActivationType(p.w->type) == vecDotActivationType(products[0].w->type) &&
                p.w->cols == products[0].w->cols;
    if (!fused) {
        for (const Product& p : products) run(pool, *p.w, x, batch, ldx, p.y, p.ldy);
        return;
    }
    runDecode(pool, products, prepare(pool, *products[0].w, x, batch, ldx));
}

void MatMul::run(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch, int64_t ldx, float* y,
                 int64_t ldy) {
    if (usesFloatActivations(w.type)) {
        // F32 / F16 / BF16 weights read the F32 activations in place.
        pool.parallelFor(
            w.rows,
            [&](int64_t r0, int64_t r1) {
                matMulTile(w.type, w.row(r0), w.rowBytes, r1 - r0, x,
                           static_cast<size_t>(ldx) * sizeof(float), batch, w.cols, y + r0, ldy);
            },
            rowGrain(w, batch));
        return;
    }
    const uint8_t* act = prepare(pool, w, x, batch, ldx);
    if (batch == 1) {
        const Product one[] = {{&w, y, ldy}};
        runDecode(pool, one, act);
        return;
    }
    if (columnWise(w, batch)) {
        const int64_t block = smallBatchBlockRows(w);
        pool.parallelFor(
            w.rows,
            [&](int64_t r0, int64_t r1) {
                for (int64_t b0 = r0; b0 < r1; b0 += block) {
                    const int64_t b1 = std::min(r1, b0 + block);
                    for (int c = 0; c < batch; ++c)
                        decodeRows(w, act + static_cast<size_t>(c) * m_actRowBytes, y + c * ldy, b0, b1);
                }
            },
            smallBatchGrain(w, pool.size()));
        return;
    }
    // Prefill: column passes whose packed activations stay in L2; in each, every row block runs against all
    // of the pass's columns.
    const int64_t passCols = prefillPassCols(w, batch);
    for (int64_t c0 = 0; c0 < batch; c0 += passCols) {
        const int cols = static_cast<int>(std::min<int64_t>(passCols, batch - c0));
        const uint8_t* passAct = act + packedActivationBytes(w.type, w.cols, c0);
        float* passY = y + c0 * ldy;
        pool.parallelFor(
            w.rows,
            [&](int64_t r0, int64_t r1) {
                const uint8_t* rows = w.row(r0);
                if (w.interleaved) {  // the packed tiles read plain rows: copy this block out (tens of KiB)
                    thread_local std::vector<uint8_t> plain;
                    plain.resize(static_cast<size_t>(r1 - r0) * w.rowBytes);
                    w.copyRows(r0, r1, plain.data());
                    rows = plain.data();
                }
                matMulPacked(w.type, rows, w.rowBytes, r1 - r0, passAct, cols, w.cols, passY + r0, ldy);
            },
            rowGrain(w, cols));
    }
}

}  // namespace peregrine
