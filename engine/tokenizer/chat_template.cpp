#include "tokenizer/chat_template.h"

namespace peregrine {

namespace {

bool contains(std::string_view s, std::string_view needle) {
    return s.find(needle) != std::string_view::npos;
}

// Trims ASCII whitespace at both ends, as Jinja's trim / Python's strip on ordinary text.
std::string trim(std::string_view s) {
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    };
    size_t b = 0;
    size_t e = s.size();
    while (b < e && space(s[b])) ++b;
    while (e > b && space(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

std::string renderChatML(std::span<const ChatMessage> messages, bool addGenerationPrompt) {
    std::string out;
    for (const auto& m : messages) out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
    if (addGenerationPrompt) out += "<|im_start|>assistant\n";
    return out;
}

// Qwen3 with thinking off: the empty think block follows the assistant header, as Qwen3's template writes it
// for enable_thinking=false.
std::string renderQwen3(std::span<const ChatMessage> messages, bool addGenerationPrompt) {
    std::string out = renderChatML(messages, addGenerationPrompt);
    if (addGenerationPrompt) out += "<think>\n\n</think>\n\n";
    return out;
}

std::string renderLlama3(std::span<const ChatMessage> messages, bool addGenerationPrompt) {
    std::string out;
    for (const auto& m : messages) {
        out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trim(m.content) + "<|eot_id|>";
    }
    if (addGenerationPrompt) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string renderPhi3(std::span<const ChatMessage> messages, bool addGenerationPrompt) {
    std::string out;
    for (const auto& m : messages) out += "<|" + m.role + "|>\n" + m.content + "<|end|>\n";
    if (addGenerationPrompt) out += "<|assistant|>\n";
    return out;
}

// Gemma has no system role: the system text opens the first user turn; "assistant" is "model".
std::string renderGemma(std::span<const ChatMessage> messages, bool addGenerationPrompt) {
    std::string out;
    std::string system;
    for (const auto& m : messages) {
        if (m.role == "system") {
            system = trim(m.content);
            continue;
        }
        const std::string role = m.role == "assistant" ? "model" : m.role;
        out += "<start_of_turn>" + role + "\n";
        if (!system.empty() && role != "model") {
            out += system + "\n\n";
            system.clear();
        }
        out += trim(m.content) + "<end_of_turn>\n";
    }
    if (addGenerationPrompt) out += "<start_of_turn>model\n";
    return out;
}

// Mistral "v3" (Mistral 7B Instruct v0.3 and later v3 templates): "[INST] " opens a turn, a system message
// precedes the user text inside it, "[/INST]" closes it, and an answer is " " + text + "</s>". The prompt
// ends with "[/INST]", so there is no separate generation prompt.
std::string renderMistral(std::span<const ChatMessage> messages, bool /*addGenerationPrompt*/) {
    std::string out;
    bool inTurn = false;
    for (const auto& m : messages) {
        if (!inTurn) {
            out += "[INST] ";
            inTurn = true;
        }
        if (m.role == "system") {
            out += m.content + "\n\n";
        } else if (m.role == "user") {
            out += m.content + "[/INST]";
        } else {
            out += " " + trim(m.content) + "</s>";
            inTurn = false;
        }
    }
    return out;
}

// Llama 2 chat with a <<SYS>> block in the first turn and stripped messages (llama.cpp "llama2-sys-strip").
std::string renderLlama2(std::span<const ChatMessage> messages, bool /*addGenerationPrompt*/) {
    std::string out = "[INST] ";
    bool inTurn = true;
    for (const auto& m : messages) {
        if (!inTurn) {
            out += "[INST] ";
            inTurn = true;
        }
        const std::string content = trim(m.content);
        if (m.role == "system") {
            out += "<<SYS>>\n" + content + "\n<</SYS>>\n\n";
        } else if (m.role == "user") {
            out += content + " [/INST]";
        } else {
            out += content + "</s>";
            inTurn = false;
        }
    }
    return out;
}

}  // namespace

const char* chatFamilyName(ChatFamily f) {
    switch (f) {
        case ChatFamily::ChatML:
            return "chatml";
        case ChatFamily::Llama3:
            return "llama3";
        case ChatFamily::Llama2:
            return "llama2";
        case ChatFamily::Phi3:
            return "phi3";
        case ChatFamily::Gemma:
            return "gemma";
        case ChatFamily::Mistral:
            return "mistral";
        case ChatFamily::Qwen3:
            return "qwen3";
    }
    return "chatml";
}

ChatFamily detectChatFamily(std::optional<std::string_view> templateSource) {
    if (!templateSource || templateSource->empty()) return ChatFamily::ChatML;
    const std::string_view t = *templateSource;
    if (contains(t, "<|im_start|>"))
        return contains(t, "<think>") || contains(t, "enable_thinking") ? ChatFamily::Qwen3
                                                                        : ChatFamily::ChatML;
    if (contains(t, "<|start_header_id|>")) return ChatFamily::Llama3;
    if (contains(t, "[INST]")) return contains(t, "<<SYS>>") ? ChatFamily::Llama2 : ChatFamily::Mistral;
    if (contains(t, "<start_of_turn>")) return ChatFamily::Gemma;
    if ((contains(t, "<|user|>") || contains(t, "<|assistant|>")) && contains(t, "<|end|>"))
        return ChatFamily::Phi3;
    return ChatFamily::ChatML;
}

std::string applyChatTemplate(ChatFamily family, std::span<const ChatMessage> messages,
                              bool addGenerationPrompt) {
    switch (family) {
        case ChatFamily::ChatML:
            return renderChatML(messages, addGenerationPrompt);
        case ChatFamily::Llama3:
            return renderLlama3(messages, addGenerationPrompt);
        case ChatFamily::Llama2:
            return renderLlama2(messages, addGenerationPrompt);
        case ChatFamily::Phi3:
            return renderPhi3(messages, addGenerationPrompt);
        case ChatFamily::Gemma:
            return renderGemma(messages, addGenerationPrompt);
        case ChatFamily::Mistral:
            return renderMistral(messages, addGenerationPrompt);
        case ChatFamily::Qwen3:
            return renderQwen3(messages, addGenerationPrompt);
    }
    return renderChatML(messages, addGenerationPrompt);
}

}  // namespace peregrine
