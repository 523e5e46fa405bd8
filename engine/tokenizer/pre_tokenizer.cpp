#include "tokenizer/pre_tokenizer.h"

#include <cstdint>

#include "tokenizer/unicode.h"

namespace peregrine {

namespace {

// Text decoded once into code points with their byte offsets; positions past the end read as "absent".
class CodePoints {
public:
    explicit CodePoints(std::string_view text) : m_text(text) {
        m_cps.reserve(text.size());
        m_offsets.reserve(text.size() + 1);
        size_t pos = 0;
        while (pos < text.size()) {
            uint32_t cp = 0;
            size_t n = unicode::decode(text, pos, cp);
            if (n == 0) {
                cp = kInvalid;
                n = 1;
            }
            m_cps.push_back(cp);
            m_offsets.push_back(pos);
            pos += n;
        }
        m_offsets.push_back(text.size());
    }
    static constexpr uint32_t kInvalid = 0xFFFFFFFE;
    static constexpr uint32_t kAbsent = 0xFFFFFFFF;

    size_t size() const { return m_cps.size(); }
    uint32_t at(size_t i) const { return i < m_cps.size() ? m_cps[i] : kAbsent; }
    bool exists(size_t i) const { return i < m_cps.size(); }
    uint8_t flags(size_t i) const { return i < m_cps.size() ? unicode::flags(m_cps[i]) : 0; }
    bool letter(size_t i) const { return flags(i) & unicode::Letter; }
    bool number(size_t i) const { return flags(i) & unicode::Number; }
    bool space(size_t i) const { return flags(i) & unicode::Whitespace; }
    // [^\s\p{L}\p{N}]: an existing character of no class.
    bool other(size_t i) const { return exists(i) && flags(i) == 0; }
    std::string_view span(size_t from, size_t to) const {
        return m_text.substr(m_offsets[from], m_offsets[to] - m_offsets[from]);
    }

private:
    std::string_view m_text;
    std::vector<uint32_t> m_cps;
    std::vector<size_t> m_offsets;
};

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

PreTokenizerKind preTokenizerFor(std::string_view preName) {
    if (preName == "llama-bpe" || preName == "llama3" || preName == "llama-v3" || preName == "falcon3" ||
        preName == "dbrx" || preName == "smaug-bpe" || preName == "chatglm-bpe") {
        return PreTokenizerKind::Llama3;
    }
    if (preName == "qwen2" || preName == "stablelm2" || preName == "megrez") return PreTokenizerKind::Qwen2;
    return PreTokenizerKind::Gpt2;
}

void splitWords(PreTokenizerKind kind, std::string_view text, std::vector<std::string_view>& words) {
    if (text.empty()) return;
    const CodePoints cps(text);
    switch (kind) {
        case PreTokenizerKind::Gpt2:
            splitGpt2(cps, words);
            break;
        case PreTokenizerKind::Llama3:
            splitLlama3(cps, 3, words);
            break;
        case PreTokenizerKind::Qwen2:
            splitLlama3(cps, 1, words);
            break;
    }
}

}  // namespace peregrine
