// Synthetic models: the type mix reproduces llama-quantize's (checked against the conformance files), sizes
// of the real shapes, and a tiny model written, read back and checked (metadata, tokenizer, tensors,
// determinism).
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include "gguf/gguf_file.h"
#include "quant/quant.h"
#include "synth/synth_model.h"
#include "synth/synth_vocab.h"

namespace peregrine {
namespace {

namespace fs = std::filesystem;

uint64_t planBytes(const std::string& shape, SynthType type) {
    uint64_t total = 0;
    for (const auto& t : planSynthTensors(*synthShape(shape), type)) total += t.bytes();
    return total;
}

int layerOf(std::string_view name) {
    if (name.rfind("blk.", 0) != 0) return -1;
    return std::stoi(std::string(name.substr(4)));
}

TEST(SynthTest, TypeMixMatchesLlamaQuantizeFiles) {
    const std::string dir = std::string(PEREGRINE_CONFORMANCE_DIR) + "/models/";
    if (!fs::exists(dir + "tiny-spm-q4_k_m.gguf")) GTEST_SKIP() << "conformance kit not found at " << dir;
    const std::pair<const char*, SynthType> files[] = {{"tiny-spm-q4_k_m.gguf", SynthType::Q4_K_M},
                                                       {"tiny-spm-q4_0.gguf", SynthType::Q4_0},
                                                       {"tiny-spm-q8_0.gguf", SynthType::Q8_0},
                                                       {"tiny-spm-f16.gguf", SynthType::F16},
                                                       {"tiny-llama3-q4_k_m.gguf", SynthType::Q4_K_M}};
    for (const auto& [name, type] : files) {
        auto f = GgufFile::open(dir + name);
        ASSERT_TRUE(f) << f.message();
        const int nLayer = static_cast<int>(*(*f)->getUint("llama.block_count"));
        const bool tied = (*f)->tensor("output.weight") == nullptr;
        for (const auto& t : (*f)->tensors()) {
            const GgmlType want = synthTensorType(type, t.name, t.ne[0], static_cast<int>(t.nDims),
                                                  layerOf(t.name), nLayer, tied);
            EXPECT_EQ(ggmlTypeName(want), ggmlTypeName(t.type)) << name << " " << t.name;
        }
    }
}

TEST(SynthTest, RealShapeSizes) {
    // llama.cpp's Llama-3.2-1B-Instruct-Q4_K_M.gguf holds 762.8 MiB of tensor data (~763 MiB file).
    const double q4km = planBytes("llama3.2-1b", SynthType::Q4_K_M) / 1048576.0;
    EXPECT_NEAR(q4km, 762.8, 2.0);
    const double f16 = planBytes("llama3.2-1b", SynthType::F16) / 1048576.0;
    EXPECT_NEAR(f16, 2357.0, 5.0);  // 1.236 B parameters x 2 bytes
    // Qwen2.5-0.5B: 896 columns are not a multiple of 256, so most tensors fall back to Q5_0 / Q8_0.
    const auto qwen = planSynthTensors(*synthShape("qwen2.5-0.5b"), SynthType::Q4_K_M);
    auto typeOf = [&](const std::string& name) {
        for (const auto& t : qwen)
            if (t.name == name) return ggmlTypeName(t.type);
        return std::string("missing");
    };
    EXPECT_EQ(typeOf("token_embd.weight"), "Q8_0");
    EXPECT_EQ(typeOf("blk.5.attn_q.weight"), "Q5_0");
    EXPECT_EQ(typeOf("blk.5.attn_v.weight"), "Q8_0");    // Q6_K (more-bits layer) falls back to Q8_0
    EXPECT_EQ(typeOf("blk.4.ffn_down.weight"), "Q4_K");  // 4864 columns: K-quants fit
    EXPECT_EQ(typeOf("blk.5.ffn_down.weight"), "Q6_K");
    EXPECT_EQ(typeOf("blk.5.attn_q.bias"), "F32");
    for (const auto& name : synthShapeNames()) {
        const auto s = synthShape(name);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->nEmbd % s->nHead, 0) << name;
        EXPECT_EQ(s->nHead % s->nHeadKv, 0) << name;
    }
}

TEST(SynthTest, Llama3RopeFactors) {
    const auto f = llama3RopeFactors(*synthShape("llama3.2-1b"));
    ASSERT_EQ(f.size(), 32u);
    EXPECT_EQ(f.front(), 1.0f);  // high frequencies unscaled
    EXPECT_EQ(f.back(), 32.0f);  // low frequencies divided by the factor
    for (size_t i = 1; i < f.size(); ++i) EXPECT_GE(f[i], f[i - 1]);
}

TEST(SynthTest, VocabularyIsConsistent) {
    for (SynthFamily family : {SynthFamily::Llama3, SynthFamily::Qwen2}) {
        const int64_t size = family == SynthFamily::Llama3 ? 128256 : 151936;
        const SynthVocab v = buildSynthVocab(family, size);
        ASSERT_EQ(static_cast<int64_t>(v.tokens.size()), size);
        ASSERT_EQ(v.types.size(), v.tokens.size());
        std::set<std::string> seen(v.tokens.begin(), v.tokens.end());
        EXPECT_EQ(seen.size(), v.tokens.size()) << "duplicate token";
        for (const auto& m : v.merges) {
            const size_t sp = m.find(' ');
            ASSERT_NE(sp, std::string::npos);
            const std::string left = m.substr(0, sp), right = m.substr(sp + 1);
            ASSERT_TRUE(seen.count(left) && seen.count(right) && seen.count(left + right)) << m;
        }
        if (family == SynthFamily::Llama3) {
            EXPECT_EQ(v.bos, 128000);
            EXPECT_EQ(v.tokens[128000], "<|begin_of_text|>");
            EXPECT_EQ(v.tokens[128009], "<|eot_id|>");
            EXPECT_EQ(v.tokens[128006], "<|start_header_id|>");
        } else {
            EXPECT_EQ(v.tokens[151643], "<|endoftext|>");
            EXPECT_EQ(v.tokens[151644], "<|im_start|>");
            EXPECT_EQ(v.tokens[151645], "<|im_end|>");
            EXPECT_EQ(v.eos, 151645);
            EXPECT_FALSE(v.addBos);
        }
    }
    EXPECT_EQ(byteSymbol(' '), "\xC4\xA0");   // U+0120 'Ġ'
    EXPECT_EQ(byteSymbol('\n'), "\xC4\x8A");  // U+010A 'Ċ'
    EXPECT_EQ(byteSymbol('a'), "a");
}

TEST(SynthTest, TinyModelRoundTrip) {
    const fs::path dir = fs::temp_directory_path() / ("peregrine_synth_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto shape = synthShape("tiny");
    ASSERT_TRUE(shape);
    for (SynthType type : {SynthType::F16, SynthType::Q8_0, SynthType::Q4_0, SynthType::Q4_K_M}) {
        const std::string path = (dir / "tiny.gguf").string();
        SynthOptions opt;
        opt.seed = 42;
        opt.threads = 3;
        auto report = synthesizeModel(*shape, type, path, opt);
        ASSERT_TRUE(report) << report.message();
        auto f = GgufFile::open(path);
        ASSERT_TRUE(f) << f.message();
        const GgufFile& g = **f;
        EXPECT_EQ(g.fileSize(), report->fileBytes);
        EXPECT_EQ(g.getString("general.architecture"), "llama");
        EXPECT_EQ(g.getUint("llama.embedding_length"), 256u);
        EXPECT_EQ(g.getUint("general.file_type"), synthFileType(type));
        EXPECT_EQ(g.getString("tokenizer.ggml.pre"), "llama-bpe");
        ASSERT_NE(g.getStringArray("tokenizer.ggml.tokens"), nullptr);
        EXPECT_EQ(g.getStringArray("tokenizer.ggml.tokens")->size(), 4096u);
        EXPECT_EQ(g.tensors().size(), report->tensors);
        EXPECT_EQ(g.tensor("output.weight"), nullptr);  // tied
        ASSERT_NE(g.tensor("rope_freqs.weight"), nullptr);
        // Weights: std ~0.02 after the round trip; norms exactly 1.
        const GgufTensorInfo* q = g.tensor("blk.1.attn_q.weight");
        ASSERT_NE(q, nullptr);
        std::vector<float> w(q->elements());
        const size_t rowBytes = ggmlRowBytes(q->type, q->ne[0]);
        for (int64_t r = 0; r < q->rows(); ++r)
            dequantizeRow(q->type, q->data + r * rowBytes, w.data() + r * q->ne[0], q->ne[0]);
        double sq = 0.0;
        for (float v : w) sq += static_cast<double>(v) * v;
        EXPECT_NEAR(std::sqrt(sq / w.size()), 0.02, 0.002) << ggmlTypeName(q->type);
        const GgufTensorInfo* norm = g.tensor("output_norm.weight");
        ASSERT_NE(norm, nullptr);
        EXPECT_EQ(norm->type, GgmlType::F32);
        EXPECT_EQ(reinterpret_cast<const float*>(norm->data)[7], 1.0f);
        // Same seed, other thread count: identical bytes.
        const std::string path2 = (dir / "tiny2.gguf").string();
        opt.threads = 1;
        ASSERT_TRUE(synthesizeModel(*shape, type, path2, opt));
        auto f2 = GgufFile::open(path2);
        ASSERT_TRUE(f2);
        const GgufTensorInfo* q2 = (*f2)->tensor("blk.1.attn_q.weight");
        EXPECT_EQ(std::memcmp(q->data, q2->data, q->nBytes), 0);
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace peregrine
