// Every GGUF of the conformance kit (real llama.cpp output) opens with the expected counts and keys, and our
// writer reproduces them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

namespace peregrine {
namespace {

struct Expected {
    const char* file;
    size_t tensors;
    size_t kvs;
    size_t vocab;
};

// Counts from the files' headers; vocab sizes from the conformance README.
constexpr Expected kFiles[] = {
    {"models/stories260K.gguf", 48, 19, 512},          {"models/tiny-llama3-q4_k_m.gguf", 39, 23, 128256},
    {"models/tiny-spm-f16.gguf", 38, 23, 32000},       {"models/tiny-spm-q4_0.gguf", 38, 24, 32000},
    {"models/tiny-spm-q4_k_m.gguf", 38, 24, 32000},    {"models/tiny-spm-q6_k.gguf", 38, 24, 32000},
    {"models/tiny-spm-q8_0.gguf", 38, 24, 32000},      {"vocab/ggml-vocab-llama-bpe.gguf", 0, 21, 128256},
    {"vocab/ggml-vocab-llama-spm.gguf", 0, 22, 32000},
};

std::filesystem::path kitDir() {
    return PEREGRINE_CONFORMANCE_DIR;
}

TEST(GgufConformance, EveryKitFileOpens) {
    if (!std::filesystem::exists(kitDir() / "models"))
        GTEST_SKIP() << "conformance kit not found at " << kitDir();
    for (const auto& e : kFiles) {
        SCOPED_TRACE(e.file);
        auto f = GgufFile::open((kitDir() / e.file).string());
        ASSERT_TRUE(f) << f.message();
        const GgufFile& g = *f.value();
        EXPECT_EQ(g.version(), 3u);
        EXPECT_EQ(g.tensors().size(), e.tensors);
        EXPECT_EQ(g.metadata().size(), e.kvs);
        EXPECT_EQ(g.getString("general.architecture"), "llama");
        const auto* tokens = g.getStringArray("tokenizer.ggml.tokens");
        ASSERT_NE(tokens, nullptr);
        EXPECT_EQ(tokens->size(), e.vocab);
        if (auto scores = g.getFloatArray("tokenizer.ggml.scores")) {
            EXPECT_EQ(scores->size(), e.vocab);
        }
        if (auto types = g.getInt32Array("tokenizer.ggml.token_type")) {
            EXPECT_EQ(types->size(), e.vocab);
        }
        for (const auto& t : g.tensors()) {
            EXPECT_NE(t.data, nullptr) << t.name;
            EXPECT_LE(g.dataOffset() + t.offset + t.nBytes, g.fileSize()) << t.name;
        }
        if (e.tensors > 0) {
            const GgufTensorInfo* embd = g.tensor("token_embd.weight");
            ASSERT_NE(embd, nullptr);
            EXPECT_EQ(embd->ne[1], static_cast<int64_t>(e.vocab));
            EXPECT_TRUE(g.getUint("llama.block_count").has_value());
        }
    }
}

TEST(GgufConformance, Stories260KDetails) {
    const auto path = kitDir() / "models/stories260K.gguf";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "conformance kit not found at " << kitDir();
    auto f = GgufFile::open(path.string());
    ASSERT_TRUE(f) << f.message();
    const GgufFile& g = *f.value();
    EXPECT_EQ(g.alignment(), 32u);
    EXPECT_EQ(g.getString("tokenizer.ggml.model"), "llama");
    int64_t params = 0;
    for (const auto& t : g.tensors()) {
        EXPECT_EQ(t.type, GgmlType::F32) << t.name;
        params += t.elements();
    }
    EXPECT_EQ(params, 292800);                      // README: 292,800 parameters
    ASSERT_NE(g.tensor("output.weight"), nullptr);  // untied output
}

// llama.cpp aligns tensor data to 32 bytes, so in tiny-llama3 every tensor starts half way into a cache line
// of the file. The in-memory copy a session computes from starts each one on a line (the decode kernels'
// 64-byte loads then read one line each), with the same bytes as the file.
TEST(GgufConformance, InMemoryCopyPutsTensorDataOnCacheLines) {
    const auto path = kitDir() / "models/tiny-llama3-q4_k_m.gguf";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "conformance kit not found at " << kitDir();
    auto mapped = GgufFile::open(path.string());
    auto copy = GgufFile::open(path.string(), Residency::InMemory);
    ASSERT_TRUE(mapped) << mapped.message();
    ASSERT_TRUE(copy) << copy.message();
    EXPECT_EQ((*mapped)->dataOffset() % 64, 32u) << "the kit file's own layout";
    ASSERT_EQ((*copy)->tensors().size(), (*mapped)->tensors().size());
    for (size_t i = 0; i < (*copy)->tensors().size(); ++i) {
        const GgufTensorInfo& c = (*copy)->tensors()[i];
        const GgufTensorInfo& m = (*mapped)->tensors()[i];
        SCOPED_TRACE(std::string(c.name));
        EXPECT_EQ(reinterpret_cast<uintptr_t>(c.data) % 64, 0u);
        ASSERT_EQ(c.nBytes, m.nBytes);
        EXPECT_TRUE(std::equal(c.data, c.data + c.nBytes, m.data));
    }
}

// Rewriting a llama.cpp-written file with GgufWriter reproduces it byte for byte (same layout, padding and
// encodings), which is the evidence that our writer's output is what llama.cpp reads.
TEST(GgufConformance, WriterReproducesKitFiles) {
    for (const char* name : {"models/stories260K.gguf", "vocab/ggml-vocab-llama-spm.gguf"}) {
        SCOPED_TRACE(name);
        const auto path = kitDir() / name;
        if (!std::filesystem::exists(path)) GTEST_SKIP() << "conformance kit not found at " << kitDir();
        auto f = GgufFile::open(path.string());
        ASSERT_TRUE(f) << f.message();
        const GgufFile& g = *f.value();
        GgufWriter w;
        w.setAlignment(g.alignment());
        for (const auto& kv : g.metadata()) ASSERT_TRUE(w.setValue(std::string(kv.key), kv.value));
        for (const auto& t : g.tensors()) {
            ASSERT_TRUE(w.addTensor(std::string(t.name), t.type, std::vector<int64_t>(t.ne, t.ne + t.nDims),
                                    std::vector<uint8_t>(t.data, t.data + t.nBytes)));
        }
        const std::vector<uint8_t> ours = w.toBytes();
        std::ifstream in(path, std::ios::binary);
        const std::vector<uint8_t> theirs((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
        // A vocab-only file may end before the final padding, which our writer always adds.
        ASSERT_GE(ours.size(), theirs.size());
        EXPECT_LT(ours.size() - theirs.size(), g.alignment());
        EXPECT_TRUE(std::equal(theirs.begin(), theirs.end(), ours.begin()));
        EXPECT_TRUE(std::all_of(ours.begin() + static_cast<std::ptrdiff_t>(theirs.size()), ours.end(),
                                [](uint8_t b) { return b == 0; }));
    }
}

}  // namespace
}  // namespace peregrine
