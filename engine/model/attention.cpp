#include "model/attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kernels/attention_kernels.h"
#include "model/kv_cache.h"
#include "model/ops.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

namespace peregrine {

namespace {

float scoreScale(const AttentionShape& s) {
    return s.scale != 0.0f ? s.scale : 1.0f / std::sqrt(static_cast<float>(s.headDim));
}

// First key position visible from position pos.
int firstKey(const AttentionShape& s, int pos) {
    return s.window > 0 ? std::max(0, pos - s.window + 1) : 0;
}

// One (token, head) over keys [first, first + nKeys). K rows are read once for the scores and V rows once for
// the output, each through the F16 vector kernels (kernels/attention_kernels.h), so the cost is two streaming
// passes over the head's cache slice: it grows linearly with context and stays bandwidth-bound.
void attendOne(const AttentionShape& s, const KvCache& cache, int layer, const float* qHead, int kvHead,
               int first, int nKeys, float* out, float* scores) {
    const int d = s.headDim;
    float qh[1024];  // headDim <= 4096 is validated; heads above 1024 take the slow path below
    std::vector<float> big;
    float* q16 = qh;
    if (d > 1024) {
        big.resize(static_cast<size_t>(d));
        q16 = big.data();
    }
    for (int i = 0; i < d; ++i) q16[i] = roundToHalf(qHead[i]);
    const int64_t kvStride = cache.kvDim();
    const uint16_t* k = cache.k(layer, first) + static_cast<int64_t>(kvHead) * d;
    for (int j = 0; j < nKeys; ++j) scores[j] = dotHalfFloat(k + j * kvStride, q16, d);
    softmaxScaled(scores, nKeys, scoreScale(s));
    for (int i = 0; i < d; ++i) out[i] = 0.0f;
    const uint16_t* v = cache.v(layer, first) + static_cast<int64_t>(kvHead) * d;
    for (int j = 0; j < nKeys; ++j) axpyHalf(roundToHalf(scores[j]), v + j * kvStride, out, d);
}

// Prefill: tokens per block item. One item is (KV head, block of tokens): its group's heads times the block's
// tokens share every cached K / V row, which the block kernels convert once for all of them.
constexpr int kTokenBlock = 16;

// Per-thread views into the caller's scratch: queries (F16-rounded), outputs, then scores / weights, one
// row per query of a block (at most kTokenBlock * group rows).
struct BlockScratch {
    float* x;
    float* o;
    float* s;
};

int64_t maxBlockQueries(const AttentionShape& s) {
    return static_cast<int64_t>(kTokenBlock) * (s.nHead / s.nHeadKv);
}

// Queries of heads [kvHead * group, +group) for tokens [b0, b1): row (b - b0) * group + g.
void attendBlock(const AttentionShape& s, const KvCache& cache, int layer, const float* q, int kvHead, int b0,
                 int b1, int pos0, float* out, BlockScratch& scratch) {
    const int d = s.headDim;
    const int group = s.nHead / s.nHeadKv;
    const int64_t qDim = static_cast<int64_t>(s.nHead) * d;
    const int64_t nq = static_cast<int64_t>(b1 - b0) * group;
    // Keys [first, pos0 + b1): the first token's window start to the last token's position; each row masks
    // what it does not see.
    const int first = firstKey(s, pos0 + b0);
    const int64_t nKeys = pos0 + b1 - first;
    std::fill(scratch.o, scratch.o + nq * d, 0.0f);
    for (int b = b0; b < b1; ++b)
        for (int g = 0; g < group; ++g) {
            const float* src = q + b * qDim + static_cast<int64_t>(kvHead * group + g) * d;
            float* dst = scratch.x + ((b - b0) * group + g) * static_cast<int64_t>(d);
            std::copy(src, src + d, dst);
        }
    roundRowToHalf(scratch.x, nq * d);
    const int64_t kvStride = cache.kvDim();
    const uint16_t* k = cache.k(layer, first) + static_cast<int64_t>(kvHead) * d;
    const uint16_t* v = cache.v(layer, first) + static_cast<int64_t>(kvHead) * d;
    scoresHalfBlock(k, kvStride, nKeys, scratch.x, d, nq, d, scratch.s, nKeys);
    const float scale = scoreScale(s);
    for (int64_t r = 0; r < nq; ++r) {
        float* row = scratch.s + r * nKeys;
        const int pos = pos0 + b0 + static_cast<int>(r / group);
        const int64_t lo = firstKey(s, pos) - first;
        const int64_t hi = pos + 1 - first;
        std::fill(row, row + lo, 0.0f);
        softmaxScaled(row + lo, hi - lo, scale);
        roundRowToHalf(row + lo, hi - lo);
        std::fill(row + hi, row + nKeys, 0.0f);
    }
    weightedSumHalfBlock(v, kvStride, nKeys, scratch.s, nKeys, nq, d, scratch.o, d);
    for (int b = b0; b < b1; ++b)
        for (int g = 0; g < group; ++g) {
            const float* src = scratch.o + ((b - b0) * group + g) * static_cast<int64_t>(d);
            std::copy(src, src + d, out + b * qDim + static_cast<int64_t>(kvHead * group + g) * d);
        }
}

}  // namespace

int64_t attentionScratchFloats(const AttentionShape& s, int capacity) {
    if (s.headDim > kAttentionBlockMaxHeadDim) return capacity;
    return maxBlockQueries(s) * (2 * static_cast<int64_t>(s.headDim) + capacity);
}

void attention(ThreadPool& pool, const AttentionShape& s, const KvCache& cache, int layer, const float* q,
               int batch, int pos0, float* out, float* scores) {
    const int64_t qDim = static_cast<int64_t>(s.nHead) * s.headDim;
    const int group = s.nHead / s.nHeadKv;
    if (s.headDim <= kAttentionBlockMaxHeadDim) {
        // (KV head, token block) items: prefill blocks of 16 tokens, decode one token per KV head (its GQA
        // group's heads share each converted K / V row). Per-thread scratch grows once.
        const int blocks = (batch + kTokenBlock - 1) / kTokenBlock;
        const int64_t perThread = attentionScratchFloats(s, cache.capacity());
        const int64_t rows = maxBlockQueries(s);
        auto blockBody = [&](int64_t begin, int64_t end, int thread) {
            float* base = scores + thread * perThread;
            BlockScratch scratch{base, base + rows * s.headDim, base + 2 * rows * s.headDim};
            for (int64_t it = begin; it < end; ++it) {
                const int kvHead = static_cast<int>(it % s.nHeadKv);
                const int b0 = static_cast<int>(it / s.nHeadKv) * kTokenBlock;
                attendBlock(s, cache, layer, q, kvHead, b0, std::min(batch, b0 + kTokenBlock), pos0, out,
                            scratch);
            }
        };
        const int64_t blockItems = static_cast<int64_t>(s.nHeadKv) * blocks;
        // Small problems (tiny models, first tokens) stay on the calling thread: a hand-off costs more.
        if (static_cast<int64_t>(batch) * s.nHead * (pos0 + batch) * s.headDim < 32768)
            blockBody(0, blockItems, 0);
        else
            pool.parallelForThreads(blockItems, blockBody, 1);
        return;
    }
    const int64_t items = static_cast<int64_t>(batch) * s.nHead;
    auto body = [&](int64_t begin, int64_t end, int thread) {
        float* myScores = scores + static_cast<int64_t>(thread) * cache.capacity();
        for (int64_t it = begin; it < end; ++it) {
            const int b = static_cast<int>(it / s.nHead);
            const int h = static_cast<int>(it % s.nHead);
            const int first = firstKey(s, pos0 + b);
            attendOne(s, cache, layer, q + b * qDim + static_cast<int64_t>(h) * s.headDim, h / group, first,
                      pos0 + b + 1 - first, out + b * qDim + static_cast<int64_t>(h) * s.headDim, myScores);
        }
    };
    // Small problems (tiny models, first tokens) stay on the calling thread: a hand-off would cost more.
    const int64_t work = items * static_cast<int64_t>(pos0 + batch) * s.headDim;
    if (work < 32768)
        body(0, items, 0);
    else
        pool.parallelForThreads(items, body, 1);
}

void attentionHeadReference(const float* q, const float* keys, const float* values, int64_t kvStride,
                            int nKeys, int headDim, float* out) {
    std::vector<double> w(static_cast<size_t>(nKeys));
    double maxScore = -INFINITY;
    for (int j = 0; j < nKeys; ++j) {
        double dot = 0.0;
        for (int i = 0; i < headDim; ++i) dot += static_cast<double>(q[i]) * keys[j * kvStride + i];
        w[j] = dot / std::sqrt(static_cast<double>(headDim));
        maxScore = std::max(maxScore, w[j]);
    }
    double sum = 0.0;
    for (auto& x : w) sum += (x = std::exp(x - maxScore));
    for (int i = 0; i < headDim; ++i) {
        double acc = 0.0;
        for (int j = 0; j < nKeys; ++j) acc += w[j] / sum * values[j * kvStride + i];
        out[i] = static_cast<float>(acc);
    }
}

}  // namespace peregrine
