// Writes GGUF v3 files: fixtures for tests, synthetic models, quantized output.
// Usage: add metadata and tensors (data copied, already in the tensor's on-disk type), then write().
#pragma once

#include <cstdint>
#include <string>
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
    // ne: up to 4 dims, ne[0] contiguous; bytes must equal ggmlRowBytes(type, ne[0]) * rows.
    Status addTensor(const std::string& name, GgmlType type, std::vector<int64_t> ne, std::vector<uint8_t> bytes);
    void setAlignment(uint32_t alignment);  // default 32, written as general.alignment only when not 32

    // Writes to path (through a temporary file renamed into place). Streams tensor data; memory = one copy
    // of what was added.
    Status write(const std::string& path) const;
    std::vector<uint8_t> toBytes() const;

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
    std::vector<Kv> m_kvs;
    std::vector<Tensor> m_tensors;
    uint32_t m_alignment = 32;
};

}  // namespace peregrine
