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

int32_t SamplerChain::sample(std::span<const float> logits) {
    if (m_greedy && m_samplers.empty()) return argmax(logits);
    m_candidates.assign(logits);
    for (auto& s : m_samplers) s->apply(m_candidates);
    if (m_candidates.size() == 0) return argmax(logits);
    if (m_greedy) {
        const auto& items = m_candidates.items();
        size_t best = 0;
        for (size_t i = 1; i < items.size(); ++i)
            if (items[i].logit > items[best].logit ||
                (items[i].logit == items[best].logit && items[i].id < items[best].id))
                best = i;
        return items[best].id;
    }
    m_candidates.softmax();
    const auto& items = m_candidates.items();
    const double r = m_rng.uniform();
    double cumulative = 0.0;
    for (const auto& c : items) {
        cumulative += c.p;
        if (r < cumulative) return c.id;
    }
    return items.back().id;  // rounding left r above the total
}

void SamplerChain::accept(int32_t token) {
    for (auto& s : m_samplers) s->accept(token);
}

void SamplerChain::reset() {
    for (auto& s : m_samplers) s->reset();
    m_rng.seedWith(m_seed);
}

}  // namespace peregrine
