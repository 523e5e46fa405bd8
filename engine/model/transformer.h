// The decoder-only transformer shared by the registered architectures (llama, qwen2, qwen3, gemma3, phi3):
// RMSNorm, RoPE (norm or neox, optional frequency divisors), grouped-query attention over an F16 KV cache,
// gated FFN (SwiGLU or GeGLU), output projection. Optional tensors (biases, per-head Q/K norms, post-norms,
// rope factors, separate output) are applied when the table binds them; the ArchSpec flags add embedding
// scaling, query pre-scaling and sliding-window layers (their own rope base), and ModelInfo the final logit
// soft-capping and LongRoPE attention factor.
//
// Shapes (per token row): x [nEmbd], q [nHead*headDim], k/v [nHeadKv*headDim], ffn [nFf], logits [nVocab].
// Prompts run in batches of kPrefillBatch tokens as matrix x matrix loops; decode is a batch of one.
//
// Ownership: borrows the GgufFile (weights stay in its mapping) and the ThreadPool; owns the KV cache and
// all scratch, allocated at create() for `contextLength` tokens. No allocation per forward call.
// Thread: one owner thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/status.h"
#include "model/attention.h"
#include "model/kv_cache.h"
#include "model/matmul.h"
#include "model/model_info.h"
#include "model/model_weights.h"
#include "model/ops.h"

namespace peregrine {

class GgufFile;
class ThreadPool;

class Transformer {
public:
    // info must come from readModelInfo(file). contextLength: KV cache size in tokens (1..info.contextLength
    // is not enforced: longer contexts run past the trained length, as llama.cpp allows).
    static Result<std::unique_ptr<Transformer>> create(const GgufFile& file, const ModelInfo& info,
                                                       int contextLength, ThreadPool& pool);

    // Appends tokens at positions [cache().size(), cache().size() + n) and computes their logits.
    // logits: n x nVocab floats when allLogits, else nVocab floats for the last token only.
    // Errors: a token id outside the vocabulary, or no room left in the cache.
    Status forward(std::span<const int32_t> tokens, float* logits, bool allLogits);

    // Context shift: removes cached positions [begin, end) and moves the later ones down, re-rotating their
    // keys by the distance so that they read as their new positions (llama.cpp's context shift). The moved
    // entries keep what was computed while the removed tokens were still visible: an approximation, as in
    // llama.cpp. Cost: one rotation per moved key, spread over the pool (a few ms per thousand positions).
    void dropPositions(int begin, int end);

    KvCache& cache() { return m_cache; }
    const KvCache& cache() const { return m_cache; }
    const ModelInfo& info() const { return m_info; }
    int contextLength() const { return m_cache.capacity(); }
    // Weight matrices held in the interleaved decode layout (model/decode_layout.h); 0 when none.
    int interleavedMatrices() const { return m_interleaved; }
    // Of those, the ones cut into column slabs (model/decode_layout.h).
    int slabbedMatrices() const;

private:
    Transformer(const ArchSpec& arch, const ModelInfo& info, ModelWeights weights, int contextLength,
                ThreadPool& pool);
    void forwardBatch(const int32_t* tokens, int batch, int pos0, float* logits, bool allLogits);
    void attentionBlock(int layer, int batch, int pos0);
    void ffnBlock(int layer, int batch);
    void addBias(float* y, const float* bias, int batch, int64_t n, int64_t ld);
    void normRows(float* x, const float* w, int rows, int64_t n);
    void ensureScores();

    ModelInfo m_info;
    ModelWeights m_weights;
    ThreadPool& m_pool;
    KvCache m_cache;
    MatMul m_matmul;
    const ArchSpec& m_arch;
    RopeParams m_rope;     // global layers
    RopeParams m_ropeSwa;  // sliding-window layers
    AttentionShape m_shape;

    // Scratch for one batch (kPrefillBatch rows each).
    std::vector<float> m_x;         // residual stream [B][nEmbd]
    std::vector<float> m_xn;        // normed input [B][nEmbd]
    std::vector<float> m_q;         // [B][qDim]
    std::vector<float> m_k;         // [B][kvDim]
    std::vector<float> m_v;         // [B][kvDim]
    std::vector<float> m_att;       // attention output [B][qDim]
    std::vector<float> m_proj;      // projection output [B][nEmbd]
    std::vector<float> m_gate;      // [B][nFf]
    std::vector<float> m_up;        // [B][nFf]
    std::vector<float> m_rot;       // rope cos/sin [B][ropeDim]
    std::vector<float> m_rotSwa;    // same for sliding-window layers (empty when the model has none)
    std::vector<uint8_t> m_embRow;  // one token_embd row copied out of its interleaved group
    std::vector<float> m_scores;    // attention scores [threads][context]
    int m_interleaved = 0;
};

}  // namespace peregrine
