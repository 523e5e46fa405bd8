// Writes GGUF v3 files: fixtures for tests, synthetic models, quantized output.
// Usage: add metadata and tensors (data copied, already in the tensor's on-disk type), then write().
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "gguf/gguf_file.h"

namespace peregrine {

class GgufWriter {
public:
    void setUint32(const std::string& key, uint32_t v);
    void setInt32(const std::string& key, int32_t v);
    void setUint64(const std::string& key, uint64_t v);
    void setFloat32(const std::string& key, float v);
    void setBool(const std::string& key, bool v);
    void setString(const std::string& key, const std::string& v);
    void setStringArray(const std::string& key, const std::vector<std::string>& v);
    void setFloat32Array(const std::string& key, const std::vector<float>& v);
    void setInt32Array(const std::string& key, const std::vector<int32_t>& v);
    // The remaining scalar types, so every GGUF value type can be written.
    void setUint8(const std::string& key, uint8_t v);
    void setInt8(const std::string& key, int8_t v);
    void setUint16(const std::string& key, uint16_t v);
    void setInt16(const std::string& key, int16_t v);
    void setInt64(const std::string& key, int64_t v);
    void setFloat64(const std::string& key, double v);
    // An array of `count` packed little-endian elements of a fixed-size elemType (not String or Array; BOOL
    // bytes must be 0/1). Fails when packed.size() != count * element size.
    Status setArray(const std::string& key, GgufType elemType, uint64_t count, std::vector<uint8_t> packed);
    // Any value as GgufFile decoded it (copying metadata from one file to another, e.g. when quantizing).
    // Fails only for values a reader never produces (nested arrays, bad element types).
    Status setValue(const std::string& key, const GgufValue& value);
    // ne: up to 4 dims, ne[0] contiguous; bytes must equal ggmlRowBytes(type, ne[0]) * rows.
    Status addTensor(const std::string& name, GgmlType type, std::vector<int64_t> ne,
                     std::vector<uint8_t> bytes);
    // Default 32, written as general.alignment (UINT32) only when not 32; must be a power of two <= 1 MiB or
    // write() fails and toBytes() returns an empty vector. A "general.alignment" key set through the setters
    // above is ignored: the alignment is owned here because it decides the data layout.
    void setAlignment(uint32_t alignment);

    // Writes to path (through a temporary file renamed into place). Streams tensor data; memory = one copy
    // of what was added. Fails (and toBytes() returns an empty vector) for a bad alignment or an empty key.
    Status write(const std::string& path) const;
    std::vector<uint8_t> toBytes() const;

    size_t tensorCount() const { return m_tensors.size(); }
    size_t metadataCount() const { return m_kvs.size(); }

private:
    struct Kv {
        std::string key;
        std::vector<uint8_t> encoded;  // type + value, already serialised
    };
    struct Tensor {
        std::string name;
        GgmlType type;
        std::vector<int64_t> ne;
        std::vector<uint8_t> bytes;
    };
    void setRaw(const std::string& key, std::vector<uint8_t> encoded);
    Status checkAlignment() const;  // and that no metadata key is empty
    // Header, metadata, tensor infos and the padding before the data section.
    std::vector<uint8_t> headBytes() const;
    std::vector<Kv> m_kvs;
    std::unordered_map<std::string, size_t> m_kvIndex;      // key -> index in m_kvs
    std::unordered_map<std::string, size_t> m_tensorIndex;  // name -> index in m_tensors
    std::vector<Tensor> m_tensors;
    uint32_t m_alignment = 32;
};

}  // namespace peregrine
