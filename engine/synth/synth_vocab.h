// A byte-level BPE vocabulary for synthetic models, shaped like the real family's: the 256 GPT-2 byte
// symbols, merged lowercase-word pieces with a consistent merge list (every merge's parts and result are
// tokens), the family's special tokens at their real ids, and filler so the token count equals the
// embedding's rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "synth/synth_shape.h"

namespace peregrine {

struct SynthVocab {
    std::string model = "gpt2";  // tokenizer.ggml.model: "gpt2" (byte-level BPE) or "llama" (SentencePiece)
    std::string pre;             // tokenizer.ggml.pre: "llama-bpe", "qwen2", "gpt-4o", "default"
    std::vector<std::string> tokens;
    std::vector<float> scores;        // SentencePiece only (empty: not written)
    std::vector<int32_t> types;       // 1 normal, 3 control, 4 user defined, 5 unused, 6 byte
    std::vector<std::string> merges;  // byte-level BPE only
    int32_t bos = -1;
    int32_t eos = -1;
    int32_t eot = -1;  // -1: not written
    int32_t pad = -1;
    int32_t unk = -1;  // -1: not written
    bool addBos = false;
    std::optional<bool> addSpacePrefix;  // not written when empty
    std::string chatTemplate;
};

// vocabSize: the embedding's rows (tokens.size() == vocabSize). Llama 3: 256 specials at the top
// (<|begin_of_text|> = vocabSize - 256); Qwen2: 22 specials after 151643 normal tokens (scaled down for
// smaller vocabularies) and [PADn] filler up to vocabSize.
// Qwen3: Qwen2's plus <tool_response>, </tool_response>, <think>, </think> (151665-151668). Gemma 3:
// SentencePiece with Gemma's special ids (<pad> 0, <eos> 1, <bos> 2, <unk> 3, <mask> 4, <start_of_turn> 105,
// <end_of_turn> 106), byte tokens, no space prefix. Phi-3: Llama 2's SentencePiece layout (<unk> 0, <s> 1,
// </s> 2, bytes 3-258) with Phi's chat tokens from vocabSize - 64 (32000 in the real 32064). Phi-4-mini:
// byte-level BPE with pre-tokenizer gpt-4o and its specials at the o200k ids (<|endoftext|> 199999,
// <|assistant|> 200019, <|end|> 200020, <|user|> 200021, <|system|> 200022), scaled down for smaller
// vocabularies.
SynthVocab buildSynthVocab(SynthFamily family, int64_t vocabSize);

// The GPT-2 byte-to-unicode symbol (UTF-8) for a byte: printable Latin-1 bytes map to themselves, the rest to
// U+0100 + n in byte order (space -> "Ġ", newline -> "Ċ").
std::string byteSymbol(uint8_t byte);

}  // namespace peregrine
