// GgufWriter -> GgufFile round trips: every value type, several tensor types, alignment, file output, and the
// typed getters' conversion rules.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "gguf/gguf_writer.h"

namespace peregrine {
namespace {

// Parsed view plus the bytes it points into (fromMemory does not copy: the buffer must outlive the file).
struct Reread {
    std::vector<uint8_t> bytes;
    std::unique_ptr<GgufFile> file;
    const GgufFile* operator->() const { return file.get(); }
    explicit operator bool() const { return file != nullptr; }
};

Reread reread(std::vector<uint8_t> bytes) {
    Reread r{std::move(bytes), nullptr};
    auto f = GgufFile::fromMemory(r.bytes.data(), r.bytes.size());
    EXPECT_TRUE(f) << f.message();
    if (f) r.file = std::move(f.value());
    return r;
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
    std::vector<uint8_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7);
    return v;
}

TEST(GgufRoundTrip, EveryValueType) {
    GgufWriter w;
    w.setUint8("t.u8", 250);
    w.setInt8("t.i8", -100);
    w.setUint16("t.u16", 65000);
    w.setInt16("t.i16", -32000);
    w.setUint32("t.u32", 4000000000u);
    w.setInt32("t.i32", -2000000000);
    w.setFloat32("t.f32", 1.5f);
    w.setBool("t.bool", true);
    w.setString("t.str", "héllo\nworld");
    w.setUint64("t.u64", 18000000000000000000ull);
    w.setInt64("t.i64", -9000000000000000000ll);
    w.setFloat64("t.f64", 2.25);
    w.setStringArray("t.strs", {"<s>", "", "▁the"});
    w.setFloat32Array("t.f32s", {0.0f, -1.25f, 3.5f});
    w.setInt32Array("t.i32s", {1, -2, 3});
    ASSERT_TRUE(w.setArray("t.u16s", GgufType::UInt16, 2, {1, 0, 2, 1}));
    ASSERT_TRUE(w.setArray("t.bools", GgufType::Bool, 2, {1, 0}));
    ASSERT_TRUE(w.setArray("t.u32s", GgufType::UInt32, 1, {5, 0, 0, 0}));
    auto f = reread(w.toBytes());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->version(), 3u);
    EXPECT_EQ(f->metadata().size(), 18u);
    EXPECT_EQ(f->getUint("t.u8"), 250u);
    EXPECT_EQ(f->getInt("t.i8"), -100);
    EXPECT_EQ(f->getUint("t.u16"), 65000u);
    EXPECT_EQ(f->getInt("t.i16"), -32000);
    EXPECT_EQ(f->getUint("t.u32"), 4000000000u);
    EXPECT_EQ(f->getInt("t.i32"), -2000000000);
    EXPECT_EQ(f->getFloat("t.f32"), 1.5);
    EXPECT_EQ(f->getBool("t.bool"), true);
    EXPECT_EQ(f->getString("t.str"), "héllo\nworld");
    EXPECT_EQ(f->getUint("t.u64"), 18000000000000000000ull);
    EXPECT_EQ(f->getInt("t.i64"), -9000000000000000000ll);
    EXPECT_EQ(f->getFloat("t.f64"), 2.25);
    ASSERT_NE(f->getStringArray("t.strs"), nullptr);
    EXPECT_EQ(*f->getStringArray("t.strs"), (std::vector<std::string_view>{"<s>", "", "▁the"}));
    EXPECT_EQ(f->getFloatArray("t.f32s"), (std::vector<float>{0.0f, -1.25f, 3.5f}));
    EXPECT_EQ(f->getInt32Array("t.i32s"), (std::vector<int32_t>{1, -2, 3}));
    EXPECT_EQ(f->getInt32Array("t.u32s"), (std::vector<int32_t>{5}));
    const GgufValue* u16s = f->find("t.u16s");
    ASSERT_NE(u16s, nullptr);
    EXPECT_EQ(u16s->arrayType, GgufType::UInt16);
    EXPECT_EQ(u16s->arrayCount, 2u);
    EXPECT_EQ(u16s->arrayData[2], 2);
    EXPECT_EQ(f->find("t.bools")->arrayType, GgufType::Bool);
}

TEST(GgufRoundTrip, GetterConversions) {
    GgufWriter w;
    w.setUint32("n.u32", 7);
    w.setInt32("n.neg", -1);
    w.setUint64("n.big", ~0ull);
    w.setFloat32("n.f", 0.5f);
    auto f = reread(w.toBytes());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->getInt("n.u32"), 7);    // unsigned to signed when it fits
    EXPECT_FALSE(f->getUint("n.neg"));   // negative never converts to unsigned
    EXPECT_FALSE(f->getInt("n.big"));    // does not fit int64
    EXPECT_FALSE(f->getUint("n.f"));     // floats are not integers
    EXPECT_FALSE(f->getFloat("n.u32"));  // nor integers floats
    EXPECT_FALSE(f->getString("n.u32"));
    EXPECT_FALSE(f->getBool("n.u32"));
    EXPECT_FALSE(f->getUint("absent"));
    EXPECT_EQ(f->getStringArray("n.u32"), nullptr);
    EXPECT_FALSE(f->getFloatArray("n.f"));
}

TEST(GgufRoundTrip, SettingAKeyTwiceReplacesIt) {
    GgufWriter w;
    w.setUint32("k", 1);
    w.setString("k", "two");
    auto f = reread(w.toBytes());
    ASSERT_TRUE(f);
    EXPECT_EQ(f->metadata().size(), 1u);
    EXPECT_EQ(f->getString("k"), "two");
}

struct TensorCase {
    GgmlType type;
    std::vector<int64_t> ne;
};

TEST(GgufRoundTrip, TensorTypesAndData) {
    const std::vector<TensorCase> cases = {
        {GgmlType::F32, {5, 3}},      {GgmlType::F16, {7}},
        {GgmlType::BF16, {4, 2, 2}},  {GgmlType::Q4_0, {64, 2}},
        {GgmlType::Q8_0, {32, 1, 3}}, {GgmlType::Q4_K, {256, 2}},
        {GgmlType::Q6_K, {512}},      {GgmlType::Q5_1, {32, 2, 1, 2}},
        {GgmlType::I32, {3}},
    };
    for (uint32_t alignment : {32u, 64u, 4096u}) {
        GgufWriter w;
        w.setAlignment(alignment);
        std::vector<std::vector<uint8_t>> data;
        for (size_t k = 0; k < cases.size(); ++k) {
            int64_t rows = 1;
            for (size_t d = 1; d < cases[k].ne.size(); ++d) rows *= cases[k].ne[d];
            data.push_back(pattern(ggmlRowBytes(cases[k].type, cases[k].ne[0]) * rows, uint8_t(k)));
            ASSERT_TRUE(w.addTensor("t" + std::to_string(k), cases[k].type, cases[k].ne, data.back()));
        }
        auto f = reread(w.toBytes());
        ASSERT_TRUE(f);
        EXPECT_EQ(f->alignment(), alignment);
        EXPECT_EQ(f->dataOffset() % alignment, 0u);
        EXPECT_EQ(f->getUint("general.alignment"),
                  alignment == 32 ? std::nullopt : std::optional<uint64_t>(alignment));
        ASSERT_EQ(f->tensors().size(), cases.size());
        for (size_t k = 0; k < cases.size(); ++k) {
            const GgufTensorInfo* t = f->tensor("t" + std::to_string(k));
            ASSERT_NE(t, nullptr);
            EXPECT_EQ(t->type, cases[k].type);
            EXPECT_EQ(t->nDims, cases[k].ne.size());
            for (size_t d = 0; d < cases[k].ne.size(); ++d) EXPECT_EQ(t->ne[d], cases[k].ne[d]);
            ASSERT_EQ(t->nBytes, data[k].size());
            EXPECT_EQ(0, std::memcmp(t->data, data[k].data(), data[k].size()));
            EXPECT_EQ(static_cast<size_t>(t->data - f.bytes.data()) % alignment, 0u);
        }
    }
}

TEST(GgufRoundTrip, WriteToFileThenOpen) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("peregrine_gguf_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "model.gguf").string();
    GgufWriter w;
    w.setString("general.architecture", "llama");
    ASSERT_TRUE(w.addTensor("token_embd.weight", GgmlType::Q8_0, {32, 4}, pattern(34 * 4, 3)));
    ASSERT_TRUE(w.write(path));
    auto f = GgufFile::open(path);
    ASSERT_TRUE(f) << f.message();
    EXPECT_EQ(f.value()->path(), path);
    EXPECT_EQ(f.value()->fileSize(), w.toBytes().size());
    EXPECT_EQ(f.value()->getString("general.architecture"), "llama");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1) << "temporary file left behind";
    std::filesystem::remove_all(dir);
}

TEST(GgufRoundTrip, OpenErrorsNameThePath) {
    auto f = GgufFile::open("/nonexistent/peregrine/model.gguf");
    ASSERT_FALSE(f);
    EXPECT_NE(f.message().find("cannot open '/nonexistent/peregrine/model.gguf'"), std::string::npos)
        << f.message();
    GgufWriter w;
    EXPECT_FALSE(w.write("/nonexistent/peregrine/out.gguf"));
}

TEST(GgufRoundTrip, WriterRejectsBadTensors) {
    GgufWriter w;
    auto msg = [](const Status& s) { return s.message(); };
    EXPECT_NE(msg(w.addTensor("a", GgmlType::F32, {4}, std::vector<uint8_t>(15))).find("takes 16 bytes"),
              std::string::npos);
    EXPECT_NE(msg(w.addTensor("a", GgmlType::Q4_0, {33}, {})).find("not a multiple"), std::string::npos);
    EXPECT_NE(msg(w.addTensor("a", GgmlType::F32, {1, 1, 1, 1, 1}, {})).find("1..4 dimensions"),
              std::string::npos);
    EXPECT_NE(msg(w.addTensor(std::string(64, 'x'), GgmlType::F32, {1}, {0, 0, 0, 0})).find("1..63"),
              std::string::npos);
    EXPECT_NE(msg(w.addTensor("a", static_cast<GgmlType>(31), {32}, {})).find("unknown type"),
              std::string::npos);
    EXPECT_NE(msg(w.addTensor("a", GgmlType::F32, {-1}, {})).find("negative"), std::string::npos);
    ASSERT_TRUE(w.addTensor("a", GgmlType::F32, {1}, {0, 0, 0, 0}));
    EXPECT_NE(msg(w.addTensor("a", GgmlType::F32, {1}, {0, 0, 0, 0})).find("already added"),
              std::string::npos);
    EXPECT_FALSE(w.setArray("k", GgufType::String, 1, {0}));
    EXPECT_FALSE(w.setArray("k", GgufType::UInt32, 2, {0, 0, 0, 0}));
    EXPECT_FALSE(w.setArray("k", GgufType::Bool, 1, {2}));
    GgufWriter emptyKey;
    emptyKey.setUint32("", 1);
    EXPECT_TRUE(emptyKey.toBytes().empty());
    EXPECT_NE(emptyKey.write("/tmp/never-written.gguf").message().find("must not be empty"),
              std::string::npos);
    w.setAlignment(48);
    EXPECT_TRUE(w.toBytes().empty());
    EXPECT_NE(w.write("/tmp/never-written.gguf").message().find("power of two"), std::string::npos);
}

}  // namespace
}  // namespace peregrine
