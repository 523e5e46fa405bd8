#include <gtest/gtest.h>

#include "tokenizer/pre_tokenizer.h"

namespace peregrine {
namespace {

std::vector<std::string> split(PreTokenizerKind kind, std::string_view text) {
    std::vector<std::string_view> words;
    splitWords(kind, text, words);
    return {words.begin(), words.end()};
}

using V = std::vector<std::string>;

TEST(PreTokenizer, Llama3Words) {
    const auto k = PreTokenizerKind::Llama3;
    EXPECT_EQ(split(k, "Hello world"), (V{"Hello", " world"}));
    EXPECT_EQ(split(k, "I'm here, it's 12345!"),
              (V{"I", "'m", " here", ",", " it", "'s", " ", "123", "45", "!"}));
    EXPECT_EQ(split(k, "DON'T"), (V{"DON", "'T"}));    // contractions ignore case
    EXPECT_EQ(split(k, "a  b"), (V{"a", " ", " b"}));  // \s+(?!\S) leaves the last space to the word
    EXPECT_EQ(split(k, "a \n\n b"), (V{"a", " \n\n", " b"}));
    EXPECT_EQ(split(k, "x...\n\ny"), (V{"x", "...\n\n", "y"}));
    EXPECT_EQ(split(k, "  "), (V{"  "}));
    EXPECT_EQ(split(k, "(hello"), (V{"(hello"}));
    EXPECT_EQ(split(k, "\xD0\xBD\xD0\xB5 \xE4\xB8\xAD"), (V{"\xD0\xBD\xD0\xB5", " \xE4\xB8\xAD"}));
}

TEST(PreTokenizer, Qwen2SplitsDigitsOneByOne) {
    EXPECT_EQ(split(PreTokenizerKind::Qwen2, "x 2024"), (V{"x", " ", "2", "0", "2", "4"}));
}

TEST(PreTokenizer, Gpt2Words) {
    const auto k = PreTokenizerKind::Gpt2;
    EXPECT_EQ(split(k, "Hello world 2024!!"), (V{"Hello", " world", " 2024", "!!"}));
    EXPECT_EQ(split(k, "DON'T don't"), (V{"DON", "'", "T", " don", "'t"}));  // case-sensitive contractions
    EXPECT_EQ(split(k, "a\n\nb"), (V{"a", "\n", "\n", "b"}));
}

// Several expressions in turn, each splitting the previous pieces into matches and the text between them.
TEST(PreTokenizer, StagedKinds) {
    EXPECT_EQ(split(PreTokenizerKind::DeepseekCoder, "Hi 123\nx"), (V{"Hi", " ", "1", "2", "3", "\n", "x"}));
    EXPECT_EQ(split(PreTokenizerKind::DeepseekCoder, "a, b"), (V{"a", ",", " b"}));
    EXPECT_EQ(split(PreTokenizerKind::DeepseekLlm, "ab  \n"), (V{"ab", "  ", "\n"}));
    EXPECT_EQ(split(PreTokenizerKind::DeepseekLlm, "x 12345"), (V{"x", " ", "12345"}));
    EXPECT_EQ(split(PreTokenizerKind::Falcon, "a+b 1234567"), (V{"a", "+", "b", " ", "123", "456", "7"}));
    EXPECT_EQ(split(PreTokenizerKind::Default, "x 12345"), (V{"x", " ", "123", "45"}));
    EXPECT_EQ(split(PreTokenizerKind::Starcoder, "v2 ok"), (V{"v", "2", " ok"}));
}

// o200k: case-aware words, digits in groups of three from the right.
TEST(PreTokenizer, Gpt4oWords) {
    const auto k = PreTokenizerKind::Gpt4o;
    EXPECT_EQ(split(k, "HelloWorld"), (V{"Hello", "World"}));
    EXPECT_EQ(split(k, "HELLOworld"), (V{"HELLOworld"}));
    EXPECT_EQ(split(k, "ABC def"), (V{"ABC", " def"}));
    EXPECT_EQ(split(k, "x1234567"), (V{"x", "1", "234", "567"}));
    EXPECT_EQ(split(k, "I'M here"), (V{"I'M", " here"}));
    EXPECT_EQ(split(k, "a/b\n\n"), (V{"a", "/b", "\n\n"}));
}

TEST(PreTokenizer, NamesAsLlamaCppMapsThem) {
    EXPECT_EQ(preTokenizerFor("llama-bpe"), PreTokenizerKind::Llama3);
    EXPECT_EQ(preTokenizerFor("deepseek-coder"), PreTokenizerKind::DeepseekCoder);
    EXPECT_EQ(preTokenizerFor("deepseek-llm"), PreTokenizerKind::DeepseekLlm);
    EXPECT_EQ(preTokenizerFor("falcon"), PreTokenizerKind::Falcon);
    EXPECT_EQ(preTokenizerFor("default"), PreTokenizerKind::Default);
    EXPECT_EQ(preTokenizerFor(""), PreTokenizerKind::Default);
    EXPECT_EQ(preTokenizerFor("gpt-2"), PreTokenizerKind::Gpt2);
    EXPECT_EQ(preTokenizerFor("gpt-4o"), PreTokenizerKind::Gpt4o);
    EXPECT_EQ(preTokenizerFor("no-such-pre"), std::nullopt);
    EXPECT_NE(supportedPreTokenizerNames().find("deepseek-llm"), std::string::npos);
}

TEST(PreTokenizer, InvalidUtf8BytesAreKeptAndCovered) {
    const std::string text = "ab\xFF\xFE cd\xC3";
    for (auto k : {PreTokenizerKind::Gpt2, PreTokenizerKind::Llama3, PreTokenizerKind::Qwen2,
                   PreTokenizerKind::Default, PreTokenizerKind::Falcon, PreTokenizerKind::DeepseekCoder,
                   PreTokenizerKind::DeepseekLlm, PreTokenizerKind::Gpt4o}) {
        std::string joined;
        for (const auto& w : split(k, text)) joined += w;
        EXPECT_EQ(joined, text);
    }
}

}  // namespace
}  // namespace peregrine
