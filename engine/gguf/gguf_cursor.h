// Internal to peregrine_gguf: a bounds-checked little-endian cursor over a byte buffer, plus helpers that
// turn failed reads into readable Status messages. Never reads outside [data, data + size).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/status.h"

namespace peregrine::gguf_detail {

static_assert(std::endian::native == std::endian::little, "the GGUF reader assumes a little-endian host");

inline constexpr uint64_t kMaxStringBytes = 1ull << 30;  // per string
inline constexpr uint64_t kMaxArrayBytes = 1ull << 30;   // per array payload
inline constexpr uint64_t kMaxAlignment = 1ull << 20;
inline constexpr uint64_t kMaxTensorName = 63;  // ggml GGML_MAX_NAME (64) minus the NUL
inline constexpr uint32_t kMaxDims = 4;

class ByteCursor {
public:
    // Precondition: pos <= size.
    ByteCursor(const uint8_t* data, uint64_t size, uint64_t pos = 0)
        : m_data(data), m_size(size), m_pos(pos) {}

    uint64_t pos() const { return m_pos; }
    uint64_t size() const { return m_size; }
    uint64_t remaining() const { return m_size - m_pos; }
    bool has(uint64_t n) const { return n <= m_size - m_pos; }
    const uint8_t* here() const { return m_data + m_pos; }

    // Precondition: has(sizeof(T)).
    template <typename T>
    T take() {
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return v;
    }
    // Precondition: has(n).
    void skip(uint64_t n) { m_pos += n; }

private:
    const uint8_t* m_data;
    uint64_t m_size;
    uint64_t m_pos;
};

// "truncated file: <what> at byte offset P needs N bytes but the file ends at S (incomplete download?)"
Status truncatedError(const ByteCursor& c, uint64_t need, std::string_view what);

// Reads a fixed-size little-endian integer or float, or returns a truncation error naming `what`.
template <typename T>
Status readScalar(ByteCursor& c, T& out, std::string_view what) {
    if (!c.has(sizeof(T))) return truncatedError(c, sizeof(T), what);
    out = c.take<T>();
    return Status::ok();
}

// Reads a gguf_string (u64 length + bytes, no NUL) as a view into the buffer. Checks the 1 GiB cap and the
// remaining bytes before touching the payload.
Status readString(ByteCursor& c, std::string_view& out, std::string_view what);

// True when the product of the non-zero dimensions fits int64, so that every partial product (elements(),
// rows(), in any order) is representable, even when some dimension is 0. Precondition: ne[d] >= 0.
inline bool shapeFitsInt64(const int64_t* ne, size_t nDims) {
    int64_t p = 1;
    for (size_t d = 0; d < nDims; ++d)
        if (ne[d] != 0 && __builtin_mul_overflow(p, ne[d], &p)) return false;
    return true;
}

// For messages: the text with non-printable bytes escaped as \xNN and cut to about 80 characters.
std::string printable(std::string_view s);

}  // namespace peregrine::gguf_detail

#define PEREGRINE_GGUF_TRY(expr)                   \
    do {                                           \
        ::peregrine::Status pgTryStatus_ = (expr); \
        if (!pgTryStatus_) return pgTryStatus_;    \
    } while (0)
