// Synthetic byte-level BPE vocabularies (see synth_vocab.h) and the families' usual chat templates.
#include "synth/synth_vocab.h"

#include "synth/synth_vocab_parts.h"

#include <algorithm>

namespace peregrine {

namespace {

std::string utf8(uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

bool printableLatin1(int b) {
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

}  // namespace

namespace synth_detail {

void addMergedPieces(SynthVocab& v, int64_t count, const std::string& space, bool withMerges) {
    std::vector<std::string> prev;  // pieces of the previous level, in order
    auto add = [&](const std::string& left, const std::string& right) {
        if (count <= 0) return false;
        if (withMerges) v.merges.push_back(left + " " + right);
        v.tokens.push_back(left + right);
        v.types.push_back(1);
        --count;
        return true;
    };
    // Level 2: "Ġa".."Ġz", then "aa".."zz".
    for (char c = 'a'; c <= 'z'; ++c) {
        if (!add(space, std::string(1, c))) return;
        prev.push_back(v.tokens.back());
    }
    for (char a = 'a'; a <= 'z'; ++a)
        for (char b = 'a'; b <= 'z'; ++b) {
            if (!add(std::string(1, a), std::string(1, b))) return;
            prev.push_back(v.tokens.back());
        }
    // Further levels: every piece of the previous level extended by each letter.
    while (count > 0) {
        std::vector<std::string> next;
        for (const std::string& p : prev)
            for (char c = 'a'; c <= 'z'; ++c) {
                if (!add(p, std::string(1, c))) return;
                next.push_back(v.tokens.back());
            }
        prev = std::move(next);
    }
}

}  // namespace synth_detail

namespace {

using synth_detail::addMergedPieces;

const char* const kLlama3Template =
    "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
    "'<|start_header_id|>' + "
    "message['role'] + '<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' %}{% if "
    "loop.index0 == 0 "
    "%}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if "
    "add_generation_prompt %}{{ "
    "'<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

const char* const kQwen2Template =
    "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\n' + messages[0]['content'] + "
    "'<|im_end|>\n' "
    "}}{%- else %}{{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
    "assistant.<|im_end|>\n' }}{%- endif %}{%- for message in messages %}{%- if not (message.role == "
    "'system' and "
    "loop.first) %}{{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}{%- "
    "endif "
    "%}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- endif %}";

std::vector<std::string> llama3Specials() {
    std::vector<std::string> s = {"<|begin_of_text|>",
                                  "<|end_of_text|>",
                                  "<|reserved_special_token_0|>",
                                  "<|reserved_special_token_1|>",
                                  "<|finetune_right_pad_id|>",
                                  "<|reserved_special_token_2|>",
                                  "<|start_header_id|>",
                                  "<|end_header_id|>",
                                  "<|eom_id|>",
                                  "<|eot_id|>",
                                  "<|python_tag|>"};
    for (int i = 3; s.size() < 256; ++i) s.push_back("<|reserved_special_token_" + std::to_string(i) + "|>");
    return s;
}

const char* const kQwen2Specials[] = {
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>", "<|object_ref_end|>",
    "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>",
    "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>", "<tool_call>", "</tool_call>", "<|fim_prefix|>",
    "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
    // Qwen3 only (the first 22 are Qwen2's).
    "<tool_response>", "</tool_response>", "<think>", "</think>"};
constexpr int64_t kQwen2SpecialCount = 22;

// Qwen3's template in short: ChatML, with an empty think block after the generation prompt when
// enable_thinking is false (what the real template does), and earlier thinking stripped from history.
const char* const kQwen3Template =
    "{%- for message in messages %}{%- set content = message.content %}{%- if message.role == 'assistant' "
    "and "
    "'</think>' in content %}{%- set content = content.split('</think>')[-1].lstrip('\n') %}{%- endif %}{{- "
    "'<|im_start|>' + message.role + '\n' + content + '<|im_end|>' + '\n' }}{%- endfor %}{%- if "
    "add_generation_prompt %}{{- '<|im_start|>assistant\n' }}{%- if enable_thinking is defined and "
    "enable_thinking is false %}{{- '<think>\n\n</think>\n\n' }}{%- endif %}{%- endif %}";

}  // namespace

void synth_detail::addByteTokens(SynthVocab& v) {
    for (int b = 0; b < 256; ++b) {
        v.tokens.push_back(byteSymbol(static_cast<uint8_t>(b)));
        v.types.push_back(1);
    }
}

std::string byteSymbol(uint8_t byte) {
    if (printableLatin1(byte)) return utf8(byte);
    int n = 0;  // index among the non-printable bytes
    for (int b = 0; b < byte; ++b)
        if (!printableLatin1(b)) ++n;
    return utf8(256 + n);
}

SynthVocab buildSynthVocab(SynthFamily family, int64_t vocabSize) {
    if (family != SynthFamily::Llama3 && family != SynthFamily::Qwen2 && family != SynthFamily::Qwen3)
        return synth_detail::buildFamilyVocab(family, vocabSize);
    SynthVocab v;
    synth_detail::addByteTokens(v);
    const std::string space = byteSymbol(' ');
    if (family == SynthFamily::Llama3) {
        const std::vector<std::string> specials = llama3Specials();
        const int64_t normal = std::max<int64_t>(256, vocabSize - static_cast<int64_t>(specials.size()));
        addMergedPieces(v, normal - 256, space, true);
        const int32_t first = static_cast<int32_t>(v.tokens.size());
        for (const auto& s : specials) {
            if (static_cast<int64_t>(v.tokens.size()) >= vocabSize) break;
            v.tokens.push_back(s);
            v.types.push_back(3);
        }
        v.pre = "llama-bpe";
        v.bos = first;
        v.eos = first + 9;  // <|eot_id|>, as the instruct models set it
        v.eot = first + 9;
        v.pad = first + 4;
        v.addBos = true;
        v.chatTemplate = kLlama3Template;
    } else {
        const int64_t kSpecials = family == SynthFamily::Qwen3
                                      ? static_cast<int64_t>(sizeof kQwen2Specials / sizeof kQwen2Specials[0])
                                      : kQwen2SpecialCount;
        // The real vocabulary: 151643 normal tokens, 22 (Qwen3: 26) specials, filler to 151936.
        const int64_t normal = std::max<int64_t>(256, std::min<int64_t>(151643, vocabSize - kSpecials));
        addMergedPieces(v, normal - 256, space, true);
        const int32_t first = static_cast<int32_t>(v.tokens.size());
        for (int64_t i = 0; i < kSpecials; ++i) {
            const std::string_view name(kQwen2Specials[i]);
            v.tokens.emplace_back(name);
            const bool userDefined = name.front() != '<' || name[1] != '|';  // <tool_call>, </tool_call>
            v.types.push_back(userDefined || name.find("fim") != std::string_view::npos ||
                                      name == "<|repo_name|>" || name == "<|file_sep|>"
                                  ? 4
                                  : 3);
        }
        while (static_cast<int64_t>(v.tokens.size()) < vocabSize) {
            v.tokens.push_back("[PAD" + std::to_string(v.tokens.size()) + "]");
            v.types.push_back(5);
        }
        v.pre = "qwen2";
        v.bos = first;      // <|endoftext|>
        v.eos = first + 2;  // <|im_end|>
        v.pad = first;
        v.addBos = false;
        v.chatTemplate = family == SynthFamily::Qwen3 ? kQwen3Template : kQwen2Template;
    }
    v.tokens.resize(std::min<size_t>(v.tokens.size(), vocabSize));
    v.types.resize(v.tokens.size());
    return v;
}

}  // namespace peregrine
