// Tokenizers built from small in-memory vocabularies: merge order, byte fallback, special tokens, pieces,
// and the validation of malformed metadata (in memory and through a GGUF buffer).
#include <gtest/gtest.h>

#include <cstdio>

#include "gguf/gguf_writer.h"
#include "tokenizer/byte_encoding.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocab_data.h"

namespace peregrine {
namespace {

const std::string kSp = "\xE2\x96\x81";  // ▁

// <unk> <s> </s> <0x00>..<0xFF> (ids 3..258), then the given pieces with their scores.
VocabData spmVocab(const std::vector<std::pair<std::string, float>>& pieces) {
    VocabData d;
    d.model = "llama";
    d.tokens = {"<unk>", "<s>", "</s>"};
    d.types = {2, 3, 3};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        d.tokens.push_back(name);
        d.types.push_back(6);
    }
    for (const auto& [text, score] : pieces) {
        d.tokens.push_back(text);
        d.types.push_back(1);
    }
    d.scores.assign(d.tokens.size(), 0.0f);
    for (size_t i = 0; i < pieces.size(); ++i) d.scores[259 + i] = pieces[i].second;
    return d;
}

std::unique_ptr<Tokenizer> build(VocabData d) {
    auto t = Tokenizer::fromVocab(std::move(d));
    EXPECT_TRUE(t.isOk()) << t.message();
    return t ? std::move(t.value()) : nullptr;
}

TEST(SpmTokenizer, MergesByScoreAndFallsBackToBytes) {
    auto t = build(spmVocab({{kSp, -10},
                             {"h", -10},
                             {"e", -10},
                             {"l", -10},
                             {"o", -10},
                             {kSp + "h", -1},
                             {"ll", -2},
                             {kSp + "he", -3},
                             {"llo", -4},
                             {kSp + "hello", -5},
                             {"he", -6}}));
    ASSERT_TRUE(t);
    const int32_t hello = *t->findToken(kSp + "hello");
    EXPECT_EQ(t->encode("hello", false, false), std::vector<int32_t>{hello});
    EXPECT_EQ(t->encode("hello", true, false), (std::vector<int32_t>{1, hello}));
    // é has no piece: its two bytes become <0xC3> <0xA9>.
    EXPECT_EQ(t->encode("\xC3\xA9", false, false),
              (std::vector<int32_t>{*t->findToken(kSp), 3 + 0xC3, 3 + 0xA9}));
    EXPECT_EQ(t->piece(hello), " hello");
    EXPECT_EQ(t->piece(3 + 0x0A), "\n");
    EXPECT_EQ(t->decode(t->encode("hello h\xC3\xA9", true, false)), "hello h\xC3\xA9");
    EXPECT_TRUE(t->isEog(2));
    EXPECT_TRUE(t->addBosDefault());  // SentencePiece vocab without add_bos_token
}

TEST(SpmTokenizer, SpecialsAndSpacePrefix) {
    auto t = build(spmVocab({{kSp, -1}, {"h", -1}, {"i", -1}, {kSp + "hi", -0.5f}, {"hi", -0.7f}}));
    ASSERT_TRUE(t);
    const int32_t spHi = *t->findToken(kSp + "hi");
    // A space prefix follows every special token (llama.cpp behaviour).
    EXPECT_EQ(t->encode("hi</s>hi", false, true), (std::vector<int32_t>{spHi, 2, spHi}));
    // Without parseSpecial the text of </s> is plain text (here: byte tokens).
    const auto plain = t->encode("</s>", false, false);
    EXPECT_EQ(plain.size(), 5u);
    EXPECT_EQ(t->piece(2), "");
    EXPECT_EQ(t->piece(2, true), "</s>");

    VocabData d = spmVocab({{"h", -1}, {"i", -1}, {"hi", -0.5f}});
    d.addSpacePrefix = false;
    auto noPrefix = build(std::move(d));
    EXPECT_EQ(noPrefix->encode("hi", false, false), std::vector<int32_t>{*noPrefix->findToken("hi")});
    EXPECT_EQ(noPrefix->decode(noPrefix->encode("hi", true, false)), "hi");
}

TEST(SpmTokenizer, UnknownTokenWithoutByteTokens) {
    VocabData d;
    d.model = "llama";
    d.tokens = {"<unk>", "<s>", "</s>", kSp, "a"};
    d.types = {2, 3, 3, 1, 1};
    auto t = build(std::move(d));
    EXPECT_EQ(t->encode("a\xC3\xA9", false, false), (std::vector<int32_t>{3, 4, 0, 0}));
}

// Byte-level BPE: the 256 alphabet symbols in byte order (ids 0..255), then merged tokens.
VocabData bpeVocab(std::string pre) {
    VocabData d;
    d.model = "gpt2";
    d.pre = std::move(pre);
    for (int b = 0; b < 256; ++b) d.tokens.push_back(byte_encoding::symbolOf(static_cast<uint8_t>(b)));
    for (const char* t : {"he", "ll", "hell", "hello", "\xC4\xA0w", "<|end|>", "<tool>"})
        d.tokens.push_back(t);
    d.types.assign(d.tokens.size(), 1);
    d.types[261] = 3;  // <|end|> control
    d.types[262] = 4;  // <tool> user-defined
    d.merges = {"h e", "l l", "he ll", "hell o", "\xC4\xA0 w", "not atoken"};
    d.bos = 261;
    d.eos = 261;
    return d;
}

TEST(BpeTokenizer, MergesByRank) {
    auto t = build(bpeVocab("default"));
    ASSERT_TRUE(t);
    const auto ids = t->encode("hello world", false, false);
    EXPECT_EQ(ids, (std::vector<int32_t>{259, 260, 'o', 'r', 'l', 'd'}));
    EXPECT_EQ(t->decode(ids), "hello world");
    EXPECT_EQ(t->piece(260), " w");
    EXPECT_FALSE(t->addBosDefault());  // gpt2 vocab without add_bos_token
    const std::string binary("\x00\xFF\n\t", 4);
    EXPECT_EQ(t->decode(t->encode(binary, false, false)), binary);
}

TEST(BpeTokenizer, SpecialTokens) {
    auto t = build(bpeVocab("llama-bpe"));
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->addBosDefault());
    EXPECT_EQ(t->encode("hello<|end|>", false, true), (std::vector<int32_t>{259, 261}));
    EXPECT_EQ(t->encode("hello<|end|>", false, false).size(), 8u);  // "<|end|>" as 7 plain bytes
    // User-defined tokens are matched with or without parseSpecial, and render as their text.
    EXPECT_EQ(t->encode("<tool>hello", false, false), (std::vector<int32_t>{262, 259}));
    EXPECT_EQ(t->piece(262), "<tool>");
    EXPECT_TRUE(t->isEog(261));
    EXPECT_EQ(t->eogTokens(), std::vector<int32_t>{261});
}

TEST(TokenizerValidation, MalformedVocabulariesAreErrors) {
    auto expectError = [](VocabData d, const std::string& fragment) {
        auto t = Tokenizer::fromVocab(std::move(d));
        ASSERT_FALSE(t.isOk());
        EXPECT_NE(t.message().find(fragment), std::string::npos) << t.message();
    };
    VocabData d = spmVocab({{"a", -1}});
    d.scores.pop_back();
    expectError(d, "tokenizer.ggml.scores has 259 entries but tokenizer.ggml.tokens has 260");
    d = spmVocab({{"a", -1}});
    d.types.resize(3);
    expectError(d, "tokenizer.ggml.token_type has 3 entries");
    d = spmVocab({{"a", -1}});
    d.bos = 260;
    expectError(d, "tokenizer.ggml.bos_token_id is 260 but the vocabulary has 260 tokens");
    d = spmVocab({{"a", -1}});
    d.eos = -7;
    expectError(d, "eos_token_id is -7");
    d = spmVocab({{"a", -1}});
    d.tokens[3] = "<0x-1>";
    expectError(d, "tokenizer.ggml.tokens[3] has type BYTE but its text '<0x-1>' is not of the form <0xXX>");
    d = spmVocab({{"a", -1}});
    d.model = "bert";
    expectError(d, "unsupported tokenizer.ggml.model 'bert'");
    d = spmVocab({});
    d.tokens.clear();
    d.scores.clear();
    d.types.clear();
    expectError(d, "tokenizer.ggml.tokens is missing or empty");
    d = bpeVocab("default");
    d.merges.clear();
    expectError(d, "tokenizer.ggml.merges is missing");
    expectError(VocabData{}, "tokenizer.ggml.model is missing");

    // 0xFFFFFFFF and -1 mean "no such token" (as written by llama.cpp's converter), not an error.
    d = spmVocab({{"a", -1}});
    d.unk = 0xFFFFFFFFLL;
    d.bos = -1;
    auto ok = Tokenizer::fromVocab(std::move(d));
    ASSERT_TRUE(ok.isOk()) << ok.message();
    EXPECT_EQ(ok.value()->unk(), -1);
    EXPECT_EQ(ok.value()->bos(), -1);
    EXPECT_EQ(ok.value()->encode("a", true, false), ok.value()->encode("a", false, false));  // no BOS to add
}

TEST(TokenizerValidation, GgufMetadataOfTheWrongTypeIsAnError) {
    GgufWriter w;
    w.setString("tokenizer.ggml.model", "llama");
    w.setStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a"});
    w.setInt32Array("tokenizer.ggml.scores", {0, 0, 0, 0});  // should be float32
    const auto bytes = w.toBytes();
    auto file = GgufFile::fromMemory(bytes.data(), bytes.size());
    ASSERT_TRUE(file.isOk()) << file.message();
    auto t = Tokenizer::fromGguf(*file.value());
    ASSERT_FALSE(t.isOk());
    EXPECT_NE(t.message().find("tokenizer.ggml.scores has type"), std::string::npos) << t.message();

    GgufWriter none;
    none.setString("general.architecture", "llama");
    const auto noneBytes = none.toBytes();
    auto noTok = GgufFile::fromMemory(noneBytes.data(), noneBytes.size());
    ASSERT_TRUE(noTok.isOk()) << noTok.message();
    EXPECT_FALSE(Tokenizer::fromGguf(*noTok.value()).isOk());
}

TEST(TokenizerValidation, GgufRoundTripOfAValidVocab) {
    GgufWriter w;
    w.setString("tokenizer.ggml.model", "llama");
    w.setStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", kSp + "a", "a"});
    w.setFloat32Array("tokenizer.ggml.scores", {0, 0, 0, -1, -2});
    w.setInt32Array("tokenizer.ggml.token_type", {2, 3, 3, 1, 1});
    w.setUint32("tokenizer.ggml.bos_token_id", 1);
    w.setUint32("tokenizer.ggml.padding_token_id", 0xFFFFFFFFu);
    w.setBool("tokenizer.ggml.add_bos_token", false);
    const auto bytes = w.toBytes();
    auto file = GgufFile::fromMemory(bytes.data(), bytes.size());
    ASSERT_TRUE(file.isOk()) << file.message();
    auto t = Tokenizer::fromGguf(*file.value());
    ASSERT_TRUE(t.isOk()) << t.message();
    EXPECT_FALSE(t.value()->addBosDefault());
    EXPECT_EQ(t.value()->encode("a", t.value()->addBosDefault(), false), std::vector<int32_t>{3});
}

// Phi-3 (llama.cpp keys it on general.name): whitespace after a special token is dropped, except after
// <unk>, <s> and <|endoftext|>; other models keep it.
TEST(SpmTokenizer, Phi3SpecialTokensStripFollowingWhitespace) {
    auto vocab = [](const std::string& name) {
        VocabData d = spmVocab({{kSp, -1}, {"h", -1}, {"i", -1}, {kSp + "h", -0.7f}, {kSp + "hi", -0.5f}});
        for (const char* s : {"<|user|>", "<|endoftext|>"}) {
            d.tokens.push_back(s);
            d.types.push_back(3);
            d.scores.push_back(0.0f);
        }
        d.generalName = name;
        return d;
    };
    auto phi = build(vocab("Phi-3 Mini 4k Instruct"));
    ASSERT_TRUE(phi);
    const int32_t user = *phi->findToken("<|user|>");
    const int32_t end = *phi->findToken("<|endoftext|>");
    const int32_t spHi = *phi->findToken(kSp + "hi");
    const int32_t sp = *phi->findToken(kSp);
    const int32_t newline = 3 + '\n';
    EXPECT_EQ(phi->encode("<|user|>\n hi", false, true), (std::vector<int32_t>{user, spHi}));
    EXPECT_EQ(phi->encode("<|endoftext|>\nhi", false, true),
              (std::vector<int32_t>{end, sp, newline, *phi->findToken("h"), *phi->findToken("i")}));
    auto other = build(vocab("Llama 2 7B"));
    EXPECT_EQ(other->encode("<|user|>\n hi", false, true), (std::vector<int32_t>{user, sp, newline, spHi}));
}

}  // namespace
}  // namespace peregrine
