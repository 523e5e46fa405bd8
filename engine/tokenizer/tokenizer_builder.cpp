// Tokenizer::fromVocab: validates VocabData and builds the SPM or BPE tokenizer with its lookup tables.
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>

#include "tokenizer/bpe_tokenizer.h"
#include "tokenizer/byte_encoding.h"
#include "tokenizer/special_token_matcher.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/vocab_data.h"

namespace peregrine {

namespace {

// Texts that end a turn in common chat formats: such tokens end generation and are forced to control type
// (llama.cpp does the same, so their text is not rendered and only parsed as special on request).
constexpr std::array<std::string_view, 7> kEogTexts = {
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>"};
// End-of-turn candidates when tokenizer.ggml.eot_token_id is absent, in order of preference.
constexpr std::array<std::string_view, 6> kEotTexts = {"<|eot_id|>",    "<|im_end|>",    "<|end|>",
                                                       "<end_of_turn>", "<|endoftext|>", "<EOT>"};

bool isLlama3Pre(std::string_view pre) {
    return pre == "llama-bpe" || pre == "llama3" || pre == "llama-v3" || pre == "falcon3";
}

std::string shortText(std::string_view t) {
    return t.size() > 40 ? std::string(t.substr(0, 40)) + "..." : std::string(t);
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

class TokenizerBuilder {
public:
    static Result<std::unique_ptr<Tokenizer>> build(VocabData data) {
        if (data.model.empty()) return Status::error("tokenizer.ggml.model is missing");
        if (data.model == "llama") {
            auto t = std::unique_ptr<SpmTokenizer>(new SpmTokenizer());
            if (Status s = fillCommon(*t, data); !s) return s;
            if (Status s = finishSpm(*t, data); !s) return s;
            return std::unique_ptr<Tokenizer>(std::move(t));
        }
        if (data.model == "gpt2") {
            auto t = std::unique_ptr<BpeTokenizer>(new BpeTokenizer());
            if (Status s = fillCommon(*t, data); !s) return s;
            if (Status s = finishBpe(*t, data); !s) return s;
            return std::unique_ptr<Tokenizer>(std::move(t));
        }
        return Status::error("unsupported tokenizer.ggml.model '" + shortText(data.model) +
                             "' (supported: llama, gpt2)");
    }

private:
    // llama.cpp (llama-vocab.cpp) gives every special token of a model named like Phi-3 the rstrip attribute,
    // and </s>, except <unk>, <s> and <|endoftext|>.
    static void setRstrip(Tokenizer& t, std::string name) {
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name.find("phi-3") == std::string::npos && name.find("phi3") == std::string::npos) return;
        t.m_rstrip.assign(t.m_texts.size(), false);
        for (size_t i = 0; i < t.m_texts.size(); ++i) {
            const TokenType ty = t.m_types[i];
            t.m_rstrip[i] =
                ty == TokenType::Control || ty == TokenType::UserDefined || ty == TokenType::Unknown;
        }
        if (auto id = t.lookup("</s>")) t.m_rstrip[static_cast<size_t>(*id)] = true;
        for (std::string_view text : {"<unk>", "<s>", "<|endoftext|>"})
            if (auto id = t.lookup(text)) t.m_rstrip[static_cast<size_t>(*id)] = false;
    }

    // Resolves an optional special id: absent -> fallback; -1 / 0xFFFFFFFF -> none; out of range -> error.
    static Status resolveId(const char* key, const std::optional<int64_t>& v, int32_t fallback, int32_t n,
                            int32_t& out) {
        out = fallback < n ? fallback : -1;
        if (!v) return Status::ok();
        if (*v == -1 || *v == 0xFFFFFFFFLL) {
            out = -1;
            return Status::ok();
        }
        if (*v < 0 || *v >= n) {
            return Status::error(std::string("tokenizer.ggml.") + key + " is " + std::to_string(*v) +
                                 " but the vocabulary has " + std::to_string(n) + " tokens");
        }
        out = static_cast<int32_t>(*v);
        return Status::ok();
    }

    static Status fillCommon(Tokenizer& t, VocabData& d) {
        const size_t n = d.tokens.size();
        if (n == 0) return Status::error("tokenizer.ggml.tokens is missing or empty");
        if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
            return Status::error("tokenizer.ggml.tokens has too many entries");
        }
        const std::string count = std::to_string(n);
        if (!d.scores.empty() && d.scores.size() != n) {
            return Status::error("tokenizer.ggml.scores has " + std::to_string(d.scores.size()) +
                                 " entries but tokenizer.ggml.tokens has " + count);
        }
        if (!d.types.empty() && d.types.size() != n) {
            return Status::error("tokenizer.ggml.token_type has " + std::to_string(d.types.size()) +
                                 " entries but tokenizer.ggml.tokens has " + count);
        }
        t.m_model = d.model;
        t.m_pre = d.pre;
        t.m_texts = std::move(d.tokens);
        t.m_scores = d.scores.empty() ? std::vector<float>(n, 0.0f) : std::move(d.scores);
        for (float& score : t.m_scores) {
            if (std::isnan(score))
                score = -std::numeric_limits<float>::infinity();  // keeps merge order total
        }
        t.m_types.assign(n, TokenType::Normal);
        for (size_t i = 0; i < n; ++i) {
            if (t.m_texts[i].empty()) t.m_texts[i] = "[EMPTY_" + std::to_string(i) + "]";  // as llama.cpp
            if (!d.types.empty()) {
                const int32_t v = d.types[i];
                t.m_types[i] = (v >= 0 && v <= 6) ? static_cast<TokenType>(v) : TokenType::Undefined;
            }
        }
        t.m_ids.build(t.m_texts);

        const bool spm = d.model == "llama";
        const auto ni = static_cast<int32_t>(n);
        if (Status s = resolveId("bos_token_id", d.bos, spm ? 1 : -1, ni, t.m_bos); !s) return s;
        if (Status s = resolveId("eos_token_id", d.eos, spm ? 2 : -1, ni, t.m_eos); !s) return s;
        if (Status s = resolveId("eot_token_id", d.eot, -1, ni, t.m_eot); !s) return s;
        if (Status s = resolveId("eom_token_id", d.eom, -1, ni, t.m_eom); !s) return s;
        if (Status s = resolveId("unknown_token_id", d.unk, spm ? 0 : -1, ni, t.m_unk); !s) return s;
        if (t.m_eot < 0) {
            for (std::string_view text : kEotTexts) {
                if (auto id = t.lookup(text)) {
                    t.m_eot = *id;
                    break;
                }
            }
        }
        if (t.m_eom < 0) t.m_eom = t.lookup("<|eom_id|>").value_or(-1);

        // End of generation: tokens by text (forced to control type, as llama.cpp does), then eos/eot/eom.
        auto addEog = [&](int32_t id) {
            if (id >= 0 && !t.isEog(id)) t.m_eog.push_back(id);
        };
        for (std::string_view text : kEogTexts) {
            if (auto id = t.lookup(text)) {
                t.m_types[*id] = TokenType::Control;
                addEog(*id);
            }
        }
        if (auto id = t.lookup("</s>")) addEog(*id);
        addEog(t.m_eos);
        addEog(t.m_eot);
        addEog(t.m_eom);

        setRstrip(t, d.generalName);

        auto specials = std::make_shared<SpecialTokenMatcher>();
        for (size_t i = 0; i < n; ++i) {
            const TokenType ty = t.m_types[i];
            if (ty == TokenType::Control || ty == TokenType::UserDefined || ty == TokenType::Unknown) {
                specials->add(t.m_texts[i], static_cast<int32_t>(i), ty == TokenType::UserDefined);
            }
        }
        if (!specials->empty()) t.m_specials = std::move(specials);
        return Status::ok();
    }

    static Status finishSpm(SpmTokenizer& t, const VocabData& d) {
        t.m_addBos = d.addBos.value_or(true);
        t.m_addSpacePrefix = d.addSpacePrefix.value_or(true);
        t.m_byteValue.assign(t.m_texts.size(), -1);
        for (size_t i = 0; i < t.m_texts.size(); ++i) {
            if (t.m_types[i] != TokenType::Byte) continue;
            const std::string& s = t.m_texts[i];
            const int hi = s.size() == 6 ? hexDigit(s[3]) : -1;
            const int lo = s.size() == 6 ? hexDigit(s[4]) : -1;
            if (s.size() != 6 || s.compare(0, 3, "<0x") != 0 || s[5] != '>' || hi < 0 || lo < 0) {
                return Status::error("tokenizer.ggml.tokens[" + std::to_string(i) +
                                     "] has type BYTE but its text '" + shortText(s) +
                                     "' is not of the form <0xXX>");
            }
            t.m_byteValue[i] = static_cast<int16_t>(hi * 16 + lo);
        }
        for (int b = 0; b < 256; ++b) {
            char name[8];
            std::snprintf(name, sizeof name, "<0x%02X>", b);
            const char raw = static_cast<char>(b);
            t.m_byteTokens[b] =
                t.lookup(name).value_or(t.lookup(std::string_view(&raw, 1)).value_or(t.m_unk));
        }
        return Status::ok();
    }

    static Status finishBpe(BpeTokenizer& t, const VocabData& d) {
        if (d.merges.empty()) {
            return Status::error("tokenizer.ggml.merges is missing or empty (a gpt2 vocabulary needs it)");
        }
        const auto pre = preTokenizerFor(d.pre);
        if (!pre)
            return Status::error("pre-tokenizer '" + shortText(d.pre) +
                                 "' (tokenizer.ggml.pre) is not supported by this engine (supported: " +
                                 supportedPreTokenizerNames() + ")");
        t.m_preKind = *pre;
        t.m_ignoreMerges = isLlama3Pre(d.pre);
        t.m_addBos = d.addBos.value_or(isLlama3Pre(d.pre));
        t.m_addSpacePrefix = false;
        for (int b = 0; b < 256; ++b) {
            t.m_byteTokens[b] = t.lookup(byte_encoding::symbolOf(static_cast<uint8_t>(b))).value_or(-1);
        }
        // Merges whose parts or result are not tokens can never apply to token symbols and are skipped.
        t.m_merges.reserve(d.merges.size());
        std::string joined;
        for (size_t rank = 0; rank < d.merges.size(); ++rank) {
            const std::string& m = d.merges[rank];
            const size_t space = m.find(' ', 1);
            if (space == std::string::npos) continue;
            const std::string_view left = std::string_view(m).substr(0, space);
            const std::string_view right = std::string_view(m).substr(space + 1);
            const auto l = t.lookup(left);
            const auto r = t.lookup(right);
            if (!l || !r) continue;
            joined.assign(left);
            joined.append(right);
            const auto result = t.lookup(joined);
            if (!result) continue;
            t.m_merges.insert(*l, *r, BpeTokenizer::Merge{static_cast<int32_t>(rank), *result});
        }
        return Status::ok();
    }
};

Result<std::unique_ptr<Tokenizer>> Tokenizer::fromVocab(VocabData data) {
    return TokenizerBuilder::build(std::move(data));
}

}  // namespace peregrine
