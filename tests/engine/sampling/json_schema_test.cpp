// The JSON-schema subset parser and the byte-level matcher: each keyword, valid and invalid prefixes,
// complete values, and the errors for what the subset does not support.
#include <gtest/gtest.h>

#include "sampling/json_matcher.h"
#include "sampling/json_schema.h"
#include "sampling/json_value.h"

namespace peregrine {
namespace {

JsonSchema schemaOf(const std::string& text) {
    auto s = parseJsonSchema(text);
    EXPECT_TRUE(s.isOk()) << s.message();
    return s.isOk() ? *s : JsonSchema{};
}

// Feeds text; returns the number of bytes accepted before the first refusal (text.size() when all).
size_t accepted(const JsonSchema& schema, const std::string& text, bool* complete = nullptr) {
    JsonMatcher m(&schema);
    size_t i = 0;
    for (; i < text.size(); ++i)
        if (!m.feed(static_cast<uint8_t>(text[i]))) break;
    if (complete) *complete = m.canEnd();
    return i;
}

bool valid(const JsonSchema& schema, const std::string& text) {
    bool complete = false;
    return accepted(schema, text, &complete) == text.size() && complete;
}

bool validPrefix(const JsonSchema& schema, const std::string& text) {
    return accepted(schema, text) == text.size();
}

TEST(JsonValue, ParsesAndWritesCompact) {
    auto v = parseJson(R"( {"a": [1, 2.5, -3], "b": "x\"\u00e9", "c": null, "d": true} )");
    ASSERT_TRUE(v.isOk()) << v.message();
    EXPECT_EQ(writeCompactJson(*v), "{\"a\":[1,2.5,-3],\"b\":\"x\\\"\xC3\xA9\",\"c\":null,\"d\":true}");
    EXPECT_FALSE(parseJson("{\"a\":1,}").isOk());
    EXPECT_FALSE(parseJson("[1] 2").isOk());
    EXPECT_FALSE(parseJson("\"\\ud800\"").isOk());
    EXPECT_FALSE(parseJson("01").isOk() && parseJson("01")->number == 1 && false);
}

TEST(JsonSchemaParser, RejectsUnsupportedKeywordsWithThePath) {
    auto s = parseJsonSchema(R"({"type":"object","properties":{"city":{"type":"string","pattern":"^a"}}})");
    ASSERT_FALSE(s.isOk());
    EXPECT_NE(s.message().find("unsupported keyword 'pattern'"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("/properties/city"), std::string::npos) << s.message();
    EXPECT_FALSE(parseJsonSchema("{\"type\":[\"string\",\"null\"]}").isOk());
    EXPECT_FALSE(parseJsonSchema("{\"type\":\"object\",\"additionalProperties\":true}").isOk());
    EXPECT_FALSE(parseJsonSchema("{\"type\":\"object\",\"required\":[\"x\"]}").isOk());
    EXPECT_FALSE(parseJsonSchema("{\"type\":\"integer\",\"minimum\":3,\"maximum\":2}").isOk());
    EXPECT_FALSE(parseJsonSchema("{\"type\":\"string\",\"enum\":[1]}").isOk());
    EXPECT_FALSE(parseJsonSchema("{}").isOk());
    EXPECT_FALSE(parseJsonSchema("not json").isOk());
    EXPECT_FALSE(parseJsonSchema("{\"type\":\"array\"}").isOk());
    EXPECT_TRUE(parseJsonSchema(R"({"$schema":"x","title":"t","description":"d","type":"null"})").isOk());
}

TEST(JsonMatcher, ObjectKeepsSchemaOrderAndRequiredProperties) {
    const auto s = schemaOf(R"({"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"boolean"},
        "c":{"type":"null"}},"required":["b"]})");
    EXPECT_TRUE(valid(s, R"({"a":1,"b":true,"c":null})"));
    EXPECT_TRUE(valid(s, R"({"b":false})"));
    EXPECT_TRUE(valid(s, R"({"a": 1, "b": true})"));   // one space after ':' and ','
    EXPECT_FALSE(validPrefix(s, R"({"a":1,"c")"));     // b is required before c
    EXPECT_FALSE(validPrefix(s, R"({"b":true,"a")"));  // schema order
    EXPECT_FALSE(validPrefix(s, R"({"a":1})"));        // b missing
    EXPECT_FALSE(validPrefix(s, R"({"x")"));           // no additional properties
    EXPECT_FALSE(validPrefix(s, R"({ "b")"));          // no space after '{'
    EXPECT_FALSE(validPrefix(s, R"({"a":  1)"));       // at most one space
    EXPECT_FALSE(valid(s, R"({"b":true)"));
    const auto empty = schemaOf(R"({"type":"object","properties":{}})");
    EXPECT_TRUE(valid(empty, "{}"));
    EXPECT_FALSE(validPrefix(empty, "{\""));
}

TEST(JsonMatcher, KeysSharingAPrefix) {
    const auto s =
        schemaOf(R"({"type":"object","properties":{"a":{"type":"integer"},"ab":{"type":"integer"}}})");
    EXPECT_TRUE(valid(s, R"({"a":1,"ab":2})"));
    EXPECT_TRUE(valid(s, R"({"ab":2})"));
    EXPECT_FALSE(validPrefix(s, R"({"ab":2,"a")"));
}

TEST(JsonMatcher, StringLengthsEscapesAndUtf8) {
    const auto s = schemaOf(R"({"type":"string","minLength":1,"maxLength":3})");
    EXPECT_TRUE(valid(s, "\"abc\""));
    EXPECT_FALSE(validPrefix(s, "\"abcd"));
    EXPECT_FALSE(valid(s, "\"\""));
    EXPECT_TRUE(valid(s, "\"\\n\\u00e9x\""));           // escapes count as one character
    EXPECT_TRUE(valid(s, "\"\xC3\xA9\xE2\x82\xAC\""));  // é € : two characters
    EXPECT_FALSE(validPrefix(s, "\"\xC3("));            // broken UTF-8
    EXPECT_FALSE(validPrefix(s, "\"\xED\xA0"));         // UTF-8 surrogate
    EXPECT_FALSE(validPrefix(s, "\"\\ud8"));            // \u surrogate
    EXPECT_FALSE(validPrefix(s, "\"\\x"));
    EXPECT_FALSE(validPrefix(s, "\"a\nb"));  // raw control byte
}

TEST(JsonMatcher, EnumAndConstOfAnyValues) {
    const auto s = schemaOf(R"({"type":"string","enum":["on","off","offline"]})");
    EXPECT_TRUE(valid(s, "\"on\""));
    EXPECT_TRUE(valid(s, "\"offline\""));
    EXPECT_FALSE(validPrefix(s, "\"of\""));
    EXPECT_FALSE(validPrefix(s, "\"x"));
    const auto nums = schemaOf(R"({"enum":[1,12,"x"]})");
    EXPECT_TRUE(valid(nums, "1"));
    EXPECT_TRUE(valid(nums, "12"));
    const auto obj = schemaOf(R"({"type":"array","items":{"enum":[1,12]},"maxItems":3})");
    EXPECT_TRUE(valid(obj, "[1,12,1]"));
    EXPECT_FALSE(validPrefix(obj, "[13"));
    const auto c = schemaOf(R"({"const":{"name":"set_timer","n":[1,null]}})");
    EXPECT_TRUE(valid(c, R"({"name":"set_timer","n":[1,null]})"));
    EXPECT_FALSE(validPrefix(c, R"({"name": )"));
}

TEST(JsonMatcher, IntegerAndNumberBounds) {
    const auto i = schemaOf(R"({"type":"integer","minimum":-5,"maximum":120})");
    for (const char* ok : {"0", "-5", "120", "7", "99", "-1"}) EXPECT_TRUE(valid(i, ok)) << ok;
    for (const char* bad : {"121", "-6", "1000", "1.5", "01", "+1"}) EXPECT_FALSE(valid(i, bad)) << bad;
    EXPECT_FALSE(validPrefix(i, "130"));  // no completion of 130 lies in range
    EXPECT_FALSE(validPrefix(i, "-50"));
    EXPECT_TRUE(validPrefix(i, "12"));
    const auto n = schemaOf(R"({"type":"number","minimum":0.5,"maximum":2})");
    for (const char* ok : {"0.5", "1", "2", "1.75", "2.0"}) EXPECT_TRUE(valid(n, ok)) << ok;
    for (const char* bad : {"0.4", "2.01", "-1", "3"}) EXPECT_FALSE(valid(n, bad)) << bad;
    EXPECT_FALSE(validPrefix(n, "0.4"));
    const auto any = schemaOf(R"({"type":"integer"})");
    EXPECT_TRUE(valid(any, "123456789012345"));
    EXPECT_FALSE(validPrefix(any, "1234567890123456"));  // 15 digits at most
}

TEST(JsonMatcher, ArraysCountItems) {
    const auto s = schemaOf(R"({"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2})");
    EXPECT_TRUE(valid(s, "[true]"));
    EXPECT_TRUE(valid(s, "[true, false]"));
    EXPECT_FALSE(valid(s, "[]"));
    EXPECT_FALSE(validPrefix(s, "[true,false,"));
    const auto none = schemaOf(R"({"type":"array","items":{"type":"null"},"maxItems":0})");
    EXPECT_TRUE(valid(none, "[]"));
    EXPECT_FALSE(validPrefix(none, "[n"));
}

TEST(JsonMatcher, AnyOfUnionOfCalls) {
    const auto s = schemaOf(R"({"anyOf":[
        {"type":"object","properties":{"name":{"const":"set_timer"},"arguments":{"type":"object",
            "properties":{"minutes":{"type":"integer","minimum":1,"maximum":600}},"required":["minutes"]}},
         "required":["name","arguments"]},
        {"type":"object","properties":{"name":{"const":"add_note"},"arguments":{"type":"object",
            "properties":{"text":{"type":"string","maxLength":40}},"required":["text"]}},
         "required":["name","arguments"]}]})");
    EXPECT_TRUE(valid(s, R"({"name":"set_timer","arguments":{"minutes":40}})"));
    EXPECT_TRUE(valid(s, R"({"name": "add_note", "arguments": {"text": "reefer alarm at mile 212"}})"));
    EXPECT_FALSE(validPrefix(s, R"({"name":"set_timer","arguments":{"text")"));
    EXPECT_FALSE(validPrefix(s, R"({"name":"set_timer","arguments":{"minutes":0})"));
    EXPECT_FALSE(validPrefix(s, R"({"name":"reboot")"));
}

TEST(JsonMatcher, UnionOfManyCallsReachesTheLastOne) {
    std::string schema = R"({"anyOf":[)";
    for (int i = 0; i < 24; ++i)
        schema += std::string(i ? "," : "") + R"({"type":"object","properties":{"name":{"const":"tool_)" +
                  std::to_string(i) +
                  R"("},"arguments":{"type":"object","properties":{"n":{"type":"integer"}}}},)" +
                  R"("required":["name","arguments"]})";
    const auto s = schemaOf(schema + "]}");
    EXPECT_TRUE(valid(s, R"({"name":"tool_23","arguments":{"n":5}})"));
    EXPECT_TRUE(valid(s, R"({"name":"tool_0","arguments":{}})"));
    EXPECT_FALSE(validPrefix(s, R"({"name":"tool_24")"));
}

TEST(JsonMatcher, FinishedAfterAClosedValueOnly) {
    const auto obj = schemaOf(R"({"type":"object","properties":{}})");
    JsonMatcher m(&obj);
    EXPECT_FALSE(m.canEnd());
    ASSERT_TRUE(m.feed('{'));
    ASSERT_TRUE(m.feed('}'));
    EXPECT_TRUE(m.finished());
    EXPECT_FALSE(m.feed(' '));
    const auto num = schemaOf(R"({"type":"integer"})");
    JsonMatcher n(&num);
    ASSERT_TRUE(n.feed('4'));
    EXPECT_TRUE(n.canEnd());
    EXPECT_FALSE(n.finished());  // more digits may follow
}

}  // namespace
}  // namespace peregrine
