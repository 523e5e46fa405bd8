#include "tokenizer/tokenizer.h"
#include "tokenizer/unicode.h"

namespace peregrine {

std::string Utf8StreamDecoder::push(std::string_view bytes) {
    m_pending.append(bytes);
    std::string out;
    const std::string_view p = m_pending;
    size_t pos = 0;
    while (pos < p.size()) {
        uint32_t cp = 0;
        if (const size_t n = unicode::decode(p, pos, cp)) {
            out.append(p.substr(pos, n));
            pos += n;
            continue;
        }
        const size_t valid = unicode::validPrefixLength(p, pos);
        if (valid > 0 && pos + valid == p.size()) break;      // incomplete character: wait for more bytes
        unicode::appendUtf8(out, unicode::kReplacementChar);  // one U+FFFD per maximal invalid subpart
        pos += valid > 0 ? valid : 1;
    }
    m_pending.erase(0, pos);
    return out;
}

std::string Utf8StreamDecoder::flush() {
    std::string out;
    if (!m_pending.empty()) unicode::appendUtf8(out, unicode::kReplacementChar);
    m_pending.clear();
    return out;
}

}  // namespace peregrine
