// Internal to peregrine_tokenizer: text decoded once into code points with their byte offsets and classes,
// for the pre-tokenizers (pre_tokenizer.cpp, pre_tokenizer_stages.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/unicode.h"

namespace peregrine {

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
    // [^\s\p{L}\p{N}]: an existing character of none of those classes (punctuation included).
    bool other(size_t i) const {
        return exists(i) && (flags(i) & (unicode::Letter | unicode::Number | unicode::Whitespace)) == 0;
    }
    std::string_view span(size_t from, size_t to) const {
        return m_text.substr(m_offsets[from], m_offsets[to] - m_offsets[from]);
    }

private:
    std::string_view m_text;
    std::vector<uint32_t> m_cps;
    std::vector<size_t> m_offsets;
};

}  // namespace peregrine
