// Tensor plan, random generation + quantization (parallel over rows), metadata and the GGUF write.
#include "synth/synth_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "core/defaults.h"
#include "gguf/gguf_writer.h"
#include "quant/quant.h"
#include "synth/synth_vocab.h"

namespace peregrine {

namespace {

constexpr float kWeightStd = 0.02f;

// splitmix64: seeds and the row generator (fast, well mixed, reproducible everywhere).
uint64_t splitmix(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t hashName(const std::string& s) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

// n normal values with standard deviation std (Box-Muller on 2 x 24-bit uniforms per pair).
void fillNormal(uint64_t state, float std, float* out, int64_t n) {
    constexpr float kTwoPi = 6.28318530717958647692f;
    for (int64_t i = 0; i < n; i += 2) {
        const uint64_t r = splitmix(state);
        const float u1 = (static_cast<float>(r >> 40) + 1.0f) * (1.0f / 16777217.0f);  // (0, 1]
        const float u2 = static_cast<float>((r >> 16) & 0xFFFFFF) * (1.0f / 16777216.0f);
        const float radius = std * std::sqrt(-2.0f * std::log(u1));
        out[i] = radius * std::cos(kTwoPi * u2);
        if (i + 1 < n) out[i + 1] = radius * std::sin(kTwoPi * u2);
    }
}

std::string blk(int layer, const char* suffix) {
    return "blk." + std::to_string(layer) + "." + suffix;
}

// Rows [begin, end) of one tensor: generate in float, convert to the tensor type.
void produceRows(const SynthTensorPlan& t, uint64_t seed, uint8_t* out, int64_t begin, int64_t end) {
    const int64_t rowLen = t.ne[0];
    const size_t rowBytes = ggmlRowBytes(t.type, rowLen);
    std::vector<float> row(rowLen);
    const uint64_t tensorSeed = seed ^ hashName(t.name);
    for (int64_t r = begin; r < end; ++r) {
        switch (t.init) {
            case SynthTensorPlan::Init::Ones:
                std::fill(row.begin(), row.end(), 1.0f);
                break;
            case SynthTensorPlan::Init::Values:
                std::copy(t.values.begin(), t.values.end(), row.begin());
                break;
            case SynthTensorPlan::Init::NoisyOnes: {
                uint64_t s = tensorSeed + static_cast<uint64_t>(r) * 0xD1B54A32D192ED03ull;
                fillNormal(splitmix(s), 0.1f, row.data(), rowLen);
                for (float& x : row) x += 1.0f;
                break;
            }
            case SynthTensorPlan::Init::Normal: {
                uint64_t s = tensorSeed + static_cast<uint64_t>(r) * 0xD1B54A32D192ED03ull;
                fillNormal(splitmix(s), kWeightStd, row.data(), rowLen);
                break;
            }
        }
        quantizeRow(t.type, row.data(), out + r * rowBytes, rowLen);
    }
}

void setTokenizer(GgufWriter& w, const SynthVocab& v) {
    w.setString("tokenizer.ggml.model", v.model);
    w.setString("tokenizer.ggml.pre", v.pre);
    w.setStringArray("tokenizer.ggml.tokens", v.tokens);
    w.setInt32Array("tokenizer.ggml.token_type", v.types);
    if (!v.scores.empty()) w.setFloat32Array("tokenizer.ggml.scores", v.scores);
    if (!v.merges.empty()) w.setStringArray("tokenizer.ggml.merges", v.merges);
    w.setUint32("tokenizer.ggml.bos_token_id", static_cast<uint32_t>(v.bos));
    w.setUint32("tokenizer.ggml.eos_token_id", static_cast<uint32_t>(v.eos));
    if (v.eot >= 0) w.setUint32("tokenizer.ggml.eot_token_id", static_cast<uint32_t>(v.eot));
    if (v.unk >= 0) w.setUint32("tokenizer.ggml.unknown_token_id", static_cast<uint32_t>(v.unk));
    w.setUint32("tokenizer.ggml.padding_token_id", static_cast<uint32_t>(v.pad));
    w.setBool("tokenizer.ggml.add_bos_token", v.addBos);
    if (v.addSpacePrefix) w.setBool("tokenizer.ggml.add_space_prefix", *v.addSpacePrefix);
    w.setString("tokenizer.chat_template", v.chatTemplate);
}

void setHyperParameters(GgufWriter& w, const SynthShape& s, SynthType type) {
    const std::string a = s.architecture;
    w.setString("general.architecture", a);
    w.setString("general.name", s.displayName);
    w.setUint32("general.file_type", synthFileType(type));
    if (type != SynthType::F16) w.setUint32("general.quantization_version", 2);
    w.setUint32(a + ".context_length", static_cast<uint32_t>(s.nCtx));
    w.setUint32(a + ".embedding_length", static_cast<uint32_t>(s.nEmbd));
    w.setUint32(a + ".block_count", static_cast<uint32_t>(s.nLayer));
    w.setUint32(a + ".feed_forward_length", static_cast<uint32_t>(s.nFf));
    w.setUint32(a + ".attention.head_count", static_cast<uint32_t>(s.nHead));
    w.setUint32(a + ".attention.head_count_kv", static_cast<uint32_t>(s.nHeadKv));
    w.setUint32(a + ".rope.dimension_count", static_cast<uint32_t>(s.ropeDims()));
    w.setFloat32(a + ".rope.freq_base", s.ropeBase);
    w.setFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps);
    if (s.slidingWindow > 0)
        w.setUint32(a + ".attention.sliding_window", static_cast<uint32_t>(s.slidingWindow));
    if (s.finalSoftcap > 0) w.setFloat32(a + ".final_logit_softcapping", s.finalSoftcap);
    if (s.longRope) {
        w.setUint32(a + ".rope.scaling.original_context_length", static_cast<uint32_t>(s.ropeOrigCtx));
        w.setFloat32(a + ".rope.scaling.attn_factor", longRopeAttnFactor(s));
    }
    if (s.architecture != "qwen2") {
        w.setUint32(a + ".attention.key_length", static_cast<uint32_t>(s.headDim()));
        w.setUint32(a + ".attention.value_length", static_cast<uint32_t>(s.headDim()));
        if (s.architecture == "llama") w.setUint32(a + ".vocab_size", static_cast<uint32_t>(s.nVocab));
    }
}

}  // namespace

int64_t SynthTensorPlan::elements() const {
    int64_t n = 1;
    for (int64_t d : ne) n *= d;
    return n;
}

uint64_t SynthTensorPlan::bytes() const {
    return ggmlRowBytes(type, ne[0]) * static_cast<uint64_t>(elements() / ne[0]);
}

std::vector<float> llama3RopeFactors(const SynthShape& s) {
    const int64_t dim = s.headDim();
    const double lowWavelen = s.ropeOrigCtx / s.ropeLowFreqFactor;
    const double highWavelen = s.ropeOrigCtx / s.ropeHighFreqFactor;
    std::vector<float> factors;
    for (int64_t i = 0; i < dim; i += 2) {
        const double freq = 1.0 / std::pow(static_cast<double>(s.ropeBase), static_cast<double>(i) / dim);
        const double wavelen = 2.0 * M_PI / freq;
        if (wavelen < highWavelen) {
            factors.push_back(1.0f);
        } else if (wavelen > lowWavelen) {
            factors.push_back(s.ropeScaleFactor);
        } else {
            const double smooth = (s.ropeOrigCtx / wavelen - s.ropeLowFreqFactor) /
                                  (s.ropeHighFreqFactor - s.ropeLowFreqFactor);
            factors.push_back(static_cast<float>(1.0 / ((1.0 - smooth) / s.ropeScaleFactor + smooth)));
        }
    }
    return factors;
}

std::vector<float> longRopeFactors(const SynthShape& s, bool longFactors) {
    const int64_t n = s.ropeDims() / 2;
    const double stretch = static_cast<double>(s.nCtx) / static_cast<double>(s.ropeOrigCtx);
    std::vector<float> f(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const double t = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
        f[static_cast<size_t>(i)] =
            static_cast<float>(longFactors ? 1.0 + (stretch - 1.0) * t * t : 1.0 + 0.05 * t);
    }
    return f;
}

float longRopeAttnFactor(const SynthShape& s) {
    const double scale = static_cast<double>(s.nCtx) / static_cast<double>(s.ropeOrigCtx);
    if (scale <= 1.0) return 1.0f;
    return static_cast<float>(
        std::sqrt(1.0 + std::log(scale) / std::log(static_cast<double>(s.ropeOrigCtx))));
}

std::vector<SynthTensorPlan> planSynthTensors(const SynthShape& s, SynthType type) {
    using Init = SynthTensorPlan::Init;
    std::vector<SynthTensorPlan> plan;
    const int nLayer = static_cast<int>(s.nLayer);
    auto add = [&](std::string name, std::vector<int64_t> ne, int layer, Init init,
                   std::vector<float> values = {}) {
        const GgmlType t =
            synthTensorType(type, name, ne[0], static_cast<int>(ne.size()), layer, nLayer, s.tied);
        plan.push_back({std::move(name), std::move(ne), t, layer, init, std::move(values)});
    };
    const Init norm = s.noisyNorms ? Init::NoisyOnes : Init::Ones;
    const int64_t qDim = s.qDim();
    const int64_t kvDim = s.kvDim();
    if (s.ropeScaleFactor > 0)
        add("rope_freqs.weight", {s.headDim() / 2}, -1, Init::Values, llama3RopeFactors(s));
    if (s.longRope) {
        add("rope_factors_long.weight", {s.ropeDims() / 2}, -1, Init::Values, longRopeFactors(s, true));
        add("rope_factors_short.weight", {s.ropeDims() / 2}, -1, Init::Values, longRopeFactors(s, false));
    }
    add("token_embd.weight", {s.nEmbd, s.nVocab}, -1, Init::Normal);
    for (int l = 0; l < nLayer; ++l) {
        add(blk(l, "attn_norm.weight"), {s.nEmbd}, l, norm);
        if (s.fusedQkv) {
            add(blk(l, "attn_qkv.weight"), {s.nEmbd, qDim + 2 * kvDim}, l, Init::Normal);
        } else {
            add(blk(l, "attn_q.weight"), {s.nEmbd, qDim}, l, Init::Normal);
            add(blk(l, "attn_k.weight"), {s.nEmbd, kvDim}, l, Init::Normal);
            add(blk(l, "attn_v.weight"), {s.nEmbd, kvDim}, l, Init::Normal);
        }
        if (s.qkvBias) {
            add(blk(l, "attn_q.bias"), {qDim}, l, Init::Normal);
            add(blk(l, "attn_k.bias"), {kvDim}, l, Init::Normal);
            add(blk(l, "attn_v.bias"), {kvDim}, l, Init::Normal);
        }
        if (s.qkNorm) {
            add(blk(l, "attn_q_norm.weight"), {s.headDim()}, l, norm);
            add(blk(l, "attn_k_norm.weight"), {s.headDim()}, l, norm);
        }
        add(blk(l, "attn_output.weight"), {qDim, s.nEmbd}, l, Init::Normal);
        if (s.postNorms) add(blk(l, "post_attention_norm.weight"), {s.nEmbd}, l, norm);
        add(blk(l, "ffn_norm.weight"), {s.nEmbd}, l, norm);
        if (s.fusedGateUp) {
            add(blk(l, "ffn_up.weight"), {s.nEmbd, 2 * s.nFf}, l, Init::Normal);
        } else {
            add(blk(l, "ffn_gate.weight"), {s.nEmbd, s.nFf}, l, Init::Normal);
            add(blk(l, "ffn_up.weight"), {s.nEmbd, s.nFf}, l, Init::Normal);
        }
        add(blk(l, "ffn_down.weight"), {s.nFf, s.nEmbd}, l, Init::Normal);
        if (s.postNorms) add(blk(l, "post_ffw_norm.weight"), {s.nEmbd}, l, norm);
    }
    add("output_norm.weight", {s.nEmbd}, -1, norm);
    if (!s.tied) add("output.weight", {s.nEmbd, s.nVocab}, -1, Init::Normal);
    return plan;
}

Result<SynthReport> synthesizeModel(const SynthShape& shape, SynthType type, const std::string& path,
                                    const SynthOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    GgufWriter writer;
    setHyperParameters(writer, shape, type);
    setTokenizer(writer, buildSynthVocab(shape.family, shape.nVocab));

    const std::vector<SynthTensorPlan> plan = planSynthTensors(shape, type);
    const int threads = defaults::resolveThreads(options.threads);
    SynthReport report;
    for (size_t i = 0; i < plan.size(); ++i) {
        const SynthTensorPlan& t = plan[i];
        std::vector<uint8_t> bytes(t.bytes());
        const int64_t rows = t.elements() / t.ne[0];
        const int64_t workers = std::min<int64_t>(threads, rows);
        std::vector<std::thread> pool;
        for (int64_t w = 1; w < workers; ++w)
            pool.emplace_back(produceRows, std::cref(t), options.seed, bytes.data(), rows * w / workers,
                              rows * (w + 1) / workers);
        produceRows(t, options.seed, bytes.data(), 0, rows / workers);
        for (auto& th : pool) th.join();
        report.tensorBytes += bytes.size();
        report.parameters += t.elements();
        if (Status st = writer.addTensor(t.name, t.type, t.ne, std::move(bytes)); !st)
            return Status::error("synth: tensor " + t.name + ": " + st.message());
        if (options.progress) options.progress(i + 1, plan.size());
    }
    if (Status st = writer.write(path); !st) return st;
    std::error_code ec;
    report.fileBytes = std::filesystem::file_size(path, ec);
    report.tensors = plan.size();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace peregrine
