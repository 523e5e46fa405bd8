#include "model/model_info.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "gguf/gguf_file.h"
#include "model/arch_params.h"

namespace peregrine {

namespace {

constexpr int kMaxLayers = 512;  // llama.cpp's LLAMA_MAX_LAYERS; per-layer arrays are sized by it there
constexpr int64_t kMaxDim = int64_t{1} << 20;
constexpr int64_t kMaxContext = int64_t{1} << 24;

std::string shapeText(const int64_t* ne, uint32_t nDims) {
    std::string s = "[";
    for (uint32_t i = 0; i < std::max<uint32_t>(nDims, 1); ++i) {
        if (i) s += ", ";
        s += std::to_string(ne[i]);
    }
    return s + "]";
}

std::string layerName(const char* pattern, int layer) {
    char buf[128];
    std::snprintf(buf, sizeof buf, pattern, layer);
    return buf;
}

// Reads "<arch>.<key>" as a positive integer in [1, maxValue]. Required keys give an error when absent.
Status readCount(const GgufFile& f, const std::string& arch, const char* key, bool required, int64_t maxValue,
                 int& out) {
    const std::string full = arch + "." + key;
    if (!f.find(full)) {
        if (required) return Status::error("missing metadata key '" + full + "'");
        return Status::ok();
    }
    const auto v = f.getUint(full);
    if (!v) return Status::error("metadata key '" + full + "' is not an unsigned integer");
    if (*v < 1 || *v > static_cast<uint64_t>(maxValue))
        return Status::error("metadata key '" + full + "' has value " + std::to_string(*v) + ", outside 1.." +
                             std::to_string(maxValue));
    out = static_cast<int>(*v);
    return Status::ok();
}

Status readHyperParameters(const GgufFile& f, const ArchSpec& arch, ModelInfo& m) {
    const std::string a = arch.name;
    Status s;
    if (!(s = readCount(f, a, "context_length", true, kMaxContext, m.contextLength))) return s;
    if (!(s = readCount(f, a, "embedding_length", true, kMaxDim, m.nEmbd))) return s;
    if (!(s = readCount(f, a, "feed_forward_length", true, kMaxDim, m.nFf))) return s;
    if (!(s = readCount(f, a, "attention.head_count", true, 4096, m.nHead))) return s;
    if (f.find(a + ".block_count")) {
        const auto n = f.getUint(a + ".block_count");
        if (!n) return Status::error("metadata key '" + a + ".block_count' is not an unsigned integer");
        if (*n < 1 || *n > kMaxLayers)
            return Status::error("metadata key '" + a + ".block_count' is " + std::to_string(*n) +
                                 "; this engine supports 1.." + std::to_string(kMaxLayers) + " layers");
        m.nLayer = static_cast<int>(*n);
    } else {
        return Status::error("missing metadata key '" + a + ".block_count'");
    }
    m.nHeadKv = m.nHead;
    if (!(s = readCount(f, a, "attention.head_count_kv", false, 4096, m.nHeadKv))) return s;
    if (m.nHead % m.nHeadKv != 0)
        return Status::error("attention.head_count (" + std::to_string(m.nHead) +
                             ") is not a multiple of attention.head_count_kv (" + std::to_string(m.nHeadKv) +
                             ")");
    if (m.nEmbd % m.nHead != 0 && !f.find(a + ".attention.key_length"))
        return Status::error("embedding_length (" + std::to_string(m.nEmbd) +
                             ") is not a multiple of head_count (" + std::to_string(m.nHead) + ")");
    m.headDim = m.nEmbd / m.nHead;
    if (!(s = readCount(f, a, "attention.key_length", false, 4096, m.headDim))) return s;
    int valueLength = m.headDim;
    if (!(s = readCount(f, a, "attention.value_length", false, 4096, valueLength))) return s;
    if (valueLength != m.headDim)
        return Status::error("attention.value_length (" + std::to_string(valueLength) +
                             ") differs from key_length (" + std::to_string(m.headDim) + "); not supported");
    m.ropeDim = m.headDim;
    if (!(s = readCount(f, a, "rope.dimension_count", false, 4096, m.ropeDim))) return s;
    if (m.ropeDim > m.headDim || m.ropeDim % 2 != 0)
        return Status::error("rope.dimension_count (" + std::to_string(m.ropeDim) +
                             ") must be even and at most the head size (" + std::to_string(m.headDim) + ")");

    const std::string epsKey = a + ".attention.layer_norm_rms_epsilon";
    if (!f.find(epsKey)) return Status::error("missing metadata key '" + epsKey + "'");
    const auto eps = f.getFloat(epsKey);
    if (!eps || !(*eps > 0.0) || *eps > 1.0)
        return Status::error("metadata key '" + epsKey + "' is not a valid epsilon");
    m.rmsEps = static_cast<float>(*eps);

    m.ropeType = arch.ropeType;
    m.ropeFreqBase = arch.defaultRopeBase;
    if (f.find(a + ".rope.freq_base")) {
        const auto base = f.getFloat(a + ".rope.freq_base");
        if (!base || !(*base > 1.0) || *base > 1e12)
            return Status::error("metadata key '" + a + ".rope.freq_base' is not a valid rope base");
        m.ropeFreqBase = static_cast<float>(*base);
    }
    if (auto type = f.getString(a + ".rope.scaling.type")) m.ropeScalingType = std::string(*type);
    if (auto factor = f.getFloat(a + ".rope.scaling.factor"))
        m.ropeScalingFactor = static_cast<float>(*factor);
    if (!m.ropeScalingType.empty() && m.ropeScalingType != "none" && m.ropeScalingType != "linear")
        return Status::error("rope scaling type '" + m.ropeScalingType + "' is not supported (none, linear)");
    if (m.ropeScalingType == "linear" && !(m.ropeScalingFactor > 0.0f))
        return Status::error("rope.scaling.factor must be positive for linear rope scaling");
    return Status::ok();
}

// Weight types the matmul path has dot products for (kernels/vec_dot.h, plus F16/BF16 via the quant
// reference).
bool matmulSupported(GgmlType t) {
    switch (t) {
        case GgmlType::F32:
        case GgmlType::F16:
        case GgmlType::BF16:
        case GgmlType::Q4_0:
        case GgmlType::Q4_1:
        case GgmlType::Q5_0:
        case GgmlType::Q5_1:
        case GgmlType::Q8_0:
        case GgmlType::Q2_K:
        case GgmlType::Q3_K:
        case GgmlType::Q4_K:
        case GgmlType::Q5_K:
        case GgmlType::Q6_K:
            return true;
        default:
            return false;
    }
}

Status checkTensor(const GgufTensorInfo& t, const TensorSpec& spec, const ModelInfo& m) {
    const int64_t ne0 = resolveDim(m, spec.ne0);
    const int64_t ne1 = resolveDim(m, spec.ne1);
    const bool shapeOk = t.ne[0] == ne0 && t.ne[1] == ne1 && t.ne[2] == 1 && t.ne[3] == 1;
    if (!shapeOk) {
        const int64_t expected[2] = {ne0, ne1};
        return Status::error("tensor '" + std::string(t.name) + "' has shape " + shapeText(t.ne, t.nDims) +
                             ", expected " + shapeText(expected, spec.ne1 == Dim::One ? 1 : 2));
    }
    const auto traits = ggmlTypeTraits(static_cast<uint32_t>(t.type));
    const bool asMatrix = spec.matmul || spec.role == TensorRole::TokenEmbd;  // token_embd may be the output
    if (!traits || !traits->computeSupported || (asMatrix && !matmulSupported(t.type)))
        return Status::error("tensor '" + std::string(t.name) + "' has type " + ggmlTypeName(t.type) +
                             ", which this engine cannot compute with");
    return Status::ok();
}

// Shape and type of one present tensor; a fused tensor also counts for the roles it splits into.
Status checkPresent(const GgufTensorInfo& t, const TensorSpec& spec, ModelInfo& m, std::vector<bool>& bound) {
    if (Status s = checkTensor(t, spec, m); !s) return s;
    if (spec.role == TensorRole::RopeFreqs) m.hasRopeFreqs = true;
    if (spec.role == TensorRole::RopeFactorsLong || spec.role == TensorRole::RopeFactorsShort)
        m.hasRopeFactors = true;
    bound[static_cast<size_t>(spec.role)] = true;
    if (spec.split)
        for (int i = 0; i < spec.split->count; ++i)
            bound[static_cast<size_t>(spec.split->parts[i].role)] = true;
    return Status::ok();
}

Status checkTensors(const GgufFile& f, const ArchSpec& arch, ModelInfo& m) {
    std::vector<bool> globalBound(kTensorRoleCount, false);
    for (const auto& spec : arch.tensors) {
        if (isLayerRole(spec.role)) continue;
        const GgufTensorInfo* t = f.tensor(spec.name);
        if (!t) {
            if (spec.need == Need::Required)
                return Status::error("model file has no tensor '" + std::string(spec.name) +
                                     "' (required for " + arch.name + ")");
            if (spec.role == TensorRole::Output) m.tiedOutput = true;
            continue;
        }
        if (Status s = checkPresent(*t, spec, m, globalBound); !s) return s;
    }
    for (int layer = 0; layer < m.nLayer; ++layer) {
        std::vector<bool> bound(kTensorRoleCount, false);
        for (const auto& spec : arch.tensors) {
            if (!isLayerRole(spec.role)) continue;
            const std::string name = layerName(spec.name, layer);
            const GgufTensorInfo* t = f.tensor(name);
            if (!t) {
                if (spec.need == Need::Required)
                    return Status::error("model file has no tensor '" + name + "' (required for " +
                                         arch.name + ")");
                continue;
            }
            if (Status s = checkPresent(*t, spec, m, bound); !s) return s;
        }
        // Roles the forward pass needs, given directly or through a fused tensor (attn_qkv, fused ffn_up).
        for (TensorRole role : kRequiredLayerRoles) {
            if (bound[static_cast<size_t>(role)]) continue;
            std::string names;
            for (const auto& spec : arch.tensors) {
                bool provides = spec.role == role;
                for (int i = 0; spec.split && i < spec.split->count; ++i)
                    provides |= spec.split->parts[i].role == role;
                if (provides) names += (names.empty() ? "'" : "' or '") + layerName(spec.name, layer);
            }
            return Status::error("model file has no tensor " + names + "' (required for " + arch.name + ")");
        }
    }
    if (m.tiedOutput && !arch.tiedOutputAllowed)
        return Status::error(std::string("model file has no tensor 'output.weight' (required for ") +
                             arch.name + ")");
    return Status::ok();
}

void summariseTensors(const GgufFile& f, ModelInfo& m) {
    std::map<uint32_t, TensorTypeStat> byType;
    for (const auto& t : f.tensors()) {
        m.nParams += static_cast<uint64_t>(t.elements());
        m.weightBytes += t.nBytes;
        auto& stat = byType[static_cast<uint32_t>(t.type)];
        stat.type = t.type;
        stat.name = ggmlTypeName(t.type);
        stat.count += 1;
        stat.bytes += t.nBytes;
    }
    for (auto& [id, stat] : byType) m.tensorTypes.push_back(stat);
    std::sort(m.tensorTypes.begin(), m.tensorTypes.end(),
              [](const TensorTypeStat& a, const TensorTypeStat& b) { return a.bytes > b.bytes; });
}

}  // namespace

int64_t resolveDim(const ModelInfo& m, Dim d) {
    switch (d) {
        case Dim::One:
            return 1;
        case Dim::Embd:
            return m.nEmbd;
        case Dim::Vocab:
            return m.nVocab;
        case Dim::QDim:
            return m.qDim();
        case Dim::KvDim:
            return m.kvDim();
        case Dim::Ff:
            return m.nFf;
        case Dim::RopeHalf:
            return m.ropeDim / 2;
        case Dim::HeadDim:
            return m.headDim;
        case Dim::QkvDim:
            return m.qDim() + 2 * static_cast<int64_t>(m.kvDim());
        case Dim::Ff2:
            return 2 * static_cast<int64_t>(m.nFf);
    }
    return 0;
}

uint64_t ModelInfo::kvCacheBytes(int ctx) const {
    return 2ull * static_cast<uint64_t>(nLayer) * static_cast<uint64_t>(ctx) *
           static_cast<uint64_t>(kvDim()) * 2ull;
}

uint64_t ModelInfo::computeBufferBytes(int ctx, int threads) const {
    const uint64_t b = kPrefillBatch;
    const uint64_t widest = static_cast<uint64_t>(std::max({nEmbd, nFf, qDim()}));
    const uint64_t activations = b * (3ull * nEmbd + 2ull * qDim() + 2ull * kvDim() + 2ull * nFf) * 4ull;
    const uint64_t quantized = b * widest * 2ull;  // activations in Q8/F16 form (at most ~1.1 bytes/element)
    const uint64_t logits = static_cast<uint64_t>(nVocab) * 4ull;
    const uint64_t candidates = static_cast<uint64_t>(nVocab) * 12ull;
    const uint64_t scores = static_cast<uint64_t>(std::max(threads, 1)) * static_cast<uint64_t>(ctx) * 4ull;
    const uint64_t tokenizer = static_cast<uint64_t>(nVocab) * 64ull;
    return activations + quantized + logits + candidates + scores + tokenizer;
}

uint64_t ModelInfo::estimatedMemoryBytes(int ctx) const {
    return weightBytes + kvCacheBytes(ctx) + computeBufferBytes(ctx);
}

std::string fileTypeLabel(uint32_t ft) {
    static const char* const kNames[] = {
        "F32",    "F16",    "Q4_0",  "Q4_1",    "Q4_1_SOME_F16", "",       "",       "Q8_0",
        "Q5_0",   "Q5_1",   "Q2_K",  "Q3_K_S",  "Q3_K_M",        "Q3_K_L", "Q4_K_S", "Q4_K_M",
        "Q5_K_S", "Q5_K_M", "Q6_K",  "IQ2_XXS", "IQ2_XS",        "Q2_K_S", "IQ3_XS", "IQ3_XXS",
        "IQ1_S",  "IQ4_NL", "IQ3_S", "IQ3_M",   "IQ2_S",         "IQ2_M",  "IQ4_XS", "IQ1_M",
        "BF16",   "",       "",      "",        "TQ1_0",         "TQ2_0",
    };
    if (ft >= sizeof kNames / sizeof kNames[0]) return "";
    return kNames[ft];
}

Result<ModelInfo> readModelInfo(const GgufFile& f) {
    ModelInfo m;
    m.path = f.path();
    m.fileSize = f.fileSize();
    const auto arch = f.getString("general.architecture");
    if (!arch) return Status::error("model file has no 'general.architecture' key; is it a GGUF model?");
    m.architecture = std::string(*arch);
    if (auto name = f.getString("general.name")) m.name = std::string(*name);
    summariseTensors(f, m);
    if (auto ft = f.getUint("general.file_type")) m.fileType = fileTypeLabel(static_cast<uint32_t>(*ft));
    if (m.fileType.empty() && !m.tensorTypes.empty()) m.fileType = m.tensorTypes.front().name;

    const ArchSpec* spec = findArch(m.architecture);
    if (!spec)
        return Status::error("unsupported architecture '" + m.architecture + "' (this engine runs " +
                             supportedArchNames() + ")");
    if (Status s = readHyperParameters(f, *spec, m); !s) return s;
    if (Status s = readArchParameters(f, *spec, m); !s) return s;

    // Vocabulary size: the tokenizer's token list, else <arch>.vocab_size, else the embedding's rows.
    if (const auto* tokens = f.getStringArray("tokenizer.ggml.tokens")) {
        m.nVocab = static_cast<int>(std::min<size_t>(tokens->size(), kMaxContext));
    } else if (auto n = f.getUint(m.architecture + ".vocab_size")) {
        m.nVocab = static_cast<int>(std::min<uint64_t>(*n, kMaxContext));
    } else if (const auto* emb = f.tensor("token_embd.weight")) {
        m.nVocab = static_cast<int>(std::clamp<int64_t>(emb->ne[1], 0, kMaxContext));
    }
    if (m.nVocab <= 0) return Status::error("model file has no vocabulary (tokenizer.ggml.tokens)");

    if (Status s = checkTensors(f, *spec, m); !s) return s;

    const auto tmpl = f.getString("tokenizer.chat_template");
    m.hasChatTemplate = tmpl.has_value();
    m.chatFamily = detectChatFamily(tmpl ? std::optional<std::string_view>(*tmpl) : std::nullopt);
    return m;
}

}  // namespace peregrine
