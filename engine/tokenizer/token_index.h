// Text -> token id lookup over the vocab strings: open addressing with linear probing in one flat array (the
// hot path of both tokenizers: every candidate merge is one lookup). Immutable after build; thread-safe
// reads.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace peregrine {

class TokenIndex {
public:
    // texts must outlive the index and stay in place. A repeated text maps to its last id, as in llama.cpp.
    void build(const std::vector<std::string>& texts);
    std::optional<int32_t> find(std::string_view text) const;

    static uint64_t hash(std::string_view s) {
        uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
        const char* p = s.data();
        size_t n = s.size();
        for (; n >= 8; p += 8, n -= 8) {
            uint64_t v;
            std::memcpy(&v, p, 8);
            h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
            h ^= h >> 31;
        }
        uint64_t tail = 0;
        for (size_t i = 0; i < n; ++i) tail |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
        h = (h ^ tail) * 0x94D049BB133111EBull;
        return h ^ (h >> 29);
    }

private:
    struct Slot {
        uint32_t tag = 0;  // high half of the hash
        int32_t id = -1;   // -1 = empty
    };
    const std::vector<std::string>* m_texts = nullptr;
    std::vector<Slot> m_slots;  // power-of-two size, at most half full
    uint64_t m_mask = 0;
};

}  // namespace peregrine
