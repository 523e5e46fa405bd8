// Tool calls at the engine layer (no Qt): what a model is offered (ToolSpec), how it may answer (ToolChoice,
// OpenAI semantics), the text form its family uses (ToolFormat) and a call read back from its answer.
// The app turns its tools::Tool objects into ToolSpecs; bench/tools reads them from case files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tokenizer/chat_template.h"

namespace peregrine {

struct ToolSpec {
    std::string name;            // snake_case, unique among the tools of one request
    std::string description;     // one sentence, shown to the model
    std::string parametersJson;  // JSON schema of the arguments (an object schema); "" = {"type":"object"}
};

// auto: the model may answer in words or call tools; required: it must call a tool (the answer is a call);
// none: no tool is offered and no call is read from the answer.
enum class ToolChoice { Auto, Required, None };
std::optional<ToolChoice> parseToolChoice(std::string_view text);  // "auto", "required", "none"
const char* toolChoiceName(ToolChoice choice);

// Hermes (Qwen2.5, Qwen3, ChatML fallback and every other family): <tools> in the system prompt,
// <tool_call>{"name":..,"arguments":..}</tool_call> out, <tool_response> in a user turn back.
// Llama3Json (Llama 3.1/3.2): tools as JSON in the system prompt, the answer is {"name":..,"parameters":..}
// (or Python-style [name(arg=...)]), results in the ipython role.
enum class ToolFormat { Hermes, Llama3Json };
ToolFormat toolFormatFor(ChatFamily family);
const char* toolFormatName(ToolFormat format);

// One call read from an answer: the tool's name and its arguments as compact JSON object text.
struct ToolCallText {
    std::string name;
    std::string argumentsJson;
};

}  // namespace peregrine
