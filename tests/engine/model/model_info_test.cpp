// ModelInfo: hyper-parameters and tensor summary from metadata, and a readable error for every way a file
// can be unusable (architecture, keys, layer count, tensor presence, shape, type).
#include <gtest/gtest.h>

#include <filesystem>

#include "gguf/gguf_file.h"
#include "model/model_info.h"
#include "tiny_model.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;

namespace {

Result<ModelInfo> infoOf(const TinyModelSpec& spec) {
    static std::vector<std::vector<uint8_t>> keepAlive;  // GgufFile::fromMemory does not copy
    keepAlive.push_back(peregrine::testing::buildTinyModel(spec).toBytes());
    auto file = GgufFile::fromMemory(keepAlive.back().data(), keepAlive.back().size());
    if (!file) return file.status();
    return readModelInfo(**file);
}

std::string errorOf(const TinyModelSpec& spec) {
    auto info = infoOf(spec);
    return info ? std::string("(no error)") : info.message();
}

}  // namespace

TEST(ModelInfo, ReadsTinyLlama) {
    auto info = infoOf(TinyModelSpec{});
    ASSERT_TRUE(info.isOk()) << info.message();
    EXPECT_EQ(info->architecture, "llama");
    EXPECT_EQ(info->name, "tiny-llama");
    EXPECT_EQ(info->nLayer, 2);
    EXPECT_EQ(info->nEmbd, 32);
    EXPECT_EQ(info->nHead, 4);
    EXPECT_EQ(info->nHeadKv, 2);
    EXPECT_EQ(info->headDim, 8);
    EXPECT_EQ(info->nFf, 64);
    EXPECT_EQ(info->contextLength, 256);
    EXPECT_EQ(info->nVocab, 293);
    EXPECT_EQ(info->ropeType, RopeType::Norm);
    EXPECT_FALSE(info->tiedOutput);
    EXPECT_FALSE(info->hasChatTemplate);
    EXPECT_EQ(info->chatFamily, ChatFamily::ChatML);
    EXPECT_EQ(info->fileType, "F32");  // no general.file_type: the dominant tensor type
    ASSERT_EQ(info->tensorTypes.size(), 1u);
    EXPECT_EQ(info->tensorTypes[0].count, 3 + 2 * 9);
    // K and V, F16, 2 layers x 100 tokens x kvDim 16.
    EXPECT_EQ(info->kvCacheBytes(100), 2ull * 2 * 100 * 16 * 2);
    EXPECT_GT(info->estimatedMemoryBytes(100), info->weightBytes + info->kvCacheBytes(100));
}

TEST(ModelInfo, TiedOutputAndQwen2) {
    TinyModelSpec tied;
    tied.tiedOutput = true;
    auto info = infoOf(tied);
    ASSERT_TRUE(info.isOk()) << info.message();
    EXPECT_TRUE(info->tiedOutput);

    TinyModelSpec qwen;
    qwen.arch = "qwen2";
    qwen.biases = true;
    auto q = infoOf(qwen);
    ASSERT_TRUE(q.isOk()) << q.message();
    EXPECT_EQ(q->ropeType, RopeType::Neox);
}

TEST(ModelInfo, FileTypeLabels) {
    EXPECT_EQ(fileTypeLabel(0), "F32");
    EXPECT_EQ(fileTypeLabel(2), "Q4_0");
    EXPECT_EQ(fileTypeLabel(15), "Q4_K_M");
    EXPECT_EQ(fileTypeLabel(18), "Q6_K");
    EXPECT_EQ(fileTypeLabel(1000), "");
}

TEST(ModelInfoErrors, UnknownArchitecture) {
    TinyModelSpec s;
    s.tweak = [](GgufWriter& w) { w.setString("general.architecture", "mamba"); };
    EXPECT_NE(errorOf(s).find("unsupported architecture 'mamba'"), std::string::npos) << errorOf(s);
}

TEST(ModelInfoErrors, MissingKey) {
    TinyModelSpec s;
    s.tweak = [](GgufWriter& w) { w.setString("general.architecture", "qwen2"); };  // keys say llama.*
    EXPECT_NE(errorOf(s).find("missing metadata key 'qwen2."), std::string::npos) << errorOf(s);
}

TEST(ModelInfoErrors, TooManyLayers) {
    TinyModelSpec s;
    s.tweak = [](GgufWriter& w) { w.setUint32("llama.block_count", 600); };
    EXPECT_NE(errorOf(s).find("512"), std::string::npos) << errorOf(s);
}

TEST(ModelInfoErrors, MissingTensor) {
    TinyModelSpec s;
    s.skipTensor = "blk.1.ffn_up.weight";
    EXPECT_NE(errorOf(s).find("'blk.1.ffn_up.weight'"), std::string::npos) << errorOf(s);
}

TEST(ModelInfoErrors, Qwen2NeedsBiases) {
    TinyModelSpec s;
    s.arch = "qwen2";
    EXPECT_NE(errorOf(s).find("'blk.0.attn_q.bias'"), std::string::npos) << errorOf(s);
}

TEST(ModelInfoErrors, ShapeMismatchNamesTensorAndShapes) {
    TinyModelSpec s;
    s.skipTensor = "blk.0.attn_k.weight";
    s.tweak = [](GgufWriter& w) {
        (void)w.addTensor("blk.0.attn_k.weight", GgmlType::F32, {32, 32}, std::vector<uint8_t>(32 * 32 * 4));
    };
    const std::string e = errorOf(s);
    EXPECT_NE(e.find("tensor 'blk.0.attn_k.weight' has shape [32, 32], expected [32, 16]"), std::string::npos)
        << e;
}

TEST(ModelInfoErrors, UnsupportedTensorType) {
    TinyModelSpec s;
    s.skipTensor = "blk.0.attn_q.weight";
    s.tweak = [](GgufWriter& w) {
        (void)w.addTensor("blk.0.attn_q.weight", GgmlType::IQ4_NL, {32, 32}, std::vector<uint8_t>(18 * 32));
    };
    const std::string e = errorOf(s);
    EXPECT_NE(e.find("'blk.0.attn_q.weight' has type IQ4_NL"), std::string::npos) << e;
}

TEST(ModelInfoKit, RealFiles) {
    const std::filesystem::path kit = PEREGRINE_CONFORMANCE_DIR;
    if (!std::filesystem::exists(kit / "models")) GTEST_SKIP() << "conformance kit not found at " << kit;
    auto llama3 = GgufFile::open((kit / "models" / "tiny-llama3-q4_k_m.gguf").string());
    ASSERT_TRUE(llama3.isOk()) << llama3.message();
    auto info = readModelInfo(**llama3);
    ASSERT_TRUE(info.isOk()) << info.message();
    EXPECT_TRUE(info->hasRopeFreqs);
    EXPECT_TRUE(info->tiedOutput);
    EXPECT_EQ(info->nVocab, 128256);
    EXPECT_EQ(info->chatFamily, ChatFamily::Llama3);
    EXPECT_EQ(info->fileType, "Q4_K_M");
    EXPECT_FLOAT_EQ(info->ropeFreqBase, 500000.0f);

    auto stories = GgufFile::open((kit / "models" / "stories260K.gguf").string());
    ASSERT_TRUE(stories.isOk());
    auto s = readModelInfo(**stories);
    ASSERT_TRUE(s.isOk()) << s.message();
    EXPECT_FALSE(s->tiedOutput);
    EXPECT_EQ(s->nVocab, 512);
    EXPECT_EQ(s->fileType, "F32");
    EXPECT_EQ(s->nParams, 292800u);
}
