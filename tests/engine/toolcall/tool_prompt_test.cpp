// withTools() + applyChatTemplate() against the real Hugging Face templates' text (fixtures rendered by
// fixtures/render_reference.py with Jinja2), the canonical call text, and the constraint per format/choice.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "toolcall/tool_json.h"
#include "toolcall/tool_prompt.h"

namespace peregrine {
namespace {

const std::vector<ToolSpec> kTimer = {
    {"set_timer", "Start a countdown timer.",
     R"({"type":"object","properties":{"minutes":{"type":"integer","minimum":1},"label":{"type":"string"}},)"
     R"("required":["minutes"]})"}};

std::string fixture(const char* name) {
    std::ifstream f(std::string(PEREGRINE_TOOL_FIXTURES) + "/" + name);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// The conversation of the fixtures: a call, then its results (Qwen: two results in a row).
std::vector<ChatMessage> conversation(ToolFormat format, bool twoResults) {
    const std::vector<ToolCallText> call = {{"set_timer", R"({"minutes":5})"}};
    std::vector<ChatMessage> m = {{"system", "Be brief."},
                                  {"user", "Timer 5 minutes"},
                                  {"assistant", formatToolCalls(format, call)},
                                  {"tool", R"({"ok": true})"}};
    if (twoResults) m.push_back({"tool", R"({"id": 2})"});
    return m;
}

TEST(ToolPrompt, QwenMatchesTheRealTemplate) {
    auto messages = withTools(ChatFamily::ChatML, conversation(ToolFormat::Hermes, true), kTimer, {});
    ASSERT_TRUE(messages) << messages.message();
    const std::string expected = fixture("qwen2.5_tools.txt");
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(applyChatTemplate(ChatFamily::ChatML, *messages, true), expected);
}

TEST(ToolPrompt, Llama32MatchesTheRealTemplate) {
    auto messages = withTools(ChatFamily::Llama3, conversation(ToolFormat::Llama3Json, false), kTimer, {});
    ASSERT_TRUE(messages) << messages.message();
    const std::string expected = fixture("llama3.2_tools.txt");
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(applyChatTemplate(ChatFamily::Llama3, *messages, true), expected);
}

TEST(ToolPrompt, ChatMLFallbackWithoutSystemPromptAndOtherFamiliesUseHermes) {
    const std::vector<ChatMessage> ask = {{"user", "Timer"}};
    auto messages = withTools(ChatFamily::Gemma, ask, kTimer, {});
    ASSERT_TRUE(messages);
    ASSERT_EQ(messages->size(), 2u);
    EXPECT_EQ((*messages)[0].role, "system");
    EXPECT_EQ((*messages)[0].content.rfind("You are a helpful assistant.\n\n# Tools", 0), 0u);
    EXPECT_NE((*messages)[0].content.find("<tools>\n{\"type\": \"function\""), std::string::npos);
    // Gemma has no system role: the block opens the user turn.
    const std::string text = applyChatTemplate(ChatFamily::Gemma, *messages, true);
    EXPECT_EQ(text.rfind("<start_of_turn>user\nYou are a helpful assistant.\n\n# Tools", 0), 0u);
    EXPECT_EQ(toolFormatFor(ChatFamily::Qwen3), ToolFormat::Hermes);
    EXPECT_EQ(toolFormatFor(ChatFamily::Llama3), ToolFormat::Llama3Json);
}

TEST(ToolPrompt, ChoiceNoneOffersNothingButConvertsResults) {
    ToolPromptOptions none;
    none.choice = ToolChoice::None;
    auto messages = withTools(ChatFamily::ChatML, conversation(ToolFormat::Hermes, false), kTimer, none);
    ASSERT_TRUE(messages);
    EXPECT_EQ((*messages)[0].content, "Be brief.");
    EXPECT_EQ(messages->back().role, "user");
    EXPECT_EQ(messages->back().content, "<tool_response>\n{\"ok\": true}\n</tool_response>");
}

TEST(ToolPrompt, BadToolsAreErrors) {
    const std::vector<ToolSpec> broken = {{"a", "x", "{not json"}};
    EXPECT_FALSE(withTools(ChatFamily::ChatML, conversation(ToolFormat::Hermes, false), broken, {}));
    const std::vector<ToolSpec> twice = {{"a", "x", ""}, {"a", "y", ""}};
    EXPECT_FALSE(withTools(ChatFamily::ChatML, conversation(ToolFormat::Hermes, false), twice, {}));
    EXPECT_FALSE(toolConstraint(ToolFormat::Hermes, broken, ToolChoice::Auto));
}

TEST(ToolPrompt, FormatsParallelCalls) {
    const std::vector<ToolCallText> calls = {{"a", R"({"x":1})"}, {"b", "{}"}};
    EXPECT_EQ(formatToolCalls(ToolFormat::Hermes, calls),
              "<tool_call>\n{\"name\": \"a\", \"arguments\": {\"x\": 1}}\n</tool_call>\n"
              "<tool_call>\n{\"name\": \"b\", \"arguments\": {}}\n</tool_call>");
    EXPECT_EQ(formatToolCalls(ToolFormat::Llama3Json, calls),
              "{\"name\": \"a\", \"parameters\": {\"x\": 1}}; {\"name\": \"b\", \"parameters\": {}}");
}

TEST(ToolConstraint, UnionSchemaAndTriggerPerFormatAndChoice) {
    const std::vector<ToolSpec> two = {kTimer[0], {"lights", "Switch the lights.", ""}};
    auto hermes = toolConstraint(ToolFormat::Hermes, two, ToolChoice::Auto);
    ASSERT_TRUE(hermes);
    EXPECT_EQ(hermes->trigger, "<tool_call>");
    auto schema = genie::parseJson(hermes->jsonSchema);
    ASSERT_TRUE(schema) << hermes->jsonSchema;
    const JsonValue* anyOf = schema->find("anyOf");
    ASSERT_TRUE(anyOf);
    ASSERT_EQ(anyOf->items.size(), 2u);
    EXPECT_EQ(anyOf->items[1].find("properties")->find("name")->find("const")->text, "lights");
    // The schema accepts a good call and rejects a wrong one.
    auto good = genie::parseJson(R"({"name":"set_timer","arguments":{"minutes":3}})");
    auto bad = genie::parseJson(R"({"name":"set_timer","arguments":{"minutes":0}})");
    EXPECT_TRUE(checkAgainstSchema(*good, *schema));
    EXPECT_FALSE(checkAgainstSchema(*bad, *schema));

    auto required = toolConstraint(ToolFormat::Hermes, two, ToolChoice::Required);
    EXPECT_TRUE(required->trigger.empty());
    EXPECT_EQ(required->jsonSchema, hermes->jsonSchema);
    auto llama = toolConstraint(ToolFormat::Llama3Json, two, ToolChoice::Required);
    EXPECT_NE(llama->jsonSchema.find("\"parameters\""), std::string::npos);
    EXPECT_TRUE(toolConstraint(ToolFormat::Llama3Json, two, ToolChoice::Auto)->jsonSchema.empty());
    EXPECT_TRUE(toolConstraint(ToolFormat::Hermes, two, ToolChoice::None)->jsonSchema.empty());
    EXPECT_EQ(parseToolChoice("required"), ToolChoice::Required);
    EXPECT_FALSE(parseToolChoice("sometimes"));
}

TEST(ToolJson, SchemaChecks) {
    auto schema = genie::parseJson(
        R"({"type":"object","properties":{"unit":{"type":"string","enum":["l","gal"]},)"
        R"("n":{"type":"number","maximum":10},"tags":{"type":"array","items":{"type":"string","maxLength":3},)"
        R"("maxItems":2},"on":{"type":"boolean"}},"required":["unit"]})");
    ASSERT_TRUE(schema);
    const auto check = [&](const char* text) {
        return bool(checkAgainstSchema(*genie::parseJson(text), *schema));
    };
    EXPECT_TRUE(check(R"({"unit":"l","n":2.5,"tags":["a","bc"],"on":true})"));
    EXPECT_FALSE(check(R"({"n":2})"));                            // required
    EXPECT_FALSE(check(R"({"unit":"m"})"));                       // enum
    EXPECT_FALSE(check(R"({"unit":"l","n":11})"));                // maximum
    EXPECT_FALSE(check(R"({"unit":"l","tags":["a","b","c"]})"));  // maxItems
    EXPECT_FALSE(check(R"({"unit":"l","tags":["abcd"]})"));       // maxLength
    EXPECT_FALSE(check(R"({"unit":"l","on":"yes"})"));            // type
    EXPECT_FALSE(check(R"({"unit":"l","extra":1})"));             // unknown property
    EXPECT_FALSE(check(R"({"unit":"l","n":1-2})"));               // not a JSON number
}

}  // namespace
}  // namespace peregrine
