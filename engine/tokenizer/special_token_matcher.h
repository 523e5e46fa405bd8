// Longest-match lookup of special-token texts (control, user-defined and unknown tokens) in text, for the
// partition step before ordinary tokenization. A byte trie; immutable after construction, thread-safe to
// read.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace peregrine {

class SpecialTokenMatcher {
public:
    SpecialTokenMatcher();
    // alwaysMatch: matched even when the caller does not parse specials (user-defined tokens). A repeated
    // text keeps the last id added. Empty texts are ignored.
    void add(std::string_view text, int32_t id, bool alwaysMatch);
    bool empty() const { return m_count == 0; }

    // Length of the longest eligible token text starting at text[pos] (0 when none); sets id.
    // Cost: at most the length of the longest special text.
    size_t match(std::string_view text, size_t pos, bool parseSpecial, int32_t& id) const;

private:
    struct Node {
        int32_t id = -1;
        bool alwaysMatch = false;
        std::vector<std::pair<uint8_t, uint32_t>> children;  // sorted by byte
    };
    uint32_t child(uint32_t node, uint8_t byte) const;

    std::vector<Node> m_nodes;                // m_nodes[0] is the root
    std::array<uint32_t, 256> m_rootChild{};  // 0 = no child (the root is never a child)
    size_t m_count = 0;
};

}  // namespace peregrine
