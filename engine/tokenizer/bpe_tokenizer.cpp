#include "tokenizer/bpe_tokenizer.h"

#include <queue>

#include "tokenizer/byte_encoding.h"

namespace peregrine {

namespace {

struct Symbol {
    int32_t prev;
    int32_t next;
    int32_t id;     // token of the symbol's text, -1 when the vocab lacks it (such symbols never merge)
    uint32_t size;  // raw bytes covered; 0 once merged into its left neighbour
};

struct Bigram {
    int32_t rank;
    int32_t left;
    int32_t right;
    int32_t leftId;
    int32_t rightId;
    int32_t result;
};

// Lowest rank on top; on equal ranks the leftmost pair.
struct BigramOrder {
    bool operator()(const Bigram& a, const Bigram& b) const {
        return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
    }
};

}  // namespace

void BpeTokenizer::MergeTable::reserve(size_t n) {
    size_t size = 16;
    while (size < n * 2) size *= 2;
    m_slots.assign(size, Slot{});
    m_mask = size - 1;
    m_count = 0;
}

void BpeTokenizer::MergeTable::insert(int32_t left, int32_t right, Merge m) {
    if ((m_count + 1) * 2 > m_slots.size()) {  // grow: rehash into a table twice the size
        std::vector<Slot> old = std::move(m_slots);
        reserve(old.size());
        for (const Slot& s : old) {
            if (s.key != kEmpty)
                insert(static_cast<int32_t>(s.key >> 32), static_cast<int32_t>(s.key), s.merge);
        }
    }
    const uint64_t k = key(left, right);
    for (size_t i = slotOf(k);; i = (i + 1) & m_mask) {
        if (m_slots[i].key == k) return;  // an earlier (better ranked) listing of the pair wins
        if (m_slots[i].key == kEmpty) {
            m_slots[i] = {k, m};
            ++m_count;
            return;
        }
    }
}

const BpeTokenizer::Merge* BpeTokenizer::MergeTable::find(int32_t left, int32_t right) const {
    if (m_slots.empty()) return nullptr;
    const uint64_t k = key(left, right);
    for (size_t i = slotOf(k);; i = (i + 1) & m_mask) {
        if (m_slots[i].key == k) return &m_slots[i].merge;
        if (m_slots[i].key == kEmpty) return nullptr;
    }
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, bool addBos, bool parseSpecial) const {
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 2);
    if (addBos && m_bos >= 0) out.push_back(m_bos);
    std::vector<std::string_view> words;
    std::string scratch;
    partition(
        text, parseSpecial,
        [&](std::string_view fragment) {
            words.clear();
            splitWords(m_preKind, fragment, words);
            for (std::string_view w : words) encodeWord(w, scratch, out);
        },
        [&](int32_t id) { out.push_back(id); });
    return out;
}

void BpeTokenizer::encodeWord(std::string_view word, std::string& scratch, std::vector<int32_t>& out) const {
    if (m_ignoreMerges || word.size() == 1) {
        scratch.clear();
        byte_encoding::encode(word, scratch);
        if (const auto id = lookup(scratch)) {
            out.push_back(*id);
            return;
        }
    }

    std::vector<Symbol> symbols(word.size());
    for (size_t i = 0; i < word.size(); ++i) {
        const auto index = static_cast<int32_t>(i);
        symbols[i] = {index - 1, i + 1 == word.size() ? -1 : index + 1,
                      m_byteTokens[static_cast<uint8_t>(word[i])], 1};
    }

    std::priority_queue<Bigram, std::vector<Bigram>, BigramOrder> queue;
    auto tryAdd = [&](int32_t left, int32_t right) {
        if (left < 0 || right < 0) return;
        const int32_t l = symbols[left].id;
        const int32_t r = symbols[right].id;
        if (l < 0 || r < 0) return;
        const Merge* m = m_merges.find(l, r);
        if (!m) return;
        queue.push({m->rank, left, right, l, r, m->result});
    };
    for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i) tryAdd(i - 1, i);

    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol& left = symbols[b.left];
        Symbol& right = symbols[b.right];
        // Stale entry: a side was merged away or changed since the pair was queued.
        if (left.size == 0 || right.size == 0 || left.next != b.right || left.id != b.leftId ||
            right.id != b.rightId) {
            continue;
        }
        left.id = b.result;
        left.size += right.size;
        right.size = 0;
        left.next = right.next;
        if (right.next >= 0) symbols[right.next].prev = b.left;
        tryAdd(left.prev, b.left);
        tryAdd(b.left, left.next);
    }

    for (int32_t i = symbols.empty() ? -1 : 0; i != -1; i = symbols[i].next) {
        if (symbols[i].id >= 0) {
            out.push_back(symbols[i].id);
            continue;
        }
        // A byte whose alphabet symbol is missing from the vocab: try the symbol's bytes one by one, as
        // llama.cpp does; nothing is emitted for bytes without a token.
        for (char c : byte_encoding::symbolOf(static_cast<uint8_t>(word[i]))) {
            if (const auto id = lookup(std::string_view(&c, 1))) out.push_back(*id);
        }
    }
}

std::string BpeTokenizer::piece(int32_t id, bool renderSpecial) const {
    if (id < 0 || id >= vocabSize()) return {};
    switch (m_types[id]) {
        case TokenType::Control:
        case TokenType::Unknown:
            return renderSpecial ? m_texts[id] : std::string();
        case TokenType::UserDefined:
            return m_texts[id];
        case TokenType::Normal: {
            std::string out;
            byte_encoding::decode(m_texts[id], out);
            return out;
        }
        default:
            return {};  // byte / unused / undefined tokens produce no text, as in llama.cpp
    }
}

}  // namespace peregrine
