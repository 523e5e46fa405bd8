// libFuzzer target for the JSON-schema parser and the constrained-decoding matcher. Input: schema text, then
// optionally "\n\n" and a candidate output. Any schema must give a clean error or a schema; the candidate's
// bytes are fed to the matcher until one is refused, and when the accepted bytes form a complete value they
// must parse as JSON (the matcher never accepts what a JSON parser rejects).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sampling/json_matcher.h"
#include "sampling/json_schema.h"
#include "sampling/json_value.h"

using namespace peregrine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t split = input.find("\n\n");
    const std::string_view schemaText = input.substr(0, split);
    const std::string_view candidate = split == std::string_view::npos ? "" : input.substr(split + 2);
    auto schema = parseJsonSchema(schemaText);
    if (!schema) {
        if (schema.message().empty()) std::abort();
        return 0;
    }
    JsonMatcher m(&*schema);
    size_t accepted = 0;
    while (accepted < candidate.size() && m.feed(static_cast<uint8_t>(candidate[accepted]))) ++accepted;
    if (m.canEnd() && !parseJson(candidate.substr(0, accepted))) std::abort();
    return 0;
}
