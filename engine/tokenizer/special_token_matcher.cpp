#include "tokenizer/special_token_matcher.h"

#include <algorithm>

namespace peregrine {

SpecialTokenMatcher::SpecialTokenMatcher() : m_nodes(1) {}

uint32_t SpecialTokenMatcher::child(uint32_t node, uint8_t byte) const {
    if (node == 0) return m_rootChild[byte];
    const auto& kids = m_nodes[node].children;
    auto it = std::lower_bound(kids.begin(), kids.end(), byte,
                               [](const std::pair<uint8_t, uint32_t>& p, uint8_t b) { return p.first < b; });
    return (it != kids.end() && it->first == byte) ? it->second : 0;
}

void SpecialTokenMatcher::add(std::string_view text, int32_t id, bool alwaysMatch) {
    if (text.empty()) return;
    uint32_t node = 0;
    for (char c : text) {
        const auto byte = static_cast<uint8_t>(c);
        uint32_t next = child(node, byte);
        if (next == 0) {
            next = static_cast<uint32_t>(m_nodes.size());
            m_nodes.emplace_back();
            if (node == 0) {
                m_rootChild[byte] = next;
            } else {
                auto& kids = m_nodes[node].children;
                auto it = std::lower_bound(
                    kids.begin(), kids.end(), byte,
                    [](const std::pair<uint8_t, uint32_t>& p, uint8_t b) { return p.first < b; });
                kids.insert(it, {byte, next});
            }
        }
        node = next;
    }
    if (m_nodes[node].id < 0) ++m_count;
    m_nodes[node].id = id;
    m_nodes[node].alwaysMatch = alwaysMatch;
}

size_t SpecialTokenMatcher::match(std::string_view text, size_t pos, bool parseSpecial, int32_t& id) const {
    size_t best = 0;
    uint32_t node = 0;
    for (size_t i = pos; i < text.size(); ++i) {
        node = child(node, static_cast<uint8_t>(text[i]));
        if (node == 0) break;
        const Node& n = m_nodes[node];
        if (n.id >= 0 && (parseSpecial || n.alwaysMatch)) {
            best = i + 1 - pos;
            id = n.id;
        }
    }
    return best;
}

}  // namespace peregrine
