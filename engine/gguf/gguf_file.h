// Read-only view of a GGUF file (v2, v3) over mmap. Every count, size, offset, string and array is checked
// against the file before use; a malformed file yields an error naming what is wrong and where (byte offset,
// key or tensor name). Never a crash or abort on bad input.
//
// Ownership: GgufFile owns the mapping; string_views, spans and tensor data pointers it hands out stay valid
// for its lifetime. Thread-safety: immutable after open(); safe to read from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "gguf/mapped_file.h"
#include "quant/ggml_type.h"

namespace peregrine {

enum class GgufType : uint32_t {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};
const char* ggufTypeName(GgufType t);

// One metadata value. Scalars are widened; arrays keep a pointer to their packed elements in the file
// (arrays of strings are decoded into string_views; nested arrays are rejected by the reader).
struct GgufValue {
    GgufType type = GgufType::UInt8;
    uint64_t u = 0;        // unsigned integers and Bool
    int64_t i = 0;         // signed integers (also set for unsigned ones that fit)
    double f = 0.0;        // Float32 / Float64
    std::string_view str;  // String
    // Array:
    GgufType arrayType = GgufType::UInt8;
    uint64_t arrayCount = 0;
    const uint8_t* arrayData = nullptr;     // packed little-endian elements (non-string arrays)
    std::vector<std::string_view> strings;  // string arrays
};

struct GgufKv {
    std::string_view key;
    GgufValue value;
    uint64_t fileOffset = 0;  // where the key starts, for messages
};

struct GgufTensorInfo {
    std::string_view name;
    uint32_t nDims = 0;
    int64_t ne[4] = {1, 1, 1, 1};  // ne[0] is the contiguous (row) dimension
    GgmlType type = GgmlType::F32;
    uint64_t offset = 0;  // relative to the data section
    uint64_t nBytes = 0;
    const uint8_t* data = nullptr;  // inside the mapping
    int64_t elements() const { return ne[0] * ne[1] * ne[2] * ne[3]; }
    int64_t rows() const { return ne[1] * ne[2] * ne[3]; }
};

class GgufFile {
public:
    // Maps (or, InMemory, reads: see MappedFile) and validates a file. Tensor data extents are checked
    // against the file size (a truncated download is an error naming the first tensor whose data runs past
    // the end). InMemory copies start the tensor data on a 64-byte line (the header is read from a mapping
    // first to find it).
    static Result<std::unique_ptr<GgufFile>> open(const std::string& path,
                                                  Residency residency = Residency::Mapped);
    // Validates a buffer that the caller keeps alive (fuzzing, tests). Nothing is copied.
    static Result<std::unique_ptr<GgufFile>> fromMemory(const uint8_t* data, size_t size);
    ~GgufFile();
    GgufFile(const GgufFile&) = delete;
    GgufFile& operator=(const GgufFile&) = delete;

    uint32_t version() const { return m_version; }
    uint64_t fileSize() const { return m_size; }
    uint32_t alignment() const { return m_alignment; }
    uint64_t dataOffset() const { return m_dataOffset; }
    const std::string& path() const { return m_path; }
    // For files from open(): ok while the bytes are the file's as opened; otherwise an error naming the file
    // and what happened ("the model file 'x.gguf' changed on disk: it was truncated while in use"). Results
    // computed from the tensors after a damage are garbage and must be dropped. Always ok for fromMemory().
    Status checkIntact() const;
    // Ok while the path still names the opened file (a rename over it or a delete is reported; the opened
    // bytes stay valid).
    Status checkNotReplaced() const;

    const std::vector<GgufKv>& metadata() const { return m_kvs; }
    const GgufValue* find(std::string_view key) const;
    // Typed getters: nullopt when absent or of an incompatible type (any integer type converts to an integer
    // getter when the value fits; Float32/Float64 to getFloat).
    std::optional<uint64_t> getUint(std::string_view key) const;
    std::optional<int64_t> getInt(std::string_view key) const;
    std::optional<double> getFloat(std::string_view key) const;
    std::optional<bool> getBool(std::string_view key) const;
    std::optional<std::string_view> getString(std::string_view key) const;
    // Array accessors: nullopt when absent or the element type differs.
    const std::vector<std::string_view>* getStringArray(std::string_view key) const;
    std::optional<std::vector<float>> getFloatArray(std::string_view key) const;    // Float32 elements
    std::optional<std::vector<int32_t>> getInt32Array(std::string_view key) const;  // Int32 / UInt32 elements

    // Files opened InMemory: runs fn once, on the first call, while the private copy of the bytes is
    // writable, so that the model can rearrange tensor data in place for its kernels (model/decode_layout.h);
    // fn writes through the tensors' data pointers. Returns whether the bytes have been rearranged: true on
    // that call and every later one (fn not run again), false for mapped files and fromMemory() (fn never
    // runs). Thread: calls are serialised.
    bool rearrangeOnce(const std::function<void()>& fn) const;

    const std::vector<GgufTensorInfo>& tensors() const { return m_tensors; }
    const GgufTensorInfo* tensor(std::string_view name) const;

private:
    GgufFile() = default;
    Status parse();
    // Parse steps, in file order (gguf_parse.cpp, gguf_tensor_parse.cpp). Each assumes the previous
    // succeeded.
    Status parseMetadata(uint64_t& pos, uint64_t nKv);
    Status parseTensorInfos(uint64_t& pos, uint64_t nTensors);
    Status layoutTensorData(uint64_t endOfInfos);

    std::string m_path;
    const uint8_t* m_data = nullptr;
    uint64_t m_size = 0;
    std::unique_ptr<MappedFile> m_mapping;  // set by open(); owns the mmap
    mutable std::mutex m_rearrangeMutex;
    mutable bool m_rearranged = false;  // guarded by m_rearrangeMutex
    uint32_t m_version = 0;
    uint32_t m_alignment = 32;
    uint64_t m_dataOffset = 0;
    std::vector<GgufKv> m_kvs;
    std::vector<GgufTensorInfo> m_tensors;
    std::unordered_map<std::string_view, size_t> m_kvIndex;      // key -> index in m_kvs
    std::unordered_map<std::string_view, size_t> m_tensorIndex;  // name -> index in m_tensors
};

}  // namespace peregrine
