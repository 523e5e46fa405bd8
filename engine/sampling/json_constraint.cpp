#include "sampling/json_constraint.h"

#include <algorithm>

namespace peregrine {

Result<std::unique_ptr<JsonConstraintSampler>> JsonConstraintSampler::create(
    std::string_view schemaText, std::string trigger, std::shared_ptr<const VocabTrie> vocab) {
    auto schema = parseJsonSchema(schemaText);
    if (!schema) return schema.status();
    if (!vocab) return Status::error("constrained decoding needs the model's vocabulary");
    return std::unique_ptr<JsonConstraintSampler>(new JsonConstraintSampler(
        std::make_unique<JsonSchema>(std::move(*schema)), std::move(trigger), std::move(vocab)));
}

JsonConstraintSampler::JsonConstraintSampler(std::unique_ptr<JsonSchema> schema, std::string trigger,
                                             std::shared_ptr<const VocabTrie> vocab)
    : m_schema(std::move(schema)),
      m_trigger(std::move(trigger)),
      m_vocab(std::move(vocab)),
      m_matcher(m_schema.get(), false) {
    m_mask.assign(static_cast<size_t>(m_vocab->vocabSize()), 0);
    size_t longest = 0;
    for (int32_t id = 0; id < m_vocab->vocabSize(); ++id) {
        longest = std::max(longest, m_vocab->piece(id).size());
        if (m_vocab->isSpecial(id)) m_specialIds.push_back(id);
    }
    m_walk.assign(longest + 2, m_matcher);
    reset();
}

void JsonConstraintSampler::reset() {
    m_matcher.restart(lazy());
    m_inValue = !lazy();
    m_tail.clear();
}

JsonConstraintSampler::Fed JsonConstraintSampler::feedByte(JsonMatcher& m, uint8_t b) const {
    const bool couldEnd = lazy() && m.canEnd();
    if (m.feed(b)) return Fed::Ok;
    return couldEnd ? Fed::Free : Fed::Rejected;
}

bool JsonConstraintSampler::allows(int32_t token) const {
    if (!m_inValue) return true;
    if (token < 0 || token >= m_vocab->vocabSize()) return false;
    if (m_vocab->isSpecial(token)) return m_matcher.canEnd() && (lazy() || m_vocab->isEog(token));
    JsonMatcher m = m_matcher;
    for (const char ch : m_vocab->piece(token)) {
        const Fed r = feedByte(m, static_cast<uint8_t>(ch));
        if (r == Fed::Rejected) return false;
        if (r == Fed::Free) return true;
    }
    return true;
}

void JsonConstraintSampler::markSubtree(uint32_t node) {
    const auto& n = m_vocab->nodes()[node];
    const auto& ids = m_vocab->tokenIds();
    for (uint32_t t = n.tokenBegin; t < n.subtreeTokenEnd; ++t) m_mask[static_cast<size_t>(ids[t])] = 1;
}

// m_walk[depth] holds the matcher after the bytes on the path to `node`.
void JsonConstraintSampler::walk(uint32_t node, int depth) {
    const auto& nodes = m_vocab->nodes();
    const auto& ids = m_vocab->tokenIds();
    const uint32_t end = nodes[node].subtreeEnd;
    for (uint32_t child = node + 1; child < end; child = nodes[child].subtreeEnd) {
        JsonMatcher& m = m_walk[static_cast<size_t>(depth) + 1];
        m = m_walk[static_cast<size_t>(depth)];
        const Fed r = feedByte(m, nodes[child].byte);
        if (r == Fed::Rejected) continue;
        if (r == Fed::Free) {
            markSubtree(child);
            continue;
        }
        for (uint32_t t = nodes[child].tokenBegin; t < nodes[child].tokenEnd; ++t)
            m_mask[static_cast<size_t>(ids[t])] = 1;
        if (nodes[child].subtreeEnd > child + 1) walk(child, depth + 1);
    }
}

const std::vector<uint8_t>& JsonConstraintSampler::computeMask() {
    if (!m_inValue) {
        std::fill(m_mask.begin(), m_mask.end(), 1);
        return m_mask;
    }
    std::fill(m_mask.begin(), m_mask.end(), 0);
    if (m_matcher.canEnd())
        for (const int32_t id : m_specialIds)
            if (lazy() || m_vocab->isEog(id)) m_mask[static_cast<size_t>(id)] = 1;
    m_walk[0] = m_matcher;
    walk(0, 0);
    return m_mask;
}

void JsonConstraintSampler::apply(CandidateList& candidates) {
    if (!m_inValue) return;
    computeMask();
    auto& items = candidates.items();
    items.erase(std::remove_if(items.begin(), items.end(),
                               [&](const Candidate& c) { return m_mask[static_cast<size_t>(c.id)] == 0; }),
                items.end());
}

void JsonConstraintSampler::accept(int32_t token) {
    if (token < 0 || token >= m_vocab->vocabSize()) return;
    if (!m_inValue) {
        feedFree(m_vocab->renderedText(token));
        return;
    }
    if (m_vocab->isSpecial(token)) {
        if (lazy() && m_matcher.canEnd()) {
            m_inValue = false;
            feedFree(m_vocab->renderedText(token));
        }
        return;
    }
    const std::string& piece = m_vocab->piece(token);
    for (size_t i = 0; i < piece.size(); ++i) {
        const Fed r = feedByte(m_matcher, static_cast<uint8_t>(piece[i]));
        if (r == Fed::Ok) continue;
        if (!lazy()) return;  // refused: the chain never draws such a token
        m_inValue = false;    // the value ended before this byte (or was abandoned)
        feedFree(std::string_view(piece).substr(i));
        return;
    }
    if (lazy() && m_matcher.finished()) m_inValue = false;
}

// Lazy mode, outside a value: looks for the trigger; bytes after it start the next value.
void JsonConstraintSampler::feedFree(std::string_view bytes) {
    if (!lazy()) return;
    m_tail.append(bytes);
    const size_t at = m_tail.find(m_trigger);
    if (at == std::string::npos) {
        if (m_tail.size() >= m_trigger.size()) m_tail.erase(0, m_tail.size() - (m_trigger.size() - 1));
        return;
    }
    const std::string rest = m_tail.substr(at + m_trigger.size());
    m_tail.clear();
    m_matcher.restart(true);
    m_inValue = true;
    for (size_t i = 0; i < rest.size(); ++i) {
        const Fed r = feedByte(m_matcher, static_cast<uint8_t>(rest[i]));
        if (r == Fed::Ok) continue;
        m_inValue = false;
        feedFree(std::string_view(rest).substr(i));
        return;
    }
    if (m_matcher.finished()) m_inValue = false;
}

}  // namespace peregrine
