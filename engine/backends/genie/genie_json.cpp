#include "backends/genie/genie_json.h"

#include <cstdlib>

namespace peregrine::genie {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Status parseValue(JsonValue& out, int depth) {
        if (depth > kMaxDepth) return fail("nesting deeper than 64");
        skipSpace();
        if (m_pos >= m_text.size()) return fail("unexpected end of text");
        const char c = m_text[m_pos];
        if (c == '{') return parseObject(out, depth);
        if (c == '[') return parseArray(out, depth);
        if (c == '"') {
            out.type = JsonValue::Type::String;
            return parseString(out.text);
        }
        if (consume("true")) return out.type = JsonValue::Type::Bool, out.boolean = true, Status::ok();
        if (consume("false")) return out.type = JsonValue::Type::Bool, out.boolean = false, Status::ok();
        if (consume("null")) return out.type = JsonValue::Type::Null, Status::ok();
        if (c == '-' || (c >= '0' && c <= '9')) {
            const size_t start = m_pos++;
            while (m_pos < m_text.size() &&
                   std::string_view("0123456789+-.eE").find(m_text[m_pos]) != std::string_view::npos)
                ++m_pos;
            out.type = JsonValue::Type::Number;
            out.text = std::string(m_text.substr(start, m_pos - start));
            return Status::ok();
        }
        return fail(std::string("unexpected character '") + c + "'");
    }

    Status finish() {
        skipSpace();
        return m_pos == m_text.size() ? Status::ok() : fail("text after the JSON value");
    }

private:
    Status parseObject(JsonValue& out, int depth) {
        out.type = JsonValue::Type::Object;
        ++m_pos;
        skipSpace();
        if (peek('}')) return ++m_pos, Status::ok();
        for (;;) {
            skipSpace();
            if (!peek('"')) return fail("expected a key in quotes");
            std::string key;
            if (Status s = parseString(key); !s) return s;
            skipSpace();
            if (!peek(':')) return fail("expected ':' after \"" + key + "\"");
            ++m_pos;
            out.members.emplace_back(std::move(key), JsonValue{});
            if (Status s = parseValue(out.members.back().second, depth + 1); !s) return s;
            skipSpace();
            if (peek(',')) {
                ++m_pos;
                continue;
            }
            if (peek('}')) return ++m_pos, Status::ok();
            return fail("expected ',' or '}'");
        }
    }

    Status parseArray(JsonValue& out, int depth) {
        out.type = JsonValue::Type::Array;
        ++m_pos;
        skipSpace();
        if (peek(']')) return ++m_pos, Status::ok();
        for (;;) {
            out.items.emplace_back();
            if (Status s = parseValue(out.items.back(), depth + 1); !s) return s;
            skipSpace();
            if (peek(',')) {
                ++m_pos;
                continue;
            }
            if (peek(']')) return ++m_pos, Status::ok();
            return fail("expected ',' or ']'");
        }
    }

    Status parseString(std::string& out) {
        ++m_pos;  // opening quote
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"') return Status::ok();
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size()) break;
            const char e = m_text[m_pos++];
            switch (e) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'u': {
                    if (m_pos + 4 > m_text.size()) return fail("short \\u escape");
                    const unsigned cp = static_cast<unsigned>(
                        std::strtoul(std::string(m_text.substr(m_pos, 4)).c_str(), nullptr, 16));
                    m_pos += 4;
                    appendUtf8(out,
                               cp);  // surrogate pairs are kept as two code points (paths never have them)
                    break;
                }
                default:
                    out += e;  // \" \\ \/
            }
        }
        return fail("unterminated string");
    }

    static void appendUtf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    bool peek(char c) const { return m_pos < m_text.size() && m_text[m_pos] == c; }
    bool consume(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) return false;
        m_pos += word.size();
        return true;
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r' || m_text[m_pos] == '\t'))
            ++m_pos;
    }
    Status fail(const std::string& what) const {
        int line = 1;
        for (size_t i = 0; i < m_pos && i < m_text.size(); ++i) line += m_text[i] == '\n';
        return Status::error("line " + std::to_string(line) + ": " + what);
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

void write(const JsonValue& v, std::string& out) {
    switch (v.type) {
        case JsonValue::Type::Null:
            out += "null";
            return;
        case JsonValue::Type::Bool:
            out += v.boolean ? "true" : "false";
            return;
        case JsonValue::Type::Number:
            out += v.text;
            return;
        case JsonValue::Type::String:
            appendJsonString(v.text, out);
            return;
        case JsonValue::Type::Array:
            out += '[';
            for (size_t i = 0; i < v.items.size(); ++i) {
                if (i) out += ',';
                write(v.items[i], out);
            }
            out += ']';
            return;
        case JsonValue::Type::Object:
            out += '{';
            for (size_t i = 0; i < v.members.size(); ++i) {
                if (i) out += ',';
                appendJsonString(v.members[i].first, out);
                out += ':';
                write(v.members[i].second, out);
            }
            out += '}';
            return;
    }
}

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
    if (type != Type::Object) return nullptr;
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

JsonValue* JsonValue::find(std::string_view key) {
    return const_cast<JsonValue*>(static_cast<const JsonValue*>(this)->find(key));
}

long long JsonValue::integer() const {
    return type == Type::Number ? std::strtoll(text.c_str(), nullptr, 10) : 0;
}

Result<JsonValue> parseJson(std::string_view text) {
    Parser parser(text);
    JsonValue root;
    if (Status s = parser.parseValue(root, 0); !s) return s;
    if (Status s = parser.finish(); !s) return s;
    return root;
}

std::string writeJson(const JsonValue& value) {
    std::string out;
    write(value, out);
    return out;
}

void appendJsonString(const std::string& s, std::string& out) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

}  // namespace peregrine::genie
