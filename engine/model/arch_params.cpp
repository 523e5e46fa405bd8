#include "model/arch_params.h"

#include <cmath>
#include <string>
#include <string_view>

#include "gguf/gguf_file.h"
#include "model/model_info.h"

namespace peregrine {

namespace {

// Optional float key in [lo, hi]; absent leaves `out` unchanged.
Status readFloat(const GgufFile& f, const std::string& key, double lo, double hi, float& out) {
    if (!f.find(key)) return Status::ok();
    const auto v = f.getFloat(key);
    if (!v || !std::isfinite(*v) || *v < lo || *v > hi)
        return Status::error("metadata key '" + key + "' is not a number in " + std::to_string(lo) + ".." +
                             std::to_string(hi));
    out = static_cast<float>(*v);
    return Status::ok();
}

// Optional unsigned key in [0, hi]; absent leaves `out` unchanged.
Status readUint(const GgufFile& f, const std::string& key, uint64_t hi, int& out) {
    if (!f.find(key)) return Status::ok();
    const auto v = f.getUint(key);
    if (!v) return Status::error("metadata key '" + key + "' is not an unsigned integer");
    if (*v > hi)
        return Status::error("metadata key '" + key + "' is " + std::to_string(*v) + ", above " +
                             std::to_string(hi));
    out = static_cast<int>(*v);
    return Status::ok();
}

}  // namespace

Status readArchParameters(const GgufFile& f, const ArchSpec& arch, ModelInfo& m) {
    const std::string a = std::string(arch.name) + ".";
    Status s;
    if (arch.swaPeriod > 0) {
        if (!(s = readUint(f, a + "attention.sliding_window", 1u << 24, m.slidingWindow))) return s;
        m.swaPeriod = arch.swaPeriod;
        if (f.find(a + "attention.sliding_window_pattern") &&
            !f.getUint(a + "attention.sliding_window_pattern"))
            return Status::error("metadata key '" + a +
                                 "attention.sliding_window_pattern' is not an unsigned integer (per-layer "
                                 "patterns are not supported)");
        if (!(s = readUint(f, a + "attention.sliding_window_pattern", 4096, m.swaPeriod))) return s;
        m.ropeFreqBaseSwa = 10000.0f;
        if (!(s = readFloat(f, a + "rope.freq_base_swa", 1.0, 1e12, m.ropeFreqBaseSwa))) return s;
    }
    if (!(s = readFloat(f, a + "final_logit_softcapping", 0.0, 1e6, m.finalLogitSoftcap))) return s;
    if (std::string_view(arch.name) == "gemma3" && m.nLayer == 62)  // as llama.cpp's LLM_TYPE_27B
        m.attentionScale = 1.0f / std::sqrt(static_cast<float>(m.nEmbd / m.nHead));
    if (f.find(a + "attn_logit_softcapping"))
        return Status::error("attention logit soft-capping (" + a +
                             "attn_logit_softcapping) is not supported by this engine");
    if (!(s = readUint(f, a + "rope.scaling.original_context_length", 1u << 24, m.ropeOrigContext))) return s;
    if (!(s = readFloat(f, a + "rope.scaling.attn_factor", 0.0, 100.0, m.ropeAttnFactor))) return s;
    return Status::ok();
}

}  // namespace peregrine
