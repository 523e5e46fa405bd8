// ToolCallStreamFilter: words pass as they stream, call text never does, a held answer is released when it
// was no call.
#include <gtest/gtest.h>

#include "toolcall/tool_stream_filter.h"

namespace peregrine {
namespace {

std::string feedAll(ToolCallStreamFilter& f, std::initializer_list<std::string_view> pieces) {
    std::string shown;
    for (std::string_view p : pieces) shown += f.feed(p);
    return shown;
}

TEST(ToolStreamFilter, HermesWordsThenCallSplitAcrossPieces) {
    ToolCallStreamFilter f(ToolFormat::Hermes);
    EXPECT_EQ(f.feed("Setting it"), "Setting it");
    EXPECT_EQ(f.feed(" now.\n<tool"), " now.\n");  // "<tool" could open the tag: held
    EXPECT_EQ(f.feed("_call>\n{\"name\": \"x\"}"), "");
    EXPECT_EQ(f.feed("</tool_call> more"), "");
    EXPECT_EQ(f.finish(true), "");
    EXPECT_EQ(f.text(), "Setting it now.\n<tool_call>\n{\"name\": \"x\"}</tool_call> more");
}

TEST(ToolStreamFilter, HermesHeldTailThatIsNoTagIsReleased) {
    ToolCallStreamFilter f(ToolFormat::Hermes);
    EXPECT_EQ(feedAll(f, {"a <to", "y> b"}), "a <toy> b");
    EXPECT_EQ(f.finish(false), "");
}

TEST(ToolStreamFilter, LeadingJsonIsHeldUntilTheEnd) {
    ToolCallStreamFilter call(ToolFormat::Llama3Json);
    EXPECT_EQ(feedAll(call, {" ", "{\"name\"", ": \"x\"}"}), "");
    EXPECT_EQ(call.finish(true), "");
    ToolCallStreamFilter words(ToolFormat::Llama3Json);
    EXPECT_EQ(feedAll(words, {"[Note]", " fine"}), "");
    EXPECT_EQ(words.finish(false), "[Note] fine");
    ToolCallStreamFilter plain(ToolFormat::Llama3Json);
    EXPECT_EQ(feedAll(plain, {"It is ", "<5 km"}), "It is <5 km");
}

}  // namespace
}  // namespace peregrine
