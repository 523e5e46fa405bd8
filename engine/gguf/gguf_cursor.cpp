#include "gguf/gguf_cursor.h"

#include <cstdio>

namespace peregrine::gguf_detail {

Status truncatedError(const ByteCursor& c, uint64_t need, std::string_view what) {
    return Status::error("truncated file: " + std::string(what) + " at byte offset " +
                         std::to_string(c.pos()) + " needs " + std::to_string(need) +
                         " bytes but the file ends at " + std::to_string(c.size()) +
                         " (incomplete download?)");
}

Status readString(ByteCursor& c, std::string_view& out, std::string_view what) {
    const uint64_t start = c.pos();
    if (!c.has(sizeof(uint64_t))) return truncatedError(c, sizeof(uint64_t), std::string(what) + " length");
    const uint64_t len = c.take<uint64_t>();
    if (len > kMaxStringBytes) {
        return Status::error(std::string(what) + " at byte offset " + std::to_string(start) + " claims " +
                             std::to_string(len) + " bytes, over the 1 GiB string limit");
    }
    if (!c.has(len)) {
        return Status::error("truncated file: " + std::string(what) + " at byte offset " +
                             std::to_string(start) + " claims " + std::to_string(len) + " bytes but only " +
                             std::to_string(c.remaining()) + " remain before the end of the file at " +
                             std::to_string(c.size()));
    }
    out = std::string_view(reinterpret_cast<const char*>(c.here()), len);
    c.skip(len);
    return Status::ok();
}

std::string printable(std::string_view s) {
    constexpr size_t kMax = 80;
    std::string out;
    size_t i = 0;
    for (; i < s.size() && out.size() < kMax; ++i) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
            out += static_cast<char>(ch);
        } else if (ch >= 0x80) {
            out += static_cast<char>(ch);  // keep UTF-8 readable
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", ch);
            out += buf;
        }
    }
    if (i < s.size()) out += "...";
    return out;
}

}  // namespace peregrine::gguf_detail
