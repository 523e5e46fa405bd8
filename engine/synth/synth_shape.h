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

enum class SynthFamily { Llama3, Qwen2 };  // tokenizer, chat template and special tokens

struct SynthShape {
    std::string name;          // "llama3.2-1b"
    std::string architecture;  // general.architecture: "llama" or "qwen2"
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
    int64_t ropeOrigCtx = 8192;

    int64_t headDim() const { return nEmbd / nHead; }
};

// Known shapes: llama3.2-1b, llama3.2-3b, qwen2.5-0.5b, qwen2.5-1.5b, tiny (llama arch, vocab 4096).
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
