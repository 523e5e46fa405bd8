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

// Decode work items, guided: each item takes a share of what is left of the job (remaining / (2 x
// threads)) between kMinDecodeItemBytes and kMaxDecodeItemBytes of weights. Early items are long runs for
// the hardware and software prefetchers (a thread that starts an item restarts its streams), the last ones
// are short, so the threads finish the job together. Measured on Zen 5 (1B shape, 2 threads, weights on
// huge pages): fixed 256 KiB items with at least 8 per thread decoded at 41.3 tok/s, 64 KiB at 34.0, 1 MiB
// at 46.0-48.1, and then a thread waited at the end of each job for up to an item (6-8% of decode time in
// the pool's spin loop).
constexpr int64_t kMaxDecodeItemBytes = 2 * 1024 * 1024;
constexpr int64_t kMinDecodeItemBytes = 128 * 1024;
// Capacity of the item table. Items are at least kMaxDecodeItems / 4-th of the job (an item rounded down to
// whole row groups keeps at least half of that), so a job fills at most half the table plus one tail item
// per matrix.
constexpr size_t kMaxDecodeItems = 1024;

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
    m_items.resize(kMaxDecodeItems);
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
    const size_t items = decodeItems(products, pool.size());
    if (items == 0) {  // the table is full (hundreds of matrices in one set): never a silent wrong answer
        for (const Product& p : products)
            pool.parallelFor(
                p.w->rows, [&](int64_t r0, int64_t r1) { decodeRows(*p.w, act, p.y, r0, r1); }, kRowGrain);
        return;
    }
    pool.parallelFor(static_cast<int64_t>(items), [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) {
            const DecodeItem& it = m_items[static_cast<size_t>(i)];
            const Product& p = products[static_cast<size_t>(it.product)];
            const WeightMatrix& w = *p.w;
            if (!it.sums) {
                decodeRows(w, act, p.y, it.r0, it.r1);
                continue;
            }
            const size_t slabAct = activationBytes(w.type, w.slabCols());
            matVecRowsInterleaved(w.type, w.slab(it.slab), w.slabRowBytes(),
                                  act + static_cast<size_t>(it.slab) * slabAct, w.slabCols(), it.sums, it.r0,
                                  it.r1);
        }
    });
    // The slab sums of each product with slabs, in slab order.
    float* sums = m_slabSums.data();
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

size_t MatMul::decodeItems(std::span<const Product> products, int threads) {
    int64_t remaining = 0;
    size_t sumsNeeded = 0;
    for (const Product& p : products) {
        remaining += p.w->rows * static_cast<int64_t>(p.w->rowBytes);
        if (p.w->interleaved && p.w->slabs > 1)
            sumsNeeded += static_cast<size_t>(p.w->slabs) * static_cast<size_t>(p.w->rows);
    }
    if (m_slabSums.size() < sumsNeeded) m_slabSums.resize(sumsNeeded);
    const int64_t minItem =
        std::max(kMinDecodeItemBytes, remaining / static_cast<int64_t>(kMaxDecodeItems / 4) + 1);
    const int64_t share = 2 * std::max(1, threads);
    size_t n = 0;
    float* sums = m_slabSums.data();
    for (size_t i = 0; i < products.size(); ++i) {
        const WeightMatrix& w = *products[i].w;
        // A matrix with column slabs is that many matrices of its rows, one after the other in memory.
        const int slabs = w.interleaved ? w.slabs : 1;
        const auto rowBytes = std::max<int64_t>(1, static_cast<int64_t>(w.rowBytes) / slabs);
        for (int s = 0; s < slabs; ++s) {
            float* slabSums =
                slabs > 1 ? sums + static_cast<size_t>(s) * static_cast<size_t>(w.rows) : nullptr;
            for (int64_t r0 = 0; r0 < w.rows;) {
                const int64_t bytes =
                    std::clamp(remaining / share, minItem, std::max(minItem, kMaxDecodeItemBytes));
                int64_t r1 = std::min(w.rows, r0 + std::max<int64_t>(4, bytes / rowBytes / 4 * 4));
                if ((w.rows - r1) * rowBytes < minItem / 2)
                    r1 = w.rows;  // no sliver of a few rows at the end
                if (n == m_items.size()) return 0;
                m_items[n++] = {static_cast<int>(i), s, r0, r1, slabSums};
                remaining -= (r1 - r0) * rowBytes;
                r0 = r1;
            }
        }
        if (slabs > 1) sums += static_cast<size_t>(slabs) * static_cast<size_t>(w.rows);
    }
    return n;
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
