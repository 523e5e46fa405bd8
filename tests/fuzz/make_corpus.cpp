// Writes the seed corpus for gguf_fuzz into a folder: small valid GGUF files from GgufWriter (every value
// type, several tensor types, alignments, v2) and malformed variants (the runtimes.md §5.4 cases,
// truncations). Usage: make_gguf_corpus OUT_DIR
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "gguf/gguf_writer.h"
#include "gguf_bytes.h"

using namespace peregrine;
using peregrine::test::GgufBytes;

namespace {

int g_count = 0;
std::filesystem::path g_dir;

void save(const std::string& name, const std::vector<uint8_t>& bytes) {
    const auto path = g_dir / (std::to_string(g_count++) + "_" + name + ".gguf");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::perror(path.c_str());
        std::exit(1);
    }
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

std::vector<uint8_t> filled(size_t n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 13);
    return v;
}

std::vector<uint8_t> llamaLike(uint32_t alignment) {
    GgufWriter w;
    w.setString("general.architecture", "llama");
    w.setUint32("llama.block_count", 1);
    w.setUint64("llama.context_length", 64);
    w.setFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.setString("tokenizer.ggml.model", "llama");
    w.setStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "\xe2\x96\x81the", "a"});
    w.setFloat32Array("tokenizer.ggml.scores", {0, 0, 0, -1.5f, -2});
    w.setInt32Array("tokenizer.ggml.token_type", {2, 3, 3, 1, 1});
    w.setUint32("tokenizer.ggml.bos_token_id", 1);
    w.setBool("tokenizer.ggml.add_bos_token", true);
    w.setString("tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}");
    w.setAlignment(alignment);
    w.addTensor("token_embd.weight", GgmlType::Q8_0, {32, 5}, filled(34 * 5, 1));
    w.addTensor("blk.0.attn_q.weight", GgmlType::Q4_0, {32, 2}, filled(18 * 2, 2));
    w.addTensor("blk.0.ffn_up.weight", GgmlType::Q4_K, {256}, filled(144, 3));
    w.addTensor("blk.0.ffn_down.weight", GgmlType::Q6_K, {256}, filled(210, 4));
    w.addTensor("output_norm.weight", GgmlType::F32, {32}, filled(128, 5));
    w.addTensor("output.weight", GgmlType::F16, {32, 2}, filled(128, 6));
    return w.toBytes();
}

void validFiles() {
    GgufWriter minimal;
    minimal.setString("general.architecture", "llama");
    save("minimal", minimal.toBytes());

    GgufWriter all;
    all.setUint8("t.u8", 200);
    all.setInt8("t.i8", -3);
    all.setUint16("t.u16", 60000);
    all.setInt16("t.i16", -300);
    all.setUint32("t.u32", 7);
    all.setInt32("t.i32", -7);
    all.setFloat32("t.f32", 0.25f);
    all.setBool("t.bool", false);
    all.setString("t.str", "x");
    all.setUint64("t.u64", 1ull << 40);
    all.setInt64("t.i64", -(1ll << 40));
    all.setFloat64("t.f64", 3.0);
    all.setArray("t.bools", GgufType::Bool, 3, {0, 1, 0});
    all.setArray("t.i16s", GgufType::Int16, 2, {1, 0, 0xff, 0xff});
    all.addTensor("w", GgmlType::BF16, {2, 2}, filled(8, 9));
    save("all_types", all.toBytes());

    save("llama_a32", llamaLike(32));
    save("llama_a64", llamaLike(64));
    auto v2 = llamaLike(32);
    v2[4] = 2;
    save("llama_v2", v2);

    GgufWriter vocab;  // vocab-only, ends without padding like llama.cpp's
    vocab.setString("tokenizer.ggml.model", "gpt2");
    vocab.setStringArray("tokenizer.ggml.tokens", {"a", "b", "ab"});
    vocab.setStringArray("tokenizer.ggml.merges", {"a b"});
    auto bytes = vocab.toBytes();
    while (!bytes.empty() && bytes.back() == 0) bytes.pop_back();
    save("vocab_only", bytes);
}

void malformedFiles() {
    const auto base = llamaLike(32);
    for (size_t cut :
         {size_t{3}, size_t{10}, size_t{30}, base.size() / 3, base.size() / 2, base.size() - 1}) {
        save("truncated_" + std::to_string(cut), std::vector<uint8_t>(base.begin(), base.begin() + cut));
    }
    auto b = [](auto&& build) {
        GgufBytes g;
        build(g);
        return g.bytes();
    };
    save("bad_magic", b([](GgufBytes& g) { g.raw("GGML").u32(3).u64(0).u64(0); }));
    save("version1", b([](GgufBytes& g) { g.header(0, 0, 1); }));
    save("byteswapped", b([](GgufBytes& g) { g.header(0, 0, 0x03000000u); }));
    save("huge_kv", b([](GgufBytes& g) { g.header(0, ~0ull); }));
    save("huge_tensors", b([](GgufBytes& g) { g.header(~0ull >> 3, 0); }));
    save("string_len_max",
         b([](GgufBytes& g) { g.header(0, 1).key("k", GgufType::String).u64(~0ull).raw("x"); }));
    save("array_overflow",
         b([](GgufBytes& g) { g.header(0, 1).kvArray("k", GgufType::Float32, (1ull << 62) + 1).f32(0); }));
    save("nested_array",
         b([](GgufBytes& g) { g.header(0, 1).kvArray("k", GgufType::Array, 1).u32(0).u64(1).u8(1); }));
    save("bool_2", b([](GgufBytes& g) { g.header(0, 1).key("k", GgufType::Bool).u8(2); }));
    save("dup_key", b([](GgufBytes& g) { g.header(0, 2).kvU32("k", 1).kvU32("k", 2); }));
    save("align_int32",
         b([](GgufBytes& g) { g.header(0, 1).key("general.alignment", GgufType::Int32).i32(32); }));
    save("align_huge", b([](GgufBytes& g) { g.header(0, 1).kvU32("general.alignment", 1u << 30); }));
    save("scores_u8", b([](GgufBytes& g) {
             g.header(0, 1).kvArray("tokenizer.ggml.scores", GgufType::UInt8, 2).u8(1).u8(2);
         }));
    auto tensor = [&](const char* name, std::vector<int64_t> ne, uint32_t type, uint64_t offset) {
        save(name,
             b([&](GgufBytes& g) { g.header(1, 0).tensorInfo("w", ne, type, offset).padTo(32).zeros(64); }));
    };
    tensor("ndims5", {1, 1, 1, 1, 1}, 0, 0);
    tensor("negative_ne", {4, -1}, 0, 0);
    tensor("nbytes_overflow", {1ll << 22, (1ll << 42) + 1}, 0, 0);
    tensor("ne0_block", {33}, 2, 0);
    tensor("removed_type", {32}, 31, 0);
    tensor("negative_type", {32}, 0xffffffffu, 0);
    tensor("misaligned", {4}, 0, 4);
    tensor("past_eof", {4096}, 0, 0);
    save("dup_tensor", b([](GgufBytes& g) {
             g.header(2, 0).tensorInfo("w", {8}, 0, 0).tensorInfo("w", {8}, 0, 32).padTo(32).zeros(64);
         }));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    g_dir = argv[1];
    std::filesystem::create_directories(g_dir);
    validFiles();
    malformedFiles();
    std::printf("wrote %d seed files to %s\n", g_count, argv[1]);
    return 0;
}
