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
        if ((contains(name, "attn_v.weight") || contains(name, "ffn_down")) && useMoreBits(layer, nLayer))
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
