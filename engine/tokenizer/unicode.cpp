#include "tokenizer/unicode.h"

#include <algorithm>

namespace peregrine::unicode {

namespace {

// ASCII and Latin-1 are looked up directly; the rest by binary search over the runs.
struct Latin1Table {
    uint8_t flags[256];
    Latin1Table() {
        size_t run = 0;
        for (uint32_t cp = 0; cp < 256; ++cp) {
            while (run + 1 < kCodePointRunCount && kCodePointRuns[run + 1].first <= cp) ++run;
            flags[cp] = kCodePointRuns[run].flags;
        }
    }
};

// Accepted range of the second byte after a given lead byte (Unicode Table 3-7, well-formed UTF-8).
bool secondByteOk(uint8_t lead, uint8_t b) {
    switch (lead) {
        case 0xE0:
            return b >= 0xA0 && b <= 0xBF;
        case 0xED:
            return b >= 0x80 && b <= 0x9F;
        case 0xF0:
            return b >= 0x90 && b <= 0xBF;
        case 0xF4:
            return b >= 0x80 && b <= 0x8F;
        default:
            return b >= 0x80 && b <= 0xBF;
    }
}

size_t expectedLength(uint8_t lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

}  // namespace

uint8_t flags(uint32_t cp) {
    static const Latin1Table latin1;
    if (cp < 256) return latin1.flags[cp];
    if (cp > 0x10FFFF) return 0;
    const CodePointRun* end = kCodePointRuns + kCodePointRunCount;
    const CodePointRun* it = std::upper_bound(kCodePointRuns, end, cp,
                                              [](uint32_t v, const CodePointRun& r) { return v < r.first; });
    return (it - 1)->flags;
}

size_t decode(std::string_view text, size_t pos, uint32_t& cp) {
    const auto lead = static_cast<uint8_t>(text[pos]);
    const size_t n = expectedLength(lead);
    if (n == 0 || pos + n > text.size()) return 0;
    if (n == 1) {
        cp = lead;
        return 1;
    }
    if (!secondByteOk(lead, static_cast<uint8_t>(text[pos + 1]))) return 0;
    uint32_t v = lead & (0x7F >> n);
    for (size_t i = 1; i < n; ++i) {
        const auto b = static_cast<uint8_t>(text[pos + i]);
        if ((b & 0xC0) != 0x80) return 0;
        v = (v << 6) | (b & 0x3F);
    }
    cp = v;
    return n;
}

size_t validPrefixLength(std::string_view text, size_t pos) {
    const auto lead = static_cast<uint8_t>(text[pos]);
    const size_t n = expectedLength(lead);
    if (n == 0) return 0;
    size_t k = 1;
    while (k < n && pos + k < text.size()) {
        const auto b = static_cast<uint8_t>(text[pos + k]);
        const bool ok = k == 1 ? secondByteOk(lead, b) : (b & 0xC0) == 0x80;
        if (!ok) break;
        ++k;
    }
    return k;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace peregrine::unicode
