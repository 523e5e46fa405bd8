// The constrained-decoding sampler: keeps generated text a valid prefix of one JSON value of a schema
// (json_matcher.h describes the accepted form). SamplerChain applies it first when
// SamplingOptions::jsonSchema is set, in three steps of rising cost: (1) allows() on the token the chain
// would draw unconstrained (one matcher copy and the token's bytes); (2) when refused, a draw among the
// candidates the other samplers kept (top-k/top-p/min-p, or the best 64 when greedy) that allows() accepts;
// (3) only when none is, apply(): the full mask from a walk of the vocab trie with the matcher (subtrees
// pruned at the first refused byte) and the chain run again on the allowed tokens. Greedy decoding gets the
// best allowed token in every case.
//
// Modes (SamplingOptions::constraintTrigger): empty trigger: the whole output is the value; once it is
// complete only end-of-generation tokens are allowed (forced), and while it is incomplete they are refused.
// Lazy (trigger set): free text (every token) until the generated text ends with the trigger, then one value
// (it may start with one space or newline), then free text again; a token that goes past the end of the
// value is allowed when the value is complete at that point, its remaining bytes count as free text. Special
// tokens (control, unknown, unused, user-defined, empty pieces) are refused inside a value.
//
// Thread: one generation at a time. Memory: the mask and walk buffers are sized once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "sampling/json_matcher.h"
#include "sampling/json_schema.h"
#include "sampling/sampler.h"
#include "sampling/vocab_trie.h"

namespace peregrine {

class JsonConstraintSampler final : public Sampler {
public:
    // Errors: the schema's (json_schema.h), prefixed for the user.
    static Result<std::unique_ptr<JsonConstraintSampler>> create(std::string_view schemaText,
                                                                 std::string trigger,
                                                                 std::shared_ptr<const VocabTrie> vocab);

    void apply(CandidateList& candidates) override;  // drops the candidates that are not allowed
    void accept(int32_t token) override;
    void reset() override;

    bool allows(int32_t token) const;
    // Non-lazy: the value is complete and nothing may follow but the end of generation.
    bool finished() const { return !lazy() && m_matcher.finished(); }
    bool insideValue() const { return m_inValue; }
    bool lazy() const { return !m_trigger.empty(); }

    // Test hook: the allowed set now (vocabSize entries, 1 = allowed).
    const std::vector<uint8_t>& computeMask();

private:
    JsonConstraintSampler(std::unique_ptr<JsonSchema> schema, std::string trigger,
                          std::shared_ptr<const VocabTrie> vocab);
    enum class Fed { Ok, Rejected, Free };
    Fed feedByte(JsonMatcher& m, uint8_t b) const;
    void walk(uint32_t node, int depth);
    void markSubtree(uint32_t node);
    void feedFree(std::string_view bytes);

    std::unique_ptr<JsonSchema> m_schema;  // the matchers point into it
    std::string m_trigger;
    std::shared_ptr<const VocabTrie> m_vocab;
    JsonMatcher m_matcher;
    bool m_inValue = false;
    std::string m_tail;  // lazy: the last bytes of free text (trigger matching)
    std::vector<uint8_t> m_mask;
    std::vector<int32_t> m_specialIds;
    std::vector<JsonMatcher> m_walk;  // one matcher per trie depth
};

}  // namespace peregrine
