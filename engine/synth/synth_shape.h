// Hyper-parameters of the real model shapes that `peregrine-cli synth` reproduces with random weights, and
// the per-tensor type choice of llama.cpp's quantization mixes (llama-quant.cpp rules for the types we
// write).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quant/ggml_type.h"

namespace peregrine {

// Tokenizer, chat template and special tokens: Llama 3, Qwen2/2.5 and Qwen3 (byte-level BPE), Gemma 3 and
// Phi-3 (SentencePiece), Phi-4-mini (byte-level BPE, o200k layout).
enum class SynthFamily { Llama3, Qwen2, Qwen3, Gemma3, Phi3, Phi4 };

struct SynthShape {
    std::string name;          // "llama3.2-1b"
    std::string architecture;  // general.architecture: "llama", "qwen2", "qwen3", "gemma3", "phi3"
    std::string displayName;   // general.name
    SynthFamily family = SynthFamily::Llama3;
    int64_t nEmbd = 0;
    int64_t nLayer = 0;
    int64_t nHead = 0;
    int64_t nHeadKv = 0;
    int64_t nFf = 0;
    int64_t nVocab = 0;
    int64_t nCtx = 0;
    float ropeBase = 10000.0f;
    float rmsEps = 1e-5f;
    bool qkvBias = false;  // qwen2: attn_q/k/v.bias
    bool tied = true;      // no output.weight: token_embd is the output matrix
    // Llama 3 rope scaling, written as rope_freqs.weight (factor 0: none).
    float ropeScaleFactor = 0.0f;
    float ropeLowFreqFactor = 1.0f;
    float ropeHighFreqFactor = 4.0f;
    int64_t ropeOrigCtx = 8192;  // also LongRoPE's original context
    int64_t nHeadDim = 0;        // 0: nEmbd / nHead (qwen3 and gemma3 set it)
    int64_t nRot = 0;            // rotated dimensions per head; 0: all (phi4-mini rotates 3/4)
    bool qkNorm = false;         // attn_q_norm / attn_k_norm (qwen3, gemma3)
    bool postNorms = false;      // post_attention_norm / post_ffw_norm (gemma3)
    bool fusedQkv = false;       // attn_qkv instead of attn_q/k/v (phi3)
    bool fusedGateUp = false;    // ffn_up of 2 * nFf rows, no ffn_gate (phi3)
    bool noisyNorms = false;     // norm weights 1 + N(0, 0.1) instead of 1 (so their use is visible)
    int64_t slidingWindow = 0;   // <arch>.attention.sliding_window (0: not written)
    float finalSoftcap = 0.0f;   // <arch>.final_logit_softcapping (0: not written)
    bool longRope = false;       // rope_factors_long/short and rope.scaling.attn_factor (phi3)

    int64_t headDim() const { return nHeadDim > 0 ? nHeadDim : nEmbd / nHead; }
    int64_t ropeDims() const { return nRot > 0 ? nRot : headDim(); }
    int64_t qDim() const { return headDim() * nHead; }
    int64_t kvDim() const { return headDim() * nHeadKv; }
};

// Known shapes: llama3.2-1b, llama3.2-3b, qwen2.5-0.5b, qwen2.5-1.5b, tiny (llama arch, vocab 4096),
// qwen3-0.6b, qwen3-1.7b, gemma3-1b, phi3.5-mini, phi4-mini, and the tiny shapes of the new families
// (qwen3-tiny, gemma3-tiny, phi3-tiny: vocab 4096, small enough for conformance files).
std::optional<SynthShape> synthShape(std::string_view name);
std::vector<std::string> synthShapeNames();

// File types we write, named as llama.cpp's ftypes.
enum class SynthType { F16, Q8_0, Q4_0, Q4_K_M };
std::optional<SynthType> parseSynthType(std::string_view name);  // "f16", "q8_0", "q4_0", "q4_k_m"
uint32_t synthFileType(SynthType t);                             // general.file_type (LLAMA_FTYPE_*)

// The on-disk type llama-quantize picks for a tensor (no imatrix, default options): 1-D tensors stay F32; the
// output matrix (or the tied token embedding) is Q6_K for quantized mixes other than Q8_0; Q4_K_M gives
// attn_v and ffn_down Q6_K on the "more bits" layers; then types whose block does not divide ne0 fall back
// (Q4_K -> Q5_0, Q6_K -> Q8_0). layer: the blk index, or -1 for global tensors.
GgmlType synthTensorType(SynthType type, std::string_view name, int64_t ne0, int nDims, int layer, int nLayer,
                         bool tied);

}  // namespace peregrine
