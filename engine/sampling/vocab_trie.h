// A byte trie over a model's vocabulary for constrained decoding: every token's output bytes
// (Tokenizer::piece: SentencePiece "▁" as a space, <0xNN> byte tokens as the byte, GPT-2 byte symbols as raw
// bytes) inserted once, so a grammar walks shared prefixes once and prunes whole subtrees. Tokens with no
// output bytes or of control/unknown/unused/user-defined type are kept apart ("special"; never inside a
// constrained value) and end-of-generation tokens are listed.
//
// Build once per model (about 0.1 s and 10 MB for a 128k vocab); immutable afterwards, safe to share
// across threads and requests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace peregrine {

class Tokenizer;

class VocabTrie {
public:
    // Nodes in depth-first preorder; node 0 is the root (no byte). The subtree of node i is
    // [i, subtreeEnd); its first child (if any) is i + 1 and a child's next sibling starts at its subtreeEnd.
    struct Node {
        uint32_t subtreeEnd;
        uint32_t tokenBegin;  // tokens whose piece ends here: tokenIds()[tokenBegin, tokenEnd)
        uint32_t tokenEnd;
        uint32_t subtreeTokenEnd;  // tokens of the whole subtree: tokenIds()[tokenBegin, subtreeTokenEnd)
        uint8_t byte;
    };

    static std::shared_ptr<const VocabTrie> build(const Tokenizer& tokenizer);

    const std::vector<Node>& nodes() const { return m_nodes; }
    const std::vector<int32_t>& tokenIds() const { return m_tokenIds; }
    int32_t vocabSize() const { return static_cast<int32_t>(m_pieces.size()); }
    const std::string& piece(int32_t id) const { return m_pieces[static_cast<size_t>(id)]; }
    bool isSpecial(int32_t id) const { return m_special[static_cast<size_t>(id)] != 0; }
    bool isEog(int32_t id) const { return m_eog[static_cast<size_t>(id)] != 0; }
    // The token's text with special tokens rendered ("<tool_call>"), for trigger matching.
    const std::string& renderedText(int32_t id) const { return m_rendered[static_cast<size_t>(id)]; }

private:
    void insertRange(const std::vector<int32_t>& sorted, size_t lo, size_t hi, size_t depth, uint8_t byte);

    std::vector<Node> m_nodes;
    std::vector<int32_t> m_tokenIds;
    std::vector<std::string> m_pieces;
    std::vector<std::string> m_rendered;
    std::vector<uint8_t> m_special;
    std::vector<uint8_t> m_eog;
};

}  // namespace peregrine
