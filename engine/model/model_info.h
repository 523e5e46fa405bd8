// ModelInfo: what a GGUF model is, read from metadata and tensor headers only (no weight bytes touched), so
// the catalog, inspector and memory-fit check can describe a file cheaply. readModelInfo() also validates
// everything the forward pass relies on (architecture, hyper-parameters, tensor presence, shapes and types);
// a file that passes can be bound and run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "model/arch_registry.h"
#include "quant/ggml_type.h"
#include "tokenizer/chat_template.h"

namespace peregrine {

class GgufFile;

struct TensorTypeStat {
    GgmlType type = GgmlType::F32;
    std::string name;  // "Q4_K"
    int count = 0;
    uint64_t bytes = 0;
};

struct ModelInfo {
    std::string path;
    uint64_t fileSize = 0;
    std::string architecture;                 // general.architecture
    std::string name;                         // general.name ("" when absent)
    uint64_t nParams = 0;                     // elements over all tensors
    uint64_t weightBytes = 0;                 // tensor data bytes over all tensors
    std::vector<TensorTypeStat> tensorTypes;  // largest share first
    std::string fileType;                     // "Q4_K_M" (general.file_type, else the dominant tensor type)

    int contextLength = 0;  // trained context
    int nVocab = 0;
    int nLayer = 0;
    int nEmbd = 0;
    int nHead = 0;
    int nHeadKv = 0;
    int headDim = 0;
    int nFf = 0;
    RopeType ropeType = RopeType::Norm;
    int ropeDim = 0;  // rotated dimensions per head (<= headDim)
    float ropeFreqBase = 10000.0f;
    std::string ropeScalingType;  // "", "none", "linear"
    float ropeScalingFactor = 1.0f;
    bool hasRopeFreqs = false;  // rope_freqs.weight (llama3 scaling as frequency divisors)
    float rmsEps = 1e-5f;
    // Sliding-window attention (gemma3): window in tokens (0: none); layers with layer % swaPeriod <
    // swaPeriod - 1 are windowed (swaPeriod 0: all), use ropeFreqBaseSwa and no rope scaling.
    int slidingWindow = 0;
    int swaPeriod = 0;
    float ropeFreqBaseSwa = 10000.0f;
    float finalLogitSoftcap = 0.0f;  // logits = cap * tanh(logits / cap); 0: none
    // Query-key scale; 0: 1/sqrt(headDim). Gemma 3 27B uses 1/sqrt(nEmbd / nHead) (llama.cpp keys it on its
    // 62 layers).
    float attentionScale = 0.0f;
    // LongRoPE (phi3): rope_factors_long/short divisors, chosen by context against ropeOrigContext, and
    // rope.scaling.attn_factor multiplying the rotated dimensions.
    bool hasRopeFactors = false;
    int ropeOrigContext = 0;  // rope.scaling.original_context_length; 0: contextLength
    float ropeAttnFactor = 1.0f;
    bool tiedOutput = false;  // no output.weight: token_embd is the output projection
    bool hasChatTemplate = false;
    ChatFamily chatFamily = ChatFamily::ChatML;

    int qDim() const { return nHead * headDim; }
    bool isSwaLayer(int layer) const {
        return slidingWindow > 0 && (swaPeriod == 0 || layer % swaPeriod < swaPeriod - 1);
    }
    int kvDim() const { return nHeadKv * headDim; }
    // F16 K and V for ctx tokens over all layers.
    uint64_t kvCacheBytes(int ctx) const;
    // Scratch the forward pass allocates at load for ctx tokens and `threads` workers (activations of one
    // prefill batch, logits, attention scores, sampler candidates).
    uint64_t computeBufferBytes(int ctx, int threads = 8) const;
    // Weights (mapped) + KV cache + compute buffers: what loading at this context needs.
    uint64_t estimatedMemoryBytes(int ctx) const;
};

// Reads and validates. Errors name the problem: "unsupported architecture 'mamba' (supported: llama, qwen2)",
// "missing metadata key 'llama.embedding_length'", "tensor 'blk.0.attn_k.weight' has shape [256, 256],
// expected [256, 128]", "tensor 'blk.0.attn_q.weight' has type IQ2_XXS, which this engine cannot compute".
Result<ModelInfo> readModelInfo(const GgufFile& file);

// llama.cpp's llama_ftype names ("Q4_K_M"); "" for an unknown value.
std::string fileTypeLabel(uint32_t fileType);

// Resolves a symbolic dimension against validated hyper-parameters.
int64_t resolveDim(const ModelInfo& info, Dim d);

// Tokens per prefill batch: the forward pass processes the prompt this many tokens at a time. Each batch
// streams every weight once, so larger batches cut weight traffic (128 tokens: one pass for a typical voice
// prompt); the packed activations of a batch (about 1.3 bytes per element) still fit in L2.
constexpr int kPrefillBatch = 128;

}  // namespace peregrine
