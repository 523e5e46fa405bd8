#include "toolcall/tool_call_parser.h"

#include "toolcall/tool_json.h"

namespace peregrine {

namespace {

using Type = JsonValue::Type;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

const ToolSpec* findTool(std::span<const ToolSpec> tools, const std::string& name) {
    for (const ToolSpec& t : tools)
        if (t.name == name) return &t;
    return nullptr;
}

// A call object checked against the tools: appended to calls, or to malformed with the reason.
void addCall(const JsonValue& obj, std::string_view text, std::span<const ToolSpec> tools,
             ParsedAnswer& out) {
    const auto bad = [&](std::string why) { out.malformed.push_back({std::string(text), std::move(why)}); };
    if (obj.type != Type::Object) return bad("a call is not a JSON object");
    const JsonValue* name = obj.find("name");
    if (!name || name->type != Type::String) return bad("no \"name\" string");
    const JsonValue* args = obj.find("arguments");
    if (!args) args = obj.find("parameters");
    JsonValue empty;
    empty.type = Type::Object;
    if (!args) args = &empty;
    JsonValue decoded;  // some models write the arguments as a JSON string
    if (args->type == Type::String) {
        auto inner = genie::parseJson(args->text);
        if (!inner) return bad("arguments is a string that is not JSON");
        decoded = std::move(*inner);
        args = &decoded;
    }
    if (args->type != Type::Object) return bad("arguments is not an object");
    const ToolSpec* tool = findTool(tools, name->text);
    if (!tool) return bad("unknown tool " + name->text);
    if (!tool->parametersJson.empty()) {
        auto schema = genie::parseJson(tool->parametersJson);
        if (schema) {
            if (Status s = checkAgainstSchema(*args, *schema); !s) return bad(s.message());
        }
    }
    out.calls.push_back({name->text, compactJson(*args)});
}

void addJsonCall(std::string_view text, std::span<const ToolSpec> tools, ParsedAnswer& out) {
    auto parsed = genie::parseJson(text);
    if (!parsed) {
        out.malformed.push_back({std::string(text), "not JSON: " + parsed.message()});
        return;
    }
    addCall(*parsed, text, tools, out);
}

// The end of the balanced {...} or [...] starting at from (strings respected); npos when unbalanced.
size_t balancedEnd(std::string_view t, size_t from) {
    int depth = 0;
    bool inString = false;
    for (size_t i = from; i < t.size(); ++i) {
        const char c = t[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
    }
    return std::string_view::npos;
}

ParsedAnswer parseHermes(std::string_view answer, std::span<const ToolSpec> tools) {
    static constexpr std::string_view kOpen = "<tool_call>", kClose = "</tool_call>";
    ParsedAnswer out;
    std::string content;
    size_t pos = 0;
    for (;;) {
        const size_t open = answer.find(kOpen, pos);
        content += answer.substr(pos, open == std::string_view::npos ? answer.npos : open - pos);
        if (open == std::string_view::npos) break;
        const size_t body = open + kOpen.size();
        const size_t close = answer.find(kClose, body);
        addJsonCall(
            trimmed(answer.substr(body, close == std::string_view::npos ? answer.npos : close - body)), tools,
            out);
        if (close == std::string_view::npos) break;
        pos = close + kClose.size();
    }
    const std::string_view rest = trimmed(content);
    if (!out.attemptedCall() && rest.size() > 1 && rest.front() == '{') {
        auto parsed = genie::parseJson(rest);  // a bare call (tool_choice required)
        if (parsed && parsed->find("name")) {
            addCall(*parsed, rest, tools, out);
            return out;
        }
        // A bare call cut short (the token budget ran out): a malformed call, not words.
        if (!parsed && rest.substr(0, 16).find("\"name\"") != std::string_view::npos) {
            out.malformed.push_back({std::string(rest), "not JSON: " + parsed.message()});
            return out;
        }
    }
    out.content = std::string(rest);
    return out;
}

bool startsWithCallOf(std::string_view t, std::span<const ToolSpec> tools) {
    for (const ToolSpec& tool : tools)
        if (t.substr(0, tool.name.size()) == tool.name && t.substr(tool.name.size(), 1) == "(") return true;
    return false;
}

ParsedAnswer parseLlama(std::string_view answer, std::span<const ToolSpec> tools) {
    ParsedAnswer out;
    std::string_view t = trimmed(answer);
    if (t.substr(0, 14) == "<|python_tag|>") t = trimmed(t.substr(14));
    if (!t.empty() && t.front() == '{') {
        size_t pos = 0;
        while (pos < t.size()) {
            const size_t end = balancedEnd(t, pos);
            if (end == std::string_view::npos) {
                out.malformed.push_back({std::string(t.substr(pos)), "unterminated JSON object"});
                return out;
            }
            addJsonCall(t.substr(pos, end - pos), tools, out);
            pos = end;
            while (pos < t.size() && (isSpace(t[pos]) || t[pos] == ';' || t[pos] == ',')) ++pos;
            if (pos < t.size() && t[pos] != '{') {
                out.content = std::string(trimmed(t.substr(pos)));  // words after the calls
                break;
            }
        }
        return out;
    }
    if (!t.empty() && t.front() == '[') {
        auto parsed = genie::parseJson(t);
        if (parsed && parsed->type == Type::Array) {
            for (const JsonValue& item : parsed->items) addCall(item, compactJson(item), tools, out);
            if (parsed->items.empty()) out.content = std::string(t);
            return out;
        }
    }
    if ((!t.empty() && t.front() == '[') || startsWithCallOf(t, tools)) {
        std::string error;
        const std::vector<ToolCallText> calls = parsePythonCalls(t, &error);
        if (calls.empty()) {
            // "[1, 2]" or "[note] ..." is prose; "[name(" is a broken call.
            const size_t paren = t.find('(');
            const bool looksLikeCall = paren != std::string_view::npos && paren < 64 &&
                                       t.substr(0, paren).find_first_of(" \n,]") == std::string_view::npos;
            if (looksLikeCall)
                out.malformed.push_back({std::string(t), "not a Python call: " + error});
            else
                out.content = std::string(t);
            return out;
        }
        for (const ToolCallText& c : calls) {
            auto args = genie::parseJson(c.argumentsJson);
            JsonValue call;
            call.type = Type::Object;
            JsonValue name;
            name.type = Type::String;
            name.text = c.name;
            call.members = {{"name", std::move(name)}, {"arguments", std::move(*args)}};
            addCall(call, c.name + "(...)", tools, out);
        }
        return out;
    }
    out.content = std::string(t);
    return out;
}

}  // namespace

ParsedAnswer parseToolCalls(ToolFormat format, std::string_view answer, std::span<const ToolSpec> tools) {
    return format == ToolFormat::Hermes ? parseHermes(answer, tools) : parseLlama(answer, tools);
}

}  // namespace peregrine
