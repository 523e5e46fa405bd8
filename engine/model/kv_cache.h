// Key/value cache: F16 K and V for every layer and position, allocated once for the session's context.
// Layout per layer: [position][kvHead * headDim] for both K (after RoPE) and V.
// Also records the token id at each cached position, so a new request can reuse the longest common prefix.
//
// Thread: written by the forward pass (one position range per call), read by attention workers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace peregrine {

class KvCache {
public:
    KvCache(int nLayer, int capacity, int kvDim);

    int capacity() const { return m_capacity; }
    int kvDim() const { return m_kvDim; }
    uint64_t bytes() const { return (m_k.size() + m_v.size()) * sizeof(uint16_t); }

    uint16_t* k(int layer, int pos) { return m_k.data() + offset(layer, pos); }
    uint16_t* v(int layer, int pos) { return m_v.data() + offset(layer, pos); }
    const uint16_t* k(int layer, int pos) const { return m_k.data() + offset(layer, pos); }
    const uint16_t* v(int layer, int pos) const { return m_v.data() + offset(layer, pos); }

    // Tokens whose K/V are valid, positions [0, size()).
    int size() const { return static_cast<int>(m_tokens.size()); }
    const std::vector<int32_t>& tokens() const { return m_tokens; }
    // Forgets positions >= n (their K/V are overwritten by the next forward pass).
    void truncate(int n);
    void clear() { m_tokens.clear(); }
    // Records tokens appended at positions [size(), size() + n) after the forward pass wrote them.
    void append(std::span<const int32_t> tokens);
    // Length of the common prefix of the cached tokens and `tokens`.
    int commonPrefix(std::span<const int32_t> tokens) const;

    // Context shift: where the cached tokens, with the range [dropBegin, dropEnd) removed, share a longer
    // prefix with `tokens` than they do now (the conversation lost its oldest turns). prefix: the current
    // common prefix; the kept tail [dropEnd, size()) must match `tokens` from `prefix` on for at least
    // minKept tokens (or entirely). matched = prefix + tokens of the tail that match. None when no drop
    // helps.
    struct Shift {
        int dropBegin = 0;
        int dropEnd = 0;
        int matched = 0;
    };
    std::optional<Shift> findShift(std::span<const int32_t> tokens, int minKept) const;
    // Removes positions [begin, end) of every layer and moves the later positions down (K as stored: the
    // caller re-rotates their RoPE before, see Transformer::dropPositions).
    void erase(int begin, int end);

private:
    size_t offset(int layer, int pos) const {
        return (static_cast<size_t>(layer) * m_capacity + static_cast<size_t>(pos)) * m_kvDim;
    }
    int m_nLayer;
    int m_capacity;
    int m_kvDim;
    std::vector<uint16_t> m_k;
    std::vector<uint16_t> m_v;
    std::vector<int32_t> m_tokens;  // capacity reserved at construction
};

}  // namespace peregrine
