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

constexpr ArchSpec kArchs[] = {
    {"llama", RopeType::Norm, true, 10000.0f, kLlamaTensors},
    {"qwen2", RopeType::Neox, true, 1000000.0f, kQwen2Tensors},
};

}  // namespace

const ArchSpec* findArch(std::string_view name) {
    for (const auto& a : kArchs)
        if (name == a.name) return &a;
    return nullptr;
}

const char* supportedArchNames() {
    return "llama, qwen2";
}

const TensorSpec* findTensorSpec(const ArchSpec& arch, TensorRole role) {
    for (const auto& t : arch.tensors)
        if (t.role == role) return &t;
    return nullptr;
}

}  // namespace peregrine
