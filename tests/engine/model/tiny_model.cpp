#include "tiny_model.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "quant/quant.h"

namespace peregrine::testing {

namespace {

// SentencePiece vocab: <unk> <s> </s>, 256 byte tokens, ChatML markers, a few word pieces.
void addVocab(GgufWriter& w, int extraTokens) {
    std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
    std::vector<int32_t> types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "<0x%02X>", b);
        tokens.push_back(buf);
        types.push_back(6);
    }
    for (const char* t : {"<|im_start|>", "<|im_end|>"}) {
        tokens.push_back(t);
        types.push_back(3);
    }
    for (const char* t : {"\xE2\x96\x81",
                          "\xE2\x96\x81the",
                          "\xE2\x96\x81truck",
                          "\xE2\x96\x81road",
                          "\xE2\x96\x81is",
                          "\xE2\x96\x81long",
                          "user",
                          "system",
                          "assistant",
                          "e",
                          "t",
                          "o",
                          "a",
                          "s",
                          "r",
                          "n",
                          "i",
                          "h",
                          "l",
                          "d",
                          "u",
                          "c",
                          "k",
                          "g",
                          "y",
                          "w",
                          "m",
                          "p",
                          "f",
                          "b",
                          "v",
                          "."}) {
        tokens.push_back(t);
        types.push_back(1);
    }
    for (int i = 0; i < extraTokens; ++i) {
        tokens.push_back("<extra_" + std::to_string(i) + ">");
        types.push_back(4);  // user-defined: never produced by the merges
    }
    std::vector<float> scores(tokens.size());
    for (size_t i = 0; i < scores.size(); ++i)
        scores[i] = types[i] == 1 ? -static_cast<float>(i) * 0.01f : 0.0f;
    w.setString("tokenizer.ggml.model", "llama");
    w.setStringArray("tokenizer.ggml.tokens", tokens);
    w.setFloat32Array("tokenizer.ggml.scores", scores);
    w.setInt32Array("tokenizer.ggml.token_type", types);
    w.setUint32("tokenizer.ggml.bos_token_id", 1);
    w.setUint32("tokenizer.ggml.eos_token_id", 2);
    w.setUint32("tokenizer.ggml.unknown_token_id", 0);
    w.setBool("tokenizer.ggml.add_bos_token", true);
}

int vocabSize(int extraTokens) {
    return 3 + 256 + 2 + 32 + extraTokens;
}

// Control tokens (<unk>, <s>, </s>, ChatML markers) get zero output rows so random weights rarely pick them:
// generation tests then run to their token limit instead of stopping at an end-of-generation token.
bool isControlRow(int64_t r) {
    return r < 3 || r == 259 || r == 260;
}

std::vector<uint8_t> randomTensor(std::mt19937& rng, GgmlType type, int64_t ne0, int64_t ne1, float scale,
                                  bool zeroControlRows = false) {
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> values(static_cast<size_t>(ne0 * ne1));
    for (auto& v : values) v = dist(rng);
    if (zeroControlRows)
        for (int64_t r = 0; r < ne1; ++r)
            if (isControlRow(r)) std::fill(values.begin() + r * ne0, values.begin() + (r + 1) * ne0, 0.0f);
    std::vector<uint8_t> bytes(ggmlRowBytes(type, ne0) * static_cast<size_t>(ne1));
    for (int64_t r = 0; r < ne1; ++r)
        quantizeRow(type, values.data() + r * ne0, bytes.data() + r * ggmlRowBytes(type, ne0), ne0);
    return bytes;
}

}  // namespace

GgufWriter buildTinyModel(const TinyModelSpec& s) {
    GgufWriter w;
    const std::string a = s.arch;
    const int headDim = s.embd / s.heads;
    const int kvDim = headDim * s.kvHeads;
    const int vocab = vocabSize(s.extraTokens);
    w.setString("general.architecture", a);
    w.setString("general.name", "tiny-" + a);
    w.setUint32(a + ".context_length", static_cast<uint32_t>(s.context));
    w.setUint32(a + ".embedding_length", static_cast<uint32_t>(s.embd));
    w.setUint32(a + ".block_count", static_cast<uint32_t>(s.layers));
    w.setUint32(a + ".feed_forward_length", static_cast<uint32_t>(s.ff));
    w.setUint32(a + ".attention.head_count", static_cast<uint32_t>(s.heads));
    w.setUint32(a + ".attention.head_count_kv", static_cast<uint32_t>(s.kvHeads));
    w.setUint32(a + ".rope.dimension_count", static_cast<uint32_t>(headDim));
    w.setFloat32(a + ".attention.layer_norm_rms_epsilon", 1e-5f);
    w.setFloat32(a + ".rope.freq_base", 10000.0f);
    addVocab(w, s.extraTokens);

    std::mt19937 rng(s.seed);
    auto add = [&](const std::string& name, GgmlType type, int64_t ne0, int64_t ne1, float scale,
                   bool zeroControl = false) {
        if (name == s.skipTensor) return;
        std::vector<int64_t> ne = ne1 == 1 ? std::vector<int64_t>{ne0} : std::vector<int64_t>{ne0, ne1};
        (void)w.addTensor(name, type, ne, randomTensor(rng, type, ne0, ne1, scale, zeroControl));
    };
    auto addOnes = [&](const std::string& name, int64_t n, float jitter) {
        if (name == s.skipTensor) return;
        std::normal_distribution<float> dist(1.0f, jitter);
        std::vector<float> v(static_cast<size_t>(n));
        for (auto& x : v) x = dist(rng);
        std::vector<uint8_t> bytes(v.size() * 4);
        std::memcpy(bytes.data(), v.data(), bytes.size());
        (void)w.addTensor(name, GgmlType::F32, {n}, bytes);
    };
    const GgmlType t = s.matrixType;
    add("token_embd.weight", t, s.embd, vocab, 1.0f, s.tiedOutput);
    addOnes("output_norm.weight", s.embd, 0.1f);
    if (!s.tiedOutput) add("output.weight", t, s.embd, vocab, 0.3f, true);
    if (s.ropeFreqs) addOnes("rope_freqs.weight", headDim / 2, 0.5f);
    for (int l = 0; l < s.layers; ++l) {
        const std::string p = "blk." + std::to_string(l) + ".";
        addOnes(p + "attn_norm.weight", s.embd, 0.1f);
        add(p + "attn_q.weight", t, s.embd, s.embd, 0.3f);
        add(p + "attn_k.weight", t, s.embd, kvDim, 0.3f);
        add(p + "attn_v.weight", t, s.embd, kvDim, 0.3f);
        add(p + "attn_output.weight", t, s.embd, s.embd, 0.2f);
        if (s.biases) {
            add(p + "attn_q.bias", GgmlType::F32, s.embd, 1, 0.1f);
            add(p + "attn_k.bias", GgmlType::F32, kvDim, 1, 0.1f);
            add(p + "attn_v.bias", GgmlType::F32, kvDim, 1, 0.1f);
        }
        addOnes(p + "ffn_norm.weight", s.embd, 0.1f);
        add(p + "ffn_gate.weight", t, s.embd, s.ff, 0.3f);
        add(p + "ffn_up.weight", t, s.embd, s.ff, 0.3f);
        add(p + "ffn_down.weight", t, s.ff, s.embd, 0.2f);
    }
    if (s.tweak) s.tweak(w);
    return w;
}

std::filesystem::path writeTinyModel(const TinyModelSpec& spec, const std::string& fileName) {
    const auto dir = std::filesystem::temp_directory_path() / "peregrine-model-tests";
    std::filesystem::create_directories(dir);
    const auto path = dir / fileName;
    const Status s = buildTinyModel(spec).write(path.string());
    if (!s) std::fprintf(stderr, "writeTinyModel: %s\n", s.message().c_str());
    return path;
}

std::vector<int32_t> randomTokens(int n, int vocab, uint32_t seed) {
    std::vector<int32_t> t(static_cast<size_t>(n));
    for (auto& v : t) {
        seed = seed * 1664525u + 1013904223u;
        v = 3 + static_cast<int32_t>((seed >> 8) % static_cast<uint32_t>(vocab - 3));
    }
    return t;
}

std::unique_ptr<TinyTransformer> TinyTransformer::open(const TinyModelSpec& spec, const std::string& fileName,
                                                       int contextLength) {
    return load(writeTinyModel(spec, fileName).string(), Residency::Mapped, contextLength);
}

std::unique_ptr<TinyTransformer> TinyTransformer::load(const std::string& path, Residency residency,
                                                       int contextLength) {
    auto t = std::make_unique<TinyTransformer>();
    auto file = GgufFile::open(path, residency);
    EXPECT_TRUE(file.isOk()) << file.message();
    if (!file) return nullptr;
    t->file = std::move(file).value();
    auto info = readModelInfo(*t->file);
    EXPECT_TRUE(info.isOk()) << info.message();
    if (!info) return nullptr;
    t->info = std::move(info).value();
    auto model = Transformer::create(*t->file, t->info, contextLength, t->pool);
    EXPECT_TRUE(model.isOk()) << model.message();
    if (!model) return nullptr;
    t->model = std::move(model).value();
    return t;
}

}  // namespace peregrine::testing
