// Causal grouped-query attention over the F16 KV cache, ggml arithmetic: the query is rounded to F16 (as
// ggml does before the F16 x F16 product), scores are scaled (by 1/sqrt(headDim) unless the shape says
// otherwise) and soft-maxed in F32, and the weights are rounded to F16 before multiplying V. A sliding
// window (llama.cpp's standard SWA mask) limits the keys; decode then reads only the window.
//
// Shapes: q and out are [batch][nHead * headDim]; token b sits at position pos0 + b and attends to cached
// positions [0, pos0 + b]. Query head h reads KV head h / (nHead / nHeadKv).
// Thread: decode splits (token, head) pairs over the pool; scores holds one row of cache.capacity() floats
// per pool thread (indexed by the pool's thread index). Prefill (batch > 1) splits (KV head, block of 16
// tokens) items and runs the block kernels (kernels/attention_kernels.h) with per-thread scratch that grows
// once.
#pragma once

#include <cstdint>

namespace peregrine {

class KvCache;
class ThreadPool;

struct AttentionShape {
    int nHead = 0;
    int nHeadKv = 0;
    int headDim = 0;
    float scale = 0.0f;  // multiplies the query-key products; 0: 1/sqrt(headDim)
    int window = 0;      // sliding window: position p attends to (p - window, p]; 0: all of [0, p]
};

// Scratch floats attention() needs per pool thread for a cache of `capacity` positions.
int64_t attentionScratchFloats(const AttentionShape& shape, int capacity);
// scores: pool.size() * attentionScratchFloats(shape, cache.capacity()) floats.
void attention(ThreadPool& pool, const AttentionShape& shape, const KvCache& cache, int layer, const float* q,
               int batch, int pos0, float* out, float* scores);

// One (token, head): naive reference over plain F32 K/V rows (keys[j * kvStride], values[j * kvStride]),
// used by tests to check attention().
void attentionHeadReference(const float* q, const float* keys, const float* values, int64_t kvStride,
                            int nKeys, int headDim, float* out);

}  // namespace peregrine
