// The vocabulary mask of constrained decoding on a SentencePiece vocab ("▁" spaces, <0xNN> byte tokens) and a
// byte-level BPE vocab (GPT-2 byte symbols): tokens spanning several grammar symbols, special tokens,
// end of generation only when the value is complete (and forced then), the lazy trigger, the fast token
// check agreeing with the full mask, and the sampler chain picking the best allowed token.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "json_validator.h"
#include "sampling/json_constraint.h"
#include "tokenizer/byte_encoding.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/vocab_data.h"

namespace peregrine {
namespace {

const std::vector<std::string> kPieces = {"{",       "}",   "\"", ":",  ",",    "\":", "\":\"",
                                          "\"}",     "},{", "[",  "]",  "name", "set", "_timer",
                                          "minutes", "4",   "0",  "40", "true", "a",   "x",
                                          "\",\"",   ":{",  "}}", " {", "\n",   "{\"", "\xC3\xA9"};

std::unique_ptr<Tokenizer> spmTokenizer() {
    VocabData d;
    d.model = "llama";
    d.tokens = {"<unk>", "<s>", "</s>", "<tool_call>"};
    d.types = {2, 3, 3, 4};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        d.tokens.push_back(name);
        d.types.push_back(6);
    }
    for (const auto& p : kPieces) {
        std::string t;
        for (const char c : p) t += c == ' ' ? std::string("\xE2\x96\x81") : std::string(1, c);
        d.tokens.push_back(t);
        d.types.push_back(1);
    }
    d.unk = 0;
    d.bos = 1;
    d.eos = 2;
    auto t = Tokenizer::fromVocab(d);
    EXPECT_TRUE(t.isOk()) << t.message();
    return t.isOk() ? std::move(*t) : nullptr;
}

std::unique_ptr<Tokenizer> bpeTokenizer() {
    VocabData d;
    d.model = "gpt2";
    d.pre = "llama-bpe";
    for (int b = 0; b < 256; ++b) d.tokens.push_back(byte_encoding::symbolOf(static_cast<uint8_t>(b)));
    for (const auto& p : kPieces) {
        std::string t;
        byte_encoding::encode(p, t);
        d.tokens.push_back(t);
    }
    d.types.assign(d.tokens.size(), 1);
    for (const char* special : {"<|begin_of_text|>", "<|eot_id|>", "<tool_call>"}) {
        d.tokens.push_back(special);
        d.types.push_back(special[2] == 'b' || special[2] == 'e' ? 3 : 4);
    }
    d.bos = static_cast<int64_t>(d.tokens.size()) - 3;
    d.eos = static_cast<int64_t>(d.tokens.size()) - 2;
    d.merges = {"a b"};
    auto t = Tokenizer::fromVocab(d);
    EXPECT_TRUE(t.isOk()) << t.message();
    return t.isOk() ? std::move(*t) : nullptr;
}

int32_t idOfPiece(const Tokenizer& t, const std::string& piece) {
    for (int32_t id = 0; id < t.vocabSize(); ++id)
        if (t.tokenType(id) != TokenType::Byte && t.piece(id) == piece) return id;
    ADD_FAILURE() << "no token for " << piece;
    return -1;
}

std::unique_ptr<JsonConstraintSampler> constraint(const Tokenizer& t, const std::string& schema,
                                                  const std::string& trigger = "") {
    auto c = JsonConstraintSampler::create(schema, trigger, VocabTrie::build(t));
    EXPECT_TRUE(c.isOk()) << c.message();
    return c.isOk() ? std::move(*c) : nullptr;
}

const char* const kCall = R"({"type":"object","properties":{"name":{"const":"set_timer"},
    "arguments":{"type":"object","properties":{"minutes":{"type":"integer","minimum":1,"maximum":600}},
    "required":["minutes"]}},"required":["name","arguments"]})";

class BothVocabs : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override { m_tok = GetParam() ? spmTokenizer() : bpeTokenizer(); }
    std::unique_ptr<Tokenizer> m_tok;
};

TEST_P(BothVocabs, MultiSymbolTokensWalkTheWholeValue) {
    ASSERT_TRUE(m_tok);
    auto c = constraint(*m_tok, kCall);
    ASSERT_TRUE(c);
    const Tokenizer& t = *m_tok;
    EXPECT_FALSE(c->allows(idOfPiece(t, " {")));  // no space before a non-lazy value
    EXPECT_FALSE(c->allows(t.eos()));
    EXPECT_FALSE(c->allows(t.bos()));
    std::string out;
    for (const char* piece : {"{\"", "name", "\":\"", "set", "_timer", "\",\"", "a"}) {
        const int32_t id = idOfPiece(t, piece);
        if (std::string(piece) == "a") {  // "arguments" must be spelled out; "a" then byte tokens
            EXPECT_TRUE(c->allows(id));
            break;
        }
        ASSERT_TRUE(c->allows(id)) << "after " << out << " refused " << piece;
        c->accept(id);
        out += piece;
    }
    EXPECT_FALSE(c->allows(idOfPiece(t, "x")));
    EXPECT_FALSE(c->allows(idOfPiece(t, "}")));
}

TEST_P(BothVocabs, EndOfGenerationOnlyWhenCompleteAndThenForced) {
    ASSERT_TRUE(m_tok);
    auto c = constraint(*m_tok, R"({"type":"array","items":{"type":"boolean"},"maxItems":2})");
    ASSERT_TRUE(c);
    const Tokenizer& t = *m_tok;
    for (const char* piece : {"[", "true", ","}) c->accept(idOfPiece(t, piece));
    auto mask = c->computeMask();
    EXPECT_EQ(mask[static_cast<size_t>(t.eos())], 0);
    EXPECT_EQ(mask[static_cast<size_t>(idOfPiece(t, "true"))], 1);
    EXPECT_EQ(mask[static_cast<size_t>(idOfPiece(t, "]"))], 0);
    c->accept(idOfPiece(t, "true"));
    c->accept(idOfPiece(t, "]"));
    EXPECT_TRUE(c->finished());
    mask = c->computeMask();
    int allowed = 0;
    for (int32_t id = 0; id < t.vocabSize(); ++id) allowed += mask[static_cast<size_t>(id)];
    EXPECT_EQ(allowed, 1);
    EXPECT_EQ(mask[static_cast<size_t>(t.eos())], 1);
}

TEST_P(BothVocabs, SpanningTokensBetweenArrayItems) {
    ASSERT_TRUE(m_tok);
    auto c = constraint(*m_tok, R"({"type":"array","items":{"type":"object","properties":{}},"maxItems":3})");
    ASSERT_TRUE(c);
    const Tokenizer& t = *m_tok;
    c->accept(idOfPiece(t, "["));
    c->accept(idOfPiece(t, "{"));
    EXPECT_TRUE(c->allows(idOfPiece(t, "},{")));
    EXPECT_TRUE(c->allows(idOfPiece(t, "}}")) == false);
    c->accept(idOfPiece(t, "},{"));
    c->accept(idOfPiece(t, "},{"));
    EXPECT_FALSE(c->allows(idOfPiece(t, "},{")));  // a fourth item
    EXPECT_TRUE(c->allows(idOfPiece(t, "}")));
}

TEST_P(BothVocabs, ByteTokensAndUtf8InStrings) {
    ASSERT_TRUE(m_tok);
    auto c = constraint(*m_tok, R"({"type":"string","maxLength":2})");
    ASSERT_TRUE(c);
    const Tokenizer& t = *m_tok;
    c->accept(idOfPiece(t, "\""));
    const auto mask = c->computeMask();
    // A lone UTF-8 lead byte is a valid prefix; a lone continuation byte or a control byte is not.
    for (int32_t id = 0; id < t.vocabSize(); ++id) {
        const std::string p = t.piece(id);
        if (p.size() != 1) continue;
        const auto b = static_cast<uint8_t>(p[0]);
        const bool expected = (b >= 0x20 && b < 0x80) || (b >= 0xC2 && b <= 0xF4);
        EXPECT_EQ(mask[static_cast<size_t>(id)] != 0, expected) << "byte " << int(b);
    }
    EXPECT_TRUE(c->allows(idOfPiece(t, "\xC3\xA9")));
}

TEST_P(BothVocabs, LazyTriggerThenOneValueThenFreeText) {
    ASSERT_TRUE(m_tok);
    auto c = constraint(*m_tok, R"({"type":"object","properties":{"a":{"type":"boolean"}},"required":["a"]})",
                        "<tool_call>");
    ASSERT_TRUE(c);
    const Tokenizer& t = *m_tok;
    const int32_t trigger = *t.findToken("<tool_call>");
    EXPECT_FALSE(c->insideValue());
    EXPECT_TRUE(c->allows(idOfPiece(t, "x")));
    EXPECT_TRUE(c->allows(t.eos()));
    c->accept(idOfPiece(t, "x"));
    c->accept(trigger);
    ASSERT_TRUE(c->insideValue());
    EXPECT_FALSE(c->allows(idOfPiece(t, "x")));
    EXPECT_FALSE(c->allows(t.eos()));
    EXPECT_TRUE(c->allows(idOfPiece(t, "\n")));  // one whitespace byte before a lazy value
    EXPECT_TRUE(c->allows(idOfPiece(t, " {")));
    for (const char* piece : {" {", "\"", "a", "\":", "true"}) c->accept(idOfPiece(t, piece));
    EXPECT_TRUE(c->allows(idOfPiece(t, "}}")));  // ends the value; the second "}" is free text
    EXPECT_TRUE(c->allows(idOfPiece(t, "},{")));
    EXPECT_FALSE(c->allows(idOfPiece(t, "x")));
    c->accept(idOfPiece(t, "}"));
    EXPECT_FALSE(c->insideValue());
    EXPECT_TRUE(c->allows(idOfPiece(t, "x")));
    c->accept(trigger);  // a second call
    EXPECT_TRUE(c->insideValue());
    EXPECT_FALSE(c->allows(trigger));
}

// The fast check (one token) and the full mask (trie walk) must agree on every token in every state
// reached by random valid walks.
TEST_P(BothVocabs, TokenCheckAgreesWithTheMask) {
    ASSERT_TRUE(m_tok);
    const Tokenizer& t = *m_tok;
    const char* const schemas[] = {
        kCall,
        R"({"type":"array","items":{"anyOf":[{"type":"string","maxLength":3},{"type":"number","maximum":50}]},"maxItems":3})",
        R"({"enum":["on","off",40,true]})",
    };
    uint64_t state = 7;
    auto next = [&] { return (state = state * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
    for (const char* schema : schemas) {
        for (const std::string trigger : {"", "<tool_call>"}) {
            for (int walk = 0; walk < 20; ++walk) {
                auto c = constraint(t, schema, trigger);
                ASSERT_TRUE(c);
                if (!trigger.empty()) c->accept(*t.findToken("<tool_call>"));
                std::string text;
                for (int step = 0; step < 40; ++step) {
                    const auto mask = c->computeMask();
                    std::vector<int32_t> allowed;
                    for (int32_t id = 0; id < t.vocabSize(); ++id) {
                        ASSERT_EQ(mask[static_cast<size_t>(id)] != 0, c->allows(id))
                            << "token " << id << " '" << t.piece(id) << "' after '" << text << "'";
                        if (mask[static_cast<size_t>(id)]) allowed.push_back(id);
                    }
                    ASSERT_FALSE(allowed.empty()) << "dead end after '" << text << "'";
                    const int32_t id = allowed[next() % allowed.size()];
                    if (t.isEog(id)) break;
                    text += t.piece(id);
                    c->accept(id);
                    if (!c->insideValue() || c->finished()) break;
                }
            }
        }
    }
}

TEST_P(BothVocabs, ChainPicksTheBestAllowedToken) {
    ASSERT_TRUE(m_tok);
    const Tokenizer& t = *m_tok;
    SamplingOptions o;
    o.temperature = 0;
    o.repeatPenalty = 1;
    SamplerChain chain(o);
    chain.setConstraint(constraint(t, R"({"type":"array","items":{"type":"integer"},"maxItems":1})"));
    std::vector<float> logits(static_cast<size_t>(t.vocabSize()), 0.0f);
    logits[static_cast<size_t>(idOfPiece(t, "x"))] = 9;  // refused
    logits[static_cast<size_t>(idOfPiece(t, "["))] = 5;  // best allowed
    std::string out;
    for (int i = 0; i < 8; ++i) {
        const int32_t id = chain.sample(logits);
        ASSERT_GE(id, 0);
        if (t.isEog(id)) break;
        chain.accept(id);
        out += t.piece(id);
        logits[static_cast<size_t>(id)] = -1;
    }
    EXPECT_EQ(testing::parseAndValidate(R"({"type":"array","items":{"type":"integer"},"maxItems":1})", out),
              "")
        << out;
    EXPECT_EQ(out.substr(0, 1), "[");
}

INSTANTIATE_TEST_SUITE_P(Vocabs, BothVocabs, ::testing::Values(true, false),
                         [](const auto& info) { return std::string(info.param ? "Spm" : "Bpe"); });

}  // namespace
}  // namespace peregrine
