// Grouped-query causal attention over the F16 cache against a naive double reference per (token, head).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "model/attention.h"
#include "model/kv_cache.h"
#include "quant/quant.h"
#include "threads/thread_pool.h"

using namespace peregrine;

TEST(Attention, MatchesNaiveReferenceWithGqa) {
    const AttentionShape shape{8, 2, 16};  // 4 query heads per KV head
    const int kvDim = shape.nHeadKv * shape.headDim;
    const int qDim = shape.nHead * shape.headDim;
    const int ctx = 40, layer = 1, pos0 = 29, batch = 5;
    KvCache cache(2, ctx, kvDim);
    std::mt19937 rng(5);
    std::normal_distribution<float> d(0.0f, 1.0f);
    // Keys/values as F32 (already F16-representable, so the reference sees what the cache holds).
    std::vector<float> keys(static_cast<size_t>(ctx * kvDim)), values(keys.size());
    for (int p = 0; p < pos0 + batch; ++p)
        for (int i = 0; i < kvDim; ++i) {
            const size_t at = static_cast<size_t>(p * kvDim + i);
            keys[at] = fp16ToFloat(floatToFp16(d(rng)));
            values[at] = fp16ToFloat(floatToFp16(d(rng)));
            cache.k(layer, p)[i] = floatToFp16(keys[at]);
            cache.v(layer, p)[i] = floatToFp16(values[at]);
        }
    std::vector<float> q(static_cast<size_t>(batch * qDim));
    for (auto& x : q) x = d(rng);

    for (int threads : {1, 3}) {
        ThreadPool pool(threads);
        std::vector<float> out(q.size(), -1.0f),
            scores(static_cast<size_t>(pool.size() * attentionScratchFloats(shape, ctx)));
        attention(pool, shape, cache, layer, q.data(), batch, pos0, out.data(), scores.data());
        for (int b = 0; b < batch; ++b)
            for (int h = 0; h < shape.nHead; ++h) {
                const int kvHead = h / (shape.nHead / shape.nHeadKv);
                std::vector<float> ref(static_cast<size_t>(shape.headDim));
                attentionHeadReference(
                    q.data() + b * qDim + h * shape.headDim, keys.data() + kvHead * shape.headDim,
                    values.data() + kvHead * shape.headDim, kvDim, pos0 + b + 1, shape.headDim, ref.data());
                for (int i = 0; i < shape.headDim; ++i)
                    // F16 rounding of the query and the weights (ggml arithmetic): ~1e-3 relative.
                    EXPECT_NEAR(out[static_cast<size_t>(b * qDim + h * shape.headDim + i)], ref[i], 5e-3)
                        << "threads " << threads << " token " << b << " head " << h << " dim " << i;
            }
    }
}

TEST(Attention, SinglePositionReturnsValue) {
    const AttentionShape shape{2, 1, 8};
    KvCache cache(1, 4, 8);
    for (int i = 0; i < 8; ++i) {
        cache.k(0, 0)[i] = floatToFp16(0.5f * i);
        cache.v(0, 0)[i] = floatToFp16(1.0f + i);
    }
    std::vector<float> q(16, 0.3f), out(16), scores(static_cast<size_t>(attentionScratchFloats(shape, 4)));
    ThreadPool pool(1);
    attention(pool, shape, cache, 0, q.data(), 1, 0, out.data(), scores.data());
    for (int h = 0; h < 2; ++h)
        for (int i = 0; i < 8; ++i) EXPECT_FLOAT_EQ(out[static_cast<size_t>(h * 8 + i)], 1.0f + i);
}

TEST(KvCache, PrefixTracking) {
    KvCache cache(1, 8, 4);
    const int32_t a[] = {1, 5, 7, 9};
    cache.append(a);
    const int32_t b[] = {1, 5, 8};
    EXPECT_EQ(cache.commonPrefix(b), 2);
    cache.truncate(2);
    EXPECT_EQ(cache.size(), 2);
    EXPECT_EQ(cache.bytes(), 2u * 8 * 4 * 2);
}
