// parseToolCalls: good, bad, parallel and Python-style calls in both formats; plain answers.
#include <gtest/gtest.h>

#include "toolcall/tool_call_parser.h"

namespace peregrine {
namespace {

const std::vector<ToolSpec> kTools = {
    {"set_timer", "Start a timer.",
     R"({"type":"object","properties":{"minutes":{"type":"integer","minimum":1},"label":{"type":"string"}},)"
     R"("required":["minutes"]})"},
    {"add_note", "Write a note.",
     R"({"type":"object","properties":{"text":{"type":"string"}},"required":["text"]})"},
    {"lights", "Switch the lights.",
     R"({"type":"object","properties":{"on":{"type":"boolean"}},"required":["on"]})"}};

TEST(ToolCallParser, HermesSingleAndParallel) {
    auto one = parseToolCalls(
        ToolFormat::Hermes,
        "<tool_call>\n{\"name\": \"set_timer\", \"arguments\": {\"minutes\": 5}}\n</tool_call>", kTools);
    ASSERT_EQ(one.calls.size(), 1u);
    EXPECT_EQ(one.calls[0].name, "set_timer");
    EXPECT_EQ(one.calls[0].argumentsJson, R"({"minutes":5})");
    EXPECT_TRUE(one.malformed.empty());
    EXPECT_EQ(one.content, "");

    auto two = parseToolCalls(ToolFormat::Hermes,
                              "Sure.\n<tool_call>\n{\"name\": \"lights\", \"arguments\": {\"on\": true}}\n"
                              "</tool_call>\n<tool_call>\n{\"name\": \"add_note\", \"arguments\": {\"text\": "
                              "\"lights on\"}}",  // the last closing tag is missing: generation stopped
                              kTools);
    ASSERT_EQ(two.calls.size(), 2u);
    EXPECT_EQ(two.calls[1].name, "add_note");
    EXPECT_EQ(two.content, "Sure.");
}

TEST(ToolCallParser, HermesMalformed) {
    auto broken = parseToolCalls(ToolFormat::Hermes,
                                 "<tool_call>{\"name\": \"set_timer\", \"arguments\": {</tool_call>", kTools);
    EXPECT_TRUE(broken.calls.empty());
    ASSERT_EQ(broken.malformed.size(), 1u);
    EXPECT_NE(broken.malformed[0].reason.find("not JSON"), std::string::npos);

    auto unknown = parseToolCalls(ToolFormat::Hermes,
                                  "<tool_call>{\"name\": \"launch\", \"arguments\": {}}</tool_call>", kTools);
    ASSERT_EQ(unknown.malformed.size(), 1u);
    EXPECT_EQ(unknown.malformed[0].reason, "unknown tool launch");

    auto invalid = parseToolCalls(
        ToolFormat::Hermes,
        "<tool_call>{\"name\": \"set_timer\", \"arguments\": {\"minutes\": \"ten\"}}</tool_call>", kTools);
    ASSERT_EQ(invalid.malformed.size(), 1u);
    EXPECT_EQ(invalid.malformed[0].reason, "arguments.minutes: expected integer");
    EXPECT_TRUE(invalid.attemptedCall());
}

TEST(ToolCallParser, HermesBareCallAndPlainAnswer) {
    auto bare = parseToolCalls(ToolFormat::Hermes, R"( {"name":"lights","arguments":{"on":false}} )", kTools);
    ASSERT_EQ(bare.calls.size(), 1u);
    EXPECT_EQ(bare.calls[0].argumentsJson, R"({"on":false})");
    auto plain = parseToolCalls(ToolFormat::Hermes, " It is 30 litres. ", kTools);
    EXPECT_FALSE(plain.attemptedCall());
    EXPECT_EQ(plain.content, "It is 30 litres.");
    auto braces = parseToolCalls(ToolFormat::Hermes, "{curly} words", kTools);
    EXPECT_FALSE(braces.attemptedCall());
    auto cut = parseToolCalls(ToolFormat::Hermes, R"({"name": "lights", "arguments": {"on": tr)", kTools);
    EXPECT_TRUE(cut.calls.empty());
    ASSERT_EQ(cut.malformed.size(), 1u);
    EXPECT_EQ(cut.malformed[0].reason.rfind("not JSON", 0), 0u);
}

TEST(ToolCallParser, LlamaJson) {
    auto one =
        parseToolCalls(ToolFormat::Llama3Json,
                       R"({"name": "set_timer", "parameters": {"minutes": 40, "label": "straps"}})", kTools);
    ASSERT_EQ(one.calls.size(), 1u);
    EXPECT_EQ(one.calls[0].argumentsJson, R"({"minutes":40,"label":"straps"})");
    auto tagged = parseToolCalls(ToolFormat::Llama3Json,
                                 "<|python_tag|>{\"name\": \"lights\", \"parameters\": {\"on\": true}}; "
                                 "{\"name\": \"add_note\", \"parameters\": {\"text\": \"x\"}}",
                                 kTools);
    EXPECT_EQ(tagged.calls.size(), 2u);
    auto array =
        parseToolCalls(ToolFormat::Llama3Json,
                       R"([{"name": "lights", "parameters": {"on": true}}, {"name": "nope"}])", kTools);
    EXPECT_EQ(array.calls.size(), 1u);
    EXPECT_EQ(array.malformed.size(), 1u);
    auto stringArgs = parseToolCalls(ToolFormat::Llama3Json,
                                     R"({"name": "lights", "arguments": "{\"on\": true}"})", kTools);
    EXPECT_EQ(stringArgs.calls.size(), 1u);
    auto cut =
        parseToolCalls(ToolFormat::Llama3Json, R"({"name": "lights", "parameters": {"on": tr)", kTools);
    EXPECT_TRUE(cut.calls.empty());
    ASSERT_EQ(cut.malformed.size(), 1u);
    EXPECT_EQ(cut.malformed[0].reason, "unterminated JSON object");
    auto missing =
        parseToolCalls(ToolFormat::Llama3Json, R"({"name": "set_timer", "parameters": {}})", kTools);
    ASSERT_EQ(missing.malformed.size(), 1u);
    EXPECT_EQ(missing.malformed[0].reason, "arguments: missing \"minutes\"");
}

TEST(ToolCallParser, LlamaPythonStyle) {
    auto calls = parseToolCalls(ToolFormat::Llama3Json,
                                "[set_timer(minutes=5, label='tea \\'n\\' cake'), lights(on=True)]", kTools);
    ASSERT_EQ(calls.calls.size(), 2u);
    EXPECT_EQ(calls.calls[0].argumentsJson, R"({"minutes":5,"label":"tea 'n' cake"})");
    EXPECT_EQ(calls.calls[1].argumentsJson, R"({"on":true})");
    auto bare = parseToolCalls(ToolFormat::Llama3Json, "add_note(text=\"reefer alarm\")", kTools);
    ASSERT_EQ(bare.calls.size(), 1u);
    auto broken = parseToolCalls(ToolFormat::Llama3Json, "[set_timer(minutes=)]", kTools);
    EXPECT_TRUE(broken.calls.empty());
    ASSERT_EQ(broken.malformed.size(), 1u);
    EXPECT_NE(broken.malformed[0].reason.find("not a Python call"), std::string::npos);
    auto prose =
        parseToolCalls(ToolFormat::Llama3Json, "[Note] the load straps (two of them) are fine.", kTools);
    EXPECT_FALSE(prose.attemptedCall());
    auto plain = parseToolCalls(ToolFormat::Llama3Json, "Thirty gallons is about 113.6 litres.", kTools);
    EXPECT_FALSE(plain.attemptedCall());
    EXPECT_EQ(plain.content, "Thirty gallons is about 113.6 litres.");

    std::string error;
    const auto nested = parsePythonCalls("f(a=[1, {'k': None}], b=-2.5e3)", &error);
    ASSERT_EQ(nested.size(), 1u) << error;
    EXPECT_EQ(nested[0].argumentsJson, R"({"a":[1,{"k":null}],"b":-2.5e3})");
    EXPECT_TRUE(parsePythonCalls("f(a=open('x'))", &error).empty());
    EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace peregrine
