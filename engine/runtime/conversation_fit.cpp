#include "runtime/conversation_fit.h"

#include <algorithm>
#include <string>

#include "tokenizer/tokenizer.h"

namespace peregrine {

namespace {
std::vector<int32_t> renderTokens(const Tokenizer& tokenizer, ChatFamily family,
                                  std::span<const ChatMessage> messages) {
    const std::string text = applyChatTemplate(family, messages, /*addGenerationPrompt=*/true);
    return tokenizer.encode(text, tokenizer.addBosDefault(), /*parseSpecial=*/true);
}
}  // namespace

Result<FittedPrompt> fitConversation(const Tokenizer& tokenizer, ChatFamily family,
                                     std::span<const ChatMessage> conversation, int contextLength,
                                     int answerBudget, const DropPolicy& policy) {
    if (conversation.empty()) return Status::error("the conversation is empty");
    std::vector<ChatMessage> messages(conversation.begin(), conversation.end());
    const size_t firstTurn = messages.front().role == "system" ? 1 : 0;
    FittedPrompt fit;
    // Turns an earlier fit dropped stay dropped; the last message always stays.
    const size_t keep =
        std::min(static_cast<size_t>(std::max(policy.keepDropped, 0)),
                 messages.size() - firstTurn - std::min<size_t>(messages.size() - firstTurn, 1));
    messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(firstTurn),
                   messages.begin() + static_cast<std::ptrdiff_t>(firstTurn + keep));
    fit.droppedMessages = static_cast<int>(keep);
    const long budget = std::max(answerBudget, 1);
    long limit = contextLength;
    for (;;) {
        fit.tokens = renderTokens(tokenizer, family, messages);
        const long need = static_cast<long>(fit.tokens.size()) + budget;
        if (need <= limit) return fit;
        if (messages.size() - firstTurn <= 1) {
            if (static_cast<long>(fit.tokens.size()) < contextLength)
                return fit;  // room for part of an answer
            return Status::error("the message is too long for the context: the prompt needs " +
                                 std::to_string(fit.tokens.size()) + " tokens and the context holds " +
                                 std::to_string(contextLength));
        }
        // Dropping: a whole step, so that the next turns fit as they are.
        limit = std::max<long>(budget + 1, contextLength - std::max(policy.stepTokens, 0));
        // Drop the oldest turn: its first message, and the reply that answered it.
        messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(firstTurn));
        ++fit.droppedMessages;
        if (messages.size() - firstTurn > 1 && messages[firstTurn].role == "assistant") {
            messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(firstTurn));
            ++fit.droppedMessages;
        }
    }
}

}  // namespace peregrine
