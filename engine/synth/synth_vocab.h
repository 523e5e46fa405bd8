// A byte-level BPE vocabulary for synthetic models, shaped like the real family's: the 256 GPT-2 byte
// symbols, merged lowercase-word pieces with a consistent merge list (every merge's parts and result are
// tokens), the family's special tokens at their real ids, and filler so the token count equals the
// embedding's rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/synth_shape.h"

namespace peregrine {

struct SynthVocab {
    std::string model = "gpt2";  // tokenizer.ggml.model
    std::string pre;             // tokenizer.ggml.pre: "llama-bpe" or "qwen2"
    std::vector<std::string> tokens;
    std::vector<int32_t> types;  // 1 normal, 3 control, 4 user defined, 5 unused
    std::vector<std::string> merges;
    int32_t bos = -1;
    int32_t eos = -1;
    int32_t eot = -1;  // -1: not written
    int32_t pad = -1;
    bool addBos = false;
    std::string chatTemplate;
};

// vocabSize: the embedding's rows (tokens.size() == vocabSize). Llama 3: 256 specials at the top
// (<|begin_of_text|> = vocabSize - 256); Qwen2: 22 specials after 151643 normal tokens (scaled down for
// smaller vocabularies) and [PADn] filler up to vocabSize.
SynthVocab buildSynthVocab(SynthFamily family, int64_t vocabSize);

// The GPT-2 byte-to-unicode symbol (UTF-8) for a byte: printable Latin-1 bytes map to themselves, the rest to
// U+0100 + n in byte order (space -> "Ġ", newline -> "Ċ").
std::string byteSymbol(uint8_t byte);

}  // namespace peregrine
