// Synthetic vocabularies of Gemma 3 and Phi-3 (SentencePiece) and Phi-4-mini (byte-level BPE, gpt-4o), with
// the families' chat templates in short (the markers our template detection and llama.cpp's key on).
#include <algorithm>
#include <cstdio>

#include "synth/synth_vocab_parts.h"

namespace peregrine::synth_detail {

namespace {

constexpr int32_t kNormal = 1;
constexpr int32_t kControl = 3;
constexpr int32_t kUserDefined = 4;
constexpr int32_t kUnused = 5;
constexpr int32_t kByte = 6;
const std::string kSpmSpace = "\xE2\x96\x81";  // U+2581, SentencePiece's word boundary

const char* const kGemmaTemplate =
    "{{ bos_token }}{%- if messages[0]['role'] == 'system' -%}{%- set first_user_prefix = "
    "messages[0]['content'] + '\n\n' -%}{%- set loop_messages = messages[1:] -%}{%- else -%}{%- set "
    "first_user_prefix = \"\" -%}{%- set loop_messages = messages -%}{%- endif -%}{%- for message in "
    "loop_messages -%}{%- if (message['role'] == 'assistant') -%}{%- set role = \"model\" -%}{%- else -%}{%- "
    "set "
    "role = message['role'] -%}{%- endif -%}{{ '<start_of_turn>' + role + '\n' + (first_user_prefix if "
    "loop.first else \"\") }}{{ message['content'] | trim }}{{ '<end_of_turn>\n' }}{%- endfor -%}{%- if "
    "add_generation_prompt -%}{{'<start_of_turn>model\n'}}{%- endif -%}";

const char* const kPhi3Template =
    "{% for message in messages %}{{'<|' + message['role'] + '|>' + '\n' + message['content'] + '<|end|>\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% else %}{{ eos_token }}{% endif %}";

const char* const kPhi4Template =
    "{% for message in messages %}{{'<|' + message['role'] + '|>' + message['content'] + '<|end|>'}}{% "
    "endfor "
    "%}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% else %}{{ eos_token }}{% endif %}";

void push(SynthVocab& v, std::string text, int32_t type, float score = 0.0f) {
    v.tokens.push_back(std::move(text));
    v.types.push_back(type);
    if (v.model == "llama") v.scores.push_back(score);
}

// SentencePiece pieces after the byte tokens: the boundary, printable ASCII characters, then merged pieces;
// scores fall with rank so shorter pieces merge first. Stops at `end` tokens.
void addSpmPieces(SynthVocab& v, int64_t end) {
    const size_t firstPiece = v.tokens.size();
    push(v, kSpmSpace, kNormal);
    for (char c = '!'; c <= '~'; ++c) push(v, std::string(1, c), kNormal);
    const int64_t count = end - static_cast<int64_t>(v.tokens.size());
    if (count > 0) addMergedPieces(v, count, kSpmSpace, false);
    v.types.resize(v.tokens.size(), kNormal);
    v.scores.resize(v.tokens.size());
    for (size_t i = firstPiece; i < v.tokens.size(); ++i) v.scores[i] = -static_cast<float>(i - firstPiece);
}

void addSpmBytes(SynthVocab& v) {
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        push(v, name, kByte);
    }
}

SynthVocab gemma3(int64_t n) {
    SynthVocab v;
    v.model = "llama";
    v.pre = "default";
    for (const char* s : {"<pad>", "<eos>", "<bos>", "<unk>", "<mask>", "[@BOS@]"}) push(v, s, kControl);
    for (int i = 0; v.tokens.size() < 105; ++i) push(v, "<unused" + std::to_string(i) + ">", kUnused);
    push(v, "<start_of_turn>", kUserDefined);
    push(v, "<end_of_turn>", kUserDefined);
    addSpmBytes(v);
    // The real vocabulary ends with the image markers; keep two of them at the top.
    addSpmPieces(v, n - 2);
    push(v, "<start_of_image>", kUserDefined);
    push(v, "<end_of_image>", kUserDefined);
    v.pad = 0;
    v.eos = 1;
    v.bos = 2;
    v.unk = 3;
    v.eot = 106;
    v.addBos = true;
    v.addSpacePrefix = false;
    v.chatTemplate = kGemmaTemplate;
    return v;
}

SynthVocab phi3(int64_t n) {
    SynthVocab v;
    v.model = "llama";
    v.pre = "default";
    push(v, "<unk>", 2);
    push(v, "<s>", kControl);
    push(v, "</s>", kControl);
    addSpmBytes(v);
    const int64_t specialsAt = std::max<int64_t>(n - 64, 259 + 96);
    addSpmPieces(v, specialsAt);
    const char* const specials[] = {"<|endoftext|>",    "<|assistant|>",    "<|placeholder1|>",
                                    "<|placeholder2|>", "<|placeholder3|>", "<|placeholder4|>",
                                    "<|system|>",       "<|end|>",          "<|placeholder5|>",
                                    "<|placeholder6|>", "<|user|>"};
    for (const char* s : specials) push(v, s, kControl);
    for (int i = 7; static_cast<int64_t>(v.tokens.size()) < n; ++i)
        push(v, "<|placeholder" + std::to_string(i) + "|>", kControl);
    v.unk = 0;
    v.bos = 1;
    v.eos = static_cast<int32_t>(specialsAt);  // <|endoftext|>
    v.pad = v.eos;
    v.addBos = true;
    v.chatTemplate = kPhi3Template;
    return v;
}

SynthVocab phi4(int64_t n) {
    SynthVocab v;
    v.model = "gpt2";
    v.pre = "gpt-4o";
    addByteTokens(v);
    // o200k: 199999 normal tokens, then specials up to 200064 (scaled: the last 65 ids).
    const int64_t specialsAt = std::max<int64_t>(n - 65, 256);
    addMergedPieces(v, specialsAt - 256, byteSymbol(' '), true);
    for (int i = 0; static_cast<int64_t>(v.tokens.size()) < specialsAt + 19; ++i)
        push(v, i == 0 ? "<|endoftext|>" : "<|dummy_" + std::to_string(i) + "|>", kControl);
    for (const char* s : {"<|endofprompt|>", "<|assistant|>", "<|end|>", "<|user|>", "<|system|>", "<|tool|>",
                          "<|/tool|>", "<|tool_call|>", "<|/tool_call|>", "<|tool_response|>", "<|tag|>"})
        push(v, s, kControl);
    for (int i = 30; static_cast<int64_t>(v.tokens.size()) < n; ++i)
        push(v, "<|dummy_" + std::to_string(i) + "|>", kControl);
    v.bos = static_cast<int32_t>(specialsAt);
    v.eos = v.bos;
    v.pad = v.bos;
    v.addBos = false;
    v.chatTemplate = kPhi4Template;
    return v;
}

}  // namespace

SynthVocab buildFamilyVocab(SynthFamily family, int64_t vocabSize) {
    SynthVocab v = family == SynthFamily::Gemma3 ? gemma3(vocabSize)
                   : family == SynthFamily::Phi3 ? phi3(vocabSize)
                                                 : phi4(vocabSize);
    v.tokens.resize(std::min<size_t>(v.tokens.size(), static_cast<size_t>(vocabSize)));
    v.types.resize(v.tokens.size());
    if (!v.scores.empty()) v.scores.resize(v.tokens.size());
    return v;
}

}  // namespace peregrine::synth_detail
