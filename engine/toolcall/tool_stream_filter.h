// ToolCallStreamFilter: while an answer streams, separates the words that may be shown and spoken at once
// from tool-call text, which is neither shown nor read out.
//  - Hermes: text before "<tool_call>" passes (a tail that could be the start of the tag is held back until
//    the next piece decides); from the tag on nothing passes.
//  - An answer whose first non-space character is "{" (both formats: a bare or Llama JSON call), or "[" or
//    "<" (Llama: a call list, <|python_tag|>) is held whole: finish() releases it when it was no call.
// Not thread-safe (one answer, one thread). Cost: amortised linear in the answer.
#pragma once

#include <string>
#include <string_view>

#include "toolcall/tool_spec.h"

namespace peregrine {

class ToolCallStreamFilter {
public:
    explicit ToolCallStreamFilter(ToolFormat format) : m_format(format) {}

    // The next piece of the answer; returns the text that may be shown now (possibly "").
    std::string feed(std::string_view piece);
    // At the end of the answer: what was held back, when the parser found no call in it (wasCall false);
    // "" otherwise.
    std::string finish(bool wasCall);
    const std::string& text() const { return m_all; }  // the whole answer so far

private:
    enum class Mode { Undecided, Words, Held, Call };
    ToolFormat m_format;
    Mode m_mode = Mode::Undecided;
    std::string m_all;
    size_t m_shown = 0;  // m_all[0, m_shown) has been returned
};

}  // namespace peregrine
