#include "tokenizer/tokenizer.h"

#include <algorithm>

#include "tokenizer/special_token_matcher.h"

namespace peregrine {

Tokenizer::~Tokenizer() = default;

std::string Tokenizer::decode(std::span<const int32_t> ids, bool renderSpecial) const {
    std::string out;
    size_t i = 0;
    if (!ids.empty() && m_bos >= 0 && ids[0] == m_bos) {
        out += piece(ids[0], renderSpecial);
        i = 1;
    }
    bool stripSpace = m_addSpacePrefix;
    for (; i < ids.size(); ++i) {
        std::string p = piece(ids[i], renderSpecial);
        if (stripSpace && !p.empty() && p.front() == ' ') p.erase(0, 1);
        stripSpace = false;
        out += p;
    }
    return out;
}

std::string_view Tokenizer::tokenText(int32_t id) const {
    return (id >= 0 && id < vocabSize()) ? std::string_view(m_texts[id]) : std::string_view();
}

TokenType Tokenizer::tokenType(int32_t id) const {
    return (id >= 0 && id < vocabSize()) ? m_types[id] : TokenType::Undefined;
}

std::optional<int32_t> Tokenizer::findToken(std::string_view text) const {
    return lookup(text);
}

bool Tokenizer::isEog(int32_t id) const {
    return id >= 0 && std::find(m_eog.begin(), m_eog.end(), id) != m_eog.end();
}

size_t Tokenizer::specialMatch(std::string_view text, size_t pos, bool parseSpecial, int32_t& id) const {
    return m_specials ? m_specials->match(text, pos, parseSpecial, id) : 0;
}

}  // namespace peregrine
