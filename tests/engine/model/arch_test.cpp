// The qwen3 / gemma3 / phi3 paths: ModelInfo of the synthetic tiny files (window, pattern, LongRoPE keys),
// fused Q/K/V and gate-up bound as row views, readable errors for incomplete files, windowed attention
// against a naive reference, GeGLU and soft-capping arithmetic, and batched prefill equal to token-by-token
// decode on each family (the window crosses prefill blocks).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "gguf/gguf_file.h"
#include "model/attention.h"
#include "model/kv_cache.h"
#include "model/model_info.h"
#include "model/model_weights.h"
#include "model/ops.h"
#include "model/transformer.h"
#include "quant/quant.h"
#include "synth/synth_model.h"
#include "threads/thread_pool.h"
#include "tiny_model.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;

namespace {

// Writes a synthetic tiny shape and opens it.
std::unique_ptr<GgufFile> openSynth(const std::string& shape) {
    const auto path = std::filesystem::temp_directory_path() / ("peregrine-arch-" + shape + ".gguf");
    SynthOptions o;
    o.seed = 7;
    auto r = synthesizeModel(*synthShape(shape), SynthType::F16, path.string(), o);
    EXPECT_TRUE(r.isOk()) << r.message();
    auto f = GgufFile::open(path.string());
    EXPECT_TRUE(f.isOk()) << f.message();
    return f ? std::move(f).value() : nullptr;
}

std::string errorOf(const TinyModelSpec& spec) {
    static std::vector<std::vector<uint8_t>> keepAlive;  // GgufFile::fromMemory does not copy
    keepAlive.push_back(peregrine::testing::buildTinyModel(spec).toBytes());
    auto file = GgufFile::fromMemory(keepAlive.back().data(), keepAlive.back().size());
    if (!file) return file.message();
    auto info = readModelInfo(**file);
    return info ? std::string("(no error)") : info.message();
}

void addNorms(GgufWriter& w, int layers, int headDim) {
    std::vector<uint8_t> ones(static_cast<size_t>(headDim) * 4);
    const float one = 1.0f;
    for (size_t i = 0; i < ones.size(); i += 4) std::memcpy(ones.data() + i, &one, 4);
    for (int l = 0; l < layers; ++l)
        for (const char* n : {"attn_q_norm", "attn_k_norm"})
            (void)w.addTensor("blk." + std::to_string(l) + "." + n + ".weight", GgmlType::F32, {headDim},
                              ones);
}

}  // namespace

TEST(Arch, RegistryListsTheNewFamilies) {
    for (const char* name : {"qwen3", "gemma3", "phi3"}) {
        ASSERT_NE(findArch(name), nullptr) << name;
        EXPECT_NE(std::string(supportedArchNames()).find(name), std::string::npos);
    }
    EXPECT_EQ(findArch("gemma2"), nullptr);
}

TEST(Arch, ModelInfoOfSyntheticFamilies) {
    auto qwen = openSynth("qwen3-tiny");
    auto q = readModelInfo(*qwen);
    ASSERT_TRUE(q.isOk()) << q.message();
    EXPECT_EQ(q->headDim, 128);  // attention.key_length, wider than embd / heads
    EXPECT_EQ(q->qDim(), 512);
    EXPECT_EQ(q->ropeType, RopeType::Neox);
    EXPECT_EQ(q->chatFamily, ChatFamily::Qwen3);
    EXPECT_FALSE(q->isSwaLayer(0));

    auto gemma = openSynth("gemma3-tiny");
    auto g = readModelInfo(*gemma);
    ASSERT_TRUE(g.isOk()) << g.message();
    EXPECT_EQ(g->slidingWindow, 8);
    EXPECT_EQ(g->swaPeriod, 6);
    EXPECT_FLOAT_EQ(g->ropeFreqBaseSwa, 10000.0f);
    EXPECT_FLOAT_EQ(g->ropeFreqBase, 1000000.0f);
    EXPECT_FLOAT_EQ(g->finalLogitSoftcap, 30.0f);
    EXPECT_EQ(g->chatFamily, ChatFamily::Gemma);
    for (int l = 0; l < 5; ++l) EXPECT_TRUE(g->isSwaLayer(l)) << l;
    EXPECT_FALSE(g->isSwaLayer(5));  // the last layer of each period of 6 is global
    EXPECT_TRUE(g->isSwaLayer(6));

    auto phi = openSynth("phi3-tiny");
    auto p = readModelInfo(*phi);
    ASSERT_TRUE(p.isOk()) << p.message();
    EXPECT_TRUE(p->hasRopeFactors);
    EXPECT_EQ(p->ropeDim, 48);
    EXPECT_EQ(p->ropeOrigContext, 256);
    EXPECT_NEAR(p->ropeAttnFactor, std::sqrt(1.0 + std::log(16.0) / std::log(256.0)), 1e-6);
    EXPECT_EQ(p->chatFamily, ChatFamily::Phi3);
}

TEST(Arch, FusedTensorsBindAsRowViews) {
    auto phi = openSynth("phi3-tiny");
    auto info = readModelInfo(*phi);
    ASSERT_TRUE(info.isOk()) << info.message();
    auto w = bindWeights(*phi, *findArch("phi3"), *info);
    ASSERT_TRUE(w.isOk()) << w.message();
    const TensorSet& l0 = w->layers[0];
    const auto& q = l0.m(TensorRole::AttnQ);
    const auto& k = l0.m(TensorRole::AttnK);
    const auto& v = l0.m(TensorRole::AttnV);
    EXPECT_EQ(q.rows, info->qDim());
    EXPECT_EQ(k.rows, info->kvDim());
    EXPECT_EQ(v.rows, info->kvDim());
    EXPECT_EQ(k.data, q.data + q.rows * q.rowBytes);
    EXPECT_EQ(v.data, k.data + k.rows * k.rowBytes);
    EXPECT_EQ(q.data, phi->tensor("blk.0.attn_qkv.weight")->data);
    const auto& gate = l0.m(TensorRole::FfnGate);
    const auto& up = l0.m(TensorRole::FfnUp);
    EXPECT_EQ(gate.rows, info->nFf);
    EXPECT_EQ(up.rows, info->nFf);
    EXPECT_EQ(up.data, gate.data + gate.rows * gate.rowBytes);  // gate is the first half (ggml_swiglu)
    EXPECT_FALSE(w->global.v(TensorRole::RopeFactorsLong).empty());
    EXPECT_FALSE(w->global.v(TensorRole::RopeFactorsShort).empty());
}

TEST(Arch, IncompleteFilesGiveReadableErrors) {
    TinyModelSpec qwen3;
    qwen3.arch = "qwen3";
    EXPECT_EQ(errorOf(qwen3), "model file has no tensor 'blk.0.attn_q_norm.weight' (required for qwen3)");
    qwen3.tweak = [](GgufWriter& w) { addNorms(w, 2, 8); };
    EXPECT_EQ(errorOf(qwen3), "(no error)");
    qwen3.skipTensor = "blk.1.attn_k.weight";
    EXPECT_EQ(
        errorOf(qwen3),
        "model file has no tensor 'blk.1.attn_qkv.weight' or 'blk.1.attn_k.weight' (required for qwen3)");

    TinyModelSpec phi3;  // separate gate and up: phi3's ffn_up must hold both halves
    phi3.arch = "phi3";
    EXPECT_EQ(errorOf(phi3), "tensor 'blk.0.ffn_up.weight' has shape [32, 64], expected [32, 128]");

    TinyModelSpec gemma2;
    gemma2.arch = "gemma2";
    EXPECT_NE(errorOf(gemma2).find("unsupported architecture 'gemma2' (this engine runs llama, qwen2, qwen3, "
                                   "gemma3, phi3)"),
              std::string::npos);
}

TEST(Attention, SlidingWindowMatchesReference) {
    AttentionShape shape{4, 2, 16};
    shape.window = 6;
    const int kvDim = shape.nHeadKv * shape.headDim;
    const int qDim = shape.nHead * shape.headDim;
    const int ctx = 40, pos0 = 3, batch = 20;  // two prefill blocks, both past the window
    KvCache cache(1, ctx, kvDim);
    std::mt19937 rng(9);
    std::normal_distribution<float> d(0.0f, 1.0f);
    std::vector<float> keys(static_cast<size_t>(ctx * kvDim)), values(keys.size());
    for (int p = 0; p < pos0 + batch; ++p)
        for (int i = 0; i < kvDim; ++i) {
            const size_t at = static_cast<size_t>(p * kvDim + i);
            keys[at] = fp16ToFloat(floatToFp16(d(rng)));
            values[at] = fp16ToFloat(floatToFp16(d(rng)));
            cache.k(0, p)[i] = floatToFp16(keys[at]);
            cache.v(0, p)[i] = floatToFp16(values[at]);
        }
    std::vector<float> q(static_cast<size_t>(batch * qDim));
    for (auto& x : q) x = d(rng);
    ThreadPool pool(2);
    std::vector<float> scores(static_cast<size_t>(pool.size() * attentionScratchFloats(shape, ctx)));
    for (int oneByOne : {0, 1}) {
        std::vector<float> out(q.size());
        if (oneByOne)
            for (int b = 0; b < batch; ++b)
                attention(pool, shape, cache, 0, q.data() + b * qDim, 1, pos0 + b, out.data() + b * qDim,
                          scores.data());
        else
            attention(pool, shape, cache, 0, q.data(), batch, pos0, out.data(), scores.data());
        for (int b = 0; b < batch; ++b) {
            const int pos = pos0 + b;
            const int first = std::max(0, pos - shape.window + 1);
            for (int h = 0; h < shape.nHead; ++h) {
                const int kvHead = h / 2;
                std::vector<float> ref(static_cast<size_t>(shape.headDim));
                attentionHeadReference(q.data() + b * qDim + h * shape.headDim,
                                       keys.data() + first * kvDim + kvHead * shape.headDim,
                                       values.data() + first * kvDim + kvHead * shape.headDim, kvDim,
                                       pos - first + 1, shape.headDim, ref.data());
                for (int i = 0; i < shape.headDim; ++i)
                    EXPECT_NEAR(out[static_cast<size_t>(b * qDim + h * shape.headDim + i)], ref[i], 5e-3)
                        << "decode " << oneByOne << " token " << b << " head " << h;
            }
        }
    }
}

TEST(Ops, GeluMulFollowsGgmlTable) {
    const float xs[] = {-12.0f, -10.0f, -3.0f, -0.5f, 0.0f, 0.1234f, 1.0f, 2.5f, 9.9f, 10.0f, 15.0f};
    for (float x : xs) {
        float g = x;
        const float up = 1.5f;
        geluMul(&g, &up, 1);
        const double exact = 0.5 * x * (1.0 + std::tanh(0.7978845608 * x * (1.0 + 0.044715 * x * x)));
        if (x <= -10.0f)
            EXPECT_EQ(g, 0.0f);
        else if (x >= 10.0f)
            EXPECT_EQ(g, x * up);
        else  // evaluated at the F16 value of x and rounded to F16: ~1e-3 relative
            EXPECT_NEAR(g, exact * up, 2e-3 * std::fabs(exact * up) + 1e-4) << x;
        // Exactly representable on the F16 grid: the table value of an F16 input.
        if (x == 1.0f) EXPECT_EQ(g, roundToHalf(static_cast<float>(exact)) * up);
    }
}

TEST(Ops, SoftCapAndRopeAttentionFactor) {
    float x[] = {0.0f, 3.0f, -300.0f, 1e6f};
    softCap(x, 4, 30.0f);
    EXPECT_EQ(x[0], 0.0f);
    EXPECT_NEAR(x[1], 30.0 * std::tanh(0.1), 1e-5);
    EXPECT_NEAR(x[2], -30.0f, 1e-4);
    EXPECT_NEAR(x[3], 30.0f, 1e-4);
    RopeParams p;
    p.nRot = 4;
    float plain[4], scaled[4];
    ropeAngles(p, 5, plain);
    p.attnFactor = 1.25f;
    ropeAngles(p, 5, scaled);
    for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(scaled[i], plain[i] * 1.25f);
}

// Batched prefill equals token-by-token decode for each new family (the gemma window crosses the 16-token
// prefill blocks; phi3 uses long factors at this context).
TEST(Arch, PrefillEqualsDecodeOnEachFamily) {
    for (const char* shape : {"qwen3-tiny", "gemma3-tiny", "phi3-tiny"}) {
        auto file = openSynth(shape);
        auto info = readModelInfo(*file);
        ASSERT_TRUE(info.isOk()) << info.message();
        ThreadPool pool(2);
        auto model = Transformer::create(*file, *info, 300, pool);
        ASSERT_TRUE(model.isOk()) << model.message();
        Transformer& m = **model;
        const int nVocab = info->nVocab;
        std::vector<int32_t> tokens(40);
        for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = static_cast<int32_t>((i * 37 + 11) % 1900);
        std::vector<float> all(tokens.size() * static_cast<size_t>(nVocab));
        ASSERT_TRUE(m.forward(tokens, all.data(), true));
        m.cache().clear();
        std::vector<float> one(static_cast<size_t>(nVocab));
        for (size_t i = 0; i < tokens.size(); ++i) {
            ASSERT_TRUE(m.forward(std::span(tokens).subspan(i, 1), one.data(), false));
            for (int v = 0; v < nVocab; ++v)
                ASSERT_NEAR(one[v], all[i * nVocab + v], 5e-4f * (1.0f + std::fabs(all[i * nVocab + v])))
                    << shape << " position " << i;
        }
    }
}
