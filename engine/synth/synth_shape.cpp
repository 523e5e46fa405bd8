// Shape table (values from the models' published config.json files) and llama-quantize's type mix.
#include "synth/synth_shape.h"

namespace peregrine {

namespace {

SynthShape llama32(std::string name, std::string display, int64_t embd, int64_t layers, int64_t heads,
                   int64_t ffn) {
    SynthShape s;
    s.name = std::move(name);
    s.architecture = "llama";
    s.displayName = std::move(display);
    s.family = SynthFamily::Llama3;
    s.nEmbd = embd;
    s.nLayer = layers;
    s.nHead = heads;
    s.nHeadKv = 8;
    s.nFf = ffn;
    s.nVocab = 128256;
    s.nCtx = 131072;
    s.ropeBase = 500000.0f;
    s.rmsEps = 1e-5f;
    s.ropeScaleFactor = 32.0f;
    return s;
}

SynthShape qwen25(std::string name, std::string display, int64_t embd, int64_t layers, int64_t heads,
                  int64_t ffn) {
    SynthShape s;
    s.name = std::move(name);
    s.architecture = "qwen2";
    s.displayName = std::move(display);
    s.family = SynthFamily::Qwen2;
    s.nEmbd = embd;
    s.nLayer = layers;
    s.nHead = heads;
    s.nHeadKv = 2;
    s.nFf = ffn;
    s.nVocab = 151936;
    s.nCtx = 32768;
    s.ropeBase = 1000000.0f;
    s.rmsEps = 1e-6f;
    s.qkvBias = true;
    return s;
}

SynthShape base(std::string name, std::string arch, std::string display, SynthFamily family, int64_t embd,
                int64_t layers, int64_t heads, int64_t kvHeads, int64_t ffn, int64_t vocab) {
    SynthShape s;
    s.name = std::move(name);
    s.architecture = std::move(arch);
    s.displayName = std::move(display);
    s.family = family;
    s.nEmbd = embd;
    s.nLayer = layers;
    s.nHead = heads;
    s.nHeadKv = kvHeads;
    s.nFf = ffn;
    s.nVocab = vocab;
    s.noisyNorms = true;
    return s;
}

// Qwen3 (config.json of Qwen/Qwen3-*): head_dim 128 whatever the width, Q/K norms, no biases, tied below 4B.
SynthShape qwen3(std::string name, std::string display, int64_t embd, int64_t layers, int64_t ffn,
                 int64_t vocab = 151936) {
    SynthShape s = base(std::move(name), "qwen3", std::move(display), SynthFamily::Qwen3, embd, layers, 16, 8,
                        ffn, vocab);
    s.nHeadDim = 128;
    s.nCtx = 40960;
    s.ropeBase = 1000000.0f;
    s.rmsEps = 1e-6f;
    s.qkNorm = true;
    return s;
}

// Gemma 3 (google/gemma-3-1b-it): head_dim 256, one KV head, 512-token window on 5 of every 6 layers.
SynthShape gemma3(std::string name, std::string display, int64_t embd, int64_t layers, int64_t heads,
                  int64_t kvHeads, int64_t ffn, int64_t vocab) {
    SynthShape s = base(std::move(name), "gemma3", std::move(display), SynthFamily::Gemma3, embd, layers,
                        heads, kvHeads, ffn, vocab);
    s.nHeadDim = 256;
    s.nCtx = 32768;
    s.ropeBase = 1000000.0f;
    s.rmsEps = 1e-6f;
    s.qkNorm = true;
    s.postNorms = true;
    s.slidingWindow = 512;
    return s;
}

// Phi-3.5-mini / Phi-4-mini: fused QKV and gate-up, LongRoPE from 4096 to 131072 tokens.
SynthShape phi3(std::string name, std::string display, SynthFamily family, int64_t heads, int64_t kvHeads,
                int64_t vocab) {
    SynthShape s =
        base(std::move(name), "phi3", std::move(display), family, 3072, 32, heads, kvHeads, 8192, vocab);
    s.nCtx = 131072;
    s.ropeOrigCtx = 4096;
    s.ropeBase = 10000.0f;
    s.rmsEps = 1e-5f;
    s.fusedQkv = true;
    s.fusedGateUp = true;
    s.longRope = true;
    return s;
}

std::vector<SynthShape> allShapes() {
    SynthShape tiny = llama32("tiny", "Peregrine Tiny (synthetic)", 256, 4, 4, 768);
    tiny.nHeadKv = 2;
    tiny.nVocab = 4096;
    tiny.nCtx = 2048;
    return {
        llama32("llama3.2-1b", "Llama 3.2 1B (synthetic)", 2048, 16, 32, 8192),
        llama32("llama3.2-3b", "Llama 3.2 3B (synthetic)", 3072, 28, 24, 8192),
        qwen25("qwen2.5-0.5b", "Qwen2.5 0.5B (synthetic)", 896, 24, 14, 4864),
        qwen25("qwen2.5-1.5b", "Qwen2.5 1.5B (synthetic)", 1536, 28, 12, 8960),
        tiny,
        qwen3("qwen3-0.6b", "Qwen3 0.6B (synthetic)", 1024, 28, 3072),
        qwen3("qwen3-1.7b", "Qwen3 1.7B (synthetic)", 2048, 28, 6144),
        gemma3("gemma3-1b", "Gemma 3 1B (synthetic)", 1152, 26, 4, 1, 6912, 262144),
        [] {
            SynthShape s = phi3("phi3.5-mini", "Phi-3.5 mini (synthetic)", SynthFamily::Phi3, 32, 32, 32064);
            s.tied = false;
            return s;
        }(),
        [] {
            SynthShape s = phi3("phi4-mini", "Phi-4 mini (synthetic)", SynthFamily::Phi4, 24, 8, 200064);
            s.nRot = 96;  // partial_rotary_factor 0.75 of head_dim 128
            return s;
        }(),
        // Tiny shapes of the new families, for conformance files: 2048-token vocabularies of the family's
        // layout, 4-6 layers of width 256, and each family's particular paths switched on.
        [] {
            SynthShape s = qwen3("qwen3-tiny", "Qwen3 Tiny (synthetic)", 256, 4, 768, 2048);
            s.nHead = 4;
            s.nHeadKv = 2;  // head_dim 128: queries 512 wide, wider than the embedding
            s.nCtx = 2048;
            return s;
        }(),
        [] {
            // 6 layers: one period of 5 windowed + 1 global layer. A window of 8 tokens is crossed by every
            // test prompt; soft-capping is on (Gemma 2 files set it) so that path is checked too.
            SynthShape s = gemma3("gemma3-tiny", "Gemma 3 Tiny (synthetic)", 256, 6, 4, 1, 768, 2048);
            s.nHeadDim = 64;
            s.nCtx = 2048;
            s.slidingWindow = 8;
            s.finalSoftcap = 30.0f;
            return s;
        }(),
        [] {
            // GQA and partial rotary as Phi-4-mini, untied output as Phi-3.5; the original context of 256 is
            // below any test context, so the long factors and the attention factor are in play.
            SynthShape s = phi3("phi3-tiny", "Phi-3 Tiny (synthetic)", SynthFamily::Phi3, 4, 2, 2048);
            s.nEmbd = 256;
            s.nLayer = 4;
            s.nFf = 768;
            s.nRot = 48;
            s.nCtx = 4096;
            s.ropeOrigCtx = 256;
            s.tied = false;
            return s;
        }(),
    };
}

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

// llama.cpp's use_more_bits: first and last eighth of the layers, and every third layer in between.
bool useMoreBits(int layer, int nLayer) {
    return layer < nLayer / 8 || layer >= 7 * nLayer / 8 || (layer - nLayer / 8) % 3 == 2;
}

}  // namespace

std::optional<SynthShape> synthShape(std::string_view name) {
    for (auto& s : allShapes())
        if (s.name == name) return s;
    return std::nullopt;
}

std::vector<std::string> synthShapeNames() {
    std::vector<std::string> names;
    for (const auto& s : allShapes()) names.push_back(s.name);
    return names;
}

std::optional<SynthType> parseSynthType(std::string_view name) {
    if (name == "f16") return SynthType::F16;
    if (name == "q8_0") return SynthType::Q8_0;
    if (name == "q4_0") return SynthType::Q4_0;
    if (name == "q4_k_m") return SynthType::Q4_K_M;
    return std::nullopt;
}

uint32_t synthFileType(SynthType t) {
    switch (t) {
        case SynthType::F16:
            return 1;
        case SynthType::Q4_0:
            return 2;
        case SynthType::Q8_0:
            return 7;
        case SynthType::Q4_K_M:
            return 15;
    }
    return 0;
}

GgmlType synthTensorType(SynthType type, std::string_view name, int64_t ne0, int nDims, int layer, int nLayer,
                         bool tied) {
    if (nDims < 2) return GgmlType::F32;  // norms, biases, rope_freqs
    if (type == SynthType::F16) return GgmlType::F16;
    GgmlType base = type == SynthType::Q8_0   ? GgmlType::Q8_0
                    : type == SynthType::Q4_0 ? GgmlType::Q4_0
                                              : GgmlType::Q4_K;
    GgmlType t = base;
    const bool isOutput = name == "output.weight" || (tied && name == "token_embd.weight");
    if (isOutput) {
        const int64_t blockElems = ggmlTypeTraits(static_cast<uint32_t>(base))->blockElems;
        if (ne0 % blockElems != 0)
            t = GgmlType::Q8_0;
        else if (base != GgmlType::Q8_0)
            t = GgmlType::Q6_K;
    } else if (type == SynthType::Q4_K_M && layer >= 0) {
        // attn_qkv counts as attn_v (llama-quant's category_is_attn_v).
        if ((contains(name, "attn_v.weight") || contains(name, "attn_qkv.weight") ||
             contains(name, "ffn_down")) &&
            useMoreBits(layer, nLayer))
            t = GgmlType::Q6_K;
    }
    // Fallback for rows that are not a whole number of blocks.
    if (ne0 % ggmlTypeTraits(static_cast<uint32_t>(t))->blockElems != 0) {
        if (t == GgmlType::Q4_K) t = GgmlType::Q5_0;
        if (t == GgmlType::Q6_K) t = GgmlType::Q8_0;
        if (ne0 % 32 != 0) t = GgmlType::F16;
    }
    return t;
}

}  // namespace peregrine
