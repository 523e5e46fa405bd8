// Test-only: checks a JSON value against a schema of the supported subset, read straight from the schema's
// JSON (independent of the engine's SchemaNode tree and matcher, so the property test checks one against
// the other). Returns "" when the value validates, else what is wrong and where.
#pragma once

#include <string>

#include "sampling/json_value.h"

namespace peregrine::testing {

std::string validateJson(const JsonValue& schema, const JsonValue& value, const std::string& path = "$");

// Parses text as JSON (strict) and validates it; "" when both succeed.
std::string parseAndValidate(const std::string& schemaText, const std::string& text);

}  // namespace peregrine::testing
