#include "tokenizer/byte_encoding.h"

#include <array>

#include "tokenizer/unicode.h"

namespace peregrine::byte_encoding {

namespace {

// Bytes that are printable Latin-1 stand for themselves; the others take U+0100, U+0101, ... in byte order.
struct Alphabet {
    std::array<std::string, 256> symbol;
    std::array<int16_t, 512> byteOfCp;  // every code point used is < 0x144
    Alphabet() {
        byteOfCp.fill(-1);
        uint32_t next = 256;
        for (uint32_t b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            const uint32_t cp = printable ? b : next++;
            unicode::appendUtf8(symbol[b], cp);
            byteOfCp[cp] = static_cast<int16_t>(b);
        }
    }
};

const Alphabet& alphabet() {
    static const Alphabet a;
    return a;
}

}  // namespace

const std::string& symbolOf(uint8_t b) {
    return alphabet().symbol[b];
}

int byteOf(uint32_t cp) {
    return cp < 512 ? alphabet().byteOfCp[cp] : -1;
}

void encode(std::string_view bytes, std::string& out) {
    const Alphabet& a = alphabet();
    for (char c : bytes) out += a.symbol[static_cast<uint8_t>(c)];
}

void decode(std::string_view symbols, std::string& out) {
    size_t pos = 0;
    while (pos < symbols.size()) {
        uint32_t cp = 0;
        const size_t n = unicode::decode(symbols, pos, cp);
        if (n == 0) {  // not UTF-8: pass the byte through
            out += symbols[pos++];
            continue;
        }
        const int b = byteOf(cp);
        if (b >= 0) {
            out += static_cast<char>(b);
        } else {
            out.append(symbols.substr(pos, n));
        }
        pos += n;
    }
}

}  // namespace peregrine::byte_encoding
