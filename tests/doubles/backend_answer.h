// One chat() of a Backend in the NPU double tests: the streamed text and the result, with an optional
// cancel after N pieces (the token callback returns false) and a token budget.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.h"

namespace peregrine::test {

struct Answer {
    std::string text;
    Result<GenerationStats> stats = Status::error("not run");
};

inline Answer ask(Backend& backend, const std::vector<ChatMessage>& conversation, int cancelAfter = -1,
                  int maxTokens = 256) {
    Answer a;
    int pieces = 0;
    GenerateOptions options;
    options.maxTokens = maxTokens;
    a.stats = backend.chat(conversation, options, [&](std::string_view text, int32_t) {
        a.text += text;
        return ++pieces != cancelAfter;
    });
    return a;
}

}  // namespace peregrine::test
