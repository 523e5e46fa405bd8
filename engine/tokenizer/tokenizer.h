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
#include "tokenizer/token_index.h"

namespace peregrine {

class GgufFile;
class SpecialTokenMatcher;
struct VocabData;

enum class TokenType : int32_t {
    Undefined = 0,
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6
};

class Tokenizer {
public:
    // Errors name the key and index at fault (length mismatches, ids >= vocab size, malformed byte tokens,
    // unsupported tokenizer.ggml.model). Never aborts on file content.
    static Result<std::unique_ptr<Tokenizer>> fromGguf(const GgufFile& file);
    // Same validation for metadata built in memory (tests, synthetic models). See vocab_data.h.
    static Result<std::unique_ptr<Tokenizer>> fromVocab(VocabData data);
    virtual ~Tokenizer();

    // addBos: prepend BOS (callers usually pass addBosDefault()). parseSpecial: text of control /
    // user-defined tokens (e.g. "<|eot_id|>") becomes that token instead of being split as plain text. As in
    // llama.cpp and Hugging Face tokenizers, user-defined tokens (type 4, "added tokens") are matched even
    // without parseSpecial; control and unknown tokens only with it. Longest match wins, leftmost first.
    // Cost: O(n log n) in the text length (merges use a priority queue per word / fragment); no allocation
    // beyond the output and per-call scratch.
    virtual std::vector<int32_t> encode(std::string_view text, bool addBos, bool parseSpecial) const = 0;

    // The bytes a token contributes to output text (byte tokens -> their byte, SPM "▁" -> space, byte-level
    // BPE symbols -> raw bytes). Control tokens give "" unless renderSpecial. May be a partial UTF-8
    // sequence.
    virtual std::string piece(int32_t id, bool renderSpecial = false) const = 0;
    // Pieces concatenated; for vocabs that prepend a space (SentencePiece add_space_prefix) the space of the
    // first text token (after a leading BOS) is dropped, so decode(encode(t, ...)) == t for ordinary text.
    std::string decode(std::span<const int32_t> ids, bool renderSpecial = false) const;

    int32_t vocabSize() const { return static_cast<int32_t>(m_texts.size()); }
    std::string_view tokenText(int32_t id) const;  // raw vocab string; "" when out of range
    TokenType tokenType(int32_t id) const;
    std::optional<int32_t> findToken(std::string_view text) const;

    int32_t bos() const { return m_bos; }  // -1 when the vocab has none
    int32_t eos() const { return m_eos; }
    int32_t eot() const { return m_eot; }  // end of turn (metadata, else found by text), -1 when none
    int32_t eom() const { return m_eom; }
    int32_t unk() const { return m_unk; }
    bool addSpacePrefix() const { return m_addSpacePrefix; }
    bool addBosDefault() const { return m_addBos; }
    // End of generation: eos, eot, eom and the usual end-of-turn tokens found in the vocab (<|eot_id|>,
    // <|im_end|>, <|end|>, <end_of_turn>, <|endoftext|>, <|eom_id|>, <EOT>, </s>). As in llama.cpp, those
    // texts except </s> are given control type (so piece() renders them only with renderSpecial).
    bool isEog(int32_t id) const;
    const std::vector<int32_t>& eogTokens() const { return m_eog; }
    std::string_view modelName() const { return m_model; }  // "llama" or "gpt2"
    std::string_view preName() const { return m_pre; }

protected:
    Tokenizer() = default;
    // Calls onText(fragment) for runs of plain text and onToken(id) for special tokens found in text, in
    // order.
    template <typename OnText, typename OnToken>
    void partition(std::string_view text, bool parseSpecial, OnText&& onText, OnToken&& onToken) const;
    size_t specialMatch(std::string_view text, size_t pos, bool parseSpecial, int32_t& id) const;
    std::optional<int32_t> lookup(std::string_view text) const { return m_ids.find(text); }

    std::vector<std::string> m_texts;
    std::vector<float> m_scores;
    std::vector<TokenType> m_types;
    int32_t m_bos = -1;
    int32_t m_eos = -1;
    int32_t m_eot = -1;
    int32_t m_eom = -1;
    int32_t m_unk = -1;
    bool m_addBos = false;
    bool m_addSpacePrefix = false;
    TokenIndex m_ids;  // over m_texts; a repeated text maps to its last id
    std::shared_ptr<const SpecialTokenMatcher> m_specials;
    std::vector<int32_t> m_eog;
    std::vector<bool> m_rstrip;  // per id: ASCII whitespace after this special token in the text is dropped
    std::string m_model;
    std::string m_pre;

    friend class TokenizerBuilder;
};

template <typename OnText, typename OnToken>
void Tokenizer::partition(std::string_view text, bool parseSpecial, OnText&& onText,
                          OnToken&& onToken) const {
    size_t start = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        int32_t id = -1;
        const size_t n = specialMatch(text, pos, parseSpecial, id);
        if (n == 0) {
            ++pos;
            continue;
        }
        if (pos > start) onText(text.substr(start, pos - start));
        onToken(id);
        pos += n;
        if (!m_rstrip.empty() && m_rstrip[static_cast<size_t>(id)])
            while (pos < text.size() && (text[pos] == ' ' || (text[pos] >= '\t' && text[pos] <= '\r'))) ++pos;
        start = pos;
    }
    if (start < text.size()) onText(text.substr(start));
}

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
