// Byte-level BPE tokenizer (tokenizer.ggml.model = "gpt2"): the pre-tokenizer splits text into words, each
// word's bytes become GPT-2 alphabet symbols, and adjacent symbols are merged by tokenizer.ggml.merges rank
// (lowest first, leftmost on ties), as llama.cpp's BPE. With the llama-bpe pre-tokenizer a word that is
// itself a token is emitted whole (llama.cpp's ignore_merges).
#pragma once

#include <array>

#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/tokenizer.h"

namespace peregrine {

class BpeTokenizer final : public Tokenizer {
public:
    std::vector<int32_t> encode(std::string_view text, bool addBos, bool parseSpecial) const override;
    std::string piece(int32_t id, bool renderSpecial = false) const override;

private:
    friend class TokenizerBuilder;
    struct Merge {
        int32_t rank;
        int32_t result;  // token id of the merged text
    };
    // (left id, right id) -> merge; open addressing, first insertion of a pair wins (lowest rank).
    class MergeTable {
    public:
        void reserve(size_t n);
        void insert(int32_t left, int32_t right, Merge m);
        const Merge* find(int32_t left, int32_t right) const;

    private:
        struct Slot {
            uint64_t key = kEmpty;
            Merge merge{};
        };
        static constexpr uint64_t kEmpty = ~uint64_t{0};
        static uint64_t key(int32_t l, int32_t r) {
            return (static_cast<uint64_t>(static_cast<uint32_t>(l)) << 32) | static_cast<uint32_t>(r);
        }
        size_t slotOf(uint64_t k) const {
            return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> 20) & m_mask;
        }
        std::vector<Slot> m_slots;
        size_t m_mask = 0;
        size_t m_count = 0;
    };
    void encodeWord(std::string_view word, std::string& scratch, std::vector<int32_t>& out) const;

    PreTokenizerKind m_preKind = PreTokenizerKind::Gpt2;
    bool m_ignoreMerges = false;
    std::array<int32_t, 256> m_byteTokens{};  // byte -> token of its alphabet symbol, -1 when absent
    MergeTable m_merges;
};

}  // namespace peregrine
