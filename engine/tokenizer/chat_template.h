// Chat templates: the family is recognised from the model's tokenizer.chat_template (Jinja source) and
// applied natively (no Jinja interpreter: a template is data from a file and never executed). ChatML when a
// model has no template or an unrecognised one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace peregrine {

// Qwen3: ChatML whose generation prompt carries an empty think block ("<think>\n\n</think>\n\n"), which is
// how Qwen3's own template turns thinking off (enable_thinking=false): a voice answer must not wait for, or
// speak, a chain of thought.
enum class ChatFamily { ChatML, Llama3, Llama2, Phi3, Gemma, Mistral, Qwen3 };
const char* chatFamilyName(ChatFamily f);

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

// Detection looks for distinctive markers, in order: "<|im_start|>" ChatML, or Qwen3 when the template also
// mentions "<think>" or "enable_thinking"; "<|start_header_id|>" Llama3;
// "[INST]" Llama2 when "<<SYS>>" is present, else Mistral; "<start_of_turn>" Gemma; "<|user|>" or
// "<|assistant|>" with "<|end|>" Phi3; anything else (or no template) ChatML.
ChatFamily detectChatFamily(std::optional<std::string_view> templateSource);

// Renders messages as the model expects, as text to be tokenized with parseSpecial = true. BOS is not written
// here (the tokenizer adds it per add_bos_token). addGenerationPrompt appends the assistant header. Strings
// are those of llama.cpp's llama_chat_apply_template for: chatml, llama3 (content trimmed), phi3, gemma
// (system text merged into the first user turn, "assistant" -> "model"), mistral = llama.cpp "mistral-v3"
// ("[INST] " sys "\n\n" user "[/INST]" " " answer "</s>"; the prompt already ends in "[/INST]", so there is
// no generation prompt), llama2 = llama.cpp "llama2-sys-strip" ("[INST] <<SYS>>\n" sys "\n<</SYS>>\n\n"
// user " [/INST]" answer "</s>"). Roles other than system/user count as assistant in mistral and llama2.
std::string applyChatTemplate(ChatFamily family, std::span<const ChatMessage> messages,
                              bool addGenerationPrompt);

}  // namespace peregrine
