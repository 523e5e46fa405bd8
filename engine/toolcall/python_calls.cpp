// parsePythonCalls (tool_call_parser.h): a small recursive-descent reader of Python call syntax with
// literal arguments (strings, numbers, True/False/None, lists, dicts). Depth is capped.
#include "toolcall/tool_call_parser.h"
#include "toolcall/tool_json.h"

namespace peregrine {

namespace {

using Type = JsonValue::Type;
constexpr int kMaxDepth = 32;

class PyReader {
public:
    explicit PyReader(std::string_view t) : m_t(t) {}

    bool calls(std::vector<ToolCallText>& out) {
        space();
        const bool bracket = eat('[');
        for (;;) {
            space();
            if (bracket && eat(']')) break;
            if (!bracket && m_i == m_t.size()) break;
            ToolCallText call;
            if (!call_(call)) return false;
            out.push_back(std::move(call));
            space();
            if (eat(',')) continue;
            if (bracket && !eat(']')) return fail("expected ',' or ']'");
            break;
        }
        space();
        if (m_i != m_t.size()) return fail("text after the calls");
        if (out.empty()) return fail("no call");
        return true;
    }

    std::string error;

private:
    bool call_(ToolCallText& call) {
        call.name = ident();
        if (call.name.empty()) return fail("expected a function name");
        space();
        if (!eat('(')) return fail("expected '(' after " + call.name);
        JsonValue args;
        args.type = Type::Object;
        space();
        while (!eat(')')) {
            if (!args.members.empty() && !eat(',')) return fail("expected ',' or ')'");
            space();
            if (eat(')')) break;  // trailing comma
            std::string key = ident();
            if (key.empty()) return fail("expected an argument name");
            space();
            if (!eat('=')) return fail("expected '=' after " + key);
            JsonValue v;
            if (!value(v, 0)) return false;
            args.members.emplace_back(std::move(key), std::move(v));
            space();
        }
        call.argumentsJson = compactJson(args);
        return true;
    }

    bool value(JsonValue& v, int depth) {
        if (depth > kMaxDepth) return fail("nesting too deep");
        space();
        if (m_i >= m_t.size()) return fail("unexpected end");
        const char c = m_t[m_i];
        if (c == '"' || c == '\'') return string(v);
        if (c == '[') return list(v, depth);
        if (c == '{') return dict(v, depth);
        if (c == '-' || (c >= '0' && c <= '9')) {
            const size_t from = m_i++;
            while (m_i < m_t.size() &&
                   std::string_view("0123456789.eE+-").find(m_t[m_i]) != std::string_view::npos)
                ++m_i;
            v.type = Type::Number;
            v.text = std::string(m_t.substr(from, m_i - from));
            return true;
        }
        const std::string word = ident();
        if (word == "True" || word == "False") return v.type = Type::Bool, v.boolean = word == "True", true;
        if (word == "None") return v.type = Type::Null, true;
        return fail("not a literal: " + (word.empty() ? std::string(1, c) : word));
    }

    bool string(JsonValue& v) {
        const char quote = m_t[m_i++];
        v.type = Type::String;
        while (m_i < m_t.size() && m_t[m_i] != quote) {
            char c = m_t[m_i++];
            if (c == '\\' && m_i < m_t.size()) {
                const char e = m_t[m_i++];
                c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            }
            v.text += c;
        }
        if (m_i >= m_t.size()) return fail("unterminated string");
        ++m_i;
        return true;
    }

    bool list(JsonValue& v, int depth) {
        ++m_i;
        v.type = Type::Array;
        for (space(); !eat(']'); space()) {
            if (!v.items.empty() && !eat(',')) return fail("expected ',' or ']' in a list");
            space();
            if (eat(']')) break;
            v.items.emplace_back();
            if (!value(v.items.back(), depth + 1)) return false;
        }
        return true;
    }

    bool dict(JsonValue& v, int depth) {
        ++m_i;
        v.type = Type::Object;
        for (space(); !eat('}'); space()) {
            if (!v.members.empty() && !eat(',')) return fail("expected ',' or '}' in a dict");
            space();
            if (eat('}')) break;
            JsonValue key;
            if (m_i >= m_t.size() || (m_t[m_i] != '"' && m_t[m_i] != '\''))
                return fail("dict key not a string");
            if (!string(key)) return false;
            space();
            if (!eat(':')) return fail("expected ':' in a dict");
            v.members.emplace_back(key.text, JsonValue{});
            if (!value(v.members.back().second, depth + 1)) return false;
        }
        return true;
    }

    std::string ident() {
        const size_t from = m_i;
        while (m_i < m_t.size()) {
            const char c = m_t[m_i];
            const bool word = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (m_i > from && ((c >= '0' && c <= '9') || c == '.'));
            if (!word) break;
            ++m_i;
        }
        return std::string(m_t.substr(from, m_i - from));
    }

    void space() {
        while (m_i < m_t.size() &&
               (m_t[m_i] == ' ' || m_t[m_i] == '\n' || m_t[m_i] == '\t' || m_t[m_i] == '\r'))
            ++m_i;
    }
    bool eat(char c) { return m_i < m_t.size() && m_t[m_i] == c ? (++m_i, true) : false; }
    bool fail(std::string what) {
        if (error.empty()) error = std::move(what) + " at character " + std::to_string(m_i);
        return false;
    }

    std::string_view m_t;
    size_t m_i = 0;
};

}  // namespace

std::vector<ToolCallText> parsePythonCalls(std::string_view text, std::string* error) {
    PyReader reader(text);
    std::vector<ToolCallText> calls;
    if (!reader.calls(calls)) {
        if (error) *error = reader.error;
        return {};
    }
    return calls;
}

}  // namespace peregrine
