#include "tokenizer/pre_tokenizer.h"

#include <cstdint>

#include "tokenizer/code_points.h"
#include "tokenizer/pre_tokenizer_stages.h"
#include "tokenizer/unicode.h"

namespace peregrine {

namespace {

uint32_t asciiLower(uint32_t c) {
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// Length of a contraction ('s 't 're 've 'm 'll 'd) starting at i, or 0.
size_t contraction(const CodePoints& cps, size_t i, bool caseInsensitive) {
    if (cps.at(i) != '\'' || !cps.exists(i + 1)) return 0;
    auto norm = [&](size_t k) { return caseInsensitive ? asciiLower(cps.at(k)) : cps.at(k); };
    const uint32_t c1 = norm(i + 1);
    if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') return 2;
    if (!cps.exists(i + 2)) return 0;
    const uint32_t c2 = norm(i + 2);
    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return 3;
    return 0;
}

// Whitespace alternatives shared by both regex families. Returns the end of the match at i (> i), or i when
// there is no whitespace at i. withNewlineRule adds \s*[\r\n]+ (Llama 3 / Qwen 2).
size_t whitespaceEnd(const CodePoints& cps, size_t i, bool withNewlineRule) {
    size_t n = 0;
    size_t lastNewlineEnd = 0;
    while (cps.space(i + n)) {
        const uint32_t c = cps.at(i + n);
        if (c == '\r' || c == '\n') lastNewlineEnd = i + n + 1;
        ++n;
    }
    if (withNewlineRule && lastNewlineEnd > 0) return lastNewlineEnd;  // \s*[\r\n]+
    if (n > 1 && cps.exists(i + n)) return i + n - 1;                  // \s+(?!\S)
    return i + n;                                                      // \s+
}

void splitGpt2(const CodePoints& cps, std::vector<std::string_view>& words) {
    size_t i = 0;
    const size_t n = cps.size();
    while (i < n) {
        size_t end = i + contraction(cps, i, false);
        if (end == i) {
            const size_t j = cps.at(i) == ' ' ? i + 1 : i;  // optional leading space
            if (cps.letter(j)) {
                end = j;
                while (cps.letter(end)) ++end;
            } else if (cps.number(j)) {
                end = j;
                while (cps.number(end)) ++end;
            } else if (cps.other(j)) {
                end = j;
                while (cps.other(end)) ++end;
            } else {
                end = whitespaceEnd(cps, i, false);
                if (end == i) end = i + 1;  // no alternative matches: a word of one character
            }
        }
        words.push_back(cps.span(i, end));
        i = end;
    }
}

void splitLlama3(const CodePoints& cps, size_t maxDigits, std::vector<std::string_view>& words) {
    size_t i = 0;
    const size_t n = cps.size();
    while (i < n) {
        const uint32_t c = cps.at(i);
        size_t end = i + contraction(cps, i, true);
        if (end > i) {
            // (?i:'s|'t|...)
        } else if (!(c == '\r' || c == '\n' || cps.number(i)) && (cps.letter(i) || cps.letter(i + 1))) {
            end = i + 1;  // [^\r\n\p{L}\p{N}]?\p{L}+
            while (cps.letter(end)) ++end;
        } else if (cps.number(i)) {
            end = i;  // \p{N}{1,maxDigits}
            while (cps.number(end) && end - i < maxDigits) ++end;
        } else if (const size_t j = c == ' ' ? i + 1 : i; cps.other(j) || (c == ' ' && !cps.exists(j))) {
            end = j;  //  ?[^\s\p{L}\p{N}]+[\r\n]*
            while (cps.other(end)) ++end;
            while (cps.at(end) == '\r' || cps.at(end) == '\n') ++end;
        } else {
            end = whitespaceEnd(cps, i, true);
            if (end == i) end = i + 1;
        }
        words.push_back(cps.span(i, end));
        i = end;
    }
}

}  // namespace

namespace {

struct PreName {
    const char* name;
    PreTokenizerKind kind;
};

// llama.cpp's tokenizer.ggml.pre names whose expressions are one of ours (llama-vocab.cpp).
constexpr PreName kPreNames[] = {
    {"", PreTokenizerKind::Default},
    {"default", PreTokenizerKind::Default},
    {"gpt-2", PreTokenizerKind::Gpt2},
    {"phi-2", PreTokenizerKind::Gpt2},
    {"jina-es", PreTokenizerKind::Gpt2},
    {"jina-de", PreTokenizerKind::Gpt2},
    {"jina-v2-es", PreTokenizerKind::Gpt2},
    {"jina-v2-de", PreTokenizerKind::Gpt2},
    {"gigachat", PreTokenizerKind::Gpt2},
    {"a.x-4.0", PreTokenizerKind::Gpt2},
    {"mellum", PreTokenizerKind::Gpt2},
    {"modern-bert", PreTokenizerKind::Gpt2},
    {"jina-v1-en", PreTokenizerKind::Gpt2},
    {"jina-v2-code", PreTokenizerKind::Gpt2},
    {"roberta-bpe", PreTokenizerKind::Gpt2},
    {"mpt", PreTokenizerKind::Gpt2},
    {"olmo", PreTokenizerKind::Gpt2},
    {"jais", PreTokenizerKind::Gpt2},
    {"exaone4", PreTokenizerKind::Gpt2},
    {"llama3", PreTokenizerKind::Llama3},
    {"llama-v3", PreTokenizerKind::Llama3},
    {"llama-bpe", PreTokenizerKind::Llama3},
    {"falcon3", PreTokenizerKind::Llama3},
    {"falcon-h1", PreTokenizerKind::Llama3},
    {"pixtral", PreTokenizerKind::Llama3},
    {"midm-2.0", PreTokenizerKind::Llama3},
    {"lfm2", PreTokenizerKind::Llama3},
    {"dbrx", PreTokenizerKind::Llama3},
    {"smaug-bpe", PreTokenizerKind::Llama3},
    {"chatglm-bpe", PreTokenizerKind::Llama3},
    {"qwen2", PreTokenizerKind::Qwen2},
    {"deepseek-r1-qwen", PreTokenizerKind::Qwen2},
    {"stablelm2", PreTokenizerKind::Qwen2},
    {"megrez", PreTokenizerKind::Qwen2},
    {"falcon", PreTokenizerKind::Falcon},
    {"starcoder", PreTokenizerKind::Starcoder},
    {"refact", PreTokenizerKind::Starcoder},
    {"command-r", PreTokenizerKind::Starcoder},
    {"smollm", PreTokenizerKind::Starcoder},
    {"codeshell", PreTokenizerKind::Starcoder},
    {"exaone", PreTokenizerKind::Starcoder},
    {"minerva-7b", PreTokenizerKind::Starcoder},
    {"deepseek-coder", PreTokenizerKind::DeepseekCoder},
    {"deepseek-llm", PreTokenizerKind::DeepseekLlm},
    {"gpt-4o", PreTokenizerKind::Gpt4o},
    {"llama4", PreTokenizerKind::Gpt4o},
    {"kanana2", PreTokenizerKind::Gpt4o},
    {"talkie", PreTokenizerKind::Gpt4o},
};

}  // namespace

std::optional<PreTokenizerKind> preTokenizerFor(std::string_view preName) {
    for (const auto& p : kPreNames)
        if (preName == p.name) return p.kind;
    return std::nullopt;
}

std::string supportedPreTokenizerNames() {
    std::string names;
    for (const auto& p : kPreNames) {
        if (!*p.name) continue;
        if (!names.empty()) names += ", ";
        names += p.name;
    }
    return names;
}

void splitWords(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words) {
    if (text.empty()) return;
    if (kind != PreTokenizerKind::Gpt2 && kind != PreTokenizerKind::Llama3 &&
        kind != PreTokenizerKind::Qwen2) {
        splitStaged(kind, text, words);
        return;
    }
    const CodePoints cps(text);
    switch (kind) {
        case PreTokenizerKind::Gpt2:
            splitGpt2(cps, words);
            break;
        case PreTokenizerKind::Llama3:
            splitLlama3(cps, 3, words);
            break;
        case PreTokenizerKind::Qwen2:
        default:
            splitLlama3(cps, 1, words);
            break;
    }
}

}  // namespace peregrine
