#include <gtest/gtest.h>

#include "tokenizer/tokenizer.h"

namespace peregrine {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8StreamDecoder, HoldsBackSplitCharacters) {
    Utf8StreamDecoder d;
    const std::string emoji = "\xF0\x9F\x9A\x9A";  // U+1F69A, four bytes
    EXPECT_EQ(d.push("a\xF0"), "a");
    EXPECT_EQ(d.push("\x9F"), "");
    EXPECT_EQ(d.push("\x9A"), "");
    EXPECT_EQ(d.push("\x9A!"), emoji + "!");
    EXPECT_EQ(d.flush(), "");
}

TEST(Utf8StreamDecoder, InvalidBytesBecomeReplacementCharacters) {
    Utf8StreamDecoder d;
    EXPECT_EQ(d.push("x\xFFy"), "x" + kFffd + "y");
    EXPECT_EQ(d.push("\xE2\x82("), kFffd + "(");   // truncated sequence followed by ASCII: one U+FFFD
    EXPECT_EQ(d.push("\xC0\xAF"), kFffd + kFffd);  // overlong: each byte invalid
    EXPECT_EQ(d.push("\xE4\xB8"), "");
    EXPECT_EQ(d.flush(), kFffd);  // incomplete at the end of the stream
    EXPECT_EQ(d.push("ok"), "ok");
}

}  // namespace
}  // namespace peregrine
