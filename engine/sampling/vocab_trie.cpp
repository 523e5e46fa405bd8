#include "sampling/vocab_trie.h"

#include <algorithm>

#include "tokenizer/tokenizer.h"

namespace peregrine {

std::shared_ptr<const VocabTrie> VocabTrie::build(const Tokenizer& tokenizer) {
    auto trie = std::make_shared<VocabTrie>();
    const int32_t n = tokenizer.vocabSize();
    trie->m_pieces.resize(static_cast<size_t>(n));
    trie->m_rendered.resize(static_cast<size_t>(n));
    trie->m_special.assign(static_cast<size_t>(n), 0);
    trie->m_eog.assign(static_cast<size_t>(n), 0);
    std::vector<int32_t> sorted;
    sorted.reserve(static_cast<size_t>(n));
    for (int32_t id = 0; id < n; ++id) {
        const TokenType type = tokenizer.tokenType(id);
        std::string piece = tokenizer.piece(id);
        trie->m_rendered[static_cast<size_t>(id)] = tokenizer.piece(id, /*renderSpecial=*/true);
        trie->m_eog[static_cast<size_t>(id)] = tokenizer.isEog(id) ? 1 : 0;
        // User-defined ("added") tokens count as special too: chat markup such as <tool_call> must not
        // appear inside a value (the text they stand for can still be written with ordinary tokens).
        const bool special = piece.empty() || tokenizer.isEog(id) || type == TokenType::Control ||
                             type == TokenType::Unknown || type == TokenType::Unused ||
                             type == TokenType::UserDefined;
        trie->m_special[static_cast<size_t>(id)] = special ? 1 : 0;
        if (!special) sorted.push_back(id);
        trie->m_pieces[static_cast<size_t>(id)] = std::move(piece);
    }
    std::sort(sorted.begin(), sorted.end(), [&](int32_t a, int32_t b) {
        const auto& pa = trie->m_pieces[static_cast<size_t>(a)];
        const auto& pb = trie->m_pieces[static_cast<size_t>(b)];
        return pa != pb ? pa < pb : a < b;
    });
    trie->m_tokenIds.reserve(sorted.size());
    trie->insertRange(sorted, 0, sorted.size(), 0, 0);
    return trie;
}

// All pieces in sorted[lo, hi) share their first `depth` bytes; they become the subtree of a new node.
void VocabTrie::insertRange(const std::vector<int32_t>& sorted, size_t lo, size_t hi, size_t depth,
                            uint8_t byte) {
    const size_t self = m_nodes.size();
    m_nodes.push_back(Node{0, static_cast<uint32_t>(m_tokenIds.size()), 0, 0, byte});
    size_t i = lo;
    while (i < hi && m_pieces[static_cast<size_t>(sorted[i])].size() == depth)
        m_tokenIds.push_back(sorted[i++]);
    m_nodes[self].tokenEnd = static_cast<uint32_t>(m_tokenIds.size());
    while (i < hi) {
        const auto b = static_cast<uint8_t>(m_pieces[static_cast<size_t>(sorted[i])][depth]);
        size_t j = i + 1;
        while (j < hi && static_cast<uint8_t>(m_pieces[static_cast<size_t>(sorted[j])][depth]) == b) ++j;
        insertRange(sorted, i, j, depth + 1, b);
        i = j;
    }
    m_nodes[self].subtreeEnd = static_cast<uint32_t>(m_nodes.size());
    m_nodes[self].subtreeTokenEnd = static_cast<uint32_t>(m_tokenIds.size());
}

}  // namespace peregrine
