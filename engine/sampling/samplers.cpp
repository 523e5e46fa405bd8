#include <algorithm>
#include <cmath>

#include "sampling/sampler.h"

namespace peregrine {

RepetitionPenaltySampler::RepetitionPenaltySampler(int lastN, float penalty)
    : m_lastN(std::max(0, lastN)), m_penalty(penalty) {
    m_ring.resize(static_cast<size_t>(m_lastN));
}

void RepetitionPenaltySampler::accept(int32_t token) {
    if (m_lastN == 0) return;
    m_ring[m_next] = token;
    m_next = (m_next + 1) % m_ring.size();
    m_count = std::min(m_count + 1, m_ring.size());
}

void RepetitionPenaltySampler::reset() {
    m_next = 0;
    m_count = 0;
}

void RepetitionPenaltySampler::apply(CandidateList& candidates) {
    if (m_count == 0 || m_penalty == 1.0f) return;
    auto& items = candidates.items();
    // Each distinct token is penalised once, however often it occurred. Candidates are indexed by id when
    // the list is still the full unsorted vocab (the usual position of this sampler); else searched.
    const bool byId = !candidates.sorted();
    for (size_t i = 0; i < m_count; ++i) {
        const int32_t token = m_ring[i];
        bool seenBefore = false;
        for (size_t j = 0; j < i; ++j) seenBefore = seenBefore || m_ring[j] == token;
        if (seenBefore) continue;
        Candidate* c = nullptr;
        if (byId && token >= 0 && static_cast<size_t>(token) < items.size() && items[token].id == token) {
            c = &items[token];
        } else {
            auto it =
                std::find_if(items.begin(), items.end(), [&](const Candidate& x) { return x.id == token; });
            if (it != items.end()) c = &*it;
        }
        if (!c) continue;
        c->logit = c->logit <= 0 ? c->logit * m_penalty : c->logit / m_penalty;
    }
}

void TopKSampler::apply(CandidateList& candidates) {
    if (m_k <= 0) return;
    candidates.sortDescending(static_cast<size_t>(m_k));
}

void TopPSampler::apply(CandidateList& candidates) {
    if (m_p >= 1.0f || candidates.size() == 0) return;
    candidates.softmax();
    const auto& items = candidates.items();
    double cumulative = 0.0;
    size_t keep = items.size();
    for (size_t i = 0; i < items.size(); ++i) {
        cumulative += items[i].p;
        if (cumulative >= m_p && i + 1 >= m_minKeep) {
            keep = i + 1;
            break;
        }
    }
    candidates.truncate(keep);
}

void MinPSampler::apply(CandidateList& candidates) {
    if (m_p <= 0.0f || candidates.size() == 0) return;
    candidates.sortDescending(candidates.size());
    const auto& items = candidates.items();
    // p_i >= minP * p_max  <=>  logit_i >= logit_max + log(minP).
    const float threshold = items.front().logit + std::log(m_p);
    size_t keep = 0;
    while (keep < items.size() && (items[keep].logit >= threshold || keep < m_minKeep)) ++keep;
    candidates.truncate(keep);
}

void TemperatureSampler::apply(CandidateList& candidates) {
    if (m_t <= 0.0f || m_t == 1.0f) return;
    for (auto& c : candidates.items()) c.logit /= m_t;
}

}  // namespace peregrine
