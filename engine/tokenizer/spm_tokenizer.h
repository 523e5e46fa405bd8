// SentencePiece-style tokenizer (tokenizer.ggml.model = "llama"), as llama.cpp's SPM: spaces become "▁" (with
// one prepended per add_space_prefix at the start and after each special token), then adjacent pieces are
// merged greedily by vocab score (highest first, leftmost on ties), and characters left without a token fall
// back to <0xXX> byte tokens, else to the unknown token.
#pragma once

#include <array>

#include "tokenizer/tokenizer.h"

namespace peregrine {

class SpmTokenizer final : public Tokenizer {
public:
    std::vector<int32_t> encode(std::string_view text, bool addBos, bool parseSpecial) const override;
    std::string piece(int32_t id, bool renderSpecial = false) const override;

private:
    friend class TokenizerBuilder;
    // Appends the tokens of one escaped fragment (spaces already "▁").
    void encodeFragment(std::string_view text, std::vector<int32_t>& out) const;

    std::array<int32_t, 256>
        m_byteTokens{};                // byte -> <0xXX> token (else the 1-char token, else unk, else -1)
    std::vector<int16_t> m_byteValue;  // token -> byte for BYTE tokens, -1 otherwise
};

}  // namespace peregrine
