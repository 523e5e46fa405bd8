// Matrix products of a quantized weight matrix with a batch of F32 activation rows, through the kernels API
// (activations converted once to the weight type's dot-product format, as ggml does: Q8_0, Q8_K, F32).
// Decode (batch 1) runs matVecRows over row ranges, and so do small batches, column by column over
// cache-sized row blocks; prefill packs the batch into the kernel target's column
// panels (kernels/vec_dot.h packActivations) and runs matMulPacked per row block.
// F16 and BF16 weights multiply the F32 activations unrounded: llama.cpp's prompt path (tinyBLAS) does so,
// and the conformance kit's F16 logits match only that (max |diff| 0.004-0.007 against 0.04-0.06 with F16
// activations).
//
// Prepared activations are cached: several matrices that multiply the same input (Q/K/V, gate/up) convert it
// once. Call invalidate() whenever the input buffer is rewritten.
//
// Thread: one owner thread; the work is spread over the pool. Memory: the scratch is sized at construction
// for maxBatch rows of maxCols elements; no allocation per call.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/decode_shares.h"
#include "model/model_weights.h"

namespace peregrine {

class ThreadPool;

class MatMul {
public:
    MatMul(int maxBatch, int64_t maxCols);

    // y[b * ldy + r] = dot(W row r, x[b * ldx ...]) for b < batch, r < W.rows. x holds W.cols floats per row.
    void run(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch, int64_t ldx, float* y,
             int64_t ldy);
    // Several matrices of the same input x (Q/K/V, gate/up): Product i gives y_i and ldy_i. Decode runs them
    // as one parallel job over all their rows: one hand-off and one wait instead of one per matrix, and the
    // threads stream the matrices back to back. Other batches, or matrices whose kernels take different
    // activation formats, run one by one.
    struct Product {
        const WeightMatrix* w;
        float* y;
        int64_t ldy;
    };
    void runSet(ThreadPool& pool, std::span<const Product> products, const float* x, int batch, int64_t ldx);
    void invalidate() { m_preparedFor = nullptr; }

private:
    const uint8_t* prepare(ThreadPool& pool, const WeightMatrix& w, const float* x, int batch, int64_t ldx);
    static bool usesFloatActivations(GgmlType weightType);
    // Decode (batch 1) of products against prepared activations: one parallel job, planned by m_shares over
    // m_segments.
    void runDecode(ThreadPool& pool, std::span<const Product> products, const uint8_t* act);
    // Runs share `share` from its front, then chunks from the backs of the other shares until none is left.
    void runShare(std::span<const Product> products, const uint8_t* act, int share);
    // Decode kernel per column (batch 1, and small batches where the packed path would pad to a panel).
    static bool columnWise(const WeightMatrix& w, int batch);
    // y[r] = dot(row r, act) for r in [r0, r1), in w's layout (plain or interleaved rows).
    static void decodeRows(const WeightMatrix& w, const uint8_t* act, float* y, int64_t r0, int64_t r1);

    // runDecode's segments: product `product`, or its column slab `slab` when the matrix has several
    // (WeightMatrix::slabs), whose results go to m_slabSums from `sums` on.
    struct DecodeSegment {
        int product;
        int slab;
        float* sums;  // nullptr: the product's y
    };
    std::vector<DecodeSegment> m_segments;
    std::vector<DecodeShares::Segment> m_segmentRows;
    DecodeShares m_shares;
    // Per-slab results of the products with column slabs, summed into their y after the job (in slab order,
    // so the result does not depend on which thread ran what). Grows to the largest need.
    std::vector<float> m_slabSums;

    int m_maxBatch;
    int64_t m_maxCols;
    std::vector<uint8_t> m_act;
    size_t m_actRowBytes = 0;
    const float* m_preparedFor = nullptr;  // input the scratch currently holds
    GgmlType m_preparedType = GgmlType::F32;
    int m_preparedBatch = 0;
    int64_t m_preparedCols = 0;
    int64_t m_preparedLayout = 0;  // 0: one row (decode); else packedActivationGrain of the batch layout
};

}  // namespace peregrine
