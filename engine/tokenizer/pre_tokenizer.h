// Pre-tokenizers of byte-level BPE vocabularies: split text into words before merges, as the regex of the
// model's tokenizer.json would, implemented by hand over code point classes (no regex engine).
//   Gpt2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   Llama3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//           \s*[\r\n]+|\s+(?!\S)|\s+
//   Qwen2:  as Llama3 with \p{N} (one digit per word)
// Bytes that are not valid UTF-8 count as one "other" character each (neither letter, number nor space).
#pragma once

#include <string_view>
#include <vector>

namespace peregrine {

enum class PreTokenizerKind { Gpt2, Llama3, Qwen2 };

// Pre-tokenizer for a GGUF tokenizer.ggml.pre name ("llama-bpe", "llama3", "qwen2", ...); Gpt2 for others.
PreTokenizerKind preTokenizerFor(std::string_view preName);

// Appends the words of text to words (views into text, in order, together covering all of it). Linear time.
void splitWords(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words);

}  // namespace peregrine
