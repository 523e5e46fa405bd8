#include "tokenizer/token_index.h"

namespace peregrine {

void TokenIndex::build(const std::vector<std::string>& texts) {
    m_texts = &texts;
    size_t size = 16;
    while (size < texts.size() * 2) size *= 2;
    m_slots.assign(size, Slot{});
    m_mask = size - 1;
    for (size_t i = 0; i < texts.size(); ++i) {
        const uint64_t h = hash(texts[i]);
        const auto tag = static_cast<uint32_t>(h >> 32);
        for (uint64_t s = h & m_mask;; s = (s + 1) & m_mask) {
            Slot& slot = m_slots[s];
            if (slot.id < 0 || (slot.tag == tag && texts[slot.id] == texts[i])) {
                slot = {tag, static_cast<int32_t>(i)};
                break;
            }
        }
    }
}

std::optional<int32_t> TokenIndex::find(std::string_view text) const {
    if (m_slots.empty()) return std::nullopt;
    const uint64_t h = hash(text);
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (uint64_t s = h & m_mask;; s = (s + 1) & m_mask) {
        const Slot& slot = m_slots[s];
        if (slot.id < 0) return std::nullopt;
        if (slot.tag == tag && (*m_texts)[slot.id] == text) return slot.id;
    }
}

}  // namespace peregrine
