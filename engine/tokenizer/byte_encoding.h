// GPT-2 byte-level BPE alphabet (bytes_to_unicode): every byte is written as one printable code point, so
// vocab strings never hold raw control bytes or spaces ("Ġ" is the space, "Ċ" the newline).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace peregrine::byte_encoding {

// UTF-8 of the code point that stands for byte b.
const std::string& symbolOf(uint8_t b);
// The byte a code point stands for, or -1 when it is not part of the alphabet.
int byteOf(uint32_t cp);
// Appends the byte-level form of raw bytes.
void encode(std::string_view bytes, std::string& out);
// Appends the raw bytes of a byte-level string; code points outside the alphabet are copied as UTF-8.
void decode(std::string_view symbols, std::string& out);

}  // namespace peregrine::byte_encoding
