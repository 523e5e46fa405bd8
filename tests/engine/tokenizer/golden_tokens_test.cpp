// The prompt tokens of every golden file in the conformance kit (llama.cpp b4748): plain prompts with the
// model's BOS default and specials parsed; *.chat.json prompts first rendered with the model's chat template.
#include <gtest/gtest.h>

#include <algorithm>

#include "gguf/gguf_file.h"
#include "tokenizer/chat_template.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_support.h"

namespace peregrine {
namespace {

constexpr const char* kSystemMessage = "You are a helpful in-cab assistant.";

// "tiny-llama3-q4_k_m.chat.json" -> "tiny-llama3-q4_k_m.gguf"
std::string modelFileFor(std::string golden) {
    for (const char* suffix : {".chat.json", ".json"}) {
        const std::string s = suffix;
        if (golden.size() > s.size() && golden.compare(golden.size() - s.size(), s.size(), s) == 0) {
            return golden.substr(0, golden.size() - s.size()) + ".gguf";
        }
    }
    return golden;
}

TEST(GoldenTokens, EveryGoldenPromptTokenizesAsLlamaCpp) {
    const auto goldenDir = testing::conformanceDir() / "golden";
    if (!std::filesystem::is_directory(goldenDir)) {
        GTEST_SKIP() << "conformance kit not found at " << testing::conformanceDir();
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(goldenDir)) {
        if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty());
    size_t checked = 0;
    for (const auto& golden : files) {
        const auto modelPath =
            testing::conformanceDir() / "models" / modelFileFor(golden.filename().string());
        auto file = GgufFile::open(modelPath.string());
        ASSERT_TRUE(file.isOk()) << modelPath << ": " << file.message();
        auto tok = Tokenizer::fromGguf(*file.value());
        ASSERT_TRUE(tok.isOk()) << modelPath << ": " << tok.message();
        const Tokenizer& t = *tok.value();
        const ChatFamily family = detectChatFamily(file.value()->getString("tokenizer.chat_template"));

        auto json = testing::readFile(golden);
        ASSERT_TRUE(json.has_value());
        const auto cases = testing::parseGoldenCases(*json);
        ASSERT_FALSE(cases.empty()) << golden;
        for (const auto& c : cases) {
            std::string prompt = c.prompt;
            if (c.chat) {
                const std::vector<ChatMessage> messages = {{"system", kSystemMessage}, {"user", c.prompt}};
                prompt = applyChatTemplate(family, messages, true);
            }
            EXPECT_EQ(t.encode(prompt, t.addBosDefault(), true), c.tokens)
                << golden.filename() << " prompt '" << c.prompt << "' (family " << chatFamilyName(family)
                << ")";
            ++checked;
        }
    }
    std::printf("checked %zu golden prompts in %zu files\n", checked, files.size());
}

}  // namespace
}  // namespace peregrine
