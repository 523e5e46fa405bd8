// Each sampler on hand-computed distributions, then the chain: greedy, determinism per seed, and draw
// frequencies that follow the distribution.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sampling/sampler.h"

using namespace peregrine;

namespace {

std::vector<int32_t> ids(const CandidateList& c) {
    std::vector<int32_t> out;
    for (const auto& x : c.items()) out.push_back(x.id);
    return out;
}

std::vector<float> logOf(std::vector<double> p) {
    std::vector<float> out;
    for (double x : p) out.push_back(static_cast<float>(std::log(x)));
    return out;
}

}  // namespace

TEST(TopK, KeepsTheKLargestInOrder) {
    const std::vector<float> logits = {1, 3, 2, 5, 4};
    CandidateList c;
    c.assign(logits);
    TopKSampler(2).apply(c);
    EXPECT_EQ(ids(c), (std::vector<int32_t>{3, 4}));
    c.assign(logits);
    TopKSampler(10).apply(c);  // k above the vocab keeps everything, sorted
    EXPECT_EQ(ids(c), (std::vector<int32_t>{3, 4, 1, 2, 0}));
}

TEST(TopP, KeepsSmallestPrefixReachingP) {
    const auto logits = logOf({0.5, 0.3, 0.15, 0.05});
    CandidateList c;
    for (auto [p, keep] :
         std::vector<std::pair<float, size_t>>{{0.5f, 1}, {0.75f, 2}, {0.81f, 3}, {0.99f, 4}}) {
        c.assign(logits);
        TopPSampler(p).apply(c);
        EXPECT_EQ(c.size(), keep) << "p " << p;
    }
    c.assign(logits);
    TopPSampler(0.75f).apply(c);
    EXPECT_NEAR(c.items()[0].p, 0.5f, 1e-6);
    EXPECT_NEAR(c.items()[1].p, 0.3f, 1e-6);
}

TEST(MinP, KeepsTokensAboveFractionOfBest) {
    const auto logits = logOf({0.5, 0.3, 0.15, 0.05});
    CandidateList c;
    c.assign(logits);
    MinPSampler(0.2f).apply(c);  // threshold 0.1
    EXPECT_EQ(ids(c), (std::vector<int32_t>{0, 1, 2}));
    c.assign(logits);
    MinPSampler(0.9f).apply(c);
    EXPECT_EQ(ids(c), (std::vector<int32_t>{0}));
}

TEST(Temperature, SharpensDistribution) {
    const std::vector<float> logits = {0.0f, std::log(2.0f)};
    CandidateList c;
    c.assign(logits);
    TemperatureSampler(0.5f).apply(c);  // logits 0, 2 ln 2 -> probabilities 1/5, 4/5
    c.softmax();
    EXPECT_EQ(c.items()[0].id, 1);
    EXPECT_NEAR(c.items()[0].p, 0.8f, 1e-6);
    EXPECT_NEAR(c.items()[1].p, 0.2f, 1e-6);
}

TEST(RepetitionPenalty, DividesPositiveMultipliesNegativeOnce) {
    RepetitionPenaltySampler s(3, 2.0f);
    for (int32_t t : {0, 1, 0}) s.accept(t);
    CandidateList c;
    c.assign(std::vector<float>{2.0f, -2.0f, 1.0f});
    s.apply(c);
    EXPECT_FLOAT_EQ(c.items()[0].logit, 1.0f);  // seen twice, penalised once
    EXPECT_FLOAT_EQ(c.items()[1].logit, -4.0f);
    EXPECT_FLOAT_EQ(c.items()[2].logit, 1.0f);
    // Window of 3: after three more tokens the old ones are forgotten.
    for (int32_t t : {2, 2, 2}) s.accept(t);
    c.assign(std::vector<float>{2.0f, -2.0f, 1.0f});
    s.apply(c);
    EXPECT_FLOAT_EQ(c.items()[0].logit, 2.0f);
    EXPECT_FLOAT_EQ(c.items()[2].logit, 0.5f);
}

TEST(SamplerChain, GreedyIsArgmaxWithLowestIdOnTies) {
    SamplingOptions o;
    o.temperature = 0.0f;
    SamplerChain chain(o);
    EXPECT_EQ(chain.sample(std::vector<float>{1, 7, 3, 7}), 1);
    EXPECT_TRUE(chain.greedy());
}

TEST(SamplerChain, GreedyAppliesRepetitionPenalty) {
    SamplingOptions o;
    o.temperature = 0.0f;
    o.repeatPenalty = 4.0f;
    o.repeatLastN = 4;
    SamplerChain chain(o);
    chain.accept(1);
    EXPECT_EQ(chain.sample(std::vector<float>{3, 8, 1}), 0);  // 8 / 4 = 2 < 3
}

TEST(SamplerChain, SameSeedSameTokens) {
    SamplingOptions o;
    o.temperature = 1.0f;
    o.topK = 0;
    o.topP = 1.0f;
    o.minP = 0.0f;
    o.seed = 1234;
    const auto logits = logOf({0.1, 0.2, 0.3, 0.4});
    auto run = [&](uint64_t seed) {
        SamplingOptions so = o;
        so.seed = seed;
        SamplerChain chain(so);
        std::vector<int32_t> out;
        for (int i = 0; i < 50; ++i) out.push_back(chain.sample(logits));
        return out;
    };
    EXPECT_EQ(run(1234), run(1234));
    EXPECT_NE(run(1234), run(99));
    // reset() replays the same sequence.
    SamplerChain chain(o);
    const int32_t first = chain.sample(logits);
    for (int i = 0; i < 10; ++i) chain.sample(logits);
    chain.reset();
    EXPECT_EQ(chain.sample(logits), first);
}

TEST(SamplerChain, DrawFrequenciesFollowDistribution) {
    SamplingOptions o;
    o.temperature = 1.0f;
    o.topK = 0;
    o.topP = 1.0f;
    o.minP = 0.0f;
    o.seed = 7;
    SamplerChain chain(o);
    const auto logits = logOf({0.2, 0.3, 0.5});
    std::vector<int> counts(3);
    const int n = 20000;
    for (int i = 0; i < n; ++i) ++counts[static_cast<size_t>(chain.sample(logits))];
    EXPECT_NEAR(counts[0] / double(n), 0.2, 0.015);
    EXPECT_NEAR(counts[1] / double(n), 0.3, 0.015);
    EXPECT_NEAR(counts[2] / double(n), 0.5, 0.015);
}

TEST(SamplerChain, TopKOneIsDeterministic) {
    SamplingOptions o;
    o.temperature = 0.8f;
    o.topK = 1;
    SamplerChain chain(o);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(chain.sample(std::vector<float>{0.1f, 0.3f, 0.2f}), 1);
}

TEST(Rng, UniformInUnitInterval) {
    Rng rng(42);
    for (int i = 0; i < 1000; ++i) {
        const double u = rng.uniform();
        EXPECT_GE(u, 0.0);
        EXPECT_LT(u, 1.0);
    }
}
