// ThinkingFilter: a model's <think>...</think> never reaches the answer text, whatever the piece boundaries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/thinking_filter.h"

using namespace peregrine;

namespace {

std::string run(const std::vector<std::string>& pieces) {
    ThinkingFilter f;
    std::string out;
    for (const auto& p : pieces) out += f.push(p);
    return out + f.flush();
}

}  // namespace

TEST(ThinkingFilter, PassesPlainText) {
    EXPECT_EQ(run({"Turn left ", "in 300 ", "metres."}), "Turn left in 300 metres.");
    EXPECT_EQ(run({"a < b and <thin", "g> tags"}), "a < b and <thing> tags");
}

TEST(ThinkingFilter, DropsThinkingAndTheBlankAfterIt) {
    EXPECT_EQ(run({"<think>\n\n</think>\n\n", "Yes."}), "Yes.");
    EXPECT_EQ(run({"<think>", "the user wants", " a route", "</think>", "\n\nTake exit 12."}),
              "Take exit 12.");
    EXPECT_EQ(run({"Sure. <think>hidden</think> Done."}), "Sure. Done.");
}

TEST(ThinkingFilter, TagsSplitAcrossPieces) {
    EXPECT_EQ(run({"<", "th", "ink", ">secret</", "thi", "nk>", "ok"}), "ok");
    // Held text that turns out not to be a tag comes out later, in order.
    ThinkingFilter f;
    EXPECT_EQ(f.push("x <thi"), "x ");
    EXPECT_EQ(f.push("s"), "<this");
}

TEST(ThinkingFilter, UnclosedThinkingHidesTheRest) {
    ThinkingFilter f;
    EXPECT_EQ(f.push("<think>still going"), "");
    EXPECT_TRUE(f.thinking());
    EXPECT_EQ(f.flush(), "");
}
