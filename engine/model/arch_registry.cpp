#include "model/arch_registry.h"

namespace peregrine {

namespace {

using R = TensorRole;
using D = Dim;
constexpr Need kReq = Need::Required;
constexpr Need kOpt = Need::Optional;

// Llama 1/2/3/3.1/3.2 and the many models converted as "llama" (Mistral, TinyLlama, ...).
constexpr TensorSpec kLlamaTensors[] = {
    {R::TokenEmbd, "token_embd.weight", kReq, D::Embd, D::Vocab, false},
    {R::OutputNorm, "output_norm.weight", kReq, D::Embd, D::One, false},
    {R::Output, "output.weight", kOpt, D::Embd, D::Vocab, true},
    {R::RopeFreqs, "rope_freqs.weight", kOpt, D::RopeHalf, D::One, false},
    {R::AttnNorm, "blk.%d.attn_norm.weight", kReq, D::Embd, D::One, false},
    {R::AttnQ, "blk.%d.attn_q.weight", kReq, D::Embd, D::QDim, true},
    {R::AttnK, "blk.%d.attn_k.weight", kReq, D::Embd, D::KvDim, true},
    {R::AttnV, "blk.%d.attn_v.weight", kReq, D::Embd, D::KvDim, true},
    {R::AttnOut, "blk.%d.attn_output.weight", kReq, D::QDim, D::Embd, true},
    // Optional biases some llama conversions carry (llama.cpp loads them as not required).
    {R::AttnQBias, "blk.%d.attn_q.bias", kOpt, D::QDim, D::One, false},
    {R::AttnKBias, "blk.%d.attn_k.bias", kOpt, D::KvDim, D::One, false},
    {R::AttnVBias, "blk.%d.attn_v.bias", kOpt, D::KvDim, D::One, false},
    {R::AttnOutBias, "blk.%d.attn_output.bias", kOpt, D::Embd, D::One, false},
    {R::FfnNorm, "blk.%d.ffn_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnGate, "blk.%d.ffn_gate.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnUp, "blk.%d.ffn_up.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnDown, "blk.%d.ffn_down.weight", kReq, D::Ff, D::Embd, true},
};

// Qwen2 / Qwen2.5: llama layout with Q/K/V biases always present, NEOX rope, optional output bias.
constexpr TensorSpec kQwen2Tensors[] = {
    {R::TokenEmbd, "token_embd.weight", kReq, D::Embd, D::Vocab, false},
    {R::OutputNorm, "output_norm.weight", kReq, D::Embd, D::One, false},
    {R::Output, "output.weight", kOpt, D::Embd, D::Vocab, true},
    {R::OutputBias, "output.bias", kOpt, D::Vocab, D::One, false},
    {R::AttnNorm, "blk.%d.attn_norm.weight", kReq, D::Embd, D::One, false},
    {R::AttnQ, "blk.%d.attn_q.weight", kReq, D::Embd, D::QDim, true},
    {R::AttnK, "blk.%d.attn_k.weight", kReq, D::Embd, D::KvDim, true},
    {R::AttnV, "blk.%d.attn_v.weight", kReq, D::Embd, D::KvDim, true},
    {R::AttnOut, "blk.%d.attn_output.weight", kReq, D::QDim, D::Embd, true},
    {R::AttnQBias, "blk.%d.attn_q.bias", kReq, D::QDim, D::One, false},
    {R::AttnKBias, "blk.%d.attn_k.bias", kReq, D::KvDim, D::One, false},
    {R::AttnVBias, "blk.%d.attn_v.bias", kReq, D::KvDim, D::One, false},
    {R::FfnNorm, "blk.%d.ffn_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnGate, "blk.%d.ffn_gate.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnUp, "blk.%d.ffn_up.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnDown, "blk.%d.ffn_down.weight", kReq, D::Ff, D::Embd, true},
};

constexpr RowSplit kQkvSplit = {{{R::AttnQ, D::QDim}, {R::AttnK, D::KvDim}, {R::AttnV, D::KvDim}}, 3};
// ggml_swiglu on the fused tensor: the first nFf rows are the gate, the next nFf the up projection.
constexpr RowSplit kGateUpSplit = {{{R::FfnGate, D::Ff}, {R::FfnUp, D::Ff}}, 2};

// Qwen3: llama layout without biases, NEOX rope, per-head RMSNorm of Q and K before RoPE. Q/K/V may come
// fused (llama.cpp accepts attn_qkv for every architecture); the loader checks one of the two forms is there.
constexpr TensorSpec kQwen3Tensors[] = {
    {R::TokenEmbd, "token_embd.weight", kReq, D::Embd, D::Vocab, false},
    {R::OutputNorm, "output_norm.weight", kReq, D::Embd, D::One, false},
    {R::Output, "output.weight", kOpt, D::Embd, D::Vocab, true},
    {R::AttnNorm, "blk.%d.attn_norm.weight", kReq, D::Embd, D::One, false},
    {R::AttnQkv, "blk.%d.attn_qkv.weight", kOpt, D::Embd, D::QkvDim, true, &kQkvSplit},
    {R::AttnQ, "blk.%d.attn_q.weight", kOpt, D::Embd, D::QDim, true},
    {R::AttnK, "blk.%d.attn_k.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnV, "blk.%d.attn_v.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnOut, "blk.%d.attn_output.weight", kReq, D::QDim, D::Embd, true},
    {R::AttnQNorm, "blk.%d.attn_q_norm.weight", kReq, D::HeadDim, D::One, false},
    {R::AttnKNorm, "blk.%d.attn_k_norm.weight", kReq, D::HeadDim, D::One, false},
    {R::FfnNorm, "blk.%d.ffn_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnGate, "blk.%d.ffn_gate.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnUp, "blk.%d.ffn_up.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnDown, "blk.%d.ffn_down.weight", kReq, D::Ff, D::Embd, true},
};

// Gemma 3: Q/K norms as qwen3, RMSNorm after attention and after the FFN as well as before, GeGLU FFN. The
// converter stores the norm weights with Gemma's "+1" already added, so they multiply as they are.
constexpr TensorSpec kGemma3Tensors[] = {
    {R::TokenEmbd, "token_embd.weight", kReq, D::Embd, D::Vocab, false},
    {R::OutputNorm, "output_norm.weight", kReq, D::Embd, D::One, false},
    {R::Output, "output.weight", kOpt, D::Embd, D::Vocab, true},
    {R::AttnNorm, "blk.%d.attn_norm.weight", kReq, D::Embd, D::One, false},
    {R::AttnQkv, "blk.%d.attn_qkv.weight", kOpt, D::Embd, D::QkvDim, true, &kQkvSplit},
    {R::AttnQ, "blk.%d.attn_q.weight", kOpt, D::Embd, D::QDim, true},
    {R::AttnK, "blk.%d.attn_k.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnV, "blk.%d.attn_v.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnOut, "blk.%d.attn_output.weight", kReq, D::QDim, D::Embd, true},
    {R::AttnQNorm, "blk.%d.attn_q_norm.weight", kReq, D::HeadDim, D::One, false},
    {R::AttnKNorm, "blk.%d.attn_k_norm.weight", kReq, D::HeadDim, D::One, false},
    {R::AttnPostNorm, "blk.%d.post_attention_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnNorm, "blk.%d.ffn_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnGate, "blk.%d.ffn_gate.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnUp, "blk.%d.ffn_up.weight", kReq, D::Embd, D::Ff, true},
    {R::FfnDown, "blk.%d.ffn_down.weight", kReq, D::Ff, D::Embd, true},
    {R::FfnPostNorm, "blk.%d.post_ffw_norm.weight", kReq, D::Embd, D::One, false},
};

// Phi-3 / Phi-3.5 / Phi-4-mini: fused QKV and fused gate-up, NEOX rope (often partial), LongRoPE factors.
constexpr TensorSpec kPhi3Tensors[] = {
    {R::TokenEmbd, "token_embd.weight", kReq, D::Embd, D::Vocab, false},
    {R::OutputNorm, "output_norm.weight", kReq, D::Embd, D::One, false},
    {R::Output, "output.weight", kOpt, D::Embd, D::Vocab, true},
    {R::RopeFactorsLong, "rope_factors_long.weight", kOpt, D::RopeHalf, D::One, false},
    {R::RopeFactorsShort, "rope_factors_short.weight", kOpt, D::RopeHalf, D::One, false},
    {R::AttnNorm, "blk.%d.attn_norm.weight", kReq, D::Embd, D::One, false},
    {R::AttnQkv, "blk.%d.attn_qkv.weight", kOpt, D::Embd, D::QkvDim, true, &kQkvSplit},
    {R::AttnQ, "blk.%d.attn_q.weight", kOpt, D::Embd, D::QDim, true},
    {R::AttnK, "blk.%d.attn_k.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnV, "blk.%d.attn_v.weight", kOpt, D::Embd, D::KvDim, true},
    {R::AttnOut, "blk.%d.attn_output.weight", kReq, D::QDim, D::Embd, true},
    {R::FfnNorm, "blk.%d.ffn_norm.weight", kReq, D::Embd, D::One, false},
    {R::FfnGateUp, "blk.%d.ffn_up.weight", kReq, D::Embd, D::Ff2, true, &kGateUpSplit},
    {R::FfnDown, "blk.%d.ffn_down.weight", kReq, D::Ff, D::Embd, true},
};

constexpr ArchSpec kArchs[] = {
    {.name = "llama",
     .ropeType = RopeType::Norm,
     .tiedOutputAllowed = true,
     .defaultRopeBase = 10000.0f,
     .tensors = kLlamaTensors},
    {.name = "qwen2",
     .ropeType = RopeType::Neox,
     .tiedOutputAllowed = true,
     .defaultRopeBase = 1000000.0f,
     .tensors = kQwen2Tensors},
    {.name = "qwen3",
     .ropeType = RopeType::Neox,
     .tiedOutputAllowed = true,
     .defaultRopeBase = 1000000.0f,
     .tensors = kQwen3Tensors},
    {.name = "gemma3",
     .ropeType = RopeType::Neox,
     .tiedOutputAllowed = true,
     .defaultRopeBase = 1000000.0f,
     .tensors = kGemma3Tensors,
     .ffnActivation = FfnActivation::GeluTanh,
     .scaleEmbeddings = true,
     .scaleQueryFirst = true,
     .swaPeriod = 6},
    {.name = "phi3",
     .ropeType = RopeType::Neox,
     .tiedOutputAllowed = true,
     .defaultRopeBase = 10000.0f,
     .tensors = kPhi3Tensors,
     .scaleQueryFirst = true},
};

}  // namespace

const ArchSpec* findArch(std::string_view name) {
    for (const auto& a : kArchs)
        if (name == a.name) return &a;
    return nullptr;
}

const char* supportedArchNames() {
    return "llama, qwen2, qwen3, gemma3, phi3";
}

const TensorSpec* findTensorSpec(const ArchSpec& arch, TensorRole role) {
    for (const auto& t : arch.tensors)
        if (t.role == role) return &t;
    return nullptr;
}

}  // namespace peregrine
