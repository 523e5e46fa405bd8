// Removes a model's thinking from streamed answer text: everything from "<think>" to "</think>" (and the
// whitespace right after the closing tag) is held back, so a chain of thought is never shown or spoken as the
// answer. Tags may arrive split over several pieces; text that could still start a tag is held until the
// next piece decides it. An unclosed think block hides the rest of the answer.
//
// Thread: one owner; cost linear in the text.
#pragma once

#include <string>
#include <string_view>

namespace peregrine {

class ThinkingFilter {
public:
    // Returns the answer text that is now certain (possibly empty).
    std::string push(std::string_view piece);
    // End of the answer: text held back because it might have started a tag (never inside a think block).
    std::string flush();
    bool thinking() const { return m_inside; }

private:
    std::string m_pending;  // undecided text: a possible tag prefix
    bool m_inside = false;
    bool m_skipSpace = false;  // just after "</think>": leading whitespace of the answer is dropped
};

}  // namespace peregrine
