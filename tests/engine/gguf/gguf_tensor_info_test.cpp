// Malformed tensor infos and data layout: shapes, types, names, offsets and extents.
#include <gtest/gtest.h>

#include "gguf_bytes.h"

namespace peregrine::test {
namespace {

#define EXPECT_ERROR_MENTIONS(bytes, ...)                                  \
    do {                                                                   \
        const std::string msg_ = parseError(bytes);                        \
        EXPECT_TRUE(mentions(msg_, {__VA_ARGS__})) << "message: " << msg_; \
    } while (0)

constexpr uint32_t kF32 = 0, kQ4_0 = 2, kQ8_0 = 8, kF64 = 28;

TEST(GgufTensorInfo, ValidSingleTensor) {
    auto b = oneTensorFile("w", {4, 2}, kF32, 0, 32);
    auto f = b.parse();
    ASSERT_TRUE(f) << f.message();
    const GgufTensorInfo* t = f.value()->tensor("w");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->nBytes, 32u);
    EXPECT_EQ(t->elements(), 8);
    EXPECT_EQ(t->data, b.bytes().data() + f.value()->dataOffset());
}

TEST(GgufTensorInfo, NDimsZero) {
    GgufBytes b;
    b.header(1, 0).str("w").u32(0).u32(kF32).u64(0).padTo(32).zeros(32);
    EXPECT_ERROR_MENTIONS(b, "tensor 'w'", "n_dims 0 (must be 1..4)");
}

TEST(GgufTensorInfo, NDims5To255) {  // CVE-2024-21802: ne written past GGML_MAX_DIMS
    for (uint32_t n : {5u, 8u, 255u}) {
        GgufBytes b;
        b.header(1, 0).str("w").u32(n);
        for (uint32_t d = 0; d < n; ++d) b.i64(1);
        b.u32(kF32).u64(0).padTo(32).zeros(4);
        EXPECT_ERROR_MENTIONS(b, "tensor 'w'", "n_dims " + std::to_string(n));
    }
}

TEST(GgufTensorInfo, NegativeNe) {
    EXPECT_ERROR_MENTIONS(oneTensorFile("blk.0.attn_q.weight", {4, -2}, kF32, 0, 32), "'blk.0.attn_q.weight'",
                          "negative dimension ne[1] = -2");
}

TEST(GgufTensorInfo, ElementCountOverflow) {  // CVE-2026-33298: ne[1] = 2^42 + 1
    EXPECT_ERROR_MENTIONS(oneTensorFile("token_embd.weight", {1ll << 22, (1ll << 42) + 1}, kF32, 0, 64),
                          "'token_embd.weight'", "too many elements", "overflows");
}

TEST(GgufTensorInfo, ZeroDimDoesNotHideOverflow) {  // fuzz finding: rows() overflowed when ne[0] == 0
    EXPECT_ERROR_MENTIONS(oneTensorFile("w", {0, 3ll << 32, 6ll << 32}, kF32, 0, 64), "tensor 'w'",
                          "too many elements");
}

TEST(GgufTensorInfo, ByteSizeOverflow) {  // CVE-2025-53630 family: elements fit int64, bytes do not
    EXPECT_ERROR_MENTIONS(oneTensorFile("w", {1ll << 31, 1ll << 31}, kF64, 0, 64), "tensor 'w'",
                          "byte size overflows");
}

TEST(GgufTensorInfo, HugeButRepresentableSizeIsTruncation) {
    EXPECT_ERROR_MENTIONS(oneTensorFile("output.weight", {32, (1ll << 42) + 1}, kQ8_0, 0, 64),
                          "truncated file: tensor 'output.weight' needs bytes", "incomplete download?");
}

TEST(GgufTensorInfo, Ne0NotMultipleOfBlockSize) {
    EXPECT_ERROR_MENTIONS(oneTensorFile("blk.0.ffn_up.weight", {33, 2}, kQ4_0, 0, 64),
                          "'blk.0.ffn_up.weight'", "Q4_0", "ne[0] = 33",
                          "not a multiple of the block size 32");
}

TEST(GgufTensorInfo, RemovedTypes) {
    for (uint32_t id : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u}) {
        EXPECT_ERROR_MENTIONS(oneTensorFile("blk.1.attn_k.weight", {32}, id, 0, 64), "'blk.1.attn_k.weight'",
                              "type id " + std::to_string(id), "removed");
    }
}

TEST(GgufTensorInfo, NegativeType) {
    EXPECT_ERROR_MENTIONS(oneTensorFile("w", {32}, 0xffffffffu, 0, 64), "tensor 'w'", "invalid type id -1");
}

TEST(GgufTensorInfo, OutOfRangeTypes) {
    for (uint32_t id : {43u, 44u, 1000u, 0x7fffffffu}) {
        EXPECT_ERROR_MENTIONS(oneTensorFile("w", {256}, id, 0, 2048), "tensor 'w'",
                              "unknown type id " + std::to_string(id));
    }
}

TEST(GgufTensorInfo, NameOf64BytesRejected) {
    const std::string name63(63, 'n'), name64(64, 'n');
    EXPECT_TRUE(oneTensorFile(name63, {1}, kF32, 0, 4).parse());
    EXPECT_ERROR_MENTIONS(oneTensorFile(name64, {1}, kF32, 0, 4), "is 64 bytes", "shorter than 64 bytes");
}

TEST(GgufTensorInfo, EmptyName) {
    EXPECT_ERROR_MENTIONS(oneTensorFile("", {1}, kF32, 0, 4), "tensor #0", "empty name");
}

TEST(GgufTensorInfo, DuplicateName) {
    GgufBytes b;
    b.header(2, 0).tensorInfo("w", {8}, kF32, 0).tensorInfo("w", {8}, kF32, 32).padTo(32).zeros(64);
    EXPECT_ERROR_MENTIONS(b, "duplicate tensor name 'w'", "tensor #1", "first defined as tensor #0");
}

TEST(GgufTensorInfo, MisalignedOffset) {
    GgufBytes b;
    b.header(2, 0).tensorInfo("a", {8}, kF32, 0).tensorInfo("b", {8}, kF32, 36).padTo(32).zeros(96);
    EXPECT_ERROR_MENTIONS(b, "tensor 'b'", "data offset 36", "not a multiple of the alignment 32");
}

TEST(GgufTensorInfo, NonContiguousOffset) {
    GgufBytes b;
    b.header(2, 0).tensorInfo("a", {8}, kF32, 0).tensorInfo("b", {8}, kF32, 64).padTo(32).zeros(96);
    EXPECT_ERROR_MENTIONS(b, "tensor 'b'", "data offset 64 but 32 was expected", "leaves a gap");
}

TEST(GgufTensorInfo, OverlappingOffset) {
    GgufBytes b;
    b.header(2, 0).tensorInfo("a", {16}, kF32, 0).tensorInfo("b", {8}, kF32, 0).padTo(32).zeros(96);
    EXPECT_ERROR_MENTIONS(b, "tensor 'b'", "data offset 0 but 64 was expected",
                          "overlaps the previous tensor");
}

TEST(GgufTensorInfo, OutOfOrderOffsets) {
    GgufBytes b;
    b.header(2, 0).tensorInfo("a", {8}, kF32, 32).tensorInfo("b", {8}, kF32, 0).padTo(32).zeros(64);
    EXPECT_ERROR_MENTIONS(b, "tensor 'a'", "data offset 32 but 0 was expected", "contiguous, in file order");
}

TEST(GgufTensorInfo, OffsetPastEndOfFile) {
    GgufBytes b;
    b.header(1, 0).tensorInfo("a", {8}, kF32, 1ull << 62).padTo(32).zeros(32);
    EXPECT_ERROR_MENTIONS(b, "tensor 'a'", "data offset 4611686018427387904 but 0 was expected");
}

TEST(GgufTensorInfo, TruncatedDataNamesFirstTensorPastEnd) {
    GgufBytes b;
    b.header(3, 0)
        .tensorInfo("blk.2.ffn_down.weight", {8}, kF32, 0)
        .tensorInfo("blk.3.ffn_down.weight", {64}, kF32, 32)
        .tensorInfo("output.weight", {8}, kF32, 288);
    b.padTo(32);
    const size_t dataStart = b.size();
    b.zeros(32 + 100);  // the second tensor needs 256 bytes at data offset 32
    const std::string expected = "truncated file: tensor 'blk.3.ffn_down.weight' needs bytes " +
                                 std::to_string(dataStart + 32) + ".." +
                                 std::to_string(dataStart + 32 + 256) + " but the file ends at " +
                                 std::to_string(b.size()) + " (incomplete download?)";
    EXPECT_EQ(parseError(b), expected);
}

TEST(GgufTensorInfo, ZeroTensorFileMayEndBeforePadding) {  // llama.cpp's vocab-only files do
    GgufBytes b;
    b.header(0, 1).kvString("tokenizer.ggml.model", "llama");
    auto f = b.parse();
    ASSERT_TRUE(f) << f.message();
    EXPECT_TRUE(f.value()->tensors().empty());
}

TEST(GgufTensorInfo, EmptyTensorAllowed) {
    auto b = oneTensorFile("empty", {0, 4}, kF32, 0, 0);
    auto f = b.parse();
    ASSERT_TRUE(f) << f.message();
    EXPECT_EQ(f.value()->tensor("empty")->nBytes, 0u);
}

}  // namespace
}  // namespace peregrine::test
