// A small JSON tree for schemas and for checking constrained output: strict RFC 8259 parsing (the whole text
// is one value; no comments, no trailing commas), object members in source order, numbers as double plus
// their source text. Cost: linear in the text; nesting is capped at 64 so a hostile text cannot exhaust the
// stack. Errors are "offset N: <what>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peregrine {

struct JsonMember;

struct JsonValue {
    enum class Kind { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    double number = 0.0;
    std::string text;  // String: decoded UTF-8; Number: the source text
    std::vector<JsonValue> items;
    std::vector<JsonMember> members;  // in source order

    const JsonValue* find(std::string_view key) const;  // nullptr when absent or not an object
    bool isString() const { return kind == Kind::String; }
    bool isNumber() const { return kind == Kind::Number; }
    bool isObject() const { return kind == Kind::Object; }
    bool isArray() const { return kind == Kind::Array; }
};

struct JsonMember {
    std::string first;  // the name
    JsonValue second;
};

Result<JsonValue> parseJson(std::string_view text);

// Compact JSON (no whitespace; strings escaped minimally, non-ASCII kept as UTF-8; numbers as their source
// text). Used for enum/const literals, so a literal is emitted exactly as written here.
std::string writeCompactJson(const JsonValue& value);
// Appends the JSON string literal (with quotes) of raw UTF-8 text.
void appendJsonString(std::string_view raw, std::string& out);

// Deep equality (numbers by value, object members order-insensitive).
bool jsonEqual(const JsonValue& a, const JsonValue& b);

}  // namespace peregrine
