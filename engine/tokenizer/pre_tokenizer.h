// Pre-tokenizers of byte-level BPE vocabularies: split text into words before merges, as the regex of the
// model's tokenizer.json would, implemented by hand over code point classes (no regex engine).
//   Gpt2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//   Llama3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//           \s*[\r\n]+|\s+(?!\S)|\s+
//   Qwen2:  as Llama3 with \p{N} (one digit per word)
// and, as llama.cpp applies several expressions in turn (each splitting the pieces of the previous one into
// its matches and the text between them; pre_tokenizer_stages.cpp):
//   Default (tokenizer.ggml.pre "default" or absent): [\p{P}$+<=>^~|]+, Gpt2, \p{N}+, [0-9][0-9][0-9]
//   Falcon:        [\p{P}$+<=>^~|`]+, Gpt2, [0-9][0-9][0-9]
//   Starcoder:     \p{N}, Gpt2
//   DeepseekCoder: [\r\n], \s?\p{L}+, \s?\p{P}+, [CJK]+, \p{N}
//   DeepseekLlm:   [\r\n], \s?[Latin/Greek/Cyrillic/... letters]+, \s?[ASCII/full-width punctuation]+, \s+$,
//                  [CJK]+, \p{N}+
//   Gpt4o (o200k, Phi-4-mini, Llama 4): digit groups of three from the right, then the case-aware o200k
//                  expression
// Bytes that are not valid UTF-8 count as one "other" character each (neither letter, number nor space).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peregrine {

enum class PreTokenizerKind {
    Gpt2,
    Llama3,
    Qwen2,
    Default,
    Falcon,
    Starcoder,
    DeepseekCoder,
    DeepseekLlm,
    Gpt4o
};

// Pre-tokenizer for a GGUF tokenizer.ggml.pre name, as llama.cpp maps the names ("llama-bpe" -> Llama3,
// "gpt-2" -> Gpt2, "" and "default" -> Default, ...); nullopt for a name this engine does not implement.
std::optional<PreTokenizerKind> preTokenizerFor(std::string_view preName);
// The names preTokenizerFor accepts, comma-separated, for messages.
std::string supportedPreTokenizerNames();

// Appends the words of text to words (views into text, in order, together covering all of it). Linear time.
void splitWords(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words);

}  // namespace peregrine
