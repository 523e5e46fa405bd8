// Chat templates: the family is recognised from the model's tokenizer.chat_template (Jinja source) and
// applied natively (no Jinja interpreter: a template is data from a file and never executed). ChatML when a
// model has no template or an unrecognised one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace peregrine {

enum class ChatFamily { ChatML, Llama3, Llama2, Phi3, Gemma, Mistral };
const char* chatFamilyName(ChatFamily f);

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

ChatFamily detectChatFamily(std::optional<std::string_view> templateSource);

// Renders messages as the model expects, as text to be tokenized with parseSpecial = true. BOS is not written
// here (the tokenizer adds it per add_bos_token). addGenerationPrompt appends the assistant header.
std::string applyChatTemplate(ChatFamily family, std::span<const ChatMessage> messages,
                              bool addGenerationPrompt);

}  // namespace peregrine
