#include <algorithm>

#include "sampling/json_constraint.h"
#include "sampling/sampler.h"

namespace peregrine {

SamplerChain::SamplerChain(const SamplingOptions& options)
    : m_rng(options.seed), m_seed(options.seed), m_greedy(options.temperature <= 0.0f) {
    if (options.repeatPenalty != 1.0f && options.repeatLastN > 0)
        m_samplers.push_back(
            std::make_unique<RepetitionPenaltySampler>(options.repeatLastN, options.repeatPenalty));
    if (m_greedy) return;
    if (options.topK > 0) m_samplers.push_back(std::make_unique<TopKSampler>(options.topK));
    if (options.topP < 1.0f) m_samplers.push_back(std::make_unique<TopPSampler>(options.topP));
    if (options.minP > 0.0f) m_samplers.push_back(std::make_unique<MinPSampler>(options.minP));
    m_samplers.push_back(std::make_unique<TemperatureSampler>(options.temperature));
}

SamplerChain::~SamplerChain() = default;

void SamplerChain::setConstraint(std::unique_ptr<JsonConstraintSampler> constraint) {
    m_constraint = std::move(constraint);
}

// With a constraint inside a value: the unconstrained draw is kept when the constraint allows it (the
// common case, costing one token check); else the draw is repeated over the candidates the other samplers
// kept (top-k, top-p, min-p; the best 64 when greedy) that the constraint allows, and only when none is
// allowed over the whole vocabulary masked (json_constraint.h).
int32_t SamplerChain::sample(std::span<const float> logits) {
    if (!m_constraint || !m_constraint->insideValue()) return draw(logits, false);
    const int32_t first = draw(logits, false);
    if (first >= 0 && m_constraint->allows(first)) return first;
    if (const int32_t kept = drawAllowedKept(logits); kept >= 0) return kept;
    return draw(logits, true);
}

int32_t SamplerChain::draw(std::span<const float> logits, bool masked) {
    if (m_greedy && m_samplers.empty() && !masked) return argmax(logits);
    m_candidates.assign(logits);
    if (masked) {
        m_constraint->apply(m_candidates);
        if (m_candidates.size() == 0) return -1;
    }
    for (auto& s : m_samplers) s->apply(m_candidates);
    if (m_candidates.size() == 0) return masked ? -1 : argmax(logits);
    return pick();
}

// After draw(logits, false): m_candidates holds what the samplers kept (unless the chain is a bare argmax).
int32_t SamplerChain::drawAllowedKept(std::span<const float> logits) {
    constexpr size_t kMaxChecked = 1024;  // each check is a matcher copy and the token's bytes
    if (m_greedy && m_samplers.empty()) m_candidates.assign(logits);
    if (m_greedy) m_candidates.sortDescending(std::min<size_t>(64, m_candidates.size()));
    if (m_candidates.size() > kMaxChecked) return -1;
    auto& items = m_candidates.items();
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Candidate& c) { return !m_constraint->allows(c.id); }),
                items.end());
    return items.empty() ? -1 : pick();
}

int32_t SamplerChain::pick() {
    const auto& items = m_candidates.items();
    if (m_greedy) {
        size_t best = 0;
        for (size_t i = 1; i < items.size(); ++i)
            if (items[i].logit > items[best].logit ||
                (items[i].logit == items[best].logit && items[i].id < items[best].id))
                best = i;
        return items[best].id;
    }
    m_candidates.softmax();
    const double r = m_rng.uniform();
    double cumulative = 0.0;
    for (const auto& c : items) {
        cumulative += c.p;
        if (r < cumulative) return c.id;
    }
    return items.back().id;  // rounding left r above the total
}

void SamplerChain::accept(int32_t token) {
    if (m_constraint) m_constraint->accept(token);
    for (auto& s : m_samplers) s->accept(token);
}

void SamplerChain::reset() {
    if (m_constraint) m_constraint->reset();
    for (auto& s : m_samplers) s->reset();
    m_rng.seedWith(m_seed);
}

}  // namespace peregrine
