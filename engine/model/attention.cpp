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

// One (token, head). K rows are read once for the scores and V rows once for the output, each through the
// F16 vector kernels (kernels/attention_kernels.h), so the cost is two streaming passes over the head's
// cache slice: it grows linearly with context and stays bandwidth-bound.
void attendOne(const AttentionShape& s, const KvCache& cache, int layer, const float* qHead, int kvHead,
               int nKeys, float* out, float* scores) {
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
    const uint16_t* k = cache.k(layer, 0) + static_cast<int64_t>(kvHead) * d;
    for (int j = 0; j < nKeys; ++j) scores[j] = dotHalfFloat(k + j * kvStride, q16, d);
    softmaxScaled(scores, nKeys, 1.0f / std::sqrt(static_cast<float>(d)));
    for (int i = 0; i < d; ++i) out[i] = 0.0f;
    const uint16_t* v = cache.v(layer, 0) + static_cast<int64_t>(kvHead) * d;
    for (int j = 0; j < nKeys; ++j) axpyHalf(roundToHalf(scores[j]), v + j * kvStride, out, d);
}

}  // namespace

void attention(ThreadPool& pool, const AttentionShape& s, const KvCache& cache, int layer, const float* q,
               int batch, int pos0, float* out, float* scores) {
    const int64_t qDim = static_cast<int64_t>(s.nHead) * s.headDim;
    const int group = s.nHead / s.nHeadKv;
    const int64_t items = static_cast<int64_t>(batch) * s.nHead;
    auto body = [&](int64_t begin, int64_t end, int thread) {
        float* myScores = scores + static_cast<int64_t>(thread) * cache.capacity();
        for (int64_t it = begin; it < end; ++it) {
            const int b = static_cast<int>(it / s.nHead);
            const int h = static_cast<int>(it % s.nHead);
            attendOne(s, cache, layer, q + b * qDim + static_cast<int64_t>(h) * s.headDim, h / group,
                      pos0 + b + 1, out + b * qDim + static_cast<int64_t>(h) * s.headDim, myScores);
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
