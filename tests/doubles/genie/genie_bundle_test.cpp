// GenieBundle and its JSON: relative paths and ChatApp placeholders made absolute, missing files named,
// the chat template family found in the bundle's files.
#include <gtest/gtest.h>

#include <filesystem>

#include "backends/genie/genie_bundle.h"
#include "backends/genie/genie_json.h"
#include "genie_test_bundle.h"

namespace peregrine {
namespace {

namespace fs = std::filesystem;
using genie::readGenieBundle;

fs::path tempDir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("peregrine_genie_bundle_" + std::to_string(getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

TEST(GenieJson, RoundTripKeepsNumbersAndOrder) {
    auto v = genie::parseJson(R"({"b": 1.50, "a": [true, null, "x\"y\u00e9"], "c": {"d": -3e2}})");
    ASSERT_TRUE(v) << v.message();
    EXPECT_EQ(genie::writeJson(*v), R"({"b":1.50,"a":[true,null,"x\"yé"],"c":{"d":-3e2}})");
    EXPECT_EQ(v->find("c")->find("d")->text, "-3e2");
}

TEST(GenieJson, ErrorsNameTheLine) {
    auto v = genie::parseJson("{\n\"a\": 1,\n\"b\" 2}");
    ASSERT_FALSE(v);
    EXPECT_EQ(v.message(), "line 3: expected ':' after \"b\"");
    EXPECT_FALSE(genie::parseJson(std::string(200, '[')));  // nesting cap, not a stack overflow
}

TEST(GenieBundle, PathsBecomeAbsolute) {
    const fs::path dir = test::writeTestBundle(tempDir("abs"));
    auto b = readGenieBundle(dir.string());
    ASSERT_TRUE(b) << b.message();
    EXPECT_EQ(b->dir, dir.string());
    EXPECT_EQ(b->contextSize, 4096);
    EXPECT_EQ(b->nVocab, 128256);
    for (const char* file :
         {"tokenizer.json", "htp_backend_ext_config.json", "m_part_1_of_2.bin", "m_part_2_of_2.bin"})
        EXPECT_NE(b->configJson.find("\"" + (dir / file).string() + "\""), std::string::npos) << file;
    EXPECT_EQ(b->configJson.find("<models_path>"), std::string::npos);
    // The config file itself is accepted as the path too.
    auto viaFile = readGenieBundle((dir / "genie_config.json").string());
    ASSERT_TRUE(viaFile) << viaFile.message();
    EXPECT_EQ(viaFile->configJson, b->configJson);
}

TEST(GenieBundle, MissingFilesAreNamed) {
    test::TestBundle spec;
    spec.writeBins = false;
    const fs::path dir = test::writeTestBundle(tempDir("missing"), spec);
    auto b = readGenieBundle(dir.string());
    ASSERT_FALSE(b);
    EXPECT_EQ(b.message(),
              "genie_config.json names dialog.engine.model.binary.ctx-bins 'm_part_1_of_2.bin', "
              "which is not a file in " +
                  dir.string());
    EXPECT_NE(readGenieBundle(tempDir("empty").string()).message().find("no genie_config.json in"),
              std::string::npos);
    const fs::path bad = tempDir("bad");
    test::writeText(bad / "genie_config.json", "{\"dialog\": [}");
    EXPECT_NE(readGenieBundle(bad.string()).message().find("genie_config.json: line 1: "), std::string::npos);
}

TEST(GenieBundle, ChatFamilyFromTheBundle) {
    auto llama = readGenieBundle(test::writeTestBundle(tempDir("llama")).string());
    ASSERT_TRUE(llama) << llama.message();
    EXPECT_EQ(llama->family, ChatFamily::Llama3);
    EXPECT_EQ(llama->familySource, "context.bos-token 128000 (Llama 3)");
    EXPECT_EQ(llama->bos, "<|begin_of_text|>");

    test::TestBundle qwen;
    qwen.bosToken = 151643;
    qwen.chatTemplate = "{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}";
    auto q = readGenieBundle(test::writeTestBundle(tempDir("qwen"), qwen).string());
    ASSERT_TRUE(q) << q.message();
    EXPECT_EQ(q->family, ChatFamily::ChatML);
    EXPECT_EQ(q->familySource, "tokenizer_config.json chat_template");
    EXPECT_EQ(q->bos, "");

    test::TestBundle phi;
    phi.bosToken = 1;
    phi.tokenizerText = R"({"added_tokens": [{"content": "<|user|>"}, {"content": "<|end|>"}]})";
    auto p = readGenieBundle(test::writeTestBundle(tempDir("phi"), phi).string());
    ASSERT_TRUE(p) << p.message();
    EXPECT_EQ(p->family, ChatFamily::Phi3);
    EXPECT_EQ(p->familySource, "tokenizer.json special tokens");
}

}  // namespace
}  // namespace peregrine
