// UTF-8 and code point classes for the tokenizers. Pure functions, no state; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace peregrine::unicode {

// Punctuation: general category P* (ASCII: !"#%&'()*,-./:;?@[\]_{}), for the \p{P} of some pre-tokenizers.
enum CodePointFlag : uint8_t { Letter = 1, Number = 2, Whitespace = 4, Punctuation = 8 };

// One run of the generated class table (unicode_tables.cpp): code points from `first` up to the next run's
// first.
struct CodePointRun {
    uint32_t first;
    uint8_t flags;
};
extern const CodePointRun kCodePointRuns[];
extern const size_t kCodePointRunCount;

// Class flags of a code point (0 for symbols, controls, unassigned and values past U+10FFFF).
uint8_t flags(uint32_t cp);
inline bool isLetter(uint32_t cp) {
    return flags(cp) & Letter;
}
inline bool isNumber(uint32_t cp) {
    return flags(cp) & Number;
}
inline bool isWhitespace(uint32_t cp) {
    return flags(cp) & Whitespace;
}

// Byte length of the sequence a lead byte announces, from its high bits alone (1 for continuation and invalid
// bytes), as SentencePiece splits text into characters. Never 0.
inline size_t sequenceLength(uint8_t lead) {
    static constexpr uint8_t kLen[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return kLen[lead >> 4];
}

// Strict decode of one code point at text[pos]. Returns the number of bytes of a valid sequence (1..4) and
// sets cp; returns 0 for an invalid or truncated sequence (overlong forms, surrogates and values past
// U+10FFFF are invalid). pos must be < text.size().
size_t decode(std::string_view text, size_t pos, uint32_t& cp);

// Length of the longest prefix of text[pos..] that could still become a valid sequence with more bytes
// (0 when text[pos] cannot start one). Used by the streaming decoder to hold back incomplete characters.
size_t validPrefixLength(std::string_view text, size_t pos);

void appendUtf8(std::string& out, uint32_t cp);  // cp must be <= U+10FFFF

inline constexpr uint32_t kReplacementChar = 0xFFFD;

}  // namespace peregrine::unicode
