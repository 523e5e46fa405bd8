// GgufWriter: serialises metadata and tensors as GGUF v3 (the layout llama.cpp's gguf writer produces).
#include "gguf/gguf_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "gguf/gguf_value.h"

namespace peregrine {

namespace {

constexpr std::string_view kAlignmentKey = "general.alignment";

template <typename T>
void put(std::vector<uint8_t>& out, T v) {
    uint8_t b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.insert(out.end(), b, b + sizeof(T));
}

void putString(std::vector<uint8_t>& out, std::string_view s) {
    put<uint64_t>(out, s.size());
    out.insert(out.end(), s.begin(), s.end());
}

template <typename T>
std::vector<uint8_t> scalar(GgufType type, T v) {
    std::vector<uint8_t> e;
    put<uint32_t>(e, static_cast<uint32_t>(type));
    put<T>(e, v);
    return e;
}

std::vector<uint8_t> arrayHeader(GgufType elemType, uint64_t count) {
    std::vector<uint8_t> e;
    put<uint32_t>(e, static_cast<uint32_t>(GgufType::Array));
    put<uint32_t>(e, static_cast<uint32_t>(elemType));
    put<uint64_t>(e, count);
    return e;
}

uint64_t padTo(uint64_t n, uint64_t a) {
    return (n + a - 1) / a * a;
}

bool writeAll(int fd, const uint8_t* p, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

}  // namespace

void GgufWriter::setRaw(const std::string& key, std::vector<uint8_t> encoded) {
    if (const auto it = m_kvIndex.find(key); it != m_kvIndex.end()) {
        m_kvs[it->second].encoded = std::move(encoded);  // setting a key again replaces its value in place
        return;
    }
    m_kvIndex.emplace(key, m_kvs.size());
    m_kvs.push_back({key, std::move(encoded)});
}

void GgufWriter::setUint8(const std::string& key, uint8_t v) {
    setRaw(key, scalar(GgufType::UInt8, v));
}
void GgufWriter::setInt8(const std::string& key, int8_t v) {
    setRaw(key, scalar(GgufType::Int8, v));
}
void GgufWriter::setUint16(const std::string& key, uint16_t v) {
    setRaw(key, scalar(GgufType::UInt16, v));
}
void GgufWriter::setInt16(const std::string& key, int16_t v) {
    setRaw(key, scalar(GgufType::Int16, v));
}
void GgufWriter::setUint32(const std::string& key, uint32_t v) {
    setRaw(key, scalar(GgufType::UInt32, v));
}
void GgufWriter::setInt32(const std::string& key, int32_t v) {
    setRaw(key, scalar(GgufType::Int32, v));
}
void GgufWriter::setUint64(const std::string& key, uint64_t v) {
    setRaw(key, scalar(GgufType::UInt64, v));
}
void GgufWriter::setInt64(const std::string& key, int64_t v) {
    setRaw(key, scalar(GgufType::Int64, v));
}
void GgufWriter::setFloat32(const std::string& key, float v) {
    setRaw(key, scalar(GgufType::Float32, v));
}
void GgufWriter::setFloat64(const std::string& key, double v) {
    setRaw(key, scalar(GgufType::Float64, v));
}
void GgufWriter::setBool(const std::string& key, bool v) {
    setRaw(key, scalar<uint8_t>(GgufType::Bool, v ? 1 : 0));
}

void GgufWriter::setString(const std::string& key, const std::string& v) {
    std::vector<uint8_t> e;
    put<uint32_t>(e, static_cast<uint32_t>(GgufType::String));
    putString(e, v);
    setRaw(key, std::move(e));
}

void GgufWriter::setStringArray(const std::string& key, const std::vector<std::string>& v) {
    std::vector<uint8_t> e = arrayHeader(GgufType::String, v.size());
    for (const auto& s : v) putString(e, s);
    setRaw(key, std::move(e));
}

void GgufWriter::setFloat32Array(const std::string& key, const std::vector<float>& v) {
    std::vector<uint8_t> e = arrayHeader(GgufType::Float32, v.size());
    for (float x : v) put<float>(e, x);
    setRaw(key, std::move(e));
}

void GgufWriter::setInt32Array(const std::string& key, const std::vector<int32_t>& v) {
    std::vector<uint8_t> e = arrayHeader(GgufType::Int32, v.size());
    for (int32_t x : v) put<int32_t>(e, x);
    setRaw(key, std::move(e));
}

Status GgufWriter::setArray(const std::string& key, GgufType elemType, uint64_t count,
                            std::vector<uint8_t> packed) {
    const uint64_t elemSize = gguf_detail::ggufScalarSize(static_cast<uint32_t>(elemType));
    if (elemSize == 0) {
        return Status::error("setArray('" + key + "'): element type " + ggufTypeName(elemType) +
                             " is not a fixed-size type (use setStringArray for strings; nested arrays are "
                             "not supported)");
    }
    if (count > packed.size() / elemSize || count * elemSize != packed.size()) {
        return Status::error("setArray('" + key + "'): " + std::to_string(packed.size()) +
                             " bytes given for " + std::to_string(count) + " " + ggufTypeName(elemType) +
                             " elements");
    }
    if (elemType == GgufType::Bool) {
        for (size_t k = 0; k < packed.size(); ++k)
            if (packed[k] > 1)
                return Status::error("setArray('" + key + "'): BOOL element " + std::to_string(k) +
                                     " is not 0 or 1");
    }
    std::vector<uint8_t> e = arrayHeader(elemType, count);
    e.insert(e.end(), packed.begin(), packed.end());
    setRaw(key, std::move(e));
    return Status::ok();
}

void GgufWriter::setAlignment(uint32_t alignment) {
    m_alignment = alignment;
}

Status GgufWriter::checkAlignment() const {
    const uint32_t a = m_alignment;
    if (a == 0 || (a & (a - 1)) != 0 || a > gguf_detail::kMaxAlignment) {
        return Status::error("GGUF alignment " + std::to_string(a) + " must be a power of two up to 1 MiB");
    }
    for (const auto& kv : m_kvs) {
        if (kv.key.empty()) return Status::error("GGUF metadata keys must not be empty");
    }
    return Status::ok();
}

Status GgufWriter::addTensor(const std::string& name, GgmlType type, std::vector<int64_t> ne,
                             std::vector<uint8_t> bytes) {
    const std::string what = "addTensor('" + gguf_detail::printable(name) + "'): ";
    if (name.empty() || name.size() > gguf_detail::kMaxTensorName) {
        return Status::error(what + "name must be 1..63 bytes, got " + std::to_string(name.size()));
    }
    if (m_tensorIndex.count(name)) return Status::error(what + "a tensor of that name was already added");
    if (ne.empty() || ne.size() > gguf_detail::kMaxDims) {
        return Status::error(what + "needs 1..4 dimensions, got " + std::to_string(ne.size()));
    }
    const auto traits = ggmlTypeTraits(static_cast<uint32_t>(type));
    if (!traits) return Status::error(what + "unknown type " + ggmlTypeName(type));
    for (size_t d = 0; d < ne.size(); ++d) {
        if (ne[d] < 0) return Status::error(what + "negative dimension ne[" + std::to_string(d) + "]");
    }
    if (!gguf_detail::shapeFitsInt64(ne.data(), ne.size())) return Status::error(what + "shape overflows");
    int64_t rows = 1;
    for (size_t d = 1; d < ne.size(); ++d) rows *= ne[d];  // fits: checked above
    if (ne[0] % traits->blockElems != 0) {
        return Status::error(what + "ne[0] = " + std::to_string(ne[0]) + " is not a multiple of the " +
                             traits->name + " block size " + std::to_string(traits->blockElems));
    }
    const uint64_t rowBytes = ggmlRowBytes(type, ne[0]);
    uint64_t expected = 0;
    if (__builtin_mul_overflow(rowBytes, static_cast<uint64_t>(rows), &expected) ||
        expected != bytes.size()) {
        return Status::error(what + std::to_string(bytes.size()) + " bytes given but a " + traits->name +
                             " tensor of this shape takes " + std::to_string(expected) + " bytes");
    }
    m_tensorIndex.emplace(name, m_tensors.size());
    m_tensors.push_back({name, type, std::move(ne), std::move(bytes)});
    return Status::ok();
}

std::vector<uint8_t> GgufWriter::headBytes() const {
    std::vector<uint8_t> out = {'G', 'G', 'U', 'F'};
    put<uint32_t>(out, 3);
    uint64_t nKv = m_alignment != 32 ? 1 : 0;
    for (const auto& kv : m_kvs) nKv += kv.key != kAlignmentKey;
    put<uint64_t>(out, m_tensors.size());
    put<uint64_t>(out, nKv);
    if (m_alignment != 32) {
        putString(out, kAlignmentKey);
        const auto e = scalar(GgufType::UInt32, m_alignment);
        out.insert(out.end(), e.begin(), e.end());
    }
    for (const auto& kv : m_kvs) {
        if (kv.key == kAlignmentKey) continue;
        putString(out, kv.key);
        out.insert(out.end(), kv.encoded.begin(), kv.encoded.end());
    }
    uint64_t offset = 0;
    for (const auto& t : m_tensors) {
        putString(out, t.name);
        put<uint32_t>(out, static_cast<uint32_t>(t.ne.size()));
        for (int64_t n : t.ne) put<int64_t>(out, n);
        put<uint32_t>(out, static_cast<uint32_t>(t.type));
        put<uint64_t>(out, offset);
        offset += padTo(t.bytes.size(), m_alignment);
    }
    out.resize(padTo(out.size(), m_alignment), 0);
    return out;
}

std::vector<uint8_t> GgufWriter::toBytes() const {
    if (!checkAlignment()) return {};
    std::vector<uint8_t> out = headBytes();
    for (const auto& t : m_tensors) {
        out.insert(out.end(), t.bytes.begin(), t.bytes.end());
        out.resize(padTo(out.size(), m_alignment), 0);
    }
    return out;
}

Status GgufWriter::write(const std::string& path) const {
    PEREGRINE_GGUF_TRY(checkAlignment());
    std::string tmp = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0)
        return Status::error("cannot create a temporary file next to '" + path +
                             "': " + std::strerror(errno));
    auto fail = [&](const std::string& what) {
        const std::string msg = what + " '" + tmp + "': " + std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        return Status::error(msg);
    };
    const std::vector<uint8_t> head = headBytes();
    if (!writeAll(fd, head.data(), head.size())) return fail("cannot write");
    const std::vector<uint8_t> zeros(m_alignment, 0);
    for (const auto& t : m_tensors) {
        if (!writeAll(fd, t.bytes.data(), t.bytes.size())) return fail("cannot write");
        const size_t pad = padTo(t.bytes.size(), m_alignment) - t.bytes.size();
        if (!writeAll(fd, zeros.data(), pad)) return fail("cannot write");
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) return fail("cannot finish");
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        return Status::error("cannot close '" + tmp + "': " + std::strerror(errno));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string msg = "cannot rename '" + tmp + "' to '" + path + "': " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return Status::error(msg);
    }
    return Status::ok();
}

}  // namespace peregrine
