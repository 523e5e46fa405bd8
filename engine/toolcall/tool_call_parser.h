// Reads tool calls back from a model's answer. Pure function, no I/O; cost linear in the text.
//  - Hermes: every <tool_call>...</tool_call> block (the closing tag may be missing at the end of the
//    answer, where generation stopped), each a JSON object {"name", "arguments"}; or, when the whole answer
//    is one bare JSON object with a "name" (tool_choice required), that object (cut short: malformed).
//  - Llama3Json: an answer that is (after an optional <|python_tag|>) a JSON object {"name", "parameters"}
//    (or "arguments"), several separated by ";" or newlines, a JSON array of them, or Python-style
//    [name(arg=1, other="x"), ...] (the form Llama 3.2 also answers in; True/False/None are JSON's).
//  - Anything else is a plain answer (content).
// Every call is checked: known tool name, arguments an object valid against the tool's schema
// (checkAgainstSchema). A call that fails is in malformed with the reason, never in calls.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "toolcall/tool_spec.h"

namespace peregrine {

struct MalformedCall {
    std::string text;    // the call's text as the model wrote it
    std::string reason;  // "not JSON: line 1: ...", "unknown tool set_alarm", "arguments.minutes: ..."
};

struct ParsedAnswer {
    std::vector<ToolCallText> calls;
    std::vector<MalformedCall> malformed;
    std::string content;  // the words outside the calls, trimmed ("" when the answer is only calls)
    bool attemptedCall() const { return !calls.empty() || !malformed.empty(); }
};

ParsedAnswer parseToolCalls(ToolFormat format, std::string_view answer, std::span<const ToolSpec> tools);

// Python-style calls "[name(a=1, b='x'), other()]" (the brackets optional) -> calls with JSON arguments;
// empty with *error set when the text is not of that form.
std::vector<ToolCallText> parsePythonCalls(std::string_view text, std::string* error);

}  // namespace peregrine
