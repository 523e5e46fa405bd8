#include "tokenizer/spm_tokenizer.h"

#include <queue>

#include "tokenizer/unicode.h"

namespace peregrine {

namespace {

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // U+2581 "▁"

struct Symbol {
    int32_t prev;
    int32_t next;
    uint32_t offset;
    uint32_t size;  // 0 once merged into its left neighbour
};

struct Bigram {
    float score;
    int32_t left;
    int32_t right;
    uint32_t size;
};

// Highest score on top; on equal scores the leftmost pair.
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const {
        return a.score < b.score || (a.score == b.score && a.left > b.left);
    }
};

}  // namespace

std::vector<int32_t> SpmTokenizer::encode(std::string_view text, bool addBos, bool parseSpecial) const {
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (addBos && m_bos >= 0) out.push_back(m_bos);
    bool afterSpecial = true;  // the start of the text counts as following a special token
    std::string escaped;
    partition(
        text, parseSpecial,
        [&](std::string_view fragment) {
            escaped.clear();
            if (m_addSpacePrefix && afterSpecial) escaped += kSpaceSymbol;
            for (char c : fragment) {
                if (c == ' ') {
                    escaped += kSpaceSymbol;
                } else {
                    escaped += c;
                }
            }
            encodeFragment(escaped, out);
            afterSpecial = false;
        },
        [&](int32_t id) {
            out.push_back(id);
            afterSpecial = true;
        });
    return out;
}

void SpmTokenizer::encodeFragment(std::string_view text, std::vector<int32_t>& out) const {
    // One symbol per character (length from the lead byte, as SentencePiece; invalid bytes stand alone).
    std::vector<Symbol> symbols;
    symbols.reserve(text.size());
    for (size_t offs = 0; offs < text.size();) {
        const size_t n =
            std::min(unicode::sequenceLength(static_cast<uint8_t>(text[offs])), text.size() - offs);
        const auto index = static_cast<int32_t>(symbols.size());
        symbols.push_back({index - 1, offs + n == text.size() ? -1 : index + 1, static_cast<uint32_t>(offs),
                           static_cast<uint32_t>(n)});
        offs += n;
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    auto tryAdd = [&](int32_t left, int32_t right) {
        if (left < 0 || right < 0) return;
        const std::string_view pair =
            text.substr(symbols[left].offset, symbols[left].size + symbols[right].size);
        const auto id = lookup(pair);
        if (!id) return;
        queue.push({m_scores[*id], left, right, static_cast<uint32_t>(pair.size())});
    };
    for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i) tryAdd(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& left = symbols[b.left];
        Symbol& right = symbols[b.right];
        // Stale entry: one side was merged away or grew since the pair was queued.
        if (left.size == 0 || right.size == 0 || left.size + right.size != b.size) continue;
        left.size += right.size;
        right.size = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[right.next].prev = b.left;
        tryAdd(left.prev, b.left);
        tryAdd(b.left, left.next);
    }

    for (int32_t i = symbols.empty() ? -1 : 0; i != -1; i = symbols[i].next) {
        const std::string_view piece = text.substr(symbols[i].offset, symbols[i].size);
        if (const auto id = lookup(piece)) {
            out.push_back(*id);
            continue;
        }
        for (char c : piece) {
            const int32_t id = m_byteTokens[static_cast<uint8_t>(c)];
            if (id >= 0) out.push_back(id);
        }
    }
}

std::string SpmTokenizer::piece(int32_t id, bool renderSpecial) const {
    if (id < 0 || id >= vocabSize()) return {};
    switch (m_types[id]) {
        case TokenType::Control:
        case TokenType::Unknown:
            return renderSpecial ? m_texts[id] : std::string();
        case TokenType::UserDefined:
            return m_texts[id];
        case TokenType::Byte:
            return m_byteValue[id] >= 0 ? std::string(1, static_cast<char>(m_byteValue[id])) : "";
        case TokenType::Normal: {
            std::string out;
            const std::string& t = m_texts[id];
            out.reserve(t.size());
            for (size_t i = 0; i < t.size();) {
                if (t.compare(i, kSpaceSymbol.size(), kSpaceSymbol) == 0) {
                    out += ' ';
                    i += kSpaceSymbol.size();
                } else {
                    out += t[i++];
                }
            }
            return out;
        }
        default:
            return {};  // unused / undefined tokens produce no text, as in llama.cpp
    }
}

}  // namespace peregrine
