// Token sampling as a chain of small samplers, each narrowing or reshaping a candidate list:
// repetition penalty (last N tokens) -> top-k -> top-p -> min-p -> temperature -> seeded draw.
// Temperature <= 0 makes the chain a greedy argmax (penalty still applies). Same seed + same logits = same
// tokens on every platform (own RNG arithmetic, no std:: distributions).
//
// Thread: a chain is used by one thread at a time. Memory: the candidate buffer is sized once for the vocab;
// sampling a token allocates nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sampling/sampling_options.h"

namespace peregrine {

struct Candidate {
    int32_t id;
    float logit;
    float p;  // probability, valid after softmax()
};

// Candidates of one sampling step. Samplers may sort, truncate and rescale it.
class CandidateList {
public:
    void assign(std::span<const float> logits);  // all tokens, unsorted
    std::vector<Candidate>& items() { return m_items; }
    const std::vector<Candidate>& items() const { return m_items; }
    size_t size() const { return m_items.size(); }
    bool sorted() const { return m_sorted; }
    // Sorts by logit, descending (stable on ties: lower id first). Sorts only the first k when k < size()
    // and truncates to k.
    void sortDescending(size_t k);
    void truncate(size_t n);
    // p = softmax(logit) over the current candidates; sorts first.
    void softmax();

private:
    std::vector<Candidate> m_items;
    bool m_sorted = false;
};

class Sampler {
public:
    virtual ~Sampler() = default;
    virtual void apply(CandidateList& candidates) = 0;
    virtual void accept(int32_t token) { (void)token; }  // a token was chosen (history for penalties)
    virtual void reset() {}
};

// Divides positive logits / multiplies negative ones by penalty for tokens seen in the last n accepted.
class RepetitionPenaltySampler : public Sampler {
public:
    RepetitionPenaltySampler(int lastN, float penalty);
    void apply(CandidateList& candidates) override;
    void accept(int32_t token) override;
    void reset() override;

private:
    int m_lastN;
    float m_penalty;
    std::vector<int32_t> m_ring;  // capacity lastN
    size_t m_next = 0;
    size_t m_count = 0;
};

class TopKSampler : public Sampler {
public:
    explicit TopKSampler(int k) : m_k(k) {}
    void apply(CandidateList& candidates) override;

private:
    int m_k;
};

// Keeps the smallest prefix (by probability) whose cumulative probability reaches p (at least minKeep).
class TopPSampler : public Sampler {
public:
    explicit TopPSampler(float p, size_t minKeep = 1) : m_p(p), m_minKeep(minKeep) {}
    void apply(CandidateList& candidates) override;

private:
    float m_p;
    size_t m_minKeep;
};

// Keeps tokens whose probability is at least p times the most likely token's.
class MinPSampler : public Sampler {
public:
    explicit MinPSampler(float p, size_t minKeep = 1) : m_p(p), m_minKeep(minKeep) {}
    void apply(CandidateList& candidates) override;

private:
    float m_p;
    size_t m_minKeep;
};

class TemperatureSampler : public Sampler {
public:
    explicit TemperatureSampler(float t) : m_t(t) {}
    void apply(CandidateList& candidates) override;

private:
    float m_t;
};

// Deterministic 64-bit generator (splitmix64 seeding + xoshiro256**) with a platform-independent uniform.
class Rng {
public:
    explicit Rng(uint64_t seed) { seedWith(seed); }
    void seedWith(uint64_t seed);
    uint64_t next();
    double uniform();  // [0, 1), 53 bits

private:
    uint64_t m_s[4];
};

class JsonConstraintSampler;

// The chain built from SamplingOptions. sample() leaves the chosen token un-accepted; call accept().
class SamplerChain {
public:
    explicit SamplerChain(const SamplingOptions& options);
    ~SamplerChain();
    // Constrained decoding (json_constraint.h), applied before every other sampler. The caller builds it
    // from SamplingOptions::jsonSchema and the model's vocabulary. With one set, sample() returns -1 when no
    // token is allowed.
    void setConstraint(std::unique_ptr<JsonConstraintSampler> constraint);
    const JsonConstraintSampler* constraint() const { return m_constraint.get(); }
    // Adds a sampler before the final draw (tests, later constrained decoding).
    void add(std::unique_ptr<Sampler> sampler) { m_samplers.push_back(std::move(sampler)); }
    int32_t sample(std::span<const float> logits);
    void accept(int32_t token);
    void reset();
    bool greedy() const { return m_greedy; }
    // Candidates after the last sample() (tests).
    const CandidateList& lastCandidates() const { return m_candidates; }

private:
    int32_t draw(std::span<const float> logits, bool masked);
    int32_t drawAllowedKept(std::span<const float> logits);
    int32_t pick();  // greedy best or seeded draw over m_candidates (not empty)

    std::vector<std::unique_ptr<Sampler>> m_samplers;
    std::unique_ptr<JsonConstraintSampler> m_constraint;
    CandidateList m_candidates;
    Rng m_rng;
    uint64_t m_seed;
    bool m_greedy;
};

// Index of the largest value (first on ties); -1 for an empty span.
int32_t argmax(std::span<const float> logits);

}  // namespace peregrine
