// Internal to peregrine_tokenizer: pre-tokenizers that llama.cpp runs as several expressions in turn
// (Default, Falcon, Starcoder, DeepseekCoder, DeepseekLlm; see pre_tokenizer.h).
#pragma once

#include <string_view>
#include <vector>

#include "tokenizer/pre_tokenizer.h"

namespace peregrine {

// Appends the words of text (views into it, in order, covering all of it). Each stage splits every piece of
// the previous stage into its leftmost-first matches and the runs between them, as llama.cpp's
// unicode_regex_split does with std::regex. Linear in the text for each stage.
void splitStaged(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words);

}  // namespace peregrine
