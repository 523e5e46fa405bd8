// Malformed headers and metadata (runtimes.md §5.4 advisories and reader rules): each case must be an error
// whose message names the problem, never a crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "gguf_bytes.h"

namespace peregrine::test {
namespace {

#define EXPECT_ERROR_MENTIONS(bytes, ...)                                  \
    do {                                                                   \
        const std::string msg_ = parseError(bytes);                        \
        EXPECT_TRUE(mentions(msg_, {__VA_ARGS__})) << "message: " << msg_; \
    } while (0)

TEST(GgufHeader, BadMagic) {
    GgufBytes b;
    b.raw("GGML").u32(3).u64(0).u64(0);
    EXPECT_ERROR_MENTIONS(b, "bad magic 'GGML'", "expected 'GGUF'");
}

TEST(GgufHeader, TooSmallForMagic) {
    for (std::string_view s : {"", "G", "GG", "GGU"}) {
        GgufBytes b;
        b.raw(s);
        EXPECT_ERROR_MENTIONS(b, "too small", "truncated");
    }
}

TEST(GgufHeader, Version0) {
    GgufBytes b;
    b.header(0, 0, 0);
    EXPECT_ERROR_MENTIONS(b, "invalid GGUF version 0");
}

TEST(GgufHeader, Version1Rejected) {
    GgufBytes b;
    b.header(0, 0, 1);
    EXPECT_ERROR_MENTIONS(b, "GGUF version 1 is not supported");
}

TEST(GgufHeader, Version4Rejected) {
    GgufBytes b;
    b.header(0, 0, 4);
    EXPECT_ERROR_MENTIONS(b, "GGUF version 4", "newer");
}

TEST(GgufHeader, ByteSwappedVersion) {
    GgufBytes b;
    b.header(0, 0, 0x03000000u);
    EXPECT_ERROR_MENTIONS(b, "byte-swapped", "big-endian");
}

TEST(GgufHeader, Version2And3Accepted) {
    for (uint32_t v : {2u, 3u}) {
        GgufBytes b;
        b.header(0, 1, v).kvString("general.architecture", "llama");
        auto f = b.parse();
        ASSERT_TRUE(f) << f.message();
        EXPECT_EQ(f.value()->version(), v);
        EXPECT_EQ(f.value()->getString("general.architecture"), "llama");
    }
}

TEST(GgufHeader, HugeKvCount) {  // CVE-2024-21825: n_kv * sizeof overflow
    GgufBytes b;
    b.header(0, 0x4000000000000001ull);
    EXPECT_ERROR_MENTIONS(b, "4611686018427387905 metadata entries");
}

TEST(GgufHeader, HugeTensorCount) {  // CVE-2024-21836: n_tensors * sizeof(tensor_info) overflow
    GgufBytes b;
    b.header(0x2000000000000000ull, 0);
    EXPECT_ERROR_MENTIONS(b, "2305843009213693952 tensors");
}

TEST(GgufHeader, CountsBeyondRemainingBytes) {
    GgufBytes b;
    b.header(100, 100).kvU32("a", 1);
    EXPECT_ERROR_MENTIONS(b, "truncated", "100 metadata entries and 100 tensors");
}

TEST(GgufMetadata, StringLengthAllOnes) {  // CVE-2024-23496: length ~2^64-1
    GgufBytes b;
    b.header(0, 1).key("general.name", GgufType::String).u64(~0ull).raw("x");
    EXPECT_ERROR_MENTIONS(b, "'general.name'", "18446744073709551615 bytes", "1 GiB string limit");
}

TEST(GgufMetadata, StringLength2Pow63) {
    GgufBytes b;
    b.header(0, 1).key("general.name", GgufType::String).u64(1ull << 63).raw("x");
    EXPECT_ERROR_MENTIONS(b, "9223372036854775808 bytes", "1 GiB string limit");
}

TEST(GgufMetadata, KeyLengthHuge) {
    GgufBytes b;
    b.header(0, 1).u64(~0ull - 7).raw("abcdefghijklmnop");
    EXPECT_ERROR_MENTIONS(b, "key of metadata entry #0", "1 GiB string limit");
}

TEST(GgufMetadata, HugeChatTemplateBeyondFile) {
    GgufBytes b;
    b.header(0, 1)
        .key("tokenizer.chat_template", GgufType::String)
        .u64(500'000'000)
        .raw("{% for m in messages %}");
    EXPECT_ERROR_MENTIONS(b, "'tokenizer.chat_template'", "claims 500000000 bytes", "truncated");
}

TEST(GgufMetadata, TokenStringOver2GB) {  // CVE-2025-49847: >2 GB token text
    GgufBytes b;
    b.header(0, 1).kvArray("tokenizer.ggml.tokens", GgufType::String, 2).str("a").u64(3ull << 30).raw("bbbb");
    EXPECT_ERROR_MENTIONS(b, "'tokenizer.ggml.tokens'", "3221225472 bytes", "1 GiB string limit",
                          "element 1 of 2");
}

TEST(GgufMetadata, ArrayCountOverflow) {  // CVE-2024-23605: count * element size overflows
    GgufBytes b;
    b.header(0, 1).kvArray("tokenizer.ggml.scores", GgufType::Float32, (1ull << 62) + 1).f32(1.0f);
    EXPECT_ERROR_MENTIONS(b, "'tokenizer.ggml.scores'", "claims 4611686018427387905 FLOAT32 elements");
}

TEST(GgufMetadata, StringArrayCountHuge) {
    GgufBytes b;
    b.header(0, 1).kvArray("tokenizer.ggml.tokens", GgufType::String, ~0ull).str("a");
    EXPECT_ERROR_MENTIONS(b, "'tokenizer.ggml.tokens'", "18446744073709551615 strings");
}

TEST(GgufMetadata, NestedArray) {
    GgufBytes b;
    b.header(0, 1)
        .kvArray("x.nested", GgufType::Array, 1)
        .u32(static_cast<uint32_t>(GgufType::UInt8))
        .u64(1)
        .u8(7);
    EXPECT_ERROR_MENTIONS(b, "'x.nested'", "nested arrays are not supported");
}

TEST(GgufMetadata, InvalidValueType) {
    GgufBytes b;
    b.header(0, 1).str("x.key").u32(13).u32(0);
    EXPECT_ERROR_MENTIONS(b, "'x.key'", "invalid value type 13");
}

TEST(GgufMetadata, InvalidArrayElementType) {
    GgufBytes b;
    b.header(0, 1).key("x.key", GgufType::Array).u32(99).u64(0);
    EXPECT_ERROR_MENTIONS(b, "'x.key'", "invalid element type 99");
}

TEST(GgufMetadata, BoolNotZeroOrOne) {
    GgufBytes b;
    b.header(0, 1).key("tokenizer.ggml.add_bos_token", GgufType::Bool).u8(2);
    EXPECT_ERROR_MENTIONS(b, "'tokenizer.ggml.add_bos_token'", "is 2 (must be 0 or 1)");
}

TEST(GgufMetadata, BoolArrayElementNotZeroOrOne) {
    GgufBytes b;
    b.header(0, 1).kvArray("x.flags", GgufType::Bool, 3).u8(1).u8(0).u8(255);
    EXPECT_ERROR_MENTIONS(b, "'x.flags'", "BOOL array element 2", "is 255");
}

TEST(GgufMetadata, DuplicateKey) {
    GgufBytes b;
    b.header(0, 2).kvU32("llama.block_count", 4).kvU32("llama.block_count", 5);
    EXPECT_ERROR_MENTIONS(b, "duplicate metadata key 'llama.block_count'", "first at byte offset 24");
}

TEST(GgufMetadata, EmptyKey) {
    GgufBytes b;
    b.header(0, 1).kvU32("", 4);
    EXPECT_ERROR_MENTIONS(b, "metadata entry #0", "empty key");
}

TEST(GgufMetadata, AlignmentAsInt32) {  // PR #26318: ggml asserts on this
    GgufBytes b;
    b.header(0, 1).key("general.alignment", GgufType::Int32).i32(32);
    EXPECT_ERROR_MENTIONS(b, "'general.alignment' must be UINT32 but is INT32");
}

TEST(GgufMetadata, AlignmentHuge) {  // PR #26318: 2^30 padding blow-up
    GgufBytes b;
    b.header(0, 1).kvU32("general.alignment", 1u << 30);
    EXPECT_ERROR_MENTIONS(b, "general.alignment 1073741824", "larger than the limit");
}

TEST(GgufMetadata, AlignmentNotPowerOfTwo) {
    for (uint32_t a : {0u, 24u, 33u}) {
        GgufBytes b;
        b.header(0, 1).kvU32("general.alignment", a);
        EXPECT_ERROR_MENTIONS(b, "general.alignment " + std::to_string(a), "not a power of two");
    }
}

TEST(GgufMetadata, ScoresDeclaredUint8AreNotReadAsFloats) {  // PR #26690: 4-byte stride over a 1-byte array
    GgufBytes b;
    b.header(0, 2).kvArray("tokenizer.ggml.scores", GgufType::UInt8, 3).u8(1).u8(2).u8(3);
    b.kvArray("tokenizer.ggml.token_type", GgufType::UInt8, 3).u8(1).u8(1).u8(1);
    auto f = b.parse();
    ASSERT_TRUE(f) << f.message();  // a well-formed array; only its consumers can reject the element type
    EXPECT_FALSE(f.value()->getFloatArray("tokenizer.ggml.scores"));
    EXPECT_FALSE(f.value()->getInt32Array("tokenizer.ggml.token_type"));
    EXPECT_FALSE(f.value()->getInt32Array("tokenizer.ggml.scores"));
    EXPECT_EQ(f.value()->find("tokenizer.ggml.scores")->arrayCount, 3u);
}

// The 1 GiB caps apply even when the file is big enough: a sparse 1.2 GiB file costs no disk or memory.
Result<std::unique_ptr<GgufFile>> openSparse(const GgufBytes& head, const std::string& name) {
    const std::string path = testing::TempDir() + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    std::fwrite(head.bytes().data(), 1, head.size(), f);
    std::fclose(f);
    EXPECT_EQ(::truncate(path.c_str(), (1ll << 30) + (200ll << 20)), 0);
    auto r = GgufFile::open(path);
    std::remove(path.c_str());
    return r;
}

TEST(GgufMetadata, StringOver1GiBInsideFile) {
    GgufBytes b;
    b.header(0, 1).key("tokenizer.chat_template", GgufType::String).u64((1ull << 30) + 1);
    auto r = openSparse(b, "peregrine_gguf_sparse_string.gguf");
    ASSERT_FALSE(r);
    EXPECT_TRUE(
        mentions(r.message(), {"'tokenizer.chat_template'", "1073741825 bytes", "1 GiB string limit"}))
        << r.message();
}

TEST(GgufMetadata, ArrayOver1GiBInsideFile) {
    GgufBytes b;
    b.header(0, 1).kvArray("x.big", GgufType::UInt8, (1ull << 30) + 1);
    auto r = openSparse(b, "peregrine_gguf_sparse_array.gguf");
    ASSERT_FALSE(r);
    EXPECT_TRUE(mentions(r.message(), {"'x.big'", "1073741825 UINT8 elements", "1 GiB array limit"}))
        << r.message();
}

}  // namespace
}  // namespace peregrine::test
