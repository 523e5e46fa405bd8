#include <gtest/gtest.h>

#include "tokenizer/byte_encoding.h"
#include "tokenizer/unicode.h"

namespace peregrine {
namespace {

TEST(Unicode, ClassesOfCommonCodePoints) {
    EXPECT_TRUE(unicode::isLetter('a'));
    EXPECT_TRUE(unicode::isLetter(0x00E9));    // é
    EXPECT_TRUE(unicode::isLetter(0x4E2D));    // 中
    EXPECT_TRUE(unicode::isLetter(0x0430));    // Cyrillic а
    EXPECT_FALSE(unicode::isLetter(0x1F600));  // emoji
    EXPECT_TRUE(unicode::isNumber('7'));
    EXPECT_TRUE(unicode::isNumber(0x0663));  // Arabic-Indic three
    EXPECT_TRUE(unicode::isNumber(0x00BD));  // ½ (No)
    EXPECT_TRUE(unicode::isNumber(0x2167));  // Ⅷ (Nl)
    for (uint32_t ws : {0x09u, 0x0Au, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x1680u, 0x2003u, 0x2028u, 0x3000u}) {
        EXPECT_TRUE(unicode::isWhitespace(ws)) << std::hex << ws;
    }
    EXPECT_FALSE(unicode::isWhitespace(0x200B));  // zero width space is not White_Space
    EXPECT_EQ(unicode::flags('!'), unicode::Punctuation);
    EXPECT_EQ(unicode::flags('_'), unicode::Punctuation);
    EXPECT_EQ(unicode::flags('$'), 0);  // a symbol (Sc), not punctuation
    EXPECT_EQ(unicode::flags('+'), 0);
    EXPECT_EQ(unicode::flags(0x3001), unicode::Punctuation);  // 、 ideographic comma
    EXPECT_EQ(unicode::flags(0x00BF), unicode::Punctuation);  // ¿
    EXPECT_EQ(unicode::flags(0x110000), 0);
}

TEST(Unicode, StrictDecode) {
    uint32_t cp = 0;
    EXPECT_EQ(unicode::decode("\xC3\xA9", 0, cp), 2u);
    EXPECT_EQ(cp, 0xE9u);
    EXPECT_EQ(unicode::decode("\xF0\x9F\x98\x80", 0, cp), 4u);
    EXPECT_EQ(cp, 0x1F600u);
    EXPECT_EQ(unicode::decode("\xC0\xAF", 0, cp), 0u);          // overlong
    EXPECT_EQ(unicode::decode("\xED\xA0\x80", 0, cp), 0u);      // surrogate
    EXPECT_EQ(unicode::decode("\xF4\x90\x80\x80", 0, cp), 0u);  // > U+10FFFF
    EXPECT_EQ(unicode::decode("\xE2\x82", 0, cp), 0u);          // truncated
    EXPECT_EQ(unicode::validPrefixLength("\xE2\x82", 0), 2u);
    EXPECT_EQ(unicode::validPrefixLength("\xE2(", 0), 1u);
    EXPECT_EQ(unicode::validPrefixLength("\xFF", 0), 0u);
}

TEST(ByteEncoding, Gpt2AlphabetRoundTrips) {
    EXPECT_EQ(byte_encoding::symbolOf(' '), "\xC4\xA0");   // Ġ
    EXPECT_EQ(byte_encoding::symbolOf('\n'), "\xC4\x8A");  // Ċ
    EXPECT_EQ(byte_encoding::symbolOf('A'), "A");
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    std::string encoded;
    byte_encoding::encode(all, encoded);
    std::string decoded;
    byte_encoding::decode(encoded, decoded);
    EXPECT_EQ(decoded, all);
}

}  // namespace
}  // namespace peregrine
