#include "toolcall/tool_prompt.h"

#include <set>

#include "toolcall/tool_json.h"

namespace peregrine {

namespace {

using Type = JsonValue::Type;

JsonValue stringValue(std::string s) {
    JsonValue v;
    v.type = Type::String;
    v.text = std::move(s);
    return v;
}

JsonValue objectValue(std::vector<std::pair<std::string, JsonValue>> members) {
    JsonValue v;
    v.type = Type::Object;
    v.members = std::move(members);
    return v;
}

Result<JsonValue> parametersOf(const ToolSpec& tool) {
    if (tool.parametersJson.empty()) return objectValue({{"type", stringValue("object")}});
    auto parsed = genie::parseJson(tool.parametersJson);
    if (!parsed) return Status::error("tool " + tool.name + ": parameters: " + parsed.message());
    if (parsed->type != Type::Object)
        return Status::error("tool " + tool.name + ": parameters is not an object");
    return std::move(*parsed);
}

// {"type": "function", "function": {"name", "description", "parameters"}}: the OpenAI tool the templates
// print.
Result<std::vector<JsonValue>> openAiTools(std::span<const ToolSpec> tools) {
    std::vector<JsonValue> out;
    std::set<std::string> names;
    for (const ToolSpec& t : tools) {
        if (!names.insert(t.name).second) return Status::error("two tools are named " + t.name);
        auto params = parametersOf(t);
        if (!params) return params.status();
        out.push_back(objectValue({{"type", stringValue("function")},
                                   {"function", objectValue({{"name", stringValue(t.name)},
                                                             {"description", stringValue(t.description)},
                                                             {"parameters", std::move(*params)}})}}));
    }
    return out;
}

std::string hermesToolsBlock(const std::vector<JsonValue>& tools) {
    std::string out =
        "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
        "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";
    for (const JsonValue& t : tools) out += "\n" + templateJson(t);
    out +=
        "\n</tools>\n\nFor each function call, return a json object with function name and arguments within "
        "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
        "<args-json-object>}\n</tool_call>";
    return out;
}

std::string llamaSystemHead(const std::vector<JsonValue>& tools, const std::string& date) {
    std::string out =
        "Environment: ipython\nCutting Knowledge Date: December 2023\nToday Date: " + date + "\n\n";
    out +=
        "You have access to the following functions. To call a function, please respond with JSON for a "
        "function call.Respond in the format {\"name\": function name, \"parameters\": dictionary of "
        "argument "
        "name and its value}.Do not use variables.\n\n";
    for (const JsonValue& t : tools) out += templateJson(t, 4) + "\n\n";
    return out;
}

}  // namespace

Result<std::vector<ChatMessage>> withTools(ChatFamily family, std::span<const ChatMessage> messages,
                                           std::span<const ToolSpec> tools,
                                           const ToolPromptOptions& options) {
    const ToolFormat format = toolFormatFor(family);
    const bool offer = options.choice != ToolChoice::None && !tools.empty();
    std::vector<JsonValue> specs;
    if (offer) {
        auto parsed = openAiTools(tools);
        if (!parsed) return parsed.status();
        specs = std::move(*parsed);
    }
    std::vector<ChatMessage> out;
    out.reserve(messages.size() + 1);
    size_t i = 0;
    if (offer) {
        std::string system = !messages.empty() && messages[0].role == "system" ? messages[0].content : "";
        if (!messages.empty() && messages[0].role == "system") i = 1;
        if (format == ToolFormat::Hermes) {
            if (system.empty()) system = "You are a helpful assistant.";
            out.push_back({"system", system + hermesToolsBlock(specs)});
        } else {
            out.push_back({"system", llamaSystemHead(specs, options.dateString) + system});
        }
    }
    for (; i < messages.size(); ++i) {
        const ChatMessage& m = messages[i];
        if (m.role != "tool") {
            out.push_back(m);
            continue;
        }
        if (format == ToolFormat::Llama3Json) {
            // The real template writes a string result through tojson (a Jinja string is iterable): the
            // model sees the result as one JSON string.
            out.push_back({"ipython", templateJson(stringValue(m.content))});
            continue;
        }
        const std::string block = "<tool_response>\n" + m.content + "\n</tool_response>";
        const bool follows = i > 0 && messages[i - 1].role == "tool";
        if (follows && !out.empty())
            out.back().content += "\n" + block;
        else
            out.push_back({"user", block});
    }
    return out;
}

std::string formatToolCalls(ToolFormat format, std::span<const ToolCallText> calls) {
    std::string out;
    for (const ToolCallText& c : calls) {
        auto args = genie::parseJson(c.argumentsJson.empty() ? "{}" : c.argumentsJson);
        const std::string argsText = args ? templateJson(*args) : c.argumentsJson;
        if (format == ToolFormat::Hermes) {
            if (!out.empty()) out += "\n";
            out +=
                "<tool_call>\n{\"name\": \"" + c.name + "\", \"arguments\": " + argsText + "}\n</tool_call>";
        } else {
            if (!out.empty()) out += "; ";
            out += "{\"name\": \"" + c.name + "\", \"parameters\": " + argsText + "}";
        }
    }
    return out;
}

Result<ToolConstraint> toolConstraint(ToolFormat format, std::span<const ToolSpec> tools, ToolChoice choice) {
    if (choice == ToolChoice::None || tools.empty()) return ToolConstraint{};
    if (format == ToolFormat::Llama3Json && choice == ToolChoice::Auto) return ToolConstraint{};
    const char* argsKey = format == ToolFormat::Hermes ? "arguments" : "parameters";
    JsonValue anyOf;
    anyOf.type = Type::Array;
    for (const ToolSpec& t : tools) {
        auto params = parametersOf(t);
        if (!params) return params.status();
        JsonValue required;
        required.type = Type::Array;
        required.items = {stringValue("name"), stringValue(argsKey)};
        anyOf.items.push_back(
            objectValue({{"type", stringValue("object")},
                         {"properties", objectValue({{"name", objectValue({{"const", stringValue(t.name)}})},
                                                     {argsKey, std::move(*params)}})},
                         {"required", std::move(required)}}));
    }
    ToolConstraint c;
    c.jsonSchema = compactJson(objectValue({{"anyOf", std::move(anyOf)}}));
    if (format == ToolFormat::Hermes && choice == ToolChoice::Auto) c.trigger = "<tool_call>";
    return c;
}

std::optional<ToolChoice> parseToolChoice(std::string_view text) {
    if (text == "auto") return ToolChoice::Auto;
    if (text == "required") return ToolChoice::Required;
    if (text == "none") return ToolChoice::None;
    return std::nullopt;
}

const char* toolChoiceName(ToolChoice choice) {
    switch (choice) {
        case ToolChoice::Auto:
            return "auto";
        case ToolChoice::Required:
            return "required";
        case ToolChoice::None:
            return "none";
    }
    return "auto";
}

ToolFormat toolFormatFor(ChatFamily family) {
    return family == ChatFamily::Llama3 ? ToolFormat::Llama3Json : ToolFormat::Hermes;
}

const char* toolFormatName(ToolFormat format) {
    return format == ToolFormat::Hermes ? "hermes" : "llama3-json";
}

}  // namespace peregrine
