// Truncation at every byte of small valid files: every proper prefix must be an error that says the file is
// truncated (never a crash, never a silently shorter file).
#include <gtest/gtest.h>

#include "gguf/gguf_writer.h"
#include "gguf_bytes.h"

namespace peregrine::test {
namespace {

// Runs every proper prefix of `full` through the reader. The copy into an exact-size buffer lets ASan catch
// any read past the prefix.
void expectEveryPrefixFails(const std::vector<uint8_t>& full) {
    ASSERT_TRUE(GgufFile::fromMemory(full.data(), full.size())) << "the full file must be valid";
    for (size_t n = 0; n < full.size(); ++n) {
        std::vector<uint8_t> prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        auto f = GgufFile::fromMemory(prefix.data(), prefix.size());
        ASSERT_FALSE(f) << "prefix of " << n << " bytes was accepted";
        EXPECT_NE(f.message().find("truncated"), std::string::npos) << "prefix " << n << ": " << f.message();
    }
}

TEST(GgufTruncation, EveryPrefixOfHandBuiltFile) {
    GgufBytes b;
    b.header(2, 4)
        .kvString("general.architecture", "llama")
        .kvU32("llama.block_count", 1)
        .kvArray("tokenizer.ggml.tokens", GgufType::String, 3)
        .str("<s>")
        .str("a")
        .str("bc")
        .kvArray("tokenizer.ggml.scores", GgufType::Float32, 3)
        .f32(0)
        .f32(-1)
        .f32(-2);
    b.tensorInfo("token_embd.weight", {32, 3}, 8 /*Q8_0*/, 0).tensorInfo("output_norm.weight", {4}, 0, 128);
    b.padTo(32).zeros(128 + 16);  // 3 Q8_0 rows = 102 bytes padded to 128, then 4 floats; no trailing padding
    expectEveryPrefixFails(b.bytes());
}

TEST(GgufTruncation, EveryPrefixOfWriterFile) {
    GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setUint64("llama.context_length", 128);
    w.setBool("tokenizer.ggml.add_bos_token", true);
    w.setInt32Array("tokenizer.ggml.token_type", {1, 2, 3});
    w.setAlignment(64);
    ASSERT_TRUE(w.addTensor("a", GgmlType::F16, {8, 2}, std::vector<uint8_t>(32, 1)));
    ASSERT_TRUE(w.addTensor("b", GgmlType::Q4_0, {32}, std::vector<uint8_t>(18, 2)));
    std::vector<uint8_t> bytes = w.toBytes();
    // Drop the padding after the last tensor: the reader does not require it, so it is not a truncation.
    auto f = GgufFile::fromMemory(bytes.data(), bytes.size());
    ASSERT_TRUE(f) << f.message();
    const GgufTensorInfo* last = f.value()->tensor("b");
    bytes.resize(f.value()->dataOffset() + last->offset + last->nBytes);
    expectEveryPrefixFails(bytes);
}

}  // namespace
}  // namespace peregrine::test
