#include "model/kv_cache.h"

#include <algorithm>
#include <cstring>

namespace peregrine {

KvCache::KvCache(int nLayer, int capacity, int kvDim)
    : m_nLayer(nLayer), m_capacity(capacity), m_kvDim(kvDim) {
    const size_t n = static_cast<size_t>(nLayer) * static_cast<size_t>(capacity) * static_cast<size_t>(kvDim);
    m_k.assign(n, 0);
    m_v.assign(n, 0);
    m_tokens.reserve(static_cast<size_t>(capacity));
}

void KvCache::truncate(int n) {
    if (n < size()) m_tokens.resize(static_cast<size_t>(std::max(n, 0)));
}

void KvCache::append(std::span<const int32_t> tokens) {
    m_tokens.insert(m_tokens.end(), tokens.begin(), tokens.end());
}

int KvCache::commonPrefix(std::span<const int32_t> tokens) const {
    const size_t n = std::min(tokens.size(), m_tokens.size());
    size_t i = 0;
    while (i < n && tokens[i] == m_tokens[i]) ++i;
    return static_cast<int>(i);
}

std::optional<KvCache::Shift> KvCache::findShift(std::span<const int32_t> tokens, int minKept) const {
    const int prefix = commonPrefix(tokens);
    const int cached = size();
    const int n = static_cast<int>(tokens.size());
    if (prefix >= cached || prefix >= n) return std::nullopt;
    // The earliest cut whose tail matches best: a conversation that lost its oldest turns keeps the rest of
    // the cache verbatim, so the longest match is the one to keep. O(cached * match), a few ms at 4k.
    Shift best;
    for (int cut = prefix + 1; cut < cached; ++cut) {
        if (m_tokens[static_cast<size_t>(cut)] != tokens[static_cast<size_t>(prefix)]) continue;
        int m = 0;
        while (cut + m < cached && prefix + m < n &&
               m_tokens[static_cast<size_t>(cut + m)] == tokens[static_cast<size_t>(prefix + m)])
            ++m;
        const bool wholeTail = cut + m == cached;
        if (m >= minKept && prefix + m > best.matched) best = {prefix, cut, prefix + m};
        if (wholeTail && m >= minKept) break;  // nothing later can keep more
    }
    if (best.matched <= prefix) return std::nullopt;
    return best;
}

void KvCache::erase(int begin, int end) {
    begin = std::clamp(begin, 0, size());
    end = std::clamp(end, begin, size());
    const int moved = size() - end;
    if (end == begin) return;
    if (moved > 0) {
        const size_t bytes = static_cast<size_t>(moved) * static_cast<size_t>(m_kvDim) * sizeof(uint16_t);
        for (int layer = 0; layer < m_nLayer; ++layer) {
            std::memmove(k(layer, begin), k(layer, end), bytes);
            std::memmove(v(layer, begin), v(layer, end), bytes);
        }
    }
    m_tokens.erase(m_tokens.begin() + begin, m_tokens.begin() + end);
}

}  // namespace peregrine
