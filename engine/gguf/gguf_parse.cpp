// GgufFile::parse: header and metadata. Tensor infos and the data layout are in gguf_tensor_parse.cpp.
#include <algorithm>
#include <cstring>

#include "gguf/gguf_cursor.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_value.h"

namespace peregrine {

using namespace gguf_detail;

namespace {

constexpr uint64_t kMinKvBytes = 8 + 1 + 4 + 1;  // key length, 1-byte key, type, 1-byte value
constexpr uint64_t kMinTensorInfoBytes =
    8 + 1 + 4 + 8 + 4 + 8;  // name length, name, n_dims, ne[0], type, offset
constexpr uint64_t kMaxKvCount = 1ull << 20;
constexpr uint64_t kMaxTensorCount = 1ull << 20;

std::string hex32(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

Status checkVersion(uint32_t version) {
    if (version == 2 || version == 3) return Status::ok();
    if (version == 1) {
        return Status::error(
            "GGUF version 1 is not supported (a 2023 format with 32-bit sizes); re-convert the model with a "
            "current "
            "llama.cpp");
    }
    if (version == 0) return Status::error("invalid GGUF version 0 at byte offset 4");
    if ((version & 0xffffu) == 0) {
        return Status::error("GGUF version field " + hex32(version) +
                             " looks byte-swapped: big-endian GGUF files are not supported");
    }
    return Status::error("GGUF version " + std::to_string(version) +
                         " is newer than this build supports (versions 2 and 3)");
}

Status checkAlignment(const GgufKv& kv) {
    if (kv.value.type != GgufType::UInt32) {
        return Status::error("metadata key 'general.alignment' must be UINT32 but is " +
                             std::string(ggufTypeName(kv.value.type)) + " (at byte offset " +
                             std::to_string(kv.fileOffset) + ")");
    }
    const uint64_t a = kv.value.u;
    if (a == 0 || (a & (a - 1)) != 0) {
        return Status::error("general.alignment " + std::to_string(a) + " is not a power of two");
    }
    if (a > kMaxAlignment) {
        return Status::error("general.alignment " + std::to_string(a) + " is larger than the limit of " +
                             std::to_string(kMaxAlignment) + " bytes");
    }
    return Status::ok();
}

}  // namespace

Status GgufFile::parse() {
    ByteCursor c(m_data, m_size);
    if (m_size < 4) {
        return Status::error("not a GGUF file: only " + std::to_string(m_size) +
                             " bytes, too small for the 'GGUF' magic (truncated file?)");
    }
    if (std::memcmp(m_data, "GGUF", 4) != 0) {
        return Status::error("not a GGUF file: bad magic '" +
                             printable(std::string_view(reinterpret_cast<const char*>(m_data), 4)) +
                             "' at byte offset 0 (expected 'GGUF')");
    }
    c.skip(4);
    PEREGRINE_GGUF_TRY(readScalar(c, m_version, "header version"));
    PEREGRINE_GGUF_TRY(checkVersion(m_version));
    uint64_t nTensors = 0, nKv = 0;
    PEREGRINE_GGUF_TRY(readScalar(c, nTensors, "header tensor count"));
    PEREGRINE_GGUF_TRY(readScalar(c, nKv, "header metadata count"));

    // Bound both counts by what the rest of the file could hold before anything is allocated for them.
    if (nTensors > kMaxTensorCount) {
        return Status::error("header claims " + std::to_string(nTensors) +
                             " tensors, more than the limit of " + std::to_string(kMaxTensorCount));
    }
    if (nKv > kMaxKvCount) {
        return Status::error("header claims " + std::to_string(nKv) +
                             " metadata entries, more than the limit of " + std::to_string(kMaxKvCount));
    }
    if (nTensors * kMinTensorInfoBytes + nKv * kMinKvBytes > c.remaining()) {
        return Status::error("truncated file: header claims " + std::to_string(nKv) +
                             " metadata entries and " + std::to_string(nTensors) + " tensors but only " +
                             std::to_string(c.remaining()) + " bytes follow the 24-byte header");
    }
    uint64_t pos = c.pos();
    PEREGRINE_GGUF_TRY(parseMetadata(pos, nKv));
    PEREGRINE_GGUF_TRY(parseTensorInfos(pos, nTensors));
    return layoutTensorData(pos);
}

Status GgufFile::parseMetadata(uint64_t& pos, uint64_t nKv) {
    ByteCursor c(m_data, m_size, pos);
    m_kvs.reserve(std::min<uint64_t>(nKv, 1024));  // grows with what actually parses beyond that
    for (uint64_t k = 0; k < nKv; ++k) {
        const uint64_t start = c.pos();
        const std::string where = "metadata entry #" + std::to_string(k);
        GgufKv kv;
        kv.fileOffset = start;
        PEREGRINE_GGUF_TRY(readString(c, kv.key, "key of " + where));
        if (kv.key.empty()) {
            return Status::error(where + " at byte offset " + std::to_string(start) + " has an empty key");
        }
        const std::string keyText = "'" + printable(kv.key) + "'";
        if (auto it = m_kvIndex.find(kv.key); it != m_kvIndex.end()) {
            return Status::error("duplicate metadata key " + keyText + " at byte offset " +
                                 std::to_string(start) + " (first at byte offset " +
                                 std::to_string(m_kvs[it->second].fileOffset) + ")");
        }
        uint32_t type = 0;
        PEREGRINE_GGUF_TRY(readScalar(c, type, "value type of metadata key " + keyText));
        Status st = parseValue(c, type, kv.value);
        if (!st) {
            return Status::error("metadata key " + keyText + " (" + where + " at byte offset " +
                                 std::to_string(start) + "): " + st.message());
        }
        m_kvIndex.emplace(kv.key, m_kvs.size());
        m_kvs.push_back(std::move(kv));
    }
    if (const auto it = m_kvIndex.find("general.alignment"); it != m_kvIndex.end()) {
        PEREGRINE_GGUF_TRY(checkAlignment(m_kvs[it->second]));
        m_alignment = static_cast<uint32_t>(m_kvs[it->second].value.u);
    }
    pos = c.pos();
    return Status::ok();
}

}  // namespace peregrine
