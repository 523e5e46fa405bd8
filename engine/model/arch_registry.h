// Architecture registry: each supported architecture is a table (tensor names, which are required, their
// shapes in terms of hyper-parameters, rope style, defaults). Loader, ModelInfo and forward pass read the
// table; nothing else branches on the architecture name.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace peregrine {

// RoPE pairing: Norm rotates adjacent pairs (x[2i], x[2i+1]) (llama.cpp LLAMA_ROPE_TYPE_NORM);
// Neox rotates (x[i], x[i + nRot/2]) (LLAMA_ROPE_TYPE_NEOX).
enum class RopeType { Norm, Neox };

// What a tensor is to the forward pass. Global tensors first, then per-layer ones.
enum class TensorRole : int {
    TokenEmbd,
    OutputNorm,
    Output,
    OutputBias,
    RopeFreqs,         // llama3 rope scaling: frequency divisors for every layer
    RopeFactorsLong,   // phi3 LongRoPE divisors, used when the context exceeds the original one
    RopeFactorsShort,  // phi3 LongRoPE divisors otherwise
    AttnNorm,
    AttnQ,
    AttnK,
    AttnV,
    AttnQkv,  // fused Q|K|V rows (phi3); bound as views AttnQ, AttnK, AttnV
    AttnOut,
    AttnQBias,
    AttnKBias,
    AttnVBias,
    AttnOutBias,
    AttnQNorm,     // per-head RMSNorm weight of the queries, headDim (qwen3, gemma3)
    AttnKNorm,     // per-head RMSNorm weight of the keys, headDim
    AttnPostNorm,  // RMSNorm of the attention output before the residual add (gemma)
    FfnNorm,
    FfnGate,
    FfnUp,
    FfnGateUp,  // fused gate|up rows (phi3 ffn_up of 2 * nFf rows); bound as views FfnGate, FfnUp
    FfnDown,
    FfnPostNorm,  // RMSNorm of the FFN output before the residual add (gemma)
    Count,
};
constexpr int kTensorRoleCount = static_cast<int>(TensorRole::Count);
constexpr int kFirstLayerRole = static_cast<int>(TensorRole::AttnNorm);

// Symbolic dimension of a tensor shape, resolved against the model's hyper-parameters.
// HeadDim: one head (per-head norms); QkvDim: qDim + 2 * kvDim (fused QKV); Ff2: 2 * nFf (fused gate-up).
enum class Dim : uint8_t { One, Embd, Vocab, QDim, KvDim, Ff, RopeHalf, HeadDim, QkvDim, Ff2 };

enum class Need : uint8_t { Required, Optional };

// A fused matrix whose consecutive row ranges are separate projections: the loader binds each range as a
// view under its own role (no copy), so the forward pass sees ordinary Q/K/V or gate/up matrices. Row-wise
// products of a view equal those rows of the fused product, so results match a fused multiply exactly.
struct RowSplitPart {
    TensorRole role;
    Dim rows;
};
struct RowSplit {
    RowSplitPart parts[3];
    int count;
};

struct TensorSpec {
    TensorRole role;
    const char* name;  // GGUF name; per-layer names contain "%d" for the block index
    Need need;
    Dim ne0;      // contiguous dimension (input features of a matrix)
    Dim ne1;      // rows (output features); One for vectors
    bool matmul;  // multiplied through the quantized kernels (else dequantized to F32 at load)
    const RowSplit* split = nullptr;  // fused matrix: bound as these parts instead of `role`
};

// FFN activation of the gated FFN: act(gate) * up.
enum class FfnActivation : uint8_t {
    Silu,      // SwiGLU (llama, qwen, phi3)
    GeluTanh,  // GeGLU with the tanh approximation, through ggml's F16 table (gemma)
};

struct ArchSpec {
    const char* name;  // general.architecture
    RopeType ropeType;
    // Output projection absent: use token_embd (tied embeddings).
    bool tiedOutputAllowed;
    float defaultRopeBase;
    std::span<const TensorSpec> tensors;
    FfnActivation ffnActivation = FfnActivation::Silu;
    // Token embeddings multiplied by sqrt(nEmbd) before the first layer (gemma).
    bool scaleEmbeddings = false;
    // Queries multiplied by the attention scale in F32 before attention (which then uses scale 1), the order
    // of llama.cpp's gemma and phi3 graphs; others scale the F16 query-key products.
    bool scaleQueryFirst = false;
    // Sliding-window attention from <arch>.attention.sliding_window: the layers of each period of
    // `swaPeriod` (or <arch>.attention.sliding_window_pattern) but the last are windowed, with their own rope
    // base (<arch>.rope.freq_base_swa, else 10000) and no rope scaling. 0: the key is ignored (phi3, as
    // llama.cpp does).
    int swaPeriod = 0;
};

// Roles every layer must end up with (directly or through a fused matrix): the gated FFN and Q/K/V/O.
constexpr TensorRole kRequiredLayerRoles[] = {TensorRole::AttnNorm, TensorRole::AttnQ,   TensorRole::AttnK,
                                              TensorRole::AttnV,    TensorRole::AttnOut, TensorRole::FfnNorm,
                                              TensorRole::FfnGate,  TensorRole::FfnUp,   TensorRole::FfnDown};

// nullptr for an architecture the engine does not implement.
const ArchSpec* findArch(std::string_view name);
// Comma-separated names of the supported architectures, for messages.
const char* supportedArchNames();
const TensorSpec* findTensorSpec(const ArchSpec& arch, TensorRole role);
inline bool isLayerRole(TensorRole r) {
    return static_cast<int>(r) >= kFirstLayerRole;
}

}  // namespace peregrine
