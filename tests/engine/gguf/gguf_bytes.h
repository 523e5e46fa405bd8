// Test helper: builds GGUF byte images field by field, so malformed files are written in the test that uses
// them (no committed binaries). Every writer appends little-endian data; nothing is validated here.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gguf/gguf_file.h"

namespace peregrine::test {

class GgufBytes {
public:
    template <typename T>
    GgufBytes& put(T v) {
        uint8_t b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        m_bytes.insert(m_bytes.end(), b, b + sizeof(T));
        return *this;
    }
    GgufBytes& u8(uint8_t v) { return put(v); }
    GgufBytes& u32(uint32_t v) { return put(v); }
    GgufBytes& i32(int32_t v) { return put(v); }
    GgufBytes& u64(uint64_t v) { return put(v); }
    GgufBytes& i64(int64_t v) { return put(v); }
    GgufBytes& f32(float v) { return put(v); }
    GgufBytes& raw(std::string_view s) {
        m_bytes.insert(m_bytes.end(), s.begin(), s.end());
        return *this;
    }
    GgufBytes& zeros(size_t n) {
        m_bytes.resize(m_bytes.size() + n, 0);
        return *this;
    }
    // gguf_string: u64 length + bytes.
    GgufBytes& str(std::string_view s) { return u64(s.size()).raw(s); }

    // Magic, version, tensor count, metadata count.
    GgufBytes& header(uint64_t nTensors, uint64_t nKv, uint32_t version = 3) {
        return raw("GGUF").u32(version).u64(nTensors).u64(nKv);
    }
    // Key and value type; the value follows through the plain writers.
    GgufBytes& key(std::string_view k, GgufType t) { return str(k).u32(static_cast<uint32_t>(t)); }
    GgufBytes& kvU32(std::string_view k, uint32_t v) { return key(k, GgufType::UInt32).u32(v); }
    GgufBytes& kvString(std::string_view k, std::string_view v) { return key(k, GgufType::String).str(v); }
    // Array header (type ARRAY, element type, count); the elements follow.
    GgufBytes& kvArray(std::string_view k, GgufType elem, uint64_t count) {
        return key(k, GgufType::Array).u32(static_cast<uint32_t>(elem)).u64(count);
    }
    GgufBytes& tensorInfo(std::string_view name, const std::vector<int64_t>& ne, uint32_t type,
                          uint64_t offset) {
        str(name).u32(static_cast<uint32_t>(ne.size()));
        for (int64_t n : ne) i64(n);
        return u32(type).u64(offset);
    }
    GgufBytes& padTo(size_t alignment) {
        m_bytes.resize((m_bytes.size() + alignment - 1) / alignment * alignment, 0);
        return *this;
    }

    size_t size() const { return m_bytes.size(); }
    const std::vector<uint8_t>& bytes() const { return m_bytes; }
    Result<std::unique_ptr<GgufFile>> parse() const {
        return GgufFile::fromMemory(m_bytes.data(), m_bytes.size());
    }

private:
    std::vector<uint8_t> m_bytes;
};

// Parses `bytes` and returns the error message ("" when the file was accepted, so a test can print it).
inline std::string parseError(const GgufBytes& b) {
    auto r = b.parse();
    return r ? std::string() : r.message();
}

// True when `message` contains every one of `parts` (test assertions print the message on failure).
inline bool mentions(const std::string& message, std::initializer_list<std::string_view> parts) {
    for (auto p : parts)
        if (message.find(p) == std::string::npos) return false;
    return !message.empty();
}

// A file with one tensor: header, the tensor info, padding to 32, then `dataBytes` zero bytes of data.
inline GgufBytes oneTensorFile(std::string_view name, const std::vector<int64_t>& ne, uint32_t type,
                               uint64_t offset, size_t dataBytes) {
    GgufBytes b;
    b.header(1, 0).tensorInfo(name, ne, type, offset).padTo(32).zeros(dataBytes);
    return b;
}

}  // namespace peregrine::test
