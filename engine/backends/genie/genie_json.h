// A small JSON tree for the runtime configs of NPU bundles (genie_config.json): parsed, edited (relative
// paths made absolute) and written back for the runtime. Numbers keep their source text so that what is
// written back is what the bundle said (no float round trip); object keys keep their order.
// Cost: linear in the text; recursion depth is capped (a hostile file cannot exhaust the stack).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace peregrine::genie {

struct JsonValue {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    std::string text;  // String: the decoded string; Number: the source text
    std::vector<JsonValue> items;
    std::vector<std::pair<std::string, JsonValue>> members;

    // The member `key` of an object; nullptr when absent or not an object.
    const JsonValue* find(std::string_view key) const;
    JsonValue* find(std::string_view key);
    bool isString() const { return type == Type::String; }
    // A Number's value as an integer (0 when not a number).
    long long integer() const;
};

// Errors: "line L: <what>" (unexpected character, unterminated string, nesting deeper than 64).
Result<JsonValue> parseJson(std::string_view text);
std::string writeJson(const JsonValue& value);
// Appends s as a JSON string literal (quotes, escapes; UTF-8 bytes kept as they are).
void appendJsonString(const std::string& s, std::string& out);

}  // namespace peregrine::genie
