// Fitting a conversation into the context: renders it with the chat template, tokenizes it, and drops the
// oldest turns (never the system prompt, never the last message) until prompt + answer budget fit.
// Pure function of its inputs; used by Session::chat() and tested on its own.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "tokenizer/chat_template.h"

namespace peregrine {

class Tokenizer;

struct FittedPrompt {
    std::vector<int32_t> tokens;
    int droppedMessages = 0;
};

// contextLength: cache size in tokens; answerBudget: tokens to leave for the answer (maxTokens). When only
// the system prompt and the last message remain and the prompt alone leaves no room for a single answer
// token, returns an error saying the message is too long. When the prompt fits but not the full budget, it is
// returned as is (generation then stops when the context is full).
//
// Long conversations (DropPolicy): keepDropped oldest messages (after the system prompt) are dropped first,
// because an earlier turn dropped them (taking them back would change the cached prefix and cost a full
// recompute). When more must go, the oldest turns are dropped until prompt + budget + stepTokens fit, so
// that the next turns fit without dropping again: the cache is shifted once per step instead of every turn.
struct DropPolicy {
    int keepDropped = 0;  // a count of whole turns returned by an earlier fit of this conversation
    int stepTokens = 0;   // room freed beyond the minimum when dropping
};

Result<FittedPrompt> fitConversation(const Tokenizer& tokenizer, ChatFamily family,
                                     std::span<const ChatMessage> conversation, int contextLength,
                                     int answerBudget, const DropPolicy& policy = {});

}  // namespace peregrine
