#include "runtime/thinking_filter.h"

namespace peregrine {

namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";

// Length of the longest suffix of s that is a proper prefix of tag.
size_t partialTagSuffix(std::string_view s, std::string_view tag) {
    for (size_t n = std::min(s.size(), tag.size() - 1); n > 0; --n)
        if (s.substr(s.size() - n) == tag.substr(0, n)) return n;
    return 0;
}

bool isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

}  // namespace

std::string ThinkingFilter::push(std::string_view piece) {
    m_pending.append(piece);
    std::string out;
    for (;;) {
        if (m_inside) {
            const size_t close = m_pending.find(kClose);
            if (close == std::string::npos) {
                // Keep only what could begin the closing tag.
                m_pending.erase(0, m_pending.size() - partialTagSuffix(m_pending, kClose));
                return out;
            }
            m_pending.erase(0, close + kClose.size());
            m_inside = false;
            m_skipSpace = true;
            continue;
        }
        if (m_skipSpace) {
            size_t n = 0;
            while (n < m_pending.size() && isSpace(m_pending[n])) ++n;
            m_pending.erase(0, n);
            if (m_pending.empty()) return out;
            m_skipSpace = false;
        }
        const size_t open = m_pending.find(kOpen);
        if (open != std::string::npos) {
            out.append(m_pending, 0, open);
            m_pending.erase(0, open + kOpen.size());
            m_inside = true;
            continue;
        }
        const size_t keep = partialTagSuffix(m_pending, kOpen);
        out.append(m_pending, 0, m_pending.size() - keep);
        m_pending.erase(0, m_pending.size() - keep);
        return out;
    }
}

std::string ThinkingFilter::flush() {
    std::string out = m_inside ? std::string() : m_pending;
    m_pending.clear();
    return out;
}

}  // namespace peregrine
