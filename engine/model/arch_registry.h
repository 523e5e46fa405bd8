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
    RopeFreqs,
    AttnNorm,
    AttnQ,
    AttnK,
    AttnV,
    AttnOut,
    AttnQBias,
    AttnKBias,
    AttnVBias,
    AttnOutBias,
    FfnNorm,
    FfnGate,
    FfnUp,
    FfnDown,
    Count,
};
constexpr int kTensorRoleCount = static_cast<int>(TensorRole::Count);
constexpr int kFirstLayerRole = static_cast<int>(TensorRole::AttnNorm);

// Symbolic dimension of a tensor shape, resolved against the model's hyper-parameters.
enum class Dim : uint8_t { One, Embd, Vocab, QDim, KvDim, Ff, RopeHalf };

enum class Need : uint8_t { Required, Optional };

struct TensorSpec {
    TensorRole role;
    const char* name;  // GGUF name; per-layer names contain "%d" for the block index
    Need need;
    Dim ne0;      // contiguous dimension (input features of a matrix)
    Dim ne1;      // rows (output features); One for vectors
    bool matmul;  // multiplied through the quantized kernels (else dequantized to F32 at load)
};

struct ArchSpec {
    const char* name;  // general.architecture
    RopeType ropeType;
    // Output projection absent: use token_embd (tied embeddings).
    bool tiedOutputAllowed;
    float defaultRopeBase;
    std::span<const TensorSpec> tensors;
};

// nullptr for an architecture the engine does not implement.
const ArchSpec* findArch(std::string_view name);
// Comma-separated names of the supported architectures, for messages.
const char* supportedArchNames();
const TensorSpec* findTensorSpec(const ArchSpec& arch, TensorRole role);
inline bool isLayerRole(TensorRole r) {
    return static_cast<int>(r) >= kFirstLayerRole;
}

}  // namespace peregrine
