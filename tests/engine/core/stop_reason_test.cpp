// StopReason's text conversion: every value round-trips, the words are the ones old databases and the CLI's
// output hold, and text this version does not know reads as Unknown.
#include "core/stop_reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace peregrine;

TEST(StopReasonTest, EveryValueRoundTrips) {
    std::set<std::string_view> words;
    for (StopReason r : kAllStopReasons) {
        const std::string_view word = stopReasonText(r);
        EXPECT_EQ(stopReasonFromText(word), r) << "word '" << word << "'";
        EXPECT_TRUE(words.insert(word).second) << "two reasons share the word '" << word << "'";
    }
    // kAllStopReasons lists every enumerator once, in order (Unknown is the last one).
    for (size_t i = 0; i < kAllStopReasons.size(); ++i) EXPECT_EQ(static_cast<size_t>(kAllStopReasons[i]), i);
    EXPECT_EQ(kAllStopReasons.back(), StopReason::Unknown);
}

TEST(StopReasonTest, StoredWordsOfEarlierVersionsReadBack) {
    // The exact strings earlier versions wrote to messages.stop_reason and printed in `peregrine-cli run`.
    EXPECT_EQ(stopReasonFromText(""), StopReason::None);  // a row still generating
    EXPECT_EQ(stopReasonFromText("eog"), StopReason::EndOfText);
    EXPECT_EQ(stopReasonFromText("length"), StopReason::Length);
    EXPECT_EQ(stopReasonFromText("cancelled"), StopReason::Cancelled);
    EXPECT_EQ(stopReasonFromText("context"), StopReason::Context);
    EXPECT_EQ(stopReasonFromText("error"), StopReason::Error);
    EXPECT_EQ(stopReasonFromText("tool"), StopReason::Tool);
    EXPECT_EQ(stopReasonFromText("content_filter"), StopReason::ContentFilter);  // a server's reason, kept
    EXPECT_EQ(stopReasonText(StopReason::EndOfText), "eog");
    EXPECT_EQ(stopReasonText(StopReason::Cancelled), "cancelled");
    EXPECT_EQ(stopReasonText(StopReason::None), "");
}

TEST(StopReasonTest, UnknownTextIsUnknownNotAnotherReason) {
    for (const char* text : {"eos", "EOG", "Length", " length", "length ", "stop", "tool_calls", "cancel",
                             "\xff\xfe", "error\n"}) {
        EXPECT_EQ(stopReasonFromText(text), StopReason::Unknown) << "text '" << text << "'";
    }
    EXPECT_EQ(stopReasonFromText(std::string_view("eog\0x", 5)), StopReason::Unknown);
    EXPECT_EQ(stopReasonText(StopReason::Unknown), "unknown");
    // A value outside the enumerators (a corrupt byte) still has a printable word, not an empty or bad view.
    EXPECT_EQ(stopReasonText(static_cast<StopReason>(200)), "unknown");
}

TEST(StopReasonTest, UsableAtCompileTime) {
    static_assert(stopReasonFromText("length") == StopReason::Length);
    static_assert(stopReasonText(StopReason::Context) == "context");
    SUCCEED();
}
