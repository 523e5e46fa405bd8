// JSON helpers for tool calls: the text the chat templates write (Python json.dumps style: ", " and ": "
// separators, optional indent, non-ASCII kept), and a check of call arguments against a tool's schema.
// Parsing is genie::parseJson (one JSON reader in the engine). Cost: linear in the text.
#pragma once

#include <string>
#include <string_view>

#include "backends/genie/genie_json.h"
#include "core/status.h"

namespace peregrine {

using JsonValue = genie::JsonValue;

// indent <= 0: one line ({"a": 1, "b": [true, null]}); else newlines and that many spaces per level, as
// Jinja's tojson(indent=N) in Hugging Face templates.
std::string templateJson(const JsonValue& value, int indent = 0);
// Compact JSON ({"a":1}), the form ToolCallText::argumentsJson holds.
std::string compactJson(const JsonValue& value);

// Checks value against schema in the subset engine/sampling constrains to: type (object, string, integer,
// number, boolean, null, array, or a list of them), properties + required (no other property allowed),
// enum, const, maxLength, minimum/maximum, items + maxItems, anyOf. Unknown keywords are ignored. The error
// names the path ("arguments.minutes: expected integer").
Status checkAgainstSchema(const JsonValue& value, const JsonValue& schema,
                          const std::string& path = "arguments");

}  // namespace peregrine
