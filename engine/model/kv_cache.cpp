#include "model/kv_cache.h"

#include <algorithm>

namespace peregrine {

KvCache::KvCache(int nLayer, int capacity, int kvDim) : m_capacity(capacity), m_kvDim(kvDim) {
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

}  // namespace peregrine
