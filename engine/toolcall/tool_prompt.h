// Tools in the prompt: rewrites a conversation so that the family's ordinary chat template
// (applyChatTemplate, or a backend's own) renders the text the model's Hugging Face template writes with
// tools, and builds the decoding constraint for the calls. Pure functions, no I/O; cost linear in the text.
//
// Input roles: "system", "user", "assistant" (an answer that made calls holds them as formatToolCalls()
// wrote them), "tool" (one tool result, its JSON text). Facts from the real templates
// (Qwen2.5-7B-Instruct, Llama-3.2-3B-Instruct):
//  - Hermes: the system turn gets "\n\n# Tools ... <tools>\n{tool}\n...</tools> ... </tool_call>" after its
//    text ("You are a helpful assistant." when there is none); consecutive tool results become one user turn
//    of "<tool_response>\n{result}\n</tool_response>" blocks joined by "\n".
//  - Llama3Json: the system turn becomes "Environment: ipython\nCutting Knowledge Date: December 2023\n
//    Today Date: {date}\n\n" + the JSON-call instruction + each tool as tojson(indent=4) + "\n\n" + its text
//    (the template's tools_in_user_message=false form: the tools stay when the oldest turns are dropped to
//    fit the context); a tool result is an "ipython" turn holding the result as a JSON string (the template's
//    tojson of a string content: "{\"ok\": true}").
//  - ToolChoice::None offers no tools (earlier tool turns are still converted).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "toolcall/tool_spec.h"

namespace peregrine {

struct ToolPromptOptions {
    ToolChoice choice = ToolChoice::Auto;
    std::string dateString = "26 Jul 2024";  // Llama 3 "Today Date:" (the template's default)
};

// Error when a tool's parametersJson is not a JSON object or two tools share a name.
Result<std::vector<ChatMessage>> withTools(ChatFamily family, std::span<const ChatMessage> messages,
                                           std::span<const ToolSpec> tools, const ToolPromptOptions& options);

// An assistant turn that made these calls, as the family's template writes it (to keep in the history):
// Hermes "<tool_call>\n{\"name\": \"n\", \"arguments\": {...}}\n</tool_call>" per call joined by "\n";
// Llama3Json {"name": "n", "parameters": {...}} per call joined by "; ".
std::string formatToolCalls(ToolFormat format, std::span<const ToolCallText> calls);

// What engine/sampling is asked to enforce (SamplingOptions::jsonSchema / constraintTrigger).
struct ToolConstraint {
    std::string jsonSchema;  // "" = free text
    std::string trigger;
};
// The union of calls: {"anyOf":[{"type":"object","properties":{"name":{"const":N},"arguments":P},
// "required":["name","arguments"]}, ...]} ("parameters" instead of "arguments" for Llama3Json).
//  - none: no constraint.
//  - Hermes auto: the union, trigger "<tool_call>" (free words, and each call after the tag is constrained:
//    parallel calls too).
//  - required (both formats): the union with no trigger: the whole answer is one call as a bare JSON object
//    (the parser reads a bare call in both formats).
//  - Llama3Json auto: no constraint. The JSON form has no opening tag: the call is the answer from its first
//    character, and a "{" trigger would be consumed before the constrained value starts
//    (sampling_options.h: the value follows the trigger). Malformed calls are then found by the parser.
Result<ToolConstraint> toolConstraint(ToolFormat format, std::span<const ToolSpec> tools, ToolChoice choice);

}  // namespace peregrine
