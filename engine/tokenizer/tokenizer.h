// Tokenizer built from a GGUF file's tokenizer.ggml.* metadata: SentencePiece-style (model "llama") and
// byte-level BPE (model "gpt2", pre-tokenizers "llama-bpe", "qwen2", default). Immutable after construction;
// thread-safe for concurrent const use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peregrine {

class GgufFile;

enum class TokenType : int32_t { Undefined = 0, Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

class Tokenizer {
public:
    static Result<std::unique_ptr<Tokenizer>> fromGguf(const GgufFile& file);
    virtual ~Tokenizer() = default;

    // addBos: prepend BOS (callers usually pass addBosDefault()). parseSpecial: text of control / user-defined
    // tokens (e.g. "<|eot_id|>") becomes that token instead of being split as plain text.
    virtual std::vector<int32_t> encode(std::string_view text, bool addBos, bool parseSpecial) const = 0;

    // The bytes a token contributes to output text (byte tokens -> their byte, SPM "▁" -> space, byte-level
    // BPE symbols -> raw bytes). Control tokens give "" unless renderSpecial. May be a partial UTF-8 sequence.
    virtual std::string piece(int32_t id, bool renderSpecial = false) const = 0;
    std::string decode(std::span<const int32_t> ids, bool renderSpecial = false) const;

    int32_t vocabSize() const { return static_cast<int32_t>(m_texts.size()); }
    std::string_view tokenText(int32_t id) const;  // raw vocab string; "" when out of range
    TokenType tokenType(int32_t id) const;
    std::optional<int32_t> findToken(std::string_view text) const;

    int32_t bos() const { return m_bos; }  // -1 when the vocab has none
    int32_t eos() const { return m_eos; }
    bool addBosDefault() const { return m_addBos; }
    // End of generation: eos, eot, eom and the usual end-of-turn tokens found in the vocab
    // (<|eot_id|>, <|im_end|>, <|end|>, <end_of_turn>, <|endoftext|>, </s>).
    bool isEog(int32_t id) const;
    const std::vector<int32_t>& eogTokens() const { return m_eog; }
    std::string_view modelName() const { return m_model; }  // "llama" or "gpt2"
    std::string_view preName() const { return m_pre; }

protected:
    std::vector<std::string> m_texts;
    std::vector<float> m_scores;
    std::vector<TokenType> m_types;
    int32_t m_bos = -1;
    int32_t m_eos = -1;
    bool m_addBos = false;
    std::vector<int32_t> m_eog;
    std::string m_model;
    std::string m_pre;
};

// Turns a stream of token pieces into complete UTF-8 text: bytes of a character split across tokens are held
// back until the character is complete. Invalid sequences are emitted as U+FFFD rather than dropped silently.
class Utf8StreamDecoder {
public:
    std::string push(std::string_view bytes);  // returns text that is now complete
    std::string flush();                       // whatever is held back (as U+FFFD if incomplete)

private:
    std::string m_pending;
};

}  // namespace peregrine
