#include "long_chat_run.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace peregrine::bench {

std::string longChatQuestion(int turn) {
    static constexpr std::array<const char*, 8> kQuestions = {
        "How far is it to the next rest area on this road",
        "What is the tyre pressure I should use for a loaded trailer",
        "Remind me what time the delivery window opens",
        "How long can I drive before my next break",
        "What does a flashing amber light on the dashboard mean",
        "Is it going to rain on the mountain pass tonight",
        "How much fuel do I need for another three hundred miles",
        "Tell me a short fact about the town we are passing",
    };
    return std::string(kQuestions[static_cast<size_t>(turn) % kQuestions.size()]) + ", question " +
           std::to_string(turn + 1) + "?";
}

Result<std::vector<TurnRecord>> runLongChat(Session& session, const LongChatOptions& options) {
    GenerateOptions generate;
    generate.maxTokens = options.maxTokens;
    generate.sampling.temperature = 0.0f;
    std::vector<ChatMessage> conversation;
    if (!options.system.empty()) conversation.push_back({"system", options.system});
    const size_t first = conversation.size();
    std::vector<TurnRecord> records;
    for (int turn = 0; turn < options.turns; ++turn) {
        conversation.push_back({"user", longChatQuestion(turn)});
        std::string answer;
        auto stats = session.chat(conversation, generate, [&](std::string_view text, int32_t) {
            answer += text;
            return true;
        });
        if (!stats) return Status::error("turn " + std::to_string(turn + 1) + ": " + stats.message());
        conversation.push_back({"assistant", answer});
        // Keep the history in step with what the model saw (the session dropped the oldest turns).
        const size_t drop =
            std::min(static_cast<size_t>(stats->droppedMessages), conversation.size() - first);
        conversation.erase(conversation.begin() + static_cast<std::ptrdiff_t>(first),
                           conversation.begin() + static_cast<std::ptrdiff_t>(first + drop));
        records.push_back({stats->timeToFirstTokenMs, stats->promptTokens, stats->reusedTokens,
                           stats->shiftedTokens, stats->droppedMessages});
    }
    return records;
}

double ttftPercentile(const std::vector<TurnRecord>& turns, size_t begin, size_t end, double p) {
    end = std::min(end, turns.size());
    if (begin >= end) return 0;
    std::vector<double> v;
    for (size_t i = begin; i < end; ++i) v.push_back(turns[i].ttftMs);
    std::sort(v.begin(), v.end());
    const double idx = p * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(idx));
    const size_t hi = static_cast<size_t>(std::ceil(idx));
    return v[lo] + (v[hi] - v[lo]) * (idx - static_cast<double>(lo));
}

}  // namespace peregrine::bench
