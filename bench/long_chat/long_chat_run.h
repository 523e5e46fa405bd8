// One long conversation through a Session: `turns` questions, each answered (greedy, at most maxTokens), the
// history dropped by the session when the context fills (as the app does). Records each turn's time to first
// token and how much of the prompt came from the cache.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/session.h"

namespace peregrine::bench {

struct TurnRecord {
    double ttftMs = 0;
    int promptTokens = 0;
    int reusedTokens = 0;
    int shiftedTokens = 0;
    int droppedMessages = 0;
};

struct LongChatOptions {
    int turns = 200;
    int maxTokens = 24;
    std::string system = "You are a helpful voice assistant in a truck cab. Answer in one short sentence.";
};

// The question of turn i (varied cab questions, numbered so that no two prompts are the same).
std::string longChatQuestion(int turn);

Result<std::vector<TurnRecord>> runLongChat(Session& session, const LongChatOptions& options);

// p-th percentile (0..1) of the TTFT of turns [begin, end).
double ttftPercentile(const std::vector<TurnRecord>& turns, size_t begin, size_t end, double p);

}  // namespace peregrine::bench
