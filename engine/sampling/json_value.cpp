#include "sampling/json_value.h"

#include <cstdlib>

#include "tokenizer/unicode.h"

namespace peregrine {

namespace {

constexpr int kMaxDepth = 64;

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Result<JsonValue> parseAll() {
        JsonValue v;
        if (Status s = value(v, 0); !s) return s;
        skipSpace();
        if (m_pos != m_text.size()) return fail("unexpected text after the value");
        return v;
    }

private:
    Status fail(const std::string& what) const {
        return Status::error("offset " + std::to_string(m_pos) + ": " + what);
    }
    void skipSpace() {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                         m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) return false;
        m_pos += word.size();
        return true;
    }

    Status value(JsonValue& out, int depth) {
        if (depth > kMaxDepth) return fail("nesting deeper than 64");
        skipSpace();
        if (m_pos >= m_text.size()) return fail("unexpected end of text");
        const char c = m_text[m_pos];
        if (c == '{') return object(out, depth);
        if (c == '[') return array(out, depth);
        if (c == '"') {
            out.kind = JsonValue::Kind::String;
            return string(out.text);
        }
        if (literal("true") || literal("false")) {
            out.kind = JsonValue::Kind::Bool;
            out.boolean = c == 't';
            return Status::ok();
        }
        if (literal("null")) {
            out.kind = JsonValue::Kind::Null;
            return Status::ok();
        }
        return number(out);
    }

    Status object(JsonValue& out, int depth) {
        out.kind = JsonValue::Kind::Object;
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return Status::ok();
        }
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') return fail("expected a member name");
            std::string key;
            if (Status s = string(key); !s) return s;
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') return fail("expected ':'");
            ++m_pos;
            JsonValue member;
            if (Status s = value(member, depth + 1); !s) return s;
            out.members.push_back(JsonMember{std::move(key), std::move(member)});
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return Status::ok();
            }
            return fail("expected ',' or '}'");
        }
    }

    Status array(JsonValue& out, int depth) {
        out.kind = JsonValue::Kind::Array;
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return Status::ok();
        }
        while (true) {
            JsonValue item;
            if (Status s = value(item, depth + 1); !s) return s;
            out.items.push_back(std::move(item));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return Status::ok();
            }
            return fail("expected ',' or ']'");
        }
    }

    bool hex4(uint32_t& cp) {
        if (m_pos + 4 > m_text.size()) return false;
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
                cp |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                cp |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                cp |= static_cast<uint32_t>(h - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    // Checks UTF-8 well-formedness of one sequence starting at m_pos (RFC 3629 ranges).
    bool utf8Sequence() {
        const auto b0 = static_cast<unsigned char>(m_text[m_pos]);
        int more = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF)
            more = 1;
        else if (b0 >= 0xE0 && b0 <= 0xEF) {
            more = 2;
            if (b0 == 0xE0) lo = 0xA0;
            if (b0 == 0xED) hi = 0x9F;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            more = 3;
            if (b0 == 0xF0) lo = 0x90;
            if (b0 == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (m_pos + 1 + static_cast<size_t>(more) > m_text.size()) return false;
        for (int i = 1; i <= more; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_pos + static_cast<size_t>(i)]);
            if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return false;
        }
        m_pos += 1 + static_cast<size_t>(more);
        return true;
    }

    Status string(std::string& out) {
        ++m_pos;  // opening quote
        while (m_pos < m_text.size()) {
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return Status::ok();
            }
            if (c < 0x20) return fail("control character in a string");
            if (c >= 0x80) {
                const size_t start = m_pos;
                if (!utf8Sequence()) return fail("invalid UTF-8 in a string");
                out.append(m_text.substr(start, m_pos - start));
                continue;
            }
            ++m_pos;
            if (c != '\\') {
                out += static_cast<char>(c);
                continue;
            }
            if (m_pos >= m_text.size()) break;
            const char e = m_text[m_pos++];
            switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    uint32_t cp = 0;
                    if (!hex4(cp)) return fail("bad \\u escape");
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        uint32_t low = 0;
                        if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
                            return fail("unpaired surrogate in a \\u escape");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        return fail("unpaired surrogate in a \\u escape");
                    }
                    unicode::appendUtf8(out, cp);
                    break;
                }
                default:
                    return fail("bad escape in a string");
            }
        }
        return fail("unterminated string");
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    Status number(JsonValue& out) {
        const size_t start = m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '-') ++m_pos;
        if (m_pos >= m_text.size() || !digit(m_text[m_pos])) return fail("unexpected character");
        if (m_text[m_pos] == '0')
            ++m_pos;
        else
            while (m_pos < m_text.size() && digit(m_text[m_pos])) ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            if (m_pos >= m_text.size() || !digit(m_text[m_pos])) return fail("expected a digit after '.'");
            while (m_pos < m_text.size() && digit(m_text[m_pos])) ++m_pos;
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
            if (m_pos >= m_text.size() || !digit(m_text[m_pos])) return fail("expected an exponent");
            while (m_pos < m_text.size() && digit(m_text[m_pos])) ++m_pos;
        }
        out.kind = JsonValue::Kind::Number;
        out.text = std::string(m_text.substr(start, m_pos - start));
        out.number = std::strtod(out.text.c_str(), nullptr);
        return Status::ok();
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

}  // namespace

const JsonValue* JsonValue::find(std::string_view key) const {
    if (kind != Kind::Object) return nullptr;
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

Result<JsonValue> parseJson(std::string_view text) {
    return Parser(text).parseAll();
}

void appendJsonString(std::string_view raw, std::string& out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += ch;
        }
    }
    out += '"';
}

std::string writeCompactJson(const JsonValue& value) {
    std::string out;
    switch (value.kind) {
        case JsonValue::Kind::Null:
            return "null";
        case JsonValue::Kind::Bool:
            return value.boolean ? "true" : "false";
        case JsonValue::Kind::Number:
            return value.text;
        case JsonValue::Kind::String:
            appendJsonString(value.text, out);
            return out;
        case JsonValue::Kind::Array:
            out += '[';
            for (size_t i = 0; i < value.items.size(); ++i) {
                if (i) out += ',';
                out += writeCompactJson(value.items[i]);
            }
            out += ']';
            return out;
        case JsonValue::Kind::Object:
            out += '{';
            for (size_t i = 0; i < value.members.size(); ++i) {
                if (i) out += ',';
                appendJsonString(value.members[i].first, out);
                out += ':';
                out += writeCompactJson(value.members[i].second);
            }
            out += '}';
            return out;
    }
    return out;
}

bool jsonEqual(const JsonValue& a, const JsonValue& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case JsonValue::Kind::Null:
            return true;
        case JsonValue::Kind::Bool:
            return a.boolean == b.boolean;
        case JsonValue::Kind::Number:
            return a.number == b.number;
        case JsonValue::Kind::String:
            return a.text == b.text;
        case JsonValue::Kind::Array:
            if (a.items.size() != b.items.size()) return false;
            for (size_t i = 0; i < a.items.size(); ++i)
                if (!jsonEqual(a.items[i], b.items[i])) return false;
            return true;
        case JsonValue::Kind::Object:
            if (a.members.size() != b.members.size()) return false;
            for (const auto& [k, v] : a.members) {
                const JsonValue* other = b.find(k);
                if (!other || !jsonEqual(v, *other)) return false;
            }
            return true;
    }
    return false;
}

}  // namespace peregrine
