#include <algorithm>
#include <cmath>

#include "sampling/sampler.h"

namespace peregrine {

namespace {
bool before(const Candidate& a, const Candidate& b) {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}
}  // namespace

void CandidateList::assign(std::span<const float> logits) {
    m_items.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) m_items[i] = {static_cast<int32_t>(i), logits[i], 0.0f};
    m_sorted = false;
}

void CandidateList::sortDescending(size_t k) {
    if (k < m_items.size()) {
        std::partial_sort(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(k), m_items.end(),
                          before);
        m_items.resize(k);
    } else if (!m_sorted) {
        std::sort(m_items.begin(), m_items.end(), before);
    }
    m_sorted = true;
}

void CandidateList::truncate(size_t n) {
    if (n < m_items.size()) m_items.resize(n);
}

void CandidateList::softmax() {
    if (m_items.empty()) return;
    sortDescending(m_items.size());
    const float maxLogit = m_items.front().logit;
    double sum = 0.0;
    for (auto& c : m_items) {
        c.p = std::exp(c.logit - maxLogit);
        sum += c.p;
    }
    for (auto& c : m_items) c.p = static_cast<float>(c.p / sum);
}

int32_t argmax(std::span<const float> logits) {
    if (logits.empty()) return -1;
    size_t best = 0;
    for (size_t i = 1; i < logits.size(); ++i)
        if (logits[i] > logits[best]) best = i;
    return static_cast<int32_t>(best);
}

void Rng::seedWith(uint64_t seed) {
    // splitmix64 expands the seed into the four words of state (never all zero).
    uint64_t x = seed;
    for (auto& s : m_s) {
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        s = z ^ (z >> 31);
    }
}

uint64_t Rng::next() {
    auto rotl = [](uint64_t v, int k) { return (v << k) | (v >> (64 - k)); };
    const uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
}

double Rng::uniform() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

}  // namespace peregrine
