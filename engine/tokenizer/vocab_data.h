// The tokenizer.ggml.* metadata of a model as plain data: what Tokenizer::fromGguf reads from a file, and
// what tests and synthetic models build in memory. Tokenizer::fromVocab validates it (lengths, ids, byte
// tokens).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace peregrine {

struct VocabData {
    std::string model;  // tokenizer.ggml.model: "llama" (SentencePiece-style) or "gpt2" (byte-level BPE)
    std::string pre;    // tokenizer.ggml.pre: "llama-bpe", "qwen2", ... ("" = default)
    std::vector<std::string> tokens;
    std::vector<float> scores;        // empty = all 0; else one per token
    std::vector<int32_t> types;       // empty = all Normal; else one per token (TokenType values)
    std::vector<std::string> merges;  // gpt2 only: "left right", highest priority first
    // Special ids as stored (-1 or absent = none; 0xFFFFFFFF in a file reads as none too).
    std::optional<int64_t> bos, eos, eot, eom, unk;
    std::optional<bool> addBos;  // default: true for "llama" and the llama-bpe pre-tokenizer, else false
    std::optional<bool> addSpacePrefix;  // default: true for "llama", false for "gpt2"
    // general.name: llama.cpp keys some token attributes on it (Phi-3: whitespace after a special token
    // in the text is dropped, its "rstrip").
    std::string generalName;
};

}  // namespace peregrine
