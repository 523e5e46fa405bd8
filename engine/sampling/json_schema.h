// The JSON-schema subset that constrained decoding supports, parsed into a flat tree of nodes.
//
// Supported: "type" object (properties, required; additionalProperties may only be false, which is what is
// assumed), string (enum, const, minLength, maxLength), integer and number (minimum, maximum), boolean,
// null, array (items, minItems, maxItems); "enum" and "const" of any JSON values; "anyOf"; nesting up to 16
// levels. Annotations ($schema, $id, title, description, default, examples) are ignored. Anything else
// (pattern, format, $ref, oneOf, exclusiveMinimum, a type list, ...) is an error that names the keyword and
// where it is ("unsupported keyword 'pattern' at /properties/city").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peregrine {

struct SchemaNode {
    enum class Kind { Object, String, Integer, Number, Array, AnyOf, Literal };
    Kind kind = Kind::Literal;
    // Object: properties in the schema's order (output keeps this order; optional ones may be left out).
    struct Property {
        std::string name;
        std::string key;  // the name as a JSON string literal, quotes included
        int node = -1;
        bool required = false;
    };
    std::vector<Property> properties;
    // String: lengths in code points (an escape counts as one).
    int minLength = 0;
    int maxLength = -1;  // -1: none
    // Integer, Number.
    std::optional<double> minimum;
    std::optional<double> maximum;
    // Array.
    int items = -1;
    int minItems = 0;
    int maxItems = -1;  // -1: none
    // AnyOf: the alternatives.
    std::vector<int> options;
    // Literal (enum, const, boolean, null): compact JSON texts, sorted bytewise, no duplicates.
    std::vector<std::string> literals;
};

struct JsonSchema {
    std::vector<SchemaNode> nodes;
    int root = -1;
};

Result<JsonSchema> parseJsonSchema(std::string_view text);

}  // namespace peregrine
